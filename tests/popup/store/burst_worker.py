"""Subprocess for test_crash.py: circulation actions as fast as possible, reporting each one
on stdout only after its transaction committed. Run as: python burst_worker.py STORE_FILE"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from sqlalchemy import select

from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import Item, Patron


def main() -> None:
    store = Store.open(Path(sys.argv[1]))
    desk = Desk(store)
    with store.read() as session:
        cards = list(
            session.scalars(
                select(Patron.card_number).where(
                    Patron.manual_block.is_(False), Patron.fines_owed_cents <= 500
                )
            )
        )
        barcodes = list(
            session.scalars(select(Item.barcode).where(Item.item_type.in_(["BOOK", "AUDIOBOOK"])))
        )
    rng = random.Random(1)
    out: dict[str, str] = {}  # barcode -> loan id
    print("ready", flush=True)
    while True:
        barcode = rng.choice(barcodes)
        if barcode in out:
            result = desk.checkin(barcode)
            print(f"{result.seq} checkin {barcode} {out.pop(barcode)}", flush=True)
        else:
            loan = desk.checkout(rng.choice(cards), barcode, override_reason="burst test")
            out[barcode] = loan.loan_id
            print(f"{loan.seq} checkout {barcode} {loan.loan_id}", flush=True)


if __name__ == "__main__":
    main()
