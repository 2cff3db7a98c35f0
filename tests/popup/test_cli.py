"""The ``popup`` command as a process: --home honoured, clear words for a bad store file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.popup.store.faults import held, read_only


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


# -- start-up under faults (issue 14) -----------------------------------------------------------


def test_a_read_only_home_is_said_once_not_a_traceback(tmp_path: Path) -> None:
    # Before: the log set-up died with PermissionError on logs/ before anything was said.
    home = tmp_path / "h"
    home.mkdir()
    with read_only(home):
        result = popup("--home", str(home), "info")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("cannot write the log file") == 1
    assert f"The data folder {home} is read-only" in result.stderr
    assert "damaged or" not in result.stderr and "Nothing is damaged" in result.stderr


def test_a_store_locked_by_another_program_is_said_not_a_traceback(tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert popup("--home", str(home), "info").returncode == 0
    with held(home / "popup.sqlite3"):
        result = popup("--home", str(home), "info")  # after the 5 s busy timeout
    assert result.returncode == 2
    assert "locked by another program" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_window_says_why_the_store_cannot_be_opened(tmp_path: Path) -> None:
    from popup.store.db import Store, StoreError, StoreLocked
    from popup.ui.app import cannot_open_text, open_store

    home = tmp_path / "h"
    open_store(home, seed_demo=False).close()
    with held(home / "popup.sqlite3"), pytest.raises(StoreError) as refused:
        Store.open(home / "popup.sqlite3", busy_timeout_ms=200)
    assert isinstance(refused.value, StoreLocked)
    title, text = cannot_open_text(refused.value)
    assert title == "Popup cannot open its store"
    assert text == str(refused.value) and "locked by another program" in text
    (home / "popup.sqlite3").unlink()
    (home / "popup.sqlite3").write_bytes(b"")
    with pytest.raises(StoreError) as empty:
        open_store(home, seed_demo=True)
    assert "popup recover" in cannot_open_text(empty.value)[1]


def test_popup_recover_from_the_command_line(tmp_path: Path) -> None:
    home = tmp_path / "h"
    nothing = popup("--home", str(home), "recover")
    assert nothing.returncode == 0 and "nothing to recover" in nothing.stdout
    home.joinpath("popup.sqlite3").write_bytes(b"")
    refused = popup("--home", str(home), "info")
    assert refused.returncode == 2 and "popup recover" in refused.stderr
    result = popup("--home", str(home), "recover")
    assert result.returncode == 0, result.stderr
    assert "a new, empty store was made" in result.stdout
    assert "kept, never deleted" in result.stdout
    assert popup("--home", str(home), "info").returncode == 0


def test_any_characters_in_the_home_path(tmp_path: Path) -> None:
    home = tmp_path / "shelf #2 a?b%20c añil"
    result = popup("--home", str(home), "info")
    assert result.returncode == 0, result.stderr
    assert f"store:      {home / 'popup.sqlite3'}" in result.stdout
    assert (home / "popup.sqlite3").stat().st_size > 0
