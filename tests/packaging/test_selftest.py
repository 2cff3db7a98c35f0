"""``popup --self-test`` from a source checkout: every check passes, and a failing check is named.

Each test runs the real command in a subprocess, the way a packaged build or CI runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from popup import paths
from popup.store import keys
from popup.ui import selftest

CHECK_NAMES = [name for name, _run, _needs in selftest.CHECKS]


def run_self_test(home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POPUP_HOME": str(home), **env}
    full_env.pop(selftest.FAULT_ENV, None)
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "popup", "--self-test"],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def status_lines(stdout: str) -> dict[str, str]:
    """check name -> its status word (ok / FAIL / skip), from the self-test's output."""
    found: dict[str, str] = {}
    for line in stdout.splitlines():
        status, _, rest = line.partition(" ")
        for name in CHECK_NAMES:
            if rest.lstrip().startswith(name) and status in ("ok", "FAIL", "skip"):
                found[name] = status
    return found


def test_every_check_passes_from_source_and_the_users_home_is_untouched(home: Path) -> None:
    result = run_self_test(home)

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Popup self-test (source,")
    assert status_lines(result.stdout) == dict.fromkeys(CHECK_NAMES, "ok")
    for name in CHECK_NAMES:
        assert any(line.startswith(f"ok   {name}") for line in lines), name
    assert lines[-1] == f"self-test passed: {len(CHECK_NAMES)} checks"
    # The checks ran in a throw-away home: the user's data directory got no store or backup.
    assert not paths.store_file(home).exists()
    assert not (home / "backups").exists()
    # The QR card went through both decoders (libzbar is installed on this machine).
    assert "read back by zxing and pyzbar" in result.stdout


def test_a_failing_check_is_named_and_the_exit_code_is_not_zero(home: Path) -> None:
    result = run_self_test(home, **{selftest.FAULT_ENV: selftest.QR})

    assert result.returncode == 1
    assert f"FAIL {selftest.QR}: fault injected by {selftest.FAULT_ENV}" in result.stdout
    statuses = status_lines(result.stdout)
    assert statuses[selftest.QR] == "FAIL"
    assert [n for n, s in statuses.items() if s != "ok"] == [selftest.QR]
    assert result.stdout.splitlines()[-1] == f"self-test FAILED: {selftest.QR}"


def test_checks_that_need_a_failed_one_are_skipped_and_named(home: Path) -> None:
    result = run_self_test(home, **{selftest.FAULT_ENV: selftest.STORE})

    assert result.returncode == 1
    statuses = status_lines(result.stdout)
    assert statuses[selftest.STORE] == "FAIL"
    assert statuses[selftest.CIRCULATION] == "skip"
    assert statuses[selftest.WINDOW] == "skip"
    assert statuses[selftest.KEY] == "skip"
    assert f"skip {selftest.CIRCULATION}: needs {selftest.STORE}" in result.stdout
    assert statuses[selftest.QR] == "ok"
    not_run = ", ".join((selftest.KEY, selftest.CIRCULATION, selftest.WINDOW))
    assert result.stdout.splitlines()[-1] == (
        f"self-test FAILED: {selftest.STORE} (not run: {not_run})"
    )


def test_the_key_check_says_plainly_when_there_is_no_credential_store(home: Path) -> None:
    result = run_self_test(home, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")

    assert result.returncode == 0, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith(f"ok   {selftest.KEY}"))
    assert "no OS credential store (keyring.backends.fail.Keyring)" in line
    assert "key file or comes from a passphrase" in line and "SQLCipher 4." in line
    assert f"{paths.store_file(home)} has no key yet" in line


def test_the_key_check_fails_when_the_users_key_file_is_gone(home: Path) -> None:
    from popup.store.db import Store

    Store.open(paths.store_file(home)).close()
    record = keys.read_record(paths.store_file(home))
    assert record is not None
    Path(record.key_file).unlink()
    result = run_self_test(home)

    assert result.returncode == 1
    assert f"FAIL {selftest.KEY}: {paths.store_file(home)}: The store's key file" in result.stdout


def test_a_hanging_check_is_named_and_the_process_exits(tmp_path: Path) -> None:
    """A check that never returns (as Alembic once did in a frozen build) still gets named."""
    script = tmp_path / "hang.py"
    script.write_text(
        "import sys, time\n"
        "from popup.ui import selftest\n"
        "selftest.CHECK_TIMEOUT_S = 1.0\n"
        "def ok(ctx): return 'fine'\n"
        "def hang(ctx): time.sleep(60)\n"
        "selftest.CHECKS = (('first', ok, ()), ('stuck check', hang, ()), ('last', ok, ()))\n"
        "sys.exit(selftest.run_self_test())\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != selftest.FAULT_ENV}
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=30
    )

    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[1:] == [
        "ok   first (fine)",
        "FAIL stuck check: still running after 1 s",
        "self-test FAILED: stuck check (stopped)",
    ]
