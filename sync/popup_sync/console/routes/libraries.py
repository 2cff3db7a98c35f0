"""Libraries: the day-to-day administration ``popup-sync admin`` does from a terminal, in the
browser — each library's counts and card counter, its branches and vehicles, catalogue
sharing, imports (items, patrons and holds CSV; MARC; Koha patron CSV), expiring holds,
merging two patron records, and creating a library.

Every change calls the same :mod:`popup_sync.crud` / :mod:`popup_sync.ils_import` function as
the command line, on a library found through the user's scope first, so another library's code
answers exactly like an unknown one. Uploads are read into memory up to the server's body
limit (``max_body_bytes``); a file that is too big, not UTF-8 or not the kind asked for is
refused in words on a page, and a CSV with a bad row imports nothing (as on the command line).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select

from popup.domain.cards import CardFormat
from popup.domain.holds import ACTIVE as ACTIVE_HOLDS
from popup.domain.koha_patrons import DATE_FORMATS
from popup.domain.marc.records import HoldingsMap, MarcOptions
from popup.domain.patron_cards import masked_text
from popup.domain.settings import CURRENCY, TIMEZONE
from popup_sync import crud, ils_import, library_settings
from popup_sync.api.deps import DatabaseDep, get_settings
from popup_sync.console import audit
from popup_sync.console.access import ConsoleScope, ConsoleUserInfo, NotVisible, row_id
from popup_sync.console.deps import CheckedForm, ConsoleUser, checked_form, reading, writing
from popup_sync.console.render import redirect, render
from popup_sync.models import Branch, Device, Hold, Item, Library, Loan, Patron, PatronAlias

router = APIRouter()

#: The imports the page offers: form name -> what the page calls it.
IMPORTS = {
    "items": "Items (CSV)",
    "patrons": "Patrons (CSV)",
    "holds": "Holds (CSV)",
    "marc": "Catalogue (MARC21 or MARCXML)",
    "koha": "Koha patron export (CSV)",
}
#: How many problems of one import the page lists (a wrong file can have thousands).
SHOWN_PROBLEMS = 200
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
#: A card number in an importer's message (they quote the number of a bad row): the page
#: names the line and field, and shows a patron's card only masked, as everywhere.
#: The imports whose messages can carry patrons' card numbers.
_PATRON_IMPORTS = ("patrons", "holds", "koha")
_SUBFIELD = re.compile(r"^[A-Za-z0-9]$")


# -- uploads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """A POSTed import form: its text fields and its file."""

    fields: dict[str, str]
    name: str
    data: bytes


async def checked_upload(request: Request, user: ConsoleUser) -> Upload:
    """The import form, CSRF-checked like any form, with its file. Its size is bounded by the
    server's body limit (``max_body_bytes``, :class:`~popup_sync.api.limits.BodyLimit`), which
    answers a console page with a 413 page in words; the body is read here first, so a chunked
    body cut at that limit is answered so too, and not as "not a form"."""
    await request.body()
    fields = await checked_form(request, user)
    upload = (await request.form()).get("file")
    if upload is None or isinstance(upload, str):
        return Upload(fields, "", b"")
    return Upload(fields, _file_name(upload.filename), await upload.read())


CheckedUpload = Annotated[Upload, Depends(checked_upload)]


def _file_name(raw: str | None) -> str:
    """The uploaded file's own name (no folders, no control characters), for the page, the
    audit record and the importers' messages."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:120] or "upload"


def _saved(folder: str, upload: Upload) -> Path:
    """The upload written to ``folder`` under a harmless form of its name (the Koha reader
    names the file in its messages): letters, digits, ``.-_`` only, never a dot first."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", upload.name).lstrip(".") or "upload"
    path = Path(folder) / safe[:100]
    path.write_bytes(upload.data)
    return path


def _masked(kind: str, lines: list[str]) -> list[str]:
    if kind not in _PATRON_IMPORTS:
        return lines
    return [masked_text(line) for line in lines]


def _text(data: bytes) -> str:
    """The upload as text; a file that is not UTF-8 is refused naming its first bad line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise crud.AdminError(
            f"the file is not UTF-8 text (line {line} has a byte that is not); save it as"
            " “CSV UTF-8” and upload it again"
        ) from None


# -- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CounterView:
    next_seq: int
    highest_issued: int
    capacity: int
    left: int
    #: (device name, ranges, numbers) given today (UTC).
    today: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class LibraryRow:
    code: str
    name: str
    items: int
    patrons: int
    shares_catalogue: bool
    counter: CounterView


def _counts(scope: ConsoleScope, model: Any, ids: list[int]) -> dict[int, int]:
    rows = scope.session.execute(
        select(model.library_id, func.count())
        .where(scope.owns(model, ids))
        .group_by(model.library_id)
    )
    return {library_id: int(count) for library_id, count in rows}


def _counter(scope: ConsoleScope, library: Library) -> CounterView:
    counter = crud.card_counter(session=scope.session, library=library)
    names = {
        device.id: device.name
        for device in scope.session.scalars(
            scope.select(Device, [library.id]).where(
                Device.id.in_([d for d, _, _ in counter.today])
            )
        )
    }
    return CounterView(
        next_seq=counter.next_seq,
        highest_issued=counter.highest_issued,
        capacity=counter.capacity,
        left=max(0, counter.capacity - counter.next_seq + 1),
        today=tuple((names.get(d, d), r, n) for d, r, n in counter.today),
    )


def _rows(scope: ConsoleScope, only: Library | None = None) -> list[LibraryRow]:
    """Each visible library's row (or ``only`` this one's)."""
    chosen = [only] if only is not None else scope.libraries()
    ids = [library.id for library in chosen]
    items, patrons = _counts(scope, Item, ids), _counts(scope, Patron, ids)
    return [
        LibraryRow(
            code=library.code,
            name=library.name,
            items=items.get(library.id, 0),
            patrons=patrons.get(library.id, 0),
            shares_catalogue=library.shares_catalogue,
            counter=_counter(scope, library),
        )
        for library in chosen
    ]


@dataclass
class Problem:
    """What the page says went wrong, and which form it is about (``section``)."""

    section: str
    message: str
    lines: list[str] = field(default_factory=list)
    more: int = 0


def _problem(section: str, exc: Exception) -> Problem:
    first, *rest = str(exc).split("\n")
    return Problem(section, first, rest[:SHOWN_PROBLEMS], max(0, len(rest) - SHOWN_PROBLEMS))


def _library_page(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUserInfo,
    code: str,
    *,
    status: int = 200,
    problem: Problem | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    with reading(db, user) as scope:
        library = scope.library(code)
        branches = list(
            scope.session.scalars(scope.select(Branch, [library.id]).order_by(Branch.code)).all()
        )
        active = scope.session.scalar(
            select(func.count()).where(
                scope.owns(Hold, [library.id]),
                Hold.status.in_([s.value for s in ACTIVE_HOLDS]),
            )
        )
        today = library_settings.today(library)
        overdue_holds = scope.session.scalar(
            select(func.count()).where(
                scope.owns(Hold, [library.id]),
                Hold.status.in_([s.value for s in ACTIVE_HOLDS]),
                Hold.expires_on < today,
            )
        )
        [row] = _rows(scope, library)
        zone = library_settings.values(library)[TIMEZONE] or "the server's time zone"
    return render(
        request,
        "libraries/library.html",
        user,
        status=status,
        title=f"{row.name} ({row.code})",
        library=row,
        branches=[(b.code, b.name) for b in branches],
        active_holds=int(active or 0),
        overdue_holds=int(overdue_holds or 0),
        today=today,
        zone=zone,
        imports=IMPORTS,
        date_formats={key: label for key, (_, _, label) in DATE_FORMATS.items()},
        problem=problem,
        form=form or {},
        limit_mb=f"{get_settings(request).max_body_bytes / 1024 / 1024:g}",
    )


@router.get("/console/libraries", response_class=HTMLResponse)
def libraries(request: Request, db: DatabaseDep, user: ConsoleUser) -> HTMLResponse:
    return _list_page(request, db, user)


def _list_page(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUserInfo,
    *,
    status: int = 200,
    problem: Problem | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    with reading(db, user) as scope:
        scope.require_change()  # the nav hides this page from viewers; the page refuses too
        rows = _rows(scope)
    return render(
        request,
        "libraries/list.html",
        user,
        status=status,
        title="Libraries",
        libraries=rows,
        problem=problem,
        form=form or {},
    )


@router.get("/console/libraries/{code}", response_class=HTMLResponse)
def library(request: Request, code: str, db: DatabaseDep, user: ConsoleUser) -> HTMLResponse:
    with reading(db, user) as scope:
        scope.require_change()
        scope.library(code)
    return _library_page(request, db, user, code)


# -- create a library (consortium administrator) -----------------------------------------------


@router.post("/console/libraries", response_class=HTMLResponse)
def create_library(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    with reading(db, user) as scope:
        scope.require_change()
        scope.require_admin()
    code = form.get("code", "").strip().upper()
    name = form.get("name", "").strip()
    institution = form.get("institution", "").strip()
    timezone = form.get("timezone", "").strip()
    shares = form.get("share_catalogue") == "on"

    def refuse(message: str) -> HTMLResponse:
        return _list_page(
            request, db, user, status=400, problem=Problem("create", message), form=form
        )

    if not _CODE.match(code):
        return refuse("Code: 1 to 32 letters, digits, - or _ (e.g. EAST).")
    if not name:
        return refuse("Name: is empty; give the library's name as patrons know it.")
    if len(name) > 200:
        return refuse(f"Name: {len(name)} characters; at most 200 fit.")
    settings: dict[str, Any] = {}
    if institution:
        if not (institution.isascii() and institution.isdigit() and len(institution) == 4):
            return refuse(f"Institution code: {institution!r} is not 4 digits.")
        settings["card_format"] = CardFormat(institution=institution).to_dict()
    if timezone:
        settings["timezone"] = timezone

    def work(scope: ConsoleScope) -> str:
        scope.require_admin()
        created = crud.create_library(
            session=scope.session, code=code, name=name, settings=settings, shares_catalogue=shares
        )
        audit.record(
            scope.session,
            user,
            "library.create",
            library_id=created.id,
            target=created.code,
            shares_catalogue=shares,
        )
        return created.code

    try:
        created = writing(db, user, work)
    except crud.AdminError as exc:
        return refuse(_sentence(str(exc)))
    shared = "; its catalogue is shared with the consortium" if shares else ""
    return redirect(
        f"/console/libraries/{created}", flash=f"Created library {created} ({name}){shared}."
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", ":")) else ".")


# -- branches and vehicles ----------------------------------------------------------------------


@router.post("/console/libraries/{code}/branches", response_class=HTMLResponse)
def add_branch(
    request: Request, code: str, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    with reading(db, user) as scope:
        scope.library(code)
        scope.require_change()
    branch_code = form.get("branch_code", "").strip().upper()
    name = form.get("branch_name", "").strip()

    def refuse(message: str) -> HTMLResponse:
        problem = Problem("branches", message)
        return _library_page(request, db, user, code, status=400, problem=problem, form=form)

    if not _CODE.match(branch_code):
        return refuse("Branch code: 1 to 32 letters, digits, - or _ (e.g. BM2).")
    if len(name) > 200:
        return refuse(f"Branch name: {len(name)} characters; at most 200 fit.")

    def work(scope: ConsoleScope) -> str:
        scope.require_change()
        library = scope.library(code)
        branch = crud.add_branch(
            session=scope.session, library=library, code=branch_code, name=name
        )
        audit.record(scope.session, user, "branch.add", library_id=library.id, target=branch.code)
        return f"Added branch {branch.code} ({branch.name}) to {library.code}."

    try:
        done = writing(db, user, work)
    except crud.AdminError as exc:
        return refuse(_sentence(str(exc)))
    return redirect(_url(code, "branches"), flash=done)


def _url(code: str, section: str = "") -> str:
    return f"/console/libraries/{code}" + (f"#{section}" if section else "")


# -- catalogue sharing (consortium administrator) -----------------------------------------------


@router.post("/console/libraries/{code}/sharing", response_class=HTMLResponse)
def set_sharing(
    request: Request, code: str, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    with reading(db, user) as scope:
        scope.library(code)
        scope.require_change()
        scope.require_admin()
    wanted = form.get("shares", "")
    if wanted not in ("on", "off"):
        problem = Problem("sharing", "Sharing: say on or off.")
        return _library_page(request, db, user, code, status=400, problem=problem)
    shares = wanted == "on"

    def work(scope: ConsoleScope) -> str:
        scope.require_admin()
        library = scope.library(code)
        entries = crud.set_catalogue_sharing(session=scope.session, library=library, shares=shares)
        if entries is None:
            state = "already shares" if shares else "does not share"
            return f"{library.code} {state} its catalogue; nothing changed."
        audit.record(
            scope.session,
            user,
            "library.share_catalogue",
            library_id=library.id,
            target=library.code,
            shares=shares,
            entries=entries,
        )
        state = "now shares" if shares else "no longer shares"
        return (
            f"{library.code} {state} its catalogue with the consortium ({entries} item updates"
            " for other libraries' devices)."
        )

    return redirect(_url(code, "sharing"), flash=writing(db, user, work))


# -- imports ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """What an import did: its summary (the command line's words) and its problems."""

    kind: str
    file: str
    count: int
    lines: list[str]
    problems: list[str]
    #: Whether any record or row was left out or warned about (MARC, Koha).
    partial: bool


@router.post("/console/libraries/{code}/import/{kind}", response_class=HTMLResponse)
def import_file(
    request: Request,
    code: str,
    kind: str,
    db: DatabaseDep,
    user: ConsoleUser,
    upload: CheckedUpload,
) -> Response:
    with reading(db, user) as scope:
        scope.library(code)
        scope.require_change()
    if kind not in IMPORTS:
        return _library_page(
            request,
            db,
            user,
            code,
            status=404,
            problem=Problem("imports", f"There is no import {kind!r} here."),
        )

    def refuse(message: str, status: int = 400, lines: list[str] | None = None) -> HTMLResponse:
        [message] = _masked(kind, [message])
        problem = Problem(f"import-{kind}", message, _masked(kind, lines or []))
        if len(problem.lines) > SHOWN_PROBLEMS:
            problem.more = len(problem.lines) - SHOWN_PROBLEMS
            problem.lines = problem.lines[:SHOWN_PROBLEMS]
        return _library_page(
            request, db, user, code, status=status, problem=problem, form=upload.fields
        )

    if not upload.data:
        return refuse("Choose a file to import: none was sent, or it is empty.")
    try:
        if kind in ("items", "patrons", "holds"):
            done = _import_csv(db, user, code, kind, upload)
        elif kind == "marc":
            done = _import_marc(db, user, code, upload)
        else:
            done = _import_koha(db, user, code, upload)
    except crud.AdminError as exc:
        first, *rest = str(exc).split("\n")
        return refuse(_sentence(first), lines=rest)
    except ValueError as exc:  # an option the importer refuses (a holdings tag, a subfield)
        return refuse(_sentence(str(exc)))
    # A Koha summary names the cards of patrons kept on loan; problems quote bad rows' cards.
    lines = _masked(kind, done.lines) if kind == "koha" else done.lines
    done = dataclasses.replace(done, lines=lines, problems=_masked(kind, done.problems))
    if not done.problems and not done.partial and len(done.lines) == 1:
        return redirect(_url(code, "imports"), flash=done.lines[0])
    with reading(db, user) as scope:
        library = scope.library(code)
        name = library.name
    return render(
        request,
        "libraries/imported.html",
        user,
        title=f"Imported into {code}",
        code=code,
        name=name,
        what=IMPORTS[kind],
        done=done,
        shown=done.problems[:SHOWN_PROBLEMS],
        more=max(0, len(done.problems) - SHOWN_PROBLEMS),
    )


def _import_csv(
    db: DatabaseDep, user: ConsoleUserInfo, code: str, kind: str, upload: Upload
) -> Imported:
    text = _text(upload.data)

    def work(scope: ConsoleScope) -> Imported:
        scope.require_change()
        library = scope.library(code)
        handle = io.StringIO(text, newline="")
        session = scope.session
        try:
            if kind == "items":
                count = crud.import_items(session=session, library=library, handle=handle)
            elif kind == "patrons":
                count = crud.import_patrons(session=session, library=library, handle=handle)
            else:
                today = library_settings.today(library)
                count = crud.import_holds(
                    session=session, library=library, handle=handle, today=today
                )
        except csv.Error as exc:
            raise crud.AdminError(
                f"the file cannot be read as CSV ({exc}); nothing was imported"
            ) from None
        audit.record(
            session,
            user,
            f"import.{kind}",
            library_id=library.id,
            target=library.code,
            file=upload.name,
            count=count,
        )
        said = f"Imported {count} {kind} into {library.code} from {upload.name}."
        return Imported(kind, upload.name, count, [said], [], False)

    return writing(db, user, work)


def _holdings(fields: dict[str, str]) -> HoldingsMap:
    """The holdings layout of the form, as the command line's options give it ("-": none)."""
    tag = fields.get("holdings_tag", "952").strip() or "952"
    layout = HoldingsMap.for_tag(tag)
    given: dict[str, Any] = {}
    for key, name in (
        ("barcode_subfield", "barcode"),
        ("item_type_subfield", "item_type"),
        ("home_library_subfield", "home_library"),
    ):
        value = fields.get(key, "").strip()
        if not value:
            continue
        if value in ("-", "none") and name != "barcode":
            given[name] = None
        elif _SUBFIELD.match(value):
            given[name] = value
        else:
            label = key.replace("_", " ").capitalize()
            raise crud.AdminError(f"{label}: {value!r} is not one letter or digit")
    calls = fields.get("call_number_subfields", "").strip()
    if calls:
        if not all(_SUBFIELD.match(c) for c in calls):
            raise crud.AdminError(f"Call number subfields: {calls!r} are not letters or digits")
        given["call_number"] = tuple(calls)
    return dataclasses.replace(layout, **given)


def _withdraw_share(fields: dict[str, str]) -> float:
    raw = fields.get("max_withdraw_percent", "").strip() or "10"
    try:
        percent = float(raw)
    except ValueError:
        percent = -1.0
    if not 0 <= percent <= 100:
        raise crud.AdminError(f"Withdraw at most: {raw!r} is not a percentage from 0 to 100")
    return percent / 100


def _summary(done: ils_import.Outcome, unit: str, kind: str, file: str, count: int) -> Imported:
    lines = done.lines(unit)
    problems = lines[: len(done.problems)]
    return Imported(
        kind,
        file,
        count,
        lines[len(done.problems) :],
        problems,
        bool(done.problems or done.too_many),
    )


def _import_marc(db: DatabaseDep, user: ConsoleUserInfo, code: str, upload: Upload) -> Imported:
    fields = upload.fields
    file_format = fields.get("format", "auto")
    if file_format not in ("auto", "marc", "marcxml"):
        raise crud.AdminError(f"Format: {file_format!r} is not auto, marc or marcxml")
    default_type = fields.get("default_item_type", "").strip().upper() or "BOOK"
    home = fields.get("home_library", "").strip() or None
    share = _withdraw_share(fields)
    options = MarcOptions(
        holdings=_holdings(fields), default_item_type=default_type, home_library=home
    )
    progress = ils_import.Progress("import-marc", out=io.StringIO())
    with tempfile.TemporaryDirectory(prefix="popup-console-") as folder:
        path = _saved(folder, upload)
        parsed = ils_import.read_marc(path, options, home or code, progress, file_format)

    def work(scope: ConsoleScope) -> Imported:
        scope.require_change()
        library = scope.library(code)
        outcome = ils_import.apply_items(
            scope.session,
            library,
            parsed,
            withdraw=fields.get("keep_missing") != "on",
            progress=progress,
            max_withdraw=share,
        )
        _audit_outcome(scope, user, library, "import.marc", upload.name, outcome)
        count = outcome.created + outcome.updated + outcome.restored
        return _summary(outcome, "record", "marc", upload.name, count)

    return writing(db, user, work)


def _import_koha(db: DatabaseDep, user: ConsoleUserInfo, code: str, upload: Upload) -> Imported:
    fields = upload.fields
    date_format = fields.get("date_format", "iso")
    if date_format not in DATE_FORMATS:
        raise crud.AdminError(
            f"Date format: {date_format!r} is not one of {', '.join(DATE_FORMATS)}"
        )
    share = _withdraw_share(fields)
    progress = ils_import.Progress("import-koha-patrons", out=io.StringIO())
    with tempfile.TemporaryDirectory(prefix="popup-console-") as folder:
        path = _saved(folder, upload)

        def work(scope: ConsoleScope) -> Imported:
            scope.require_change()
            library = scope.library(code)
            outcome = ils_import.apply_patrons(
                scope.session,
                library,
                path,
                withdraw=fields.get("keep_missing") != "on",
                progress=progress,
                max_withdraw=share,
                date_format=date_format,
            )
            _audit_outcome(scope, user, library, "import.koha_patrons", upload.name, outcome)
            count = outcome.created + outcome.updated + outcome.restored
            return _summary(outcome, "row", "koha", upload.name, count)

        return writing(db, user, work)


def _audit_outcome(
    scope: ConsoleScope,
    user: ConsoleUserInfo,
    library: Library,
    action: str,
    file: str,
    outcome: ils_import.Outcome,
) -> None:
    """The import's counts (never its rows: no card number, no name)."""
    audit.record(
        scope.session,
        user,
        action,
        library_id=library.id,
        target=library.code,
        file=file,
        read=outcome.read,
        created=outcome.created,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
        restored=outcome.restored,
        withdrawn=outcome.withdrawn,
        refused=outcome.refused,
        problems=len(outcome.problems),
    )


# -- holds --------------------------------------------------------------------------------------


@router.post("/console/libraries/{code}/expire-holds", response_class=HTMLResponse)
def expire_holds(code: str, db: DatabaseDep, user: ConsoleUser, form: CheckedForm) -> Response:
    def work(scope: ConsoleScope) -> str:
        library = scope.library(code)
        scope.require_change()
        today = library_settings.today(library)
        count = crud.expire_holds(session=scope.session, library=library, today=today)
        audit.record(
            scope.session,
            user,
            "holds.expire",
            library_id=library.id,
            target=library.code,
            count=count,
        )
        return f"{count} holds of {library.code} past their date expired."

    return redirect(_url(code, "holds"), flash=writing(db, user, work))


# -- merging two patron records -----------------------------------------------------------------


@dataclass(frozen=True)
class PatronView:
    """A patron as the merge page shows one: masked, with what the merge moves."""

    card: str
    name: str
    category: str
    loans: int
    fines_cents: int
    #: The card typed was an old number of this patron (an alias).
    by_alias: bool


def _patron(scope: ConsoleScope, library: Library, card: str) -> tuple[Patron, bool] | None:
    """The patron of ``library`` with this card, or with it as an old number (as the merge
    finds them); None when there is none."""
    patron = scope.session.scalar(
        scope.select(Patron, [library.id]).where(Patron.card_number == card)
    )
    if patron is not None:
        return patron, False
    alias = scope.session.scalar(
        scope.select(PatronAlias, [library.id]).where(PatronAlias.card_number == card)
    )
    if alias is None:
        return None
    return scope.get(Patron, alias.patron_id, "patron"), True


def _view(scope: ConsoleScope, patron: Patron, by_alias: bool) -> PatronView:
    loans = scope.session.scalar(
        select(func.count()).where(
            scope.owns(Loan, [patron.library_id]),
            Loan.patron_id == patron.id,
            Loan.returned_at.is_(None),
        )
    )
    return PatronView(
        card=patron.card_number,
        name=patron.name,
        category=patron.category,
        loans=int(loans or 0),
        fines_cents=patron.fines_owed_cents,
        by_alias=by_alias,
    )


@router.post("/console/libraries/{code}/merge", response_class=HTMLResponse)
def merge_patrons(
    request: Request, code: str, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    """The first step: the two cards typed, found (or refused in words), shown masked with a
    button that confirms. The confirm form carries the patrons' ids, not their card numbers."""
    with reading(db, user) as scope:
        library = scope.library(code)
        scope.require_change()
        message = ""
        found: list[tuple[Patron, bool]] = []
        for key, label in (("keep", "Card to keep"), ("merge", "Card to merge")):
            card = form.get(key, "").strip()
            hit = _patron(scope, library, card) if card else None
            if not card:
                message = message or f"{label}: is empty."
            elif hit is None:
                message = message or f"{label}: no patron of {library.code} has that card."
            else:
                found.append(hit)
        if not message and found[0][0].id == found[1][0].id:
            message = "Both cards are the same patron's; a patron cannot be merged into itself."
        views = [_view(scope, patron, alias) for patron, alias in found] if not message else []
        currency = library_settings.values(library)[CURRENCY]
        ids = [patron.id for patron, _ in found]
    if message:
        # The cards are not echoed back into the form: they are personal data.
        problem = Problem("merge", message)
        return _library_page(request, db, user, code, status=400, problem=problem)
    return render(
        request,
        "libraries/merge.html",
        user,
        title=f"Merge two patrons of {code}",
        code=code,
        keep_id=ids[0],
        merge_id=ids[1],
        kept=views[0],
        gone=views[1],
        currency=currency,
    )


def _patron_id(form: dict[str, str], key: str) -> int:
    number = row_id(form.get(key, ""))
    if number is None:
        raise NotVisible("such patron")
    return number


@router.post("/console/libraries/{code}/merge/confirm", response_class=HTMLResponse)
def confirm_merge(
    request: Request, code: str, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    """The second step: the merge itself, of the two patrons the first step showed (looked up
    again through the scope, so another library's patron id is no patron here)."""
    keep_id, merge_id = _patron_id(form, "keep_id"), _patron_id(form, "merge_id")

    def work(scope: ConsoleScope) -> str:
        library = scope.library(code)
        scope.require_change()
        kept = scope.get(Patron, keep_id, "such patron")
        gone = scope.get(Patron, merge_id, "such patron")
        if kept.library_id != library.id or gone.library_id != library.id:
            raise NotVisible("such patron")
        old_card = gone.card_number
        moved = _view(scope, gone, False).loans
        kept = crud.merge_patrons(
            session=scope.session, library=library, keep=kept.card_number, merge=old_card
        )
        audit.record(
            scope.session,
            user,
            "patron.merge",
            library_id=library.id,
            target=library.code,
            kept_patron=keep_id,
            merged_patron=merge_id,
            moved_loans=moved,
        )
        return (
            f"Merged the patron with the card ending {old_card[-4:]} into the one with the card"
            f" ending {kept.card_number[-4:]}; the old card stays as an alias."
        )

    try:
        done = writing(db, user, work)
    except crud.AdminError:
        problem = Problem("merge", "These two patrons cannot be merged (one is the other).")
        return _library_page(request, db, user, code, status=400, problem=problem)
    return redirect(_url(code, "merge"), flash=done)
