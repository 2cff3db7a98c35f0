"""Applying one uploaded action to the consortium's data, and deciding its outcome.

The verdicts come from the SAME rules the laptop used (``popup.domain``): the server calls
``assess_checkout`` / ``assess_renewal`` / ``assess_return`` again with its own, newer view of
the patron and the item, at the action's offline time. The physical hand-over already
happened, so a domain conflict never refuses an action that can be recorded: it is accepted and
flagged (``applied_with_exception``). Only an action that cannot be recorded at all (an unknown
item or patron, a loan that does not exist) is ``rejected``. Either way the queue moves on.

Every applier takes the action's typed payload (``popup.domain.protocol.actions``) and runs
inside the push transaction; rows that decide a verdict are locked first (the item row,
``FOR UPDATE`` on PostgreSQL) so concurrent devices serialize on the item they both touched and
nothing else.

A barcode finds the device's own item, else an item of a library that shares its catalogue
(:meth:`~popup_sync.apply.scope.LibraryScope.items`). Such a foreign item is lent, returned,
renewed and used in-house like an own one: the loan belongs to the device's library and
patron, under that library's rules; the item's status change is logged under its owner, which
copies it to every library that sees it; and a return routes it home (``ROUTE_ITEM``) because
its home library is not this one. A loan of another library that such an item is on may be
closed by the hand-over, but its id never reaches this device (``LibraryScope.shows``).

* :mod:`.outcome` — the :class:`Outcome` an applier fills in, and the column-length check;
* :mod:`.rules` — the library's rules; :mod:`.cache` — the rows a chunk reads;
  :mod:`.scope` — the only way an applier reads library-owned rows (:class:`LibraryScope`);
  :mod:`.context` — what every applier gets, and the loan and item helpers they share;
* :mod:`.circulation`, :mod:`.undo`, :mod:`.signup`, :mod:`.events`, :mod:`.payments` — the
  appliers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from popup.domain.protocol.actions import Kind, Payload
from popup_sync.apply import cards, circulation, events, payments, signup, undo
from popup_sync.apply.cache import Cache
from popup_sync.apply.context import Context
from popup_sync.apply.outcome import NO_EXCEPTION_ROW, InvalidField, Outcome
from popup_sync.apply.rules import Rules, load_rules

APPLIERS: dict[Kind, Callable[[Context, Any], Outcome]] = {
    Kind.CHECKOUT: circulation.checkout,
    Kind.CHECKIN: circulation.checkin,
    Kind.RENEW: circulation.renew,
    Kind.IN_HOUSE_USE: circulation.in_house_use,
    Kind.UNDO: undo.undo,
    Kind.PATRON_REGISTER: signup.patron_register,
    Kind.STOP_OPEN: events.stop_open,
    Kind.EVENT_CREATE: events.event_create,
    Kind.ATTENDANCE_COUNT: events.attendance,
    Kind.ATTENDANCE_SCAN: events.attendance,
    # Kept in the applied log without changing shared rows (the laptop keeps the details).
    Kind.REGISTRATION_ADD: events.recorded_only,
    Kind.REGISTRATION_CANCEL: events.recorded_only,
    Kind.EVENT_CAPACITY: events.recorded_only,
    Kind.CARD_REPLACE: cards.card_replace,
    Kind.CARD_RENEW: cards.card_renew,
    Kind.PAYMENT: payments.payment,
}
assert set(APPLIERS) == set(Kind), "every kind needs an applier"

#: Kinds that change loans only through the cache's bookkeeping.
_CACHE_SAFE = frozenset({Kind.CHECKOUT, Kind.CHECKIN, Kind.IN_HOUSE_USE, Kind.STOP_OPEN})


def apply(ctx: Context, payload: Payload) -> Outcome:
    try:
        return APPLIERS[payload.KIND](ctx, payload)
    except InvalidField as exc:
        # Checked before anything is written: reject this action alone, the queue moves on.
        return Outcome.invalid(exc.name, exc)
    finally:
        if payload.KIND not in _CACHE_SAFE:
            ctx.cache.forget()


__all__ = [
    "APPLIERS",
    "NO_EXCEPTION_ROW",
    "Cache",
    "Context",
    "InvalidField",
    "Outcome",
    "Rules",
    "apply",
    "load_rules",
]
