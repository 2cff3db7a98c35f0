"""Staff and the sync client (#17): the pull keeps the library's staff so they can sign in
offline, and every uploaded action says who made it and who approved its override (sent to the
real server process; the server's own checks of them are the server's tests)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from popup.domain.cards import qr_payload
from popup.domain.staff import Role, local_admin_id
from popup.store.db import Store
from popup.store.events import Events
from popup.store.models import OutboxEntry, Staff
from popup.store.notify import StoreChange, Topic
from popup.store.staff import NotAllowed, SignInNeeded, SignInRefused, StaffBook
from popup.sync_client.backoff import Backoff
from popup.sync_client.client import SyncClient
from popup.sync_client.engine import SyncEngine
from popup.sync_client.enroll import enroll
from tests.helpers.consortium import start_sync_server
from tests.helpers.laptops import Laptop, file_credentials
from tests.helpers.staff import (
    PIN,
    STAFF,
    VOLUNTEER,
    Clock,
    Member,
    download,
    download_staff,
    keep_staff,
)


def _staff_rows(store: Store) -> dict[str, tuple[str, str, str, bool, str | None]]:
    with store.read() as s:
        return {
            r.id: (r.login, r.name, r.role, r.active, r.badge) for r in s.scalars(select(Staff))
        }


def test_the_pull_keeps_the_librarys_staff(store: Store) -> None:
    seen: list[StoreChange] = []
    store.subscribe(seen.append)
    download_staff(store, STAFF, VOLUNTEER)
    assert _staff_rows(store) == {
        "st-1": ("sam", "Sam Staff", "staff", True, "STAFF-0001"),
        "vol-1": ("val", "Val Volunteer", "volunteer", True, "VOL-0001"),
    }
    assert any(Topic.STAFF in change.topics for change in seen)
    book = StaffBook(store, Clock())
    assert book.sign_in("val", PIN).role is Role.VOLUNTEER

    # Renamed and made staff; then disabled; then deleted.
    promoted = Member("vol-1", "val", "Valerie V.", "staff", badge=None)
    download_staff(store, promoted)
    assert _staff_rows(store)["vol-1"] == ("val", "Valerie V.", "staff", True, None)
    assert book.sign_in("val", PIN).role is Role.STAFF
    download_staff(store, Member("vol-1", "val", "Valerie V.", "staff", active=False))
    with pytest.raises(SignInRefused) as disabled:
        book.sign_in("val", PIN)
    assert disabled.value.reason == "disabled"
    download(store, [{"entity": "staff", "op": "delete", "key": "vol-1"}], cursor="p3")
    assert set(_staff_rows(store)) == {"st-1"}
    with pytest.raises(SignInRefused) as gone:
        book.sign_in("val", PIN)
    assert gone.value.reason == "unknown"


def test_a_staff_row_the_laptop_cannot_use_is_skipped(store: Store) -> None:
    odd_role = Member("st-7", "kay", "Kay", "janitor")
    forged = Member(local_admin_id("someone-else"), "mal", "Mal")
    download_staff(store, odd_role, forged, STAFF)
    assert set(_staff_rows(store)) == {"st-1"}


def test_a_fresh_snapshot_sweeps_staff_it_no_longer_lists_but_keeps_the_local_admin(
    store: Store,
) -> None:
    admin = StaffBook(store, Clock()).create_first_admin("admin", "Ada Admin", "1357")
    download_staff(store, STAFF, VOLUNTEER)
    download(store, [STAFF.change()], cursor="snapshot", reset=True)
    assert set(_staff_rows(store)) == {"st-1", admin.staff_id}


class RecordingSession(requests.Session):
    """The HTTP session the sync client sends through, keeping each push body it sent."""

    def __init__(self) -> None:
        super().__init__()
        self.pushed: list[dict[str, Any]] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kw: Any) -> Any:
        if str(url).endswith("/v1/push") and kw.get("json") is not None:
            self.pushed.append(json.loads(json.dumps(kw["json"])))
        return super().request(method, url, *args, **kw)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Any]:
    """The real ``popup-sync serve`` on SQLite with the demo consortium; tokens in files."""
    (tmp_path / "server").mkdir()
    with file_credentials():
        srv, cleanup = start_sync_server("sqlite", tmp_path / "server")
        try:
            yield srv
        finally:
            cleanup()


def _engine(laptop: Laptop, session: RecordingSession) -> SyncEngine:
    assert laptop.creds is not None
    client = SyncClient(laptop.creds.server_url, laptop.creds.token, session=session)
    return SyncEngine(
        laptop.store, client, laptop.creds.device_id, backoff=Backoff(base=0.05, cap=0.4)
    )


def test_every_uploaded_action_names_its_staff_member_and_approver(
    server: Any, tmp_path: Path
) -> None:
    laptop = Laptop(tmp_path, "bookmobile-staff")
    try:
        # A fresh laptop: its administrator first, then the enrollment (a new device id).
        book = StaffBook(laptop.store, Clock())
        before = book.create_first_admin("admin", "Ada Admin", "1357").staff_id
        laptop.enroll(server)
        assert laptop.creds is not None
        admin_id = local_admin_id(laptop.creds.device_id)
        assert before != admin_id and laptop.store.actor is not None
        assert laptop.store.actor.staff_id == admin_id  # renamed with the device
        assert laptop.sync().ok
        keep_staff(laptop.store, STAFF, VOLUNTEER)

        fine, other = laptop.patron_cards()[:2]
        first, second, third = laptop.available_barcodes()[:3]
        laptop.desk.checkout(qr_payload(fine), first)  # the administrator, still signed in
        book.sign_in("val", PIN)
        laptop.desk.checkout(qr_payload(fine), second)
        approval = book.approve("sam", PIN, "Staff saw the new card")
        laptop.desk.checkout(qr_payload(other), third, approval=approval)

        with laptop.store.read() as s:
            rows = [
                (e.kind, e.staff_id, e.approved_by)
                for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
            ]
        assert rows == [
            ("checkout", admin_id, None),
            ("checkout", "vol-1", None),
            ("checkout", "vol-1", "st-1"),
        ]

        session = RecordingSession()
        engine = _engine(laptop, session)
        try:
            report = engine.sync()
        finally:
            engine.client.close()
        assert report.ok, report.error
        assert laptop.waiting() == 0  # the server took them
        sent = [m for body in session.pushed for m in body["mutations"]]
        assert [(m["staff_id"], m["approved_by"]) for m in sent] == [
            (admin_id, None),
            ("vol-1", None),
            ("vol-1", "st-1"),
        ]
        assert sent[2]["payload"]["override_reason"] == "Staff saw the new card"
    finally:
        laptop.store.close()


def test_the_local_administrators_waiting_actions_follow_it_to_the_new_device(
    server: Any, tmp_path: Path
) -> None:
    laptop = Laptop(tmp_path, "bookmobile-admin")
    try:
        book = StaffBook(laptop.store, Clock())
        book.create_first_admin("admin", "Ada Admin", "1357")
        Events(laptop.store).open_stop(
            "Before enrolling"
        )  # made by the administrator, not uploaded yet
        laptop.store.actor = None
        with pytest.raises(SignInNeeded):
            enroll(laptop.store, laptop.home, server.url, server.new_code())
        keep_staff(laptop.store, VOLUNTEER)
        book.sign_in("val", PIN)
        code = server.new_code()
        with pytest.raises(NotAllowed):
            enroll(laptop.store, laptop.home, server.url, code)  # the code is not spent
        book.sign_in("admin", "1357")
        creds = enroll(laptop.store, laptop.home, server.url, code)
        laptop.creds = creds
        with laptop.store.read() as s:
            [stop_open] = s.scalars(select(OutboxEntry)).all()
            assert stop_open.staff_id == local_admin_id(creds.device_id)
            assert s.get(Staff, local_admin_id(creds.device_id)) is not None
        assert laptop.sync().ok
        assert laptop.waiting() == 0
    finally:
        laptop.store.close()
