"""No library reads or changes another's rows through push (#14 items 3 and 4).

Library B's device first does a bit of everything (stops, events, attendance, loans closed in
each way, a renewal, an in-house use, a sign-up). Then a device of library A sends EVERY kind
with every id of B it can name (loan ids, item barcodes, patron cards, stop and event ids, B's
mutation ids) through the real server, once with B's id and once with an id nobody uses, and
the test shows: B's rows are exactly as before, B's devices and A's pull learn nothing, and a
foreign id gets word for word the outcome of an unknown one (the id aside). With B sharing
its catalogue, B's barcodes are A's to use (the catalogue rule); the loans on them stay B's.

The last test parses the apply package: only ``scope.py`` may query a library-owned model.
"""

from __future__ import annotations

import ast
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select

import popup_sync.apply
from popup.domain.payments import PaymentMethod
from popup.domain.protocol import actions
from popup.domain.protocol.actions import Kind
from popup_sync import crud, models
from popup_sync.core.db import Database
from popup_sync.models import Attendance, Event, Library, Loan, SyncException
from tests.helpers import mutations

B_FIRST = 600_001
SECRET_NAME = "Zelda Quasimodo-Wren"
BAND = "adult"

#: Every table whose rows belong to a library (the change log aside: it only says "look again").
OWNED = [
    m
    for m in models.Base.__subclasses__()
    if "library_id" in m.__table__.c and m is not models.Change
]


@pytest.fixture
def sharing(db: Database, request: pytest.FixtureRequest) -> Iterator[Callable[[Any], None]]:
    touched: list[int] = []

    def share(lib: Any) -> None:
        touched.append(lib.id)
        db.run_write(
            lambda s: crud.set_catalogue_sharing(
                session=s, library=s.get(Library, lib.id), shares=True
            )
        )

    yield share
    for lib_id in touched:
        db.run_write(
            lambda s, i=lib_id: crud.set_catalogue_sharing(
                session=s, library=s.get(Library, i), shares=False
            )
        )


def snapshot(db: Database, library_id: int) -> dict[str, list[str]]:
    """Every row of ``library_id`` in every library-owned table, as text."""
    out: dict[str, list[str]] = {}
    with db.read() as session:
        for model in OWNED:
            rows = session.scalars(select(model).where(model.library_id == library_id)).all()
            cols = [c.key for c in inspect(model).mapper.column_attrs]
            out[model.__tablename__] = sorted(
                json.dumps({c: getattr(r, c) for c in cols}, default=str, sort_keys=True)
                for r in rows
            )
    return out


class World:
    """Library B's rows, made by B's own device, and the ids A can name."""

    def __init__(self, db: Database, make_library: Callable[..., Any], enroll: Any) -> None:
        self.a = make_library(items=3, patrons=2)
        self.b = make_library(items=3, patrons=2, first_item=B_FIRST)
        self.dev_a, self.dev_b = enroll(self.a.code), enroll(self.b.code)
        dev, b = self.dev_b, self.b
        now = mutations.now()
        self.t1, self.t2 = now - timedelta(hours=3), now - timedelta(hours=2)
        self.stop_id, self.event_id = mutations.new_id(), mutations.new_id()
        temp = f"T{uuid.uuid4().hex[:12].upper()}"
        signup = dev.mutation(
            mutations.register(
                temp, temporary=True, name=SECRET_NAME, date_of_birth=date(1990, 1, 2)
            )
        )
        self.x, self.y, self.z = b.items
        first = dev.checkout(b.patrons[0], self.x, out_at=self.t1)
        second = dev.checkout(b.patrons[1], self.x, out_at=self.t2)  # closes the first
        third = dev.checkout(b.patrons[0], self.y, out_at=self.t1)
        back = dev.checkin(self.y, returned_at=self.t2, loan_id=third["payload"]["loan_id"])
        renewal = dev.mutation(
            mutations.renew(
                second["payload"]["loan_id"],
                self.x,
                b.patrons[1],
                1,
                due=date.today() + timedelta(days=40),
            )
        )
        use = dev.mutation(mutations.in_house_use(self.z, 2))
        stop = dev.mutation(actions.StopOpen(stop_id=self.stop_id, name="B's secret stop"))
        event = dev.mutation(
            actions.EventCreate(
                event_id=self.event_id,
                stop_id=self.stop_id,
                title="B's secret story time",
                event_type="storytime",
            )
        )
        self.b_mutations = [signup, first, second, third, back, renewal, use, stop, event]
        results = dev.push_ok(self.b_mutations)
        assert all(r["status"] != "rejected" for r in results), results
        self.card = results[0]["detail"]["card_number"]
        self.temp_card = temp
        scan = dev.mutation(
            actions.AttendanceScan(
                event_id=self.event_id, patron_card=self.card, band=BAND, counted_at=now
            )
        )
        count = dev.mutation(
            actions.AttendanceCount(event_id=self.event_id, band=BAND, delta=1, counted_at=now)
        )
        assert [r["status"] for r in dev.push_ok([scan, count])] == ["applied", "applied"]
        self.b_mutations += [scan, count]
        self.loans = [m["payload"]["loan_id"] for m in (first, second, third)]
        # A has a stop and an event of its own.
        self.a_stop, self.a_event = mutations.new_id(), mutations.new_id()
        own = [
            self.dev_a.mutation(actions.StopOpen(stop_id=self.a_stop, name="A's stop")),
            self.dev_a.mutation(
                actions.EventCreate(
                    event_id=self.a_event, stop_id=self.a_stop, title="A's", event_type="talk"
                )
            ),
        ]
        assert [r["status"] for r in self.dev_a.push_ok(own)] == ["applied", "applied"]

    def secrets(self) -> list[str]:
        """What of B no outcome or pull of A may contain."""
        return [
            *self.loans,
            self.stop_id,
            self.event_id,
            self.card,
            self.temp_card,
            *(m["mutation_id"] for m in self.b_mutations),
            "Zelda",
            "Quasimodo",
            "secret",
        ]


def pairs(w: World, shared: bool) -> list[tuple[Kind, Any, Any, str, str]]:
    """(kind, payload with B's id, payload with an unknown id, B's id, the unknown id)."""
    a, now = w.a, mutations.now()
    between = w.t1 + timedelta(minutes=30)  # after B's first loan of x, before the second
    new = mutations.new_id
    out: list[tuple[Kind, Any, Any, str, str]] = []

    def add(kind: Kind, build: Callable[[str], Any], foreign: str, unknown: str) -> None:
        out.append((kind, build(foreign), build(unknown), foreign, unknown))

    def unknown_card() -> str:
        return f"9{uuid.uuid4().int % 10**12:012d}"

    # Patron cards of B (the real one and the temporary alias) at A's desk.
    for card in (w.card, w.temp_card):
        add(Kind.CHECKOUT, lambda c: mutations.checkout(c, a.items[0]), card, unknown_card())
        add(
            Kind.ATTENDANCE_SCAN,
            lambda c: actions.AttendanceScan(
                event_id=w.a_event, patron_card=c, band=BAND, counted_at=now
            ),
            card,
            unknown_card(),
        )
        add(
            Kind.CARD_RENEW,
            lambda c: actions.CardRenew(patron_card=c, renewed_at=now, new_expiry=date.today()),
            card,
            unknown_card(),
        )
        add(
            Kind.CARD_REPLACE,
            lambda c: actions.CardReplace(
                old_card=c, new_card="TABCDEF01-000001", temporary=True, replaced_at=now
            ),
            card,
            unknown_card(),
        )
        add(
            Kind.PAYMENT,
            lambda c: actions.Payment(
                payment_id=new(),
                patron_card=c,
                amount_cents=100,
                method=PaymentMethod.CASH,
                credit=True,
                paid_at=now,
                balance_before_cents=0,
                balance_after_cents=-100,
            ),
            card,
            unknown_card(),
        )
    # B's loan ids.
    for loan_id in w.loans:
        add(
            Kind.CHECKIN,
            lambda i: mutations.checkin(a.items[1], returned_at=between, loan_id=i),
            loan_id,
            new(),
        )
        add(
            Kind.RENEW,
            lambda i: mutations.renew(i, a.items[1], a.patrons[0], 1, due=date.today()),
            loan_id,
            new(),
        )
    if shared:
        # B's barcodes are visible: the return at A names B's loan closed by the later checkout
        # (issue #14 item 3: this rewrote B's loan, and told A both of B's loan ids).
        add(
            Kind.CHECKIN,
            lambda i: mutations.checkin(w.x, returned_at=between, loan_id=i),
            w.loans[0],
            new(),
        )
    else:
        for barcode in (w.x, w.y, w.z):
            unknown = f"{barcode}9"
            add(Kind.CHECKOUT, lambda c: mutations.checkout(a.patrons[0], c), barcode, unknown)
            add(Kind.CHECKIN, lambda c: mutations.checkin(c), barcode, unknown)
            add(Kind.IN_HOUSE_USE, lambda c: mutations.in_house_use(c), barcode, unknown)
    # B's mutation ids, as undo targets.
    for m in w.b_mutations:
        target_kind = Kind(m["kind"])

        def undo(i: str, k: Kind = target_kind) -> actions.Undo:
            return actions.Undo(
                target_mutation_id=i, target_kind=k, target_seq=1, reason="r", undone_at=now
            )

        add(Kind.UNDO, undo, m["mutation_id"], new())
    # B's stop and event.
    add(
        Kind.EVENT_CREATE,
        lambda s: actions.EventCreate(event_id=new(), stop_id=s, title="t", event_type="talk"),
        w.stop_id,
        new(),
    )
    for kind, build in (
        (
            Kind.ATTENDANCE_COUNT,
            lambda e: actions.AttendanceCount(event_id=e, band=BAND, delta=1, counted_at=now),
        ),
        (
            Kind.ATTENDANCE_SCAN,
            # B's patron attended B's event: A must not learn it ("already counted").
            lambda e: actions.AttendanceScan(
                event_id=e, patron_card=w.card, band=BAND, counted_at=now
            ),
        ),
        (
            Kind.REGISTRATION_ADD,
            lambda e: actions.RegistrationAdd(
                registration_id=new(),
                event_id=e,
                name="n",
                status=actions.RegistrationStatus.REGISTERED,
                registered_at=now,
            ),
        ),
        (
            Kind.REGISTRATION_CANCEL,
            lambda e: actions.RegistrationCancel(
                registration_id=new(), event_id=e, cancelled_at=now, promoted=()
            ),
        ),
        (
            Kind.EVENT_CAPACITY,
            lambda e: actions.EventCapacity(event_id=e, capacity=3, changed_at=now, promoted=()),
        ),
    ):
        add(kind, build, w.event_id, new())
    return out


def masked(result: dict[str, Any], ident: str) -> str:
    """The outcome as text, the named id replaced: what is left must not tell ids apart."""
    kept = {k: result[k] for k in ("status", "codes", "message")}
    # The clock offset the server measured differs from one push to the next.
    kept["detail"] = {k: v for k, v in result["detail"].items() if k != "clock_offset_s"}
    return json.dumps(kept, sort_keys=True).replace(ident, "<ID>")


@pytest.mark.parametrize("shared", [False, True], ids=["own-catalogue", "shared-catalogue"])
def test_every_kind_with_every_foreign_id_changes_and_reveals_nothing(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    sharing: Callable[[Any], None],
    shared: bool,
) -> None:
    w = World(db, make_library, enroll_device)
    if shared:
        sharing(w.b)
    _, cursor_b = w.dev_b.pull_all()
    before = snapshot(db, w.b.id)
    assert before["loans"] and before["attendance"] and before["events"] and before["stops"]

    sent = pairs(w, shared)
    # Ids the server treats as taken server-wide (the row exists, whoever owns it): a new
    # row cannot use them, so the outcome differs from an unknown id's, but says nothing else.
    taken = [
        (Kind.CHECKOUT, mutations.checkout(w.a.patrons[0], w.a.items[2], loan_id=w.loans[1])),
        (Kind.STOP_OPEN, actions.StopOpen(stop_id=w.stop_id, name="mine now")),
        (
            Kind.EVENT_CREATE,
            actions.EventCreate(
                event_id=w.event_id, stop_id=w.a_stop, title="mine", event_type="talk"
            ),
        ),
        (
            Kind.PATRON_REGISTER,
            # B's card and B's patron's name and birth date: A gets its own patron, no
            # duplicate warning naming B's card.
            mutations.register(w.card, name=SECRET_NAME, date_of_birth=date(1990, 1, 2)),
        ),
    ]
    if shared:
        # B's barcode is A's to use (the catalogue rule): A's in-house use, B's rows untouched.
        taken.append((Kind.IN_HOUSE_USE, mutations.in_house_use(w.z)))
    kinds = {k for k, *_ in sent} | {k for k, _ in taken}
    assert kinds == set(Kind), set(Kind) - kinds

    #: (what A sent, what it got back)
    results: list[tuple[Any, dict[str, Any]]] = []
    for kind, foreign, unknown, foreign_id, unknown_id in sent:
        got_f = w.dev_a.push_ok([w.dev_a.mutation(foreign)])[0]
        got_u = w.dev_a.push_ok([w.dev_a.mutation(unknown)])[0]
        assert masked(got_f, foreign_id) == masked(got_u, unknown_id), (kind, got_f, got_u)
        results += [(foreign, got_f), (unknown, got_u)]
    for kind, payload in taken:
        got = w.dev_a.push_ok([w.dev_a.mutation(payload)])[0]
        if kind is Kind.IN_HOUSE_USE:
            assert got["status"] == "applied", got
        elif kind is Kind.PATRON_REGISTER:
            assert got["status"] == "applied" and "possible_duplicates" not in got["detail"], got
        else:
            assert got["status"] == "rejected", got
            assert "another library" not in got["message"], got
        results.append((payload, got))

    # (a) Nothing of B changed.
    assert snapshot(db, w.b.id) == before
    # (b) Nothing of B reached A: not in an outcome, not in A's pull from scratch.
    # An outcome may repeat what A itself sent ("there is no loan <id>"), nothing more of B.
    for payload, got in results:
        asked = json.dumps(payload.to_wire())
        told = json.dumps(got)
        assert [x for x in w.secrets() if x in told and x not in asked] == [], (payload, got)
    # A's pull from scratch: none of B's rows. (A registered a patron of its own under B's card
    # number, name and birth date, to see that no duplicate warning names B's patron: that
    # patron is A's, and is left out of the search.)
    pulled, _ = w.dev_a.pull_all("reset")
    mine = [c for c in pulled if not (c["entity"] == "patron" and c["key"] == w.card)]
    # The exceptions queue repeats A's own outcomes (checked above), for A's device only.
    raised = [c for c in mine if c["entity"] == "exception"]
    assert {c["data"]["device_id"] for c in raised} <= {w.dev_a.device_id}
    mine = [c for c in mine if c["entity"] != "exception"]
    assert [c for c in mine if any(x in json.dumps(c) for x in w.secrets())] == []
    assert {c["key"] for c in pulled if c["entity"] == "patron"} == {*w.a.patrons, w.card}
    # B's devices learn nothing of A's attempts.
    seen_b, _ = w.dev_b.pull_all(cursor_b)
    assert not [c for c in seen_b if c["entity"] in ("loan", "patron", "event", "stop")]


def _b_loans(db: Database, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    with db.read() as session:
        return {
            x.id: (x.returned_at, x.closed_reason, x.due_date, x.renewals)
            for x in session.scalars(select(Loan).where(Loan.id.in_(ids)))
        }


def test_a_return_at_another_library_cannot_rewrite_or_name_its_loans(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    sharing: Callable[[Any], None],
) -> None:
    """Item 3: checkin loaded ``loan_id`` without a library check, and told ids of B's loans."""
    w = World(db, make_library, enroll_device)
    sharing(w.b)
    loans = _b_loans(db, w.loans)
    between = w.t1 + timedelta(minutes=30)
    got = w.dev_a.push_ok([w.dev_a.checkin(w.x, returned_at=between, loan_id=w.loans[0])])[0]
    assert _b_loans(db, w.loans) == loans  # B's first loan still closed by the checkout
    assert not {*w.loans} & set(json.dumps(got).split('"'))


def test_a_hand_over_at_another_library_closes_its_loan_without_naming_it(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    sharing: Callable[[Any], None],
) -> None:
    """Item 3: ``detail.closed_loan_id`` named B's loan when the shared item came back at A."""
    w = World(db, make_library, enroll_device)
    sharing(w.b)
    open_b = w.loans[1]
    out = w.dev_a.checkout(w.a.patrons[0], w.x)
    back = w.dev_a.checkin(w.x, loan_id=out["payload"]["loan_id"])
    lent, returned = w.dev_a.push_ok([out, back])
    assert lent["codes"] == ["OPEN_CIRCULATION_EXISTS"]  # B's loan closed: the item is here
    assert _b_loans(db, [open_b])[open_b][1] == "closed_by_checkout"
    assert "closed_loan_id" not in lent["detail"]
    assert returned["detail"]["closed_loan_id"] == out["payload"]["loan_id"]  # A's own: named
    assert open_b not in json.dumps([lent, returned])


def test_events_and_attendance_stay_in_their_library(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    """Item 4: another library's stop for an event, attendance on its event, and the
    (event, card) duplicate check that told A that B's patron attended."""
    w = World(db, make_library, enroll_device)
    dev = w.dev_a
    new_event = mutations.new_id()
    now = mutations.now()
    made, counted, scanned = dev.push_ok(
        [
            dev.mutation(
                actions.EventCreate(
                    event_id=new_event, stop_id=w.stop_id, title="t", event_type="talk"
                )
            ),
            dev.mutation(
                actions.AttendanceCount(event_id=w.event_id, band=BAND, delta=1, counted_at=now)
            ),
            dev.mutation(
                actions.AttendanceScan(
                    event_id=w.event_id, patron_card=w.card, band=BAND, counted_at=now
                )
            ),
        ]
    )
    assert made["status"] == counted["status"] == scanned["status"] == "rejected"
    assert "Already counted" not in scanned["message"]
    with db.read() as session:
        assert session.get(Event, new_event) is None
        rows = session.scalars(select(Attendance).where(Attendance.event_id == w.event_id)).all()
        assert {r.library_id for r in rows} == {w.b.id} and len(rows) == 2


# -- the mechanical check ---------------------------------------------------------------------

QUERIES = {"get", "select", "execute", "scalar", "scalars", "query", "update", "delete"}
LIBRARY_OWNED = {m.__name__ for m in OWNED}
APPLY = Path(popup_sync.apply.__file__).parent


def bypasses(source: str) -> list[str]:
    """Calls in ``source`` that query a library-owned model (anywhere in their arguments)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in QUERIES:
            continue
        named = {
            n.id
            for arg in [*node.args, *(k.value for k in node.keywords)]
            for n in ast.walk(arg)
            if isinstance(n, ast.Name)
        }
        if named & LIBRARY_OWNED:
            found.append(f"line {node.lineno}: {name}({', '.join(sorted(named & LIBRARY_OWNED))})")
    return found


#: What the appliers may use of ``crud`` (none of it looks up a row by an id from a payload;
#: ``CardNumbersExhausted`` is what ``real_card_number`` raises).
CRUD_ALLOWED = {"card_format", "real_card_number", "now_utc", "CardNumbersExhausted"}


def crud_lookups(source: str) -> list[str]:
    """``crud.<name>`` uses outside :data:`CRUD_ALLOWED` (``crud.find_patron`` and the like
    would look rows up beside the scope)."""
    return [
        f"line {n.lineno}: crud.{n.attr}"
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Attribute)
        and isinstance(n.value, ast.Name)
        and n.value.id == "crud"
        and n.attr not in CRUD_ALLOWED
    ]


def test_only_the_scope_module_queries_library_owned_rows() -> None:
    modules = sorted(p for p in APPLY.glob("*.py") if p.name != "scope.py")
    assert {"circulation.py", "events.py", "signup.py", "undo.py", "cache.py"} <= {
        p.name for p in modules
    }
    offenders = {p.name: bypasses(p.read_text()) + crud_lookups(p.read_text()) for p in modules}
    assert {k: v for k, v in offenders.items() if v} == {}
    assert crud_lookups("crud.find_patron(session=s, library_id=1, card=c)")
    # The check catches what it is for (a handler loading a loan by id, or selecting events).
    assert bypasses("loan = ctx.session.get(Loan, p.loan_id)")
    assert bypasses("ctx.session.scalar(select(Event).where(Event.id == e))")
    assert bypasses("session.execute(select(Attendance.id))")
    assert len(LIBRARY_OWNED) >= 10


def test_resolving_another_librarys_exception_is_refused_like_an_unknown_one(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    """The exceptions route already scopes by the device's library: checked, not changed."""
    w = World(db, make_library, enroll_device)
    with db.read() as session:
        theirs = session.scalars(
            select(SyncException.id).where(SyncException.library_id == w.b.id)
        ).all()
        unknown = (session.scalar(select(func.max(SyncException.id))) or 0) + 1000
    assert theirs  # B's hand-over of x raised one

    def resolve(exception_id: int) -> tuple[int, str]:
        response = w.dev_a.http.post(
            f"{w.dev_a.base}/v1/exceptions/{exception_id}/resolve",
            headers=w.dev_a.headers,
            timeout=30,
        )
        body = response.json()
        return response.status_code, f"{body['error']}: {body['message']}".replace(
            str(exception_id), "<ID>"
        )

    assert resolve(theirs[0]) == resolve(unknown)
    assert resolve(theirs[0])[0] == 404
    with db.read() as session:
        row = session.get(SyncException, theirs[0])
        assert row is not None and row.resolved_at is None
