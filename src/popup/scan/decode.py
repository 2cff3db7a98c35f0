"""Decode QR codes and library barcodes in a grayscale image. Qt-free.

One function, :func:`decode`: a 2-D ``uint8`` grayscale array in, the decoded texts out::

    >>> decode(frame)                      # zxing-cpp (the default)
    ['POPUP:1:21120000698132']
    >>> decode(frame, backend="pyzbar")    # the customer's original choice, kept working
    >>> decode(frame, backend="both")      # zxing-cpp, then pyzbar if zxing found nothing

Why zxing-cpp by default: on the generated-but-realistic card set in ``benchmarks/decoder.py``
(tilt, blur, glare, noise, low contrast, JPEG artefacts at 640x480) it reads more codes in less
time than pyzbar (figures in that script's docstring and the README). pyzbar needs the system
``libzbar``; when it is missing, ``backend="pyzbar"`` raises :class:`DecoderUnavailable` and
``backend="both"`` quietly uses zxing-cpp alone.

Most frames are read by zxing-cpp's plain pass (about 1 ms). When it reads nothing, a cascade
of retry passes (:data:`RETRY_PASSES`) gives zxing-cpp prepared copies, stopping at the first
read: a 3x3-averaged copy (noise, JPEG), the frame at a fixed mid-grey threshold, and our own
local-mean threshold on smoothed copies at full and half size, which, unlike zxing-cpp's
binarizer, has no minimum-contrast rule (low contrast, glare, dim phone screens). If a symbol
was located but never read, a pass reads a smooth 2x enlargement of just that part (small,
blurred symbols), and then :data:`LOCATED_PASSES` threshold at a smoothly interpolated local
mean (phones under a strip light, glare spots on low-contrast cards), then
:data:`BLURRED_PASSES` undo some of a defocus (unsharp masks, Wiener deconvolutions, a
Gaussian-smoothed threshold: small symbols blurred and tilted, noise on top), and last
:data:`AROUND_PASSES` enlarge the box around every symbol any pass located, at other scales,
thresholded, smoothed or deconvolved. The passes were chosen on frames of other seeds than
the benchmark's. A frame with no code at all stops after the first six passes once none of
them has located a symbol (about 4.8 ms, 3x the plain pass: the smoothed copies several
passes start from are made once per frame (:class:`Copies`), and the local-mean threshold
takes shortcuts on whole tiles; the camera loop decodes the newest frame whenever the
previous one is done, so that is CPU while the desk is empty, not latency). A
frame with a located symbol no pass reads pays for all of them (about 45 ms CPU, up to 140 on
a phone screen's pixel grid, where zxing-cpp's plain pass alone takes 20 ms); those are about
4 % of the benchmark's frames, so its p95 is about 8 ms, 19 ms on a seed with more of them.

What no pass can read: a glare spot that saturates a low-contrast card clips both its dark
and light modules to white over a disc of several modules. Of the glare frames every pass
misses, more than half do not read even from the best a decoder could know (the same frame
drawn without glare, noise, blur or JPEG, the clipped pixels white; ``benchmarks/decoder.py
--ceiling``): more modules are lost than the card's error correction (QR level M) restores.
A big card held near the edge of the view with part of its code outside the frame does not
read either.

The function is safe to call from a worker thread: it only reads the array it is given.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Literal

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

Backend = Literal["zxing", "pyzbar", "both"]
BACKENDS: tuple[Backend, ...] = ("zxing", "pyzbar", "both")

GrayImage = npt.NDArray[np.uint8]


class DecoderUnavailable(RuntimeError):
    """The requested decoder library cannot be loaded on this machine."""


def _check(image: object) -> GrayImage:
    if not isinstance(image, np.ndarray):
        raise TypeError(f"decode() needs a numpy array, not {type(image).__name__}")
    if image.ndim != 2:
        raise ValueError(f"decode() needs a 2-D grayscale image, got shape {image.shape}")
    if image.dtype != np.uint8:
        raise ValueError(f"decode() needs uint8 pixels, got {image.dtype}")
    if image.shape[0] < 8 or image.shape[1] < 8:
        raise ValueError(f"image {image.shape[1]}x{image.shape[0]} is too small to hold a code")
    return np.ascontiguousarray(image)


# -- zxing-cpp ------------------------------------------------------------------------------

#: Left, top, right, bottom of a symbol zxing-cpp found but could not read, in pixels.
Box = tuple[int, int, int, int]
#: ``read(image, linear, binarizer) -> (texts, where the symbols found but unread are)``;
#: ``binarizer=None`` is the plain pass (zxing-cpp's defaults), a name is a retry pass on a
#: prepared copy.
_ZxingRead = Callable[[GrayImage, bool, "str | None"], tuple[list[str], list[Box]]]
_zxing_read: _ZxingRead | None = None


def _load_zxing() -> _ZxingRead:
    global _zxing_read
    if _zxing_read is not None:
        return _zxing_read
    try:
        import zxingcpp
    except ImportError as exc:  # pragma: no cover - the wheel is a hard dependency
        raise DecoderUnavailable(f"zxing-cpp is not installed: {exc}") from exc
    qr_only = [zxingcpp.BarcodeFormat.QRCode]
    with_linear = [
        zxingcpp.BarcodeFormat.QRCode,
        zxingcpp.BarcodeFormat.Codabar,
        zxingcpp.BarcodeFormat.Code128,
        zxingcpp.BarcodeFormat.Code39,
        zxingcpp.BarcodeFormat.EAN13,
    ]

    def read(image: GrayImage, linear: bool, binarizer: str | None) -> tuple[list[str], list[Box]]:
        # A fresh BarcodeFormats per call: kept at module level, nanobind reports it as leaked
        # at interpreter exit. Building it costs well under a microsecond.
        formats = zxingcpp.BarcodeFormats(with_linear if linear else qr_only)
        if binarizer is None:
            # QR finder patterns work at any angle; only linear codes need the rotated passes.
            found = zxingcpp.read_barcodes(
                image, formats=formats, try_rotate=linear, return_errors=True
            )
        else:
            # A prepared copy: already the scale and polarity we want, so one scan of it.
            found = zxingcpp.read_barcodes(
                image,
                formats=formats,
                try_rotate=linear,
                try_downscale=False,
                try_invert=False,
                binarizer=getattr(zxingcpp.Binarizer, binarizer),
                return_errors=True,
            )
        texts = [str(b.text) for b in found if b.valid]
        unread: list[Box] = []
        for barcode in found:
            if not barcode.valid:
                corners = barcode.position
                xs = [corners.top_left.x, corners.top_right.x, corners.bottom_left.x]
                ys = [corners.top_left.y, corners.top_right.y, corners.bottom_left.y]
                xs.append(corners.bottom_right.x)
                ys.append(corners.bottom_right.y)
                unread.append((min(xs), min(ys), max(xs), max(ys)))
        return texts, unread

    _zxing_read = read
    return read


# -- pyzbar ---------------------------------------------------------------------------------

_pyzbar_read: Callable[[GrayImage, bool], list[str]] | None = None


def _load_pyzbar() -> Callable[[GrayImage, bool], list[str]]:
    global _pyzbar_read
    if _pyzbar_read is not None:
        return _pyzbar_read
    try:
        from pyzbar import pyzbar
    except (ImportError, OSError) as exc:  # OSError: libzbar missing from the system
        raise DecoderUnavailable(f"pyzbar cannot load libzbar: {exc}") from exc
    qr_only = [pyzbar.ZBarSymbol.QRCODE]
    with_linear = [
        pyzbar.ZBarSymbol.QRCODE,
        pyzbar.ZBarSymbol.CODABAR,
        pyzbar.ZBarSymbol.CODE128,
        pyzbar.ZBarSymbol.CODE39,
        pyzbar.ZBarSymbol.EAN13,
    ]

    def read(image: GrayImage, linear: bool) -> list[str]:
        height, width = image.shape
        found = pyzbar.decode(
            (image.tobytes(), width, height), symbols=with_linear if linear else qr_only
        )
        return [d.data.decode("utf-8", errors="replace") for d in found]

    _pyzbar_read = read
    return read


def available_backends() -> list[Backend]:
    """The backends that load on this machine (zxing-cpp always, pyzbar if libzbar exists)."""
    found: list[Backend] = []
    for name, loader in (("zxing", _load_zxing), ("pyzbar", _load_pyzbar)):
        try:
            loader()
        except DecoderUnavailable:
            continue
        found.append(name)  # type: ignore[arg-type]
    if "zxing" in found:
        found.append("both")
    return found


def half_size(image: GrayImage) -> GrayImage:
    """``image`` at half width and height, each pixel the mean of a 2x2 block (rounded down).

    Averaging smooths sensor noise and JPEG blocking and makes a slightly blurred code sharper
    relative to its modules; a code zxing-cpp misses at full size is often read here.
    """
    height, width = image.shape
    even = image[: height - height % 2, : width - width % 2]
    # Four strided adds: several times faster than a reshape and sum over the 2x2 axes.
    total = even[0::2, 0::2].astype(np.uint16)
    total += even[1::2, 0::2]
    total += even[0::2, 1::2]
    total += even[1::2, 1::2]
    result: GrayImage = (total >> 2).astype(np.uint8)
    return result


def smoothed(image: GrayImage) -> GrayImage:
    """``image`` with a small 3x3 blur (centre-weighted cross): takes the edge off sensor noise
    and JPEG ringing that break zxing-cpp's local thresholding on low-contrast frames."""
    g = image.astype(np.uint16)
    out = g.copy()
    out[1:-1, 1:-1] = (
        g[:-2, 1:-1] + g[2:, 1:-1] + g[1:-1, :-2] + g[1:-1, 2:] + 4 * g[1:-1, 1:-1]
    ) // 8
    result: GrayImage = out.astype(np.uint8)
    return result


def box3(image: GrayImage) -> GrayImage:
    """The 3x3 mean of ``image`` (edges repeated): a stronger denoise than :func:`smoothed`."""
    g = image.astype(np.uint16)
    rows = g * 3
    rows[1:-1] = g[:-2] + g[1:-1] + g[2:]
    cols = rows * 3
    cols[:, 1:-1] = rows[:, :-2] + rows[:, 1:-1] + rows[:, 2:]
    result: GrayImage = (cols // 9).astype(np.uint8)
    return result


def adaptive_threshold(
    image: GrayImage,
    block: int,
    *,
    tiles: Literal[3, 5] = 3,
    offset: int = 0,
    smooth: bool = False,
) -> GrayImage:
    """``image`` cut into black (0) and white (1) at the mean of its neighbourhood.

    The neighbourhood is the ``block``-pixel tile around a pixel and its neighbour tiles
    (``tiles`` 3: a 3x3-tile mean, about ``3 * block`` across; 5: a 3x3 mean of 3x3 means,
    a tent about ``5 * block`` across). Unlike zxing-cpp's own local binarizer it has no
    minimum-contrast rule, so a card squeezed into 60 grey levels, or half washed out by a
    glare spot, still yields modules; the caller smooths first so noise does not. A pixel is
    white when it is more than ``offset`` above the mean. ``smooth`` interpolates the tile
    means bilinearly instead of repeating them, so the threshold has no step at each tile edge
    on a glare spot's slope (the located passes read a few frames more with it).
    The result is meant for zxing-cpp's ``BoolCast`` binarizer (0 is black).
    """
    from PIL import Image  # only the retry passes need it

    height, width = image.shape
    tile_means = np.asarray(Image.fromarray(image).reduce(block))  # PIL: C speed, 2x2..nxn
    tile_means = box3(tile_means) if tiles == 3 else box3(box3(tile_means))
    rows, cols = tile_means.shape
    if not smooth and not offset and rows * block == height and cols * block == width:
        # Whole tiles: each row of pixels against its row of tile means, widened, by
        # broadcasting down the tile (the same result without the full-size copy of the
        # means: 0.05 ms instead of 0.3 on a 640x480 frame).
        wide = np.repeat(tile_means, block, axis=1)
        tiled = image.reshape(rows, block, width) > wide[:, None, :]
        whole: GrayImage = tiled.reshape(height, width).view(np.uint8)
        return whole
    if smooth and block == 4 and rows * block == height and cols * block == width:
        return _below_smooth_means4(image, tile_means, offset)
    if smooth:
        means: GrayImage = np.asarray(
            Image.fromarray(tile_means).resize((width, height), Image.Resampling.BILINEAR)
        )
    else:
        means = np.repeat(np.repeat(tile_means, block, axis=0), block, axis=1)
        # reduce() rounds partial tiles in, so ``means`` may be a little larger or smaller.
        if means.shape[0] < height or means.shape[1] < width:
            means = np.pad(
                means,
                ((0, max(0, height - means.shape[0])), (0, max(0, width - means.shape[1]))),
                mode="edge",
            )
        means = means[:height, :width]
    # int16 only when there is an offset: it can take the mean below 0 or above 255.
    white = (image.astype(np.int16) > means.astype(np.int16) + offset) if offset else image > means
    result: GrayImage = white.view(np.uint8)
    return result


#: Pillow's bilinear 4x enlargement in eighths: output row ``4 * i + phase`` is the tile row
#: ``i`` times the first weight plus its neighbour above (-1) or below (+1) times the rest.
_PHASES_4 = ((5, -1), (7, -1), (7, 1), (5, 1))


def _below_smooth_means4(image: GrayImage, tile_means: GrayImage, offset: int) -> GrayImage:
    """What :func:`adaptive_threshold` gives with ``smooth`` for ``block`` 4 and whole tiles,
    pixel for pixel, in less time: Pillow's bilinear 4x enlargement done the way Pillow does
    it (across, rounded, then down; each weight a whole number of eighths, rounded half up),
    each of the four rows of a tile compared with its own row of means as it is made, so
    there is no full-size copy of the means (0.2 ms instead of 0.8 on a 640x480 frame; the
    search stage's sixth pass pays it on every frame with no card)."""
    height, width = image.shape
    rows = tile_means.shape[0]
    # Pillow's first pass, across: each column of means into four, rounded to whole levels.
    tiles = tile_means.astype(np.int16)
    beside = {
        -1: np.concatenate((tiles[:, :1], tiles[:, :-1]), axis=1),  # edges repeated, as Pillow
        1: np.concatenate((tiles[:, 1:], tiles[:, -1:]), axis=1),
    }
    across = np.empty((rows, tiles.shape[1], 4), dtype=np.int16)
    for phase, (weight, side) in enumerate(_PHASES_4):
        across[:, :, phase] = (weight * tiles + (8 - weight) * beside[side] + 4) >> 3
    wide = across.reshape(rows, width)
    # Its second pass, down, is fused with the comparison: one row of each tile at a time.
    neighbour = {
        -1: np.concatenate((wide[:1], wide[:-1])),
        1: np.concatenate((wide[1:], wide[-1:])),
    }
    pixels = image.reshape(rows, 4, width)
    white = np.empty((rows, 4, width), dtype=np.bool_)
    for phase, (weight, side) in enumerate(_PHASES_4):
        means = (weight * wide + (8 - weight) * neighbour[side] + 4) >> 3
        np.greater(pixels[:, phase], means + offset, out=white[:, phase])
    result: GrayImage = white.reshape(height, width).view(np.uint8)
    return result


def _tent(image: GrayImage) -> GrayImage:
    """The 3x3 mean taken twice (a 5x5 tent): smooths noise and a screen's pixel grid more
    than :func:`box3` and keeps modules of 4 px and more."""
    return box3(box3(image))


class Copies:
    """A frame and the smoothed copies of it that several passes start from, each made once
    (on demand) however many passes use it: the 3x3 mean (:func:`box3`) serves three search
    passes and the 5x5 tent (:func:`_tent`) two search passes and both located passes. Made
    anew per frame, so it keeps the decoder safe to call from several threads."""

    __slots__ = ("_box3", "_tent", "frame")

    def __init__(self, frame: GrayImage) -> None:
        self.frame = frame
        self._box3: GrayImage | None = None
        self._tent: GrayImage | None = None

    @property
    def box3(self) -> GrayImage:
        if self._box3 is None:
            self._box3 = box3(self.frame)
        return self._box3

    @property
    def tent(self) -> GrayImage:
        if self._tent is None:
            self._tent = box3(self.box3)
        return self._tent


#: What zxing-cpp is given after its plain pass read nothing: (what it is, make the image
#: from the frame's :class:`Copies`, binarizer). Chosen greedily, most codes read per ms
#: first, on 800 generated frames of seeds 7 and 11 (not the benchmark's 2026); each costs
#: 0.2-1.3 ms CPU on a 640x480 frame.
_Pass = tuple[str, Callable[["Copies"], GrayImage], str]
#: The first this many retry passes run on every frame not read; the others only once some
#: pass has located a symbol. 5 rather than 4 since the located stage grew
#: (:data:`BLURRED_PASSES`): the fifth locates symbols that stage then reads (+0.1-0.2 points
#: on seeds 7, 11, 5, 13, 41 and on 2026, 17, 59, 83, 97) for about 1 ms more on a frame
#: without a card. 6 since #20's fourth round: the sixth, the located stage's first threshold
#: moved up, reads or locates phones at an angle in dim light and glare on low-contrast cards
#: that the first five do not even locate (+4 frames of 5,200 on the tuning seeds, all on
#: 7, 11 and 41; +2 of 2,000 on the held-out seeds, with what the located stage then reads)
#: for about 1.5 ms more on a frame without a card (0.7 ms since it shares its tent-smoothed
#: copy with the fifth and its threshold takes a shortcut). Nine would add 0.1 point more.
SEARCH_PASSES = 6
RETRY_PASSES: tuple[_Pass, ...] = (
    ("box3-local", lambda c: c.box3, "LocalAverage"),
    ("plain-fixed", lambda c: c.frame, "FixedThreshold"),
    (
        "half-smooth-adaptive-8",
        lambda c: adaptive_threshold(smoothed(half_size(c.frame)), 8),
        "BoolCast",
    ),
    ("box3-adaptive-4", lambda c: adaptive_threshold(c.box3, 4), "BoolCast"),
    ("box3x2-adaptive-8", lambda c: adaptive_threshold(c.tent, 8), "BoolCast"),
    (
        "tent-smooth-4-low",
        lambda c: adaptive_threshold(c.tent, 4, offset=-2, smooth=True),
        "BoolCast",
    ),
    ("smooth-fixed", lambda c: smoothed(c.frame), "FixedThreshold"),
    ("box3-fixed", lambda c: c.box3, "FixedThreshold"),
    (
        "half-box3-adaptive-4",
        lambda c: adaptive_threshold(box3(half_size(c.frame)), 4),
        "BoolCast",
    ),
    ("plain-adaptive-4", lambda c: adaptive_threshold(c.frame, 4), "BoolCast"),
)


#: After the enlarged crop, for a symbol located but still unread: our local-mean threshold
#: with the means interpolated smoothly, on a tent-smoothed copy, at two more neighbourhood
#: sizes (the first of three, with the offset -2 that also turns a saturated, flat glare spot
#: white instead of black, is now the sixth search pass). Each reads a different few of these
#: frames, mostly phones under a strip light and low-contrast cards under a glare spot; each
#: costs about 1.5 ms, paid only by frames where a symbol was located and nothing before read
#: it. Chosen greedily on the frames of seeds 7, 11 and 5 that everything before them missed;
#: checked on seeds 13 and 17 (+1 point).
LOCATED_PASSES: tuple[_Pass, ...] = (
    ("tent-smooth-6", lambda c: adaptive_threshold(c.tent, 6, smooth=True), "BoolCast"),
    (
        "tent-smooth-4-wide",
        lambda c: adaptive_threshold(c.tent, 4, tiles=5, smooth=True),
        "BoolCast",
    ),
)


def enlarged_crop(
    image: GrayImage, box: Box, scale: float = 2, longest: int | None = None
) -> GrayImage:
    """The part of ``image`` around ``box`` (plus a margin for the quiet zone), ``scale``
    times as large (twice by default), but no more than ``longest`` pixels on its long side.

    zxing-cpp samples one pixel per module; on a small, blurred symbol a smooth (bicubic)
    enlargement lets those samples fall nearer the modules' centres.
    """
    from PIL import Image

    height, width = image.shape
    left, top, right, bottom = box
    margin = max(right - left, bottom - top) // 5 + 8
    left, top = max(0, left - margin), max(0, top - margin)
    right, bottom = min(width, right + margin), min(height, bottom + margin)
    if right - left < 16 or bottom - top < 16:
        return image
    crop = Image.fromarray(np.ascontiguousarray(image[top:bottom, left:right]))
    if longest is not None:
        scale = min(scale, longest / max(right - left, bottom - top))
    size = (int(scale * (right - left)), int(scale * (bottom - top)))
    result: GrayImage = np.asarray(crop.resize(size, Image.Resampling.BICUBIC))
    return result


def sharpened(image: GrayImage, amount: int = 3) -> GrayImage:
    """``image`` with its detail above a 5x5 tent (:func:`_tent`) amplified ``amount`` times
    (an unsharp mask): gives back some of the edge a defocused small symbol lost."""
    g = image.astype(np.int16)
    detail = g - _tent(image).astype(np.int16)
    result: GrayImage = np.clip(g + amount * detail, 0, 255).astype(np.uint8)
    return result


def gaussian(image: GrayImage, sigma: float) -> GrayImage:
    """``image`` blurred by a Gaussian of ``sigma`` pixels (Pillow's, C speed): a heavier
    denoise than :func:`_tent` for noisy, blurred, low-contrast frames."""
    from PIL import Image, ImageFilter

    result: GrayImage = np.asarray(Image.fromarray(image).filter(ImageFilter.GaussianBlur(sigma)))
    return result


def deblurred(image: GrayImage, sigma: float, noise: float = 0.02) -> GrayImage:
    """``image`` with a Gaussian defocus of ``sigma`` pixels undone by a Wiener filter (FFT;
    ``noise`` is the noise-to-signal ratio it assumes, which keeps it from amplifying noise
    without bound). Meant for a small crop: about 2 ms on a 500x500 one. The image is padded
    (edge pixels repeated) to sizes whose only prime factors are 2, 3 and 5: a side of 997
    takes the FFT 5x as long as one of 1,000 and 1,024."""
    height, width = image.shape
    tall, wide = _fft_size(height), _fft_size(width)
    padded = np.pad(image, ((0, tall - height), (0, wide - width)), mode="edge")
    spectrum = np.fft.rfft2(padded.astype(np.float32))
    fy = np.fft.fftfreq(tall).astype(np.float32)[:, None]
    fx = np.fft.rfftfreq(wide).astype(np.float32)[None, :]
    blur = np.exp(-2 * np.pi**2 * sigma**2 * (fx**2 + fy**2))
    restored = np.fft.irfft2(spectrum * (blur / (blur * blur + noise)), s=(tall, wide))
    result: GrayImage = np.clip(restored[:height, :width], 0, 255).astype(np.uint8)
    return result


def _fft_size(n: int) -> int:
    """The least ``m >= n`` whose only prime factors are 2, 3 and 5 (fast for numpy's FFT)."""
    m = n
    while True:
        rest = m
        for prime in (2, 3, 5):
            while rest % prime == 0:
                rest //= prime
        if rest == 1:
            return m
        m += 1


#: ``(what it is, make the image from the frame and where the unread symbol is, binarizer)``.
_LocatedPass = tuple[str, Callable[[GrayImage, Box], GrayImage], str]
#: Last, for a symbol located but unread after every pass before: copies that undo some of a
#: defocus (small symbols, 120-160 px, blurred by 1.3-1.8 px and tilted, whose modules the
#: blur has half merged): an unsharp mask of the frame, our local-mean threshold of the
#: enlarged crop, the unsharp mask 3x3-averaged (noise), a Wiener deconvolution of the
#: enlarged crop and of the whole frame, and our threshold of a Gaussian-smoothed copy (noise
#: on top of the blur). Each costs 1-7 ms, paid only by frames nothing before read. Chosen greedily
#: (most reads per ms) from about 70 candidates -- zxing-cpp's GlobalHistogram and
#: FixedThreshold binarizers, try_invert and try_downscale, is_pure, gamma, contrast
#: stretches, flat-fielding, sharpening and deconvolution at several strengths, of the frame
#: and of the enlarged crop -- on the frames of seeds 7, 11, 5, 13 and 41 that the cascade
#: missed; checked on seeds 2026 (the benchmark's), 17 and 59.
BLURRED_PASSES: tuple[_LocatedPass, ...] = (
    ("sharp-3", lambda g, _box: sharpened(g, 3), "LocalAverage"),
    (
        "crop-tent-adaptive-4",
        lambda g, box: adaptive_threshold(_tent(enlarged_crop(g, box)), 4, smooth=True),
        "BoolCast",
    ),
    ("box3-sharp-3", lambda g, _box: box3(sharpened(g, 3)), "LocalAverage"),
    ("crop-wiener-3", lambda g, box: deblurred(enlarged_crop(g, box), 3.0), "LocalAverage"),
    ("wiener-1.5", lambda g, _box: deblurred(g, 1.5), "LocalAverage"),
    (
        "gauss-adaptive-4",
        lambda g, _box: adaptive_threshold(gaussian(g, 1.5), 4, smooth=True),
        "BoolCast",
    ),
)


#: The around passes' crops are at most this many pixels on their long side: the box around
#: every located symbol can be most of the frame, and 2.5 times a whole frame costs 40-100 ms.
_LONGEST = 960
#: ``(what it is, make the image from the frame, where the first unread symbol is and the box
#: around every unread symbol any pass found, binarizer)``.
_AroundPass = tuple[str, Callable[[GrayImage, Box, Box], GrayImage], str]
#: Last of all, for a symbol located but unread after every pass before: enlarged crops of the
#: box around *every* symbol the passes found but could not read (passes that see only part of
#: a code, or a false finder pattern beside it, locate different boxes; the first alone often
#: cuts the code off), at 1.5 and 2 times, thresholded, smoothed or deconvolved, and the first
#: box at 1.5 times with a wide threshold. Each re-samples the modules on another grid, which
#: is what these frames need: no one of them reads more than a few. They cost 1-8 ms each on
#: average (up to 35 ms when the box is most of the frame), about 18 ms together, paid only by
#: frames nothing before read. Chosen greedily (most reads per ms, at least two each) from
#: about 180 candidates (crops of either box at 1.5-3 times, turned by 30 or 45 degrees or
#: not, with the thresholds, smoothing, sharpening and deconvolutions of the passes above) on
#: the frames missed of seeds 7, 11, 5, 13, 41, 1, 2, 3, 4, 6, 8, 9 and 10; checked on seeds
#: 2026 (the benchmark's), 17, 59, 83 and 97. A 2.5x tent-smoothed crop was chosen too, but
#: read nothing once the crops were held to :data:`_LONGEST`, so it went.
AROUND_PASSES: tuple[_AroundPass, ...] = (
    (
        "around-1.5-tent-adaptive-4",
        lambda g, _box, around: adaptive_threshold(
            _tent(enlarged_crop(g, around, 1.5, _LONGEST)), 4, smooth=True
        ),
        "BoolCast",
    ),
    (
        "crop-1.5-tent-adaptive-8",
        lambda g, box, _around: adaptive_threshold(
            _tent(enlarged_crop(g, box, 1.5, _LONGEST)), 8, smooth=True
        ),
        "BoolCast",
    ),
    (
        "around-1.5-wiener-3",
        lambda g, _box, around: deblurred(enlarged_crop(g, around, 1.5, _LONGEST), 3.0),
        "LocalAverage",
    ),
    (
        "around-2-tent",
        lambda g, _box, around: _tent(enlarged_crop(g, around, 2, _LONGEST)),
        "LocalAverage",
    ),
    (
        "around-2-wiener-4",
        lambda g, _box, around: deblurred(enlarged_crop(g, around, 2, _LONGEST), 4.0, 0.05),
        "LocalAverage",
    ),
)


def _around(box: Box | None, other: Box) -> Box:
    """The smallest box holding ``box`` (if any) and ``other``."""
    if box is None:
        return other
    return (
        min(box[0], other[0]),
        min(box[1], other[1]),
        max(box[2], other[2]),
        max(box[3], other[3]),
    )


def _passes(gray: GrayImage, linear: bool) -> Iterator[tuple[str, list[str]]]:
    """What each pass of the cascade reads, in order: ``(its name, the texts)``. Stops early
    when the search stage has located nothing; the caller stops at the first texts."""
    read = _load_zxing()
    texts, found = read(gray, linear, None)
    yield "plain", texts
    unread = found[0] if found else None
    around = unread
    # Nothing read: the retry passes, cheapest first per code they read. Once the first few
    # have located no symbol at all, the rest are not tried: an empty desk costs about 3x
    # the plain pass instead of 6x (benchmarks/decoder.py prints that cost too).
    copies = Copies(gray)
    for done, (name, prepare, binarizer) in enumerate(RETRY_PASSES):
        if done == SEARCH_PASSES and unread is None:
            return
        prepared = prepare(copies)
        texts, found = read(prepared, linear, binarizer)
        yield name, texts
        scale = gray.shape[1] / prepared.shape[1]
        for where in found:
            box = (
                int(where[0] * scale),
                int(where[1] * scale),
                int(where[2] * scale),
                int(where[3] * scale),
            )
            if unread is None:
                unread = box
            around = _around(around, box)
    if unread is None or around is None:
        return
    # A symbol was located but never read: a smooth enlargement of just that part, then
    # thresholds that follow a glare spot's slope, then what undoes a defocus, then crops
    # around everything located.
    yield "crop-box3", read(box3(enlarged_crop(gray, unread)), linear, "LocalAverage")[0]
    for name, prepare, binarizer in LOCATED_PASSES:
        yield name, read(prepare(copies), linear, binarizer)[0]
    for name, prepare_at, binarizer in BLURRED_PASSES:
        yield name, read(prepare_at(gray, unread), linear, binarizer)[0]
    for name, prepare_around, binarizer in AROUND_PASSES:
        yield name, read(prepare_around(gray, unread, around), linear, binarizer)[0]


def _zxing_with_retry(gray: GrayImage, linear: bool) -> list[str]:
    for _name, texts in _passes(gray, linear):
        if texts:
            return texts
    return []


def reading_pass(image: GrayImage, linear: bool = False) -> str | None:
    """The name of the first pass of the zxing-cpp cascade that reads anything in ``image``
    (``"plain"``, a retry pass, ``"crop-box3"`` or a located pass), or ``None``: what the
    tests and ``benchmarks/decoder.py`` use to tell which pass earns its cost."""
    for name, texts in _passes(_check(image), linear):
        if texts:
            return name
    return None


def _unique(texts: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        cleaned = text.strip()
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def decode(image: GrayImage, backend: Backend = "zxing", *, linear: bool = False) -> list[str]:
    """The texts of every QR code (and, with ``linear=True``, library barcode) in ``image``.

    ``image`` is a 2-D ``uint8`` grayscale array (height x width). Returns ``[]`` when nothing
    is found; each text appears once. ``linear=True`` also reads Codabar, Code 128, Code 39 and
    EAN-13 (the number printed under a card's QR code), at about three times the cost, so the
    camera loop leaves it off.

    Raises ``TypeError``/``ValueError`` for an image of the wrong kind and
    :class:`DecoderUnavailable` if the requested backend cannot be loaded.
    """
    gray = _check(image)
    if backend == "zxing":
        return _unique(_zxing_with_retry(gray, linear))
    if backend == "pyzbar":
        return _unique(_load_pyzbar()(gray, linear))
    if backend == "both":
        texts = _zxing_with_retry(gray, linear)
        if texts:
            return _unique(texts)
        try:
            fallback = _load_pyzbar()
        except DecoderUnavailable:
            return []
        return _unique(fallback(gray, linear))
    raise ValueError(f"unknown decoder backend {backend!r}; choose one of {', '.join(BACKENDS)}")
