"""Card images decode back to the card number through Popup's own decoder."""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image

from popup.domain.cards import DEFAULT_FORMAT, ScanKind, parse_scan, qr_payload
from popup.scan import card
from popup.scan.decode import decode

NUMBER = DEFAULT_FORMAT.make(ScanKind.PATRON, 900_123, "1120")


def gray(image: Image.Image) -> npt.NDArray[np.uint8]:
    return np.asarray(image.convert("L"), dtype=np.uint8)


def test_qr_decodes_to_the_card_number() -> None:
    texts = decode(gray(card.qr_image(NUMBER)))
    assert texts == [qr_payload(NUMBER)]
    assert parse_scan(texts[0]) == NUMBER


def test_qr_png_decodes_and_is_large_enough_to_photograph() -> None:
    image = Image.open(io.BytesIO(card.qr_png(NUMBER)))
    assert image.format == "PNG"
    assert min(image.size) >= 300
    assert decode(gray(image)) == [qr_payload(NUMBER)]


def test_qr_survives_being_shrunk_like_a_photo_of_a_screen() -> None:
    image = card.qr_image(NUMBER).resize((180, 180), Image.Resampling.BILINEAR)
    framed = Image.new("L", (400, 300), 200)
    framed.paste(image, (110, 60))
    assert decode(gray(framed)) == [qr_payload(NUMBER)]


def test_temporary_number_qr_round_trips() -> None:
    temp = "T3F9A0C12-000417"
    assert parse_scan(decode(gray(card.qr_image(temp)))[0]) == temp


def test_codabar_decodes_to_the_card_number() -> None:
    image = card.codabar_image(NUMBER)
    framed = Image.new("L", (image.width + 40, image.height + 40), 255)
    framed.paste(image, (20, 20))
    texts = decode(gray(framed), linear=True)
    # Readers report Codabar with or without its start/stop characters.
    assert [t.strip("ABCDabcd") for t in texts] == [NUMBER]


def test_codabar_elements_follow_the_standard() -> None:
    # "A" start: bar space bar space bar space bar = n n w w n w n (0011010)
    assert card.codabar_elements("1")[:7] == [1, 1, 3, 3, 1, 3, 1]
    widths = card.codabar_elements(NUMBER)
    assert len(widths) == 7 * (len(NUMBER) + 2) + len(NUMBER) + 1
    assert len(widths) % 2 == 1  # starts and ends with a bar


def test_codabar_refuses_letters_by_name() -> None:
    assert not card.codabar_supports("T3F9A0C12-000417")
    with pytest.raises(ValueError, match=r"T3F9.*only digits"):
        card.codabar_elements("T3F9A0C12-000417")
    with pytest.raises(ValueError, match="start and stop"):
        card.codabar_elements("123", start="X")
