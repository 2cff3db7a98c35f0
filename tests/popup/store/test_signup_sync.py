"""A temporary card through the REAL sync server: the server gives a real number, the patron's
loans follow it, the printed temporary card keeps working, and personal data leaves the laptop.

Uses the shared server and laptop helpers (``tests.helpers``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from popup.domain import signup as rules
from popup.domain.cards import qr_payload
from popup.store import signup as store_signup
from popup.store.circulation import Desk
from popup.store.models import CardRange, Loan, OutboxEntry, Patron, PatronAlias
from tests.helpers.laptops import Laptop


def test_temporary_card_is_replaced_on_sync_and_loans_follow(server: Any, tmp_path: Path) -> None:
    laptop = Laptop(tmp_path, "bookmobile-t")
    try:
        laptop.enroll(server)
        assert laptop.sync().ok
        # Every block used up (as after a busy day far from signal).
        with laptop.store.transaction() as session:
            session.execute(update(CardRange).values(next=CardRange.last + 1))
        cfg = laptop.desk.config
        clean = rules.validate(
            rules.SignupForm(
                name="Tomás Offline",
                date_of_birth="1988-07-09",
                email="tomas@example.org",
                address="4 Harbor Road",
                consent=True,
            ),
            today=datetime.now(UTC).date(),
            bands=cfg.category_bands,
            required=cfg.signup_required_fields,
            card_format=cfg.card_format,
        )
        done = store_signup.register(laptop.store, clean)
        assert done.temporary and done.card_number.startswith("T")
        desk = Desk(laptop.store)
        books = laptop.available_barcodes()[:2]
        loans = [desk.checkout(qr_payload(done.card_number), b).loan_id for b in books]

        report = laptop.sync()
        assert report.ok, report.error
        assert laptop.waiting() == 0

        with laptop.store.read() as session:
            patron = session.scalar(select(Patron).where(Patron.name == "Tomás Offline"))
            assert patron is not None
            real = patron.card_number
            assert real != done.card_number and real.isdigit() and not patron.temporary
            alias = session.get(PatronAlias, done.card_number)
            assert alias is not None and alias.patron_id == patron.id
            owners = set(session.scalars(select(Loan.patron_id).where(Loan.id.in_(loans))))
            assert owners == {patron.id}
            # Personal data left the laptop once the server had it.
            assert patron.email is None and patron.address is None
            assert patron.date_of_birth is None and patron.personal_erased_at is not None
            entry = session.get(OutboxEntry, done.seq)
            assert entry is not None
            assert "tomas@example.org" not in entry.payload
            assert json.loads(entry.payload)["personal_erased"] is True
        # The printed temporary card still finds the patron, with both loans.
        view = Desk(laptop.store).find_patron(qr_payload(done.card_number))
        assert view.card_number == real and len(view.loans) == 2
        assert real in server.patron_cards()
        assert set(server.open_loans()) >= set(books)
    finally:
        laptop.close()
