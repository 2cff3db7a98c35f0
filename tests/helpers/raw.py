"""Raw connections to store files in tests, as Popup makes them: with the store's key when it
has a key record (:mod:`popup.store.keys`), plain otherwise (a file a test builds by hand)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from popup.store import cipher, keys


def key_of(store: Path) -> keys.StoreKey | None:
    """The key of the store at ``store``; a copy without a key record of its own (a backup, a
    recovery's copy) takes the key of the nearest store record in its folder or above; None
    when there is none."""
    record = keys.read_record(store)
    if record is not None:
        return keys.load(record, store)
    for folder in store.parents:
        for found in sorted(folder.glob("*.cipher.json")):
            owner = found.with_name(found.name.removesuffix(".cipher.json"))
            return key_of(owner)
    return None


def connect(
    path: Path, *, store: Path | None = None, query: str = "", **kw: Any
) -> sqlite3.Connection:
    """A connection to ``path`` with the key of ``store`` (default: ``path`` itself); ``query``
    opens it as a ``file:`` URI with those parameters (``mode=ro&immutable=1``)."""
    key = None if cipher.is_plain(path) else key_of(store or path)
    if query:
        return cipher.connect(path.absolute().as_uri() + "?" + query, key, uri=True, **kw)
    return cipher.connect(path, key, **kw)


#: SQLCipher 4's page layout: 4096-byte pages ending in 80 reserved bytes (a 16-byte IV, then
#: the HMAC); page 1 starts with the file's 16-byte salt instead of SQLite's header.
PAGE, RESERVE, IV, SALT = 4096, 80, 16, 16
WAL_HEADER, FRAME_HEADER = 32, 24


def decrypted(path: Path, key: keys.StoreKey) -> bytes:
    """Every page of the encrypted store file (or its ``-wal``: every frame) at ``path``,
    decrypted, free pages included: what SQLite's own pages hold, as a plain file would show
    them (for tests of what a page or the journal still holds after an erasure)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    data = path.read_bytes()
    secret = bytes.fromhex(key.hex())
    if path.name.endswith("-wal"):
        step = FRAME_HEADER + PAGE
        frames = range(WAL_HEADER, len(data) - step + 1, step)
        pages = [(off + FRAME_HEADER, int.from_bytes(data[off : off + 4], "big")) for off in frames]
    else:
        pages = [(off, off // PAGE + 1) for off in range(0, len(data) - PAGE + 1, PAGE)]
    out = []
    for off, number in pages:
        page = data[off : off + PAGE]
        start = SALT if number == 1 else 0
        iv = page[PAGE - RESERVE : PAGE - RESERVE + IV]
        decryptor = Cipher(algorithms.AES(secret), modes.CBC(iv)).decryptor()
        out.append(decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize())
    return b"".join(out)
