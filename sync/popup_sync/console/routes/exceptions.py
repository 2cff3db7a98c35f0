"""The exceptions page: the queue of outcomes staff should look at, across every device.

Filtered by library, code, stop, age and state, a hundred rows a page. Each row names the item
and the patron — masked: the card's last four characters and the name's initials — and says what
happened and what to do in the words the laptops' inbox uses (:data:`popup.domain.messages.
HAPPENED` and :data:`~popup.domain.messages.TODO`, in English here). A manager resolves one, or
several at once, with a note of what was done; the devices learn it by their next pull, as after
``popup-sync admin resolve-exception``.

An exception does not record its stop: it is found from the action (device, seq) in the applied
log, as the stop that device opened whose held window (:func:`popup.domain.stops.held_window`)
holds the action's time.
"""

from __future__ import annotations

import re
import uuid
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Select, and_, func, or_, select

from popup.domain import settings as declared
from popup.domain.due_dates import zone_named
from popup.domain.messages import HAPPENED, TODO, Catalogue, Params, specifics
from popup.domain.patron_cards import masked_text
from popup.domain.protocol.actions import Kind
from popup.domain.protocol.envelopes import OutcomeCode
from popup.domain.stops import held_window
from popup_sync import crud
from popup_sync.api.deps import DatabaseDep
from popup_sync.apply.outcome import NO_EXCEPTION_ROW
from popup_sync.console import audit
from popup_sync.console.access import ConsoleScope, NotVisible, row_id
from popup_sync.console.deps import CheckedForm, ConsoleUser, reading, writing
from popup_sync.console.render import page_url, redirect, render
from popup_sync.library_settings import values
from popup_sync.models import (
    AppliedMutation,
    Device,
    Item,
    Library,
    Loan,
    Patron,
    PatronAlias,
    Stop,
    SyncException,
)

router = APIRouter()

PER_PAGE = 100
#: "Older than": the age filter's choices, in days.
AGES = {"": None, "1": 1, "7": 7, "30": 30}
AGE_LABELS = (
    ("", "Any age"),
    ("1", "Older than 1 day"),
    ("7", "Older than 7 days"),
    ("30", "Older than 30 days"),
)
STATES = {"open": "Open", "resolved": "Resolved", "all": "Open and resolved"}
#: The codes that open an exception (every other outcome code only informs the device).
EXCEPTION_CODES = tuple(sorted(c.value for c in OutcomeCode if c not in NO_EXCEPTION_ROW))
NOTE_MAX = 2000
#: How far a stop's neighbours are looked for when its held window is worked out: stops whose
#: days overlap share them out (a festival of a few days at most).
_NEIGHBOURS = timedelta(days=14)
_CODE = re.compile(r"[A-Z0-9_]{1,64}")
#: A run of digits as long as a card number, in a message: masked unless it is the item's.
_UNKNOWN_CODE = "UNKNOWN_CODE"
_EARLIEST = datetime.min.replace(tzinfo=UTC)


class BadInput(Exception):
    """A filter or form field that cannot be used; the message names it."""


# -- what to do ---------------------------------------------------------------------------------


def explain(code: str, kind: str | None, detail: Mapping[str, Any]) -> tuple[str, str]:
    """What happened and what to do about ``code`` for an action of ``kind``, with the server's
    ``detail``: the laptop inbox's sentences (``CODE.variant`` where the detail says more)."""
    if HAPPENED.source(code) is None:
        said = specifics(code=code)
        return HAPPENED.english(_UNKNOWN_CODE, said), TODO.english(_UNKNOWN_CODE, said)
    library = detail.get("route_to")
    library = library if isinstance(library, str) and library else None
    variant, params = "", specifics()
    if code == "ROUTE_ITEM" and library:
        variant, params = "library", specifics(library=library)
    elif code == "HOLD_TRAP" and kind == Kind.CHECKOUT:
        variant = "checkout"
    elif code == "HOLD_TRAP" and kind == Kind.CHECKIN:
        variant, params = (
            ("elsewhere", specifics(library=library)) if library else ("here", specifics())
        )
    return _sentence(HAPPENED, code, variant, params), _sentence(TODO, code, variant, params)


def _sentence(catalogue: Catalogue, code: str, variant: str, params: Params) -> str:
    key = f"{code}.{variant}"
    if variant and catalogue.source(key) is not None:
        return catalogue.english(key, params)
    return catalogue.english(code)


# -- filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    library: str = ""
    code: str = ""
    stop: str = ""
    age: str = ""
    state: str = "open"
    page: int = 1

    def query(self, **changed: object) -> dict[str, object]:
        """The filters as a page's query (``page`` 1 and the default state left out)."""
        out: dict[str, object] = {
            "library": self.library,
            "code": self.code,
            "stop": self.stop,
            "age": self.age,
            "state": "" if self.state == "open" else self.state,
            "page": "" if self.page == 1 else self.page,
        }
        out.update(changed)
        return out

    def url(self, **changed: object) -> str:
        return page_url("/console/exceptions", self.query(**changed))


def read_filters(given: Mapping[str, str]) -> Filters:
    """The filters in a query or a form, checked (:class:`BadInput` names a wrong one)."""
    library = given.get("library", "").strip()
    if len(library) > 32:
        raise BadInput("Library: choose one of the list.")
    code = given.get("code", "").strip().upper()
    if code and not _CODE.fullmatch(code):
        raise BadInput("Code: choose one of the list.")
    stop = given.get("stop", "").strip().lower()
    if stop:
        try:
            stop = str(uuid.UUID(stop))
        except ValueError:
            raise BadInput("Stop: choose one of the list.") from None
    age = given.get("age", "").strip()
    if age not in AGES:
        raise BadInput("Age: choose any age, or older than 1, 7 or 30 days.")
    state = given.get("state", "").strip() or "open"
    if state not in STATES:
        raise BadInput("Show: choose open, resolved, or both.")
    page = row_id(given.get("page", "").strip() or "1")
    if page is None or not 1 <= page <= 1_000_000:
        raise BadInput("Page: a whole number from 1.")
    return Filters(library, code, stop, age, state, page)


# -- stops --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeldStop:
    """A stop as one device held it (:class:`popup.domain.stops.HeldStop`)."""

    id: str
    name: str
    starts_at: datetime | None
    ends_at: datetime | None
    opened_at: datetime | None

    @property
    def reference(self) -> datetime | None:
        return self.starts_at or self.opened_at


@dataclass
class DeviceStops:
    """The stops one device opened, in order, and the held windows worked out so far."""

    stops: list[HeldStop] = field(default_factory=list)
    windows: dict[str, tuple[datetime, datetime] | None] = field(default_factory=dict)

    def sort(self) -> None:
        self.stops.sort(key=lambda s: (s.reference or _EARLIEST, s.id))

    def _near(self, moment: datetime) -> list[HeldStop]:
        refs = [s.reference or _EARLIEST for s in self.stops]
        return self.stops[
            bisect_left(refs, moment - _NEIGHBOURS) : bisect_right(refs, moment + _NEIGHBOURS)
        ]

    def window(self, stop: HeldStop, zone: tzinfo | None) -> tuple[datetime, datetime] | None:
        if stop.id not in self.windows:
            found = None
            if stop.reference is not None:
                try:
                    held = held_window(stop, self._near(stop.reference), zone)
                    found = (held.start, held.end)
                except ValueError:  # no planned day and no opening
                    found = None
            self.windows[stop.id] = found
        return self.windows[stop.id]

    def at(self, moment: datetime, zone: tzinfo | None) -> HeldStop | None:
        """The stop this device was holding at ``moment`` (the latest begun, if nested)."""
        best = None
        for stop in self._near(moment):
            window = self.window(stop, zone)
            if window is not None and window[0] <= moment < window[1]:
                best = stop
        return best


def device_stops(scope: ConsoleScope, device_ids: Iterable[str]) -> dict[str, DeviceStops]:
    """The stops each device opened (its ``stop_open`` actions), as that device held them."""
    ids = sorted(set(device_ids))
    if not ids:
        return {}
    opened: dict[tuple[str, str], datetime] = {}
    rows = scope.session.execute(
        select(AppliedMutation.device_id, AppliedMutation.payload, AppliedMutation.client_time)
        .where(scope.owns(AppliedMutation))
        .where(AppliedMutation.device_id.in_(ids), AppliedMutation.kind == Kind.STOP_OPEN.value)
    ).all()
    for device_id, payload, at in rows:
        stop_id = payload.get("stop_id") if isinstance(payload, dict) else None
        if isinstance(stop_id, str):
            key = (device_id, stop_id)
            opened[key] = min(opened.get(key, at), at)
    wanted = sorted({stop_id for _, stop_id in opened})
    stops = {s.id: s for s in scope.session.scalars(scope.select(Stop).where(Stop.id.in_(wanted)))}
    out: dict[str, DeviceStops] = {}
    for (device_id, stop_id), at in opened.items():
        stop = stops.get(stop_id)
        if stop is not None:  # a refused stop_open made no stop
            held = HeldStop(stop.id, stop.name, stop.starts_at, stop.ends_at, at)
            out.setdefault(device_id, DeviceStops()).stops.append(held)
    for found in out.values():
        found.sort()
    return out


def zones(libraries: Iterable[Library]) -> dict[int, str | None]:
    """Each library's time zone name (None: unset)."""
    out: dict[int, str | None] = {}
    for library in libraries:
        name = values(library)[declared.TIMEZONE]
        out[library.id] = str(name) if name and zone_named(name) is not None else None
    return out


def stop_windows(
    scope: ConsoleScope, stop: Stop, zone: str | None
) -> list[tuple[str, datetime, datetime]]:
    """(device, start, end) for each device that opened ``stop``: what was done there then."""
    devices = sorted(
        device_id
        for device_id, payload in scope.session.execute(
            select(AppliedMutation.device_id, AppliedMutation.payload)
            .where(scope.owns(AppliedMutation, [stop.library_id]))
            .where(AppliedMutation.kind == Kind.STOP_OPEN.value)
        ).all()
        if isinstance(payload, dict) and payload.get("stop_id") == stop.id
    )
    out = []
    for device_id, found in device_stops(scope, set(devices)).items():
        mine = next((s for s in found.stops if s.id == stop.id), None)
        window = found.window(mine, zone_named(zone)) if mine is not None else None
        if window is not None:
            out.append((device_id, *window))
    return out


# -- the rows -----------------------------------------------------------------------------------


@dataclass
class Row:
    id: int
    library_code: str
    zone: str | None
    code: str
    happened: str
    todo: str
    message: str
    created_at: datetime
    kind: str | None = None
    device: str | None = None
    made_at: datetime | None = None
    item_barcode: str | None = None
    item_title: str | None = None
    #: The patron's card and name, for the page's ``masked_card`` and ``initials`` filters.
    card: str | None = None
    name: str | None = None
    stop: str | None = None
    stop_starts_at: datetime | None = None
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    note: str | None = None
    device_id: str | None = None
    seq: int | None = None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def build_rows(scope: ConsoleScope, found: list[SyncException]) -> list[Row]:
    """What a coordinator needs to know about each exception, from what the server applied."""
    libraries = {lib.id: lib for lib in scope.libraries()}
    zone_names = zones(libraries.values())
    device_ids = sorted({e.device_id for e in found if e.device_id})
    devices = {
        d.id: d.name
        for d in scope.session.scalars(scope.select(Device).where(Device.id.in_(device_ids)))
    }
    seqs = sorted({e.seq for e in found if e.seq is not None})
    actions = {
        (a.device_id, a.seq): a
        for a in scope.session.scalars(
            scope.select(AppliedMutation).where(
                AppliedMutation.device_id.in_(device_ids), AppliedMutation.seq.in_(seqs)
            )
        )
    }
    # An undo is about what it undid.
    targets = sorted(
        {
            str(a.payload.get("target_mutation_id"))
            for a in actions.values()
            if a.kind == Kind.UNDO and isinstance(a.payload, dict)
        }
    )
    undone = {
        a.mutation_id: a.payload
        for a in scope.session.scalars(
            scope.select(AppliedMutation).where(AppliedMutation.mutation_id.in_(targets))
        )
    }
    about: dict[int, dict[str, Any]] = {}
    for e in found:
        action = actions.get((e.device_id or "", e.seq or 0))
        payload = action.payload if action is not None and isinstance(action.payload, dict) else {}
        if action is not None and action.kind == Kind.UNDO:
            payload = undone.get(str(payload.get("target_mutation_id")), {}) or {}
        about[e.id] = payload
    barcodes = sorted({b for p in about.values() if (b := _text(p.get("item_barcode")))})
    items = {
        (i.library_id, i.barcode): i.title
        for i in scope.session.scalars(scope.select(Item).where(Item.barcode.in_(barcodes)))
    }
    cards = sorted(
        {
            c
            for p in about.values()
            if (c := _text(p.get("patron_card")) or _text(p.get("new_card")))
        }
    )
    patrons: dict[tuple[int, str], tuple[str, str]] = {
        (p.library_id, p.card_number): (p.card_number, p.name)
        for p in scope.session.scalars(scope.select(Patron).where(Patron.card_number.in_(cards)))
    }
    aliases = {
        (a.library_id, a.card_number): a.patron_id
        for a in scope.session.scalars(
            scope.select(PatronAlias).where(PatronAlias.card_number.in_(cards))
        )
    }
    loan_ids = sorted({lid for p in about.values() if (lid := _text(p.get("loan_id")))})
    loans = {
        loan.id: loan.patron_id
        for loan in scope.session.scalars(scope.select(Loan).where(Loan.id.in_(loan_ids)))
    }
    by_id = {
        p.id: (p.card_number, p.name)
        for p in scope.session.scalars(
            scope.select(Patron).where(Patron.id.in_(sorted({*aliases.values(), *loans.values()})))
        )
    }
    stops = device_stops(scope, device_ids)
    rows = []
    for e in found:
        library = libraries[e.library_id]
        zone = zone_names.get(e.library_id)
        action = actions.get((e.device_id or "", e.seq or 0))
        payload = about[e.id]
        detail = e.detail if isinstance(e.detail, dict) else {}
        kind = action.kind if action is not None else _text(detail.get("kind"))
        barcode = _text(payload.get("item_barcode"))
        card = _text(payload.get("patron_card")) or _text(payload.get("new_card"))
        patron = None
        if card is not None:
            patron = patrons.get((e.library_id, card))
            if patron is None and (e.library_id, card) in aliases:
                patron = by_id.get(aliases[(e.library_id, card)])
        elif (loan_id := _text(payload.get("loan_id"))) in loans:
            patron = by_id.get(loans[str(loan_id)])
        shown_card = patron[0] if patron else card
        happened, todo = explain(e.code, kind, detail)
        named = [
            c
            for c in (
                card,
                shown_card,
                _text(payload.get("old_card")),
                _text(detail.get("lost_card")),
            )
            if c
        ]
        # Cards the server's detail names (a sign-up's temporary and real card, a duplicate's).
        named += [v for k, v in detail.items() if "card" in k and isinstance(v, str) and v]
        named += [str(c) for c in detail.get("possible_duplicates", []) or [] if c]
        row = Row(
            id=e.id,
            library_code=library.code,
            zone=zone,
            code=e.code,
            happened=happened,
            todo=todo,
            message=masked_text(e.message, named, [barcode] if barcode else []),
            created_at=e.created_at,
            kind=kind,
            device=devices.get(e.device_id or ""),
            made_at=action.client_time if action is not None else None,
            item_barcode=barcode,
            item_title=items.get((e.library_id, barcode or "")),
            card=shown_card,
            name=patron[1] if patron else None,
            resolved_at=e.resolved_at,
            resolved_by=e.resolved_by,
            note=e.resolution_note,
            device_id=e.device_id,
            seq=e.seq,
        )
        held = stops.get(e.device_id or "")
        if held is not None and row.made_at is not None:
            stop = held.at(row.made_at, zone_named(zone))
            if stop is not None:
                row = replace(row, stop=stop.name, stop_starts_at=stop.starts_at)
        rows.append(row)
    return rows


# -- the list -----------------------------------------------------------------------------------


def matching(
    scope: ConsoleScope, filters: Filters, now: datetime
) -> tuple[Select[Any], list[Library], Stop | None]:
    """The exceptions the filters choose (a statement), the libraries chosen, and the stop."""
    chosen = scope.chosen(filters.library or None)
    ids = [lib.id for lib in chosen]
    statement = scope.select(SyncException, ids)
    if filters.code:
        statement = statement.where(SyncException.code == filters.code)
    if filters.state == "open":
        statement = statement.where(SyncException.resolved_at.is_(None))
    elif filters.state == "resolved":
        statement = statement.where(SyncException.resolved_at.is_not(None))
    days = AGES[filters.age]
    if days is not None:
        statement = statement.where(SyncException.created_at <= now - timedelta(days=days))
    stop = None
    if filters.stop:
        stop = scope.get(Stop, filters.stop, "stop")
        zone = zones([scope.library_by_id(stop.library_id)]).get(stop.library_id)
        windows = stop_windows(scope, stop, zone)
        held = [
            and_(
                AppliedMutation.device_id == device_id,
                AppliedMutation.client_time >= start,
                AppliedMutation.client_time < end,
            )
            for device_id, start, end in windows
        ]
        statement = statement.join(
            AppliedMutation,
            and_(
                scope.owns(AppliedMutation),
                AppliedMutation.device_id == SyncException.device_id,
                AppliedMutation.seq == SyncException.seq,
            ),
        ).where(or_(*held) if held else SyncException.id.is_(None))
    return statement, chosen, stop


def _list_page(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUser,
    filters: Filters,
    *,
    status: int = 200,
    error: str = "",
    note: str = "",
    picked: frozenset[int] = frozenset(),
) -> HTMLResponse:
    now = datetime.now(UTC)
    with reading(db, user) as scope:
        statement, chosen, stop = matching(scope, filters, now)
        total = scope.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
        newest_first = filters.state != "open"
        order = SyncException.id.desc() if newest_first else SyncException.id
        found = list(
            scope.session.scalars(
                statement.order_by(order).offset((filters.page - 1) * PER_PAGE).limit(PER_PAGE)
            )
        )
        rows = build_rows(scope, found)
        open_by_code = dict(
            scope.session.execute(
                select(SyncException.code, func.count())
                .where(scope.owns(SyncException, [lib.id for lib in chosen]))
                .where(SyncException.resolved_at.is_(None))
                .group_by(SyncException.code)
            ).all()
        )
        open_by_library = dict(
            scope.session.execute(
                select(SyncException.library_id, func.count())
                .where(scope.owns(SyncException))
                .where(SyncException.resolved_at.is_(None))
                .group_by(SyncException.library_id)
            ).all()
        )
        libraries = [
            (lib.code, lib.name, open_by_library.get(lib.id, 0)) for lib in scope.libraries()
        ]
        stops = [
            (s.id, s.name, s.starts_at)
            for s in scope.session.scalars(
                scope.select(Stop, [lib.id for lib in chosen])
                .order_by(Stop.starts_at.desc(), Stop.name)
                .limit(300)
            )
        ]
        if stop is not None and stop.id not in {s[0] for s in stops}:
            stops.insert(0, (stop.id, stop.name, stop.starts_at))
    codes = sorted(set(EXCEPTION_CODES) | set(open_by_code))
    pages = max(1, -(-total // PER_PAGE))
    return render(
        request,
        "exceptions.html",
        user,
        status=status,
        title="Exceptions",
        filters=filters,
        rows=rows,
        total=total,
        pages=pages,
        first=(filters.page - 1) * PER_PAGE + 1,
        libraries=libraries,
        codes=[(code, open_by_code.get(code, 0)) for code in codes],
        open_total=sum(open_by_code.values()),
        stops=stops,
        ages=AGE_LABELS,
        states=STATES,
        error=error,
        note=note,
        picked=picked,
        note_max=NOTE_MAX,
        many_libraries=len(libraries) > 1,
    )


@router.get("/console/exceptions", response_class=HTMLResponse)
def exceptions_page(request: Request, db: DatabaseDep, user: ConsoleUser) -> HTMLResponse:
    try:
        filters = read_filters(request.query_params)
    except BadInput as exc:
        return _list_page(request, db, user, Filters(), status=400, error=str(exc))
    return _list_page(request, db, user, filters)


# -- one exception ------------------------------------------------------------------------------


def _exception_id(text: str) -> int:
    """An exception id from the address: anything but digits is as unknown as a wrong id."""
    number = row_id(text)
    if number is None:
        raise NotVisible("exception")
    return number


def _one_page(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUser,
    exception_id: str,
    *,
    status: int = 200,
    error: str = "",
    note: str = "",
) -> HTMLResponse:
    key = _exception_id(exception_id)
    with reading(db, user) as scope:
        found = scope.get(SyncException, key, "exception")
        row = build_rows(scope, [found])[0]
        many = len(scope.library_ids()) > 1
    return render(
        request,
        "exception.html",
        user,
        status=status,
        title=f"Exception {row.id}",
        row=row,
        error=error,
        note=note,
        note_max=NOTE_MAX,
        many_libraries=many,
    )


@router.get("/console/exceptions/{exception_id}", response_class=HTMLResponse)
def exception_page(
    request: Request, db: DatabaseDep, user: ConsoleUser, exception_id: str
) -> HTMLResponse:
    return _one_page(request, db, user, exception_id)


# -- resolving ----------------------------------------------------------------------------------


def read_note(form: Mapping[str, str]) -> str:
    note = form.get("note", "").strip()
    if not note:
        raise BadInput("Note: say what was done about it (the note is kept with it).")
    if len(note) > NOTE_MAX:
        raise BadInput(f"Note: at most {NOTE_MAX} characters; this one has {len(note)}.")
    return note


def resolve(scope: ConsoleScope, keys: list[int], note: str) -> tuple[int, int]:
    """Resolve this user's exceptions ``keys`` with ``note``: (resolved now, already resolved).
    Another library's id is :class:`NotVisible`, and then nothing is resolved."""
    scope.require_change()
    rows = [scope.get(SyncException, key, "exception") for key in keys]
    done = already = 0
    for row in rows:
        if row.resolved_at is not None:
            already += 1
            continue
        crud.resolve_exception(
            session=scope.session,
            library_id=row.library_id,
            exception_id=row.id,
            by=scope.user.login,
            note=note,
        )
        audit.record(
            scope.session,
            scope.user,
            "exception.resolve",
            library_id=row.library_id,
            target=f"exception {row.id}",
            code=row.code,
        )
        done += 1
    return done, already


def _said(done: int, already: int) -> str:
    parts = []
    if done:
        parts.append(f"Resolved {done} exception{'s' if done != 1 else ''} with your note.")
    if already:
        were = "was" if already == 1 else "were"
        parts.append(f"{already} {were} resolved already; left unchanged.")
    return " ".join(parts)


@router.post("/console/exceptions/{exception_id}/resolve")
def resolve_one(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm, exception_id: str
) -> Response:
    key = _exception_id(exception_id)
    try:
        note = read_note(form)
    except BadInput as exc:
        with reading(db, user) as scope:  # a viewer is refused before being told about the note
            scope.require_change()
            scope.get(SyncException, key, "exception")
        return _one_page(request, db, user, exception_id, status=400, error=str(exc))
    done, already = writing(db, user, lambda scope: resolve(scope, [key], note))
    return redirect(f"/console/exceptions/{key}", flash=_said(done, already))


@router.post("/console/exceptions/resolve")
def resolve_picked(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    try:
        filters = read_filters(form)
    except BadInput:
        filters = Filters()
    picked = (row_id(name[5:]) for name in form if name.startswith("pick-"))
    keys = sorted({key for key in picked if key is not None})
    with reading(db, user) as scope:
        scope.require_change()
        for key in keys:
            scope.get(SyncException, key, "exception")
    try:
        if not keys:
            raise BadInput("Resolve: tick the exceptions to resolve first.")
        if len(keys) > PER_PAGE:
            raise BadInput(f"Resolve: at most {PER_PAGE} at once (one page).")
        note = read_note(form)
    except BadInput as exc:
        return _list_page(
            request,
            db,
            user,
            filters,
            status=400,
            error=str(exc),
            note=form.get("note", "")[:NOTE_MAX],
            picked=frozenset(keys),
        )
    done, already = writing(db, user, lambda scope: resolve(scope, keys, note))
    return redirect(filters.url(), flash=_said(done, already))
