"""Translations: every desk string goes through Qt's translator, the shipped Spanish is complete
and keeps every placeholder, and staff choose the language with --language / POPUP_LANGUAGE."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QWidget,
)

from popup import cli, paths
from popup.domain.concerns import Code, Concern
from popup.domain.signup import SignupForm
from popup.store.db import Store
from popup.store.models import Stop
from popup.ui.i18n import ENV_LANGUAGE, LanguageError, choose_locale, install_translators
from popup.ui.i18n import set_language as set_ui_language
from popup.ui.signup.page import SignupPage
from popup.ui.text import concern_text, date_text
from tests.helpers.desk import MakeWindow

TRANSLATIONS = paths.resources_dir() / "translations"
REPO = Path(__file__).resolve().parents[3]
LRELEASE = shutil.which("pyside6-lrelease") or str(REPO / ".venv" / "bin" / "pyside6-lrelease")

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


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> the <message> element, for every message in a .ts file."""
    found: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


#: What must survive translation unchanged: format fields ({0}, {name}, {2:.1f}), Qt's %1/%n
#: and QProgressBar's %v/%m, HTML tags, file-dialog patterns, and key names staff press.
PLACEHOLDER = re.compile(
    r"\{[^{}]*\}|%[0-9nvm]|<[^<>]+>|\(\*[^()]*\)|;;"
    r"|\b(?:Ctrl|Alt|Shift)\+[A-Za-z0-9+]+|\bF\d{1,2}\b|\bEsc\b"
)


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text)) + Counter(line_breaks=text.count("\n"))


def accelerators(text: str) -> int:
    return len(re.findall(r"&(?!&)\w", text))


def test_template_lists_the_desk_strings() -> None:
    ts = (TRANSLATIONS / "popup.ts").read_text(encoding="utf-8")
    for text in ("Undo last scan (Ctrl+Z)", "Scan a patron first", "Override reason"):
        assert f"<source>{text}</source>" in ts


def test_strings_of_helper_modules_are_listed_under_their_run_time_context() -> None:
    """Strings looked up under app/events/signup/sync must be in the template there."""
    template = messages(TRANSLATIONS / "popup.ts")
    for key in (
        ("app", "Popup cannot open its store"),
        ("events", "Stop report"),
        ("events", "Status"),  # a table column held in a tuple
        ("signup", "Sign up"),
        ("sync", "last sync {count} min ago"),
        ("sync", "What to do"),
        ("InteropActions", "Import &MARC…"),
        ("NewEventDialog", "Story time"),
        ("SignupFormWidget", "Spanish"),
        ("desk", "Item is on hold for another patron"),
    ):
        assert key in template, key
    assert not [key for key in template if not key[0]], "strings without a context"


def test_spanish_translates_every_message_with_the_same_placeholders() -> None:
    template = messages(TRANSLATIONS / "popup.ts")
    spanish = messages(TRANSLATIONS / "popup_es.ts")
    assert set(spanish) == set(template)  # nothing missing, nothing left over
    problems = []
    for key, message in spanish.items():
        source = key[1]
        translation = message.find("translation")
        assert translation is not None
        # A %n string has one text per Spanish plural form; each must be whole.
        forms = [form.text or "" for form in translation.iter("numerusform")]
        for text in forms or [translation.text or ""]:
            if translation.get("type") or not text.strip():
                problems.append(("not finished", key))
            elif placeholders(text) != placeholders(source):
                problems.append(("placeholders", key, placeholders(source), placeholders(text)))
            elif accelerators(text) != accelerators(source):
                problems.append(("accelerator", key, text))
    assert problems == []
    root = ET.parse(TRANSLATIONS / "popup_es.ts").getroot()
    assert (root.get("language"), root.get("sourcelanguage")) == ("es", "en")


def test_the_compiled_spanish_is_shipped_and_current(tmp_path: Path) -> None:
    """popup_es.qm is what lrelease makes of popup_es.ts today (update.sh was run)."""
    shipped = TRANSLATIONS / "popup_es.qm"
    copy = tmp_path / "popup_es.ts"
    shutil.copy(TRANSLATIONS / "popup_es.ts", copy)
    subprocess.run([LRELEASE, str(copy)], check=True, capture_output=True, timeout=60)
    assert shipped.read_bytes() == (tmp_path / "popup_es.qm").read_bytes()


def test_a_compiled_translation_changes_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_store: Store, make_window: MakeWindow
) -> None:
    resources = tmp_path / "resources"
    (resources / "translations").mkdir(parents=True)
    ts = resources / "translations" / "popup_de.ts"
    ts.write_text(TS, encoding="utf-8")
    subprocess.run([LRELEASE, str(ts)], check=True, capture_output=True, timeout=60)
    monkeypatch.setattr(paths, "resources_dir", lambda: resources)
    app = QApplication.instance()
    assert isinstance(app, QCoreApplication)
    loaded = install_translators(app, QLocale("de_DE"))
    assert any(name.endswith("popup_de.qm") for name in loaded)
    try:
        with demo_store.transaction() as session:
            session.query(Stop).delete()
        win = make_window(demo_store)
        assert win._modes["checkout"].button.text().startswith("Ausleihe")
        assert win.stop_label.text() == "Kein Halt geplant"
        assert date_text(date(2026, 12, 18)).startswith("18. ")  # module-level translate()
    finally:
        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)
            translator.deleteLater()


def test_the_window_in_spanish(
    spanish: QApplication, demo_store: Store, make_window: MakeWindow
) -> None:
    win = make_window(demo_store)
    titles = {key: mode.button.text().split("\n")[0] for key, mode in win._modes.items()}
    assert titles == {
        "checkout": "Préstamo",
        "return": "Devolución",
        "in_house": "Uso en sala",
        "search": "Buscar libro",
        "picklist": "Reservas",
        "signup": "Inscripción",
        "events": "Actividades",
        "stop_report": "Informe",
        "sync": "Sincronizar",
    }
    assert win._modes["checkout"].button.text() == "Préstamo\nF2"
    assert win.checkout.done_button.text() == "Listo (F12)"
    assert win.checkout.undo_button.text() == "Deshacer (Ctrl+Z)"
    assert win.returns.banner.text() == "Listo para escanear"
    assert [menu.title() for menu in (win.file_menu, win.edit_menu, win.mode_menu)] == [
        "&Archivo",
        "&Edición",
        "&Modo",
    ]
    assert date_text(date(2026, 12, 18)) == "18 dic 2026"  # Spanish month, from the locale
    held = Concern(Code.ITEM_ON_HOLD)
    assert concern_text(held) == "El ejemplar está reservado para otro usuario"


def test_menus_have_one_accelerator_each_and_no_clashes_in_spanish(
    spanish: QApplication, demo_store: Store, make_window: MakeWindow
) -> None:
    win = make_window(demo_store)

    def keys(texts: list[str]) -> list[str]:
        found = [re.findall(r"&(\w)", text) for text in texts if "&" in text]
        assert all(len(k) == 1 for k in found), texts
        return [k[0].lower() for k in found]

    bar = keys([action.text() for action in win.menuBar().actions()])
    assert len(bar) == 3 and len(set(bar)) == len(bar)
    for menu in (win.file_menu, win.edit_menu, win.mode_menu):
        letters = keys([action.text() for action in menu.actions()])
        assert len(set(letters)) == len(letters), (menu.title(), letters)
    assert len(keys([a.text() for a in win.file_menu.actions()])) == 6  # 5 interop + Salir


def test_signup_languages_show_in_spanish_and_are_stored_in_english(
    spanish: QApplication, demo_store: Store, make_window: MakeWindow
) -> None:
    win = make_window(demo_store)
    form = win.page_of(SignupPage).form
    form.fill(SignupForm(language="Spanish"))
    assert form.language.currentText() == "Español"
    assert form.values().language == "Spanish"
    form.language.setCurrentText("Criollo haitiano")  # typed, as a volunteer would
    assert form.values().language == "Haitian Creole"
    form.language.setCurrentText("Mixteco")  # not listed: kept as typed
    assert form.values().language == "Mixteco"


def _pseudo_resources(tmp_path: Path) -> Path:
    """A resources folder whose popup_eo.qm wraps every template string in ⟦ ⟧."""
    resources = tmp_path / "resources"
    (resources / "translations").mkdir(parents=True)
    for name in ("icons", "sounds"):
        (resources / name).symlink_to(paths.resources_dir() / name)
    tree = ET.parse(TRANSLATIONS / "popup.ts")
    tree.getroot().set("language", "eo")
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        wrapped = f"⟦{message.findtext('source')}⟧"
        if message.get("numerus") == "yes":  # a %n string: one text per plural form
            for form in list(translation):
                translation.remove(form)
            for _ in range(2):
                ET.SubElement(translation, "numerusform").text = wrapped
        else:
            translation.text = wrapped
    ts = resources / "translations" / "popup_eo.ts"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([LRELEASE, str(ts)], check=True, capture_output=True, timeout=60)
    return resources


def _texts(widget: QWidget) -> list[str]:
    texts = [widget.toolTip(), widget.accessibleName(), widget.statusTip()]
    if isinstance(widget, QLabel | QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts.append(widget.placeholderText())
    if isinstance(widget, QGroupBox):
        texts.append(widget.title())
    if isinstance(widget, QMenu):
        texts += [a.text() for a in widget.actions()] + [a.statusTip() for a in widget.actions()]
    if isinstance(widget, QTableView):
        model = widget.model()
        columns = range(model.columnCount())
        texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    return texts


def test_every_text_on_every_screen_comes_from_the_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: Store, make_window: MakeWindow
) -> None:
    """With a pseudo-translation installed, an English word on screen is a string that
    lupdate never saw (a tr() it cannot read, or a string never passed to tr())."""
    resources = _pseudo_resources(tmp_path)
    monkeypatch.setattr(paths, "resources_dir", lambda: resources)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QLocale()
    translators = set(app.findChildren(QTranslator))
    set_ui_language(app, "eo")
    try:
        win = make_window(store)  # an empty store: no stop, library or patron names on screen
        win.show()
        english: set[str] = set()
        for key in win.modes():
            win.show_mode(key)
            for widget in [win, *win.findChildren(QWidget)]:
                if widget is win.date_label or not (
                    widget.isVisible() or isinstance(widget, QMenu)
                ):
                    continue  # the date is QLocale's own words
                for text in _texts(widget):
                    if re.search(r"[A-Za-z]{3,}", text) and "⟦" not in text:
                        english.add(f"{key}: {type(widget).__name__} {text!r}")
        assert english == set()
    finally:
        for translator in set(app.findChildren(QTranslator)) - translators:
            app.removeTranslator(translator)
            translator.deleteLater()
        QLocale.setDefault(before)


# -- choosing the language ---------------------------------------------------------------------


def test_language_option_beats_the_environment_which_beats_the_system(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_LANGUAGE, raising=False)
    assert choose_locale(None) == QLocale.system()
    assert choose_locale("es").language() == QLocale.Language.Spanish
    assert choose_locale("es_MX").name() == "es_MX"
    monkeypatch.setenv(ENV_LANGUAGE, "es-US")
    assert choose_locale(None).name() == "es_US"
    assert choose_locale("en").language() == QLocale.Language.English
    assert cli.build_parser().parse_args(["--language", "es"]).language == "es"


def test_an_unknown_language_code_is_refused_naming_where_it_came_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_LANGUAGE, raising=False)
    with pytest.raises(LanguageError, match=r"--language: unknown language code 'spanish'"):
        choose_locale("spanish")
    monkeypatch.setenv(ENV_LANGUAGE, "xx")
    with pytest.raises(LanguageError, match=rf"{ENV_LANGUAGE}: unknown language code 'xx'"):
        choose_locale(None)


#: Runs ``popup ARGV`` (its real main()) in a fresh process, reads the window's texts once it
#: shows and quits; prints them as JSON. A process of its own: quitting the app ends the
#: application-wide task pool, which the other tests share.
DRIVER = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from popup import cli
from popup.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
seen = {}

def look():
    windows = [
        w for w in app.topLevelWidgets()
        if isinstance(w, MainWindow) and w.isVisible() and w.attached()
    ]
    if not windows:
        QTimer.singleShot(50, look)
        return
    seen["checkout"] = windows[0]._modes["checkout"].button.text()
    seen["done"] = windows[0].checkout.done_button.text()
    app.quit()

QTimer.singleShot(0, look)
code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, "seen": seen}))
"""


def _run_popup(*argv: str, env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return outcome


def test_popup_language_option_opens_the_desk_in_spanish(tmp_path: Path) -> None:
    home = str(tmp_path / "h")
    # The option wins over the environment.
    outcome = _run_popup("--home", home, "--language", "es", env={ENV_LANGUAGE: "en"})
    assert outcome == {"code": 0, "seen": {"checkout": "Préstamo\nF2", "done": "Listo (F12)"}}
    outcome = _run_popup("--home", home, "--language", "en", env={ENV_LANGUAGE: "es"})
    assert outcome == {"code": 0, "seen": {"checkout": "Checkout\nF2", "done": "Done (F12)"}}


def test_popup_language_environment_variable_opens_the_desk_in_spanish(tmp_path: Path) -> None:
    outcome = _run_popup("--home", str(tmp_path / "h"), env={ENV_LANGUAGE: "es_MX"})
    assert outcome == {"code": 0, "seen": {"checkout": "Préstamo\nF2", "done": "Listo (F12)"}}


def _popup_process(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "popup", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        check=False,
    )


def test_a_bad_language_stops_the_command_with_words_not_a_traceback(tmp_path: Path) -> None:
    home = str(tmp_path / "h")
    result = _popup_process("--home", home, "--language", "klingon", env={ENV_LANGUAGE: ""})
    assert result.returncode == 2
    assert "--language: unknown language code 'klingon'" in result.stderr
    assert "Traceback" not in result.stderr
    result = _popup_process("--home", home, env={ENV_LANGUAGE: "xx"})
    assert result.returncode == 2
    assert f"{ENV_LANGUAGE}: unknown language code 'xx'" in result.stderr


@pytest.mark.parametrize(
    ("preferred", "spanish_loaded"),
    [("en_US:es", False), ("es_MX:en", True), ("fr_FR:es", False)],
)
def test_only_the_first_preferred_system_language_counts(
    preferred: str, spanish_loaded: bool
) -> None:
    """A system preferring English, then Spanish, stays in English (Qt alone would pick the
    first language it has a file for, and English, the source text, has none)."""
    code = (
        "from PySide6.QtCore import QCoreApplication, QLocale\n"
        "from popup.ui.i18n import install_translators\n"
        "app = QCoreApplication([])\n"
        "print([f.rsplit('/', 1)[-1] for f in install_translators(app, QLocale.system())])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LANGUAGE": preferred, "LANG": f"{preferred[:5]}.UTF-8"},
        check=True,
    )
    assert ("popup_es.qm" in result.stdout) is spanish_loaded, result.stdout


@pytest.mark.parametrize("language", ["en_US", "de_DE"])
def test_counts_read_as_singular_and_plural_in_english(language: str, qapp: QApplication) -> None:
    """English is the source text, yet "%n event(s)" must read "1 event" / "2 events": the
    shipped popup_en.qm holds the plural forms, and a language Popup is not translated into
    falls back to them."""
    app = qapp
    translators = set(app.findChildren(QTranslator))
    loaded = install_translators(app, QLocale(language))
    try:
        assert any(name.endswith("popup_en.qm") for name in loaded)
        source = "Saved the stop's circulation and %n event(s) to {0}"
        one = QCoreApplication.translate("StopReportPage", source, "", 1)
        two = QCoreApplication.translate("StopReportPage", source, "", 2)
        assert (one, two) == (
            "Saved the stop's circulation and 1 event to {0}",
            "Saved the stop's circulation and 2 events to {0}",
        )
    finally:
        for translator in set(app.findChildren(QTranslator)) - translators:
            app.removeTranslator(translator)
            translator.deleteLater()


def test_every_plural_has_its_english_forms() -> None:
    """update.sh lists each %n string in popup_en.ts; each needs its singular and plural."""
    root = ET.parse(TRANSLATIONS / "popup_en.ts").getroot()
    plurals = root.findall(".//message[@numerus='yes']")
    assert plurals
    unfinished = [
        message.findtext("source")
        for message in plurals
        if len([form.text for form in message.iter("numerusform") if form.text]) != 2
    ]
    assert unfinished == []
