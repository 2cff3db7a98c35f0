"""The rows a chunk of mutations reads, loaded in a handful of queries for the whole chunk."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from popup.domain.protocol.actions import Checkin, Checkout, Payload
from popup_sync import crud
from popup_sync.changes import sharing_libraries
from popup_sync.core.db import member
from popup_sync.models import Item, Loan, Patron, PatronAlias


class Cache:
    """The rows a chunk of mutations reads, loaded in a handful of queries for the whole chunk.

    Without it a checkout costs a dozen round trips (item, patron, open loans, later loans,
    the patron's loans, ...). The items are locked ``FOR UPDATE`` in id order as they are
    loaded, so no other transaction changes their loans while the chunk runs, and the chunk
    keeps the cached lists up to date as it adds and closes loans. Kinds that touch loans in
    other ways (undo, renew) call :meth:`forget`, and lookups fall back to queries.
    """

    def __init__(self, session: Session, library_id: int) -> None:
        self.session = session
        self.library_id = library_id
        self.items: dict[str, Item | None] = {}
        self.patrons: dict[str, Patron | None] = {}
        #: item id -> (since, its open loans and all its loans out after since).
        self.item_loans: dict[int, tuple[datetime, list[Loan]]] = {}
        #: patron id -> (loan, item type) of open loans known at load time or made since.
        self.patron_loans: dict[int, list[tuple[Loan, str]]] = {}
        self.loan_ids: set[str] = set()
        #: Loan ids looked up at load time: those not in loan_ids do not exist.
        self.checked_ids: set[str] = set()
        self._keep: list[object] = []
        self._visible: list[int] | None = None

    def visible(self) -> list[int]:
        """This library, then the libraries sharing their catalogue (lowest id first)."""
        if self._visible is None:
            # A list of ids, not a subquery: with one PostgreSQL scans every item.
            shared = sharing_libraries(self.session, self.library_id)
            self._visible = [self.library_id, *shared]
        return self._visible

    def forget(self) -> None:
        self.patrons.clear()
        self.item_loans.clear()
        self.patron_loans.clear()
        self.loan_ids.clear()
        self.checked_ids.clear()

    def load(self, payloads: Iterable[Payload]) -> None:
        session, lib = self.session, self.library_id
        barcodes: set[str] = set()
        cards: set[str] = set()
        loan_ids: set[str] = set()
        times: list[datetime] = []
        for p in payloads:
            # Any kind naming an item, a card or a loan (sign-ups and scans name cards too).
            barcode, card, loan_id = (
                getattr(p, n, None) for n in ("item_barcode", "patron_card", "loan_id")
            )
            if barcode is not None:
                barcodes.add(barcode)
            if card:
                cards.add(card)
            if loan_id:
                loan_ids.add(loan_id)
            if isinstance(p, Checkout):
                times.append(p.out_at)
            elif isinstance(p, Checkin):
                times.append(p.returned_at)
        if barcodes:
            self.items.update(dict.fromkeys(barcodes))
            self.items.update(find_items(session, self.visible(), sorted(barcodes)))
        if cards:
            self.patrons.update(dict.fromkeys(cards))
            for patron in session.scalars(
                select(Patron).where(
                    Patron.library_id == lib, member(session, Patron.card_number, sorted(cards))
                )
            ):
                self.patrons[patron.card_number] = patron
            missing = sorted(c for c in cards if self.patrons[c] is None)
            if missing:
                for alias, patron in session.execute(
                    select(PatronAlias.card_number, Patron)
                    .join(Patron, Patron.id == PatronAlias.patron_id)
                    .where(
                        PatronAlias.library_id == lib,
                        member(session, PatronAlias.card_number, missing),
                    )
                ).all():
                    self.patrons[alias] = patron
        if loan_ids:
            # Loans named by the chunk land in the identity map; session.get finds them there.
            wanted = sorted(loan_ids)
            found = session.scalars(select(Loan).where(member(session, Loan.id, wanted))).all()
            self._keep += found  # the identity map holds rows weakly
            self.loan_ids = {loan.id for loan in found}
            self.checked_ids = loan_ids
        item_ids = [i.id for i in self.items.values() if i is not None]
        if item_ids and times:
            since = min(times)
            self.item_loans = {i: (since, []) for i in item_ids}
            for loan in session.scalars(
                select(Loan).where(
                    member(session, Loan.item_id, item_ids),
                    (Loan.returned_at.is_(None)) | (Loan.out_at > since),
                )
            ):
                self.item_loans[loan.item_id][1].append(loan)
            # Their borrowers, for the rules' view of each loan (identity map, no query later).
            borrowers = {x.patron_id for _, loans in self.item_loans.values() for x in loans}
            if borrowers:
                self._keep += session.scalars(
                    select(Patron).where(member(session, Patron.id, borrowers))
                ).all()
        patron_ids = [p.id for p in self.patrons.values() if p is not None]
        if patron_ids:
            self.patron_loans = {i: [] for i in patron_ids}
            for loan, item_type in session.execute(
                select(Loan, Item.item_type)
                .join(Item, Item.id == Loan.item_id)
                .where(member(session, Loan.patron_id, patron_ids), Loan.returned_at.is_(None))
            ).all():
                self.patron_loans[loan.patron_id].append((loan, item_type))

    # -- lookups (cached, else queried) ---------------------------------------------------------

    def item(self, barcode: str) -> Item | None:
        if barcode not in self.items:
            found = find_items(self.session, self.visible(), [barcode])
            self.items[barcode] = found.get(barcode)
        return self.items[barcode]

    def patron(self, card: str) -> Patron | None:
        if card not in self.patrons:
            self.patrons[card] = crud.find_patron(
                session=self.session, library_id=self.library_id, card=card
            )
        return self.patrons[card]

    def loan_exists(self, loan_id: str) -> bool:
        if loan_id in self.loan_ids:
            return True
        if loan_id in self.checked_ids:
            return False
        return self.session.get(Loan, loan_id) is not None

    def loans_of_item(self, item: Item, since: datetime) -> list[Loan]:
        """The item's open loans and every loan of it out after ``since``."""
        cached = self.item_loans.get(item.id)
        if cached is not None and since >= cached[0]:
            return cached[1]
        self.session.flush()
        loans = list(
            self.session.scalars(
                select(Loan).where(
                    Loan.item_id == item.id,
                    (Loan.returned_at.is_(None)) | (Loan.out_at > since),
                )
            )
        )
        self.item_loans[item.id] = (since, loans)
        return loans

    def open_loans_of(self, patron: Patron) -> list[tuple[Loan, str]]:
        if patron.id not in self.patron_loans:
            self.session.flush()
            self.patron_loans[patron.id] = [
                (loan, item_type)
                for loan, item_type in self.session.execute(
                    select(Loan, Item.item_type)
                    .join(Item, Item.id == Loan.item_id)
                    .where(Loan.patron_id == patron.id, Loan.returned_at.is_(None))
                ).all()
            ]
        return [(x, t) for x, t in self.patron_loans[patron.id] if x.returned_at is None]

    def added(self, loan: Loan, item: Item) -> None:
        self.loan_ids.add(loan.id)
        if item.id in self.item_loans:
            self.item_loans[item.id][1].append(loan)
        if loan.patron_id in self.patron_loans and loan.returned_at is None:
            self.patron_loans[loan.patron_id].append((loan, item.item_type))


def find_items(session: Session, libraries: list[int], barcodes: list[str]) -> dict[str, Item]:
    """The items a device of ``libraries[0]`` means by these barcodes, locked in id order.

    ``libraries`` lists the libraries it sees in order of precedence (see :meth:`Cache.visible`):
    the first one holding a barcode wins, as in what pull serves, so desk and server agree.
    """
    rows = session.scalars(
        select(Item)
        .where(Item.library_id.in_(libraries), member(session, Item.barcode, barcodes))
        .order_by(Item.id)
        .with_for_update()
    ).all()
    rank = {lib: n for n, lib in enumerate(libraries)}
    found: dict[str, Item] = {}
    for item in sorted(rows, key=lambda i: rank[i.library_id]):
        found.setdefault(item.barcode, item)
    return found
