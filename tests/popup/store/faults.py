"""Real faults for the store's tests: killed writers, another process's lock, read-only files
and folders, damaged pages. Imported as ``tests.popup.store.faults``."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from popup.store import cipher
from tests.helpers import raw

WORKER = Path(__file__).with_name("burst_worker.py")
ROOT = Path(__file__).resolve().parents[3]
PAGE = 4096


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_and_kill(path: Path, actions_before_kill: int) -> list[list[str]]:
    """Run burst_worker.py on the store at ``path`` and SIGKILL it mid-burst; the actions it
    reported as committed, as ``[seq, kind, barcode, loan_id]``."""
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    reported = []
    for _ in range(actions_before_kill):
        reported.append(proc.stdout.readline().split())
    os.kill(proc.pid, signal.SIGKILL)  # mid-burst: it is already writing the next action
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    reported += [line.split() for line in proc.stdout.read().splitlines() if line.strip()]
    proc.stdout.close()
    return reported


_HOLDER = """
import sqlcipher3, sys
con = sqlcipher3.connect(sys.argv[1], isolation_level=None)
if sys.argv[3]:
    con.execute('PRAGMA key = "' + sys.argv[3] + '"')
con.execute(sys.argv[2])
print("holding", flush=True)
sys.stdin.read()
"""


@contextlib.contextmanager
def held(path: Path, statement: str = "BEGIN IMMEDIATE") -> Iterator[None]:
    """Another real process holds ``path`` with ``statement`` (a write lock by default)
    until the block ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path), statement, _key_sql(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        assert proc.stdout.readline().strip() == "holding"
        yield
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
        proc.stdout.close()


@contextlib.contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make files or folders read-only for real until the block ends: without write
    permission for an ordinary user; for root (who ignores permissions) immutable, which
    refuses even root."""
    done: list[tuple[Path, int]] = []
    try:
        for path in paths:
            mode = path.stat().st_mode
            if os.geteuid() == 0:
                subprocess.run(["chattr", "+i", str(path)], check=True)
            else:
                path.chmod(stat.S_IMODE(mode) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
            done.append((path, mode))
        yield
    finally:
        for path, mode in reversed(done):
            if os.geteuid() == 0:
                subprocess.run(["chattr", "-i", str(path)], check=True)
            else:
                path.chmod(stat.S_IMODE(mode))


def _key_sql(path: Path) -> str:
    key = None if cipher.is_plain(path) else raw.key_of(path)
    return key.sql() if key is not None else ""


def table_pages(path: Path, table: str) -> list[int]:
    """The root page of ``table``'s b-tree in the store file itself (not its journal): a small
    table's only page. (SQLCipher has no ``dbstat``; an encrypted page keeps its number.)"""
    con = raw.connect(path, query="mode=ro&immutable=1")
    try:
        rows = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        return [int(row[0]) for row in rows]
    finally:
        con.close()


def scribble(path: Path, pages: list[int]) -> None:
    """Overwrite ``pages`` of the file with garbage, as a failing disk would."""
    assert pages
    with path.open("r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * PAGE)
            fh.write(b"\xff" * PAGE)
        fh.flush()
        os.fsync(fh.fileno())


def run_python(code: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh Python process (where limits such as RLIMIT_FSIZE apply to it
    alone), with this checkout's ``popup`` importable."""
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=False,
    )
