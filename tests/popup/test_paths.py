from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from popup import paths


def test_home_flag_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path / "from-env"))
    assert paths.home(tmp_path / "from-flag") == (tmp_path / "from-flag").resolve()
    assert (tmp_path / "from-flag").is_dir()


def test_environment_beats_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path / "from-env"))
    assert paths.home() == (tmp_path / "from-env").resolve()


def test_default_is_the_per_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.ENV_HOME, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # keep the test out of ~
    expected = Path(platformdirs.user_data_dir("Popup", "Popup", roaming=False)).resolve()
    assert paths.home() == expected
    assert expected.is_relative_to((tmp_path / "xdg").resolve())


def test_files_live_under_home(home: Path) -> None:
    assert paths.store_file(home) == home / "popup.sqlite3"
    assert paths.backups_dir(home).is_dir() and paths.logs_dir(home).is_dir()
    assert (paths.resources_dir() / "..").resolve().joinpath("pyproject.toml").exists()
