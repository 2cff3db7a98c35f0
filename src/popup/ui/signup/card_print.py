"""The wallet-size library card: painted once, for the PDF, the printer and the PNG export.

The card is ISO/IEC 7810 ID-1 (CR80), 85.60 x 53.98 mm, like a bank card. It carries the
library's name, the patron's name, the card number as text, the QR code and, where the number
can be drawn as Codabar, the linear barcode for the scanners libraries already own. A temporary
number is marked as such in red instead of a barcode.

Everything is drawn as vector rectangles and text, so the PDF stays sharp at any zoom and the
printer puts each bar on whole device dots.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLocale,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
    QTranslator,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
)
from PySide6.QtPrintSupport import QPrinter

from popup import paths
from popup.ui import palette
from popup.ui.text import CATEGORY_NAMES, QT_TRANSLATE_NOOP

CARD_WIDTH_MM = 85.60
CARD_HEIGHT_MM = 53.98
#: Narrowest Codabar element: 0.25 mm reads on common library CCD and laser scanners.
NARROW_MM = 0.25
BAND_COLOUR = QColor(palette.NAVY)
TEMPORARY_COLOUR = QColor(palette.ERROR)


#: The sign-up form's languages (stored by their English names) and the translation each
#: card is printed with; a language with no translation prints in the staff's language.
LANGUAGE_CODES = {
    "English": "en",
    "Spanish": "es",
    "French": "fr",
    "Chinese": "zh",
    "Vietnamese": "vi",
    "Arabic": "ar",
    "Tagalog": "fil",
    "Korean": "ko",
    "Russian": "ru",
    "Portuguese": "pt",
    "Haitian Creole": "ht",
    "Somali": "so",
}


@dataclass(frozen=True)
class CardData:
    library_name: str
    patron_name: str
    card_number: str
    temporary: bool
    category_label: str
    expiry: date | None
    #: The patron's preferred language as the sign-up stored it ("Spanish"), or "".
    language: str = ""


class CardWords:
    """The card's words in the patron's preferred language when Popup has that translation,
    else in the staff's. The translation is loaded for the card alone (never installed in the
    application), so the screens stay in the staff's language."""

    def __init__(self, language: str = "") -> None:
        code = LANGUAGE_CODES.get(language.strip(), "")
        self._translator: QTranslator | None = None
        self.locale = QLocale()  # the staff's
        if code == "en":  # the source text
            self.locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
        elif code:
            translator = QTranslator()
            folder = str(paths.resources_dir() / "translations")
            if translator.load(f"popup_{code}", folder):
                self._translator = translator
                self.locale = QLocale(code)
        self._own = code == "en" or self._translator is not None
        #: The language the card is printed in ("es"), or "" for the staff's.
        self.code = code if self._own else ""

    def say(self, source: str) -> str:
        """``source`` (marked with QT_TRANSLATE_NOOP("signup", ...)) in the card's language."""
        if self._translator is not None:
            return self._translator.translate("signup", source) or source
        if self._own:  # English: the source text, whatever the staff read
            return source
        return QCoreApplication.translate("signup", source)

    def category(self, label: str) -> str:
        return self.say(label) if label in CATEGORY_NAMES else label

    def date(self, day: date) -> str:
        """ "4 Dec 2029" / "4 dic 2029": the month in words, never mistaken between US and
        European readers (the desk's format, in the card's language)."""
        if self._translator is not None:
            pattern = self._translator.translate("desk", "d MMM yyyy") or "d MMM yyyy"
        elif self._own:
            pattern = "d MMM yyyy"
        else:
            pattern = QCoreApplication.translate("desk", "d MMM yyyy")
        return self.locale.toString(QDate(day.year, day.month, day.day), pattern)


def spaced_number(number: str) -> str:
    """A card number spaced so it is easier to read aloud and to type.

    The default 14-digit layout (kind, institution, sequence, check digit) is grouped by its
    parts: ``21120009000007`` -> ``2 1120 00900000 7``. Libraries that configure another
    length get plain groups of four from the left (``123456789`` -> ``1234 5678 9``); numbers
    that are not all digits (temporary numbers such as ``TAB12CD34-000001``) and short ones
    are shown as they are.
    """
    if not (number.isascii() and number.isdigit()) or len(number) <= 4:
        return number
    if len(number) == 14:
        return f"{number[0]} {number[1:5]} {number[5:13]} {number[13]}"
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def _plain_font(family: str, hint: QFont.StyleHint) -> QFont:
    """A font without ligatures, so "fi" in a name stays two letters in the PDF's text."""
    font = QFont(family)
    font.setStyleHint(hint)
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


def _fit_font(family_font: QFont, text: str, max_width: float, start_px: float) -> QFont:
    """The largest pixel size up to ``start_px`` at which ``text`` fits ``max_width``."""
    font = QFont(family_font)
    size = start_px
    while size > 4:
        font.setPixelSize(max(1, round(size)))
        if QFontMetricsF(font).horizontalAdvance(text) <= max_width:
            break
        size *= 0.92
    return font


def paint_card(
    painter: QPainter, left: float, top: float, dots_per_mm: float, card: CardData
) -> None:
    """Paint the card with its top-left corner at (left, top) in device units."""
    from popup.scan.card import codabar_elements, codabar_supports, qr_matrix  # qrcode: slow

    def mm(value: float) -> float:
        return value * dots_per_mm

    def box(x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(left + mm(x), top + mm(y), mm(w), mm(h))

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    base = _plain_font("DejaVu Sans", QFont.StyleHint.SansSerif)

    # Card outline (a cutting guide) and the library's band.
    painter.setPen(QColor(palette.CARD_RULE))
    painter.setBrush(QColor("white"))
    painter.drawRoundedRect(box(0, 0, CARD_WIDTH_MM, CARD_HEIGHT_MM), mm(3), mm(3))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BAND_COLOUR)
    painter.drawRect(box(0.2, 0.2, CARD_WIDTH_MM - 0.4, 9.5))
    band_font = QFont(base)
    band_font.setBold(True)
    band_font = _fit_font(band_font, card.library_name, mm(80), mm(4.2))
    painter.setFont(band_font)
    painter.setPen(QColor("white"))
    painter.drawText(
        box(3, 0.2, CARD_WIDTH_MM - 6, 9.5),
        int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
        card.library_name,
    )

    # QR code on the left: 28 mm including its quiet zone.
    matrix = qr_matrix(card.card_number)
    modules = len(matrix)
    qr_mm = 29.0
    # Whole device dots per module, and one filled path: no hairline seams between modules.
    module = float(max(1, int(mm(qr_mm) / modules)))
    qr_left, qr_top = round(left + mm(1.5)), round(top + mm(11.5))
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for row, cells in enumerate(matrix):
        col = 0
        while col < modules:
            if not cells[col]:
                col += 1
                continue
            run = col
            while run < modules and cells[run]:
                run += 1
            path.addRect(
                QRectF(qr_left + col * module, qr_top + row * module, (run - col) * module, module)
            )
            col = run
    painter.fillPath(path.simplified(), QColor("black"))

    # Text on the right.
    x0, width = 32.0, CARD_WIDTH_MM - 32.0 - 3.0
    name_font = QFont(base)
    name_font.setBold(True)
    name_font = _fit_font(name_font, card.patron_name, mm(width), mm(4.0))
    painter.setFont(name_font)
    painter.setPen(QColor("black"))
    align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    painter.drawText(box(x0, 11.5, width, 6), align, card.patron_name)

    small = QFont(base)
    small.setPixelSize(max(1, round(mm(2.4))))
    painter.setFont(small)
    painter.setPen(QColor(palette.DARK_GREY))
    words = CardWords(card.language)
    details = words.category(card.category_label)
    if card.expiry is not None:
        valid = words.say(QT_TRANSLATE_NOOP("signup", "{0} · valid to {1}"))
        details = valid.format(details, words.date(card.expiry))
    painter.drawText(box(x0, 17.2, width, 4), align, details)

    number_font = _plain_font("DejaVu Sans Mono", QFont.StyleHint.Monospace)
    number_font.setBold(True)
    number_text = spaced_number(card.card_number)
    number_font = _fit_font(number_font, number_text, mm(width), mm(3.6))
    if card.temporary or not codabar_supports(card.card_number):
        painter.setFont(number_font)
        painter.setPen(QColor("black"))
        painter.drawText(box(x0, 23, width, 6), align, number_text)
        flag = QFont(base)
        flag.setBold(True)
        flag = _fit_font(
            flag, words.say(QT_TRANSLATE_NOOP("signup", "TEMPORARY CARD")), mm(width), mm(4.2)
        )
        painter.setFont(flag)
        painter.setPen(TEMPORARY_COLOUR)
        painter.drawText(
            box(x0, 30, width, 7), align, words.say(QT_TRANSLATE_NOOP("signup", "TEMPORARY CARD"))
        )
        painter.setFont(small)
        painter.drawText(
            box(x0, 37, width, 8),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            words.say(
                QT_TRANSLATE_NOOP("signup", "Replaced by a permanent number at the next sync")
            ),
        )
    else:
        # Codabar with quiet zones, bars on whole device dots.
        elements = codabar_elements(card.card_number)
        narrow = max(1.0, round(mm(NARROW_MM)))
        units = sum(elements)
        bar_left = left + mm(x0) + 10 * narrow
        bar_top, bar_height = top + mm(23.5), mm(13)
        available = mm(width) - 20 * narrow
        if units * narrow > available:  # a long number: shrink to fit the card
            narrow = available / units
        painter.setBrush(QColor("black"))
        painter.setPen(Qt.PenStyle.NoPen)
        x = bar_left
        for index, count in enumerate(elements):
            w = count * narrow
            if index % 2 == 0:
                painter.drawRect(QRectF(x, bar_top, w, bar_height))
            x += w
        painter.setFont(number_font)
        painter.setPen(QColor("black"))
        painter.drawText(box(x0, 37.5, width, 5), align, number_text)

    painter.setFont(small)
    painter.setPen(QColor(palette.PRINT_GREY))
    painter.drawText(
        box(1.5, 42.5, CARD_WIDTH_MM - 3, 9),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
        words.say(
            QT_TRANSLATE_NOOP(
                "signup",
                "Show this card (or a photo of it) to borrow."
                " If found, please return it to the library.",
            )
        ),
    )
    painter.restore()


def card_page_size() -> QPageSize:
    return QPageSize(
        QSizeF(CARD_WIDTH_MM, CARD_HEIGHT_MM),
        QPageSize.Unit.Millimeter,
        "CR80",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )


def write_pdf(path: Path, card: CardData, resolution: int = 1200) -> None:
    """A one-page PDF the size of the card (print it at 100 %, no scaling)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(resolution)
    writer.setTitle(CardWords(card.language).say(QT_TRANSLATE_NOOP("signup", "Library card")))
    writer.setCreator("Popup")
    writer.setPageLayout(
        QPageLayout(card_page_size(), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write the card PDF to {path}")
    try:
        paint_card(painter, 0, 0, resolution / 25.4, card)
    finally:
        painter.end()


def render_image(card: CardData, dpi: int = 300) -> QImage:
    """The card as an image (for the PNG export), ``dpi`` dots per inch."""
    dots_per_mm = dpi / 25.4
    image = QImage(
        round(CARD_WIDTH_MM * dots_per_mm) + 1,
        round(CARD_HEIGHT_MM * dots_per_mm) + 1,
        QImage.Format.Format_RGB32,
    )
    image.fill(QColor("white"))
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    try:
        paint_card(painter, 0, 0, dots_per_mm, card)
    finally:
        painter.end()
    return image


def print_card(printer: QPrinter, card: CardData) -> None:
    """Print the card at its real size in the top-left corner of the printer's page."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(QCoreApplication.translate("signup", "The printer could not be started"))
    try:
        dots_per_mm = printer.resolution() / 25.4
        paint_card(painter, dots_per_mm * 10, dots_per_mm * 10, dots_per_mm, card)
    finally:
        painter.end()
