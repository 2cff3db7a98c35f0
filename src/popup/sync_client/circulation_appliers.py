"""Patrons, items and loans: most of a snapshot, and where the overlay matters most.

Items and patrons are upserted in bulk (one ``executemany`` per run of them); an open loan is
applied once its patron and item are here, and a downloaded open loan closes an older local copy
of the item's loan unless that copy is a pending local checkout's. A returned loan only closes
the laptop's own copy, without its patron (#17: ``popup.store.forget``).
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from popup.domain.circulation import ClosedReason
from popup.domain.protocol.entities import Entity, LoanData, PatronData
from popup.store import signup
from popup.store.models import Item, Loan, Patron, PatronAlias, SyncShadow
from popup.sync_client import rows
from popup.sync_client.applier_base import ApplierBase, Row


class CirculationApplier(ApplierBase):
    def _patrons(self, group: list[Row]) -> None:
        plain: list[PatronData] = []
        for row in group:
            if row.data is None:
                self._flush_patrons(plain)
                self._delete(Patron, Patron.card_number == row.key)
            else:
                plain.append(cast(PatronData, row.data))
        self._flush_patrons(plain)

    def _flush_patrons(self, patrons: list[PatronData]) -> None:
        if not patrons:
            return
        rows.upsert_patrons(self.s, patrons)
        self.stats.applied += len(patrons)
        for patron in patrons:
            if patron.aliases:
                self._aliases(patron)
        patrons.clear()

    def _aliases(self, patron: PatronData) -> None:
        key = patron.card_number
        pid = self.s.scalar(select(Patron.id).where(Patron.card_number == key))
        if pid is None:
            return
        for alias in patron.aliases:
            if alias == key:
                continue
            old = self.s.scalar(select(Patron).where(Patron.card_number == alias))
            if old is not None:
                if self.pending.hides(Entity.PATRON, alias):
                    continue  # signed up here and not yet acknowledged: keep it apart
                # Merged at the consortium (or a temporary card replaced): one patron here
                # too, the old number still finds them.
                merge_patron(self.s, old, pid)
            _alias(self.s, alias, pid)
        for lost in patron.lost_cards:  # refused at this desk from now on (#15)
            self.s.execute(
                update(PatronAlias)
                .where(PatronAlias.card_number == lost.card_number)
                .values(lost_at=lost.lost_at)
            )

    def _items(self, group: list[Row]) -> None:
        plain: list[rows.ItemValues] = []
        for row in group:
            if row.data is None:
                self._flush_items(plain)
                self._delete(Item, Item.barcode == row.key)
            else:
                plain.append(row.data)
        self._flush_items(plain)

    def _flush_items(self, items: list[rows.ItemValues]) -> None:
        if items:
            rows.upsert_items(self.s, items)
            self.stats.applied += len(items)
            items.clear()

    def _loans(self, group: list[Row]) -> None:
        upserts = [
            d
            for d in (cast(LoanData, r.data) for r in group if r.data is not None)
            if d.returned_at is None
        ]
        patrons, items = self._ids(
            {d.patron_card for d in upserts}, {d.item_barcode for d in upserts}
        )
        for row in group:
            if row.data is None:
                self._delete(Loan, Loan.id == row.key)
                continue
            data = cast(LoanData, row.data)
            if data.returned_at is not None:
                self._returned(row.key, data)
                continue
            patron_id, item_id = patrons.get(data.patron_card), items.get(data.item_barcode)
            if patron_id is None or item_id is None:
                # Its patron or item has not arrived yet (or is outside this laptop's library).
                self._wait(row)
                continue
            if not self._closes_older(row.key, data, item_id):
                self._wait(row)  # a local checkout of this item is still waiting: it stays
                continue
            values = rows.loan_row(data, patron_id, item_id)
            stmt = sqlite_insert(Loan).values(id=row.key, **values)
            self.s.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))
            self.stats.applied += 1

    def _returned(self, loan_id: str, data: LoanData) -> None:
        """A loan the server has as returned: it closes the laptop's copy, if the laptop has
        one, without saying whose it was. One the laptop never had is not kept: nothing here
        needs another loan's history, and it would name a patron with an item (#17)."""
        changed = self.s.execute(
            update(Loan).where(Loan.id == loan_id).values(**rows.closed_loan_row(data))
        )
        # An older open copy waiting for its patron or item is out of date now: drop it, or it
        # would come back as an open loan once they arrive.
        self.s.execute(
            delete(SyncShadow).where(
                SyncShadow.entity == Entity.LOAN.value, SyncShadow.key == loan_id
            )
        )
        if getattr(changed, "rowcount", 0):
            self.stats.applied += 1
        else:
            self.stats.skipped += 1

    def _closes_older(self, loan_id: str, data: LoanData, item_id: int) -> bool:
        """The server's word: the item is out on this loan, so an older open copy is closed.
        False (nothing changed) when that copy is a pending local checkout's."""
        others = (
            self.s.execute(
                select(Loan.id).where(
                    Loan.item_id == item_id, Loan.returned_at.is_(None), Loan.id != loan_id
                )
            )
            .scalars()
            .all()
        )
        if any(other in self.pending.loans for other in others):
            return False
        if others:
            self.s.execute(
                update(Loan)
                .where(Loan.id.in_(others))
                .values(
                    returned_at=data.out_at,
                    closed_reason=ClosedReason.CLOSED_BY_CHECKOUT.value,
                    synced=True,
                )
            )
        return True

    def _ids(self, cards: set[str], barcodes: set[str]) -> tuple[dict[str, int], dict[str, int]]:
        """Patron ids by card number or alias, item ids by barcode: one query each, per page."""
        patrons: dict[str, int] = {}
        items: dict[str, int] = {}
        if cards:
            patrons.update(
                self.s.execute(
                    select(PatronAlias.card_number, PatronAlias.patron_id).where(
                        PatronAlias.card_number.in_(cards)
                    )
                ).all()
            )
            patrons.update(
                self.s.execute(
                    select(Patron.card_number, Patron.id).where(Patron.card_number.in_(cards))
                ).all()
            )
        if barcodes:
            items.update(
                self.s.execute(
                    select(Item.barcode, Item.id).where(Item.barcode.in_(barcodes))
                ).all()
            )
        return patrons, items


def _alias(session: Session, card: str, patron_id: int) -> None:
    stmt = sqlite_insert(PatronAlias).values(card_number=card, patron_id=patron_id)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["card_number"], set_={"patron_id": stmt.excluded.patron_id}
        )
    )


def merge_patron(session: Session, old: Patron, into_id: int) -> None:
    """Move ``old``'s loans and aliases to patron ``into_id`` and delete ``old``."""
    session.execute(update(Loan).where(Loan.patron_id == old.id).values(patron_id=into_id))
    session.execute(
        update(PatronAlias).where(PatronAlias.patron_id == old.id).values(patron_id=into_id)
    )
    session.delete(old)
    session.flush()


def replace_card(session: Session, temporary: str, real: str) -> None:
    """Move a temporary card's patron to the real number the server gave it.

    :func:`popup.store.signup.replace_temporary_card` does it (:class:`SignupError` when the
    patron is not a temporary one); when the real number's patron already arrived by download,
    the two rows are merged here (loans move to the real row, the temporary number stays as an
    alias).
    """
    temp_patron = session.scalar(select(Patron).where(Patron.card_number == temporary))
    if temp_patron is None:
        return  # already replaced (a resend), or never on this laptop
    real_id = session.scalar(select(Patron.id).where(Patron.card_number == real))
    if real_id is None:
        signup.replace_temporary_card(session, temporary, real)
        return
    merge_patron(session, temp_patron, real_id)
    _alias(session, temporary, real_id)
