"""Choosing the UI language and loading ``resources/translations/popup_<language>.qm``.

Every user-visible string goes through ``self.tr()`` or ``QCoreApplication.translate()``;
``resources/translations/popup.ts`` lists them all (regenerate with
``resources/translations/update.sh``). A translator edits a copy named ``popup_<lang>.ts`` in Qt
Linguist, and ``pyside6-lrelease`` turns it into the ``.qm`` file loaded here.

lupdate reads only ``self.tr("…")`` inside a class (context: the class name) and
``QCoreApplication.translate("context", "…")`` with literal arguments: a helper such as
``def tr(text): return translate("events", text)`` hides its strings from it. Strings held in
tuples are marked with :func:`popup.ui.text.QT_TRANSLATE_NOOP` and translated where shown.

The language is ``popup --language CODE``, else ``$POPUP_LANGUAGE``, else the system's.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from popup import paths

log = logging.getLogger(__name__)

ENV_LANGUAGE = "POPUP_LANGUAGE"
#: popup_en.qm holds only English plural forms ("%n event(s)" -> "1 event"): English is the
#: source text, but Qt cannot choose between singular and plural without a translation.
ENGLISH_PLURALS = "en"


class LanguageError(ValueError):
    """A language code Qt does not know (the message names the code and where it came from)."""


def choose_locale(language: str | None = None) -> QLocale:
    """The UI locale: ``language`` (``--language``), else ``$POPUP_LANGUAGE``, else the system's.

    Codes are Qt locale names: ``es``, ``es_MX``, ``es-US``, ``en``.
    """
    source, code = "--language", (language or "").strip()
    if not code:
        source, code = ENV_LANGUAGE, os.environ.get(ENV_LANGUAGE, "").strip()
    if not code:
        return QLocale.system()
    locale = QLocale(code)
    if locale.language() == QLocale.Language.C and code.upper() not in ("C", "POSIX"):
        raise LanguageError(
            f"{source}: unknown language code {code!r}; use a code such as en, es or es_MX"
        )
    return locale


def available_languages() -> list[str]:
    """Languages with a compiled Popup translation, besides English (the source text)."""
    folder = paths.resources_dir() / "translations"
    languages = (qm.stem.removeprefix("popup_") for qm in folder.glob("popup_*.qm"))
    return sorted(code for code in languages if code != ENGLISH_PLURALS)


def install_translators(app: QCoreApplication, locale: QLocale | None = None) -> list[str]:
    """Install Qt's own and Popup's translations for ``locale``; returns the files loaded."""
    locale = locale or QLocale()
    # Only the first preferred language counts: given "en-US, es" Qt would skip English (it has
    # no .qm, being the source text) and load Spanish for someone who asked for English first.
    preferred = locale.uiLanguages()
    primary = QLocale(preferred[0]) if preferred else locale
    loaded: list[str] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    folder = str(paths.resources_dir() / "translations")
    # English plurals go in first, so they are looked up last: whatever language is chosen, a
    # string it does not translate still reads "1 event", never "1 event(s)".
    english = QTranslator(app)
    if english.load(f"popup_{ENGLISH_PLURALS}", folder):
        app.installTranslator(english)
        loaded.append(english.filePath())
    else:
        english.deleteLater()
    for name, directory in (("qtbase", qt_dir), ("popup", folder)):
        if name == "popup" and primary.language() == QLocale.Language.English:
            continue  # English is the source text and its plurals are in already
        translator = QTranslator(app)
        if translator.load(primary, name, "_", directory):
            app.installTranslator(translator)
            loaded.append(translator.filePath())
        else:
            translator.deleteLater()
    return loaded


def set_language(app: QCoreApplication, language: str | None = None) -> QLocale:
    """Make the chosen language the UI's: translations, and dates via the default locale.

    Raises :class:`LanguageError` for a code Qt does not know. Call before building windows.
    """
    locale = choose_locale(language)
    QLocale.setDefault(locale)  # month names, and text.ui_is_english(), follow the choice
    loaded = install_translators(app, locale)
    explicit = bool((language or "").strip() or os.environ.get(ENV_LANGUAGE, "").strip())
    english = locale.language() in (QLocale.Language.English, QLocale.Language.C)
    if (
        explicit
        and not english
        and not any(
            Path(name).name.startswith("popup_") and Path(name).stem != f"popup_{ENGLISH_PLURALS}"
            for name in loaded
        )
    ):
        log.warning(
            "no Popup translation for %s (available: en, %s); the screens stay in English",
            locale.name(),
            ", ".join(available_languages()) or "none",
        )
    return locale
