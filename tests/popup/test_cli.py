"""The ``popup`` command as a process: --home honoured, clear words for a bad store file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def popup(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "popup", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_demo_store_under_home_flag(tmp_path: Path) -> None:
    result = popup("--home", str(tmp_path / "h"), "--demo", "info")
    assert result.returncode == 0, result.stderr
    assert f"store:      {tmp_path / 'h' / 'popup.sqlite3'}" in result.stdout
    assert "items:      3000" in result.stdout
    assert "patrons:    400" in result.stdout
    # A second run reuses the store: no second seeding, same device.
    again = popup("--home", str(tmp_path / "h"), "--demo", "info")
    device = [line for line in result.stdout.splitlines() if line.startswith("device:")]
    assert device and device[0] in again.stdout
    assert "items:      3000" in again.stdout


def test_popup_home_environment(tmp_path: Path) -> None:
    result = popup("info", env={"POPUP_HOME": str(tmp_path / "env-home")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env-home" / "popup.sqlite3").exists()


def test_corrupt_store_is_reported_not_overwritten(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (home / "popup.sqlite3").write_bytes(b"garbage" * 500)
    result = popup("--home", str(home), "info")
    assert result.returncode == 2
    assert "damaged or is not a Popup store" in result.stderr
    assert "Traceback" not in result.stderr
    assert (home / "popup.sqlite3").read_bytes() == b"garbage" * 500


def test_log_file_holds_no_personal_data(tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert popup("--home", str(home), "--demo", "info").returncode == 0
    log = (home / "logs" / "popup.log").read_text(encoding="utf-8")
    assert "store migrated" in log
    assert "2112" not in log  # no card numbers
