"""Koha's offline circulation file, KOC 1.0.

Koha loads it at Circulation > Offline circulation > Upload offline circulation file (.koc)
(``offline_circ/process_koc.pl``). The file is UTF-8, tab-separated, one operation per line::

    Version=1.0<TAB>Generator=popup<TAB>GeneratorVersion=0.1.0
    2026-11-27 14:03:07 042<TAB>issue<TAB><cardnumber><TAB><barcode>
    2026-11-27 14:09:55 518<TAB>return<TAB><barcode>
    2026-11-27 14:12:40 006<TAB>payment<TAB><cardnumber><TAB><amount>

The date is the library's local time (its configured zone, else the laptop's) with the
milliseconds as a third part; lines are in time order.

How Popup's actions are written
-------------------------------
* checkout: ``issue`` to the patron. A checkout that closed another patron's loan at the desk
  (a hand-over) is written as a ``return`` of the item one second earlier, then the ``issue``.
  Koha's direct mode (``process_koc.pl``, kocIssueItem) issues an item that is on loan to
  someone else only when that loan began on an earlier *day*; a hand-over the same day (or a
  loan Koha dates later) falls into its "Doing nothing" branch and the item stays on the first
  patron's account. The queue mode (``enqueue_koc.pl`` + ``ProcessOfflineIssue``) returns it
  itself; there the return is harmless. The second matters: the queue sorts operations by their
  time to the second (the milliseconds are dropped), so a return in the same second could be
  replayed after the issue and return the new loan.
* return: ``return``.
* renewal: KOC has no renew operation. A renewal is written as an ``issue`` of the same item
  to the same patron, which is how Koha's offline processing renews: issuing an item already
  on loan to that patron renews it (Koha computes the new due date with its own rules).
* in-house use: KOC cannot express it; it is left out (Evergreen's file carries it).
* payment: ``payment`` with the card number and the amount in the currency's units with a point
  and two decimals (``12.75``), as Koha reads it (``offline_circ/enqueue_koc.pl``: ``payment =>
  [cardnumber amount]``; ``C4::Circulation::ProcessOfflinePayment`` records it against the
  patron's account). The method and the note have no column in the file. A payment staff
  recorded with a credit is written whole: what Koha does with more than is owed there is Koha's
  rule (not checked here; the stored ``C4/Circulation.pm`` read for this passes the amount to
  ``recordpayment``). A *waiver* has no KOC operation (a ``payment`` line would record money
  that was never taken): it is left out and listed in the export's notes, so staff write the
  fines off in Koha by hand. Evergreen's ``pending.xacts`` has no payment or waiver transaction
  at all; payments never go into that file.
* sign-ups: KOC has no patron operation. Koha must know a patron before an ``issue`` to their
  card, so staff import the sign-ups first (``popup export-patrons --local-only``, then Koha's
  patron import) and upload the KOC file after, in queue mode ("Add to offline circulation
  queue"): the direct mode keeps only the date of each operation (``process_koc.pl`` passes
  ``$circ->{'date'}`` to AddIssue and AddRenewal), the queue keeps the time of day too.
* undo: see :mod:`popup.interop.outbox_export`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from popup import __version__
from popup.domain.messages import format_money
from popup.domain.protocol.actions import Checkin, InHouseUse, Kind, PatronRegister, Payment
from popup.interop.outbox_export import Action, Closes, ExportResult, export_outbox, local
from popup.store.db import Store
from popup.store.models import OutboxEntry

KINDS = (Kind.CHECKOUT, Kind.CHECKIN, Kind.RENEW, Kind.PAYMENT)


def header() -> str:
    return f"Version=1.0\tGenerator=popup\tGeneratorVersion={__version__}"


def koc_time(moment: datetime, zone: tzinfo | None) -> str:
    """``YYYY-MM-DD HH:MM:SS mmm`` in the library's zone."""
    at = local(moment, zone)
    return at.strftime("%Y-%m-%d %H:%M:%S") + f" {at.microsecond // 1000:03d}"


def render(actions: list[Action], zone: tzinfo | None) -> tuple[bytes, int, list[str]]:
    lines = [header()]
    notes: list[str] = []
    for action in actions:
        when = koc_time(action.at, zone)
        done = action.payload
        assert not isinstance(done, InHouseUse | PatronRegister), "KOC cannot say it: not in KINDS"
        if isinstance(done, Payment):
            amount = format_money(done.amount_cents)
            if done.waiver:
                notes.append(
                    f"Action {action.seq}: fines of {amount} waived for card"
                    f" {done.patron_card} at {when[:16]}; KOC has no waiver, so write them off"
                    " in Koha by hand."
                )
            else:
                lines.append(f"{when}\tpayment\t{done.patron_card}\t{amount}")
        elif isinstance(done, Checkin):
            lines.append(f"{when}\treturn\t{done.item_barcode}")
        else:  # checkout, renew, or a return undone (issued again to its patron)
            if action.closes is Closes.OTHER:
                before = koc_time(action.at - timedelta(seconds=1), zone)
                lines.append(f"{before}\treturn\t{done.item_barcode}")
            lines.append(f"{when}\tissue\t{done.patron_card}\t{done.item_barcode}")
    return ("\n".join(lines) + "\n").encode("utf-8"), len(lines) - 1, notes


def export_koc(
    store: Store,
    path: Path,
    include_exported: bool = False,
    overwrite: bool = True,
    now: datetime | None = None,
) -> ExportResult:
    """Write the stop's circulation not yet exported to KOC and mark it exported."""
    return export_outbox(
        store,
        path,
        mark=OutboxEntry.exported_koc_at,
        kinds=KINDS,
        render=render,
        format_name="KOC",
        include_exported=include_exported,
        overwrite=overwrite,
        now=now,
    )
