"""The rows a chunk of mutations reads, loaded in a handful of queries for the whole chunk."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from popup.domain.protocol.actions import Checkin, Checkout, Payload
from popup_sync.apply.scope import LibraryScope
from popup_sync.models import Item, Loan, Patron


class Cache:
    """The rows a chunk of mutations reads, loaded in a handful of queries for the whole chunk.

    Without it a checkout costs a dozen round trips (item, patron, open loans, later loans,
    the patron's loans, ...). The items are locked ``FOR UPDATE`` in id order as they are
    loaded, so no other transaction changes their loans while the chunk runs, and the chunk
    keeps the cached lists up to date as it adds and closes loans. Kinds that touch loans in
    other ways (undo, renew) call :meth:`forget`, and lookups fall back to queries.

    Every row comes from :attr:`scope` (the device's library's :class:`LibraryScope`).
    """

    def __init__(self, session: Session, library_id: int) -> None:
        self.session = session
        self.library_id = library_id
        self.scope = LibraryScope(session, library_id)
        self.items: dict[str, Item | None] = {}
        self.patrons: dict[str, Patron | None] = {}
        #: item id -> (since, its open loans and all its loans out after since).
        self.item_loans: dict[int, tuple[datetime, list[Loan]]] = {}
        #: patron id -> (loan, item type) of open loans known at load time or made since.
        self.patron_loans: dict[int, list[tuple[Loan, str]]] = {}
        #: Loan ids known to be taken (any library's: the ids are unique server-wide).
        self.loan_ids: set[str] = set()
        #: Loan ids looked up at load time: those not in loan_ids do not exist.
        self.checked_ids: set[str] = set()
        self._keep: list[object] = []

    def visible(self) -> list[int]:
        return self.scope.visible()

    def forget(self) -> None:
        self.patrons.clear()
        self.item_loans.clear()
        self.patron_loans.clear()
        self.loan_ids.clear()
        self.checked_ids.clear()

    def load(self, payloads: Iterable[Payload]) -> None:
        scope = self.scope
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
            self.items.update(scope.items(sorted(barcodes)))
        if cards:
            self.patrons.update(dict.fromkeys(cards))
            self.patrons.update(scope.patrons(sorted(cards)))
        if loan_ids:
            # This library's loans named by the chunk land in the identity map.
            wanted = sorted(loan_ids)
            self._keep += scope.loans(wanted)  # the identity map holds rows weakly
            self.loan_ids = scope.taken_loan_ids(wanted)
            self.checked_ids = loan_ids
        item_ids = [i.id for i in self.items.values() if i is not None]
        if item_ids and times:
            since = min(times)
            self.item_loans = {i: (since, []) for i in item_ids}
            for loan in scope.item_loans(item_ids, since):
                self.item_loans[loan.item_id][1].append(loan)
            # Their borrowers, for the rules' view of each loan (identity map, no query later).
            self._keep += scope.preload_borrowers(
                x for _, loans in self.item_loans.values() for x in loans
            )
        patron_ids = [p.id for p in self.patrons.values() if p is not None]
        if patron_ids:
            self.patron_loans = {i: [] for i in patron_ids}
            for loan, item_type in scope.open_loans_of(patron_ids):
                self.patron_loans[loan.patron_id].append((loan, item_type))

    # -- lookups (cached, else asked of the scope) -----------------------------------------------

    def item(self, barcode: str) -> Item | None:
        if barcode not in self.items:
            self.items[barcode] = self.scope.items([barcode]).get(barcode)
        return self.items[barcode]

    def patron(self, card: str) -> Patron | None:
        if card not in self.patrons:
            self.patrons[card] = self.scope.patron(card)
        return self.patrons[card]

    def loan_exists(self, loan_id: str) -> bool:
        """Is the id taken by any loan (of any library: a new loan cannot use it)?"""
        if loan_id in self.loan_ids:
            return True
        if loan_id in self.checked_ids:
            return False
        return self.scope.loan_id_taken(loan_id)

    def loans_of_item(self, item: Item, since: datetime) -> list[Loan]:
        """The item's open loans and every loan of it out after ``since``."""
        cached = self.item_loans.get(item.id)
        if cached is not None and since >= cached[0]:
            return cached[1]
        loans = self.scope.item_loans([item.id], since)
        self.item_loans[item.id] = (since, loans)
        return loans

    def open_loans_of(self, patron: Patron) -> list[tuple[Loan, str]]:
        if patron.id not in self.patron_loans:
            self.patron_loans[patron.id] = self.scope.open_loans_of([patron.id])
        return [(x, t) for x, t in self.patron_loans[patron.id] if x.returned_at is None]

    def added(self, loan: Loan, item: Item) -> None:
        self.loan_ids.add(loan.id)
        if item.id in self.item_loans:
            self.item_loans[item.id][1].append(loan)
        if loan.patron_id in self.patron_loans and loan.returned_at is None:
            self.patron_loans[loan.patron_id].append((loan, item.item_type))
