"""The sign-up page with real widgets over a real store file: errors, duplicates, the card,
the PDF card, and signing up straight into checkout in the real main window."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from popup.domain.cards import parse_scan, qr_payload
from popup.domain.signup import SignupForm
from popup.scan.decode import decode
from popup.store import library, outbox
from popup.store import signup as store_signup
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import Item, OutboxEntry, Patron
from popup.ui.context import AppContext
from popup.ui.main_window import MainWindow
from popup.ui.signup.card_print import spaced_number
from popup.ui.signup.page import SignupPage
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow

# The offscreen platform cannot resize top-level windows to their size hints; it says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ANA = SignupForm(
    name="Ana María López",
    date_of_birth="1990-05-17",
    address="12 Elm Street\nRiverside",
    phone="555-010-2030",
    email="ana@example.org",
    language="Spanish",
    consent=True,
)


def make_page(store: Store, qtbot: Any) -> tuple[SignupPage, list[str]]:
    """The page inside a plain top-level widget without a layout (offscreen Qt warns when a
    top-level window's size hints change, which a page with a layout would do)."""
    asked: list[str] = []
    host = QWidget()
    host.resize(1150, 640)
    qtbot.addWidget(host)
    ctx = AppContext.create(store)
    host.destroyed.connect(lambda *_: ctx.close())
    page = SignupPage(ctx, parent=host)
    page.checkoutRequested.connect(asked.append)
    page.setGeometry(0, 0, 1150, 640)
    page.host_for_test = host  # type: ignore[attr-defined]  # keeps the host alive
    host.show()
    return page, asked


def patron_count(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count(Patron.id))) or 0)


def outbox_count(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count(OutboxEntry.seq))) or 0)


def books(store: Store, count: int) -> list[str]:
    with store.read() as session:
        return list(
            session.scalars(
                select(Item.barcode)
                .where(
                    Item.item_type == "BOOK",
                    Item.on_hold.is_(False),
                    Item.status == "available",
                    Item.home_library == "MAIN",
                )
                .order_by(Item.id)
                .limit(count)
            )
        )


def test_errors_show_beside_fields_and_nothing_is_saved(demo_store: Store, qtbot: Any) -> None:
    page, _ = make_page(demo_store, qtbot)
    before = (patron_count(demo_store), outbox_count(demo_store))
    typed = SignupForm(
        name="Zoë Ångström",
        date_of_birth="2016-04-02",
        email="zoe.family@example",
        phone="",
        consent=False,
    )
    page.form.fill(typed)
    page.submit_button.click()
    errors = page.form.error_texts()
    assert set(errors) == {"email", "guardian_name", "consent"}
    assert "“zoe.family@example” is not an email address" in errors["email"]
    assert "guardian" in errors["guardian_name"]
    assert page.form.errors["email"].isVisible()
    assert page.form.errors["consent"].isVisible()  # under the privacy sentence
    assert bool(page.form.email.property("invalid"))
    # The form keeps every value typed.
    assert page.form.values() == typed
    assert "Not saved" in page.status.text()
    assert (patron_count(demo_store), outbox_count(demo_store)) == before
    assert page.stack.currentWidget() is page.form_page

    # No contact at all: the message sits beside both phone and email.
    page.form.fill(SignupForm(name="Liam Smith", date_of_birth="1980-01-01", consent=True))
    page.submit_button.click()
    assert not page.form.errors["consent"].isVisible()  # no blank line left under it
    assert page.form.errors["phone"].text() == page.form.errors["email"].text()
    assert "at least one" in page.form.errors["phone"].text()

    # Fixing the fields clears the marks and saves.
    page.form.fill(ANA)
    page.submit_button.click()
    assert page.form.error_texts() == {}
    assert not bool(page.form.email.property("invalid"))
    assert page.stack.currentWidget() is page.card_view
    assert patron_count(demo_store) == before[0] + 1


def test_live_category_hint(store: Store, qtbot: Any) -> None:
    page, _ = make_page(store, qtbot)
    page.form.date_of_birth.setText("2016-04-02")
    assert "Child" in page.form.category_hint.text()
    assert "guardian" in page.form.category_hint.text()
    page.form.date_of_birth.setText("1950-01-01")
    assert "Senior" in page.form.category_hint.text()
    page.form.date_of_birth.setText("not a date")
    assert page.form.category_hint.text() == ""


def test_duplicate_warning_open_existing(demo_store: Store, qtbot: Any) -> None:
    page, asked = make_page(demo_store, qtbot)
    page.form.fill(ANA)
    page.submit_button.click()
    first = page.card_view.card
    assert first is not None
    page.card_view.another_button.click()
    assert page.form.values() == SignupForm()

    before = (patron_count(demo_store), outbox_count(demo_store))
    page.form.fill(
        SignupForm(name="  ana  maria LOPEZ", date_of_birth="1990-05-17", email="x@example.org")
    )
    page.form.consent.setChecked(True)
    page.submit_button.click()
    dialog = page.duplicate_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.list.count() == 1
    assert spaced_number(first.card_number) in dialog.list.item(0).text()
    assert "same name and date of birth" in dialog.list.item(0).text()
    dialog.open_button.click()
    assert asked == [first.card_number]
    assert (patron_count(demo_store), outbox_count(demo_store)) == before


def test_duplicate_warning_create_anyway_and_back(demo_store: Store, qtbot: Any) -> None:
    page, _ = make_page(demo_store, qtbot)
    page.form.fill(ANA)
    page.submit_button.click()
    page.card_view.another_button.click()
    other = SignupForm(
        name="Ana Lopez-Ruiz", date_of_birth="1985-01-01", phone="(555) 010 2030", consent=True
    )
    page.form.fill(other)
    page.submit_button.click()
    dialog = page.duplicate_dialog
    assert dialog is not None and "same phone" in dialog.list.item(0).text()
    dialog.back_button.click()
    assert page.form.values() == other  # back to the form, values kept, nothing saved
    assert page.stack.currentWidget() is page.form_page
    count = patron_count(demo_store)
    page.submit_button.click()
    dialog = page.duplicate_dialog
    assert dialog is not None
    dialog.create_button.click()
    assert patron_count(demo_store) == count + 1
    assert page.card_view.card is not None and page.card_view.card.patron_name == other.name


def test_block_low_then_temporary_card(store: Store, qtbot: Any) -> None:
    with store.transaction() as session:
        library.put(session, "card_range_low_warning", 5)
        store_signup.add_card_range(session, 1, 2)
    page, _ = make_page(store, qtbot)
    assert "Only 2 card numbers left" in page.block_label.text()
    for n in range(3):
        page.card_view.another_button.click()
        page.form.fill(
            SignupForm(
                name=f"Patron {n}",
                email=f"p{n}@example.org",
                consent=True,
                date_of_birth="1980-01-01",
            )
        )
        page.submit_button.click()
        assert page.stack.currentWidget() is page.card_view
    card = page.card_view.card
    assert card is not None and card.temporary and card.card_number.startswith("T")
    assert page.card_view.temporary.isVisible()
    assert "TEMPORARY" in page.card_view.temporary.text()
    assert "TEMPORARY number" in page.block_label.text()


def _gray(path: Path) -> np.ndarray[Any, np.dtype[np.uint8]]:
    return np.asarray(Image.open(path).convert("L"), dtype=np.uint8)


def test_pdf_card_one_page_right_text_and_codes(
    demo_store: Store, qtbot: Any, tmp_path: Path
) -> None:
    page, _ = make_page(demo_store, qtbot)
    page.form.fill(ANA)
    page.submit_button.click()
    card = page.card_view.card
    assert card is not None
    pdf = tmp_path / "card.pdf"
    page.card_view.save_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    assert shutil.which("pdfinfo") and shutil.which("pdftotext") and shutil.which("pdftoppm")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout, re.M)
    assert size is not None
    width_mm, height_mm = (float(v) * 25.4 / 72 for v in size.groups())
    assert abs(width_mm - 85.6) < 0.5 and abs(height_mm - 53.98) < 0.5  # wallet size
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Riverside County Library" in text
    assert "Ana María López" in text
    assert spaced_number(card.card_number) in text

    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(tmp_path / "card")],
        check=True,
    )
    found = decode(_gray(tmp_path / "card.png"), linear=True)
    assert qr_payload(card.card_number) in found
    assert card.card_number in [t.strip("ABCDabcd") for t in found]  # the Codabar


def test_png_export_decodes(demo_store: Store, qtbot: Any, tmp_path: Path) -> None:
    page, _ = make_page(demo_store, qtbot)
    page.form.fill(ANA)
    page.submit_button.click()
    card = page.card_view.card
    assert card is not None
    target = tmp_path / "card.png"
    page.card_view.export_png(target)
    texts = decode(_gray(target))
    assert [parse_scan(t) for t in texts] == [card.card_number]
    # The on-screen QR decodes too.
    shown = page.card_view.qr.pixmap().toImage()
    shown.save(str(tmp_path / "screen.png"))
    assert decode(_gray(tmp_path / "screen.png")) == [qr_payload(card.card_number)]


def test_sign_up_then_checkout_two_items_in_the_main_window(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window = make_window(demo_store)
    window.show()
    page = window.page_of(SignupPage)
    window.show_mode("signup")
    assert window.current_mode() == "signup"
    page.form.fill(ANA)
    page.submit_button.click()
    assert page.stack.currentWidget() is page.card_view
    card = page.card_view.card
    assert card is not None
    assert "1 waiting" in window.sync_label.text()

    page.card_view.checkout_button.click()
    assert window.current_mode() == "checkout"
    assert window.checkout.patron is not None
    assert window.checkout.patron.card_number == card.card_number
    for barcode in books(demo_store, 2):
        window.checkout.handle_scan(barcode)
    qtbot.waitUntil(lambda: len(Desk(demo_store).find_patron(card.card_number).loans) == 2)
    with demo_store.read() as session:
        kinds = [e.kind for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
        assert kinds == ["patron_register", "checkout", "checkout"]
        assert outbox.pending_count(session) == 3
    assert QApplication.activeModalWidget() is None


def test_print_card_prints_one_wallet_card(tmp_path: Path, qtbot: Any) -> None:
    """The print path (what the print dialog's printer gets), printed to a PDF file."""
    from datetime import date

    from PySide6.QtPrintSupport import QPrinter

    from popup.ui.signup.card_print import CardData, print_card

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    card = CardData(
        "Riverside County Library",
        "Kofi Adeyemi",
        "21120009000015",
        False,
        "Teen",
        date(2029, 11, 27),
    )
    print_card(printer, card)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Kofi Adeyemi" in text and "2 1120 00900001 5" in text


# -- privacy: nothing of the previous patron stays on screen ----------------------------------

WILHELMINA = SignupForm(
    name="Wilhelmina Quartermaine",
    date_of_birth="1987-03-29",
    address="77 Juniper Lane\nOakhollow",
    phone="555-019-8765",
    email="wq.patron@example.org",
    language="English",
    consent=True,
)


def _widget_texts(widget: QWidget) -> list[str]:
    """Everything a person (or a screen reader) could read off ``widget``; placeholders are
    left out, they are the same for every patron."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
    )

    texts = [
        widget.toolTip(),
        widget.accessibleName(),
        widget.accessibleDescription(),
        widget.whatsThis(),
        widget.statusTip(),
        widget.windowTitle(),
    ]
    if isinstance(widget, QLabel):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts.append(widget.text())
        if widget.isUndoAvailable():  # Ctrl+Z must not bring the patron back
            texts.append("<undo history>")
    if isinstance(widget, QPlainTextEdit):
        texts.append(widget.toPlainText())
        if widget.document().isUndoAvailable():
            texts.append("<undo history>")
    if isinstance(widget, QTextEdit):
        texts.append(widget.toPlainText())
    if isinstance(widget, QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QComboBox):
        texts.append(widget.currentText())
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                texts.append(str(model.data(model.index(row, column)) or ""))
    return texts


def assert_no_trace(window: QWidget, page: SignupPage, needles: list[str]) -> None:
    """Walk every child widget of the window: none shows any of ``needles``, and the card view
    holds no card and no QR picture."""
    from PySide6.QtWidgets import QLabel

    found: list[tuple[str, str, str]] = []
    for widget in [window, *window.findChildren(QWidget)]:
        for text in _widget_texts(widget):
            for needle in needles:
                if needle.casefold() in text.casefold() or text == "<undo history>":
                    found.append((type(widget).__name__, widget.objectName(), needle))
    assert found == []
    assert page.card_view.card is None
    assert page.last is None
    for label in page.card_view.findChildren(QLabel):
        assert label.pixmap().isNull(), label.accessibleName()
    assert page.stack.currentWidget() is page.form_page
    assert page.form.values() == SignupForm()


def _needles(form: SignupForm, card_number: str) -> list[str]:
    return [
        form.name,
        "Quartermaine",
        card_number,
        spaced_number(card_number),
        form.email,
        form.phone,
        "5550198765",
        "77 Juniper Lane",
        "Oakhollow",
        form.date_of_birth,
        "29/03/1987",
        "03/29/1987",
    ]


def _signup(window: MainWindow) -> SignupPage:
    return window.page_of(SignupPage)


def _mode_key(window: MainWindow, qtbot: Any, key: Any) -> None:
    with qtbot.waitSignal(window.modeChanged):
        helpers.press(qtbot, key)


def test_no_trace_of_the_patron_after_checkout_done_and_back_to_sign_up(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    from PySide6.QtCore import Qt

    page = _signup(window)
    _mode_key(window, qtbot, Qt.Key.Key_F7)
    assert window.current_mode() == "signup"
    page.form.fill(WILHELMINA)
    page.submit_button.click()
    assert page.stack.currentWidget() is page.card_view
    card = page.card_view.card
    assert card is not None and card.patron_name == WILHELMINA.name
    assert page.card_view.name.text() == WILHELMINA.name
    assert not page.card_view.qr.pixmap().isNull()
    # The form behind the card no longer holds the patron's details.
    assert page.form.values() == SignupForm()

    page.card_view.checkout_button.click()
    assert window.current_mode() == "checkout"
    assert window.checkout.patron is not None
    assert window.checkout.patron.card_number == card.card_number
    (barcode,) = books(demo_store, 1)
    window.checkout.handle_scan(barcode)
    qtbot.waitUntil(lambda: len(Desk(demo_store).find_patron(card.card_number).loans) == 1)

    helpers.press(qtbot, Qt.Key.Key_F12)  # Done: next patron
    assert window.checkout.patron is None
    _mode_key(window, qtbot, Qt.Key.Key_F7)
    assert window.current_mode() == "signup"
    assert_no_trace(window, page, _needles(WILHELMINA, card.card_number))


def test_leaving_the_card_view_by_another_mode_key_clears_it(
    window: MainWindow, qtbot: Any
) -> None:
    from PySide6.QtCore import Qt

    page = _signup(window)
    window.show_mode("signup")
    page.form.fill(WILHELMINA)
    page.submit_button.click()
    card = page.card_view.card
    assert card is not None
    assert page.stack.currentWidget() is page.card_view

    _mode_key(window, qtbot, Qt.Key.Key_F3)
    assert window.current_mode() == "return"
    # Gone already while another mode shows, not only once sign-up is shown again.
    assert_no_trace(window, page, _needles(WILHELMINA, card.card_number))
    window.show_mode("signup")
    assert_no_trace(window, page, _needles(WILHELMINA, card.card_number))
    assert page.form.name.text() == ""


def test_leaving_a_half_typed_form_clears_it(window: MainWindow) -> None:
    page = _signup(window)
    window.show_mode("signup")
    page.form.fill(WILHELMINA)
    window.show_mode("checkout")
    window.show_mode("signup")
    assert page.form.values() == SignupForm()


def test_start_checkout_clears_the_card_on_a_bare_page(demo_store: Store, qtbot: Any) -> None:
    page, asked = make_page(demo_store, qtbot)
    page.form.fill(WILHELMINA)
    page.submit_button.click()
    card = page.card_view.card
    assert card is not None
    page.card_view.checkout_button.click()
    assert asked == [card.card_number]
    assert page.card_view.card is None
    assert page.card_view.qr.pixmap().isNull()
    assert page.card_view.name.text() == page.card_view.number.text() == ""
    assert page.stack.currentWidget() is page.form_page


def test_spaced_number_layouts() -> None:
    assert spaced_number("21120009000007") == "2 1120 00900000 7"
    assert spaced_number("211200090000071") == "2112 0009 0000 071"
    assert spaced_number("2112000900") == "2112 0009 00"
    assert spaced_number("21120009") == "2112 0009"
    assert spaced_number("2112") == "2112"
    assert spaced_number("TAB12CD34-000001") == "TAB12CD34-000001"
    assert spaced_number("２１１２０００９０００００７") == "２１１２０００９０００００７"


def test_leaving_with_the_duplicate_warning_open_dismisses_it(
    window: MainWindow, qtbot: Any
) -> None:
    from popup.ui.signup.duplicates import DuplicateDialog

    page = _signup(window)
    window.show_mode("signup")
    page.form.fill(WILHELMINA)
    page.submit_button.click()
    card = page.card_view.card
    assert card is not None
    page.card_view.another_button.click()
    page.form.fill(WILHELMINA)
    page.submit_button.click()
    dialog = page.duplicate_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)

    window.show_mode("return")  # e.g. the lead's code switching modes under the dialog
    assert page.duplicate_dialog is None
    qtbot.waitUntil(lambda: not window.findChildren(DuplicateDialog))
    window.show_mode("signup")
    assert_no_trace(window, page, _needles(WILHELMINA, card.card_number))
