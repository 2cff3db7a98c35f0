"""The packaged Linux build: produced by packaging/build.sh, it passes its own --self-test.

Slow (one PyInstaller build, about three minutes on two cores), so it is built once per module
and every test below inspects the same build. CI runs it every time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from popup.ui import selftest

ROOT = Path(__file__).resolve().parents[2]
CHECK_NAMES = [name for name, _run, _needs in selftest.CHECKS]

# The build (in the module fixture) counts against whichever test runs first.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500)]


@dataclass(frozen=True)
class Build:
    dist: Path
    app: Path
    log: str
    seconds: float


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    base = tmp_path_factory.mktemp("frozen")
    started = time.monotonic()
    result = subprocess.run(
        [
            "bash",
            str(ROOT / "packaging" / "build.sh"),
            "--dist",
            str(base / "dist"),
            "--work",
            str(base / "work"),
            "--deb",
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        env={**os.environ, "DEB_LEVEL": "1"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    shutil.rmtree(base / "work")  # PyInstaller's intermediate files: not needed any more
    yield Build(
        dist=base / "dist",
        app=base / "dist" / "popup" / "popup",
        log=result.stdout,
        seconds=time.monotonic() - started,
    )
    shutil.rmtree(base, ignore_errors=True)  # half a gigabyte: do not keep it around


def run_frozen(app: Path, home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", selftest.FAULT_ENV)}
    full_env.update(QT_QPA_PLATFORM="offscreen", POPUP_HOME=str(home), **env)
    return subprocess.run(
        [str(app), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=180,
        cwd=home,
    )


def test_the_frozen_app_passes_its_self_test(build: Build, home: Path) -> None:
    result = run_frozen(build.app, home, "--self-test")

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Popup self-test (packaged build, linux)"
    for name in CHECK_NAMES:
        assert any(line.startswith(f"ok   {name}") for line in lines), (name, result.stdout)
    assert lines[-1] == f"self-test passed: {len(CHECK_NAMES)} checks"
    # The QR decoders are the bundle's own: libzbar from inside the bundle, not the system's.
    assert "bundled libzbar.so" in result.stdout
    assert "read back by zxing and pyzbar" in result.stdout
    # Resources are found inside the bundle, where popup.paths.resources_dir() looks.
    assert f"in {build.dist / 'popup' / '_internal' / 'resources'}" in result.stdout
    size = next(line for line in build.log.splitlines() if "bundle size" in line)
    print(f"\nbuild (with .deb) {build.seconds:.0f} s; {size}")


def test_the_frozen_app_names_a_failing_check(build: Build, home: Path) -> None:
    result = run_frozen(build.app, home, "--self-test", **{selftest.FAULT_ENV: selftest.WINDOW})

    assert result.returncode == 1
    assert f"FAIL {selftest.WINDOW}: fault injected" in result.stdout
    assert result.stdout.splitlines()[-1] == f"self-test FAILED: {selftest.WINDOW}"


def test_the_bundle_holds_what_popup_needs_and_not_what_it_does_not(build: Build) -> None:
    internal = build.dist / "popup" / "_internal"
    migrations = internal / "popup" / "store" / "migrations"
    assert (migrations / "env.py").is_file()
    shipped = sorted(p.name for p in (migrations / "versions").glob("*.py"))
    in_source = sorted(p.name for p in (ROOT / "src/popup/store/migrations/versions").glob("*.py"))
    assert shipped == in_source
    assert (internal / "resources" / "icons" / "app" / "popup.png").is_file()
    # The compiled translations, not the translators' sources.
    translations = internal / "resources" / "translations"
    assert (translations / "popup_es.qm").is_file()
    assert not list(translations.glob("*.ts")) and not list(translations.glob("*.sh"))
    assert list(internal.glob("libzbar.so*"))
    assert list((internal / "zxingcpp").glob("zxingcpp*.so"))
    qt = internal / "PySide6"
    for kept in ("QtMultimedia", "QtCharts", "QtPrintSupport", "QtSvg", "QtWidgets"):
        assert list(qt.glob(f"{kept}.*so")), kept
    assert list((qt / "Qt" / "plugins" / "multimedia").glob("*ffmpeg*"))
    for dropped in ("QtQml", "QtQuick", "QtQuick3D", "QtWebEngineCore", "Qt3DCore", "QtPdf"):
        assert not list(qt.glob(f"{dropped}.*so")), dropped
    everything = [p.name for p in internal.rglob("*")]
    assert not [n for n in everything if "WebEngine" in n or n.startswith("libQt63D")]
    assert not (internal / "popup_sync").exists()
    assert not (internal / "pytest").exists() and not (internal / "_pytest").exists()


def test_the_deb_installs_a_working_app_with_menu_entry_and_icon(
    build: Build, home: Path, tmp_path: Path
) -> None:
    (deb,) = build.dist.glob("popup_*_*.deb")
    info = subprocess.run(["dpkg-deb", "--info", str(deb)], capture_output=True, text=True)
    assert info.returncode == 0, info.stderr
    assert "Package: popup" in info.stdout
    assert "Architecture: " in info.stdout
    contents = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True
    ).stdout
    for path in (
        "./opt/popup/popup",
        "./usr/bin/popup -> /opt/popup/popup",
        "./usr/share/applications/popup.desktop",
        "./usr/share/icons/hicolor/256x256/apps/popup.png",
        "./opt/popup/_internal/popup/store/migrations/env.py",
    ):
        assert path in contents, path
    # Unpack it as dpkg would and run the installed copy's self-test.
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    desktop = (root / "usr/share/applications/popup.desktop").read_text(encoding="utf-8")
    assert "Exec=popup\n" in desktop and "Icon=popup\n" in desktop
    try:
        result = run_frozen(root / "opt" / "popup" / "popup", home, "--self-test")
    finally:
        shutil.rmtree(root, ignore_errors=True)  # pytest would keep the unpacked copy
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == f"self-test passed: {len(CHECK_NAMES)} checks"


def test_the_frozen_app_opens_a_real_store_with_a_data_command(build: Build, home: Path) -> None:
    """Outside the self-test: `popup info` creates, migrates and reports the user's own store."""
    result = run_frozen(build.app, home, "--home", str(home), "info")

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"store:      {home / 'popup.sqlite3'}" in result.stdout
    assert (home / "popup.sqlite3").is_file()
    head = sorted(
        p.stem.split("_")[0] for p in (ROOT / "src/popup/store/migrations/versions").glob("*.py")
    )[-1]
    assert f"schema:     {head}" in result.stdout


def test_the_frozen_app_opens_its_window_on_a_real_x_display(build: Build, home: Path) -> None:
    """The bundled xcb platform plugin works (Xvfb stands in for the laptop's X server)."""
    assert shutil.which("xvfb-run"), "xvfb-run is installed by packaging/dev/setup.sh"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", selftest.FAULT_ENV)}
    env.update(QT_QPA_PLATFORM="xcb", POPUP_HOME=str(home))
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", str(build.app), "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        cwd=home,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"ok   {selftest.WINDOW} (Qt xcb platform)" in result.stdout
