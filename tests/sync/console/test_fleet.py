"""The fleet page (real server process): every device of the user's libraries with what it last
reported, revoke with a confirmation, and enrollment codes as text and as a QR code that the
project's decoder reads back and that enrolls a laptop."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select, update

from popup.scan.decode import decode
from popup.sync_client.client import SyncClient
from popup_sync import crud
from popup_sync.console.access import Role
from popup_sync.core.db import Database
from popup_sync.models import ConsoleAudit, Device, EnrollmentCode
from tests.sync.console.conftest import ConsoleClient, token_in

_CODE = re.compile(r'<p class="code-text" id="code">([^<]+)</p>')
_SVG = re.compile(r'<svg[^>]*viewBox="0 0 (\d+) \1"[^>]*>.*?<path fill="#000" d="([^"]*)"/></svg>')
_RUN = re.compile(r"M(\d+),(\d+)h(\d+)v1h-\3z")


def _rows(db: Database, model: Any, *where: Any) -> list[Any]:
    with db.read() as s:
        found = list(s.scalars(select(model).where(*where)))
        for row in found:
            s.expunge(row)
        return found


def _set_device(db: Database, device_id: str, **values: Any) -> None:
    db.run_write(lambda s: s.execute(update(Device).where(Device.id == device_id).values(**values)))


def _revoke_path(device_id: str) -> str:
    return f"/console/fleet/devices/{device_id}/revoke"


def test_every_fleet_page_without_a_session_goes_to_sign_in(
    console_client: Callable[[], ConsoleClient],
) -> None:
    client = console_client()
    for path in ("/console/fleet", "/console/fleet/codes/new"):
        response = client.get(path, allow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/login?next=")
    for path in (_revoke_path(str(uuid.uuid4())), "/console/fleet/codes"):
        response = client.post(path, {"csrf_token": "x", "confirm": "yes"}, allow_redirects=False)
        assert response.status_code == 303


def test_a_manager_sees_their_librarys_devices_and_what_they_reported(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    signed_in: Callable[..., ConsoleClient],
) -> None:
    mine, theirs = make_library(items=2, patrons=1), make_library(items=2, patrons=1)
    db.run_write(
        lambda s: crud.add_branch(
            session=s, library=crud.get_library(session=s, code=mine.code), code="BM7", name="Bus"
        )
    )
    laptop = enroll_device(mine.code, name="Blue bus laptop")
    other = enroll_device(theirs.code, name="Their laptop")
    laptop.http.headers.update({"X-Popup-Version": "0.1.7", "X-Popup-Pending": "4"})
    assert laptop.pull(limit=1).status_code == 200
    assert laptop.pull("not-a-cursor").status_code == 400  # its last sync error
    skewed = enroll_device(mine.code, name="Skewed laptop")
    _set_device(db, skewed.device_id, clock_offset_s=-900.0)

    manager = signed_in(Role.MANAGER, mine.code)
    page = manager.get("/console/fleet")
    assert page.status_code == 200
    text = page.text
    assert "Blue bus laptop" in text and laptop.device_id in text
    assert "0.1.7" in text and "<strong>4</strong>" in text
    assert "INVALID_CURSOR" in text and "not issued by this server" in text
    assert "900 s ahead" in text and "warn skewed" in text
    assert "Their laptop" not in text and other.device_id not in text
    # Another library's fleet is not there, exactly as an unknown library is not.
    for code in (theirs.code, "NOSUCHLIB"):
        refused = manager.get(f"/console/fleet?library={code}")
        assert refused.status_code == 404 and "There is no library" in refused.text

    admin = signed_in(Role.ADMIN)
    everyone = admin.get("/console/fleet").text
    assert laptop.device_id in everyone and other.device_id in everyone
    one = admin.get(f"/console/fleet?library={theirs.code}").text
    assert other.device_id in one and laptop.device_id not in one


def test_revoke_asks_first_then_refuses_the_device_and_is_audited(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    signed_in: Callable[..., ConsoleClient],
) -> None:
    lib = make_library(items=2, patrons=1)
    laptop = enroll_device(lib.code, name="Van laptop")
    manager = signed_in(Role.MANAGER, lib.code)
    asked = manager.submit("/console/fleet", _revoke_path(laptop.device_id), {})
    assert asked.status_code == 200
    assert "Revoke “Van laptop”?" in asked.text and 'name="confirm" value="yes"' in asked.text
    assert laptop.pull(limit=1).status_code == 200  # asking changed nothing
    done = manager.post(
        _revoke_path(laptop.device_id),
        {"csrf_token": token_in(asked.text), "confirm": "yes"},
        allow_redirects=False,
    )
    assert done.status_code == 303
    page = manager.get(done.headers["location"])
    assert "“Van laptop” is revoked" in page.text and "Revoked" in page.text
    refused = laptop.pull(limit=1)
    assert refused.status_code == 403 and refused.json()["error"] == "DEVICE_REVOKED"
    [entry] = _rows(
        db,
        ConsoleAudit,
        ConsoleAudit.action == "device.revoke",
        ConsoleAudit.target == laptop.device_id,
    )
    assert entry.library_id == lib.id


def test_another_librarys_device_answers_like_an_unknown_one(
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    signed_in: Callable[..., ConsoleClient],
) -> None:
    mine, theirs = make_library(items=2, patrons=1), make_library(items=2, patrons=1)
    other = enroll_device(theirs.code)
    manager = signed_in(Role.MANAGER, mine.code)
    answers = []
    for device_id in (other.device_id, str(uuid.uuid4()), "not-a-device"):
        for data in ({}, {"confirm": "yes"}):
            response = manager.submit("/console/fleet", _revoke_path(device_id), data)
            answers.append((response.status_code, "There is no device here." in response.text))
    assert set(answers) == {(404, True)}
    assert other.pull(limit=1).status_code == 200


def test_a_viewer_may_look_but_not_revoke_or_make_codes(
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    signed_in: Callable[..., ConsoleClient],
) -> None:
    lib = make_library(items=2, patrons=1)
    laptop = enroll_device(lib.code, name="Library laptop")
    viewer = signed_in(Role.VIEWER, lib.code)
    page = viewer.get("/console/fleet")
    assert page.status_code == 200 and "Library laptop" in page.text
    assert "Revoke…" not in page.text and "New enrollment code" not in page.text
    for data in ({}, {"confirm": "yes"}):
        refused = viewer.submit("/console/fleet", _revoke_path(laptop.device_id), data)
        assert refused.status_code == 403 and "viewer" in refused.text
    assert viewer.get("/console/fleet/codes/new").status_code == 403
    made = viewer.submit(
        "/console/fleet", "/console/fleet/codes", {"library": lib.code, "days": "7"}
    )
    assert made.status_code == 403
    assert laptop.pull(limit=1).status_code == 200


def test_a_form_without_its_csrf_token_changes_nothing(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    signed_in: Callable[..., ConsoleClient],
) -> None:
    lib = make_library(items=2, patrons=1)
    laptop = enroll_device(lib.code)
    manager = signed_in(Role.MANAGER, lib.code)
    for token in ({}, {"csrf_token": "forged"}):
        refused = manager.post(_revoke_path(laptop.device_id), {**token, "confirm": "yes"})
        assert refused.status_code == 403 and "security token" in refused.text
        made = manager.post("/console/fleet/codes", {**token, "library": lib.code, "days": "7"})
        assert made.status_code == 403
    assert laptop.pull(limit=1).status_code == 200
    unused = _rows(
        db, EnrollmentCode, EnrollmentCode.library_id == lib.id, EnrollmentCode.used_at.is_(None)
    )
    assert unused == []  # (the laptop's own code was spent enrolling it)


def _qr_text(page: str) -> str:
    """The served SVG QR code, rasterized (8 px a module) and read by the laptop's decoder."""
    found = _SVG.search(page)
    assert found is not None, "no QR code on the page"
    size, path = int(found.group(1)), found.group(2)
    matrix = np.zeros((size, size), dtype=bool)
    runs = _RUN.findall(path)
    assert "".join(f"M{x},{y}h{n}v1h-{n}z" for x, y, n in runs) == path
    for x, y, n in runs:
        matrix[int(y), int(x) : int(x) + int(n)] = True
    image = np.where(matrix, 0, 255).astype(np.uint8).repeat(8, axis=0).repeat(8, axis=1)
    [text] = decode(image)
    return text


def test_a_new_code_is_shown_as_text_and_a_qr_code_that_enrolls_a_laptop(
    db: Database,
    server: str,
    make_library: Callable[..., Any],
    signed_in: Callable[..., ConsoleClient],
) -> None:
    lib = make_library(items=2, patrons=1)
    db.run_write(
        lambda s: crud.add_branch(
            session=s, library=crud.get_library(session=s, code=lib.code), code="BM2", name="Van"
        )
    )
    manager = signed_in(Role.MANAGER, lib.code)
    form = manager.get("/console/fleet/codes/new")
    assert form.status_code == 200 and '<label for="days">' in form.text
    made = manager.submit(
        "/console/fleet/codes/new",
        "/console/fleet/codes",
        {"library": lib.code, "vehicle": "BM2", "days": "3"},
    )
    assert made.status_code == 200, made.text[:500]
    code = html.unescape(_CODE.search(made.text).group(1))  # type: ignore[union-attr]
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert "Van (BM2)" in made.text
    # What the laptop's scanner reads from the QR code is the code exactly, and it enrolls.
    assert _qr_text(made.text) == code
    answer = SyncClient(server).enroll(_qr_text(made.text), "Scanned laptop")
    assert answer["library_code"] == lib.code
    [device] = _rows(db, Device, Device.id == answer["device_id"])
    assert device.branch_id is not None
    # The audit says a code was made, never the code.
    [entry] = _rows(
        db,
        ConsoleAudit,
        ConsoleAudit.action == "enrollment-code.create",
        ConsoleAudit.library_id == lib.id,
    )
    assert entry.target == f"{lib.code}/BM2" and code not in str(entry.detail)


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"library": "", "days": "7"}, "Library: choose"),
        ({"days": "0"}, "Days valid: give a whole number of days from 1 to 90."),
        ({"days": "abc"}, "Days valid:"),
        ({"days": "365"}, "Days valid:"),
        ({"vehicle": "NOPE"}, "Vehicle: library"),
    ],
)
def test_a_bad_code_form_says_which_field_is_wrong(
    db: Database,
    make_library: Callable[..., Any],
    signed_in: Callable[..., ConsoleClient],
    fields: dict[str, str],
    says: str,
) -> None:
    lib = make_library(items=0, patrons=0)
    manager = signed_in(Role.MANAGER, lib.code)
    response = manager.submit(
        "/console/fleet/codes/new",
        "/console/fleet/codes",
        {"library": lib.code, "days": "7", **fields},
    )
    assert response.status_code == 400
    assert "text/html" in response.headers["content-type"]
    assert says in html.unescape(response.text)
    assert _rows(db, EnrollmentCode, EnrollmentCode.library_id == lib.id) == []


def test_a_manager_cannot_make_a_code_for_another_library(
    db: Database, make_library: Callable[..., Any], signed_in: Callable[..., ConsoleClient]
) -> None:
    mine, theirs = make_library(items=0, patrons=0), make_library(items=0, patrons=0)
    manager = signed_in(Role.MANAGER, mine.code)
    response = manager.submit(
        "/console/fleet/codes/new", "/console/fleet/codes", {"library": theirs.code, "days": "7"}
    )
    assert response.status_code == 404 and "There is no library" in response.text
    assert _rows(db, EnrollmentCode, EnrollmentCode.library_id == theirs.id) == []
