"""Start-up loads what the first paint needs and nothing more (issue #20: cold start).

A real ``popup --demo`` in its own process, offscreen: what was imported when the window first
painted, and what the window had built by then. No timings here (benchmarks/cold_start.py
measures them); these guard the lazy imports and the lazy pages that the figure rests on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from popup.store.engine import head_revision, newest_revision
from popup.ui.app import QUIT_AFTER_FIRST_PAINT
from popup.ui.pages import PAGES

#: Runs ``popup --home HOME --demo`` and, at the window's first paint, notes the modules loaded
#: and the pages built; prints them as JSON after the app has quit.
CHILD = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from popup.cli import main
from popup.ui.main_window import MainWindow

seen = {}

class AtFirstPaint(QObject):
    def eventFilter(self, obj, event):
        if not seen and event.type() == QEvent.Type.Paint and isinstance(obj, MainWindow):
            seen["modules"] = sorted(sys.modules)
            seen["built"] = [page.key for page in obj.built_pages()]
            seen["modes"] = obj.modes()
        return False

app = QApplication(sys.argv)
watch = AtFirstPaint()
app.installEventFilter(watch)
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
    env = {
        **os.environ,
        QUIT_AFTER_FIRST_PAINT: "1",
        "QT_QPA_PLATFORM": "offscreen",
        "POPUP_SOUND": "0",
        "POPUP_LANGUAGE": "en",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(home)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    painted, result = done.stdout.strip().splitlines()[-2:]
    # The window opens locked (#17): the first administrator's (or the sign-in) login field
    # has the keyboard; checkout is built behind it, empty.
    assert painted == "painted QLineEdit"
    found: dict[str, object] = json.loads(result)
    return found


def test_the_first_paint_loads_no_migrations_camera_marc_keyring_or_unshown_page(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    first = start(home)  # creates, migrates and seeds the demo store
    assert first["code"] == 0
    again = start(home)  # every later start: the store is up to date
    assert again["code"] == 0
    loaded = again["modules"]
    assert isinstance(loaded, list)
    early = [name for name in loaded if name.startswith(NOT_AT_FIRST_PAINT)]
    assert early == []
    # Only the page on screen is built; the others are in the sidebar, built when shown.
    assert again["built"] == ["checkout"]
    assert again["modes"] == [page.key for page in PAGES]


def test_the_migration_files_name_the_same_newest_revision_as_alembic() -> None:
    assert newest_revision() == head_revision()
