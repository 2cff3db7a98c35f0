"""How long the server's nightly MARC import takes (``popup-sync admin import-marc``).

Writes the same realistic catalogue file as ``marc_import.py`` (one or two Koha 952 items per
record), then runs ``popup-sync admin import-marc`` as a process, as a nightly job does, on a
fresh SQLite file and on a scratch PostgreSQL database: the first import, the same file again
(nothing changes, nothing is logged), and a file without 1% of the records (their items
withdrawn). Prints wall seconds, records per second, the change-log entries each run wrote and
how long its one write transaction took (what devices' pushes could wait behind).

    python benchmarks/server_ils_import.py                  # 100,000 records
    python benchmarks/server_ils_import.py --records 10000  # a quick look
    python benchmarks/server_ils_import.py --sqlite-only
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import func, select

from popup_sync import crud
from popup_sync.core.db import Database
from popup_sync.models import Change, Library

sys.path.insert(0, str(Path(__file__).resolve().parent))
from marc_import import make_record

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def write(path: Path, records: int, skip_every: int = 0) -> None:
    rng = random.Random(5)
    with path.open("wb") as fh:
        for number in range(records):
            record = make_record(rng, number)  # drawn for every number: the same records
            if skip_every and number % skip_every == 0:
                continue
            fh.write(record.as_marc())


def logged(db: Database, code: str) -> int:
    with db.read() as s:
        library = s.scalar(select(Library).where(Library.code == code))
        assert library is not None
        count = s.scalar(
            select(func.count()).select_from(Change).where(Change.library_id == library.id)
        )
        return int(count or 0)


def run(url: str, label: str, files: list[tuple[str, Path]]) -> None:
    db = Database(url)
    db.migrate()
    db.run_write(lambda s: crud.create_library(session=s, code="MAIN", name="Main"))
    before = logged(db, "MAIN")
    for name, path in files:
        started = time.monotonic()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "popup_sync.cli",
                "admin",
                "--database",
                url,
                "import-marc",
                "--library",
                "MAIN",
                str(path),
            ],
            capture_output=True,
            text=True,
        )
        seconds = time.monotonic() - started
        summary = [line for line in done.stdout.splitlines() if " records read: " in line]
        after = logged(db, "MAIN")
        records = int(summary[0].split()[0]) if summary else 0
        print(f"{label} {name}: {seconds:.1f}s wall, {records / seconds:,.0f} records/s,")
        written = [line for line in done.stderr.splitlines() if "one transaction" in line]
        print(f"    {after - before} change-log entries; exit {done.returncode}")
        print(f"    {written[-1] if written else 'no write'}")
        print(f"    {summary[0] if summary else done.stderr.strip()[-300:]}")
        before = after
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        full, short = base / "full.mrc", base / "short.mrc"
        started = time.monotonic()
        write(full, args.records)
        write(short, args.records, skip_every=100)
        print(
            f"wrote {args.records} records ({full.stat().st_size / 1e6:.1f} MB) and the same"
            f" less 1% in {time.monotonic() - started:.1f}s"
        )
        files = [("first import", full), ("same file again", full), ("1% missing", short)]
        run(f"sqlite:///{base / 'server.db'}", "SQLite", files)
        if args.sqlite_only:
            return 0
        scratch = f"popup_sync_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{scratch}"')
        try:
            run(f"postgresql+psycopg://postgres@127.0.0.1:5432/{scratch}", "PostgreSQL", files)
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
