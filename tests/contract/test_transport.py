"""Transport: plain http only on this computer, a server whose certificate is not accepted is
named as such (never "offline", never retried), and a replaced store or a second pass at once
is told plainly. Against the real server (and a TLS copy of it with a self-signed certificate).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from popup import paths
from popup.store.db import Store
from popup.store.models import SyncState
from popup.sync_client.client import ALLOW_INSECURE_HTTP_ENV, SyncClient, TransportRefused
from popup.sync_client.credentials import CredentialStore
from popup.sync_client.engine import SyncEngine, sync_lock
from popup.sync_client.enroll import enroll
from tests.helpers import tls
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import Laptop, assert_exactly_once

#: RFC 6761: never resolves, so an attempt would be "unreachable", never a success.
FAR = "http://sync.invalid:8765"


@contextlib.contextmanager
def insecure_http(value: str | None) -> Iterator[None]:
    saved = os.environ.get(ALLOW_INSECURE_HTTP_ENV)
    if value is None:
        os.environ.pop(ALLOW_INSECURE_HTTP_ENV, None)
    else:
        os.environ[ALLOW_INSECURE_HTTP_ENV] = value
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(ALLOW_INSECURE_HTTP_ENV, None)
        else:
            os.environ[ALLOW_INSECURE_HTTP_ENV] = saved


def test_loopback_addresses_need_no_permission() -> None:
    with insecure_http(None):
        for url in (
            "http://127.0.0.1:1",
            "http://127.8.9.10",
            "http://localhost:8",
            "http://[::1]:8",
        ):
            assert SyncClient(url).refusal is None, url
        for url in ("http://192.168.1.20:8000", "http://sync.example.org", "http://[fd00::2]"):
            refusal = SyncClient(url).refusal
            assert refusal is not None and refusal.key == "INSECURE_HTTP", url
        assert SyncClient("https://sync.example.org").refusal is None


def test_plain_http_to_another_computer_is_refused_at_enrollment_and_sync(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("plain-http")
    code = sync_server.new_code()
    with insecure_http(None):
        with pytest.raises(TransportRefused) as refused:
            enroll(laptop.store, laptop.home, FAR, code)
        assert refused.value.key == "INSECURE_HTTP" and refused.value.code == "INSECURE_HTTP"
        assert "http://sync.invalid:8765 is not secure" in str(refused.value)
        assert CredentialStore(laptop.home).load() is None
        cli = laptop.cli("enroll", FAR, code)
        assert cli.returncode == 3 and "is not secure" in cli.stderr
        assert "Traceback" not in cli.stderr
        # The code was never spent: the same code enrolls over loopback.
        laptop.creds = enroll(laptop.store, laptop.home, sync_server.url, code)
        sleeps: list[float] = []
        report = laptop.sync(FAR, sleep=sleeps.append)
        assert report.error_key == "INSECURE_HTTP" and report.error_code == "INSECURE_HTTP"
        assert sleeps == []  # not retried as if offline
        with laptop.store.read() as s:
            state = s.get(SyncState, 1)
            assert state is not None and state.last_error_key == "INSECURE_HTTP"
    # The administrator's switch lets it try (and fail to reach the fake address).
    with insecure_http("1"):
        report = laptop.sync(FAR, max_attempts=1)
        assert report.error_key == "UNREACHABLE"
    assert laptop.sync().ok


def test_a_certificate_that_is_not_accepted_is_named_and_not_retried(
    sync_server: SyncServer,
    laptops: Callable[[str], Laptop],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    laptop = laptops("tls")
    with tls.tls_server(sync_server.database_url, tmp_path) as (url, cert_file):
        with pytest.raises(TransportRefused) as refused:
            enroll(laptop.store, laptop.home, url, sync_server.new_code())
        assert refused.value.key == "UNTRUSTED_SERVER"
        assert "identity could not be verified" in str(refused.value)
        assert "Cannot reach" not in str(refused.value)
        laptop.enroll(sync_server)
        sleeps: list[float] = []
        report = laptop.sync(url, sleep=sleeps.append)
        assert report.error_key == "UNTRUSTED_SERVER" and report.error_code == "UNTRUSTED_SERVER"
        assert sleeps == []  # one attempt: not retried as if offline
        cli = laptop.cli("--sync-server", url, "sync", "--until-drained", "--max-seconds", "30")
        assert cli.returncode == 3 and "identity could not be verified" in cli.stdout
        assert "Traceback" not in cli.stdout + cli.stderr
        # Control: the same server, once its certificate is trusted (REQUESTS_CA_BUNDLE, the
        # way an administrator adds a private CA), is served fine.
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert_file))
        assert laptop.creds is not None
        client = SyncClient(url, laptop.creds.token)
        assert SyncEngine(laptop.store, client, laptop.creds.device_id).sync().ok


def test_a_fresh_store_on_an_enrolled_laptop_is_refused_not_pushed(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("replaced")
    creds = laptop.enroll(sync_server)
    assert laptop.sync().ok
    cards, books = laptop.patron_cards(), laptop.available_barcodes()
    for i in range(3):
        laptop.desk.checkout(cards[i], books[i])
    assert laptop.sync().ok
    assert sync_server.last_applied(creds.device_id) == 3
    # Staff move the store aside; Popup makes a fresh one, with its own seqs from 1.
    laptop.store.close()
    store_file = paths.store_file(laptop.home)
    for path in store_file.parent.glob(store_file.name + "*"):
        path.rename(path.with_name("aside-" + path.name))
    laptop.store = Store.open(store_file, paths.backups_dir(laptop.home))
    report = laptop.sync()
    assert report.error_key == "DEVICE_CHANGED" and report.error_code == "DEVICE_CHANGED"
    assert "popup recover" in (report.error or "")
    cli = laptop.cli("sync", "--until-drained", "--max-seconds", "30")
    assert cli.returncode == 3 and "not the one this laptop was enrolled with" in cli.stdout
    assert sync_server.last_applied(creds.device_id) == 3
    assert sync_server.applied_seqs(creds.device_id) == [1, 2, 3]
    with laptop.store.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None and state.cursor is None  # nothing downloaded either


def test_a_second_sync_while_one_runs_says_so_plainly(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("two-syncs")
    laptop.enroll(sync_server)
    assert laptop.sync().ok
    cards, books = laptop.patron_cards(), laptop.available_barcodes()
    for i in range(60):
        laptop.desk.checkout(cards[i % len(cards)], books[i])
    store_file = paths.store_file(laptop.home)
    with sync_lock(store_file):  # a pass under way (the window's, or another command's)
        once = laptop.cli("sync")
        assert once.returncode == 0, once.stderr
        assert "A sync is already running on this laptop" in once.stdout
        assert "Traceback" not in once.stdout + once.stderr and once.stderr == ""
        drained = laptop.cli("sync", "--until-drained", "--max-seconds", "2")
        assert drained.returncode == 3 and "already running" in drained.stdout
        assert laptop.sync().error_key == "SYNC_RUNNING"
        assert laptop.waiting() == 60  # nothing was sent by the refused passes
    # Two real processes at once: one waits for the other, neither reports an error.
    argv = [sys.executable, "-m", "popup", "--home", str(laptop.home), "sync"]
    argv += ["--until-drained", "--max-seconds", "60", "--batch-size", "1"]
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    time.sleep(0.3)
    runs.append(subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, out + err
        assert "Traceback" not in err and "failed" not in out + err
    assert laptop.waiting() == 0
    assert_exactly_once(sync_server, laptop)
