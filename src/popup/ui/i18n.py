"""Loading the UI translations: ``resources/translations/popup_<language>.qm``.

Every user-visible string goes through ``self.tr()`` or ``QCoreApplication.translate()``;
``resources/translations/popup.ts`` lists them all (regenerate with
``resources/translations/update.sh``). A translator edits a copy named ``popup_<lang>.ts`` in Qt
Linguist, and ``pyside6-lrelease`` turns it into the ``.qm`` file loaded here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from popup import paths


def install_translators(app: QCoreApplication, locale: QLocale | None = None) -> list[str]:
    """Install Qt's own and Popup's translations for ``locale``; returns the files loaded."""
    locale = locale or QLocale()
    loaded: list[str] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    folder = str(paths.resources_dir() / "translations")
    for name, directory in (("qtbase", qt_dir), ("popup", folder)):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", directory):
            app.installTranslator(translator)
            loaded.append(translator.filePath())
        else:
            translator.deleteLater()
    return loaded
