"""Generate the desk's OK / attention / problem sounds (run once; the WAVs are committed).

.venv/bin/python resources/sounds/make_sounds.py
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050


def tone(parts: list[tuple[int, int, float]], path: Path) -> None:
    """Write ``parts`` (frequency Hz or 0 for silence, milliseconds, volume) as 16-bit mono."""
    frames = bytearray()
    for freq, ms, vol in parts:
        n = int(RATE * ms / 1000)
        for i in range(n):
            # 5 ms attack and 10 ms release: no clicks at the edges.
            env = min(1.0, i / (RATE * 0.005), (n - i) / (RATE * 0.01))
            v = 0.0 if freq == 0 else vol * env * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<h", int(v * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))


def main() -> None:
    folder = Path(__file__).resolve().parent
    tone([(1320, 90, 0.5)], folder / "ok.wav")  # one short high beep
    tone([(880, 110, 0.5), (0, 50, 0), (1100, 110, 0.5)], folder / "attention.wav")  # rising
    tone([(220, 180, 0.6), (0, 60, 0), (196, 260, 0.6)], folder / "problem.wav")  # low, falling


if __name__ == "__main__":
    main()
