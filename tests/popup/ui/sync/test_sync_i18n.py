"""The sync status line and the exceptions inbox read in the UI language; the server's own
message stays as the server wrote it, and in English the sync client's words are unchanged."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from popup.domain import messages
from popup.domain.protocol import OutcomeCode
from popup.store.db import Store
from popup.store.models import Device, SyncException, SyncState
from popup.sync_client.client import SyncClient, SyncError
from popup.sync_client.engine import SyncEngine
from popup.sync_client.status import SyncStatus, explanation, read_status
from popup.ui.sync.inbox import InboxModel
from popup.ui.sync.page import SyncPage
from popup.ui.text import sync_status_text
from tests.helpers.desk import MakeWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

REPO = Path(__file__).resolve().parents[4]
SERVER_SAYS = "Item 31120000000010 was on loan to patron #4711 since 2026-11-20."


def _two_exceptions(store: Store) -> None:
    """What the sync client records when the server reports outcomes (one code it does not
    know), and the error of the last pass."""
    with store.transaction() as session:
        for code in ("OPEN_CIRCULATION_EXISTS", "SOMETHING_NEW"):
            session.add(
                SyncException(code=code, message=SERVER_SAYS, received_at=datetime.now(UTC))
            )
        state = session.get(SyncState, 1) or SyncState(id=1)
        state.last_error = "Cannot reach the sync server at https://sync.example.org."
        session.add(state)


@pytest.fixture
def sync_page(demo_store: Store, make_window: MakeWindow) -> Iterator[SyncPage]:
    _two_exceptions(demo_store)
    win = make_window(demo_store)
    win.show()
    win.show_mode("sync")
    page = win.page_of(SyncPage)
    yield page
    page.scheduler.stop()


def _rows(page: SyncPage) -> dict[str, list[str]]:
    """Code -> what happened, what to do, and the server's message (from the row's detail)."""
    model = page.inbox.model
    rows = {}
    for r in range(model.rowCount()):
        entry = model.entries[r]
        happened, todo = (model.index(r, c).data() for c in (InboxModel.HAPPENED, InboxModel.TODO))
        assert entry.message in model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole)
        rows[entry.code] = [happened, todo, entry.message]
    return rows


def test_the_inbox_and_status_line_read_in_spanish(
    spanish: QApplication, sync_page: SyncPage
) -> None:
    rows = _rows(sync_page)
    happened, todo, message = rows["OPEN_CIRCULATION_EXISTS"]
    assert happened.startswith("El ejemplar seguía prestado a otro usuario cuando se prestó aquí.")
    assert todo.startswith("Revise el estante y la cuenta del otro usuario")
    assert message == SERVER_SAYS  # the server's words, as it wrote them
    assert rows["SOMETHING_NEW"][:2] == [
        "El servidor informó “SOMETHING_NEW” para esta acción.",
        "Lea el mensaje y avise al administrador si no está claro.",
    ]
    header = sync_page.inbox.model.headerData(InboxModel.HAPPENED, Qt.Orientation.Horizontal)
    assert header == "Qué pasó"
    line = sync_page.status.label.text()
    assert line.startswith("Sin servidor de sincronización · ")
    assert " por subir · " in line
    # Longer Spanish wraps onto more lines: every row is tall enough for its cells.
    table = sync_page.inbox.table
    for row in range(sync_page.inbox.model.rowCount()):
        assert table.rowHeight(row) >= table.sizeHintForRow(row)


def test_in_english_the_sync_client_words_show_unchanged(sync_page: SyncPage) -> None:
    rows = _rows(sync_page)
    happened, todo = explanation("OPEN_CIRCULATION_EXISTS")
    assert rows["OPEN_CIRCULATION_EXISTS"][:2] == [happened.text, todo.text]
    assert rows["SOMETHING_NEW"][0] == "The server reported “SOMETHING_NEW” for this action."
    assert sync_page.status.label.text().startswith("Not connected to a sync server · ")


#: The moment the status lines are read at (the UI passes its clock's now).
NOW = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)


def _status(**changes: Any) -> SyncStatus:
    values: dict[str, Any] = {
        "enrolled": True,
        "online": True,
        "waiting": 3,
        "last_sync_at": NOW - timedelta(minutes=12, seconds=5),
        "last_error": None,
        "open_exceptions": 2,
        "clock_offset_s": 600.0,
        "blocks_as_of": None,
    }
    return SyncStatus(**{**values, **changes})


def test_each_status_line_in_spanish(spanish: QApplication) -> None:
    assert sync_status_text(_status(), NOW) == (
        "En línea · 3 por subir · última sinc. hace 12 min · 2 por revisar"
        " · el reloj de este equipo va 10 min atrasado"
    )
    assert (
        sync_status_text(
            _status(online=False, last_sync_at=None, open_exceptions=0, clock_offset_s=-900.0), NOW
        )
        == "Sin conexión · 3 por subir · última sinc. nunca"
        " · el reloj de este equipo va 15 min adelantado"
    )
    earlier = NOW - timedelta(days=3, hours=1)
    assert (
        sync_status_text(
            _status(online=None, last_sync_at=earlier, open_exceptions=0, clock_offset_s=None), NOW
        )
        == "Comprobando el servidor de sincronización… · 3 por subir · última sinc. hace 3 d"
    )


def test_in_english_the_status_line_is_the_clients_summary() -> None:
    status = _status(last_error="The sync server did not answer within 30 seconds.")
    assert sync_status_text(status, NOW) == status.summary(NOW)
    assert status.summary().endswith(
        "this laptop's clock is 10 min behind · The sync server did not answer within 30 seconds."
    )


def test_every_line_and_code_the_client_can_give_has_a_sentence() -> None:
    codes = {*OutcomeCode, "REJECTED", "UNKNOWN_CODE"}
    happened, todo = set(messages.HAPPENED.sources), set(messages.TODO.sources)
    # Every code, and every variant of one (CODE.variant), says both what happened and what to
    # do; OVERRIDDEN is added to what happened only.
    assert happened == todo | {"OVERRIDDEN"}
    assert {key.split(".")[0] for key in todo} == codes
    keys = {line.key for line in _status(last_error="x").lines(NOW)}
    keys |= {line.key for line in _status(online=False, clock_offset_s=-900.0).lines(NOW)}
    keys |= {line.key for line in _status(enrolled=False, online=None).lines(NOW)}
    keys |= {line.key for line in _status(online=None, last_sync_at=None).lines(NOW)}
    for age in (timedelta(seconds=5), timedelta(hours=2), timedelta(days=2)):
        keys |= {line.key for line in _status(last_sync_at=NOW - age).lines(NOW)}
    assert keys - {""} == set(messages.SYNC_STATUS.sources)  # "": the server's words


def _closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_failed_pass_is_said_in_spanish_and_kept_in_english_in_the_store(
    spanish: QApplication, demo_store: Store
) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    client = SyncClient(url, token="t")
    with demo_store.read() as session:  # the engine of the store's own device
        device = session.scalar(select(Device.device_id))
    assert device is not None
    engine = SyncEngine(demo_store, client, device, max_attempts=1, sleep=lambda _s: None)
    report = engine.sync()
    assert report.error == f"Cannot reach the sync server at {url} (no network, or it is down)."
    status = read_status(demo_store, enrolled=True, online=False)
    assert status.last_error == report.error  # the store keeps the English sentence
    line = sync_status_text(status, NOW)
    assert line.endswith(
        f"· No se puede conectar con el servidor de sincronización en {url} (no hay red o el"
        " servidor no funciona)."
    )
    with demo_store.transaction() as session:
        state = session.get(SyncState, 1)
        assert state is not None and state.last_error_key == "UNREACHABLE"


def test_the_server_s_own_words_in_a_last_error_stay_as_they_are(spanish: QApplication) -> None:
    with pytest.raises(SyncError) as err:
        SyncClient("sync.example.org")
    refused = _status(
        last_error=str(err.value),
        last_error_key=err.value.key,
        last_error_params=err.value.params,
        open_exceptions=0,
        clock_offset_s=None,
    )
    assert sync_status_text(refused, NOW).endswith(
        "· La dirección del servidor de sincronización “sync.example.org” debe empezar por"
        " http:// o https://."
    )
    server = _status(last_error="Maintenance until 10:00", open_exceptions=0, clock_offset_s=None)
    assert sync_status_text(server, NOW).endswith("· Maintenance until 10:00")


def test_every_error_the_client_can_give_has_a_sentence() -> None:
    source = "\n".join(
        (REPO / "src/popup/sync_client" / name).read_text()
        for name in ("client.py", "engine.py", "enroll.py")
    )
    # Every upper-case literal there, less the codes, methods and names that are not keys.
    keys = set(re.findall(r'"([A-Z][A-Z_]+)"', source)) - {
        "DEVICE_REVOKED",
        "GET",
        "INVALID_CODE",
        "INVALID_CURSOR",
        "OFFLINE",
        "POPUP_ALLOW_INSECURE_HTTP",
        "POPUP_SYNC_CRASH_AT",
        "POST",
        "REJECTED",
        "SEQ_GAP",
        "SIGKILL",
        "SYNC_ERROR",
        "UNAUTHENTICATED",
    }
    assert set(keys) == set(messages.SYNC_ERRORS.sources)
