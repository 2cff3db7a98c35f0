"""``popup attendance-csv`` run as a real process over a store file."""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from popup import paths
from popup.store import library
from popup.store.db import Store
from popup.store.events import Events


def _popup(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, paths.ENV_HOME: str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "popup", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_attendance_csv_for_a_period(store: Store, home: Path, tmp_path: Path) -> None:
    with store.transaction() as session:
        library.put(session, "timezone", "UTC")
    events = Events(store)
    july = datetime(2026, 7, 1, 10, tzinfo=UTC)
    for i, n in enumerate((3, 5, 7)):  # stops on 1, 8 and 15 July
        start = july + timedelta(days=7 * i)
        stop = events.open_stop(f"Stop {i}", None, start, start + timedelta(hours=2))
        ev = events.create_event(stop.id, f"Story {i}", "story time", "0-5")
        for _ in range(n):
            events.count(ev.id, "0-5", 1)
    events.open_stop("Unscheduled")  # no day: left out of a period
    store.close()

    out = tmp_path / "july.csv"
    done = _popup(home, "attendance-csv", str(out), "--from", "2026-07-02", "--to", "2026-07-31")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"2 stops, 2 events written to {out}"
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # Each stop's circulation row (nothing was lent here), then its event.
    assert [(r["stop"], r["event_type"]) for r in rows[:4]] == [
        ("Stop 1", "stop circulation"),
        ("Stop 1", "story time"),
        ("Stop 2", "stop circulation"),
        ("Stop 2", "story time"),
    ]
    assert rows[0]["checkouts"] == "0" and rows[1]["total_attendance"] == "5"
    assert rows[-1]["stop"] == "TOTAL" and rows[-1]["total_attendance"] == "12"


def test_attendance_csv_refuses_a_reversed_period_and_bad_dates(
    store: Store, home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from popup.interop import commands

    out = tmp_path / "x.csv"
    args = argparse.Namespace(output=str(out), first=date(2026, 8, 1), last=date(2026, 7, 1))
    assert commands._run_attendance_csv(args, home) == 2
    assert "--to is before --from" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(argparse.ArgumentTypeError, match="not a date like 2026-07-01"):
        commands._survey_day("1 July")
