"""Generate the desk's OK / attention / problem sounds (run once; the WAVs are committed)."""
import math, struct, wave
from pathlib import Path
RATE = 22050
def tone(parts, path):
    frames = bytearray()
    for freq, ms, vol in parts:
        n = int(RATE * ms / 1000)
        for i in range(n):
            env = min(1.0, i / (RATE * 0.005), (n - i) / (RATE * 0.01))  # 5 ms attack, 10 ms release
            v = 0 if freq == 0 else vol * env * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<h", int(v * 32767))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(RATE); w.writeframes(bytes(frames))
out = Path("resources/sounds"); out.mkdir(parents=True, exist_ok=True)
tone([(1320, 90, 0.5)], out / "ok.wav")                                   # one short high beep
tone([(880, 110, 0.5), (0, 50, 0), (1100, 110, 0.5)], out / "attention.wav")  # two rising notes
tone([(220, 180, 0.6), (0, 60, 0), (196, 260, 0.6)], out / "problem.wav")   # two low falling buzzes
