"""The new patron's card on screen: a QR code big enough to photograph, and what to do next."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from popup.ui import palette
from popup.ui.signup.card_print import CardData, CardWords, render_image, spaced_number, write_pdf
from popup.ui.text import date_text
from popup.ui.widgets import FlowLayout

#: Screen pixels per QR module: a phone photographs this from arm's length.
QR_MODULE_PX = 9


class CardView(QWidget):
    """Shows one signed-up patron's card.

    Signals:
        startCheckout(str): staff pressed "Start checkout" for this card number.
        another(): staff want to sign up the next patron.
        notDone(str): a save or print found the card cleared when its dialog closed (the idle
            clear): this sentence says nothing was saved or printed, for the page to show.

    Attributes:
        card: the card shown (None before the first sign-up).
        exports_dir: where Export PNG and Save PDF propose to save.
    """

    startCheckout = Signal(str)
    another = Signal()
    notDone = Signal(str)

    def __init__(self, exports_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card: CardData | None = None
        self.exports_dir = exports_dir
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(28)

        self.qr = QLabel(self)
        self.qr.setAccessibleName(self.tr("QR code of the library card"))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setStyleSheet(f"background: white; border: 1px solid {palette.FRAME};")
        grid.addWidget(self.qr, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)

        info = QVBoxLayout()
        info.setSpacing(6)
        self.title = QLabel(self)
        self.title.setStyleSheet(
            f"font-size: 15pt; color: {palette.CARD_GREEN}; font-weight: bold;"
        )
        self.name = QLabel(self)
        self.name.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.name.setWordWrap(True)
        self.number = QLabel(self)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number.setStyleSheet("font-size: 26pt; font-family: monospace; font-weight: bold;")
        self.number.setAccessibleName(self.tr("Card number"))
        self.details = QLabel(self)
        self.details.setStyleSheet("font-size: 14pt;")
        self.temporary = QLabel(self)
        self.temporary.setWordWrap(True)
        self.temporary.setStyleSheet(
            f"font-size: 14pt; font-weight: bold; color: white; background: {palette.ERROR};"
            " padding: 6px; border-radius: 4px;"
        )
        self.block_note = QLabel(self)
        self.block_note.setWordWrap(True)
        self.block_note.setStyleSheet(
            f"font-size: 13pt; color: {palette.WARNING}; background: {palette.WARNING_TINT};"
            " padding: 6px;"
            " border-radius: 4px;"
        )
        self.hint = QLabel(self.tr("The patron can photograph the QR code with a phone."), self)
        self.hint.setWordWrap(True)
        for widget in (
            self.title,
            self.name,
            self.number,
            self.details,
            self.temporary,
            self.block_note,
            self.hint,
        ):
            info.addWidget(widget)
        info.addSpacing(12)

        self.checkout_button = QPushButton(self.tr("Start checkout (Enter)"), self)
        self.checkout_button.setStyleSheet(
            "QPushButton { font-size: 16pt; font-weight: bold;"
            f" background: {palette.CARD_GREEN};"
            " color: white; padding: 8px 18px; border-radius: 4px; }"
        )
        self.checkout_button.setMinimumHeight(56)
        # Short labels, two to a line on a netbook; the whole words are the tooltips.
        self.png_button = QPushButton(self.tr("PNG… (Ctrl+E)"), self)
        self.png_button.setToolTip(self.tr("Export the card as a PNG image"))
        self.pdf_button = QPushButton(self.tr("PDF… (Ctrl+S)"), self)
        self.pdf_button.setToolTip(self.tr("Save the card as a PDF"))
        # Not Ctrl+P: the window's "Print due-date slip" has it.
        self.print_button = QPushButton(self.tr("Print… (Ctrl+Shift+P)"), self)
        self.print_button.setToolTip(self.tr("Print the card"))
        self.another_button = QPushButton(self.tr("Next sign-up (Ctrl+N)"), self)
        self.another_button.setToolTip(self.tr("Sign up another patron"))
        info.addWidget(self.checkout_button)
        # The other buttons wrap onto more lines on a narrow screen (their labels carry their
        # shortcuts, and Spanish is longer) rather than widening the page.
        row = QWidget(self)
        buttons = FlowLayout(row, spacing=8, balanced=True)
        for button in (self.print_button, self.another_button, self.pdf_button, self.png_button):
            button.setMinimumHeight(42)
            buttons.addWidget(button)
        info.addWidget(row)
        #: "Saved to …" after a save, or why it was not saved (in the problem colour).
        self.saved = QLabel(self)
        self.saved.setWordWrap(True)
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved.setAccessibleName(self.tr("Where the card was saved"))
        info.addWidget(self.saved)
        info.addStretch(1)
        grid.addLayout(info, 0, 1)
        grid.setColumnStretch(1, 1)

        self.checkout_button.clicked.connect(self.on_checkout)
        self.png_button.clicked.connect(self.on_export_png)
        self.pdf_button.clicked.connect(self.on_save_pdf)
        self.print_button.clicked.connect(self.on_print)
        self.another_button.clicked.connect(self.another)
        # Shortcuts of this view only (focus inside it), so no other page's keys clash.
        for keys, slot in (
            ("Return", self._on_enter),
            ("Enter", self._on_enter),
            ("Ctrl+E", self.on_export_png),
            ("Ctrl+S", self.on_save_pdf),
            ("Ctrl+Shift+P", self.on_print),
            ("Ctrl+N", self.another.emit),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def show_card(self, card: CardData, block_note: str = "", title: str = "") -> None:
        """Show ``card``; ``title`` above it (default: the sign-up's "Signed up. Card ready:")."""
        self.card = card
        from popup.scan.card import qr_image  # qrcode loads with the first card shown

        image = qr_image(card.card_number, QR_MODULE_PX).convert("L")
        qimage = QImage(
            image.tobytes(), image.width, image.height, image.width, QImage.Format.Format_Grayscale8
        ).copy()  # own the pixels: the bytes object goes away
        self.qr.setPixmap(QPixmap.fromImage(qimage))
        self.qr.setFixedSize(image.width + 2, image.height + 2)
        self.title.setText(title or self.tr("Signed up. Card ready:"))
        self.name.setText(card.patron_name)
        self.number.setText(spaced_number(card.card_number))
        staff = CardWords()  # the staff's language on screen; the printed card is the patron's
        details = staff.category(card.category_label)
        if card.expiry is not None:
            details = self.tr("{0} · card valid to {1}").format(details, date_text(card.expiry))
        self.details.setText(details)
        self.temporary.setText(
            self.tr(
                "TEMPORARY NUMBER: this laptop has no card numbers left. The patron can borrow"
                " now; the next sync replaces it with a permanent number."
            )
        )
        self.temporary.setVisible(card.temporary)
        self.block_note.setText(block_note)
        self.block_note.setVisible(bool(block_note))
        self.saved.clear()
        self.checkout_button.setFocus()

    def clear(self) -> None:
        """Forget the card: no name, number, details or QR code stay on screen or in memory,
        so the next volunteer never sees the previous patron."""
        self.card = None
        self.qr.setPixmap(QPixmap())
        self.qr.clear()
        for label in (self.title, self.name, self.number, self.details, self.block_note):
            label.clear()
        self.saved.clear()  # the file name holds the card number
        self.temporary.setVisible(False)
        self.block_note.setVisible(False)

    # -- actions ---------------------------------------------------------------------------

    def _on_enter(self) -> None:
        """Enter presses the focused button of this view; elsewhere it starts checkout."""
        focused = QApplication.focusWidget()
        # The buttons sit in a row widget of their own (the flow layout): any depth counts.
        if isinstance(focused, QPushButton) and self.isAncestorOf(focused):
            focused.click()
        else:
            self.on_checkout()

    def on_checkout(self) -> None:
        if self.card is not None:
            self.startCheckout.emit(self.card.card_number)

    def _file_stem(self) -> str:
        assert self.card is not None
        return f"library-card-{self.card.card_number}"

    def export_png(self, path: Path) -> None:
        assert self.card is not None
        image = render_image(self.card)
        if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
            raise OSError(self.tr("Could not write {0}").format(path))

    def save_pdf(self, path: Path) -> None:
        assert self.card is not None
        write_pdf(path, self.card)

    def _ask_path(self, title: str, suffix: str, pattern: str) -> Path | None:
        proposed = self.exports_dir / f"{self._file_stem()}{suffix}"
        chosen, _ = QFileDialog.getSaveFileName(
            self, title, str(proposed), pattern, options=QFileDialog.Option.DontUseNativeDialog
        )
        return Path(chosen) if chosen else None

    def _gone(self, text: str) -> bool:
        """After a dialog: the idle clear may have taken the card while it was open (and
        closed the dialog). Then nothing is written, and ``text`` says so."""
        if self.card is not None:
            return False
        self.notDone.emit(text)
        return True

    def on_export_png(self) -> None:
        if self.card is None:
            return
        path = self._ask_path(self.tr("Export card as PNG"), ".png", self.tr("PNG image (*.png)"))
        if self._gone(self.tr("Nothing saved: the card was cleared from the screen.")):
            return
        if path is not None:
            self._write(self.export_png, path)

    def on_save_pdf(self) -> None:
        if self.card is None:
            return
        path = self._ask_path(self.tr("Save card as PDF"), ".pdf", self.tr("PDF (*.pdf)"))
        if self._gone(self.tr("Nothing saved: the card was cleared from the screen.")):
            return
        if path is not None:
            self._write(self.save_pdf, path)

    def _write(self, writer: object, path: Path) -> None:
        assert callable(writer)
        try:
            writer(path)
        except OSError as exc:
            self._say_saved(self.tr("Card not saved: {0}").format(exc.strerror or exc), False)
            return
        self._say_saved(self.tr("Saved to {0}").format(path), True)

    def _say_saved(self, text: str, ok: bool) -> None:
        # Back on the card after the file dialog, so Enter still starts checkout.
        self.checkout_button.setFocus(Qt.FocusReason.OtherFocusReason)
        colour = palette.CARD_GREEN if ok else palette.ERROR
        self.saved.setStyleSheet(f"font-size: 13pt; font-weight: bold; color: {colour};")
        self.saved.setText(text)

    def on_print(self) -> None:
        if self.card is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from popup.ui.signup.card_print import print_card

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print library card"))
        accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
        dialog.deleteLater()
        card = self.card
        if card is None:
            self._gone(self.tr("Nothing printed: the card was cleared from the screen."))
            return
        if accepted:
            try:
                print_card(printer, card)
            except OSError as exc:
                QMessageBox.warning(self, self.tr("Card not printed"), str(exc))
