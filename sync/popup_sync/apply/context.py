"""What every applier gets (:class:`Context`), and the lookups and writes they share.

Appliers read library-owned rows only through :attr:`Context.scope` (:mod:`.scope`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy.orm import Session

from popup.domain.circulation import ItemStatus, LoanState, loan_state
from popup.domain.holds import HoldState, HoldStatus
from popup.domain.protocol.entities import Entity
from popup_sync import changes
from popup_sync.apply.cache import Cache
from popup_sync.apply.rules import Rules
from popup_sync.apply.scope import LibraryScope
from popup_sync.models import Device, Hold, Item, Library, Loan


@dataclass
class Context:
    session: Session
    library: Library
    device: Device
    rules: Rules
    seq: int
    mutation_id: str
    cache: Cache

    @property
    def scope(self) -> LibraryScope:
        """The only way to read the library's rows (the cache reads through it too)."""
        return self.cache.scope

    def changed(self, entity: Entity, key: str, library_id: int | None = None) -> None:
        """Log a change for ``library_id``: the row's own library, by default the device's.

        Loans and items touched here may belong to another library (a shared item, or an
        item of this library on loan elsewhere); their changes go to that library's log.
        """
        changes.record(self.session, library_id or self.library.id, entity, key)


# -- loans as the rules see them ----------------------------------------------------------------


@dataclass(frozen=True)
class LoanView:
    """A server loan with its borrower and item type: a ``popup.domain.circulation.LoanRow``."""

    loan: Loan
    patron_card: str
    patron_name: str
    item_type: str

    @property
    def out_at(self) -> datetime:
        return self.loan.out_at

    @property
    def due_date(self) -> date:
        return self.loan.due_date

    @property
    def renewals(self) -> int:
        return self.loan.renewals


def loan_of(scope: LibraryScope, loan: Loan) -> LoanState:
    """A stored loan as the rules see it (its patron and item come from the identity map).

    Another library's loan (of a shared item) has no borrower here: its patron's card and name
    must not reach this device's outcome."""
    patron = scope.borrower(loan)
    return loan_state(
        LoanView(
            loan,
            patron.card_number if patron else "",
            patron.name if patron else "",
            scope.item_type_of(loan),
        )
    )


# -- items --------------------------------------------------------------------------------------


def set_item_status(ctx: Context, item: Item, on_loan: bool) -> None:
    if item.status in (ItemStatus.AVAILABLE.value, ItemStatus.ON_LOAN.value):
        item.status = ItemStatus.ON_LOAN.value if on_loan else ItemStatus.AVAILABLE.value
    ctx.changed(Entity.ITEM, item.barcode, item.library_id)


def refresh_item_status(ctx: Context, item: Item) -> None:
    ctx.session.flush()
    set_item_status(ctx, item, ctx.scope.open_loan(item) is not None)


def hhmm(moment: datetime, zone: tzinfo | None) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


# -- holds --------------------------------------------------------------------------------------


def hold_states(scope: LibraryScope, holds: list[Hold]) -> list[HoldState]:
    """Stored holds as the rules see them (``popup.domain.holds``)."""
    cards, barcodes = scope.hold_parties(holds)
    out = []
    for h in holds:
        try:
            status = HoldStatus(h.status)
        except ValueError:
            status = HoldStatus.WAITING
        out.append(
            HoldState(
                id=h.hold_id,
                patron_card=cards.get(h.patron_id, ""),
                item_barcode=barcodes.get(h.item_id) if h.item_id is not None else None,
                title=h.title,
                placed_on=h.placed_on,
                expires_on=h.expires_on,
                status=status,
                pickup=h.pickup,
                stop_id=h.pickup_stop_id,
                any_copy=h.any_copy,
            )
        )
    return out


def refresh_hold_flags(scope: LibraryScope, item: Item) -> bool:
    """Set the item's hold flag and pickup from its first active hold (what every device's
    desk reads: a device that has not the hold itself still traps and routes the copy).
    Returns whether they changed. Only this library's items: its holds are its own."""
    if item.library_id != scope.library_id:
        return False
    first = next(iter(scope.active_holds_on(item)), None)
    flags = (first is not None, first.pickup if first is not None else None)
    if (item.on_hold, item.hold_pickup) == flags:
        return False
    item.on_hold, item.hold_pickup = flags
    return True
