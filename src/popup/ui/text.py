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


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for lupdate under ``context``; translate it where it is shown.

    Qt's own marker is typed as returning ``object``; lupdate finds this one by its name.
    """
    del context
    return text


#: A short heading per concern code (English source; shown translated).
_TITLES: dict[Code, str] = {
    Code.CARD_EXPIRED: QT_TRANSLATE_NOOP("desk", "Card expired"),
    Code.FINES_OVER_LIMIT: QT_TRANSLATE_NOOP("desk", "Fines over the limit"),
    Code.MANUAL_BLOCK: QT_TRANSLATE_NOOP("desk", "Blocked by staff"),
    Code.TOO_MANY_ITEMS: QT_TRANSLATE_NOOP("desk", "Too many items out"),
    Code.ITEM_ON_LOAN_TO_OTHER: QT_TRANSLATE_NOOP("desk", "Item is still out to someone else"),
    Code.ITEM_ALREADY_ON_LOAN_TO_PATRON: QT_TRANSLATE_NOOP(
        "desk", "This patron already has this item"
    ),
    Code.ITEM_ON_HOLD: QT_TRANSLATE_NOOP("desk", "Item is on hold for another patron"),
    Code.ITEM_NOT_FOR_LOAN: QT_TRANSLATE_NOOP("desk", "Item is not for loan"),
    Code.ITEM_UNAVAILABLE: QT_TRANSLATE_NOOP("desk", "Item is not available"),
    Code.MAX_RENEWALS_REACHED: QT_TRANSLATE_NOOP("desk", "No renewals left"),
    Code.ITEM_NOT_ON_LOAN: QT_TRANSLATE_NOOP("desk", "Item was not on loan"),
    Code.HOLD_TRAP: QT_TRANSLATE_NOOP("desk", "A patron is waiting for this item"),
    Code.ROUTE_ITEM: QT_TRANSLATE_NOOP("desk", "Route to another library"),
}


def concern_title(code: Code) -> str:
    """A short translated heading for a concern code."""
    source = _TITLES.get(code)
    return QCoreApplication.translate("desk", source) if source else code.value


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
    if concern.message == _TITLES.get(concern.code):
        return concern_title(concern.code)  # the English says no more than the heading
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
