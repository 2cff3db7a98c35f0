"""The printed card speaks the patron's preferred language, whatever language the staff read."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from popup.store.db import Store
from popup.ui.signup.card_print import CardData, CardWords
from tests.popup.ui.signup.test_signup_page import ANA, make_page


def _card_text(page: Any, tmp_path: Path) -> str:
    pdf = tmp_path / "card.pdf"
    page.card_view.save_pdf(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_english_staff_print_a_spanish_card_for_a_patron_who_prefers_spanish(
    demo_store: Store, qtbot: Any, tmp_path: Path
) -> None:
    page, _ = make_page(demo_store, qtbot)
    page.form.fill(ANA)  # language="Spanish"
    page.submit_button.click()
    card = page.card_view.card
    assert card is not None and card.language == "Spanish"
    text = _card_text(page, tmp_path)
    assert "Adulto · válida hasta" in text, text
    assert "Muestre esta tarjeta" in text, text
    assert "Show this card" not in text
    # The staff's own screen stays in English, with the date in words.
    details = page.card_view.details.text()
    assert details.startswith("Adult · card valid to ") and "-" not in details.split(" to ")[1]


def test_spanish_staff_print_an_english_card_for_a_patron_who_prefers_english(
    spanish: QApplication, demo_store: Store, qtbot: Any, tmp_path: Path
) -> None:
    page, _ = make_page(demo_store, qtbot)
    page.form.fill(dataclasses.replace(ANA, language="English"))
    page.submit_button.click()
    text = _card_text(page, tmp_path)
    assert "Adult · valid to" in text and "Show this card" in text, text
    assert page.card_view.details.text().startswith("Adulto · ")


def test_a_language_popup_has_no_translation_for_prints_in_the_staffs(
    spanish: QApplication,
) -> None:
    words = CardWords("Somali")
    assert words.code == ""
    assert words.say("TEMPORARY CARD") == "TARJETA TEMPORAL"  # the staff's Spanish
    card = CardData("L", "N", "1", False, "Teen", None, language="Somali")
    assert CardWords(card.language).category("Teen") == "Adolescente"
    # A library's own category name is printed as the library wrote it.
    assert CardWords(card.language).category("Bookmobile regulars") == "Bookmobile regulars"
