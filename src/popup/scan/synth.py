"""Realistic camera frames of QR library cards, made from scratch (for tests and benchmarks).

A real webcam at a bookmobile desk sees a card held at an angle, slightly out of focus, under a
strip light that leaves a glare spot, through a cheap sensor (noise, low contrast) and a JPEG
stream. :func:`camera_frame` renders a QR card with ``qrcode`` and applies those defects with
Pillow and numpy; :func:`realistic_set` draws a reproducible mix of them.

Qt-free, so the decoder's tests and ``benchmarks/decoder.py`` share it.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
import qrcode
from PIL import Image, ImageDraw, ImageFilter

from popup.domain.cards import CardFormat, ScanKind, qr_payload
from popup.scan.decode import GrayImage

FRAME_SIZE = (640, 480)
_FORMAT = CardFormat()


@dataclass(frozen=True)
class Defects:
    """What is wrong with one frame. Zero/None everywhere is a clean, straight card."""

    rotate_deg: float = 0.0
    #: Perspective tilt: how far (fraction of the card side) the far edge shrinks.
    tilt: float = 0.0
    tilt_axis: str = "x"
    #: Width of the QR symbol in the frame, in pixels.
    qr_px: int = 180
    blur_radius: float = 0.0
    noise_sigma: float = 0.0
    #: Brightest glare spot added on top (0 = none, 1 = saturating).
    glare: float = 0.0
    #: (dark, light) grey levels the card is squeezed into; (0, 255) is full contrast.
    contrast: tuple[int, int] = (20, 235)
    jpeg_quality: int | None = None
    #: A phone screen showing the code: light-on-dark surround, slight moire of pixel rows.
    phone_screen: bool = False
    #: Phone screens under bus lighting (0 = off): depth of the dark grid between the screen's
    #: pixels (screen door), depth of the moire bands the camera's own pixel grid beats
    #: against it, strength of a strip light's reflection across the glass.
    screen_door: float = 0.0
    moire: float = 0.0
    glare_band: float = 0.0
    #: Scene brightness under dim (warm, which the grey camera sees as dimmer) bus lighting;
    #: the screen gives its own light and keeps most of its brightness.
    dim: float = 1.0
    offset: tuple[int, int] = (0, 0)
    labels: tuple[str, ...] = field(default_factory=tuple)


def qr_card(payload: str, qr_px: int, phone_screen: bool = False) -> Image.Image:
    """A card (grayscale) with the QR code, a title bar and some printed lines."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=10)
    qr.add_data(payload)
    qr.make(fit=True)
    code = qr.make_image(fill_color="black", back_color="white").get_image().convert("L")
    code = code.resize((qr_px, qr_px), Image.Resampling.NEAREST)
    width, height = int(qr_px * 1.6), int(qr_px * 1.25)
    background = 30 if phone_screen else 245
    card = Image.new("L", (width, height), background)
    draw = ImageDraw.Draw(card)
    if not phone_screen:
        draw.rectangle((0, 0, width, int(qr_px * 0.12)), fill=90)  # coloured header band
        for row in range(4):
            y = int(qr_px * (0.35 + row * 0.16))
            draw.rectangle((qr_px + 12, y, width - 14, y + max(2, qr_px // 30)), fill=120)
    card.paste(code, (8, (height - qr_px) // 2 + 4))
    return card


def _perspective_coeffs(
    src: list[tuple[float, float]], dst: list[tuple[float, float]]
) -> list[float]:
    """Coefficients for PIL's PERSPECTIVE transform mapping output points ``dst`` to ``src``."""
    rows: list[list[float]] = []
    rhs: list[float] = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    solution = np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float))
    return [float(c) for c in solution]


def _tilt(card: Image.Image, amount: float, axis: str, fill: int) -> Image.Image:
    w, h = card.size
    src = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]
    if axis == "x":  # right edge further away: shorter
        d = h * amount / 2
        dst = [(0.0, 0.0), (w * (1 - amount / 3), d), (w * (1 - amount / 3), h - d), (0.0, h)]
    else:  # top edge further away
        d = w * amount / 2
        dst = [(d, 0.0), (w - d, 0.0), (w, h * (1 - amount / 3)), (0.0, h * (1 - amount / 3))]
    coeffs = _perspective_coeffs(src, dst)
    return card.transform(
        (w, h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR, fillcolor=fill
    )


def _desk_background(rng: np.random.Generator, phone_screen: bool) -> Image.Image:
    w, h = FRAME_SIZE
    base = 60.0 if phone_screen else 140.0
    xs = np.linspace(0, 1, w)[None, :]
    ys = np.linspace(0, 1, h)[:, None]
    shade = base + 40 * xs - 25 * ys + rng.normal(0, 6, (h, w))  # uneven light, wood grain-ish
    return Image.fromarray(np.clip(shade, 0, 255).astype(np.uint8), "L")


def empty_frame(seed: int = 0) -> GrayImage:
    """A frame with no card in it: the desk under uneven light, sensor noise, a sheet of paper
    with printed lines (what the camera sees most of the time between patrons)."""
    rng = np.random.default_rng(seed)
    frame = _desk_background(rng, phone_screen=False)
    draw = ImageDraw.Draw(frame)
    x, y = int(rng.integers(40, 300)), int(rng.integers(30, 200))
    draw.rectangle((x, y, x + 260, y + 200), fill=235)
    for row in range(8):
        width = int(rng.integers(120, 240))
        draw.rectangle((x + 12, y + 16 + row * 22, x + 12 + width, y + 24 + row * 22), fill=70)
    noisy = np.asarray(frame, dtype=np.float64) + rng.normal(0, 6, (FRAME_SIZE[1], FRAME_SIZE[0]))
    result: npt.NDArray[np.uint8] = np.clip(noisy, 0, 255).astype(np.uint8)
    return result


def camera_frame(payload: str, defects: Defects, seed: int = 0) -> GrayImage:
    """A 640x480 grayscale frame of a QR card showing ``payload``, with ``defects`` applied."""
    rng = np.random.default_rng(seed)
    fill = 0
    card = qr_card(payload, defects.qr_px, defects.phone_screen)
    if defects.tilt:
        card = _tilt(card, defects.tilt, defects.tilt_axis, fill)
    mask = Image.new("L", card.size, 255)
    if defects.tilt:
        mask = _tilt(mask, defects.tilt, defects.tilt_axis, 0)
    if defects.rotate_deg:
        card = card.rotate(defects.rotate_deg, Image.Resampling.BILINEAR, expand=True)
        mask = mask.rotate(defects.rotate_deg, Image.Resampling.BILINEAR, expand=True)
    frame = _desk_background(rng, defects.phone_screen)
    fw, fh = FRAME_SIZE
    x = (fw - card.width) // 2 + defects.offset[0]
    y = (fh - card.height) // 2 + defects.offset[1]
    frame.paste(card, (x, y), mask)
    pixels = np.asarray(frame, dtype=np.float64)
    screen: npt.NDArray[np.float64] | None = None
    if defects.phone_screen and (defects.dim < 1 or defects.moire or defects.glare_band):
        where = Image.new("L", FRAME_SIZE, 0)
        where.paste(mask, (x, y), mask)
        screen = np.asarray(where, dtype=np.float64) / 255  # the glass, in frame coordinates
        # The screen shines (it only dims a little); the rest of the scene takes the bus light.
        pixels = pixels * (defects.dim + (1 - defects.dim) * 0.7 * screen)
    dark, light = defects.contrast
    pixels = dark + pixels * (light - dark) / 255.0
    if defects.glare:
        gx, gy = rng.uniform(0.3, 0.7) * fw, rng.uniform(0.3, 0.7) * fh
        radius = rng.uniform(0.12, 0.25) * fw
        yy, xx = np.mgrid[0:fh, 0:fw]
        spot = np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * radius**2))
        pixels = pixels + defects.glare * 255 * spot
    if screen is not None:
        yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float64)
        if defects.moire:
            # Beat of the screen's pixel grid against the sensor's: slow, slanted bands.
            angle, period = rng.uniform(0, np.pi), rng.uniform(8, 30)
            phase = (xx * np.cos(angle) + yy * np.sin(angle)) * 2 * np.pi / period
            pixels = pixels * (1 - defects.moire * screen * (0.5 + 0.5 * np.sin(phase)))
        if defects.glare_band:
            # A strip light mirrored in the glass: a long soft band across the screen.
            angle = rng.uniform(0, np.pi)
            cx, cy = x + card.width * rng.uniform(0.2, 0.8), y + card.height * rng.uniform(0.2, 0.8)
            distance = (xx - cx) * np.sin(angle) - (yy - cy) * np.cos(angle)
            width = rng.uniform(8, 30)
            band = np.exp(-(distance**2) / (2 * width**2))
            pixels = pixels + defects.glare_band * 255 * band * screen
    if defects.phone_screen:
        if defects.screen_door:
            # Dark gaps between the screen's pixels, every 2-3 sensor pixels after the optics.
            step = 2 + seed % 2
            pixels[::step, :] *= 1 - defects.screen_door
            pixels[:, ::step] *= 1 - defects.screen_door / 2
        else:
            pixels[::3, :] *= 0.93  # pixel-row moire of a photographed screen
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    if defects.blur_radius:
        out = out.filter(ImageFilter.GaussianBlur(defects.blur_radius))
    arr = np.asarray(out, dtype=np.float64)
    if defects.noise_sigma:
        arr = arr + rng.normal(0, defects.noise_sigma, arr.shape)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    if defects.jpeg_quality is not None:
        buffer = io.BytesIO()
        out.save(buffer, format="JPEG", quality=defects.jpeg_quality)
        buffer.seek(0)
        out = Image.open(buffer).convert("L")
    result: npt.NDArray[np.uint8] = np.array(out, dtype=np.uint8)
    return result


def random_defects(rng: random.Random) -> Defects:
    """One frame's worth of trouble, drawn the way a busy desk produces it.

    Most frames have two or three defects at once; a few are hard (strong blur with tilt and
    glare) and some are easy. The mix is what the read-rate target is measured against.
    """
    labels: list[str] = []
    rotate = rng.uniform(-180, 180) if rng.random() < 0.5 else rng.uniform(-12, 12)
    if abs(rotate) > 12:
        labels.append("rotated")
    tilt = 0.0
    if rng.random() < 0.5:
        tilt = rng.uniform(0.1, 0.45)
        labels.append("tilt")
    blur = 0.0
    if rng.random() < 0.45:
        blur = rng.uniform(0.6, 1.8)
        labels.append("blur")
    noise = 0.0
    if rng.random() < 0.5:
        noise = rng.uniform(4, 22)
        labels.append("noise")
    glare = 0.0
    if rng.random() < 0.3:
        glare = rng.uniform(0.3, 0.9)
        labels.append("glare")
    contrast = (20, 235)
    if rng.random() < 0.3:
        dark = rng.randrange(50, 100)
        contrast = (dark, dark + rng.randrange(60, 110))
        labels.append("low-contrast")
    jpeg = None
    if rng.random() < 0.5:
        jpeg = rng.randrange(15, 60)
        labels.append("jpeg")
    phone = rng.random() < 0.15
    if phone:
        labels.append("phone-screen")
    return Defects(
        rotate_deg=rotate,
        tilt=tilt,
        tilt_axis=rng.choice(("x", "y")),
        qr_px=rng.randrange(120, 280),
        blur_radius=blur,
        noise_sigma=noise,
        glare=glare,
        contrast=contrast,
        jpeg_quality=jpeg,
        phone_screen=phone,
        offset=(rng.randrange(-80, 80), rng.randrange(-50, 50)),
        labels=tuple(labels),
    )


def on_the_bus(defects: Defects, rng: random.Random) -> Defects:
    """``defects`` of a phone-screen frame made what a bus gives: the phone held at an angle
    (patrons tilt it away from reflections), a strip light mirrored across the glass in most
    frames, screen-door grid and moire, and dim warm light at night."""
    tilt = defects.tilt if defects.tilt >= 0.15 else rng.uniform(0.15, 0.4)
    glare_band = rng.uniform(0.25, 0.7) if rng.random() < 0.6 else 0.0
    dim = rng.uniform(0.45, 0.8) if rng.random() < 0.5 else 1.0
    labels = [label for label in defects.labels if label != "tilt"] + ["tilt"]
    if glare_band:
        labels.append("glare-band")
    if dim < 1:
        labels.append("dim")
    return replace(
        defects,
        tilt=tilt,
        screen_door=rng.uniform(0.04, 0.15),
        moire=rng.uniform(0.05, 0.2),
        glare_band=glare_band,
        dim=dim,
        labels=tuple(labels),
    )


def realistic_set(count: int, seed: int = 2026) -> list[tuple[str, Defects, GrayImage]]:
    """``count`` reproducible frames: ``(payload, defects, frame)``.

    Phone-screen frames draw their bus-lighting trouble (:func:`on_the_bus`) from a stream of
    their own, so every other frame is the same as before those were added.
    """
    rng = random.Random(seed)
    frames: list[tuple[str, Defects, GrayImage]] = []
    for i in range(count):
        card = _FORMAT.make(ScanKind.PATRON, rng.randrange(1, 10**8), "1120")
        payload = qr_payload(card) if rng.random() < 0.9 else card
        defects = random_defects(rng)
        if defects.phone_screen:
            defects = on_the_bus(defects, random.Random(f"{seed}:{i}:phone"))
        frames.append((payload, defects, camera_frame(payload, defects, seed=seed + i)))
    return frames
