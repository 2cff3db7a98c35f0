"""Holds (#15): which hold a scan meets, at the desk and on the server alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

from popup.domain.blocks import PatronState, Policy
from popup.domain.circulation import ItemState, ItemStatus, assess_checkout, assess_return
from popup.domain.concerns import Code
from popup.domain.due_dates import Calendar
from popup.domain.holds import (
    HoldState,
    HoldStatus,
    call_number_key,
    hold_filled_by,
    not_on_board,
    pick_list,
    ready_for,
    waiting_for,
)
from popup.domain.loan_rules import LoanRule, RuleBook

TODAY = date(2026, 12, 4)
NOW = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
ADA, BO = "21120000000017", "21120000000025"
COPY = "31120000000015"


def hold(
    hold_id: str,
    card: str = ADA,
    barcode: str | None = COPY,
    *,
    title: str = "Frog and Toad",
    status: HoldStatus = HoldStatus.READY,
    placed: date = date(2026, 11, 20),
    expires: date = date(2026, 12, 10),
    stop: str | None = None,
    any_copy: bool = False,
) -> HoldState:
    return HoldState(hold_id, card, barcode, title, placed, expires, status, "BM2", stop, any_copy)


def item(on_hold: bool = True, barcode: str = COPY, title: str = "Frog and Toad") -> ItemState:
    return ItemState(barcode, title, "BOOK", "MAIN", ItemStatus.AVAILABLE, on_hold, "BM2")


def checkout(card: str, holds: list[HoldState], copy: ItemState) -> tuple[list[Code], str | None]:
    patron = PatronState(card, "Ada Lovelace", "ADULT", date(2030, 1, 1), 0, False, None, "MAIN")
    result = assess_checkout(
        patron=patron,
        item=copy,
        item_open_loan=None,
        patron_open_loans=[],
        rules=RuleBook([LoanRule("*", "*", 21, 2, 20)]),
        policy=Policy("MAIN", 1000),
        calendar=Calendar(),
        now=NOW,
        holds=holds,
    )
    return [c.code for c in result.concerns], result.fills_hold.id if result.fills_hold else None


def test_the_patron_picking_up_their_hold_needs_no_override_and_fills_it() -> None:
    assert checkout(ADA, [hold("H1")], item()) == ([], "H1")


def test_someone_else_taking_the_held_copy_still_needs_an_override() -> None:
    assert checkout(BO, [hold("H1")], item()) == ([Code.ITEM_ON_HOLD], None)
    # A hold for another pickup: the laptop has only the item's flag, and it still counts.
    assert checkout(BO, [], item()) == ([Code.ITEM_ON_HOLD], None)


def test_a_title_hold_is_filled_by_any_copy_of_the_title() -> None:
    title_hold = hold("H2", barcode=None, status=HoldStatus.WAITING, title="Frog and toad!")
    other_copy = item(on_hold=False, barcode="31120000000023")
    assert checkout(ADA, [title_hold], other_copy) == ([], "H2")
    assert checkout(BO, [title_hold], other_copy) == ([], None)


def test_an_expired_hold_is_neither_filled_nor_shown() -> None:
    old = hold("H3", expires=date(2026, 12, 3))
    assert checkout(ADA, [old], item()) == ([Code.ITEM_ON_HOLD], None)
    assert ready_for([old], ADA, TODAY) == []
    assert hold_filled_by([old], ADA, COPY, "Frog and Toad", TODAY) is None
    assert ready_for([hold("H4")], ADA, TODAY) == [hold("H4")]


def test_an_earlier_hold_on_the_copy_is_not_jumped() -> None:
    bo_first = hold("H5", BO, status=HoldStatus.WAITING, placed=date(2026, 11, 1))
    ada_title = hold("H6", barcode=None, status=HoldStatus.WAITING)
    codes, fills = checkout(ADA, [bo_first, ada_title], item())
    assert codes == [Code.ITEM_ON_HOLD] and fills == "H6"


def test_a_return_goes_to_the_first_waiting_hold_and_is_put_on_the_hold_shelf_here() -> None:
    first = hold("H7", BO, status=HoldStatus.WAITING, placed=date(2026, 11, 2))
    later = hold("H8", ADA, status=HoldStatus.IN_TRANSIT, placed=date(2026, 11, 9))
    already = hold(
        "H9", ADA, "31120000000099", status=HoldStatus.READY, placed=date(2026, 10, 1)
    )  # ready with another copy
    found = waiting_for([later, already, first], COPY, "Frog and Toad", TODAY)
    assert found == first
    verdict = assess_return(
        item=item(), open_loan=None, this_library="MAIN", now=NOW, hold=found, here=("BM2",)
    )
    assert verdict.hold and verdict.route_to is None and verdict.hold_for == first
    elsewhere = assess_return(item=item(), open_loan=None, this_library="MAIN", now=NOW, hold=found)
    assert elsewhere.hold and elsewhere.route_to == "BM2"


def test_the_pick_list_is_in_shelf_order_for_the_stop_and_counts_what_is_not_on_board() -> None:
    holds = [
        hold("A", barcode="3A", status=HoldStatus.WAITING, stop="park"),
        hold("B", barcode="3B", stop=None),
        hold("C", barcode="3C", stop="school"),
        hold("D", barcode="3D", status=HoldStatus.IN_TRANSIT, stop="park"),
        hold("E", barcode="3E", expires=date(2026, 12, 1), stop="park"),
    ]
    numbers = {"3A": "F SMI 10", "3B": "F SMI 9", "3D": "599.7 LOB"}
    lines = pick_list(holds, numbers, TODAY, "park")
    assert [line.hold.id for line in lines] == ["D", "B", "A"]
    assert not_on_board(lines) == 2
    assert call_number_key("F 9") < call_number_key("F 10") < call_number_key("")


def test_a_copy_set_aside_and_scanned_in_again_goes_to_the_same_hold_here() -> None:
    ready = hold("H1", BO, status=HoldStatus.READY)
    earlier = hold("H2", ADA, status=HoldStatus.WAITING, placed=date(2026, 10, 1))
    assert waiting_for([earlier, ready], COPY, "Frog and Toad", TODAY) == ready
    # Without the hold row, the copy's flag names this vehicle: still the hold shelf here.
    flagged = assess_return(
        item=item(), open_loan=None, this_library="MAIN", now=NOW, here=("BM2",)
    )
    assert flagged.hold and flagged.route_to is None


def test_a_title_hold_with_a_copy_set_aside_is_still_met_by_another_copy() -> None:
    """The patron got the book: whichever copy, their title hold is filled."""
    set_aside = hold("H3", barcode="31120000000099", any_copy=True)
    other_copy = item(on_hold=False, barcode="31120000000023")
    assert checkout(ADA, [set_aside], other_copy) == ([], "H3")
    # A copy hold is met by that copy only.
    assert checkout(ADA, [hold("H4", barcode="31120000000099")], other_copy) == ([], None)
