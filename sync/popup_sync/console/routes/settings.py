"""Settings: a library's settings, loan rules, closed days and card format.

The settings form is built from the declarations laptop and server share
(:mod:`popup.domain.settings`): one input per setting of scope ``LIBRARY``, of a kind that fits
its value, with the declaration's help text beside it. Every value goes through
:func:`popup_sync.library_settings.checked`, the same check as ``popup-sync admin
set-setting``; a refused value is shown next to its field in the declaration's own words, and
nothing of the form is saved (all or nothing). Every change is logged for pull like the admin
commands' (``crud``), so the laptops get it at their next pull, deletions included.

The card format is a consortium administrator's change only, with a confirmation: cards
already issued keep their numbers, so a new format can make them unreadable at the desk.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from popup.domain import settings as declared
from popup.domain.cards import CardFormat
from popup.domain.loan_rules import ANY, LoanRule
from popup.domain.settings import Scope, Setting, SettingError
from popup.domain.signup import ALWAYS_REQUIRED, CONFIGURABLE_FIELDS
from popup_sync import crud, library_settings
from popup_sync.api.deps import DatabaseDep
from popup_sync.console import audit
from popup_sync.console.access import ConsoleScope, ConsoleUserInfo, NotVisible
from popup_sync.console.deps import CheckedForm, ConsoleUser, reading, writing
from popup_sync.console.render import redirect, render
from popup_sync.models import ClosedDay, Library, LoanRuleRow, Patron

router = APIRouter()
T = TypeVar("T")

# -- how each declaration is edited ----------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Kinds of input. A declaration not named in :data:`_KINDS` gets one by its default's type,
#: and a JSON text box when nothing else fits, so a new setting is editable here at once.
NUMBER, TEXT, CHECKBOX, WEEKDAY_BOXES, FIELD_BOXES, BANDS, YEARS, JSON = (
    "number",
    "text",
    "checkbox",
    "weekdays",
    "fields",
    "bands",
    "years",
    "json",
)
_KINDS = {
    declared.CLOSED_WEEKDAYS.key: WEEKDAY_BOXES,
    declared.SIGNUP_REQUIRED_FIELDS.key: FIELD_BOXES,
    declared.CATEGORY_BANDS.key: BANDS,
    declared.ATTENDANCE_BANDS.key: BANDS,
    declared.CARD_RENEWAL_YEARS.key: YEARS,
}
_TITLES = {
    declared.TIMEZONE.key: "Time zone",
    declared.FINES_LIMIT_CENTS.key: "Fines limit (cents)",
    declared.CURRENCY.key: "Currency",
    declared.CLOSED_WEEKDAYS.key: "Closed weekdays",
    declared.CATEGORY_BANDS.key: "Patron categories by age",
    declared.ATTENDANCE_BANDS.key: "Attendance age bands",
    declared.CARD_EXPIRY_YEARS.key: "Card validity (years)",
    declared.CARD_RENEWAL_YEARS.key: "Card renewal (years per category)",
    declared.CARD_RANGE_LOW_WARNING.key: "Card numbers low warning",
    declared.SIGNUP_REQUIRED_FIELDS.key: "Required sign-up fields",
    declared.IDLE_LOCK_SECONDS.key: "Lock the laptop after (seconds idle)",
    declared.VOLUNTEERS_MAY_SIGN_UP.key: "Volunteers may sign patrons up",
}
#: The groups of the form, in order; a setting not named here goes to the last.
_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Money and time",
        (declared.CURRENCY.key, declared.FINES_LIMIT_CENTS.key, declared.TIMEZONE.key),
    ),
    ("Opening days", (declared.CLOSED_WEEKDAYS.key,)),
    (
        "Patron cards",
        (
            declared.CARD_EXPIRY_YEARS.key,
            declared.CARD_RENEWAL_YEARS.key,
            declared.CARD_RANGE_LOW_WARNING.key,
        ),
    ),
    (
        "Sign-up and ages",
        (
            declared.SIGNUP_REQUIRED_FIELDS.key,
            declared.CATEGORY_BANDS.key,
            declared.ATTENDANCE_BANDS.key,
        ),
    ),
    (
        "Staff and volunteers",
        (declared.VOLUNTEERS_MAY_SIGN_UP.key, declared.IDLE_LOCK_SECONDS.key),
    ),
)
_OTHER = "Other settings"


def kind_of(decl: Setting[Any]) -> str:
    if decl.key in _KINDS:
        return _KINDS[decl.key]
    if isinstance(decl.default, bool):
        return CHECKBOX
    if isinstance(decl.default, int):
        return NUMBER
    if decl.default is None or isinstance(decl.default, str):
        return TEXT
    return JSON


def title_of(decl: Setting[Any]) -> str:
    return _TITLES.get(decl.key) or decl.key.replace("_", " ").capitalize()


def editable() -> tuple[Setting[Any], ...]:
    """The settings of the form: every ``LIBRARY`` setting but the card format (its own
    section, an administrator's change)."""
    return tuple(d for d in declared.in_scope(Scope.LIBRARY) if d.key != declared.CARD_FORMAT.key)


@dataclass
class Option:
    value: str
    label: str
    checked: bool
    #: Always on (a sign-up field the declaration always requires).
    locked: bool = False


@dataclass
class FieldView:
    """One setting's input, as the page shows it (the stored value, or what was typed)."""

    key: str
    title: str
    help: str
    kind: str
    text: str = ""
    checked: bool = False
    options: list[Option] = field(default_factory=list)
    error: str = ""
    rows: int = 4


def _number_or_text(text: str) -> object:
    """An int when ``text`` is one, else the text itself, so the declaration says what is
    wrong with it in its own words."""
    try:
        return int(text.strip())
    except ValueError:
        return text.strip()


def _bands_text(value: object) -> str:
    lines = []
    for band in value if isinstance(value, list) else []:
        high = band.get("max_age")
        lines.append(
            f"{band.get('code')} | {band.get('label')} | {band.get('min_age')} | "
            f"{'' if high is None else high}"
        )
    return "\n".join(lines)


def _bands_value(text: str) -> list[dict[str, object]]:
    bands = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4:
            raise ValueError(
                f"line {number} should read code | label | min age | max age"
                " (max age empty: no limit)"
            )
        code, label, low, high = parts
        bands.append(
            {
                "code": code,
                "label": label,
                "min_age": _number_or_text(low),
                "max_age": None if high == "" else _number_or_text(high),
            }
        )
    return bands


def _years_text(value: object) -> str:
    if not isinstance(value, dict):
        return ""
    return "\n".join(f"{category} = {years}" for category, years in value.items())


def _years_value(text: str) -> dict[str, object]:
    years: dict[str, object] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        category, sep, count = line.partition("=")
        if not sep:
            raise ValueError(f"line {number} should read CATEGORY = years, e.g. CHILD = 1")
        years[category.strip()] = _number_or_text(count)
    return years


def view_of(decl: Setting[Any], value: object) -> FieldView:
    """The input of ``decl`` showing the stored JSON ``value``."""
    kind = kind_of(decl)
    view = FieldView(decl.key, title_of(decl), decl.help, kind)
    if kind == NUMBER:
        view.text = str(value)
    elif kind == TEXT:
        view.text = "" if value is None else str(value)
    elif kind == CHECKBOX:
        view.checked = bool(value)
    elif kind == WEEKDAY_BOXES:
        days = set(value) if isinstance(value, list) else set()
        view.options = [Option(str(n), name, n in days) for n, name in enumerate(WEEKDAYS)]
    elif kind == FIELD_BOXES:
        names = set(value) if isinstance(value, list) else set()
        view.options = [
            Option(name, name.replace("_", " "), name in names or name in ALWAYS_REQUIRED)
            for name in CONFIGURABLE_FIELDS
        ]
        for option in view.options:
            option.locked = option.value in ALWAYS_REQUIRED
    elif kind == BANDS:
        view.text = _bands_text(value)
        view.rows = max(4, view.text.count("\n") + 2)
    elif kind == YEARS:
        view.text = _years_text(value)
    else:
        view.text = json.dumps(value, ensure_ascii=False)
    return view


def typed_view(decl: Setting[Any], form: Mapping[str, str]) -> FieldView:
    """The input of ``decl`` showing what was typed into it (a refused form, shown again)."""
    kind = kind_of(decl)
    view = FieldView(decl.key, title_of(decl), decl.help, kind)
    name = f"s.{decl.key}"
    if kind in (WEEKDAY_BOXES, FIELD_BOXES):
        view = view_of(decl, [])
        for option in view.options:
            option.checked = option.locked or bool(form.get(f"{name}.{option.value}"))
    elif kind == CHECKBOX:
        view.checked = bool(form.get(name))
    else:
        view.text = form.get(name, "")
        view.rows = max(4, view.text.count("\n") + 2)
    return view


def value_from(decl: Setting[Any], form: Mapping[str, str]) -> object:
    """The JSON value the form means for ``decl`` (to be checked by the declaration), or
    ValueError with a sentence when the text cannot be read at all."""
    kind = kind_of(decl)
    name = f"s.{decl.key}"
    if kind == WEEKDAY_BOXES:
        return [n for n in range(7) if form.get(f"{name}.{n}")]
    if kind == FIELD_BOXES:
        return [f for f in CONFIGURABLE_FIELDS if f in ALWAYS_REQUIRED or form.get(f"{name}.{f}")]
    if kind == CHECKBOX:
        return bool(form.get(name))
    text = form.get(name, "")
    if kind == NUMBER:
        return _number_or_text(text)
    if kind == TEXT:
        return None if decl.default is None and not text.strip() else text.strip()
    if kind == BANDS:
        return _bands_value(text)
    if kind == YEARS:
        return _years_value(text)
    try:
        return json.loads(text)
    except ValueError:
        raise ValueError('is not a JSON value (e.g. 5, "text", [1, 2])') from None


def read_settings(form: Mapping[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    """(key -> checked JSON value, key -> why refused) for every setting on the form (each
    input comes with a hidden ``shown.<key>``: an unticked box sends nothing, while a setting
    missing from the form altogether is left as it is)."""
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for decl in editable():
        if f"shown.{decl.key}" not in form:
            continue
        try:
            values[decl.key] = library_settings.checked(decl.key, value_from(decl, form))
        except SettingError as exc:
            errors[decl.key] = exc.problem
        except ValueError as exc:
            errors[decl.key] = str(exc)
    return values, errors


def grouped(views: list[FieldView]) -> list[tuple[str, list[FieldView]]]:
    by_key = {v.key: v for v in views}
    out = []
    for title, keys in _GROUPS:
        members = [by_key.pop(k) for k in keys if k in by_key]
        if members:
            out.append((title, members))
    if by_key:
        out.append((_OTHER, list(by_key.values())))
    return out


# -- loan rules, closed days, card format ----------------------------------------------------

RULE_DEFAULTS = {"category": ANY, "item_type": ANY, "days": "", "renewals": "2", "max_items": "30"}
#: Upper bounds of a rule's numbers (a typing slip, not a policy: ten years, 99 renewals).
_RULE_LIMITS = {"days": 3650, "renewals": 99, "max_items": 9999}
_RULE_WORDS = {"days": "Loan days", "renewals": "Renewals", "max_items": "Max items"}


def read_rule(form: Mapping[str, str]) -> LoanRule:
    """The loan rule the form describes, or ValueError naming the field and what is wrong."""
    codes = {}
    for name, words in (("category", "Patron category"), ("item_type", "Item type")):
        code = form.get(f"rule.{name}", "").strip().upper()
        if not code:
            raise ValueError(f"{words}: write a code, or * for any")
        if len(code) > 32 or not code.isprintable():
            raise ValueError(f"{words}: a code of at most 32 letters or digits, or *")
        codes[name] = code
    numbers = {}
    for name, limit in _RULE_LIMITS.items():
        text = form.get(f"rule.{name}", "").strip()
        try:
            number = int(text)
        except ValueError:
            raise ValueError(f"{_RULE_WORDS[name]}: must be a whole number, not {text!r}") from None
        if not 0 <= number <= limit:
            raise ValueError(f"{_RULE_WORDS[name]}: must be between 0 and {limit}, not {number}")
        numbers[name] = number
    return LoanRule(
        patron_category=codes["category"],
        item_type=codes["item_type"],
        loan_days=numbers["days"],
        max_renewals=numbers["renewals"],
        max_items=numbers["max_items"],
        loanable=bool(form.get("rule.loanable")),
    )


def read_day(form: Mapping[str, str]) -> tuple[date, str | None]:
    text = form.get("day.date", "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Date: {text!r} is not a date (YYYY-MM-DD)") from None
    reason = form.get("day.reason", "").strip()
    if len(reason) > 200:
        raise ValueError("Reason: at most 200 characters")
    return day, reason or None


@dataclass(frozen=True)
class CardField:
    name: str
    kind: str
    text: str
    checked: bool
    #: Empty means null (no institution: numbers of any institution are accepted).
    optional: bool = False


def card_fields(value: Mapping[str, object]) -> list[CardField]:
    """The card format's inputs, one per field of :class:`CardFormat`."""
    out = []
    for f in dataclasses.fields(CardFormat):
        current = value.get(f.name)
        default = f.default
        kind = (
            CHECKBOX if isinstance(default, bool) else NUMBER if isinstance(default, int) else TEXT
        )
        text = "" if current is None else str(current)
        out.append(CardField(f.name, kind, text, current is True, optional=default is None))
    return out


def card_value(form: Mapping[str, str]) -> dict[str, object]:
    value: dict[str, object] = {}
    for f in card_fields({}):
        text = form.get(f"card.{f.name}", "")
        if f.kind == CHECKBOX:
            value[f.name] = bool(text)
        elif f.kind == NUMBER:
            value[f.name] = _number_or_text(text)
        else:
            value[f.name] = text.strip() or (None if f.optional else "")
    return value


def card_fields_typed(form: Mapping[str, str]) -> list[CardField]:
    return [
        CardField(f.name, f.kind, form.get(f"card.{f.name}", ""), bool(form.get(f"card.{f.name}")))
        for f in card_fields({})
    ]


# -- the page ----------------------------------------------------------------------------------


@dataclass
class Shown:
    """What a refused form puts back on the page (what was typed, and why it was refused)."""

    settings: Mapping[str, str] | None = None
    setting_errors: dict[str, str] = field(default_factory=dict)
    rule: Mapping[str, str] | None = None
    rule_error: str = ""
    day: Mapping[str, str] | None = None
    day_error: str = ""
    card: Mapping[str, str] | None = None
    card_error: str = ""


def _library(scope: ConsoleScope, code: str) -> Library:
    """The library at ``code`` if this user may change its settings (a viewer may not)."""
    library = scope.library(code)
    scope.require_change()
    return library


def _rule_of(scope: ConsoleScope, library: Library, rule_id: str) -> LoanRuleRow:
    """The library's rule with this id (another library's answers like an unknown one)."""
    try:
        number = int(rule_id)
    except ValueError:
        raise NotVisible("loan rule") from None
    if not 0 < number < 2**31:  # the column's range: a bigger id would be a database error
        raise NotVisible("loan rule")
    rule = scope.get(LoanRuleRow, number, "loan rule")
    if rule.library_id != library.id:
        raise NotVisible("loan rule")
    return rule


def _page(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUserInfo,
    code: str,
    *,
    status: int = 200,
    shown: Shown | None = None,
    edit_rule: str = "",
) -> HTMLResponse:
    shown = shown or Shown()
    with reading(db, user) as scope:
        library = _library(scope, code)
        values = {decl.key: value for decl, value in library_settings.listing(library)}
        views = []
        for decl in editable():
            if shown.settings is not None and f"shown.{decl.key}" in shown.settings:
                view = typed_view(decl, shown.settings)
            else:
                view = view_of(decl, values.get(decl.key, decl.default_json))
            view.error = shown.setting_errors.get(decl.key, "")
            views.append(view)
        rules = list(
            scope.session.scalars(
                scope.select(LoanRuleRow, [library.id]).order_by(
                    LoanRuleRow.patron_category, LoanRuleRow.item_type
                )
            )
        )
        rule_form = dict(RULE_DEFAULTS, loanable="1")
        if shown.rule is not None:
            rule_form = {k: shown.rule.get(f"rule.{k}", "") for k in (*RULE_DEFAULTS, "loanable")}
        elif edit_rule:
            row = _rule_of(scope, library, edit_rule)
            rule_form = {
                "category": row.patron_category,
                "item_type": row.item_type,
                "days": str(row.loan_days),
                "renewals": str(row.max_renewals),
                "max_items": str(row.max_items),
                "loanable": "1" if row.loanable else "",
            }
        today = library_settings.today(library)
        days = list(
            scope.session.scalars(
                scope.select(ClosedDay, [library.id])
                .where(ClosedDay.day >= today)
                .order_by(ClosedDay.day)
            )
        )
        card_now = values.get(declared.CARD_FORMAT.key, declared.CARD_FORMAT.default_json)
        cards = card_fields(card_now if isinstance(card_now, dict) else {})
        if shown.card is not None:
            cards = card_fields_typed(shown.card)
        cards_issued = scope.session.scalar(
            select(func.count()).select_from(Patron).where(scope.owns(Patron, [library.id]))
        )
        laptop_only = [(title_of(d), d.key, d.help) for d in declared.in_scope(Scope.LAPTOP)]
        page = {
            "library": library,
            "groups": grouped(views),
            "setting_errors": shown.setting_errors,
            "rules": rules,
            "rule_form": rule_form,
            "rule_error": shown.rule_error,
            "editing": bool(edit_rule),
            "days": days,
            "today": today,
            "day_form": {
                "date": (shown.day or {}).get("day.date", ""),
                "reason": (shown.day or {}).get("day.reason", ""),
            },
            "day_error": shown.day_error,
            "cards": cards,
            "card_help": declared.CARD_FORMAT.help,
            "card_error": shown.card_error,
            "cards_issued": cards_issued or 0,
            "laptop_only": laptop_only,
            "any": ANY,
        }
    return render(
        request,
        "settings.html",
        user,
        status=status,
        title=f"Settings · {library.code}",
        **page,
    )


def _url(code: str) -> str:
    return f"/console/settings/{quote(code.strip(), safe='')}"


@router.get("/console/settings", response_class=HTMLResponse)
def settings_index(request: Request, db: DatabaseDep, user: ConsoleUser) -> Response:
    with reading(db, user) as scope:
        scope.require_change()
        libraries = [(lib.code, lib.name) for lib in scope.libraries()]
    if len(libraries) == 1:
        return RedirectResponse(_url(libraries[0][0]), status_code=303)
    return render(request, "settings_index.html", user, title="Settings", libraries=libraries)


@router.get("/console/settings/{code}", response_class=HTMLResponse)
def settings_page(
    request: Request, code: str, db: DatabaseDep, user: ConsoleUser, rule: str = ""
) -> HTMLResponse:
    return _page(request, db, user, code, edit_rule=rule)


def _change(
    db: DatabaseDep, user: ConsoleUserInfo, code: str, work: Callable[[ConsoleScope, Library], T]
) -> T:
    """Run ``work`` on the library at ``code`` in one write transaction (a viewer, or another
    library's manager, is refused before anything is read)."""
    return writing(db, user, lambda scope: work(scope, _library(scope, code)))


@router.post("/console/settings/{code}", response_class=HTMLResponse)
def save_settings(
    request: Request, code: str, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    with reading(db, user) as scope:
        _library(scope, code)
    values, errors = read_settings(form)
    if errors:
        shown = Shown(settings=form, setting_errors=errors)
        return _page(request, db, user, code, status=400, shown=shown)

    def save(scope: ConsoleScope, library: Library) -> list[str]:
        changed = []
        before = library_settings.values(library).json(values)
        for key, value in values.items():
            if before[key] == value:
                continue
            crud.set_setting(session=scope.session, library=library, key=key, value=value)
            audit.record(
                scope.session,
                user,
                "setting.set",
                library_id=library.id,
                target=f"{library.code} {key}",
                key=key,
                old=before[key],
                new=value,
            )
            changed.append(key)
        return changed

    changed = _change(db, user, code, save)
    if not changed:
        return redirect(_url(code), flash="Nothing changed.")
    names = ", ".join(title_of(declared.BY_KEY[k]) for k in changed)
    return redirect(_url(code), flash=f"Saved: {names}. Laptops get it at their next sync.")


@router.post("/console/settings/{code}/card-format", response_class=HTMLResponse)
def save_card_format(
    request: Request, code: str, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    with reading(db, user) as scope:
        _library(scope, code)
        scope.require_admin()
    key = declared.CARD_FORMAT.key
    try:
        value = library_settings.checked(key, card_value(form))
    except SettingError as exc:
        return _page(
            request, db, user, code, status=400, shown=Shown(card=form, card_error=exc.problem)
        )
    if not form.get("card.confirm"):
        why = "Tick the box to confirm that cards already issued may stop being accepted."
        return _page(request, db, user, code, status=400, shown=Shown(card=form, card_error=why))

    def save(scope: ConsoleScope, library: Library) -> bool:
        scope.require_admin()
        before = library_settings.values(library).json([key])[key]
        if before == value:
            return False
        crud.set_setting(session=scope.session, library=library, key=key, value=value)
        audit.record(
            scope.session,
            user,
            "setting.set",
            library_id=library.id,
            target=f"{library.code} {key}",
            key=key,
            old=before,
            new=value,
        )
        return True

    if not _change(db, user, code, save):
        return redirect(_url(code), flash="The card format is unchanged.")
    return redirect(_url(code), flash="Card format saved.")


@router.post("/console/settings/{code}/rules", response_class=HTMLResponse)
def save_rule(
    request: Request, code: str, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    with reading(db, user) as scope:
        _library(scope, code)
    try:
        rule = read_rule(form)
    except ValueError as exc:
        shown = Shown(rule=form, rule_error=str(exc))
        return _page(request, db, user, code, status=400, shown=shown)

    def save(scope: ConsoleScope, library: Library) -> None:
        crud.add_rule(session=scope.session, library=library, rule=rule)
        audit.record(
            scope.session,
            user,
            "loan_rule.save",
            library_id=library.id,
            target=f"{library.code} {rule.patron_category}/{rule.item_type}",
            **dataclasses.asdict(rule),
        )

    _change(db, user, code, save)
    key = f"{rule.patron_category}/{rule.item_type}"
    return redirect(_url(code), flash=f"Loan rule {key} saved.")


@router.post("/console/settings/{code}/rules/{rule_id}/delete", response_class=HTMLResponse)
def delete_rule(
    code: str, rule_id: str, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    def delete(scope: ConsoleScope, library: Library) -> str:
        row = _rule_of(scope, library, rule_id)
        category, item_type = row.patron_category, row.item_type
        crud.delete_rule(
            session=scope.session, library=library, patron_category=category, item_type=item_type
        )
        audit.record(
            scope.session,
            user,
            "loan_rule.delete",
            library_id=library.id,
            target=f"{library.code} {category}/{item_type}",
        )
        return f"{category}/{item_type}"

    key = _change(db, user, code, delete)
    return redirect(_url(code), flash=f"Loan rule {key} deleted.")


@router.post("/console/settings/{code}/closed-days", response_class=HTMLResponse)
def add_closed_day(
    request: Request, code: str, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    with reading(db, user) as scope:
        today = library_settings.today(_library(scope, code))
    try:
        day, reason = read_day(form)
        if day < today:
            raise ValueError(f"Date: {day.isoformat()} has passed (today is {today.isoformat()})")
    except ValueError as exc:
        shown = Shown(day=form, day_error=str(exc))
        return _page(request, db, user, code, status=400, shown=shown)

    def add(scope: ConsoleScope, library: Library) -> None:
        crud.add_closed_day(session=scope.session, library=library, day=day, reason=reason)
        audit.record(
            scope.session,
            user,
            "closed_day.add",
            library_id=library.id,
            target=f"{library.code} {day.isoformat()}",
            reason=reason,
        )

    _change(db, user, code, add)
    return redirect(_url(code), flash=f"{day.isoformat()} is a closed day.")


@router.post("/console/settings/{code}/closed-days/{day}/delete", response_class=HTMLResponse)
def remove_closed_day(
    code: str, day: str, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    def remove(scope: ConsoleScope, library: Library) -> date:
        try:
            when = date.fromisoformat(day)
        except ValueError:
            raise NotVisible("closed day") from None
        scope.get(ClosedDay, (library.id, when), "closed day")
        crud.remove_closed_day(session=scope.session, library=library, day=when)
        audit.record(
            scope.session,
            user,
            "closed_day.remove",
            library_id=library.id,
            target=f"{library.code} {when.isoformat()}",
        )
        return when

    when = _change(db, user, code, remove)
    return redirect(_url(code), flash=f"{when.isoformat()} is open again.")
