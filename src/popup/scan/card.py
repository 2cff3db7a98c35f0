"""Library card images: the QR code and the Codabar linear barcode. Qt-free (Pillow only).

The QR code carries :func:`popup.domain.cards.qr_payload` of the card number. It is drawn with
whole pixels per module and a 4-module quiet zone, at a size a phone camera reads from a laptop
screen at arm's length (about 8 px per module on screen).

The linear barcode is Codabar (the symbology most North American library cards already carry),
with ``A`` start and stop characters and a 3:1 wide-to-narrow ratio. Codabar encodes digits and
``-$:/.+`` only, so a temporary card number (which starts with a letter) gets no linear barcode:
:func:`codabar_supports` says whether one can be drawn.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw

from popup.domain.cards import qr_payload

#: Codabar characters: 7 elements (bar, space, bar, space, bar, space, bar), 1 = wide.
_CODABAR: dict[str, str] = {
    "0": "0000011",
    "1": "0000110",
    "2": "0001001",
    "3": "1100000",
    "4": "0010010",
    "5": "1000010",
    "6": "0100001",
    "7": "0100100",
    "8": "0110000",
    "9": "1001000",
    "-": "0001100",
    "$": "0011000",
    ":": "1000101",
    "/": "1010001",
    ".": "1010100",
    "+": "0010101",
    "A": "0011010",
    "B": "0101001",
    "C": "0001011",
    "D": "0001110",
}
_CODABAR_DATA = frozenset("0123456789-$:/.+")
_START_STOP = frozenset("ABCD")

#: Pixels per QR module on screen: big enough to photograph with a phone.
SCREEN_MODULE_PX = 8


def qr_matrix(card_number: str) -> list[list[bool]]:
    """The QR code's modules (True = dark), quiet zone included."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(qr_payload(card_number))
    qr.make(fit=True)
    return [[bool(cell) for cell in row] for row in qr.get_matrix()]


def qr_image(card_number: str, module_px: int = SCREEN_MODULE_PX) -> Image.Image:
    """The card's QR code as a black-on-white grayscale image, ``module_px`` per module."""
    if module_px < 1:
        raise ValueError("a QR module needs at least one pixel")
    matrix = qr_matrix(card_number)
    size = len(matrix)
    small = Image.new("L", (size, size), 255)
    small.putdata([0 if dark else 255 for row in matrix for dark in row])
    return small.resize((size * module_px, size * module_px), Image.Resampling.NEAREST)


def png_bytes(image: Image.Image, dpi: int = 300) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def qr_png(card_number: str, module_px: int = 12) -> bytes:
    """The QR code as PNG bytes (for "Export PNG")."""
    return png_bytes(qr_image(card_number, module_px))


# -- Codabar ----------------------------------------------------------------------------------


def codabar_supports(text: str) -> bool:
    return bool(text) and set(text) <= _CODABAR_DATA


def codabar_elements(text: str, start: str = "A", stop: str = "A") -> list[int]:
    """Element widths in narrow units (3 = wide), alternating bar/space, starting with a bar.

    Characters are separated by one narrow space.
    """
    if start not in _START_STOP or stop not in _START_STOP:
        raise ValueError("Codabar start and stop characters are A, B, C or D")
    if not codabar_supports(text):
        raise ValueError(
            f"“{text}” cannot be drawn as Codabar: only digits and - $ : / . + are allowed"
        )
    widths: list[int] = []
    for index, char in enumerate(start + text + stop):
        if index:
            widths.append(1)  # inter-character gap
        widths.extend(3 if flag == "1" else 1 for flag in _CODABAR[char])
    return widths


def codabar_image(
    text: str, narrow_px: int = 3, height_px: int = 120, quiet_units: int = 10
) -> Image.Image:
    """The Codabar barcode for ``text`` (black bars on white), with quiet zones both sides."""
    if narrow_px < 1 or height_px < 1:
        raise ValueError("bars need at least one pixel")
    widths = codabar_elements(text)
    total = (sum(widths) + 2 * quiet_units) * narrow_px
    image = Image.new("L", (total, height_px), 255)
    draw = ImageDraw.Draw(image)
    x = quiet_units * narrow_px
    for position, units in enumerate(widths):
        width = units * narrow_px
        if position % 2 == 0:  # even positions are bars
            draw.rectangle((x, 0, x + width - 1, height_px - 1), fill=0)
        x += width
    return image
