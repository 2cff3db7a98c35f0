"""The ILS bridge page: per library, how the SIP2 bridge is doing — what waits to reach the
ILS, what the ILS refused or could not confirm (each with its exception), what it confirmed
today, and when the bridge last heard from the ILS.

Which libraries are bridged comes from the server's settings (``[sip2.CODE]``, the config the
bridge process reads too); the rest from the bridge's ledger (``sip2_deliveries``) and its
contact notes (``sip2_contacts``), read through the scope like every library-owned row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from popup.domain import settings as declared
from popup.domain.due_dates import zone_named
from popup.domain.patron_cards import masked_text
from popup_sync import library_settings
from popup_sync.api.deps import DatabaseDep, SettingsDep
from popup_sync.bridge.ledger import State
from popup_sync.console.access import ConsoleScope
from popup_sync.console.deps import ConsoleUser, reading
from popup_sync.console.render import render
from popup_sync.models import Library, Sip2Contact, Sip2Delivery

router = APIRouter()

#: States that ended with something for staff to do in the ILS (each opened an exception).
TROUBLE = (State.REFUSED, State.UNKNOWN, State.BY_HAND)
#: How many of the latest refusals the page lists per library.
LATEST = 5

_KIND_WORDS = {
    State.REFUSED: "refused by the ILS",
    State.UNKNOWN: "not known to the ILS (answer lost)",
    State.BY_HAND: "to do by hand in the ILS",
}


#: "card 21120000000043" in the bridge's own words (a waiver, a lost answer).
@dataclass(frozen=True)
class Refusal:
    id: int
    kind: str
    state: str
    state_words: str
    patron_card: str | None
    item_barcode: str | None
    message: str
    exception_id: int | None
    at: datetime


@dataclass
class LibraryBridge:
    code: str
    name: str
    zone: str | None
    configured: bool
    #: host:port of the ILS (no credentials), when configured.
    endpoint: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    confirmed_today: int = 0
    oldest_waiting: datetime | None = None
    latest: list[Refusal] = field(default_factory=list)
    last_contact: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None

    @property
    def pending(self) -> int:
        return self.counts.get(State.PENDING, 0)

    @property
    def sent(self) -> int:
        return self.counts.get(State.SENT, 0)

    @property
    def refused(self) -> int:
        return self.counts.get(State.REFUSED, 0)

    @property
    def unknown(self) -> int:
        return self.counts.get(State.UNKNOWN, 0)

    @property
    def by_hand(self) -> int:
        return self.counts.get(State.BY_HAND, 0)

    @property
    def failing(self) -> bool:
        """The bridge's last word about the ILS is an error (not followed by a contact)."""
        if self.last_error_at is None:
            return False
        return self.last_contact is None or self.last_error_at > self.last_contact

    @property
    def has_ledger(self) -> bool:
        return bool(self.counts)


def _start_of_today(library: Library) -> datetime:
    zone = zone_named(library_settings.values(library)[declared.TIMEZONE])
    day = library_settings.today(library)
    # No zone set: the library's "today" is the machine's (as for its holds' dates).
    midnight = datetime.combine(day, time(0))
    local = midnight.replace(tzinfo=zone) if zone else midnight.astimezone()
    return local.astimezone(UTC)


def _status(scope: ConsoleScope, library: Library, endpoint: str | None) -> LibraryBridge:
    zone = library_settings.values(library)[declared.TIMEZONE]
    found = LibraryBridge(
        code=library.code,
        name=library.name,
        zone=str(zone) if zone_named(zone) else None,
        configured=endpoint is not None,
        endpoint=endpoint or "",
    )
    session, ids = scope.session, [library.id]
    found.counts = {
        state: count
        for state, count in session.execute(
            select(Sip2Delivery.state, func.count())
            .where(scope.owns(Sip2Delivery, ids))
            .group_by(Sip2Delivery.state)
        )
    }
    found.confirmed_today = (
        session.scalar(
            select(func.count()).where(
                scope.owns(Sip2Delivery, ids),
                Sip2Delivery.state == State.CONFIRMED.value,
                Sip2Delivery.updated_at >= _start_of_today(library),
            )
        )
        or 0
    )
    found.oldest_waiting = session.scalar(
        select(func.min(Sip2Delivery.created_at)).where(
            scope.owns(Sip2Delivery, ids),
            Sip2Delivery.state.in_([State.PENDING.value, State.SENT.value]),
        )
    )
    rows = session.scalars(
        scope.select(Sip2Delivery, ids)
        .where(Sip2Delivery.state.in_([s.value for s in TROUBLE]))
        .order_by(Sip2Delivery.updated_at.desc(), Sip2Delivery.id.desc())
        .limit(LATEST)
    )
    found.latest = [
        Refusal(
            id=row.id,
            kind=row.kind,
            state=row.state,
            state_words=_KIND_WORDS[State(row.state)],
            patron_card=row.patron_card,
            item_barcode=row.item_barcode,
            message=masked_text(
                row.message or "", [row.patron_card], [row.item_barcode] if row.item_barcode else []
            ),
            exception_id=row.exception_id,
            at=row.updated_at,
        )
        for row in rows
    ]
    contact = session.scalars(scope.select(Sip2Contact, ids)).first()
    if contact is not None:
        found.last_contact = contact.last_contact_at
        found.last_error = contact.last_error
        found.last_error_at = contact.last_error_at
    return found


@router.get("/console/bridge", response_class=HTMLResponse)
def bridge_page(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    user: ConsoleUser,
    library: str = "",
) -> HTMLResponse:
    configured = {
        code.upper(): f"{config.host}:{config.port}{' (TLS)' if config.tls else ''}"
        for code, config in settings.sip2.items()
    }
    with reading(db, user) as scope:
        everyone = scope.libraries()
        chosen = scope.chosen(library.strip().upper() or None)
        statuses = [_status(scope, lib, configured.get(lib.code.upper())) for lib in chosen]
    return render(
        request,
        "bridge.html",
        user,
        title="ILS bridge",
        statuses=statuses,
        libraries=[(lib.code, lib.name) for lib in everyone],
        chosen=library.strip().upper(),
        now=datetime.now(UTC),
    )
