"""``popup enroll`` and ``popup sync``: the sync client without a window.

Useful on a laptop without a display, for support calls, and for the fault tests (which run
the client as a separate process and kill it).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from popup import paths
from popup.commands import command
from popup.store.db import Store, StoreError
from popup.sync_client.client import SyncClient, SyncError
from popup.sync_client.credentials import CredentialsError, CredentialStore
from popup.sync_client.engine import SyncEngine
from popup.sync_client.enroll import enroll

#: Errors that no amount of waiting mends: --until-drained stops at once.
STOPS = (
    "DEVICE_REVOKED",
    "UNAUTHENTICATED",
    "DEVICE_MISMATCH",
    "DEVICE_CHANGED",
    "INSECURE_HTTP",
    "UNTRUSTED_SERVER",
    "TOKEN_EXPIRED",
)


def _configure_enroll(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("server", help="the sync server's address, e.g. http://127.0.0.1:8765")
    parser.add_argument("code", help="the one-time enrollment code from the administrator")
    parser.add_argument("--name", help="a name for this laptop at the server")


def _open(home: Path) -> Store | None:
    try:
        return Store.open(paths.store_file(home), paths.backups_dir(home))
    except StoreError as exc:
        print(f"popup: {exc}", file=sys.stderr)
        return None


def _run_enroll(args: argparse.Namespace, home: Path) -> int:
    store = _open(home)
    if store is None:
        return 2
    try:
        creds = enroll(store, home, args.server, args.code, args.name)
    except SyncError as exc:
        print(f"popup: {exc}", file=sys.stderr)
        return 3
    finally:
        store.close()
    print(f"Enrolled as device {creds.device_id} of library {creds.library_code or '?'}")
    print(f"Credentials kept in {CredentialStore(home).where}")
    return 0


command("enroll", "enroll this laptop with a sync server using a one-time code")(
    (_configure_enroll, _run_enroll)
)


def _configure_sync(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--until-drained",
        action="store_true",
        help="repeat passes (waiting between failures) until nothing is waiting to upload",
    )
    parser.add_argument(
        "--max-seconds", type=float, default=120.0, help="give up --until-drained after this"
    )
    parser.add_argument(
        "--page-size",
        type=int,
        default=None,
        help="changes per download page (default: 5000 for a first download, 1000 after)",
    )
    parser.add_argument("--batch-size", type=int, default=500, help="actions per upload")


def _run_sync(args: argparse.Namespace, home: Path) -> int:
    try:
        creds = CredentialStore(home).load()
    except CredentialsError as exc:
        print(f"popup: {exc}", file=sys.stderr)
        return 2
    if creds is None:
        print("popup: not enrolled; run `popup enroll SERVER CODE` first.", file=sys.stderr)
        return 2
    store = _open(home)
    if store is None:
        return 2
    client = SyncClient(getattr(args, "sync_server", None) or creds.server_url, creds.token)
    engine = SyncEngine(
        store,
        client,
        creds.device_id,
        # An explicit size holds for every page, the first download's too.
        **(
            {"page_size": args.page_size, "first_page_size": args.page_size}
            if args.page_size
            else {}
        ),
        batch_size=min(500, max(1, args.batch_size)),
        save_token=CredentialStore(home).save_token,
    )
    deadline = time.monotonic() + args.max_seconds
    try:
        while True:
            try:
                report = engine.sync()
            except Exception as exc:  # never a traceback for staff; the log has the details
                logging.getLogger(__name__).exception("sync failed")
                print(f"popup: sync failed unexpectedly ({type(exc).__name__}).", file=sys.stderr)
                return 3
            if report.error_key == "SYNC_RUNNING":
                # Not a failure: the other pass is doing the work. --until-drained waits for it.
                if not args.until_drained or time.monotonic() > deadline:
                    print(f"popup: {report.error}")
                    return 0 if not args.until_drained else 3
                time.sleep(0.5)
                continue
            print(
                f"uploaded {report.pushed}, downloaded {report.pulled} in {report.pages} pages,"
                f" {report.exceptions} to review, {report.waiting} waiting"
                + (f"; {report.error}" if report.error else "")
            )
            if report.clock_warning:
                print(f"popup: {report.clock_warning}", file=sys.stderr)
            done = report.ok and report.waiting == 0
            if not args.until_drained or done:
                return 0 if report.ok else 3
            if report.error_code in STOPS:
                return 3
            if time.monotonic() > deadline:
                return 3
            time.sleep(0.2 if report.ok else 0.5)
    finally:
        client.close()
        store.close()


command("sync", "upload waiting actions and download changes once (or until drained)")(
    (_configure_sync, _run_sync)
)
