"""The fleet page: every laptop of the libraries a user sees — its library, vehicle, name, app
version, last contact, the actions it last said were waiting, its last refused sync and its
clock offset — with revoke, and new enrollment codes shown as text and as a QR code.

What a laptop says about itself comes from the headers it sends with every request
(:mod:`popup_sync.telemetry`). The QR code holds exactly the code as printed
(``ABCD-EFGH-JKMN``): the laptop's enrollment dialog takes it typed, or scanned into its code
field with a hand scanner (a keyboard), and the server ignores the dashes. It is drawn as inline
SVG (the console's Content-Security-Policy allows no script; inline markup is no script).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import qrcode
import qrcode.constants
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from popup.domain import settings as declared
from popup.domain.due_dates import zone_named
from popup_sync import crud
from popup_sync.api.deps import DatabaseDep, SettingsDep
from popup_sync.console import audit
from popup_sync.console.access import ConsoleScope, ConsoleUserInfo, NotVisible, row_id
from popup_sync.console.deps import CheckedForm, ConsoleUser, reading, writing
from popup_sync.console.render import redirect, render
from popup_sync.library_settings import values
from popup_sync.models import Branch, Device, Library

router = APIRouter()

#: How long a new enrollment code may be valid, in days (the form's bounds; the default is
#: the command line's).
MIN_DAYS, MAX_DAYS, DEFAULT_DAYS = 1, 90, 7
#: A device id as the server issues them (a UUID): anything else is unknown without a lookup.
_DEVICE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# -- the list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One device as the table shows it."""

    id: str
    name: str
    vehicle: str
    app_version: str | None
    last_seen_at: datetime | None
    pending: int | None
    pending_at: datetime | None
    error_code: str | None
    error_message: str | None
    error_at: datetime | None
    offset_s: float | None
    #: The offset is past the server's ``clock_skew_seconds`` (its results say CLOCK_SKEW).
    skewed: bool
    enrolled_at: datetime
    revoked_at: datetime | None

    @property
    def offset_text(self) -> str:
        """``412 s behind`` (the laptop's clock is behind the server's), ``35 s ahead``."""
        if self.offset_s is None:
            return "—"
        seconds = round(self.offset_s)
        if seconds == 0:
            return "0 s"
        return f"{abs(seconds)} s {'behind' if seconds > 0 else 'ahead'}"


@dataclass(frozen=True)
class LibraryFleet:
    code: str
    name: str
    zone: str | None
    rows: list[Row]

    @property
    def active(self) -> int:
        return sum(1 for row in self.rows if row.revoked_at is None)


def _zone(library: Library) -> str | None:
    name = values(library)[declared.TIMEZONE]
    return str(name) if name and zone_named(str(name)) is not None else None


def _vehicles(scope: ConsoleScope, library_ids: list[int]) -> dict[int, Branch]:
    branches = scope.session.scalars(scope.select(Branch, library_ids))
    return {branch.id: branch for branch in branches}


def _fleets(scope: ConsoleScope, libraries: list[Library], skew_s: float) -> list[LibraryFleet]:
    ids = [library.id for library in libraries]
    vehicles = _vehicles(scope, ids)
    devices = scope.session.scalars(
        scope.select(Device, ids).order_by(
            Device.revoked_at.is_not(None), Device.name, Device.enrolled_at
        )
    ).all()
    by_library: dict[int, list[Row]] = {library_id: [] for library_id in ids}
    for device in devices:
        branch = vehicles.get(device.branch_id) if device.branch_id is not None else None
        offset = device.clock_offset_s
        by_library[device.library_id].append(
            Row(
                id=device.id,
                name=device.name,
                vehicle=f"{branch.name} ({branch.code})" if branch else "",
                app_version=device.app_version,
                last_seen_at=device.last_seen_at,
                pending=device.pending_actions,
                pending_at=device.pending_reported_at,
                error_code=device.last_error_code,
                error_message=device.last_error_message,
                error_at=device.last_error_at,
                offset_s=offset,
                skewed=offset is not None and abs(offset) > skew_s,
                enrolled_at=device.enrolled_at,
                revoked_at=device.revoked_at,
            )
        )
    return [
        LibraryFleet(library.code, library.name, _zone(library), by_library[library.id])
        for library in libraries
    ]


@router.get("/console/fleet", response_class=HTMLResponse)
def fleet(
    request: Request, db: DatabaseDep, settings: SettingsDep, user: ConsoleUser
) -> HTMLResponse:
    wanted = request.query_params.get("library", "").strip()
    with reading(db, user) as scope:
        every = [(library.code, library.name) for library in scope.libraries()]
        fleets = _fleets(scope, scope.chosen(wanted), settings.clock_skew_seconds)
    return render(
        request,
        "fleet.html",
        user,
        title="Fleet",
        fleets=fleets,
        libraries=every,
        chosen=wanted,
        skew_s=round(settings.clock_skew_seconds),
    )


# -- revoke ----------------------------------------------------------------------------------


def _device(scope: ConsoleScope, device_id: str) -> Device:
    """The device with this id if this user sees it (an id of another library's device is
    answered exactly like an unknown one)."""
    if not _DEVICE_ID.fullmatch(device_id):
        raise NotVisible("device")
    device: Device = scope.get(Device, device_id, "device")
    return device


@router.post("/console/fleet/devices/{device_id}/revoke", response_model=None)
def revoke(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm, device_id: str
) -> Response:
    """First post: the confirmation page. Second post (``confirm=yes``): the device is revoked;
    its next request is refused (403 DEVICE_REVOKED), whatever it was doing."""
    if form.get("confirm", "") != "yes":
        with reading(db, user) as scope:
            scope.require_change()
            device = _device(scope, device_id)
            library = scope.library_by_id(device.library_id)
            branch = None
            if device.branch_id is not None:
                branch = scope.get(Branch, device.branch_id, "vehicle")
            details = {
                "id": device.id,
                "name": device.name,
                "library": f"{library.name} ({library.code})",
                "vehicle": f"{branch.name} ({branch.code})" if branch else "",
                "last_seen_at": device.last_seen_at,
                "pending": device.pending_actions,
                "revoked_at": device.revoked_at,
            }
        return render(request, "fleet/revoke.html", user, title="Revoke a device", device=details)

    def work(scope: ConsoleScope) -> tuple[str, str, bool]:
        scope.require_change()
        device = _device(scope, device_id)
        already = device.revoked_at is not None
        crud.revoke_device(session=scope.session, device_id=device.id)
        if not already:
            audit.record(
                scope.session,
                user,
                "device.revoke",
                library_id=device.library_id,
                target=device.id,
                pending=device.pending_actions,
            )
        library = scope.library_by_id(device.library_id)
        return device.name, library.code, already

    name, code, already = writing(db, user, work)
    if already:
        return redirect(f"/console/fleet?library={code}", flash=f"“{name}” was already revoked.")
    return redirect(
        f"/console/fleet?library={code}",
        flash=f"“{name}” is revoked: the server refuses its next request. To use the laptop"
        " again, enroll it with a new code.",
    )


# -- enrollment codes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Choices:
    """What the new-code form offers: the user's libraries and each one's vehicles."""

    libraries: list[tuple[str, str]]
    vehicles: list[tuple[str, list[tuple[str, str]]]]


def _choices(scope: ConsoleScope) -> Choices:
    libraries = scope.libraries()
    ids = [library.id for library in libraries]
    branches = sorted(_vehicles(scope, ids).values(), key=lambda b: (b.library_id, b.code))
    vehicles = [
        (
            library.code,
            [(b.code, b.name) for b in branches if b.library_id == library.id],
        )
        for library in libraries
    ]
    return Choices([(library.code, library.name) for library in libraries], vehicles)


def _code_form(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUserInfo,
    fields: dict[str, str],
    *,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    with reading(db, user) as scope:
        scope.require_change()
        choices = _choices(scope)
    return render(
        request,
        "fleet/new_code.html",
        user,
        status=status,
        title="New enrollment code",
        choices=choices,
        fields=fields,
        error=error,
        min_days=MIN_DAYS,
        max_days=MAX_DAYS,
    )


@router.get("/console/fleet/codes/new", response_class=HTMLResponse)
def new_code_form(request: Request, db: DatabaseDep, user: ConsoleUser) -> HTMLResponse:
    fields = {
        "library": request.query_params.get("library", "").strip(),
        "vehicle": "",
        "days": str(DEFAULT_DAYS),
    }
    return _code_form(request, db, user, fields)


@dataclass(frozen=True)
class NewCode:
    code: str
    library: str
    vehicle: str
    expires_at: datetime
    zone: str | None


@router.post("/console/fleet/codes", response_class=HTMLResponse)
def new_code(request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm) -> Response:
    """A one-time enrollment code, shown once (as text and as a QR code); only its hash is
    kept, so the page is not a redirect to something that could show it again."""
    fields = {name: form.get(name, "").strip() for name in ("library", "vehicle", "days")}
    with reading(db, user) as scope:
        scope.require_change()
    problem = ""
    days = 0
    if not fields["library"]:
        problem = "Library: choose the library the laptop will work for."
    elif (number := row_id(fields["days"])) is None or not MIN_DAYS <= number <= MAX_DAYS:
        problem = f"Days valid: give a whole number of days from {MIN_DAYS} to {MAX_DAYS}."
    else:
        days = number
    if problem:
        return _code_form(request, db, user, fields, error=problem, status=400)

    def work(scope: ConsoleScope) -> NewCode:
        scope.require_change()
        library = scope.library(fields["library"])
        vehicle = fields["vehicle"].upper()
        branch = None
        if vehicle:
            branch = scope.session.scalar(
                scope.select(Branch, [library.id]).where(Branch.code == vehicle)
            )
            if branch is None:
                raise _BadVehicle(library.code, vehicle)
        code = crud.create_enrollment_code(
            session=scope.session, library=library, branch_code=vehicle or None, days=days
        )
        # The code itself is never recorded: only its hash is kept, by crud.
        audit.record(
            scope.session,
            user,
            "enrollment-code.create",
            library_id=library.id,
            target=f"{library.code}/{vehicle}" if vehicle else library.code,
            days=days,
        )
        return NewCode(
            code=code,
            library=f"{library.name} ({library.code})",
            vehicle=f"{branch.name} ({branch.code})" if branch else "",
            expires_at=crud.now_utc() + timedelta(days=days),
            zone=_zone(library),
        )

    try:
        made = writing(db, user, work)
    except _BadVehicle as bad:
        return _code_form(
            request,
            db,
            user,
            fields,
            error=f"Vehicle: library {bad.library} has no vehicle {bad.vehicle!r}; choose one"
            " of its own (or none).",
            status=400,
        )
    server = str(request.base_url).rstrip("/")
    return render(
        request,
        "fleet/code.html",
        user,
        title="Enrollment code",
        made=made,
        qr=qr_svg(made.code),
        server=server,
    )


class _BadVehicle(Exception):
    def __init__(self, library: str, vehicle: str) -> None:
        super().__init__(vehicle)
        self.library = library
        self.vehicle = vehicle


def qr_matrix(text: str) -> list[list[bool]]:
    """``text``'s QR code modules (True: dark), its quiet zone of four modules included."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    return [[bool(cell) for cell in row] for row in qr.get_matrix()]


def qr_svg(text: str) -> Markup:
    """``text`` as an inline SVG QR code: one path, a horizontal run of dark modules per
    ``M x,y h n v 1 h -n z`` (crisp at any size; no script, no style attribute)."""
    matrix = qr_matrix(text)
    size = len(matrix)
    runs: list[str] = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start},{y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 {size} {size}"'
        f' role="img" aria-label="QR code of the enrollment code" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )


__all__ = ["qr_matrix", "qr_svg", "router"]
