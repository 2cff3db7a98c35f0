"""The SIP2 bridge against a real SIP2 server on 127.0.0.1 (pysip2, not our encoder) with a
fake ILS behind it: each kind forwarded, refusals, answers cut or garbled on the way, a bridge
killed between send and confirm, and one library's ILS down while another's is up."""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from popup.domain.payments import PaymentMethod
from popup.domain.protocol import actions
from popup_sync import bridge, crud, push
from popup_sync.bridge import lease
from popup_sync.bridge.forward import LibraryBridge
from popup_sync.bridge.sip2 import Unavailable
from popup_sync.core.config import Settings, Sip2Library
from popup_sync.core.db import Database
from popup_sync.models import Patron, Sip2Delivery, SyncException
from tests.helpers import mutations
from tests.helpers.fake_ils import PASSWORD, USER, FakeIls
from tests.helpers.server import free_port
from tests.helpers.sip_proxy import SipProxy
from tests.helpers.tls import self_signed
from tests.sync.conftest import Lib


class Laptop:
    """An enrolled device whose actions are applied by the server's own push."""

    def __init__(self, db: Database, lib: Lib) -> None:
        self.db = db

        def enroll(session: Any) -> str:
            library = crud.get_library(session=session, code=lib.code)
            code = crud.create_enrollment_code(session=session, library=library)
            return crud.enroll(session=session, code=code, device_name="bus").device_id

        self.device_id = db.run_write(enroll)
        self.seq = 0

    def push(self, *payloads: actions.Payload) -> list[dict[str, Any]]:
        now = datetime.now(UTC)
        incoming = []
        for n, payload in enumerate(payloads):
            self.seq += 1
            record = mutations.record(self.seq, payload)
            incoming.append(push.Incoming.read(record, f"mutations.{n}", now))
        result = push.push(
            self.db,
            device_id=self.device_id,
            mutations=incoming,
            sent_at=now,
            chunk_size=500,
            retries=8,
            skew_limit_s=300,
        )
        return result.results


@pytest.fixture
def ils() -> Iterator[FakeIls]:
    server = FakeIls().start()
    yield server
    server.stop()


def config(port: int, **more: Any) -> Sip2Library:
    values: dict[str, Any] = {
        "timeout_seconds": 3,
        "retry_min_seconds": 0.05,
        "retry_max_seconds": 0.5,
        **more,
    }
    return Sip2Library(
        host="127.0.0.1", port=port, login_user=USER, login_password=PASSWORD, **values
    )


def ledger(db: Database, lib: Lib) -> list[tuple[str, str]]:
    with db.read() as session:
        return [
            (row.kind, row.state)
            for row in session.scalars(
                select(Sip2Delivery)
                .where(Sip2Delivery.library_id == lib.id)
                .order_by(Sip2Delivery.id)
            )
        ]


def exceptions(db: Database, lib: Lib, code: str) -> list[SyncException]:
    with db.read() as session:
        return list(
            session.scalars(
                select(SyncException).where(
                    SyncException.library_id == lib.id, SyncException.code == code
                )
            )
        )


def checkout(lib: Lib, n: int = 0, *, days_ago: int = 0) -> actions.Checkout:
    return mutations.checkout(
        lib.patrons[0],
        lib.items[n],
        out_at=mutations.now(-timedelta(days=days_ago)),
        due=date.today() + timedelta(days=21 - days_ago),
    )


def test_each_kind_is_forwarded_in_order_with_its_own_dates(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls
) -> None:
    lib = make_library(patron_overrides={1: {"fines_owed_cents": 250}})
    laptop = Laptop(db, lib)
    out = checkout(lib, days_ago=10)
    renewed_to = date.today() + timedelta(days=32)
    laptop.push(
        out,
        mutations.renew(out.loan_id, lib.items[0], lib.patrons[0], 1, due=renewed_to),
        actions.Payment(
            payment_id=mutations.new_id(),
            patron_card=lib.patrons[0],
            amount_cents=250,
            method=PaymentMethod.CARD,
            paid_at=mutations.now(),
            balance_before_cents=250,
            balance_after_cents=0,
        ),
        mutations.checkin(lib.items[0]),
    )
    ils.fines[lib.patrons[0]] = "3.75"  # what the ILS says afterwards
    ils.blocked.add(lib.patrons[0])

    done = LibraryBridge(db, lib.code, config(ils.port)).run_once()

    assert done == 4
    assert ledger(db, lib) == [
        ("checkout", "confirmed"),
        ("renew", "confirmed"),
        ("payment", "confirmed"),
        ("checkin", "confirmed"),
    ]
    assert [cmd for cmd, _ in ils.log if cmd in ("11", "29", "37", "09")] == [
        "11",
        "29",
        "37",
        "09",
    ]
    lent = ils.requests("11")[0]
    assert lent["no_block"] == "Y"
    assert lent["patron"] == lib.patrons[0]
    # The offline time (ten days ago, UTC as the library has no time zone) and the desk's due.
    assert lent["date"] == out.out_at.astimezone(UTC).strftime("%Y%m%d   Z%H%M%S")
    assert lent["due"].startswith(out.due_date.strftime("%Y%m%d"))
    assert ils.requests("29")[0]["due"].startswith(renewed_to.strftime("%Y%m%d"))
    paid = ils.requests("37")[0]
    assert (paid["amount"], paid["payment_type"], paid["currency"]) == ("2.50", "02", "USD")
    back = ils.requests("09")[0]
    assert (back["no_block"], back["location"]) == ("Y", lib.code)
    assert back["return_date"] == back["date"]
    # Patron information (63) for the patron seen: the ILS's fines and block reach the server.
    assert ils.requests("63")
    with db.read() as session:
        patron = session.scalar(
            select(Patron).where(Patron.library_id == lib.id, Patron.card_number == lib.patrons[0])
        )
        assert patron is not None
        assert patron.fines_owed_cents == 375
        assert patron.manual_block
        assert patron.block_reason == "ILS: charge privileges denied"
    # Nothing new: nothing sent again.
    assert LibraryBridge(db, lib.code, config(ils.port)).run_once() == 0
    assert len(ils.requests("11")) == 1


def test_a_refusal_becomes_an_exception_naming_the_action(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls
) -> None:
    lib = make_library()
    laptop = Laptop(db, lib)
    ils.refuse[lib.items[0]] = "Item is marked lost"
    refused, fine = checkout(lib, 0), checkout(lib, 1)
    laptop.push(refused, fine)

    LibraryBridge(db, lib.code, config(ils.port)).run_once()

    assert ledger(db, lib) == [("checkout", "refused"), ("checkout", "confirmed")]
    [row] = exceptions(db, lib, "ILS_REFUSED")
    assert row.seq == 1 and row.device_id == laptop.device_id
    assert "Item is marked lost" in row.message
    assert lib.items[0] in row.message
    assert row.detail["kind"] == "checkout"


def test_a_waiver_and_an_undo_are_left_to_staff(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls
) -> None:
    lib = make_library(patron_overrides={1: {"fines_owed_cents": 100}})
    laptop = Laptop(db, lib)
    out = checkout(lib)
    [lent] = laptop.push(out)
    laptop.push(
        actions.Payment(
            payment_id=mutations.new_id(),
            patron_card=lib.patrons[0],
            amount_cents=100,
            waiver=True,
            paid_at=mutations.now(),
            balance_before_cents=100,
            balance_after_cents=0,
        ),
        actions.Undo(
            target_mutation_id=lent["mutation_id"],
            target_kind=actions.Kind.CHECKOUT,
            target_seq=1,
            undone_at=mutations.now(),
        ),
    )
    LibraryBridge(db, lib.code, config(ils.port)).run_once()
    assert ledger(db, lib) == [
        ("checkout", "confirmed"),
        ("payment", "by_hand"),
        ("undo", "by_hand"),
    ]
    assert len(exceptions(db, lib, "ILS_BY_HAND")) == 2
    assert not ils.requests("37")

    # An undo of a checkout the ILS refused: nothing of it is in the ILS, nothing to do.
    ils.refuse[lib.items[1]] = "Item is lost"
    [never] = laptop.push(checkout(lib, 1))
    laptop.push(
        actions.Undo(
            target_mutation_id=never["mutation_id"],
            target_kind=actions.Kind.CHECKOUT,
            target_seq=never["seq"],
            undone_at=mutations.now(),
        )
    )
    LibraryBridge(db, lib.code, config(ils.port)).run_once()
    assert ledger(db, lib)[3:] == [("checkout", "refused"), ("undo", "skipped")]
    assert len(exceptions(db, lib, "ILS_BY_HAND")) == 2


def test_an_answer_cut_mid_message_is_checked_not_sent_twice(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls
) -> None:
    lib = make_library()
    proxy = SipProxy(ils.port, cut={"11": 1, "09": 1}).start()
    laptop = Laptop(db, lib)
    laptop.push(checkout(lib, 0), mutations.checkin(lib.items[0]), checkout(lib, 1))

    LibraryBridge(db, lib.code, config(proxy.port)).run_once()

    assert proxy.done == {"cut 11": 1, "cut 09": 1}
    assert ledger(db, lib) == [
        ("checkout", "confirmed"),
        ("checkin", "confirmed"),
        ("checkout", "confirmed"),
    ]
    assert ils.checkouts_of(lib.items[0]) == 1  # checked with 17 + 63, not lent twice
    assert len(ils.requests("09")) == 1
    assert [r["item"] for r in ils.requests("17")] == [lib.items[0], lib.items[0]]
    proxy.stop()


def test_a_bad_checksum_is_asked_for_again(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls
) -> None:
    lib = make_library()
    laptop = Laptop(db, lib)
    once = SipProxy(ils.port, garble={"11": 1}).start()
    laptop.push(checkout(lib, 0))
    LibraryBridge(db, lib.code, config(once.port)).run_once()
    assert once.done["garble 11"] == 1
    assert ledger(db, lib) == [("checkout", "confirmed")]
    assert ils.checkouts_of(lib.items[0]) == 1
    assert not ils.requests("17")  # the 97 brought the answer; nothing to check

    # Garbled past the retries (the 97s' answers too): the connection is dropped and the
    # action is checked with item information.
    always = SipProxy(ils.port, garble={"11": 100, "97": 100}).start()
    laptop.push(checkout(lib, 1))
    LibraryBridge(db, lib.code, config(always.port, retries=2)).run_once()
    assert (always.done["garble 11"], always.done["garble 97"]) == (1, 2)
    assert ledger(db, lib)[-1] == ("checkout", "confirmed")
    assert ils.checkouts_of(lib.items[1]) == 1
    assert ils.requests("17")
    once.stop()
    always.stop()


def test_a_request_the_ils_could_not_read_is_sent_again(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls
) -> None:
    lib = make_library()
    proxy = SipProxy(ils.port, garble_up={"11": 1}).start()
    Laptop(db, lib).push(checkout(lib, 0))
    LibraryBridge(db, lib.code, config(proxy.port)).run_once()
    assert proxy.done["garble up 11"] == 1  # pysip2 answered 96 and did nothing
    assert ledger(db, lib) == [("checkout", "confirmed")]
    assert ils.checkouts_of(lib.items[0]) == 1
    assert not ils.requests("17")
    proxy.stop()


def test_an_answer_past_the_timeout_is_checked_not_sent_twice(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls
) -> None:
    lib = make_library()
    slow = threading.Event()
    ils.hold[lib.items[0]] = slow
    threading.Timer(2.0, slow.set).start()  # the ILS lends it, and answers after 2 s
    Laptop(db, lib).push(checkout(lib, 0))
    LibraryBridge(db, lib.code, config(ils.port, timeout_seconds=0.5)).run_once()
    assert ledger(db, lib) == [("checkout", "confirmed")]
    assert ils.checkouts_of(lib.items[0]) == 1
    assert [r["item"] for r in ils.requests("17")] == [lib.items[0]]


def test_killed_between_send_and_confirm_never_lends_twice(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls, tmp_path: Path
) -> None:
    lib = make_library()
    laptop = Laptop(db, lib)
    ils.hold[lib.items[0]] = threading.Event()
    laptop.push(checkout(lib, 0))
    toml = tmp_path / "bridge.toml"
    toml.write_text(
        f'database_url = "{db.url}"\n'
        f"[sip2.{lib.code}]\n"
        f'host = "127.0.0.1"\nport = {ils.port}\n'
        f'login_user = "{USER}"\nlogin_password = "{PASSWORD}"\n',
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "popup_sync.cli", "bridge", "--config", str(toml)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not (ils.checkouts_of(lib.items[0]) and ledger(db, lib) == [("checkout", "sent")]):
            assert time.monotonic() < deadline, "the bridge never sent the checkout"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)  # the ILS lent it; the answer never came back
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    ils.hold[lib.items[0]].set()

    deadline = time.monotonic() + 10
    while True:  # PostgreSQL drops the dead bridge's advisory lock once it sees the socket go
        try:
            LibraryBridge(db, lib.code, config(ils.port)).run_once()
            break
        except lease.Busy:
            assert time.monotonic() < deadline, "the killed bridge's lease was never released"
            time.sleep(0.05)

    assert ledger(db, lib) == [("checkout", "confirmed")]
    assert ils.checkouts_of(lib.items[0]) == 1
    assert ils.requests("17")


def test_one_librarys_ils_down_does_not_hold_up_another(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls
) -> None:
    down, up = make_library(), make_library()
    down_port = free_port()
    settings = Settings(
        database_url=db.url,
        bridge_poll_seconds=0.05,
        sip2={down.code: config(down_port), up.code: config(ils.port)},
    )
    Laptop(db, down).push(checkout(down, 0))
    Laptop(db, up).push(checkout(up, 0), checkout(up, 1))
    stop = threading.Event()
    runner = threading.Thread(target=bridge.run, args=(db, settings, stop), daemon=True)
    runner.start()
    late = FakeIls(port=down_port)
    try:
        deadline = time.monotonic() + 20
        while ledger(db, up) != [("checkout", "confirmed")] * 2:
            assert time.monotonic() < deadline, ledger(db, up)
            time.sleep(0.05)
        assert ledger(db, down) == [("checkout", "pending")]
        late.start()  # its ILS comes back: the waiting action goes through
        while ledger(db, down) != [("checkout", "confirmed")]:
            assert time.monotonic() < deadline, ledger(db, down)
            time.sleep(0.05)
    finally:
        stop.set()
        runner.join(10)
        late.stop()
    assert late.checkouts_of(down.items[0]) == 1
    assert ils.checkouts_of(up.items[0]) == 1
    assert not exceptions(db, down, "ILS_REFUSED")


def test_tls_with_the_ils_certificate_and_not_without_it(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls, tmp_path: Path
) -> None:
    key, cert = self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    front = SipProxy(ils.port, tls=context).start()
    lib = make_library()
    Laptop(db, lib).push(checkout(lib, 0))

    untrusted = LibraryBridge(db, lib.code, config(front.port, tls=True))
    with pytest.raises(Unavailable, match="TLS"):
        untrusted.run_once()
    assert ledger(db, lib) == [("checkout", "pending")]  # nothing went out in clear

    trusted = LibraryBridge(db, lib.code, config(front.port, tls=True, tls_ca_file=str(cert)))
    assert trusted.run_once() == 1
    assert ledger(db, lib) == [("checkout", "confirmed")]
    assert ils.checkouts_of(lib.items[0]) == 1
    front.stop()


def test_a_second_bridge_for_the_same_library_is_refused(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls
) -> None:
    lib = make_library()
    Laptop(db, lib).push(checkout(lib, 0))
    first = LibraryBridge(db, lib.code, config(ils.port))
    with lease.held(db, first.library_id, lib.code):
        with pytest.raises(lease.Busy, match=lib.code):
            LibraryBridge(db, lib.code, config(ils.port)).run_once()
        assert ledger(db, lib) == [] and not ils.requests("11")
    assert LibraryBridge(db, lib.code, config(ils.port)).run_once() == 1
    assert ils.checkouts_of(lib.items[0]) == 1


def test_the_ils_block_comes_and_goes_and_a_staff_block_stays(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls
) -> None:
    lib = make_library(
        patrons=2, patron_overrides={2: {"manual_block": True, "block_reason": "Damaged items"}}
    )
    laptop = Laptop(db, lib)
    ils.blocked.update(lib.patrons)
    laptop.push(
        checkout(lib, 0), mutations.checkout(lib.patrons[1], lib.items[1], due=date.today())
    )
    LibraryBridge(db, lib.code, config(ils.port)).run_once()

    def blocks() -> list[tuple[bool, str | None]]:
        with db.read() as session:
            return [
                (p.manual_block, p.block_reason)
                for p in session.scalars(
                    select(Patron).where(Patron.library_id == lib.id).order_by(Patron.card_number)
                )
            ]

    assert blocks() == [(True, "ILS: charge privileges denied"), (True, "Damaged items")]
    ils.blocked.clear()
    laptop.push(mutations.checkin(lib.items[0]), mutations.checkin(lib.items[1]))
    laptop.push(checkout(lib, 2), mutations.checkout(lib.patrons[1], lib.items[3]))
    LibraryBridge(db, lib.code, config(ils.port)).run_once()
    assert blocks() == [(False, None), (True, "Damaged items")]
