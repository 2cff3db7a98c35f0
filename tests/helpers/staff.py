"""Staff on a laptop's store for tests (#17): downloaded the way a pull brings them, signed in
with their PIN, and a clock the PIN waits can be walked through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from popup.domain.protocol.envelopes import Change, PullPage
from popup.domain.protocol.wire import decode
from popup.domain.staff import hash_pin
from popup.store.db import Store
from popup.store.models import Device
from popup.store.staff import Actor, StaffBook
from popup.sync_client.apply import apply_changes
from popup.sync_client.client import SyncClient
from popup.sync_client.engine import SyncEngine, SyncReport

DEVICE = "5b2a7c1e-0000-4000-8000-00000000d0a1"
#: One PIN hash for every test member: scrypt costs ~50 ms a hash.
PIN = "4321"
_HASH = hash_pin(PIN)


@dataclass(frozen=True)
class Member:
    id: str
    login: str
    name: str
    role: str = "staff"
    badge: str | None = None
    active: bool = True

    def change(self, pin_hash: str = _HASH) -> dict[str, Any]:
        data = {
            "id": self.id,
            "login": self.login,
            "name": self.name,
            "role": self.role,
            "pin_hash": pin_hash,
            "badge": self.badge,
            "active": self.active,
        }
        return {"entity": "staff", "op": "upsert", "key": self.id, "data": data}


STAFF = Member("st-1", "sam", "Sam Staff", "staff", badge="STAFF-0001")
OTHER_STAFF = Member("st-2", "tess", "Tess Staff", "staff")
VOLUNTEER = Member("vol-1", "val", "Val Volunteer", "volunteer", badge="VOL-0001")
OTHER_VOLUNTEER = Member("vol-2", "vic", "Vic Volunteer", "volunteer")


def download(
    store: Store, changes: list[dict[str, Any]], cursor: str = "staff-page", *, reset: bool = False
) -> None:
    """Apply a pull page of ``changes`` as the sync client does (no network: the page is
    given); ``reset``: the page is a whole fresh snapshot."""
    engine = SyncEngine(store, SyncClient("http://127.0.0.1:9", "unused"), DEVICE)
    page = {"changes": changes, "cursor": cursor, "has_more": False, "reset": reset}
    engine._apply_page(decode(PullPage, page), SyncReport())


def download_staff(store: Store, *members: Member) -> None:
    download(store, [m.change() for m in members])


def keep_staff(store: Store, *members: Member) -> None:
    """Apply ``members`` as a pull page's staff changes would be, without touching the sync
    cursor (for an enrolled laptop whose server does not send staff yet)."""
    with store.read() as session:
        device_id = session.scalar(select(Device.device_id))
    assert device_id is not None
    changes = [decode(Change, m.change()) for m in members]
    with store.transaction() as session:
        apply_changes(session, changes, device_id, datetime.now(UTC))


class Clock:
    """A clock a test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 12, 4, 15, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def sign_in(store: Store, member: Member) -> Actor:
    """Sign ``member`` in with their PIN (they must have been downloaded)."""
    return StaffBook(store, Clock()).sign_in(member.login, PIN)


__all__ = [
    "OTHER_STAFF",
    "OTHER_VOLUNTEER",
    "PIN",
    "STAFF",
    "VOLUNTEER",
    "Clock",
    "Member",
    "download",
    "download_staff",
    "keep_staff",
    "sign_in",
]
