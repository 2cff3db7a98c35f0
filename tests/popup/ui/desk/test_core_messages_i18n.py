"""What the Qt-free core reports (concerns, desk refusals, bad scans) reads wholly in the UI
language with its specifics; in English staff see the core's own sentences with dates as the
desk writes them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from popup.domain import messages
from popup.domain.cards import CardFormat, InvalidNumber, NumberProblem
from popup.domain.concerns import Code, Concern, specifics
from popup.store import demo
from popup.store.circulation import DeskError, NeedsOverride, Problem, UndoResult
from popup.store.db import Store
from popup.store.models import Patron
from popup.ui.main_window import MainWindow
from popup.ui.text import concern_text, money_text, refusal_text, undone_text, use_currency
from tests.helpers import desk as helpers

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

EXPIRY = date(2025, 1, 3)


#: Sentences this branch words anew, in Spanish until the shipped translation has them.
def _scan(qtbot: Any, widget: Any, scanned: str) -> None:
    qtbot.keyClicks(widget, scanned)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def _expired_patron(store: Store) -> str:
    """A demo patron whose only block is a card that expired on EXPIRY."""
    card = demo.demo_patron(store)
    with store.transaction() as session:
        patron = session.scalar(select(Patron).where(Patron.card_number == card))
        assert patron is not None
        patron.card_expiry = EXPIRY
    return card


def _blocked_then_bad_scans(window: MainWindow, store: Store, qtbot: Any) -> dict[str, Any]:
    """Drive the desk as a volunteer would; collect what the screens say."""
    seen: dict[str, Any] = {}
    page = window.checkout
    expired = _expired_patron(store)
    _scan(qtbot, page.patron_field, "21112000698139")  # a misread check digit
    seen["bad card"] = page.banner.text()
    _scan(qtbot, page.patron_field, expired)
    dialog = page.override_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    seen["panel"] = [label.text() for label in page.panel.block_labels]
    seen["details"] = page.panel.details.text()
    seen["prompt"] = [label.text() for label in dialog.concern_labels]
    seen["banner"] = page.banner.text()
    with qtbot.waitSignal(dialog.cancelled):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    _scan(qtbot, page.patron_field, demo.demo_patron(store))
    _scan(qtbot, page.item_field, "3112000")  # a partial scan
    seen["bad barcode"] = page.banner.text()
    barcode = helpers.available_items(store, 1)[0]
    with qtbot.waitSignal(page.recorded):
        _scan(qtbot, page.item_field, barcode)
    title = page.lines.lines[-1].cells[0]
    page.undo_last()
    seen["undone"] = (page.banner.text(), title)
    window.show_mode("return")
    _scan(qtbot, window.returns.field, "31120999999997")
    seen["unknown item"] = window.returns.banner.text()
    return seen


def test_a_blocked_patron_and_bad_scans_read_wholly_in_spanish(
    spanish: QApplication,
    window: MainWindow,
    demo_store: Store,
    qtbot: Any,
) -> None:
    seen = _blocked_then_bad_scans(window, demo_store, qtbot)
    expired = "La tarjeta venció el 3 ene 2025"  # the date as the desk writes dates
    assert seen["panel"] == [f"✖ {expired}"]
    # The category too, not the stored code ("ADULT") or its English name.
    assert seen["details"].startswith("Adulto · tarjeta vence el 3 ene 2025"), seen["details"]
    assert seen["prompt"] == [f"⚠ {expired}"]
    assert seen["banner"] == expired
    assert seen["bad card"] == (
        "No es una tarjeta de usuario: “21112000698139” tiene un dígito de control incorrecto:"
        " se esperaba 2 y se leyó 9"
    )
    assert seen["bad barcode"] == (
        "No está en el catálogo: “3112000” tiene 7 caracteres; los números de esta biblioteca"
        " tienen 14 (¿se escaneó a medias?)"
    )
    banner, title = seen["undone"]
    assert banner == f"Préstamo de {title} deshecho."
    assert seen["unknown item"] == (
        "No hay ningún ejemplar con el código de barras “31120999999997” en el catálogo de este"
        " equipo."
    )


def test_in_english_the_screens_show_the_core_sentences_with_the_desk_dates(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    seen = _blocked_then_bad_scans(window, demo_store, qtbot)
    expired = "Card expired on 3 Jan 2025"  # the core says 2025-01-03
    assert seen["panel"] == [f"✖ {expired}"]
    assert seen["details"].startswith("Adult · card expires 3 Jan 2025"), seen["details"]
    assert seen["prompt"] == [f"⚠ {expired}"]
    assert seen["banner"] == expired
    assert seen["bad card"] == (
        "No patron card: “21112000698139” has a wrong check digit: expected 2, got 9"
    )
    assert seen["bad barcode"] == (
        "Not in the catalogue: “3112000” has 7 characters; this library's numbers have 14"
        " (a partial scan?)"
    )
    banner, title = seen["undone"]
    assert banner == f"Checkout of {title} undone."
    assert seen["unknown item"] == (
        "No item with barcode “31120999999997” in this laptop's catalogue."
    )


#: One concern per sentence key, with what a Spanish desk says for it.
SPANISH_CONCERNS = [
    (
        Concern(Code.FINES_OVER_LIMIT, specifics(owed_cents=1250, limit_cents=500)),
        "Adeuda 12,50\u00a0USD en multas; el límite es 5,00\u00a0USD",
    ),
    (
        Concern(Code.MANUAL_BLOCK, specifics(reason="Lost card")),
        "Bloqueado por el personal: Lost card",  # staff's own words stay as typed
    ),
    (
        Concern(Code.MANUAL_BLOCK, variant="no_reason"),
        "Bloqueado por el personal: sin motivo indicado",
    ),
    (
        Concern(Code.TOO_MANY_ITEMS, specifics(count=3, limit=3)),
        "Ejemplares prestados: 3; el límite es 3",
    ),
    (
        Concern(Code.ITEM_ON_LOAN_TO_OTHER, specifics(initials="G. H.", due="2026-11-23")),
        "Sigue prestado a G. H., vence el 23 nov 2026; ese préstamo se cerrará",
    ),
    (
        Concern(Code.ITEM_ALREADY_ON_LOAN_TO_PATRON, specifics(due="2026-11-23")),
        "Ya está prestado a este usuario, vence el 23 nov 2026 (¿mejor renovarlo?)",
    ),
    (
        Concern(Code.ITEM_ON_HOLD, variant="renewal"),
        "Otro usuario espera este ejemplar",
    ),
    (
        Concern(Code.ITEM_NOT_FOR_LOAN, specifics(item_type="REFERENCE", category="ADULT")),
        "Los ejemplares de tipo REFERENCE no se prestan a usuarios de la categoría ADULT",
    ),
    (
        Concern(
            Code.ITEM_NOT_FOR_LOAN,
            specifics(category="CHILD", item_type="DVD"),
            variant="no_rule",
        ),
        "Ninguna regla de préstamo cubre la categoría de usuario CHILD con el tipo de ejemplar DVD",
    ),
    (
        Concern(Code.ITEM_UNAVAILABLE, specifics(status="withdrawn")),
        "El ejemplar figura como dado de baja",
    ),
    (
        Concern(Code.MAX_RENEWALS_REACHED, specifics(count=2, limit=2)),
        "Renovaciones hechas: 2; el límite es 2",
    ),
    (Concern(Code.ITEM_NOT_ON_LOAN), "El ejemplar no estaba prestado"),
    (
        Concern(Code.HOLD_TRAP),
        "Un usuario lo espera: al estante de reservas",
    ),
    (
        Concern(Code.HOLD_TRAP, specifics(library="EAST"), variant="elsewhere"),
        "Un usuario lo espera en EAST",
    ),
    (Concern(Code.ROUTE_ITEM, specifics(library="EAST")), "Enviar a EAST"),
]


@pytest.mark.parametrize(("concern", "spanish_text"), SPANISH_CONCERNS)
def test_each_concern_sentence_in_spanish(
    spanish: QApplication, concern: Concern, spanish_text: str
) -> None:
    assert concern_text(concern) == spanish_text


def test_fines_show_the_library_currency_in_the_locale_format(spanish: QApplication) -> None:
    owes = Concern(Code.FINES_OVER_LIMIT, specifics(owed_cents=3189, limit_cents=500))
    try:
        use_currency("EUR")
        assert concern_text(owes) == "Adeuda 31,89\u00a0€ en multas; el límite es 5,00\u00a0€"
    finally:
        use_currency("USD")


def test_fines_in_us_english_show_the_dollar_sign_or_the_code() -> None:
    owes = Concern(Code.FINES_OVER_LIMIT, specifics(owed_cents=3189, limit_cents=500))
    before = QLocale()
    QLocale.setDefault(QLocale("en_US"))
    try:
        assert concern_text(owes) == "Owes $31.89, over the limit of $5.00"
        use_currency("MXN")
        assert money_text(3189) == "MXN\u00a031.89"
    finally:
        use_currency("USD")
        QLocale.setDefault(before)


def test_a_sentence_that_cannot_be_filled_falls_back_to_the_english(
    spanish: QApplication,
) -> None:
    bare = Concern(Code.CARD_EXPIRED)  # the date is missing: the placeholder stays visible
    assert bare.message == "Card expired on {expiry}"
    assert concern_text(bare) == "Card expired on {expiry}"
    garbled = Concern(Code.CARD_EXPIRED, specifics(expiry="x"))  # not a date
    assert concern_text(garbled) == "Card expired on x"


def test_refusals_and_number_problems_in_spanish(spanish: QApplication) -> None:
    with pytest.raises(InvalidNumber) as err:
        CardFormat(institution="1120").validate("21112000698132")
    assert refusal_text(err.value) == (
        "“21112000698132” es de la institución 1112, no de esta biblioteca (1120)"
    )
    count = DeskError(Problem.IN_HOUSE_COUNT, specifics(count=0))
    assert refusal_text(count) == "El número de usos en sala debe estar entre 1 y 999, no 0."
    refused = NeedsOverride(
        [Concern(Code.MAX_RENEWALS_REACHED, specifics(count=2, limit=2))], "Dune (3112…)"
    )
    assert refusal_text(refused) == "Dune (3112…): Renovaciones hechas: 2; el límite es 2"
    undone = UndoResult(seq=2, target_seq=1, target_kind="checkin", description="…", title="Dune")
    assert undone_text(undone) == "Devolución de Dune deshecha."


def test_every_key_the_core_can_give_has_a_sentence() -> None:
    assert set(messages.NUMBERS.sources) == set(NumberProblem)
    assert set(messages.DESK.sources) == set(Problem) - {Problem.NEEDS_OVERRIDE}  # from concerns
    assert {code.value for code in Code} <= set(messages.CONCERNS.sources)
    variants = {key for key in messages.CONCERNS.sources if "." in key}
    assert variants == {
        "MANUAL_BLOCK.no_reason",
        "ITEM_ON_HOLD.renewal",
        "ITEM_NOT_FOR_LOAN.no_rule",
        "HOLD_TRAP.elsewhere",
        # A block as a volunteer sees it (#17): "Please ask a staff member.", no amount.
        "CARD_EXPIRED.ask_staff",
        "FINES_OVER_LIMIT.ask_staff",
        "MANUAL_BLOCK.ask_staff",
        "TOO_MANY_ITEMS.ask_staff",
    }
