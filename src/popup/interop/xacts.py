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
  allows a count of 1-99, so a larger count is written as several lines;
* ``register`` (a sign-up on this laptop): ``user`` with the card's ``barcode``, the names,
  ``profile`` (permission group id), ``home_ou`` (org unit id), ``ident_type``, and the birth
  date, email, phone and a ``billing_address`` when the sign-up has them. The ids come from a
  mapping file (:mod:`popup.interop.codes`): Evergreen has no text codes, and its loader
  (``ol_handle_register``) builds the user from every key of ``user``, so nothing else is
  written. It needs an address (it dies on a user without one; street1, city, post_code and
  country are NOT NULL): Popup keeps the address as free text, so its first line is
  ``street1``, the other lines ``street2``, and city and post code are left empty for staff to
  complete in Evergreen; ``country`` comes from the mapping file.

Renewals are written as ``renew``, the format's own operation, and so is a checkout that
closed the same patron's loan at the desk (lent again to them): Evergreen refuses a checkout
of an item already out to that patron (OPEN_CIRCULATION_EXISTS). A checkout that closed
another patron's loan (a hand-over) is written as a ``checkin`` one second earlier, then the
``checkout``: Evergreen answers a bare checkout of an item still out with
OPEN_CIRCULATION_EXISTS and the item stays on the first patron's account.

Order: ``offline.pl`` (``ol_collect_commands``) sorts the transactions by ``timestamp`` +
``delta`` and then moves every ``register`` to the front, so a patron exists before the
checkouts to their card. The file is written in that same order. Undo: see
:mod:`popup.interop.outbox_export`.

Who made each transaction: Evergreen's format has no field for it. ``offline.pl`` replays
every transaction of an upload as the staff account that uploads the file (its session's
requestor) from the uploading workstation, and reads only the keys named above, so Popup adds
``popup_staff_id`` (the staff member signed in at the desk) and, for an override a staff member
approved with their PIN, ``popup_approved_by``: extra keys Evergreen ignores when it replays the
file (they show in its offline session's results, which echo each transaction). Actions made
from the command line name nobody and carry neither key.

Payments and waivers are not written: Evergreen's offline transactions are checkout, renew,
checkin, in-house use and patron registration only, with no bill payment; staff enter the
stop's payments in Evergreen's bills screen (the stop report lists the takings), or the sync
server carries them.
"""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from popup.domain.protocol.actions import (
    Checkin,
    Checkout,
    InHouseUse,
    Kind,
    PatronRegister,
    Renew,
)
from popup.interop import InteropError
from popup.interop.codes import CodeMap, codes_or_default
from popup.interop.outbox_export import Action, Closes, ExportResult, export_outbox, local
from popup.interop.patrons_csv import split_name
from popup.store.db import Store
from popup.store.models import OutboxEntry

KINDS = (Kind.CHECKOUT, Kind.CHECKIN, Kind.RENEW, Kind.IN_HOUSE_USE, Kind.PATRON_REGISTER)
MAX_IN_HOUSE_COUNT = 99


def _stamp(moment: datetime, zone: tzinfo | None) -> str:
    return local(moment, zone).strftime("%Y-%m-%d %H:%M:%S")


def register(done: PatronRegister, codes: CodeMap) -> dict[str, Any]:
    """The ``user`` of a ``register`` transaction (keys Evergreen's ``actor.usr`` has)."""
    surname, first = split_name(done.name)
    user: dict[str, Any] = {
        "card": {"barcode": done.patron_card},
        "family_name": surname,
        "first_given_name": first or surname,
        "profile": codes.evergreen_profile[done.category],
        "home_ou": codes.evergreen_home_ou[done.home_library or ""],
        "ident_type": codes.evergreen_ident_type,
    }
    if done.date_of_birth is not None:
        user["dob"] = done.date_of_birth.isoformat()
    if done.email:
        user["email"] = done.email
    if done.phone:
        user["day_phone"] = done.phone
    lines = [line.strip() for line in (done.address or "").splitlines() if line.strip()]
    user["billing_address"] = {
        "street1": lines[0] if lines else "",
        "street2": ", ".join(lines[1:]),
        "city": "",
        "post_code": "",
        "country": codes.evergreen_country,
        "address_type": "MAILING",
    }
    return user


#: Popup's own keys on a transaction (Evergreen ignores them): who made it, who approved it.
STAFF_KEY = "popup_staff_id"
APPROVED_BY_KEY = "popup_approved_by"


def _who(action: Action) -> dict[str, str]:
    who = {}
    if action.staff_id is not None:
        who[STAFF_KEY] = action.staff_id
    if action.approved_by is not None:
        who[APPROVED_BY_KEY] = action.approved_by
    return who


def to_xacts(
    action: Action, zone: tzinfo | None, codes: CodeMap | None = None
) -> list[dict[str, Any]]:
    """The Evergreen transactions for one action (usually one)."""
    stamp = int(action.at.timestamp())
    base: dict[str, Any] = {"timestamp": stamp, "delta": 0, **_who(action)}
    done = action.payload
    if isinstance(done, PatronRegister):
        assert codes is not None, "render() refuses sign-ups without a mapping"
        return [{**base, "type": "register", "user": register(done, codes)}]
    if isinstance(done, Checkout | Renew):
        before: list[dict[str, Any]] = []
        kind = done.KIND.value
        if isinstance(done, Checkout) and action.closes is Closes.SAME:
            kind = "renew"
        elif isinstance(done, Checkout) and action.closes is Closes.OTHER:
            before = [
                {
                    "timestamp": stamp - 1,
                    "delta": 0,
                    **_who(action),
                    "type": "checkin",
                    "barcode": done.item_barcode,
                    "backdate": local(action.at, zone).date().isoformat(),
                }
            ]
        return [
            *before,
            {
                **base,
                "type": kind,
                "patron_barcode": done.patron_card,
                "barcode": done.item_barcode,
                "due_date": done.due_date.isoformat(),
                "checkout_time": _stamp(action.at, zone),
            },
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
    assert isinstance(done, InHouseUse), "pending.xacts has no payments: not in KINDS"
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
    """Keys as Evergreen's client writes them: timestamp, type, delta, then the rest; Popup's
    own keys last."""
    head = {k: xact[k] for k in ("timestamp", "type", "delta")}
    ours = {k: xact[k] for k in (STAFF_KEY, APPROVED_BY_KEY) if k in xact}
    return head | {k: v for k, v in xact.items() if k not in head and k not in ours} | ours


def _unmapped(actions: list[Action], codes: CodeMap | None) -> list[str]:
    """Why the sign-ups among ``actions`` cannot be written (empty: they can)."""
    missing: list[str] = []
    for action in actions:
        done = action.payload
        if not isinstance(done, PatronRegister):
            continue
        if codes is None:
            return [
                "the file holds sign-ups, and Evergreen needs the numeric ids of their"
                " permission group and library: give a mapping file with --codes, or put it"
                " in the data folder as ils-codes.toml (see the README)"
            ]
        if done.category not in codes.evergreen_profile:
            missing.append(f"category {done.category} has no [evergreen.profile] id")
        if (done.home_library or "") not in codes.evergreen_home_ou:
            missing.append(f"library {done.home_library or '(none)'} has no [evergreen.home_ou] id")
    return sorted(set(missing))


def render(
    actions: list[Action], zone: tzinfo | None, codes: CodeMap | None = None
) -> tuple[bytes, int, list[str]]:
    missing = _unmapped(actions, codes)
    if missing:
        raise InteropError(f"Nothing was exported: {'; '.join(missing)}.")
    xacts = [x for action in actions for x in to_xacts(action, zone, codes)]
    # As offline.pl replays them: by time (a stable sort), then every register first.
    xacts.sort(key=lambda x: int(x["timestamp"]) + int(x["delta"]))
    xacts = [x for x in xacts if x["type"] == "register"] + [
        x for x in xacts if x["type"] != "register"
    ]
    lines = [json.dumps(_ordered(x), separators=(",", ":"), ensure_ascii=False) for x in xacts]
    return "".join(line + "\n" for line in lines).encode("utf-8"), len(lines), []


def export_xacts(
    store: Store,
    path: Path,
    include_exported: bool = False,
    overwrite: bool = True,
    now: datetime | None = None,
    codes: CodeMap | None = None,
) -> ExportResult:
    """Write the stop's circulation and sign-ups not yet exported to ``pending.xacts`` and
    mark them. ``codes`` translates the sign-ups' category and library into Evergreen ids."""
    return export_outbox(
        store,
        path,
        mark=OutboxEntry.exported_xacts_at,
        kinds=KINDS,
        render=partial(render, codes=codes_or_default(codes, store.path)),
        format_name="Evergreen",
        include_exported=include_exported,
        overwrite=overwrite,
        now=now,
    )
