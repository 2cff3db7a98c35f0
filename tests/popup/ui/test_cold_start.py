"""Start-up loads what the first paint needs and nothing more (issue #20: cold start).

A real ``popup --demo`` in its own process, offscreen: what was imported when the window first
painted (its frame and sign-in screen, before the store is open), and when it was ready (the
store open, the pages attached), and what the window had built by each. No timings here
(benchmarks/cold_start.py measures them); these guard the lazy imports and the lazy pages that
the figure rests on.
"""

from __future__ import annotations

import json
from pathlib import Path

from popup.store.engine import head_revision, newest_revision
from popup.ui.app import QUIT_AFTER_FIRST_PAINT
from popup.ui.pages import PAGES
from tests.helpers.desk import run_qt_child

#: Runs ``popup --home HOME --demo`` and notes the modules loaded, the pages built and whether
#: the window has its store, at the window's first paint and as the app quits once ready;
#: prints them as JSON after the app has quit.
CHILD = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from popup.cli import main

seen = {}

def note(window):
    return {
        "modules": sorted(sys.modules),
        "built": [page.key for page in window.built_pages()],
        "modes": window.modes(),
        "attached": window.attached(),
    }

class AtFirstPaint(QObject):
    def eventFilter(self, obj, event):
        if "painted" not in seen and event.type() == QEvent.Type.Paint and obj.isWindow():
            if type(obj).__name__ == "MainWindow":
                seen["painted"] = note(obj)
        return False

def at_quit():
    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ == "MainWindow":
            seen["ready"] = note(widget)

app = QApplication(sys.argv)
watch = AtFirstPaint()
app.installEventFilter(watch)
app.aboutToQuit.connect(at_quit)
code = main(["--home", sys.argv[1], "--demo"])
print(json.dumps({"code": code, **seen}))
"""

#: Loaded later or never at start-up: the migrations' tool, the MARC reader, the camera, the
#: keyring (unless the store's key is kept there: here it is in a key file, see
#: tests/conftest.py), the sync client's HTTP stack, the card printer's QR maker, numpy and the
#: decoder.
NOT_AT_FIRST_PAINT = (
    "alembic",
    "pymarc",
    "PySide6.QtMultimedia",
    "keyring",
    "numpy",
    "qrcode",
    "requests",
    "zxingcpp",
    "popup.interop.marc",
    "popup.interop.commands",
    "popup.scan.decode",
    "popup.store.demo",
    "popup.sync_client.commands",
)


def start(home: Path) -> dict[str, object]:
    done = run_qt_child(CHILD, str(home), env={QUIT_AFTER_FIRST_PAINT: "1", "POPUP_LANGUAGE": "en"})
    painted, ready, result = done.stdout.strip().splitlines()[-3:]
    # The window opens locked (#17): the first administrator's (or the sign-in) login field
    # has the keyboard from the first paint on, and still once the store is open.
    assert painted == "painted QLineEdit"
    assert ready == "ready QLineEdit"
    found: dict[str, object] = json.loads(result)
    return found


#: Not loaded before the first paint either: the store and what reads it.
NOT_BEFORE_THE_STORE = ("sqlalchemy", "popup.store", "popup.ui.desk", "popup.ui.context")
#: What of the store the first paint may load: the key record, read to know whether a question
#: comes first (popup.ui.app.paints_first).
THE_KEY_RECORD = {"popup.store", "popup.store.keys", "popup.store.errors"}


def test_the_first_paint_loads_no_migrations_camera_marc_keyring_or_unshown_page(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    first = start(home)  # creates, migrates and seeds the demo store
    assert first["code"] == 0
    again = start(home)  # every later start: the store is up to date
    assert again["code"] == 0
    painted, ready = again["painted"], again["ready"]
    assert isinstance(painted, dict) and isinstance(ready, dict)
    # The first paint: the frame and the sign-in screen, nothing of the store.
    at_paint = painted["modules"]
    early = {name for name in at_paint if name.startswith(NOT_BEFORE_THE_STORE)}
    assert early <= THE_KEY_RECORD
    assert [name for name in at_paint if name.startswith(NOT_AT_FIRST_PAINT)] == []
    assert painted["attached"] is False
    assert painted["built"] == []
    # Ready: the store open and only the page on screen built; the others are in the
    # sidebar, built when shown. Still no migrations, camera, MARC reader, ...
    assert ready["attached"] is True
    at_ready = ready["modules"]
    assert isinstance(at_ready, list)
    assert "popup.store.db" in at_ready
    assert [name for name in at_ready if name.startswith(NOT_AT_FIRST_PAINT)] == []
    assert ready["built"] == ["checkout"]
    assert ready["modes"] == [page.key for page in PAGES]


def test_the_migration_files_name_the_same_newest_revision_as_alembic() -> None:
    assert newest_revision() == head_revision()
