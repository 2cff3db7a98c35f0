"""The Qt-free decoder on generated QR card frames: rotation, tilt, blur, noise, glare, JPEG."""

from __future__ import annotations

import numpy as np
import pytest

from popup.domain.cards import qr_payload
from popup.scan import decode as dec
from popup.scan.synth import Defects, camera_frame, realistic_set

PAYLOAD = qr_payload("21120000698132")

CASES = {
    "clean": Defects(),
    "rotated 90": Defects(rotate_deg=90),
    "rotated 135": Defects(rotate_deg=135),
    "upside down": Defects(rotate_deg=180),
    "tilted": Defects(tilt=0.3, rotate_deg=8),
    "blurred": Defects(blur_radius=1.2, qr_px=220),
    "noisy": Defects(noise_sigma=15),
    "blur+noise+rotation": Defects(rotate_deg=-30, blur_radius=1.0, noise_sigma=8, qr_px=220),
    "glare": Defects(glare=0.5),
    "low contrast": Defects(contrast=(80, 170)),
    "jpeg": Defects(jpeg_quality=25, noise_sigma=5),
    "phone screen": Defects(phone_screen=True),
}


@pytest.mark.parametrize("name", list(CASES))
def test_zxing_reads_generated_cards(name: str) -> None:
    frame = camera_frame(PAYLOAD, CASES[name], seed=3)
    assert frame.shape == (480, 640) and frame.dtype == np.uint8
    assert dec.decode(frame) == [PAYLOAD]


@pytest.mark.parametrize("name", ["clean", "rotated 90", "noisy", "upside down"])
def test_pyzbar_still_works(name: str) -> None:
    frame = camera_frame(PAYLOAD, CASES[name], seed=3)
    assert dec.decode(frame, backend="pyzbar") == [PAYLOAD]


def test_both_falls_back_and_finds_the_same() -> None:
    frame = camera_frame(PAYLOAD, CASES["tilted"], seed=3)
    assert dec.decode(frame, backend="both") == [PAYLOAD]


def test_blank_frame_decodes_to_nothing() -> None:
    blank = np.full((480, 640), 128, dtype=np.uint8)
    for backend in dec.available_backends():
        assert dec.decode(blank, backend=backend) == []


def test_realistic_mix_meets_the_target() -> None:
    frames = realistic_set(60, seed=99)
    read = sum(payload in dec.decode(frame) for payload, _d, frame in frames)
    assert read / len(frames) >= 0.85  # benchmarks/decoder.py measures the full set


@pytest.mark.parametrize(
    ("image", "problem"),
    [
        (np.zeros((480, 640, 3), dtype=np.uint8), "2-D grayscale"),
        (np.zeros((480, 640), dtype=np.float32), "uint8"),
        (np.zeros((4, 4), dtype=np.uint8), "too small"),
    ],
)
def test_wrong_images_are_refused_with_a_reason(image: np.ndarray, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        dec.decode(image)


def test_not_an_array_and_unknown_backend_are_refused() -> None:
    with pytest.raises(TypeError, match="numpy array"):
        dec.decode(b"not an image")  # type: ignore[arg-type]
    frame = camera_frame(PAYLOAD, Defects())
    with pytest.raises(ValueError, match="unknown decoder backend"):
        dec.decode(frame, backend="opencv")  # type: ignore[arg-type]


def test_linear_codes_on_request() -> None:
    import zxingcpp

    barcode = zxingcpp.create_barcode("A21120000698132B", zxingcpp.BarcodeFormat.Codabar)
    image = np.asarray(barcode.to_image(scale=3, add_quiet_zones=True), dtype=np.uint8)
    canvas = np.full((480, 640), 235, dtype=np.uint8)
    h, w = image.shape[:2]
    canvas[100 : 100 + h, 50 : 50 + w] = image if image.ndim == 2 else image[..., 0]
    assert dec.decode(canvas) == []  # the camera loop reads QR only
    found = dec.decode(canvas, linear=True)
    assert found and "21120000698132" in found[0]


def test_half_size_averages_two_by_two_blocks() -> None:
    image = np.array([[0, 255, 10, 20, 7], [255, 0, 30, 40, 7], [1, 1, 1, 1, 7]], dtype=np.uint8)
    assert dec.half_size(image).tolist() == [[127, 25]]
