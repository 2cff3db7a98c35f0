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

When zxing-cpp sees a QR symbol in the full frame but cannot read it, it gets a second try on
a half-size, 2x2-averaged copy and a third on a lightly smoothed copy: on the benchmark set
these lift the read rate by a few points (noisy, slightly blurred and low-contrast frames).
Frames with no symbol at all (an empty desk) cost one pass.

The function is safe to call from a worker thread: it only reads the array it is given.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
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

_zxing_read: Callable[[GrayImage, bool, bool], tuple[list[str], bool]] | None = None


def _load_zxing() -> Callable[[GrayImage, bool, bool], tuple[list[str], bool]]:
    """``read(image, linear, report_misses) -> (texts, a symbol was seen but not read)``."""
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

    def read(image: GrayImage, linear: bool, report_misses: bool) -> tuple[list[str], bool]:
        # A fresh BarcodeFormats per call: kept at module level, nanobind reports it as leaked
        # at interpreter exit. Building it costs well under a microsecond.
        found = zxingcpp.read_barcodes(
            image,
            formats=zxingcpp.BarcodeFormats(with_linear if linear else qr_only),
            # QR finder patterns work at any angle; only linear codes need the rotated passes.
            try_rotate=linear,
            return_errors=report_misses,
        )
        texts = [str(b.text) for b in found if b.valid]
        return texts, any(not b.valid for b in found)

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
    """``image`` at half width and height, each pixel the mean of a 2x2 block.

    Averaging smooths sensor noise and JPEG blocking and makes a slightly blurred code sharper
    relative to its modules; a code zxing-cpp misses at full size is often read here.
    """
    height, width = image.shape
    height -= height % 2
    width -= width % 2
    blocks = image[:height, :width].reshape(height // 2, 2, width // 2, 2).astype(np.uint16)
    result: GrayImage = (blocks.sum(axis=(1, 3)) // 4).astype(np.uint8)
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


def _zxing_with_retry(gray: GrayImage, linear: bool) -> list[str]:
    read = _load_zxing()
    texts, missed = read(gray, linear, True)
    if texts or not missed:
        return texts  # read it, or no symbol at all: an empty desk costs one pass
    if min(gray.shape) >= 160:
        texts, _ = read(half_size(gray), linear, False)  # a quarter of the pixels
    if not texts:
        texts, _ = read(smoothed(gray), linear, False)
    return texts


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
