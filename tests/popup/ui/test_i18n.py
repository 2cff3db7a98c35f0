"""Translations: every desk string goes through Qt's translator, and a .qm file is picked up."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from popup import paths
from popup.store.db import Store
from popup.store.models import Stop
from popup.ui.i18n import install_translators
from popup.ui.main_window import MainWindow
from popup.ui.text import date_text

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context><name>MainWindow</name>
<message><source>Checkout</source><translation>Ausleihe</translation></message>
<message><source>No stop scheduled</source><translation>Kein Halt geplant</translation></message>
</context>
<context><name>desk</name>
<message><source>d MMM yyyy</source><translation>d. MMM yyyy</translation></message>
</context>
</TS>
"""


def test_template_lists_the_desk_strings() -> None:
    ts = (paths.resources_dir() / "translations" / "popup.ts").read_text(encoding="utf-8")
    for text in ("Undo last scan (Ctrl+Z)", "Scan a patron first", "Override reason"):
        assert f"<source>{text}</source>" in ts


def test_a_compiled_translation_changes_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_store: Store, qtbot: Any
) -> None:
    lrelease = shutil.which("pyside6-lrelease") or str(
        Path(__file__).resolve().parents[3] / ".venv" / "bin" / "pyside6-lrelease"
    )
    resources = tmp_path / "resources"
    (resources / "translations").mkdir(parents=True)
    ts = resources / "translations" / "popup_de.ts"
    ts.write_text(TS, encoding="utf-8")
    subprocess.run([lrelease, str(ts)], check=True, capture_output=True, timeout=60)
    monkeypatch.setattr(paths, "resources_dir", lambda: resources)
    app = QApplication.instance()
    assert isinstance(app, QCoreApplication)
    loaded = install_translators(app, QLocale("de_DE"))
    assert any(name.endswith("popup_de.qm") for name in loaded)
    try:
        with demo_store.transaction() as session:
            session.query(Stop).delete()
        win = MainWindow(demo_store)
        qtbot.addWidget(win)
        assert win._modes["checkout"].button.text().startswith("Ausleihe")
        assert win.stop_label.text() == "Kein Halt geplant"
        assert date_text(date(2026, 12, 18)).startswith("18. ")  # module-level translate()
    finally:
        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)
            translator.deleteLater()
