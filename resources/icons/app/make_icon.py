"""Draw Popup's app icon and write every format the packaged builds need.

Run from the repository root: ``.venv/bin/python resources/icons/app/make_icon.py``.
The outputs are committed (popup.png 512 px for Qt and Linux, popup-256.png for the .deb's
hicolor theme, popup.ico for Windows, popup.icns for macOS), so builds never need Pillow's
drawing code; re-run this script only to change the design.

The design: a teal rounded square holding a white open book whose right page carries the three
finder squares of a QR code (Popup's library cards are QR codes).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = 1024
TEAL = (0, 121, 128, 255)
DARK = (0, 77, 82, 255)
WHITE = (255, 255, 255, 255)
INK = (24, 40, 48, 255)


def draw(size: int = SIZE) -> Image.Image:
    scale = size / SIZE
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)

    def s(*values: float) -> list[float]:
        return [v * scale for v in values]

    d.rounded_rectangle(s(40, 40, 984, 984), radius=200 * scale, fill=TEAL)
    # Shadow under the book, then the two pages meeting at the spine.
    d.polygon(s(170, 330, 512, 390, 854, 330, 854, 800, 512, 860, 170, 800), fill=DARK)
    d.polygon(s(150, 290, 500, 350, 500, 820, 150, 760), fill=WHITE)
    d.polygon(s(524, 350, 874, 290, 874, 760, 524, 820), fill=WHITE)
    # Lines of text on the left page.
    for i in range(5):
        y = 420 + i * 70
        d.line(s(210, y, 440, y + 36), fill=TEAL, width=max(1, round(26 * scale)))
    # QR finder patterns on the right page.
    for x, y in ((580, 370), (740, 370), (580, 560)):
        d.rectangle(s(x, y, x + 120, y + 120), fill=INK)
        d.rectangle(s(x + 20, y + 20, x + 100, y + 100), fill=WHITE)
        d.rectangle(s(x + 40, y + 40, x + 80, y + 80), fill=INK)
    for x, y in ((740, 560), (800, 620), (740, 680), (680, 700)):
        d.rectangle(s(x, y, x + 40, y + 40), fill=INK)
    return img


def main() -> None:
    big = draw(SIZE)
    big.resize((512, 512), Image.Resampling.LANCZOS).save(HERE / "popup.png", optimize=True)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(HERE / "popup-256.png", optimize=True)
    big.save(
        HERE / "popup.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
    )
    big.save(HERE / "popup.icns")


if __name__ == "__main__":
    main()
