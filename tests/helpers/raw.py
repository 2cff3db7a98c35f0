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
