"""Cold start: ``popup --demo`` to a window ready to scan, side by side with a bare Qt window.

Each round starts fresh processes one after the other, the order rotated from round to round:
the bare one makes a ``QApplication`` and a ``QMainWindow`` and shows it maximized; the app one
runs ``popup --demo`` (``popup.cli.main``) on a demo store. A sample is the wall time from
starting the process to the end of the window's first paint (a zero timer after its window's
first paint event, the same in both: ``POPUP_QUIT_AFTER_FIRST_PAINT`` in the app). For the app
that is its sign-in screen with the keyboard in the login field (#17: the window opens
locked), painted before the store is open (#20): typing is taken from then on. The app then
opens the store and gives the window its pages, and reports "ready" (the same sign-in field
focused, the checkout page built behind it, every later step of the start done but the ones
that wait for the first paint), then quits; that second figure, from process start, is printed
too: it covers the interpreter, the imports, opening the store, building the window and
painting it, and nothing the user does not wait for.

The demo store is made (migrated and seeded) once, in a temporary data directory, by a first
start that is not counted; every round then opens that same store, as a laptop does every
morning. The first start is reported too. The files are in the page cache after that first
start (the OS's cache is not dropped: that needs root), so "cold" is a new process, not a cold
disk.

Offscreen unless a display is set (``QT_QPA_PLATFORM``); sound off.

    .venv/bin/python benchmarks/cold_start.py [--rounds N] [--frozen dist/popup/popup]
                                              [--before DIR]

``--frozen EXE`` adds a frozen build (``packaging/build.sh``) to every round; it reports and
quits the same way (``POPUP_QUIT_AFTER_FIRST_PAINT``). ``--before DIR`` adds another source
tree (say ``git archive`` of an older commit, unpacked), so a change is measured against the
code before it in the same run; as older code may have no such switch, it is started through
an import hook that reports its first paint from outside (``CHILD_HOOKED``); code from before
#20's paint-first start was ready when it first painted, so its "ready" is that paint.

Two more children, in the same rotation, give the floor under "ready": one only starts Python,
one only imports SQLAlchemy's ORM (no Qt, no Popup). While the store is read through SQLAlchemy,
no start is ready before its first paint plus that import (the difference of the two); the
last lines print that floor against the bare window beside the app's "ready".

Target: app median <= 3x the bare window's median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from popup.ui.app import QUIT_AFTER_FIRST_PAINT

#: The bare window: quit once it has painted, as the app does with POPUP_QUIT_AFTER_FIRST_PAINT
#: (popup.ui.app: MainWindow.firstPainted, a zero timer after its first paint event).
CHILD_BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Window(QMainWindow):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.report)
    def report(self):
        sys.stdout.write("painted -\\n")
        sys.stdout.flush()
        QApplication.instance().quit()

app = QApplication(sys.argv)
window = Window()
window.resize(1366, 768)
window.showMaximized()
app.exec()
"""

#: The app, as ``popup --home HOME --demo`` runs it.
CHILD_APP = """
import sys
from popup.cli import main
sys.exit(main(["--home", sys.argv[1], "--demo"]))
"""

#: The app for a before/after comparison: ``popup.ui.app.show_window`` wrapped as the module
#: loads, so the window quits after its first paint in code that has no switch for it.
CHILD_HOOKED = """
import importlib.abc, importlib.machinery, sys

def after_first_paint(window):
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    def report():
        focus = QApplication.focusWidget()
        sys.stdout.write(f"painted {type(focus).__name__ if focus else '-'}\\n")
        sys.stdout.flush()
        QApplication.instance().quit()

    class First(QObject):
        done = False
        def eventFilter(self, obj, event):
            if not self.done and obj is window and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, report)
            return False

    window.first_paint = First(window)
    window.installEventFilter(window.first_paint)

class Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "popup.ui.app":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            show = module.show_window
            def show_window(window):
                after_first_paint(window)
                show(window)
            module.show_window = show_window
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Hook())
from popup.cli import main
sys.exit(main(["--home", sys.argv[1], "--demo"]))
"""

#: What no start of Popup can go below while the store is read through SQLAlchemy (the
#: customer's choice for store/): a process that only starts Python, and one that only
#: imports SQLAlchemy's ORM, no Qt, no Popup. Ready comes after the first paint and after
#: that import (they cannot overlap: both hold the interpreter lock, #20's trials), so
#: first paint + (ORM - Python) is the floor for "ready".
CHILD_PYTHON = """print("done -")"""
CHILD_ORM = """import sqlalchemy.orm
print("done -")"""
FLOOR_PYTHON = "floor: python, nothing else"
FLOOR_ORM = "floor: import sqlalchemy.orm"

HERE = Path(__file__).resolve().parents[1]


def python(code: str, tree: Path | None = None) -> tuple[list[str], dict[str, str]]:
    """``python -c code`` with ``tree``'s src/ and sync/ first on the path, from compiled
    bytecode as an installed Popup runs (pip and the frozen build compile it): a shell with
    PYTHONDONTWRITEBYTECODE set would have every start compile every module again."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree / "src"), str(tree / "sync")])
    return [sys.executable, "-c", code], env


def time_child(command: list[str], env: dict[str, str]) -> tuple[float, str, float | None]:
    """Seconds from starting ``command`` to its "painted" line (a floor child's "done"),
    that line, and the seconds to its "ready" line (None for a child that prints none: the
    bare window, older code, the floors)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline().decode().strip()
    elapsed = time.perf_counter() - started
    ready: float | None = None
    second = proc.stdout.readline().decode().strip()
    if second.startswith("ready"):
        ready = time.perf_counter() - started
    _out, err = proc.communicate(timeout=120)
    if proc.returncode != 0 or not line.startswith(("painted", "done")):
        raise SystemExit(f"child failed ({proc.returncode}): {line}\n{err.decode()[-3000:]}")
    return elapsed, line, ready


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--frozen", type=Path, help="a frozen build's executable, also timed")
    parser.add_argument("--before", type=Path, help="an older source tree, also timed")
    args = parser.parse_args()

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("POPUP_SOUND", "0")
    os.environ.setdefault("POPUP_LANGUAGE", "en")
    # The throw-away demo store keeps its key in a file: without a credential store the
    # window would stop at its first start to ask where the key goes (#17).
    os.environ.setdefault("POPUP_KEY_STORE", "file")
    os.environ[QUIT_AFTER_FIRST_PAINT] = "1"
    samples: dict[str, list[float]] = {}
    readies: dict[str, list[float]] = {}
    focus: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="popup-cold-") as tmp:
        home = str(Path(tmp) / "home")
        runs: dict[str, tuple[list[str], dict[str, str]]] = {
            "bare QMainWindow painted": python(CHILD_BARE),
        }
        if args.before is None:
            command, env = python(CHILD_APP, HERE)
            runs["popup --demo sign-in"] = ([*command, home], env)
        else:
            command, env = python(CHILD_HOOKED, args.before.resolve())
            runs["before: popup --demo"] = ([*command, home], env)
            command, env = python(CHILD_APP, HERE)  # this tree has the switch: paint and ready
            runs["after: popup --demo"] = ([*command, home], env)
        if args.frozen is not None:
            runs["frozen popup --demo"] = (
                [str(args.frozen.resolve()), "--home", home, "--demo"],
                dict(os.environ),
            )
        apps = list(runs)[1:]
        first, _line, first_ready = time_child(*runs[apps[-1]])
        runs[FLOOR_PYTHON] = python(CHILD_PYTHON)
        runs[FLOOR_ORM] = python(CHILD_ORM)
        names = list(runs)
        done = f", ready {first_ready:.2f} s" if first_ready is not None else ""
        print(
            f"first start (creates, migrates and seeds the demo store): painted {first:.2f} s"
            + done
        )
        for name in names:  # each one once, uncounted: the page cache holds their files
            time_child(*runs[name])
        for i in range(args.rounds):
            for name in names[i % len(names) :] + names[: i % len(names)]:  # rotate the order
                seconds, line, ready = time_child(*runs[name])
                samples.setdefault(name, []).append(seconds)
                if name in apps:  # without a "ready" line it was ready when painted
                    readies.setdefault(name, []).append(seconds if ready is None else ready)
                focus[name] = line.split()[1]

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    platform = os.environ["QT_QPA_PLATFORM"]
    print(f"platform: {platform}; machine: {os.cpu_count()} cores, load average {load}")
    print(f"{args.rounds} rounds, the order rotated each round; medians, and each against bare")
    bare = statistics.median(samples[names[0]])
    for name in names:
        got = samples[name]
        median = statistics.median(got)
        print(
            f"{name:<28} median {median * 1000:6.0f} ms  min {min(got) * 1000:6.0f}"
            f"  max {max(got) * 1000:6.0f} ms  = {median / bare:4.1f}x bare"
            + (f"  (focus at first paint: {focus[name]})" if focus[name] != "-" else "")
        )
    for name, got in readies.items():
        median = statistics.median(got)
        print(
            f"{name:<28} ready (store open) median {median * 1000:6.0f} ms"
            f"  min {min(got) * 1000:6.0f}  max {max(got) * 1000:6.0f} ms"
            f"  = {median / bare:4.1f}x bare"
        )
    orm = statistics.median(samples[FLOOR_ORM]) - statistics.median(samples[FLOOR_PYTHON])
    for name in apps:
        ratio = statistics.median(samples[name]) / bare
        verdict = "meets" if ratio <= 3 else "MISSES"
        print(f"{name}: first paint {ratio:.1f}x the bare window ({verdict} the 3x target)")
        floor = (statistics.median(samples[name]) + orm) / bare
        print(
            f"{name}: ready {statistics.median(readies[name]) / bare:.1f}x; its floor with the"
            f" store read through SQLAlchemy (first paint + the ORM's import, {orm * 1000:.0f} ms)"
            f" {floor:.1f}x ({'under' if floor <= 3 else 'over'} the 3x target)"
        )


if __name__ == "__main__":
    main()
