"""How long a large MARC21 file takes to import (the target: 100,000 records in under 60 s).

Builds a file of realistic catalogue records with pymarc (about 25 fields each: control
fields, 040, 082, 100, 245, 250, 264, 300, 490, 500, 520, several 650s, 700, 942 and one or
two Koha 952 item fields, some text with diacritics), imports it into a fresh store and prints
the records per second. A second run of the same file measures the update (upsert) path.

    python benchmarks/marc_import.py                 # 100,000 records
    python benchmarks/marc_import.py --records 5000  # a quick look
    python benchmarks/marc_import.py --file big.mrc  # write it once, reuse it next time
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from pymarc import Field, Indicators, Record, Subfield

from popup.interop.marc import import_marc
from popup.store.db import Store

_WORDS = (
    "river",
    "garden",
    "winter",
    "café",
    "lantern",
    "orchard",
    "journey",
    "north",
    "island",
    "letters",
    "kitchen",
    "naïve",
    "meadow",
    "tide",
    "market",
    "valley",
    "crossing",
    "compass",
    "sparrow",
    "season",
    "map",
    "field",
    "harbour",
    "Ångström",
    "señora",
    "déjà",
    "vu",
    "station",
    "mountain",
    "bridge",
    "forest",
    "daughter",
    "kingdom",
)
_SUBJECTS = ("Cooking", "Gardening", "History", "Astronomy", "Fiction", "Travel", "Music")


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def make_record(rng: random.Random, number: int) -> Record:
    def df(tag: str, ind: str, *pairs: tuple[str, str]) -> Field:
        return Field(
            tag=tag,
            indicators=Indicators(ind[0], ind[1]),
            subfields=[Subfield(code, value) for code, value in pairs],
        )

    record = Record(force_utf8=True)
    record.add_field(Field(tag="001", data=f"{number:09d}"))
    record.add_field(Field(tag="003", data="POPUP"))
    record.add_field(Field(tag="005", data="20260101120000.0"))
    record.add_field(Field(tag="008", data="260101s2020    xxu           000 1 eng d"))
    record.add_field(df("020", "  ", ("a", f"978{rng.randrange(10**9, 10**10)} (pbk.)")))
    record.add_field(df("040", "  ", ("a", "DLC"), ("b", "eng"), ("c", "DLC")))
    record.add_field(df("082", "04", ("a", f"{rng.randrange(0, 999)}.{rng.randrange(0, 99)}")))
    record.add_field(df("100", "1 ", ("a", f"{_words(rng, 1).title()}, {_words(rng, 1)},")))
    record.add_field(
        df(
            "245",
            "14",
            ("a", f"The {_words(rng, 3)} :"),
            ("b", f"{_words(rng, 4)} /"),
            ("c", "by someone."),
        )
    )
    record.add_field(df("250", "  ", ("a", "2nd ed.")))
    record.add_field(df("264", " 1", ("a", "New York :"), ("b", "Publisher,"), ("c", "2020.")))
    record.add_field(
        df("300", "  ", ("a", "320 pages :"), ("b", "illustrations ;"), ("c", "24 cm"))
    )
    record.add_field(df("490", "0 ", ("a", f"The {_words(rng, 2)} series ;"), ("v", "3")))
    record.add_field(df("500", "  ", ("a", f"Includes {_words(rng, 6)}.")))
    record.add_field(df("520", "  ", ("a", _words(rng, 40) + ".")))
    for _ in range(3):
        record.add_field(df("650", " 0", ("a", rng.choice(_SUBJECTS)), ("v", "Juvenile fiction.")))
    record.add_field(df("700", "1 ", ("a", f"{_words(rng, 1).title()}, {_words(rng, 1)}.")))
    record.add_field(df("942", "  ", ("c", "BOOK")))
    for copy in range(1 + (number % 5 == 0)):
        record.add_field(
            df(
                "952",
                "  ",
                ("0", "0"),
                ("1", "0"),
                ("4", "0"),
                ("7", "0"),
                ("a", "MAIN"),
                ("b", "MAIN"),
                ("c", "GEN"),
                ("d", "2020-01-01"),
                ("o", f"FIC {_words(rng, 1)[:3].upper()}"),
                ("p", f"3{number:08d}{copy:05d}"),
                ("y", rng.choice(("BOOK", "BOOK", "DVD", "PICTURE_BOOK"))),
            )
        )
    return record


def write_file(path: Path, records: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    with path.open("wb") as fh:
        for number in range(records):
            fh.write(make_record(rng, number).as_marc())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds allowed")
    parser.add_argument(
        "--file", type=Path, help="MARC file to use; written first if it does not exist"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        marc = args.file or base / "collection.mrc"
        if not marc.exists():
            started = time.monotonic()
            write_file(marc, args.records)
            print(
                f"wrote {args.records} records ({marc.stat().st_size / 1e6:.1f} MB) in"
                f" {time.monotonic() - started:.1f}s"
            )
        store = Store.open(base / "popup.sqlite3")
        try:
            cpu = time.process_time()
            first = import_marc(store, marc)
            cpu_first = time.process_time() - cpu
            print(f"first import:  {first.summary()}")
            print(
                f"  {first.seconds:.1f}s wall ({cpu_first:.1f}s CPU),"
                f" {first.records / first.seconds:,.0f} records/s"
            )
            cpu = time.process_time()
            again = import_marc(store, marc)
            cpu_again = time.process_time() - cpu
            print(f"second import (same file): {again.summary()}")
            print(
                f"  {again.seconds:.1f}s wall ({cpu_again:.1f}s CPU),"
                f" {again.records / again.seconds:,.0f} records/s"
            )
        finally:
            store.close()
    ok = max(first.seconds, again.seconds) < args.budget and not first.problems
    print(("PASS" if ok else "FAIL") + f": budget {args.budget:.0f}s for {first.records} records")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
