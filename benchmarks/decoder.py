"""Choosing the QR decoder: pyzbar vs zxing-cpp on realistic 640x480 camera frames.

The frames come from :mod:`popup.scan.synth`: QR library cards (``POPUP:1:<card>``, and 10 % bare
numbers) rendered with ``qrcode`` and then spoiled the way a desk webcam spoils them. Each frame
draws its own mix of defects: rotation (half of them at any angle), perspective tilt up to 45 %,
Gaussian blur (sigma 0.6-1.8 px), sensor noise (sigma 4-22 grey levels), a glare spot, low
contrast (a 60-110 level range), JPEG quality 15-60, and phone screens (15 %) held at an angle
under bus lighting: a strip light mirrored across the glass, screen-door grid and moire, dim
light (:func:`popup.scan.synth.on_the_bus`). QR size in the frame is 120-280 px. Every frame is
seeded, so runs are comparable.

Each backend decodes every frame through :func:`popup.scan.decode.decode` (the function the
camera loop calls). Reported: share of frames whose payload was read, per-frame time (mean,
p50, p95), and the read rate per defect.

    .venv/bin/python benchmarks/decoder.py [--frames N] [--seed S] [--against REV]

``--against REV`` also runs the zxing-cpp path of ``src/popup/scan/decode.py`` as it was at git
revision ``REV`` (row ``zx@REV``), on the same frames in the same run, for a before/after.

Targets: >= 90 % read, <= 5 ms per 640x480 frame. Measured figures are in the README.
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

from popup.scan import decode as dec
from popup.scan.decode import GrayImage
from popup.scan.synth import empty_frame, realistic_set


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def decode_at(rev: str) -> Callable[[GrayImage], list[str]]:
    """``decode`` (zxing-cpp) as ``src/popup/scan/decode.py`` was at git revision ``rev``."""
    root = Path(__file__).resolve().parent.parent
    source = subprocess.run(
        ["git", "show", f"{rev}:src/popup/scan/decode.py"],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType(f"decode_at_{rev}")
    sys.modules[module.__name__] = module  # dataclasses and typing look modules up by name
    exec(compile(source, f"{rev}:decode.py", "exec"), module.__dict__)
    old: Callable[[GrayImage], list[str]] = module.decode
    return old


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="timing passes (best is kept)")
    parser.add_argument("--against", metavar="REV", help="also time decode.py as at this revision")
    args = parser.parse_args()

    started = time.perf_counter()
    frames = realistic_set(args.frames, seed=args.seed)
    print(f"{len(frames)} frames of 640x480 made in {time.perf_counter() - started:.1f} s")
    print("load average at start: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    defect_totals = collections.Counter(label for _p, d, _f in frames for label in d.labels)

    decoders: dict[str, Callable[[GrayImage], list[str]]] = {
        backend: functools.partial(dec.decode, backend=backend)
        for backend in dec.available_backends()
    }
    if args.against:
        decoders[f"zx@{args.against}"[:8]] = decode_at(args.against)
    backends = list(decoders)
    rows = []
    read_by: dict[str, set[int]] = {}
    for backend in backends:
        decode = decoders[backend]
        decode(frames[0][2])  # load the library outside the timing
        best: list[float] | None = None
        hits: set[int] = set()
        for _ in range(args.repeat):
            times: list[float] = []
            hits = set()
            for i, (payload, _defects, frame) in enumerate(frames):
                t0 = time.perf_counter()
                found = decode(frame)
                times.append((time.perf_counter() - t0) * 1000)
                if payload in found:
                    hits.add(i)
            if best is None or statistics.mean(times) < statistics.mean(best):
                best = times
        assert best is not None
        read_by[backend] = hits
        per_defect = {
            label: sum(1 for i in hits if label in frames[i][1].labels) / total
            for label, total in sorted(defect_totals.items())
        }
        rows.append((backend, len(hits) / len(frames), best, per_defect))

    print()
    print(f"{'decoder':<8} {'read':>6} {'mean ms':>8} {'p50 ms':>7} {'p95 ms':>7}")
    for backend, rate, times, _ in rows:
        print(
            f"{backend:<8} {rate:6.1%} {statistics.mean(times):8.2f}"
            f" {percentile(times, 50):7.2f} {percentile(times, 95):7.2f}"
        )
    # The camera loop also sees frames with no card in them; those pay for every retry.
    empty = [empty_frame(args.seed + i) for i in range(40)]
    for backend in backends:
        best_empty: list[float] | None = None
        for _ in range(args.repeat):
            times = []
            for frame in empty:
                t0 = time.perf_counter()
                decoders[backend](frame)
                times.append((time.perf_counter() - t0) * 1000)
            if best_empty is None or statistics.mean(times) < statistics.mean(best_empty):
                best_empty = times
        assert best_empty is not None
        print(
            f"{backend:<8} {'no code':>6} {statistics.mean(best_empty):8.2f}"
            f" {percentile(best_empty, 50):7.2f} {percentile(best_empty, 95):7.2f}"
        )
    if "zxing" in read_by and "pyzbar" in read_by:
        either = read_by["zxing"] | read_by["pyzbar"]
        print(f"{'either':<8} {len(either) / len(frames):6.1%}")
    print("load average at end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print()
    labels = sorted(defect_totals)
    print("read rate per defect (frames usually have several):")
    print(f"{'decoder':<8} " + " ".join(f"{label[:12]:>12}" for label in labels))
    print(f"{'frames':<8} " + " ".join(f"{defect_totals[label]:>12}" for label in labels))
    for backend, _rate, _times, per_defect in rows:
        print(f"{backend:<8} " + " ".join(f"{per_defect[label]:12.0%}" for label in labels))


if __name__ == "__main__":
    main()
