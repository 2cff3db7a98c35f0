"""The main window (for now: what the store holds; the desk screens replace the centre)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QMainWindow, QWidget

from popup.store.circulation import Desk
from popup.store.db import Store


class MainWindow(QMainWindow):
    """Signals: none yet."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.desk = Desk(store)
        cfg = self.desk.config
        self.setWindowTitle(self.tr("Popup — {0}").format(cfg.library_name))
        self.resize(1366, 768)
        central = QWidget(self)
        form = QFormLayout(central)
        counts = self.desk.counts()
        for label, key in (
            (self.tr("Items"), "items"),
            (self.tr("Patrons"), "patrons"),
            (self.tr("Items on loan"), "open_loans"),
            (self.tr("Waiting to upload"), "waiting"),
        ):
            form.addRow(label, QLabel(str(counts[key])))
        self.setCentralWidget(central)
