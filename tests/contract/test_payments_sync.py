"""Payments between real laptops and the real server: the balance goes up, is settled there,
and comes back down to every laptop; two laptops paying the same fines offline end with the
whole of both payments recorded and the excess flagged."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from popup.domain import demo_data
from popup.domain.payments import PaymentMethod
from popup.domain.protocol.envelopes import OutcomeCode
from popup.store.demo import DEMO_FORMAT
from popup.store.models import SyncException
from popup_sync import models as sm
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import Laptop

CARD = demo_data.fined_patron_card(DEMO_FORMAT)  # owes 12.75 at the demo server


def _server_balance(server: SyncServer) -> int:
    assert server.db is not None
    with server.db.read() as s:
        value = s.scalar(select(sm.Patron.fines_owed_cents).where(sm.Patron.card_number == CARD))
        assert value is not None
        return int(value)


def _laptop_balance(laptop: Laptop) -> int:
    return laptop.desk.find_patron(CARD).fines_owed_cents


def test_two_laptops_paying_the_same_fines_offline_keep_both_payments(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    a, b = laptops("front-desk"), laptops("bookmobile")
    for laptop in (a, b):
        laptop.enroll(sync_server)
        assert laptop.sync().ok
    assert _server_balance(sync_server) == _laptop_balance(a) == _laptop_balance(b) == 1275

    # Offline, each takes money for the same fines: A 10.00, then B the 12.75 it sees owed.
    a.desk.record_payment(CARD, 1000, method=PaymentMethod.CASH)
    b.desk.record_payment(CARD, 1275, method=PaymentMethod.CARD)
    assert (_laptop_balance(a), _laptop_balance(b)) == (275, 0)

    assert a.sync().ok
    assert _server_balance(sync_server) == 275
    assert _laptop_balance(a) == 275

    report = b.sync()
    assert report.ok, report.error
    # B's whole payment is recorded: 2.75 paid what was left, 10.00 is the patron's credit.
    assert _server_balance(sync_server) == -1000
    assert sync_server.exceptions(b.creds.device_id) == [OutcomeCode.PAYMENT_EXCEEDS_BALANCE]
    with b.store.read() as s:
        codes = list(s.scalars(select(SyncException.code)))
    assert OutcomeCode.PAYMENT_EXCEEDS_BALANCE in codes  # in B's exceptions inbox
    # The server's balance comes down to both laptops.
    assert b.sync().ok and a.sync().ok
    assert _laptop_balance(b) == _laptop_balance(a) == -1000
