"""Resident memory of the whole app on a 1M-item store after an hour of scanning.

Builds the real window (every page registered, offscreen unless a display is set) over a fresh
copy of the cached 1,000,000-item / 20,000-patron store, visits every page once (as staff do in
a day: each one built), then compresses an hour at a busy stop into a run back to back: per
visit a patron card scanned into checkout, ``--per-patron`` items checked out (keystrokes of a
keyboard wedge, Return, the row painted), Done; the items come back through the return page in
batches, Done between them; every ``--page-every`` visits the other pages are shown in turn
(sign-up, events, report, sync) and checkout again. A busy hour is about 60 patrons and 600
scans; the default is three times that (``--visits 150``: 150 card scans, 1,200 checkouts,
1,200 returns, the outbox growing by 2,400 actions, nothing uploaded), so the figure is a
ceiling rather than a typical hour. Compressing it leaves out only the waiting between scans,
which allocates nothing.

The resident set (VmRSS, and the peak VmHWM, from /proc/self/status) is printed after start-up,
after every page has been built, every 25 visits and at the end; a leak shows as a steady
climb between the checkpoints.

    .venv/bin/python benchmarks/memory.py [--visits N] [--per-patron N]

Target: < 400 MB resident after the hour.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("POPUP_SOUND", "0")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, cached_store, fresh_copy, lendable, open_store

MB = 1 << 20


def resident() -> tuple[float, float]:
    """(now, peak) resident set in MB, from /proc/self/status (Linux)."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) * 1024 / MB
    return fields["VmRSS"], fields["VmHWM"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--patrons", type=int, default=20_000)
    parser.add_argument("--visits", type=int, default=150, help="patrons served")
    parser.add_argument("--per-patron", type=int, default=8, help="items per visit")
    parser.add_argument("--page-every", type=int, default=10, help="visits between page tours")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    base = cached_store("scan-to-screen", args.items, args.patrons)
    store = open_store(fresh_copy(base, "memory-run.sqlite3"), OUT / "backups")
    from popup.ui.context import AppContext, SyncSettings
    from popup.ui.main_window import MainWindow

    ctx = AppContext.create(store, sync=SyncSettings(start=False))
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    app.processEvents()
    rows: list[tuple[str, float, float]] = [("window up", *resident())]

    def tour() -> None:
        for key in window.modes():
            window.show_mode(key)
            app.processEvents()
        window.show_mode(window.checkout.key)
        app.processEvents()

    tour()
    rows.append(("every page built", *resident()))

    rng = random.Random(11)
    cards, pool = lendable(store)
    barcodes = rng.sample(pool, args.visits * args.per_patron)

    def scan(field: QLineEdit, text: str) -> None:
        QTest.keyClicks(field, text)
        QTest.keyClick(field, Qt.Key.Key_Return)
        app.processEvents()  # the row, the banner and the panel painted, as in real use

    page, returns = window.checkout, window.returns
    lent: list[str] = []
    for visit in range(args.visits):
        window.show_mode(page.key)
        page.done()
        scan(page.patron_field, rng.choice(cards))
        assert page.patron is not None and not page.patron.blocks, page.banner.text()
        for barcode in barcodes[visit * args.per_patron : (visit + 1) * args.per_patron]:
            rows_before = page.lines.rowCount()
            scan(page.item_field, barcode)
            assert page.lines.rowCount() == rows_before + 1, page.banner.text()
            lent.append(barcode)
        page.done()
        if (visit + 1) % 5 == 0:  # the returns bin, emptied every few visits
            window.show_mode(returns.key)
            rng.shuffle(lent)
            for barcode in lent:
                scan(returns.field, barcode)
            returns.done()
            lent.clear()
        if (visit + 1) % args.page_every == 0:
            tour()
        if (visit + 1) % 25 == 0:
            rows.append((f"after {visit + 1} visits", *resident()))
    window.show_mode(returns.key)
    for barcode in lent:
        scan(returns.field, barcode)
    returns.done()
    rows.append(("end of the hour", *resident()))

    scans = args.visits * (1 + 2 * args.per_patron)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"store: {args.items:,} items, {args.patrons:,} patrons; whole app; {app.platformName()}")
    print(f"machine: {os.cpu_count()} cores, load average {load}")
    print(
        f"{args.visits} visits x {args.per_patron} items: {scans:,} scans"
        f" ({args.visits} cards, {args.visits * args.per_patron:,} checkouts and as many returns)"
    )
    for name, now, peak in rows:
        print(f"{name:<22} resident {now:6.0f} MB   peak {peak:6.0f} MB")
    end = rows[-1][1]
    verdict = "meets" if end < 400 else "MISSES"
    print(f"resident after the hour = {end:.0f} MB ({verdict} the 400 MB target)")
    window.close()
    window.deleteLater()
    app.processEvents()
    ctx.close()
    store.close()


if __name__ == "__main__":
    main()
