"""The exceptions page (real server process): the queue across devices, what each row names
(item, patron masked, stop) and says to do, its filters and pages, resolving with a note that
reaches the laptops by pull, and its security."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from popup.domain.cards import CardFormat, ScanKind
from popup.domain.messages import HAPPENED, TODO
from popup.domain.patron_cards import masked_card, masked_text
from popup.domain.protocol.actions import StopOpen
from popup.domain.protocol.envelopes import OutcomeCode
from popup_sync import crud
from popup_sync.apply.outcome import NO_EXCEPTION_ROW
from popup_sync.cli import main
from popup_sync.console.access import Role
from popup_sync.console.routes.exceptions import explain
from popup_sync.core.db import Database
from popup_sync.models import ConsoleAudit, SyncException
from tests.helpers import mutations
from tests.sync.console.conftest import ConsoleClient, token_in

UNKNOWN_CARD = CardFormat().make(ScanKind.PATRON, 999_999, "1120")
ROW = re.compile(r'<a href="/console/exceptions/(\d+)">#')


def test_every_code_that_opens_an_exception_says_what_happened_and_what_to_do() -> None:
    for code in OutcomeCode:
        if code in NO_EXCEPTION_ROW:
            continue
        assert HAPPENED.source(code) and TODO.source(code), code
        happened, todo = explain(code, None, {})
        assert happened.endswith(".") and todo.endswith("."), code
    # The detail picks the sentence the laptop's inbox would (the library to send it to).
    assert "EAST" in explain("ROUTE_ITEM", "checkin", {"route_to": "EAST"})[1]
    assert explain("HOLD_TRAP", "checkin", {})[1] == TODO.english("HOLD_TRAP.here")
    happened, todo = explain("SOMETHING_NEW", None, {})
    assert "SOMETHING_NEW" in happened and "administrator" in todo


def test_a_message_never_shows_a_whole_card_number() -> None:
    said = masked_text(
        "No patron has the card 21120000000042; item 31120000000007 and 21120000000099.",
        ["21120000000042"],
        ["31120000000007"],
    )
    assert "21120000000042" not in said and "21120000000099" not in said
    assert "•••• 0042" in said and "31120000000007" in said


def _ids(page: str) -> list[int]:
    return [int(n) for n in ROW.findall(page)]


def _open_stop(device: Any, name: str, starts: datetime) -> str:
    stop_id = mutations.new_id()
    payload = StopOpen(
        stop_id=stop_id, name=name, starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    device.push_ok([device.mutation(payload, client_time=starts - timedelta(minutes=10))])
    return stop_id


def _exceptions(db: Database, library_id: int) -> list[SyncException]:
    with db.read() as session:
        return list(
            session.scalars(
                select(SyncException)
                .where(SyncException.library_id == library_id)
                .order_by(SyncException.id)
            )
        )


def test_each_row_names_the_item_the_masked_patron_the_stop_and_what_to_do(
    signed_in: Callable[..., ConsoleClient],
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    db: Database,
) -> None:
    lib = make_library(items=3, patrons=2, patron_overrides={1: {"card_expiry": date(2020, 1, 1)}})
    device = enroll_device(lib.code, "Bookmobile 1")
    now = datetime.now(UTC)
    _open_stop(device, "Riverside Park", now - timedelta(hours=1))
    results = device.push_ok(
        [device.checkout(lib.patrons[0], lib.items[0]), device.checkout(UNKNOWN_CARD, lib.items[1])]
    )
    assert [r["codes"] for r in results] == [["CARD_EXPIRED"], ["PATRON_NOT_FOUND"]]
    expired, unknown = _exceptions(db, lib.id)
    client = signed_in(Role.MANAGER, lib.code)
    page = client.get("/console/exceptions")
    assert page.status_code == 200
    assert _ids(page.text) == [expired.id, unknown.id]
    text = html.unescape(page.text)
    assert "Title 1" in text and lib.items[0] in text  # the item, in full
    assert masked_card(lib.patrons[0]) in text and "P. N." in text  # the patron, masked
    assert "Riverside Park" in text and "Bookmobile 1" in text
    assert TODO.english("CARD_EXPIRED") in text and TODO.english("PATRON_NOT_FOUND") in text
    # Never a whole card number nor a name, not even in the server's own message.
    for card in (lib.patrons[0], UNKNOWN_CARD):
        assert card not in text
    assert "Patron Number1" not in text and "Number1" not in text
    detail = client.get(f"/console/exceptions/{expired.id}")
    assert detail.status_code == 200
    said = html.unescape(detail.text)
    assert "Riverside Park" in said and TODO.english("CARD_EXPIRED") in said
    assert lib.patrons[0] not in said and "Patron Number1" not in said
    assert masked_card(lib.patrons[0]) in said


def test_filters_by_code_stop_age_state_and_library(
    signed_in: Callable[..., ConsoleClient],
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    db: Database,
) -> None:
    lib = make_library(items=4, patrons=1)
    other = make_library(items=2, patrons=1)
    device = enroll_device(lib.code, "Van A")
    now = datetime.now(UTC)
    morning = _open_stop(device, "Morning stop", now - timedelta(hours=6))
    device.push_ok([device.checkin(lib.items[0], returned_at=now - timedelta(hours=5))])
    afternoon = _open_stop(device, "Afternoon stop", now - timedelta(minutes=30))
    device.push_ok([device.checkout(UNKNOWN_CARD, lib.items[1]), device.checkin(lib.items[2])])
    at_morning, unknown, at_afternoon = _exceptions(db, lib.id)
    assert (at_morning.code, unknown.code) == ("ITEM_NOT_ON_LOAN", "PATRON_NOT_FOUND")
    theirs = enroll_device(other.code)
    theirs.push_ok([theirs.checkin(other.items[0])])
    client = signed_in(Role.ADMIN)
    base = f"/console/exceptions?library={lib.code}"
    listing = client.get(base).text
    assert _ids(listing) == [at_morning.id, unknown.id, at_afternoon.id]
    # Counts: open ones per library and per code.
    assert f"{lib.code} — Library {lib.code} (3 open)" in listing
    assert f"{other.code} — Library {other.code} (1 open)" in listing
    assert "ITEM_NOT_ON_LOAN (2 open)" in listing and "PATRON_NOT_FOUND (1 open)" in listing
    assert "3 exceptions match" in listing
    by_code = client.get(base + "&code=ITEM_NOT_ON_LOAN").text
    assert _ids(by_code) == [at_morning.id, at_afternoon.id]
    assert _ids(client.get(base + f"&stop={morning}").text) == [at_morning.id]
    assert _ids(client.get(base + f"&stop={afternoon}").text) == [unknown.id, at_afternoon.id]
    # Age: one made ten days old.
    db.run_write(
        lambda s: s.execute(
            update(SyncException)
            .where(SyncException.id == unknown.id)
            .values(created_at=now - timedelta(days=10))
        )
    )
    assert _ids(client.get(base + "&age=7").text) == [unknown.id]
    assert _ids(client.get(base + "&age=30").text) == []
    # Every library an administrator sees, and one library.
    everything = _ids(client.get("/console/exceptions?state=all").text)
    assert {at_morning.id, unknown.id} <= set(everything)
    assert _exceptions(db, other.id)[0].id in everything
    assert _exceptions(db, other.id)[0].id not in _ids(client.get(base).text)
    # Resolved ones only when asked for.
    db.run_write(
        lambda s: crud.resolve_exception(
            session=s, library_id=lib.id, exception_id=at_morning.id, by="x", note="done"
        )
    )
    assert at_morning.id not in _ids(client.get(base).text)
    assert _ids(client.get(base + "&state=resolved").text) == [at_morning.id]
    # A filter that cannot be used is said, by name, on the page (not a 500, not JSON).
    for query, word in (("age=3", "Age"), ("stop=nope", "Stop"), ("state=x", "Show")):
        bad = client.get(f"/console/exceptions?{query}")
        assert bad.status_code == 400 and f"{word}:" in bad.text, query


def test_a_hundred_rows_a_page(
    signed_in: Callable[..., ConsoleClient], make_library: Callable[..., Any], db: Database
) -> None:
    lib = make_library(items=1, patrons=0)

    def many(session: Any) -> None:
        for n in range(150):
            crud.add_exception(
                session=session, library_id=lib.id, code="ITEM_NOT_FOUND", message=f"Item {n}."
            )

    db.run_write(many)
    client = signed_in(Role.VIEWER, lib.code)
    first = client.get("/console/exceptions")
    assert len(_ids(first.text)) == 100 and "150 exceptions match" in first.text
    assert "page 1 of 2" in first.text and 'rel="next"' in first.text
    second = client.get("/console/exceptions?page=2")
    assert len(_ids(second.text)) == 50 and not set(_ids(first.text)) & set(_ids(second.text))


def test_resolving_with_a_note_reaches_the_laptops_by_pull(
    signed_in: Callable[..., ConsoleClient],
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    db: Database,
    kit: Any,
) -> None:
    lib = make_library(items=4, patrons=1)
    device = enroll_device(lib.code)
    device.push_ok([device.checkin(barcode) for barcode in lib.items[:3]])
    one, two, three = _exceptions(db, lib.id)
    _, cursor = device.pull_all(until=kit.has("exception", str(three.id)))
    client = signed_in(Role.MANAGER, lib.code)
    page = f"/console/exceptions/{one.id}"
    done = client.submit(page, f"{page}/resolve", {"note": "Item was on the shelf."})
    assert done.status_code == 200 and "Resolved 1 exception with your note." in done.text
    assert "Item was on the shelf." in done.text
    # Two at once, with one note, from the list.
    listing = client.get("/console/exceptions")
    both = client.post(
        "/console/exceptions/resolve",
        {
            "csrf_token": token_in(listing.text),
            f"pick-{two.id}": "1",
            f"pick-{three.id}": "1",
            "note": "Shelved both.",
        },
    )
    assert both.status_code == 200 and "Resolved 2 exceptions" in both.text
    assert _ids(both.text) == []
    rows = {row.id: row for row in _exceptions(db, lib.id)}
    assert rows[one.id].resolution_note == "Item was on the shelf."
    assert rows[two.id].resolution_note == rows[three.id].resolution_note == "Shelved both."
    assert all(
        r.resolved_at and (r.resolved_by or "").startswith("manager-") for r in rows.values()
    )
    with db.read() as session:
        audited = session.scalars(
            select(ConsoleAudit.target).where(
                ConsoleAudit.library_id == lib.id, ConsoleAudit.action == "exception.resolve"
            )
        ).all()
    assert sorted(audited) == sorted(f"exception {e.id}" for e in (one, two, three))
    pulled, _ = device.pull_all(
        cursor,
        until=lambda ch: all(
            any(c["key"] == str(e.id) and c["data"]["resolved"] for c in ch)
            for e in (one, two, three)
        ),
    )
    for e in (one, two, three):
        assert kit.latest(pulled, "exception", str(e.id))["resolved"] is True
    # Resolving again changes nothing and says so.
    again = client.submit(page, f"{page}/resolve", {"note": "Twice."})
    assert "resolved already" in again.text
    assert _exceptions(db, lib.id)[0].resolution_note == "Item was on the shelf."


def test_security_session_other_library_viewer_csrf_and_a_missing_note(
    signed_in: Callable[..., ConsoleClient],
    console_client: Callable[[], ConsoleClient],
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    db: Database,
) -> None:
    mine, theirs = make_library(items=2, patrons=0), make_library(items=2, patrons=0)
    for lib in (mine, theirs):
        device = enroll_device(lib.code)
        device.push_ok([device.checkin(lib.items[0])])
    their_stop = _open_stop(device, "Their stop", datetime.now(UTC))
    my_id = _exceptions(db, mine.id)[0].id
    their_id = _exceptions(db, theirs.id)[0].id
    # No session: sign in first, nothing changed.
    anonymous = console_client()
    for path in ("/console/exceptions", f"/console/exceptions/{my_id}"):
        assert anonymous.get(path, allow_redirects=False).status_code == 303
    post = anonymous.post(
        f"/console/exceptions/{my_id}/resolve",
        {"note": "x", "csrf_token": "x"},
        allow_redirects=False,
    )
    assert post.status_code == 303
    # Another library's exception is exactly as unknown as one that does not exist.
    manager = signed_in(Role.MANAGER, mine.code)
    unknown = manager.get("/console/exceptions/999999999")
    foreign = manager.get(f"/console/exceptions/{their_id}")
    assert unknown.status_code == foreign.status_code == 404
    assert "There is no exception here." in foreign.text and unknown.text == foreign.text
    assert manager.get("/console/exceptions/abc").status_code == 404
    assert their_id not in _ids(manager.get("/console/exceptions?state=all").text)
    assert manager.get(f"/console/exceptions?library={theirs.code}").status_code == 404
    assert manager.get(f"/console/exceptions?stop={their_stop}").status_code == 404
    assert "Their stop" not in manager.get("/console/exceptions").text
    page = f"/console/exceptions/{my_id}"
    for target in (f"/console/exceptions/{their_id}/resolve", "/console/exceptions/resolve"):
        refused = manager.submit(page, target, {"note": "mine now", f"pick-{their_id}": "1"})
        assert refused.status_code == 404, target
    # Mixed with one of mine: nothing at all is resolved.
    mixed = manager.submit(
        page,
        "/console/exceptions/resolve",
        {"note": "n", f"pick-{my_id}": "1", f"pick-{their_id}": "1"},
    )
    assert mixed.status_code == 404
    # A viewer reads but cannot resolve.
    viewer = signed_in(Role.VIEWER, mine.code)
    assert "Resolve" not in viewer.get(page).text.split("</h1>", 1)[1]
    assert viewer.submit(page, f"{page}/resolve", {"note": "n"}).status_code == 403
    assert viewer.submit(page, f"{page}/resolve", {"note": ""}).status_code == 403
    # A form without its token.
    for data in ({"note": "n"}, {"note": "n", "csrf_token": "forged"}):
        assert manager.post(f"{page}/resolve", data).status_code == 403
    # No note: said by name, nothing done.
    empty = manager.submit(page, f"{page}/resolve", {"note": "  "})
    assert empty.status_code == 400 and "Note:" in empty.text
    nothing = manager.submit("/console/exceptions", "/console/exceptions/resolve", {"note": "n"})
    assert nothing.status_code == 400 and "tick the exceptions" in nothing.text
    for lib in (mine, theirs):
        assert _exceptions(db, lib.id)[0].resolved_at is None


def test_a_sign_up_shows_neither_card_nor_name(
    signed_in: Callable[..., ConsoleClient],
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    db: Database,
) -> None:
    lib = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    temporary = "T-" + mutations.new_id()[:8]
    (result,) = device.push_ok([device.mutation(mutations.register(temporary, temporary=True))])
    assert result["codes"] == ["TEMPORARY_CARD_REPLACED"]
    real = result["detail"]["card_number"]
    (exception,) = _exceptions(db, lib.id)
    client = signed_in(Role.MANAGER, lib.code)
    for path in ("/console/exceptions", f"/console/exceptions/{exception.id}"):
        text = html.unescape(client.get(path).text)
        assert TODO.english("TEMPORARY_CARD_REPLACED") in text
        assert masked_card(real) in text and "G. H." in text
        assert temporary not in text and real not in text and "Grace Hopper" not in text


def test_resolve_exception_on_the_command_line_keeps_its_note(
    database_url: str, db: Database, make_library: Callable[..., Any], capsys: Any
) -> None:
    lib = make_library(items=1, patrons=0)
    row = db.run_write(
        lambda s: crud.add_exception(
            session=s, library_id=lib.id, code="ITEM_NOT_FOUND", message="Item x."
        )
    )
    argv = ["admin", "--database", database_url, "resolve-exception", "--library", lib.code]
    assert main([*argv, "--by", "ana", "--note", "Relabelled it.", str(row.id)]) == 0
    assert f"Exception {row.id} resolved." in capsys.readouterr().out
    (resolved,) = _exceptions(db, lib.id)
    assert (resolved.resolved_by, resolved.resolution_note) == ("ana", "Relabelled it.")
