"""Evergreen's offline transaction file, ``pending.xacts``.

Evergreen's offline interface keeps its transactions as one JSON object per line and uploads
them to ``/cgi-bin/offline/offline.pl``, which sorts them by time and replays them. Each object
is ``{"timestamp": <epoch seconds>, "type": ..., "delta": 0, ...}`` (``delta`` is the
workstation's clock offset; Popup's times are already the laptop's recorded times):

* ``checkout`` and ``renew``: ``patron_barcode``, ``barcode``, ``due_date`` (``YYYY-MM-DD``,
  the due date Popup gave at the desk) and ``checkout_time`` (``YYYY-MM-DD HH:MM:SS``, the
  library's local time);
* ``checkin``: ``barcode`` and ``backdate`` (``YYYY-MM-DD``, the local date of the return, so
  Evergreen does not charge for the days between the stop and the upload);
* ``in_house_use``: ``barcode``, ``count`` and ``use_time``. Evergreen's offline screen
  allows a count of 1-99, so a larger count is written as several lines.

Renewals are written as ``renew``, the format's own operation. Undo: see
:mod:`popup.interop.outbox_export`.

Payments and waivers are not written: Evergreen's offline transactions are checkout, renew,
checkin, in-house use and patron registration only, with no bill payment; staff enter the
stop's payments in Evergreen's bills screen (the stop report lists the takings), or the sync
server carries them.
"""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from popup.domain.protocol.actions import Checkin, Checkout, InHouseUse, Kind, Renew
from popup.interop.outbox_export import Action, ExportResult, export_outbox, local
from popup.store.db import Store
from popup.store.models import OutboxEntry

KINDS = (Kind.CHECKOUT, Kind.CHECKIN, Kind.RENEW, Kind.IN_HOUSE_USE)
MAX_IN_HOUSE_COUNT = 99


def _stamp(moment: datetime, zone: tzinfo | None) -> str:
    return local(moment, zone).strftime("%Y-%m-%d %H:%M:%S")


def to_xacts(action: Action, zone: tzinfo | None) -> list[dict[str, Any]]:
    """The Evergreen transactions for one action (usually one)."""
    base: dict[str, Any] = {"timestamp": int(action.at.timestamp()), "delta": 0}
    done = action.payload
    if isinstance(done, Checkout | Renew):
        return [
            {
                **base,
                "type": done.KIND.value,
                "patron_barcode": done.patron_card,
                "barcode": done.item_barcode,
                "due_date": done.due_date.isoformat(),
                "checkout_time": _stamp(action.at, zone),
            }
        ]
    if isinstance(done, Checkin):
        return [
            {
                **base,
                "type": "checkin",
                "barcode": done.item_barcode,
                "backdate": local(action.at, zone).date().isoformat(),
            }
        ]
    assert isinstance(done, InHouseUse), "pending.xacts has no payments: not among KINDS"
    count = done.count
    lines = []
    while count > 0:
        part = min(count, MAX_IN_HOUSE_COUNT)
        lines.append(
            {
                **base,
                "type": "in_house_use",
                "barcode": done.item_barcode,
                "count": part,
                "use_time": _stamp(action.at, zone),
            }
        )
        count -= part
    return lines


def _ordered(xact: dict[str, Any]) -> dict[str, Any]:
    """Keys as Evergreen's client writes them: timestamp, type, delta, then the rest."""
    head = {k: xact[k] for k in ("timestamp", "type", "delta")}
    return head | {k: v for k, v in xact.items() if k not in head}


def render(actions: list[Action], zone: tzinfo | None) -> tuple[bytes, int, list[str]]:
    lines = [
        json.dumps(_ordered(x), separators=(",", ":"), ensure_ascii=False)
        for action in actions
        for x in to_xacts(action, zone)
    ]
    return "".join(line + "\n" for line in lines).encode("utf-8"), len(lines), []


def export_xacts(
    store: Store,
    path: Path,
    include_exported: bool = False,
    overwrite: bool = True,
    now: datetime | None = None,
) -> ExportResult:
    """Write the stop's circulation not yet exported to ``pending.xacts`` and mark it."""
    return export_outbox(
        store,
        path,
        mark=OutboxEntry.exported_xacts_at,
        kinds=KINDS,
        render=render,
        format_name="Evergreen",
        include_exported=include_exported,
        overwrite=overwrite,
        now=now,
    )
