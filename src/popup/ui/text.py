"""Translated words for domain values: concern codes, item instructions, dates.

The domain's messages (``Concern.message``, ``str(DeskError)``) are English sentences with the
specifics filled in. Where a concern's code says enough, staff see a translated sentence
instead; the English detail is kept only where it carries specifics the code cannot (a library
code, a count).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from popup.domain.concerns import Code, Concern


def tr(text: str, context: str = "desk") -> str:
    return QCoreApplication.translate(context, text)


def concern_title(code: Code) -> str:
    """A short translated heading for a concern code."""
    titles = {
        Code.CARD_EXPIRED: QCoreApplication.translate("desk", "Card expired"),
        Code.FINES_OVER_LIMIT: QCoreApplication.translate("desk", "Fines over the limit"),
        Code.MANUAL_BLOCK: QCoreApplication.translate("desk", "Blocked by staff"),
        Code.TOO_MANY_ITEMS: QCoreApplication.translate("desk", "Too many items out"),
        Code.ITEM_ON_LOAN_TO_OTHER: QCoreApplication.translate(
            "desk", "Item is still out to someone else"
        ),
        Code.ITEM_ALREADY_ON_LOAN_TO_PATRON: QCoreApplication.translate(
            "desk", "This patron already has this item"
        ),
        Code.ITEM_ON_HOLD: QCoreApplication.translate("desk", "Item is on hold for another patron"),
        Code.ITEM_NOT_FOR_LOAN: QCoreApplication.translate("desk", "Item is not for loan"),
        Code.ITEM_UNAVAILABLE: QCoreApplication.translate("desk", "Item is not available"),
        Code.MAX_RENEWALS_REACHED: QCoreApplication.translate("desk", "No renewals left"),
        Code.ITEM_NOT_ON_LOAN: QCoreApplication.translate("desk", "Item was not on loan"),
        Code.HOLD_TRAP: QCoreApplication.translate("desk", "A patron is waiting for this item"),
        Code.ROUTE_ITEM: QCoreApplication.translate("desk", "Route to another library"),
    }
    return titles.get(code, code.value)


def ui_is_english() -> bool:
    return QLocale().language() in (QLocale.Language.English, QLocale.Language.C)


def concern_text(concern: Concern) -> str:
    """A staff-readable sentence for ``concern`` in the UI language.

    In English the domain's message already names the specifics ("Card expired on 2026-01-03").
    In another language the translated heading comes first and the English specifics follow in
    brackets, until the domain grows structured parameters.
    """
    if concern.code is Code.ROUTE_ITEM:
        return QCoreApplication.translate("desk", "Send to {0}").format(concern.message)
    if ui_is_english():
        return concern.message
    return f"{concern_title(concern.code)} ({concern.message})"


def instruction_text(hold: bool, route_to: str | None, this_library: str) -> str:
    """What to do with a returned item, in the UI language."""
    if hold and route_to:
        return QCoreApplication.translate("desk", "HOLD for {0}: route it").format(route_to)
    if hold:
        return QCoreApplication.translate("desk", "HOLD: put it on the hold shelf")
    if route_to and route_to != this_library:
        return QCoreApplication.translate("desk", "Belongs to {0}: route it").format(route_to)
    return QCoreApplication.translate("desk", "Shelve")


def date_text(day: date | None) -> str:
    """A date for the desk, e.g. "18 Dec 2026" (the pattern is translatable)."""
    if day is None:
        return QCoreApplication.translate("desk", "none")
    # "18 Dec 2026": unambiguous between US and European readers, month name translated.
    return QLocale().toString(
        QDate(day.year, day.month, day.day), QCoreApplication.translate("desk", "d MMM yyyy")
    )


def long_date_text(day: date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)
