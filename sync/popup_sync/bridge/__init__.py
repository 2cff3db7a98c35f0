"""``popup-sync bridge``: store-and-forward of applied actions to each library's ILS over SIP2.

It runs beside the server as its own process (``sync/deploy/popup-sync-bridge.service``) and
shares only the database with it. Each library configured under ``[sip2.CODE]`` gets its own
thread, connection and back-off, so an ILS that is down holds up only its own library.

* :mod:`.sip2` — the SIP2 client: framing, sequence numbers and checksums, TCP or TLS;
* :mod:`.ledger` — the delivery ledger (``sip2_deliveries``) and its states;
* :mod:`.lease` — one bridge per library (an advisory lock, or a file lock on SQLite);
* :mod:`.forward` — one library's loop: requests, lost answers, refusals, patron refreshes.
"""

from __future__ import annotations

import logging
import threading

from popup_sync.bridge.forward import LibraryBridge
from popup_sync.bridge.lease import Busy
from popup_sync.bridge.sip2 import Sip2Error
from popup_sync.core.config import Settings
from popup_sync.core.db import Database

log = logging.getLogger("popup_sync.bridge")


def bridges(db: Database, settings: Settings) -> list[LibraryBridge]:
    """One bridge per configured library (an unknown library code stops here, by name)."""
    return [LibraryBridge(db, code, config) for code, config in sorted(settings.sip2.items())]


def run(db: Database, settings: Settings, stop: threading.Event) -> bool:
    """Forward until ``stop`` is set, each library in its own thread. A library's failure that
    is not the ILS's or a passing database fault (a bug) stops every thread, so that the
    process exits and its supervisor restarts it: False then."""
    failed: list[str] = []

    def guarded(bridge: LibraryBridge) -> None:
        try:
            bridge.run(stop, settings.bridge_poll_seconds)
        except Busy as exc:
            log.error("library %s: %s", bridge.code, exc)
            failed.append(bridge.code)
            stop.set()
        except Exception:
            log.exception("library %s: the bridge stopped", bridge.code)
            failed.append(bridge.code)
            stop.set()

    threads = [
        threading.Thread(target=guarded, args=(bridge,), name=f"sip2-{bridge.code}", daemon=True)
        for bridge in bridges(db, settings)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return not failed


def run_once(db: Database, settings: Settings) -> dict[str, str]:
    """Forward what is waiting for every library, one after the other; what became of each."""
    said: dict[str, str] = {}
    for bridge in bridges(db, settings):
        try:
            said[bridge.code] = f"{bridge.run_once()} action(s) forwarded"
        except Sip2Error as exc:
            said[bridge.code] = f"ILS unavailable: {exc}"
        except Busy as exc:
            said[bridge.code] = str(exc)
    return said


__all__ = ["LibraryBridge", "run", "run_once"]
