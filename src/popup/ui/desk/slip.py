"""The due-date slip: shown on screen, or printed with Qt print support.

The slip carries no patron name; the last four digits of the card are enough for the patron to
know it is theirs, and a slip left on the counter gives nothing away.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from popup.ui.text import date_text, long_date_text


@dataclass(frozen=True)
class SlipLine:
    title: str
    barcode: str
    due: date


def slip_html(
    library: str, branch: str, today: date, card_number: str, lines: list[SlipLine]
) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(line.title)}</td>"
        f"<td align='right'><b>{html.escape(date_text(line.due))}</b></td></tr>"
        for line in sorted(lines, key=lambda x: (x.due, x.title))
    )
    card = "…" + card_number[-4:] if card_number else ""
    card_word = QCoreApplication.translate("desk", "Card")
    title_word = QCoreApplication.translate("desk", "Title")
    due_word = QCoreApplication.translate("desk", "Due back")
    count = QCoreApplication.translate("desk", "Items lent: {0}").format(len(lines))
    return (
        f"<h2>{html.escape(library)}</h2><p>{html.escape(branch)} — "
        f"{html.escape(long_date_text(today))}</p>"
        f"<p>{html.escape(card_word)} {html.escape(card)}</p>"
        f"<table width='100%' cellpadding='4'><tr><th align='left'>{html.escape(title_word)}"
        f"</th><th align='right'>{html.escape(due_word)}</th></tr>{rows}</table>"
        f"<p>{html.escape(count)}</p>"
    )


def print_slip(document_html: str, printer: QPrinter) -> None:
    doc = QTextDocument()
    doc.setHtml(document_html)
    doc.print_(printer)


def print_slip_to_pdf(
    document_html: str, path: Path, page: QPageSize.PageSizeId = QPageSize.PageSizeId.A6
) -> None:
    """Write the slip (or a list: ``page`` A4) as a PDF (used by tests and by staff without a
    printer)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(page))
    printer.setOutputFileName(str(path))
    print_slip(document_html, printer)


class SlipDialog(QDialog):
    """Shows the slip (or another slip under ``title``: the payment receipt) with a Print
    button (Ctrl+P) and Close (Esc).

    Signals: none beyond QDialog's.
    """

    def __init__(
        self, document_html: str, parent: QWidget | None = None, *, title: str | None = None
    ) -> None:
        super().__init__(parent)
        title = title or self.tr("Due-date slip")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(560, 600)
        self._html = document_html
        layout = QVBoxLayout(self)
        self.view = QTextBrowser(self)
        self.view.setAccessibleName(title)
        self.view.setHtml(document_html)
        self.view.setStyleSheet("font-size: 14pt;")
        layout.addWidget(self.view)
        row = QHBoxLayout()
        row.addStretch(1)
        self.print_button = QPushButton(self.tr("&Print… (Ctrl+P)"), self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setAccessibleName(self.tr("Print slip"))
        self.close_button = QPushButton(self.tr("Close (Esc)"), self)
        self.close_button.setAccessibleName(self.tr("Close"))
        for button in (self.print_button, self.close_button):
            button.setMinimumHeight(44)
            row.addWidget(button)
        layout.addLayout(row)
        self.print_button.clicked.connect(self.on_print)
        self.close_button.clicked.connect(self.accept)

    def on_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        # On Windows the print dialog is the system's and cannot be closed by the idle clear:
        # a slip closed meanwhile (the patron was cleared) prints nothing.
        if dialog.exec() == QDialog.DialogCode.Accepted and self.isVisible():
            print_slip(self._html, printer)
