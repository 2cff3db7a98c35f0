"""The Sync page in the real main window, against the real server process."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from popup.domain.circulation import initials
from popup.domain.protocol import OutcomeCode
from popup.store.db import Store
from popup.store.models import Item, OutboxEntry, Patron, SyncException
from popup.store.notify import StoreChange, Topic
from popup.sync_client.credentials import CredentialStore
from popup.sync_client.engine import SyncReport
from popup.sync_client.enroll import enroll
from popup.ui.main_window import MainWindow
from popup.ui.sync.inbox import WORD_JOINER, InboxModel, InboxPage, moment_text
from popup.ui.sync.page import SyncPage
from popup.ui.sync.scheduler import SyncScheduler
from popup_sync import crud
from popup_sync import models as sm
from tests.helpers import tls
from tests.helpers.desk import MakeWindow, all_visible_texts, press
from tests.helpers.fit import table_problems, unseen_cell_problems

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

SYNC_TIMEOUT_MS = 60_000
#: A 1024x600 screen less a panel and a title bar (as tests/popup/ui/test_fit.py).
NETBOOK = QSize(1024, 540)


@pytest.fixture
def window(store: Store, make_window: MakeWindow) -> Iterator[MainWindow]:
    win = make_window(store)
    win.show()
    yield win
    scheduler: SyncScheduler = win.page_of(SyncPage).scheduler
    scheduler.stop()
    assert not scheduler.running and not scheduler.busy


def page_of(window: MainWindow) -> SyncPage:
    return window.page_of(SyncPage)


def adult_card(store: Store) -> str:
    with store.read() as s:
        card = s.scalar(
            select(Patron.card_number)
            .where(
                Patron.manual_block.is_(False),
                Patron.fines_owed_cents == 0,
                Patron.category == "ADULT",
                Patron.card_expiry > datetime.now(UTC).date(),
            )
            .limit(1)
        )
    assert card is not None
    return card


def wait_for_pass(qtbot: Any, worker: SyncScheduler, trigger: Callable[[], None]) -> SyncReport:
    with qtbot.waitSignal(worker.synced, timeout=SYNC_TIMEOUT_MS) as blocker:
        trigger()
    report = blocker.args[0]
    assert isinstance(report, SyncReport)
    return report


def enrolled_page(
    window: MainWindow, store: Store, sync_server: Any, qtbot: Any, name: str
) -> SyncPage:
    """The Sync page shown, the laptop enrolled and its first pass done; passes then run only
    when a test asks ("Sync now")."""
    window.show_mode("sync")
    page = page_of(window)
    worker = page.scheduler
    worker.poll_seconds = 3600  # only "Sync now" below
    worker.auto_seconds = 3600
    enroll(store, store.path.parent, sync_server.url, sync_server.new_code(), name)
    assert wait_for_pass(qtbot, worker, worker.credentials_changed).ok
    return page


def lent_on_another_laptop(
    laptops: Callable[[str], Any], sync_server: Any
) -> tuple[str, list[str]]:
    """A book another laptop lent (and synced) to the first of the library's patrons: its
    barcode and the patron cards."""
    other = laptops("other")
    other.enroll(sync_server)
    assert other.sync().ok
    book = other.available_barcodes()[-1]
    cards = other.patron_cards()
    other.desk.checkout(cards[0], book)
    assert other.sync().ok
    return book, cards


def inbox_rows(inbox: InboxPage) -> list[dict[str, str]]:
    """Each inbox row as staff read it (the columns and the tooltip), with its entry's code."""
    model = inbox.model
    rows = []
    for r in range(model.rowCount()):
        entry = model.entries[r]
        texts = [model.index(r, c).data() for c in range(model.columnCount())]
        rows.append(
            dict(
                zip(("when", "item", "patron", "happened", "todo"), texts, strict=True),
                code=entry.code,
                tip=model.index(r, InboxModel.HAPPENED).data(Qt.ItemDataRole.ToolTipRole),
                mutation_id=entry.mutation_id or "",
            )
        )
    return rows


def made_at(store: Store, mutation_id: str) -> datetime:
    with store.read() as s:
        at = s.scalar(select(OutboxEntry.client_time).where(OutboxEntry.mutation_id == mutation_id))
    assert at is not None
    return at


def item_and_name(store: Store, barcode: str, card: str) -> tuple[str, str]:
    with store.read() as s:
        title = s.scalar(select(Item.title).where(Item.barcode == barcode))
        name = s.scalar(select(Patron.name).where(Patron.card_number == card))
    assert title is not None and name is not None
    return title, name


def test_unenrolled_window_runs_no_thread_and_keeps_its_offline_text(
    window: MainWindow, qtbot: Any
) -> None:
    assert "sync" in window.modes()
    assert not page_of(window).scheduler.running
    assert window.sync_label.text() == "Offline, nothing waiting to upload"
    assert "Not connected" in page_of(window).status.label.text()
    # "Sync now" says why nothing happens.
    window.show_mode("sync")
    status = page_of(window).status
    status.button.setFocus()
    qtbot.waitUntil(status.button.hasFocus)
    press(qtbot, Qt.Key.Key_Space)
    assert status.note.isVisible()
    assert status.note.text().startswith("Nothing to sync with: this laptop is not connected")


def test_enroll_in_the_dialog_then_sync_in_the_background(
    window: MainWindow, sync_server: Any, qtbot: Any, store: Store
) -> None:
    window.show_mode("sync")
    page = page_of(window)
    worker = page.scheduler
    worker.poll_seconds = 0.3
    dialog = page.open_enroll(sync_server.url)
    assert dialog.url.text() == sync_server.url
    dialog.code.setText("WRONG-CODE")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not valid" in dialog.message.text(), timeout=SYNC_TIMEOUT_MS)
    assert dialog.isVisible() and not worker.running

    dialog.code.setText(sync_server.new_code())
    changes: list[StoreChange] = []
    window.ctx.changes.changed.connect(changes.append)
    generation = store.settings_generation
    with qtbot.waitSignal(worker.synced, timeout=SYNC_TIMEOUT_MS) as first:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert first.args[0].ok, first.args[0].error
    # The pages heard of the download (the catalogue, the settings) without a restart: the
    # client notes what it writes and the store tells every page, as for the desk's scans.
    heard = {topic for change in changes if not change.seqs for topic in change.topics}
    assert {Topic.CATALOGUE, Topic.PATRONS, Topic.SETTINGS} <= heard
    assert store.settings_generation > generation
    assert not dialog.isVisible()
    with store.read() as s:
        assert s.scalar(select(func.count(Item.id))) == 300
    qtbot.waitUntil(lambda: "Online" in window.sync_label.text(), timeout=SYNC_TIMEOUT_MS)
    assert "0 waiting to upload" in window.sync_label.text()
    qtbot.waitUntil(lambda: page.where.text().endswith("· reachable"), timeout=SYNC_TIMEOUT_MS)
    assert page.where.text().startswith(f"Server: {sync_server.url} (library ")

    # A checkout at the desk goes up without anyone pressing anything.
    desk = window.desk
    with store.read() as s:
        book = s.scalar(select(Item.barcode).where(Item.status == "available").limit(1))
    card = adult_card(store)
    desk.checkout(card, book)
    report = wait_for_pass(qtbot, worker, lambda: None)
    while report.pushed == 0:  # a poll may have started just before the checkout
        report = wait_for_pass(qtbot, worker, lambda: None)
    assert report.ok and report.waiting == 0
    qtbot.waitUntil(
        lambda: "0 waiting to upload" in window.sync_label.text(), timeout=SYNC_TIMEOUT_MS
    )


def test_revoked_laptop_is_told_and_keeps_its_data(
    window: MainWindow, sync_server: Any, qtbot: Any, store: Store
) -> None:
    page = page_of(window)
    worker = page.scheduler
    worker.poll_seconds = 0.3
    home = store.path.parent
    creds = enroll(store, home, sync_server.url, sync_server.new_code(), "to be revoked")
    assert wait_for_pass(qtbot, worker, worker.credentials_changed).ok
    with store.read() as s:
        book = s.scalar(select(Item.barcode).where(Item.status == "available").limit(1))
    card = adult_card(store)
    window.desk.checkout(card, book)
    sync_server.db.run_write(
        lambda session: crud.revoke_device(session=session, device_id=creds.device_id)
    )
    report = wait_for_pass(qtbot, worker, worker.request_sync)
    assert report.error_code == "DEVICE_REVOKED"
    assert "revoked" in (report.error or "") and "stays on the laptop" in (report.error or "")
    qtbot.waitUntil(lambda: "revoked" in window.sync_label.text(), timeout=SYNC_TIMEOUT_MS)
    assert "1 waiting to upload" in window.sync_label.text()
    with store.read() as s:
        assert s.scalar(select(func.count(Item.id))) == 300  # nothing was deleted


def test_conflict_shows_in_the_inbox_and_done_reaches_the_server(
    window: MainWindow,
    sync_server: Any,
    qtbot: Any,
    store: Store,
    laptops: Callable[[str], Any],
) -> None:
    page = enrolled_page(window, store, sync_server, qtbot, "inbox laptop")
    worker = page.scheduler
    book, cards = lent_on_another_laptop(laptops, sync_server)
    window.desk.checkout(cards[1], book)  # offline here: the book looked available
    report = wait_for_pass(qtbot, worker, page.status.button.click)
    assert report.ok and report.exceptions >= 1

    inbox = page.inbox
    rows = inbox_rows(inbox)
    row = [r["code"] for r in rows].index(OutcomeCode.OPEN_CIRCULATION_EXISTS)
    conflict = rows[row]
    # The row names the item and this laptop's patron from the laptop's own tables, the time
    # as the desk writes it; the code and the server's words are in the tooltip.
    title, name = item_and_name(store, book, cards[1])
    assert conflict["item"] == f"{title} ({book})"
    assert conflict["patron"] == f"{initials(name)}, card …{WORD_JOINER}{cards[1][-4:]}"
    assert conflict["when"] == moment_text(made_at(store, conflict["mutation_id"]))
    assert re.fullmatch(r"\d{1,2} \w{3} \d{4}, \d{1,2}:\d{2}( [AP]M)?", conflict["when"])
    assert "other patron" in conflict["happened"]
    assert "Check the shelf" in conflict["todo"]
    assert OutcomeCode.OPEN_CIRCULATION_EXISTS not in " ".join(
        conflict[k] for k in ("when", "item", "patron", "happened", "todo")
    )
    assert conflict["tip"].startswith(f"Code {OutcomeCode.OPEN_CIRCULATION_EXISTS}. The server")
    inbox.table.selectRow(row)
    assert inbox.detail.isVisible() and inbox.detail.text() == conflict["tip"]
    with store.read() as s:
        server_id = s.scalar(
            select(SyncException.server_id).where(
                SyncException.code == OutcomeCode.OPEN_CIRCULATION_EXISTS
            )
        )
    assert server_id is not None  # linked to the server's exception by the download

    with qtbot.waitSignal(worker.synced, timeout=SYNC_TIMEOUT_MS):
        qtbot.mouseClick(inbox.done_button, Qt.MouseButton.LeftButton)
    assert OutcomeCode.OPEN_CIRCULATION_EXISTS not in [r["code"] for r in inbox_rows(inbox)]
    with sync_server.db.read() as s:
        resolved = s.scalar(
            select(sm.SyncException.resolved_at).where(sm.SyncException.id == server_id)
        )
    assert resolved is not None


def test_a_conflicting_checkout_row_names_its_item_and_patron_in_sight_at_1024_px(
    window: MainWindow,
    sync_server: Any,
    qtbot: Any,
    store: Store,
    laptops: Callable[[str], Any],
) -> None:
    """The screenshot's OPEN_CIRCULATION_EXISTS row looked empty under a return's row: its item
    and patron were there, centred in a row made tall by its sentence, below the table's edge.
    After the pass that brought it and the next one (the server's copy pulled and linked), the
    row names the book and this laptop's patron where staff look."""
    window.resize(NETBOOK)
    page = enrolled_page(window, store, sync_server, qtbot, "netbook laptop")
    worker = page.scheduler
    book, cards = lent_on_another_laptop(laptops, sync_server)
    with store.read() as s:
        held = s.scalar(select(Item.barcode).where(Item.on_hold.is_(True)).limit(1))
    assert held is not None
    window.desk.checkin(held)  # someone is waiting for it: a row above the conflict's
    window.desk.checkout(cards[1], book)  # the book looked available here
    report = wait_for_pass(qtbot, worker, page.status.button.click)
    assert report.ok and report.exceptions >= 2
    title, name = item_and_name(store, book, cards[1])
    table, model = page.inbox.table, page.inbox.model
    for _pass in ("pushed", "pulled"):
        rows = inbox_rows(page.inbox)
        row = [r["code"] for r in rows].index(OutcomeCode.OPEN_CIRCULATION_EXISTS)
        assert rows[row]["item"] == f"{title} ({book})"
        assert rows[row]["patron"] == f"{initials(name)}, card …{WORD_JOINER}{cards[1][-4:]}"
        # In sight: from the top, and with the row's first lines just above the table's edge.
        table.scrollToTop()
        assert unseen_cell_problems(table) == []
        top = table.rowViewportPosition(row)
        scroll = table.verticalScrollBar()
        scroll.setValue(
            scroll.value() + top - table.viewport().height() + 3 * table.fontMetrics().height()
        )
        assert unseen_cell_problems(table) == []
        assert table_problems(table) == []
        report = wait_for_pass(qtbot, worker, page.status.button.click)
        assert report.ok
    with store.read() as s:
        linked = s.scalar(
            select(SyncException.server_id).where(
                SyncException.code == OutcomeCode.OPEN_CIRCULATION_EXISTS
            )
        )
    assert linked is not None and model.rowCount() >= 2


def test_network_back_triggers_a_sync_without_anyone_pressing_anything(
    window: MainWindow, sync_server: Any, qtbot: Any, store: Store
) -> None:
    page = page_of(window)
    worker = page.scheduler
    worker.poll_seconds = 0.3
    enroll(store, store.path.parent, sync_server.url, sync_server.new_code(), "bookmobile")
    assert wait_for_pass(qtbot, worker, worker.credentials_changed).ok
    with store.read() as s:
        book = s.scalar(select(Item.barcode).where(Item.status == "available").limit(1))
    assert book is not None
    try:
        with qtbot.waitSignal(worker.online_changed, timeout=SYNC_TIMEOUT_MS) as went:
            sync_server.stop()  # out of range
        assert went.args == [False]
        window.desk.checkout(adult_card(store), book)
        qtbot.waitUntil(
            lambda: window.sync_label.text().startswith("Offline · 1 waiting"),
            timeout=SYNC_TIMEOUT_MS,
        )
        with qtbot.waitSignal(worker.synced, timeout=SYNC_TIMEOUT_MS) as passed:
            sync_server.start()  # back in range: /health answers again
    finally:
        if sync_server.process is None or sync_server.process.poll() is not None:
            sync_server.start()
    assert passed.args[0].ok and passed.args[0].pushed == 1
    qtbot.waitUntil(
        lambda: window.sync_label.text().startswith("Online · 0 waiting"),
        timeout=SYNC_TIMEOUT_MS,
    )


def test_a_server_whose_certificate_is_refused_is_named_not_shown_as_offline(
    window: MainWindow, sync_server: Any, qtbot: Any, store: Store, tmp_path: Path
) -> None:
    page = page_of(window)
    worker = page.scheduler
    worker.poll_seconds = 0.3
    home = store.path.parent
    creds = enroll(store, home, sync_server.url, sync_server.new_code(), "behind a bad cert")
    assert wait_for_pass(qtbot, worker, worker.credentials_changed).ok
    with tls.tls_server(sync_server.database_url, tmp_path) as (url, _cert):
        # The same server, now reached over TLS with a certificate this laptop does not trust
        # (an interception proxy, a self-signed certificate).
        CredentialStore(home).save(dataclasses.replace(creds, server_url=url))
        report = wait_for_pass(qtbot, worker, worker.credentials_changed)
        assert report.error_key == "UNTRUSTED_SERVER"
        qtbot.waitUntil(
            lambda: "identity could not be verified" in window.sync_label.text(),
            timeout=SYNC_TIMEOUT_MS,
        )
        assert not window.sync_label.text().startswith("Offline")


def test_inbox_rows_name_the_item_and_patron_and_say_an_override_was_made_at_the_desk(
    window: MainWindow, sync_server: Any, qtbot: Any, store: Store
) -> None:
    page = enrolled_page(window, store, sync_server, qtbot, "override laptop")
    worker = page.scheduler
    today = datetime.now(UTC).date()
    with store.read() as s:
        expired = s.scalar(
            select(Patron.card_number)
            .where(Patron.card_expiry < today, Patron.manual_block.is_(False))
            .limit(1)
        )
        book = s.scalar(
            select(Item.barcode)
            .where(Item.status == "available", Item.home_library == "MAIN", Item.on_hold.is_(False))
            .limit(1)
        )
        visiting, home = s.execute(
            select(Item.barcode, Item.home_library)
            .where(Item.status == "available", Item.home_library != "MAIN", Item.on_hold.is_(False))
            .limit(1)
        ).one()
        held, pickup = s.execute(
            select(Item.barcode, Item.hold_pickup)
            .where(Item.status == "available", Item.on_hold.is_(True))
            .limit(1)
        ).one()
    assert expired is not None and book is not None
    reason = "Showed a renewed card from the branch"
    window.desk.checkout(expired, book, override_reason=reason)  # staff overrode the expiry
    window.desk.checkin(visiting)  # another library's item, returned at this stop
    window.desk.checkin(held)  # someone is waiting for it
    report = wait_for_pass(qtbot, worker, page.status.button.click)
    assert report.ok, report.error

    rows = {r["code"]: r for r in inbox_rows(page.inbox)}
    card = rows[OutcomeCode.CARD_EXPIRED]
    title, name = item_and_name(store, book, expired)
    assert card["item"] == f"{title} ({book})"
    assert card["patron"] == f"{initials(name)}, card …{WORD_JOINER}{expired[-4:]}"
    assert card["happened"] == (
        f"The patron's card had expired. The action was accepted. Staff overrode this at the"
        f" desk; the reason given was “{reason}”."
    )
    assert "offline" not in " ".join(r["happened"] for r in rows.values())

    with store.read() as s:
        visiting_title = s.scalar(select(Item.title).where(Item.barcode == visiting))
    routes = [r for r in inbox_rows(page.inbox) if r["code"] == OutcomeCode.ROUTE_ITEM]
    route = next(r for r in routes if r["item"] == f"{visiting_title} ({visiting})")
    assert route["happened"] == (
        f"This item was returned here, but it belongs to, or is needed at, {home}."
    )
    assert route["todo"] == f"Put it in the transit box for {home}."
    assert route["patron"] == ""  # nobody had it on loan
    assert route["tip"].startswith("Code ROUTE_ITEM. ")

    hold = rows[OutcomeCode.HOLD_TRAP]
    assert hold["item"].endswith(f" ({held})")
    if pickup in (None, "MAIN"):
        assert hold["todo"] == "Put it on the hold shelf with a hold slip."
    else:
        assert hold["todo"] == f"Put a hold slip in it and send it to {pickup} in the transit box."


def test_sync_now_while_offline_answers_on_the_page_and_never_says_connected(
    window: MainWindow, sync_server: Any, qtbot: Any, store: Store
) -> None:
    page = enrolled_page(window, store, sync_server, qtbot, "in a field")
    worker = page.scheduler
    qtbot.waitUntil(lambda: page.where.text().endswith("· reachable"), timeout=SYNC_TIMEOUT_MS)
    note, button = page.status.note, page.status.button
    try:
        sync_server.stop()  # out of range
        button.setFocus()
        qtbot.waitUntil(button.hasFocus)
        with qtbot.waitSignal(worker.unreachable, timeout=SYNC_TIMEOUT_MS):
            press(qtbot, Qt.Key.Key_Space)
            assert note.isVisible() and note.text() == "Trying now…"  # at once
        assert note.text() == (
            f"Could not reach the server at {sync_server.url}. Popup keeps trying every 60"
            " minute(s); nothing is lost: everything done here stays on this laptop until then."
        )
        where = page.where.text()
        assert where.startswith(f"Server: {sync_server.url} (library ")
        assert re.search(r"· not reachable since \d{1,2}:\d{2}( [AP]M)?$", where), where
        qtbot.waitUntil(lambda: page.status.label.text().startswith("Offline"))
        assert "Connected" not in " ".join(all_visible_texts(page))
    finally:
        if sync_server.process is None or sync_server.process.poll() is not None:
            sync_server.start()
    report = wait_for_pass(qtbot, worker, lambda: press(qtbot, Qt.Key.Key_Space))
    assert report.ok
    assert note.text().startswith("Synced at ")
    assert page.where.text().endswith("· reachable")
