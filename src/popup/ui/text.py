"""Staff-facing words for what the Qt-free core reports: concerns, refused scans and requests,
sign-up errors, the sync status and inbox explanations, event and attendance errors, dates,
money.

The core reports each by a stable key and its specifics (``params``); the English source of
every key is in :mod:`popup.domain.messages` (the translation message table), which is also
where the core renders its English sentence from. Here the source is translated in its
catalogue's context and the specifics are rendered for the UI locale: ISO dates as the desk
writes dates, cents as a locale number, item statuses translated; library data (codes, item
types, patron categories, initials, scanned numbers, staff-typed reasons) is shown as it is.

Concerns and refusals are worded from their source in English too, so that their dates and
amounts read as the desk writes them ("due 2 Jan 2027", not the core's "2027-01-02"). A key
without a sentence, or a translation naming a specific the core did not give, falls back to
the core's English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime

from popup.domain import messages
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS, AgeBand
from popup.domain.concerns import Concern, Params
from popup.domain.messages import QT_TRANSLATE_NOOP as QT_TRANSLATE_NOOP  # UI's lupdate marker
from popup.domain.messages import Catalogue
from popup.domain.refusals import Refusal
from popup.domain.signup import FieldError
from popup.store.circulation import NeedsOverride, UndoResult

if TYPE_CHECKING:  # the sync client (requests) loads with the sync page, after start-up
    from popup.sync_client.status import InboxEntry, Line, SyncStatus

# Params that are ISO dates, shown as the desk shows dates.
_DATE_PARAMS = frozenset({"expiry", "due", "born", "today", "lost"})


def ui_is_english() -> bool:
    return QLocale().language() in (QLocale.Language.English, QLocale.Language.C)


#: The library's currency (the ``currency`` setting), set by :func:`use_currency`.
_currency = ["USD"]


def use_currency(code: str) -> None:
    """Show amounts in ``code`` (the library's ``currency`` setting) from now on."""
    _currency[0] = code


def money_text(cents: int) -> str:
    """An amount with its currency as the UI locale writes it ("$6.50", "6,50 US$")."""
    locale = QLocale()
    code = _currency[0]
    # The locale's own sign for its own currency ("$", "€"); the ISO code for any other.
    symbol = (
        locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)
        if locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode) == code
        else code
    )
    text = locale.toCurrencyString(cents / 100, symbol, 2)
    if symbol == code:  # Qt glues a code to the digits ("EUR12.50"): keep them apart
        if text.startswith(code):
            text = f"{code}\u00a0{text[len(code) :]}"
        elif text.endswith(code) and not text[: -len(code)].endswith(("\u00a0", " ")):
            text = f"{text[: -len(code)]}\u00a0{code}"
    return text


def _shown(params: Params) -> dict[str, str]:
    """Each specific as the UI locale writes it (raises ValueError for a malformed date)."""
    shown: dict[str, str] = {}
    for name, value in params:
        if name.endswith("_cents") and isinstance(value, int):
            shown[name.removesuffix("_cents")] = money_text(value)
        elif name in _DATE_PARAMS and isinstance(value, str):
            shown[name] = date_text(date.fromisoformat(value))
        elif name == "status" and messages.ITEM_STATUSES.source(str(value)):
            shown[name] = translated(messages.ITEM_STATUSES, str(value))
        else:
            shown[name] = str(value)
    return shown


def translated(catalogue: Catalogue, key: str) -> str:
    """The source of ``key`` in the UI language, placeholders unfilled ("" if unknown)."""
    source = catalogue.source(key)
    return QCoreApplication.translate(catalogue.context, source) if source else ""


def sentence(
    catalogue: Catalogue,
    key: str,
    params: Params,
    english: str,
    extra: Mapping[str, str] | None = None,
) -> str:
    """The sentence of ``key`` in the UI language with ``params`` filled in; ``english`` when
    the catalogue has no such key or the translation names a specific the core did not give."""
    source = catalogue.source(key)
    if source is None:
        return english
    try:
        values = {**_shown(params), **(extra or {})}
        return QCoreApplication.translate(catalogue.context, source).format(**values)
    except (KeyError, IndexError, ValueError):
        return english


def concern_text(concern: Concern) -> str:
    """A staff-readable sentence for ``concern`` in the UI language, specifics included (dates
    and money as the UI locale writes them, in English too)."""
    return sentence(messages.CONCERNS, concern.key, concern.params, concern.message)


def refusal_text(exc: Refusal) -> str:
    """Any refusal of the core (a refused scan or request, a scanned number's problem, a
    sign-up, event or sync refusal) in the UI language, with what was scanned; the English
    sentence in English, and words from elsewhere (the server's) as they are."""
    if not exc.key:
        return str(exc)
    if isinstance(exc, NeedsOverride):
        return f"{exc.subject}: " + "; ".join(concern_text(c) for c in exc.concerns)
    extra = {"problem": refusal_text(exc.invalid)} if exc.invalid is not None else None
    return sentence(exc.CATALOGUE, exc.key, exc.params, str(exc), extra)


def field_error_text(error: str) -> str:
    """A sign-up error beside its field, in the UI language (a plain ``str`` as it is)."""
    if ui_is_english() or not isinstance(error, FieldError):
        return str(error)
    extra = {"problem": refusal_text(error.invalid)} if error.invalid is not None else None
    return sentence(messages.FIELDS, error.key, error.params, str(error), extra)


def sync_line_text(line: Line) -> str:
    """A piece of sync text in the UI language; words from elsewhere as they are."""
    if ui_is_english() or not line.key:
        return line.text
    return sentence(line.catalogue, line.key, line.params, line.text)


def sync_status_text(status: SyncStatus, now: datetime) -> str:
    """The sync status line in the UI language, "last sync N min ago" counted to ``now``."""
    return " · ".join(sync_line_text(line) for line in status.lines(now))


def explanation_texts(entry: InboxEntry) -> tuple[str, str]:
    """What happened and what to do about an inbox entry, in the UI language."""
    happened, todo = entry.explained
    return sync_line_text(happened), sync_line_text(todo)


def undone_text(result: UndoResult) -> str:
    """What Undo took back ("Checkout of Dune undone."), in the UI language."""
    if not result.title:
        return result.description
    extra = {"title": result.title}
    return sentence(messages.UNDONE, result.target_kind, (), result.description, extra)


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


def time_text(moment: datetime, zone: tzinfo | None = None) -> str:
    """A time of day as the locale writes it ("15:05", "3:05 PM"), on this computer's clock
    or in ``zone``."""
    local = moment.astimezone(zone)
    return QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)


def long_date_text(day: date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)


def idle_cleared_text(seconds: int) -> str:
    """The desk's note after the idle clear: "Cleared after 2 minutes without activity."
    (whole minutes as minutes, anything else in seconds)."""
    minutes, rest = divmod(seconds, 60)
    # The one-unit sentences are their own strings: English has no .qm to pick a plural form.
    if rest == 0 and minutes == 1:
        return QCoreApplication.translate("idle", "Cleared after 1 minute without activity.")
    if rest == 0:
        return QCoreApplication.translate(
            "idle", "Cleared after %n minutes without activity.", "", minutes
        )
    if seconds == 1:
        return QCoreApplication.translate("idle", "Cleared after 1 second without activity.")
    return QCoreApplication.translate(
        "idle", "Cleared after %n seconds without activity.", "", seconds
    )


#: The default patron categories' names (popup.domain.age_bands), translated wherever they are
#: shown; a library's own names are shown as the library wrote them.
CATEGORY_NAMES = (
    QT_TRANSLATE_NOOP("signup", "Child"),
    QT_TRANSLATE_NOOP("signup", "Teen"),
    QT_TRANSLATE_NOOP("signup", "Adult"),
    QT_TRANSLATE_NOOP("signup", "Senior"),
)


def category_text(code: str, bands: Sequence[AgeBand] = DEFAULT_CATEGORY_BANDS) -> str:
    """A patron's category (stored as its code, "ADULT") as staff read it: "Adult", "Adulto"."""
    label = next((band.label for band in bands if band.code == code), code)
    return QCoreApplication.translate("signup", label) if label in CATEGORY_NAMES else label
