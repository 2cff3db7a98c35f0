"""The one way an applier reads library-owned rows: :class:`LibraryScope`.

Every row a device's action may read or change is looked up here, for the pushing device's
library, so a foreign id (another library's loan, patron card, stop, event, mutation) is found
exactly as often as an unknown one: never. The one widening is the shared catalogue
(``Library.shares_catalogue``): an item barcode also finds an item of a library that shares,
and that item's own loans are seen so a hand-over can close them (the item is physically here).
Such a loan is *touched*, never *shown*: :meth:`LibraryScope.shows` keeps its id out of every
outcome, and :meth:`LibraryScope.borrower` does not give its patron.

``tests/sync/apply/test_scope.py`` parses the other apply modules and fails if one of them
queries a library-owned model itself, so a new applier cannot go around this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import exists, func, literal, select
from sqlalchemy.orm import Session

from popup.domain.holds import ACTIVE
from popup_sync.changes import sharing_libraries
from popup_sync.core.db import member
from popup_sync.models import (
    AppliedMutation,
    Attendance,
    Branch,
    ClosedDay,
    Event,
    Hold,
    InHouseUse,
    Item,
    Loan,
    LoanRuleRow,
    Patron,
    PatronAlias,
    Stop,
)

Row = TypeVar("Row", Stop, Event)

#: The hold statuses still to be met (``popup.domain.holds.ACTIVE``).
ACTIVE_HOLDS = sorted(status.value for status in ACTIVE)


class LibraryScope:
    """What the device's library may see: its own rows, and the items of sharing libraries."""

    def __init__(self, session: Session, library_id: int) -> None:
        self.session = session
        self.library_id = library_id
        self._visible: list[int] | None = None

    # -- the rule --------------------------------------------------------------------------------

    def visible(self) -> list[int]:
        """This library, then the libraries sharing their catalogue (lowest id first)."""
        if self._visible is None:
            # A list of ids, not a subquery: with one PostgreSQL scans every item.
            shared = sharing_libraries(self.session, self.library_id)
            self._visible = [self.library_id, *shared]
        return self._visible

    def shows(self, loan: Loan) -> bool:
        """May the device see this loan's id (in an outcome's detail)? Only its own loans."""
        return loan.library_id == self.library_id

    # -- items (the shared catalogue included) ---------------------------------------------------

    def items(self, barcodes: Sequence[str]) -> dict[str, Item]:
        """The items a device means by these barcodes, locked ``FOR UPDATE`` in id order.

        The first visible library holding a barcode wins, as in what pull serves, so the desk
        and the server agree.
        """
        libraries = self.visible()
        rows = self.session.scalars(
            select(Item)
            .where(Item.library_id.in_(libraries), member(self.session, Item.barcode, barcodes))
            .order_by(Item.id)
            .with_for_update()
        ).all()
        rank = {lib: n for n, lib in enumerate(libraries)}
        found: dict[str, Item] = {}
        for item in sorted(rows, key=lambda i: rank[i.library_id]):
            found.setdefault(item.barcode, item)
        return found

    def item_of(self, loan: Loan) -> Item:
        """A seen loan's item, locked ``FOR UPDATE`` before its loans change."""
        item = self.session.scalar(select(Item).where(Item.id == loan.item_id).with_for_update())
        assert item is not None  # a foreign key
        return item

    def item_type_of(self, loan: Loan) -> str:
        item = self.session.get(Item, loan.item_id)
        return item.item_type if item is not None else ""

    def item_loans(self, item_ids: Sequence[int], since: datetime) -> list[Loan]:
        """Open loans of these (visible) items and every loan of them out after ``since``.

        Any library's: a hand-over or a return closes whatever loan the item is on."""
        self.session.flush()
        return list(
            self.session.scalars(
                select(Loan).where(
                    member(self.session, Loan.item_id, item_ids),
                    (Loan.returned_at.is_(None)) | (Loan.out_at > since),
                )
            )
        )

    def open_loan(self, item: Item) -> Loan | None:
        """The (visible) item's open loan, whichever library lent it."""
        return self.session.scalar(
            select(Loan).where(Loan.item_id == item.id, Loan.returned_at.is_(None))
        )

    # -- patrons ---------------------------------------------------------------------------------

    def patrons(self, cards: Sequence[str]) -> dict[str, Patron]:
        """This library's patrons by card number, or by an old number kept as an alias."""
        found = {
            p.card_number: p
            for p in self.session.scalars(
                select(Patron).where(
                    Patron.library_id == self.library_id,
                    member(self.session, Patron.card_number, cards),
                )
            )
        }
        missing = sorted(c for c in cards if c not in found)
        if missing:
            for alias, patron in self.session.execute(
                select(PatronAlias.card_number, Patron)
                .join(Patron, Patron.id == PatronAlias.patron_id)
                .where(
                    PatronAlias.library_id == self.library_id,
                    Patron.library_id == self.library_id,
                    member(self.session, PatronAlias.card_number, missing),
                )
            ).all():
                found[alias] = patron
        return found

    def patron(self, card: str) -> Patron | None:
        return self.patrons([card]).get(card)

    def lost_at(self, card: str) -> datetime | None:
        """When this library's card ``card`` was reported lost (None: it was not)."""
        return self.session.scalar(
            select(PatronAlias.lost_at).where(
                PatronAlias.library_id == self.library_id,
                PatronAlias.card_number == card,
                PatronAlias.reason == "lost",
            )
        )

    def card_taken(self, card: str) -> bool:
        """Is ``card`` a card or an alias of any of this library's patrons?"""
        return self.patron(card) is not None

    def lose_card(self, patron: Patron, card: str, at: datetime) -> None:
        """Keep ``card`` as ``patron``'s lost alias from ``at`` (an alias it was stays one)."""
        alias = self.session.get(PatronAlias, (self.library_id, card))
        if alias is None:
            self.session.add(
                PatronAlias(
                    library_id=self.library_id,
                    card_number=card,
                    patron_id=patron.id,
                    reason="lost",
                    lost_at=at,
                )
            )
        else:
            alias.patron_id, alias.reason, alias.lost_at = patron.id, "lost", at

    def keep_alias(self, patron: Patron, card: str, reason: str) -> None:
        self.session.add(
            PatronAlias(
                library_id=self.library_id, card_number=card, patron_id=patron.id, reason=reason
            )
        )

    def borrower(self, loan: Loan) -> Patron | None:
        """The patron of one of this library's loans; None for another library's loan."""
        if not self.shows(loan):
            return None
        patron = self.session.get(Patron, loan.patron_id)
        return patron if patron is not None and patron.library_id == self.library_id else None

    def preload_borrowers(self, loans: Iterable[Loan]) -> list[Patron]:
        """This library's borrowers of these loans, loaded at once (the identity map keeps them)."""
        ids = sorted({x.patron_id for x in loans if self.shows(x)})
        if not ids:
            return []
        return list(
            self.session.scalars(
                select(Patron).where(
                    Patron.library_id == self.library_id, member(self.session, Patron.id, ids)
                )
            )
        )

    def same_person(self, match_key: str, patron: Patron) -> list[str]:
        """Cards of this library's other patrons with the same name and birth date."""
        return list(
            self.session.scalars(
                select(Patron.card_number).where(
                    Patron.library_id == self.library_id,
                    Patron.match_key == match_key,
                    Patron.id != patron.id,
                )
            )
        )

    # -- loans -----------------------------------------------------------------------------------

    def loan(self, loan_id: object) -> Loan | None:
        """This library's loan ``loan_id``; another library's is as unknown as a missing one."""
        if not isinstance(loan_id, str):
            return None
        loan = self.session.get(Loan, loan_id)
        return loan if loan is not None and self.shows(loan) else None

    def loans(self, loan_ids: Sequence[str]) -> list[Loan]:
        return list(
            self.session.scalars(
                select(Loan).where(
                    Loan.library_id == self.library_id,
                    member(self.session, Loan.id, loan_ids),
                )
            )
        )

    def loan_id_taken(self, loan_id: str) -> bool:
        """Is the id used by any loan? Loan ids are the devices' UUIDs, unique server-wide, so
        a new loan cannot take one; only a yes/no leaves here, never the loan."""
        return bool(self.session.scalar(select(exists().where(Loan.id == loan_id))))

    def taken_loan_ids(self, loan_ids: Sequence[str]) -> set[str]:
        return set(
            self.session.scalars(select(Loan.id).where(member(self.session, Loan.id, loan_ids)))
        )

    def open_loans_of(self, patron_ids: Sequence[int]) -> list[tuple[Loan, str]]:
        """Open loans (with item type) of this library's patrons."""
        self.session.flush()
        return [
            (loan, item_type)
            for loan, item_type in self.session.execute(
                select(Loan, Item.item_type)
                .join(Item, Item.id == Loan.item_id)
                .where(
                    Loan.library_id == self.library_id,
                    member(self.session, Loan.patron_id, patron_ids),
                    Loan.returned_at.is_(None),
                )
            ).all()
        ]

    # -- holds ---------------------------------------------------------------------------------

    def hold(self, hold_id: str) -> Hold | None:
        """This library's hold by the id devices know it by."""
        return self.session.scalar(
            select(Hold).where(Hold.library_id == self.library_id, Hold.hold_id == hold_id)
        )

    def holds_meeting(self, item: Item, patron_id: int | None) -> list[Hold]:
        """Active holds a copy may meet: on this copy, the patron's own, and title holds with
        the copy's title (the rules match titles exactly; this only narrows)."""
        self.session.flush()
        mine = Hold.patron_id == patron_id if patron_id is not None else False
        return list(
            self.session.scalars(
                select(Hold)
                .where(
                    Hold.library_id == self.library_id,
                    Hold.status.in_(ACTIVE_HOLDS),
                    (Hold.item_id == item.id)
                    | mine
                    # The same lower() on both sides: SQLite's folds ASCII only.
                    | (
                        (Hold.item_id.is_(None) | Hold.any_copy)
                        & (func.lower(Hold.title) == func.lower(literal(item.title)))
                    ),
                )
                .order_by(Hold.placed_on, Hold.id)
            )
        )

    def active_holds_on(self, item: Item) -> list[Hold]:
        """Active holds on this very copy, first placed first."""
        self.session.flush()
        return list(
            self.session.scalars(
                select(Hold)
                .where(Hold.item_id == item.id, Hold.status.in_(ACTIVE_HOLDS))
                .order_by(Hold.placed_on, Hold.id)
            )
        )

    def hold_parties(self, holds: Sequence[Hold]) -> tuple[dict[int, str], dict[int, str]]:
        """Patron id -> card, item id -> barcode for these holds (their own library's)."""
        patrons = {h.patron_id for h in holds}
        items = {h.item_id for h in holds if h.item_id is not None}
        cards = (
            dict(
                self.session.execute(
                    select(Patron.id, Patron.card_number).where(
                        Patron.library_id == self.library_id, Patron.id.in_(patrons)
                    )
                ).all()
            )
            if patrons
            else {}
        )
        barcodes = (
            dict(
                self.session.execute(select(Item.id, Item.barcode).where(Item.id.in_(items))).all()
            )
            if items
            else {}
        )
        return cards, barcodes

    def held_item(self, hold: Hold) -> Item | None:
        """The copy a hold of this library names (None: a title hold with none yet)."""
        if hold.item_id is None or hold.library_id != self.library_id:
            return None
        return self.session.get(Item, hold.item_id)

    def branch_code(self, branch_id: int | None) -> str | None:
        """The code of one of this library's branches (a device's vehicle)."""
        if branch_id is None:
            return None
        return self.session.scalar(
            select(Branch.code).where(Branch.id == branch_id, Branch.library_id == self.library_id)
        )

    # -- stops, events, attendance ---------------------------------------------------------------

    def stop(self, stop_id: str) -> Stop | None:
        stop = self.session.get(Stop, stop_id)
        return stop if stop is not None and stop.library_id == self.library_id else None

    def event(self, event_id: str) -> Event | None:
        event = self.session.get(Event, event_id)
        return event if event is not None and event.library_id == self.library_id else None

    def claim_stop(self, stop_id: str) -> Stop | None:
        """This library's stop ``stop_id``, new if the id is free; None if the id is taken."""
        return self._claim(Stop, stop_id)

    def claim_event(self, event_id: str) -> Event | None:
        """This library's event ``event_id``, new if the id is free; None if the id is taken."""
        return self._claim(Event, event_id)

    def _claim(self, model: type[Row], key: str) -> Row | None:
        row = self.session.get(model, key)
        if row is None:
            row = model(id=key, library_id=self.library_id)
            self.session.add(row)
        return row if row.library_id == self.library_id else None

    def attended(self, event: Event, card: str) -> bool:
        """Was this card already counted at this library's event (by this library)?"""
        return (
            self.session.scalar(
                select(Attendance.id).where(
                    Attendance.library_id == self.library_id,
                    Attendance.event_id == event.id,
                    Attendance.patron_card == card,
                )
            )
            is not None
        )

    def in_house_use(self, mutation_id: str) -> InHouseUse | None:
        return self.session.scalar(
            select(InHouseUse).where(
                InHouseUse.library_id == self.library_id, InHouseUse.mutation_id == mutation_id
            )
        )

    # -- the device's own log, and the library's rules -------------------------------------------

    def applied(self, device_id: str, mutation_id: str) -> AppliedMutation | None:
        """An action this device uploaded (an undo's target)."""
        return self.session.scalar(
            select(AppliedMutation).where(
                AppliedMutation.library_id == self.library_id,
                AppliedMutation.device_id == device_id,
                AppliedMutation.mutation_id == mutation_id,
            )
        )

    def rule_rows(self) -> list[LoanRuleRow]:
        return list(
            self.session.scalars(
                select(LoanRuleRow).where(LoanRuleRow.library_id == self.library_id)
            )
        )

    def closed_days(self) -> list[date]:
        return list(
            self.session.scalars(
                select(ClosedDay.day).where(ClosedDay.library_id == self.library_id)
            )
        )
