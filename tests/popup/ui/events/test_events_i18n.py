"""What the event screen refuses reads wholly in the UI language, with what was typed or
scanned; in English staff see the store's own sentences unchanged."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from popup.domain import messages
from popup.domain.cards import ScanKind
from popup.store import demo, library
from popup.store.db import Store
from popup.store.events import EventError
from popup.store.models import Stop
from popup.ui import text
from popup.ui.events.page import EventsPage
from popup.ui.feedback import Outcome
from tests.helpers.desk import MakeContext

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

DAY = datetime(2026, 11, 27, 15, 5, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[4]


@pytest.fixture
def page(demo_store: Store, make_context: MakeContext, qtbot: Any) -> EventsPage:
    with demo_store.transaction() as session:
        library.put(session, "timezone", "UTC")
        stop = session.get(Stop, "00000000-0000-4000-8000-000000000001")
        assert stop is not None
        stop.starts_at, stop.ends_at = DAY.replace(hour=15), DAY.replace(hour=19)
    widget = EventsPage(make_context(demo_store, clock=lambda: DAY))
    qtbot.addWidget(widget)
    widget.resize(1180, 680)
    widget.show()
    return widget


def _refusals(page: EventsPage, qtbot: Any) -> dict[str, str]:
    """Drive the screen into each kind of refusal; collect what it says."""
    seen: dict[str, str] = {}
    dialog = page.new_stop()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
    seen["empty stop"] = dialog.error.text()
    dialog.reject()
    stop = page.current_stop
    assert stop is not None
    event = page.events.create_event(stop.id, "Story time", "story time")
    page.refresh_events(select=event.id)
    page.handle_scan("21120000000010")  # a misread check digit
    seen["bad card"] = page.banner.text()
    page.handle_scan(demo.DEMO_FORMAT.make(ScanKind.ITEM, 5, demo.DEMO_INSTITUTION))
    seen["item"] = page.banner.text()
    page.tap("0-5", -1)
    seen["zero"] = page.banner.text()
    card = demo.demo_patron(page.events.store)
    for _ in range(2):
        page.registration_box.reg_name.setText("Ana")
        page.registration_box.reg_card.setText(card)
        page.register_from_form()
    seen["listed"] = page.banner.text()
    assert page.banner.outcome is Outcome.PROBLEM
    return seen


def test_event_refusals_read_in_spanish(
    spanish: QApplication, page: EventsPage, qtbot: Any
) -> None:
    seen = _refusals(page, qtbot)
    card = demo.demo_patron(page.events.store)
    assert seen == {
        "empty stop": "Falta el nombre de la parada; escríbalo.",
        "bad card": "No es una tarjeta de la biblioteca: “21120000000010” tiene un dígito de"
        " control incorrecto: se esperaba 9 y se leyó 0",
        "item": "“31120000000058” es el código de barras de un ejemplar, no una tarjeta de la"
        " biblioteca.",
        "zero": "El conteo de 0–5 ya está en cero; no hay nada que restar.",
        "listed": f"La tarjeta {card} ya está en la lista de esta actividad.",
    }


def test_in_english_the_screen_shows_the_store_sentences(page: EventsPage, qtbot: Any) -> None:
    seen = _refusals(page, qtbot)
    assert seen["empty stop"] == "The stop name is empty; type a stop name."
    assert seen["item"] == "“31120000000058” is an item barcode, not a library card."
    assert seen["zero"] == "The 0–5 count is already zero; there is nothing to take off."


def test_every_refusal_the_store_can_give_has_a_sentence(spanish: QApplication) -> None:
    files = sorted((REPO / "src/popup/store/events").glob("[!_]*.py"))  # not __init__
    source = "".join(path.read_text() for path in [*files, REPO / "src/popup/domain/attendance.py"])
    literal = set(re.findall(r'"([A-Z][A-Z_]{3,}(?:\.[a-z_]+)?)"', source))
    dynamic = {
        f"{kind}.{field}"
        for kind, fields in (
            ("EMPTY", ("stop_name", "title", "event_type", "name")),
            ("TOO_LONG", ("stop_name", "place", "title", "event_type", "audience", "name")),
            ("NO_TIME_ZONE", ("start", "end")),
        )
        for field in fields
    }
    assert set(messages.EVENTS.sources) == (literal | dynamic) - {"CANCELLED", "TOTAL"}
    # Words without a key (from elsewhere) show as they are.
    odd = EventError(said="Something new.")
    assert text.refusal_text(odd) == "Something new."
    gone = EventError("REGISTRATION_GONE")
    assert str(gone) == "That registration is not on this laptop any more."
    assert text.refusal_text(gone) == "Esa inscripción ya no está en este equipo."


def test_event_types_read_in_spanish_whatever_their_stored_case(
    spanish: QApplication, page: EventsPage
) -> None:
    stop = page.current_stop
    assert stop is not None
    event = page.events.create_event(stop.id, "Manos a la obra", "craft")  # as a server may send
    page.refresh_events(select=event.id)
    assert page.event_info.text().startswith("Manualidades · ")
    typed = page.events.create_event(stop.id, "Tarde de ajedrez", "Ajedrez")  # typed: as typed
    page.refresh_events(select=typed.id)
    assert page.event_info.text().startswith("Ajedrez · ")
