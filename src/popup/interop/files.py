"""Writing export files so that a crash never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from popup.interop import InteropError
from popup.store.startup import fsync_dir


def atomic_write(path: Path, data: bytes, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` whole or not at all.

    The bytes go to a temporary file in the same directory, which is flushed to disk and then
    renamed over ``path``: a reader (or a crash) sees the old file or the complete new one.
    Raises :class:`InteropError` naming the problem (directory missing, no permission, disk
    full, or ``path`` exists and ``overwrite`` is false).
    """
    directory = path.parent
    if not overwrite and path.exists():
        raise InteropError(
            f"{path} already exists; choose another name (an earlier export may not have been"
            " uploaded yet)."
        )
    if not directory.is_dir():
        raise InteropError(f"Cannot write {path}: the folder {directory} does not exist.")
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_dir(directory)
    except OSError as exc:
        raise InteropError(f"Cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
