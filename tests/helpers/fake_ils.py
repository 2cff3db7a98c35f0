"""A small fake ILS behind a real SIP2 server from PyPI (``pysip2``), on 127.0.0.1.

The SIP2 framing, checksums, sequence echo, 96 and 97 are pysip2's own code, not the bridge's
encoder: what the bridge sends is read the way another implementation reads it. The library
system behind it is a few dictionaries: items charged or not, patrons with fines and blocks,
and the log of every request, so a test can count how many times an item was lent.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio
from anyio.abc import SocketAttribute
from pysip2 import (
    CHECKIN,
    CHECKOUT,
    FEE_PAID,
    ITEM_INFORMATION,
    LOGIN,
    PATRON_INFORMATION,
    RENEW,
    CheckinRequest,
    CheckinResponse,
    CheckoutRequest,
    CheckoutResponse,
    FeePaidRequest,
    FeePaidResponse,
    ItemInformationRequest,
    ItemInformationResponse,
    LoginRequest,
    LoginResponse,
    PatronInformationRequest,
    PatronInformationResponse,
    RenewRequest,
    RenewResponse,
    SIP2Server,
)

USER, PASSWORD = "popup", "s3cret"


@dataclass
class Loan:
    patron: str
    due: str  # YYYYMMDD
    renewals: int = 0


@dataclass
class FakeIls:
    """State and a server. ``refuse[barcode]`` makes checkouts of that item fail with that
    screen message; ``hold[barcode]`` makes the answer to a checkout of it wait (after the ILS
    recorded it) until the event is set."""

    loans: dict[str, Loan] = field(default_factory=dict)
    fines: dict[str, str] = field(default_factory=dict)  # card -> "12.50"
    blocked: set[str] = field(default_factory=set)
    refuse: dict[str, str] = field(default_factory=dict)
    hold: dict[str, threading.Event] = field(default_factory=dict)
    #: (command, fields) of every request the ILS acted on, in order.
    log: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    port: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _ready: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def requests(self, command: str) -> list[dict[str, Any]]:
        with self._lock:
            return [fields for cmd, fields in self.log if cmd == command]

    def checkouts_of(self, barcode: str) -> int:
        return sum(1 for r in self.requests("11") if r["item"] == barcode)

    # -- the server -------------------------------------------------------------------------

    def app(self) -> SIP2Server:
        app = SIP2Server(
            error_detection="required",
            encoding="utf-8",
            login_required=True,
            institution_id="FAKE",
        )

        @app.route(LOGIN)
        def login(req: LoginRequest, ctx: Any) -> LoginResponse:
            ok = req.login_user_id == USER and req.login_password == PASSWORD
            return LoginResponse(ok="1" if ok else "0")

        @app.route(CHECKOUT)
        def checkout(req: CheckoutRequest, ctx: Any) -> CheckoutResponse:
            item, card = req.item_identifier, req.patron_identifier
            refused = self.refuse.get(item)
            due = req.nb_due_date[:8]
            with self._lock:
                self.log.append(
                    (
                        "11",
                        {
                            "item": item,
                            "patron": card,
                            "no_block": req.no_block,
                            "date": req.transaction_date,
                            "due": req.nb_due_date,
                        },
                    )
                )
                if refused is None:
                    self.loans[item] = Loan(card, due)
            wait = self.hold.get(item)
            if wait is not None:
                wait.wait(30)
            return CheckoutResponse(
                ok="0" if refused else "1",
                renewal_ok="N",
                magnetic_media="N",
                desensitize="Y",
                transaction_date=ctx.now_18(),
                institution_id=req.institution_id,
                patron_identifier=card,
                item_identifier=item,
                title_identifier="A title",
                due_date=due,
                screen_message=(refused,) if refused else (),
            )

        @app.route(CHECKIN)
        def checkin(req: CheckinRequest, ctx: Any) -> CheckinResponse:
            item = req.item_identifier
            with self._lock:
                self.log.append(
                    (
                        "09",
                        {
                            "item": item,
                            "no_block": req.no_block,
                            "date": req.transaction_date,
                            "return_date": req.return_date,
                            "location": req.current_location,
                        },
                    )
                )
                known = self.loans.pop(item, None) is not None
            return CheckinResponse(
                ok="1" if known else "0",
                resensitize="Y",
                magnetic_media="N",
                alert="N",
                transaction_date=ctx.now_18(),
                institution_id=req.institution_id,
                item_identifier=item,
                permanent_location="MAIN",
                screen_message=() if known else ("Item not checked out",),
            )

        @app.route(RENEW)
        def renew(req: RenewRequest, ctx: Any) -> RenewResponse:
            item = req.item_identifier or ""
            with self._lock:
                self.log.append(
                    ("29", {"item": item, "no_block": req.no_block, "due": req.nb_due_date})
                )
                loan = self.loans.get(item)
                if loan is not None:
                    loan.due = req.nb_due_date[:8]
                    loan.renewals += 1
            return RenewResponse(
                ok="1" if loan else "0",
                renewal_ok="Y" if loan else "N",
                magnetic_media="N",
                desensitize="Y",
                transaction_date=ctx.now_18(),
                institution_id=req.institution_id,
                patron_identifier=req.patron_identifier,
                item_identifier=item,
                title_identifier="A title",
                due_date=loan.due if loan else "",
            )

        @app.route(FEE_PAID)
        def fee_paid(req: FeePaidRequest, ctx: Any) -> FeePaidResponse:
            with self._lock:
                self.log.append(
                    (
                        "37",
                        {
                            "patron": req.patron_identifier,
                            "amount": req.fee_amount,
                            "payment_type": req.payment_type,
                            "currency": req.currency_type,
                            "transaction_id": req.transaction_id,
                        },
                    )
                )
            return FeePaidResponse(
                payment_accepted="Y",
                transaction_date=ctx.now_18(),
                institution_id=req.institution_id,
                patron_identifier=req.patron_identifier,
                transaction_id=req.transaction_id,
            )

        @app.route(ITEM_INFORMATION)
        def item_information(req: ItemInformationRequest, ctx: Any) -> ItemInformationResponse:
            with self._lock:
                self.log.append(("17", {"item": req.item_identifier}))
                loan = self.loans.get(req.item_identifier)
            return ItemInformationResponse(
                circulation_status="04" if loan else "03",
                security_marker="02",
                fee_type="01",
                transaction_date=ctx.now_18(),
                item_identifier=req.item_identifier,
                title_identifier="A title",
                due_date=loan.due + "    235900" if loan else None,
            )

        @app.route(PATRON_INFORMATION)
        def patron_information(
            req: PatronInformationRequest, ctx: Any
        ) -> PatronInformationResponse:
            card = req.patron_identifier
            with self._lock:
                self.log.append(("63", {"patron": card, "summary": req.summary}))
                charged = [i for i, loan in self.loans.items() if loan.patron == card]
            status = ("Y" if card in self.blocked else " ") + " " * 13
            return PatronInformationResponse(
                patron_status=status,
                language="001",
                transaction_date=ctx.now_18(),
                hold_items_count="0000",
                overdue_items_count="0000",
                charged_items_count=f"{len(charged):04d}",
                fine_items_count="0000",
                recall_items_count="0000",
                unavailable_holds_count="0000",
                institution_id=req.institution_id,
                patron_identifier=card,
                personal_name="A Patron",
                valid_patron="Y",
                fee_amount=self.fines.get(card, "0.00"),
                charged_items=tuple(charged) if req.summary[2:3] == "Y" else (),
            )

        return app

    def start(self) -> FakeIls:
        self._stop.clear()
        self._ready.clear()
        self._thread = threading.Thread(target=self._serve, name="fake-ils", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the fake ILS did not start")
        return self

    def _serve(self) -> None:
        async def main() -> None:
            # pysip2 0.1.0's own start() never closes its listening socket; serve ours.
            app = self.app()
            listener = await app.listen("127.0.0.1", self.port)
            async with listener, anyio.create_task_group() as tasks:
                self.port = listener.extra(SocketAttribute.local_port)
                tasks.start_soon(listener.serve, app._handle_connection)
                self._ready.set()
                while not self._stop.is_set():
                    await anyio.sleep(0.02)
                tasks.cancel_scope.cancel()

        anyio.run(main)

    def stop(self) -> None:
        self._stop.set()
        for event in self.hold.values():
            event.set()
        if self._thread is not None:
            self._thread.join(10)


def running() -> Iterator[FakeIls]:
    ils = FakeIls().start()
    try:
        yield ils
    finally:
        ils.stop()
