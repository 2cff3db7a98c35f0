"""The server's tables (SQLAlchemy 2), the same on SQLite and PostgreSQL.

Everything a device may read or write hangs off a library (``library_id``); every query a device
triggers filters on its own library, except that it also reads the items (never anything else)
of libraries that share their catalogue (``Library.shares_catalogue``). The schema is created
and changed only by the Alembic migrations in ``popup_sync/migrations``
(``tests/sync/test_migrations.py`` checks they agree).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

#: BIGINT on PostgreSQL, INTEGER on SQLite (so it is SQLite's rowid alias and autoincrements).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes, stored in UTC; naive values are refused rather than guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime")
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Library(Base):
    """A consortium member. ``settings`` holds the JSON settings devices download."""

    __tablename__ = "libraries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Next card sequence number to hand out (card ranges and replacement cards).
    next_card_seq: Mapped[int] = mapped_column(BigInteger, default=1)
    #: Change-log floor: positions at or below (floor_xid, floor_id) were compacted away.
    log_floor_xid: Mapped[int] = mapped_column(BigInteger, default=0)
    log_floor_id: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Its items are visible to, and can circulate at, every other library's devices.
    shares_catalogue: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Branch(Base):
    __tablename__ = "branches"
    __table_args__ = (UniqueConstraint("library_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))


class EnrollmentCode(Base):
    """A one-time code an admin hands to whoever sets up a laptop; stored hashed."""

    __tablename__ = "enrollment_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    device_id: Mapped[str | None] = mapped_column(String(36))


class Device(Base):
    """An enrolled laptop. Its token is stored only as a SHA-256 hash."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The highest seq applied; the next push must start at last_applied + 1.
    last_applied: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Last measured server_time - device clock, in seconds.
    clock_offset_s: Mapped[float | None] = mapped_column(Float)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_push_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the current token was issued (None: before revision 0004; due for rotation).
    token_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The token it replaced, accepted until ``old_token_expires_at`` (a lost rotate answer).
    old_token_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    old_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the laptop says about itself (X-Popup-Version, X-Popup-Pending; 0012), for the
    # console's fleet page. Written at most once a minute unless something changed.
    #: The app version the laptop last sent.
    app_version: Mapped[str | None] = mapped_column(String(32))
    #: The last authenticated request from it.
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Actions waiting in its outbox, as it last reported them (less what that push delivered),
    #: and when.
    pending_actions: Mapped[int | None] = mapped_column(Integer)
    pending_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last push or pull the server refused: its error code and a fixed message (never
    #: what the laptop sent), and when.
    last_error_code: Mapped[str | None] = mapped_column(String(64))
    last_error_message: Mapped[str | None] = mapped_column(String(300))
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AppliedMutation(Base):
    """The exactly-once record: one row per (device, seq), with the result sent back."""

    __tablename__ = "applied_mutations"
    __table_args__ = (
        # The SIP2 bridge takes in a library's recent actions (0008_sip2_bridge).
        Index("applied_by_library_received", "library_id", "received_at"),
        # The console's Reach page counts a library's actions of a kind over a period
        # (0013_reach_indexes).
        Index("applied_by_library_kind_time", "library_id", "kind", "client_time"),
        # What each staff member did, and when they were last seen (0014_staff).
        Index("applied_by_staff", "library_id", "staff_id", "received_at"),
    )
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    mutation_id: Mapped[str] = mapped_column(String(36), index=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The device's clock reading, unchanged, and the offset the server measured with it.
    client_time: Mapped[datetime] = mapped_column(UTCDateTime)
    clock_offset_s: Mapped[float] = mapped_column(Float)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(32))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The staff member the laptop says made the action (a :class:`Staff` id, or
    #: ``local:<device id>`` for a laptop's own first-start administrator), and the one who
    #: approved its override; None from laptops older than staff sign-in (0014_staff).
    staff_id: Mapped[str | None] = mapped_column(String(80))
    approved_by: Mapped[str | None] = mapped_column(String(80))


class Staff(Base):
    """A person who signs in at a library's laptops (#17): staff or volunteer
    (``popup.domain.staff.Role``). Laptops of the library download the account with its PIN
    only as a slow salted hash (``popup.domain.staff.hash_pin``); the PIN itself is never
    kept. A disabled account stays (its actions name it) with ``active`` false (0014_staff).
    """

    __tablename__ = "staff"
    __table_args__ = (
        UniqueConstraint("library_id", "login"),
        # Several accounts without a badge: NULLs are distinct on both backends.
        UniqueConstraint("library_id", "badge"),
    )
    #: A UUID, the key laptops know the account by (and actions name it by).
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    login: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(200))
    #: A staff badge's barcode, scanned at the sign-in screen instead of typing the login.
    badge: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Patron(Base):
    __tablename__ = "patrons"
    __table_args__ = (
        UniqueConstraint("library_id", "card_number"),
        Index("patrons_match", "library_id", "match_key"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    card_number: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    card_expiry: Mapped[date | None] = mapped_column(Date)
    fines_owed_cents: Mapped[int] = mapped_column(Integer, default=0)
    manual_block: Mapped[bool] = mapped_column(Boolean, default=False)
    block_reason: Mapped[str | None] = mapped_column(String(500))
    home_library: Mapped[str] = mapped_column(String(32))
    temporary: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Normalized name + birth date (popup.domain.signup.match_key) for duplicate warnings.
    match_key: Mapped[str | None] = mapped_column(String(300))
    # Personal data from sign-ups: kept here, never sent to devices.
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    personal: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The import that manages this patron ("koha": ``import-koha-patrons``); None for CSV
    #: imports and sign-ups, which no import withdraws.
    ils_source: Mapped[str | None] = mapped_column(String(16))
    #: When an import of its source last found it missing (it is blocked meanwhile, 0007).
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PatronAlias(Base):
    """An old card number that still finds a patron: a replaced temporary card or a merge."""

    __tablename__ = "patron_aliases"
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"), primary_key=True)
    card_number: Mapped[str] = mapped_column(String(64), primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"), index=True)
    #: "temporary" (a sign-up's stand-in number), "merged" (a duplicate patron's card) or
    #: "lost" (a card replaced because it was lost: actions with it are refused, 0005).
    reason: Mapped[str] = mapped_column(String(16))
    #: When a "lost" card was reported lost (the replacement's time at the desk).
    lost_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("library_id", "barcode"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    barcode: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    author: Mapped[str | None] = mapped_column(String(300))
    isbn: Mapped[str | None] = mapped_column(String(20))
    call_number: Mapped[str | None] = mapped_column(String(100))
    item_type: Mapped[str] = mapped_column(String(32))
    home_library: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="available")
    on_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    hold_pickup: Mapped[str | None] = mapped_column(String(32))
    #: The import that manages this item ("marc": ``import-marc``); None for CSV imports.
    ils_source: Mapped[str | None] = mapped_column(String(16))
    #: When an import of its source withdrew it for missing from the file (0007).
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Loan(Base):
    __tablename__ = "loans"
    __table_args__ = (
        # Never two open loans of one item: the server's half of "no doubled loans".
        Index(
            "one_open_loan_per_item",
            "item_id",
            unique=True,
            sqlite_where=text("returned_at IS NULL"),
            postgresql_where=text("returned_at IS NULL"),
        ),
        Index("loans_by_item_out", "item_id", "out_at"),
        Index("loans_by_patron", "patron_id", "returned_at"),
        Index("loans_open_by_library", "library_id", "returned_at", "id"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the device's UUID
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    out_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_date: Mapped[date] = mapped_column(Date)
    renewals: Mapped[int] = mapped_column(Integer, default=0)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why the loan ended (``popup.domain.circulation.ClosedReason``); None while it is open.
    closed_reason: Mapped[str | None] = mapped_column(String(32))
    device_id: Mapped[str | None] = mapped_column(String(36))
    mutation_id: Mapped[str | None] = mapped_column(String(36))


class Hold(Base):
    """A patron's hold: a copy (or any copy of a title) to be picked up at a library, branch or
    vehicle (``pickup``, a code), and on a vehicle optionally at one stop.

    Admins import them (``popup-sync admin import-holds``) until an ILS feeds them; ``hold_id``
    is the ILS's id, the key a re-import and the devices know it by. Devices whose branch is the
    pickup download the active ones (:class:`popup.domain.protocol.entities.HoldData`).
    """

    __tablename__ = "holds"
    __table_args__ = (
        UniqueConstraint("library_id", "hold_id"),
        Index("holds_by_pickup", "library_id", "pickup", "status"),
        Index("holds_by_patron", "patron_id", "status"),
        Index("holds_by_item", "item_id", "status"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    hold_id: Mapped[str] = mapped_column(String(64))
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"))
    #: The copy held; None for a title hold until a copy is set aside for it.
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    title: Mapped[str] = mapped_column(String(500))
    pickup: Mapped[str] = mapped_column(String(32))
    pickup_stop_id: Mapped[str | None] = mapped_column(String(36))
    #: A title hold: any copy of ``title`` meets it (``item_id``: a copy set aside for it).
    any_copy: Mapped[bool] = mapped_column(Boolean, default=False)
    placed_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    #: ``popup.domain.holds.HoldStatus`` value.
    status: Mapped[str] = mapped_column(String(16))
    #: The loan that filled it (a checkout to its patron).
    filled_loan_id: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class InHouseUse(Base):
    __tablename__ = "in_house_uses"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    count: Mapped[int] = mapped_column(Integer)
    used_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class LoanRuleRow(Base):
    __tablename__ = "loan_rules"
    __table_args__ = (UniqueConstraint("library_id", "patron_category", "item_type"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    patron_category: Mapped[str] = mapped_column(String(32))
    item_type: Mapped[str] = mapped_column(String(32))
    loan_days: Mapped[int] = mapped_column(Integer)
    max_renewals: Mapped[int] = mapped_column(Integer)
    max_items: Mapped[int] = mapped_column(Integer)
    loanable: Mapped[bool] = mapped_column(Boolean, default=True)


class ClosedDay(Base):
    __tablename__ = "closed_days"
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str | None] = mapped_column(String(200))


class Stop(Base):
    __tablename__ = "stops"
    # The stop sessions of a period (the console's Reach page, 0013_reach_indexes).
    __table_args__ = (Index("stops_by_library_start", "library_id", "starts_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(300))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Event(Base):
    __tablename__ = "events"
    # A period's stop sessions' events (the console's Reach page, 0013_reach_indexes).
    __table_args__ = (Index("events_by_stop", "library_id", "stop_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"), index=True)
    stop_id: Mapped[str] = mapped_column(String(36))
    title: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(64))
    audience: Mapped[str | None] = mapped_column(String(64))
    onsite: Mapped[bool] = mapped_column(Boolean, default=True)


class Attendance(Base):
    """Append-only counter changes and scans, deduplicated by mutation id."""

    __tablename__ = "attendance"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    event_id: Mapped[str] = mapped_column(String(36), index=True)
    band: Mapped[str] = mapped_column(String(16))
    delta: Mapped[int] = mapped_column(Integer)
    patron_card: Mapped[str | None] = mapped_column(String(64))
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)


class CardRange(Base):
    """A block of card sequence numbers given to one device; blocks never overlap."""

    __tablename__ = "card_ranges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"), index=True)
    #: None for numbers the server itself issued (replacing temporary cards).
    device_id: Mapped[str | None] = mapped_column(String(36))
    first: Mapped[int] = mapped_column(BigInteger)
    last: Mapped[int] = mapped_column(BigInteger)
    allocated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CardRangeGrant(Base):
    """What one device was given on one UTC day: the per-device daily quota is counted here."""

    __tablename__ = "card_range_grants"
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    ranges: Mapped[int] = mapped_column(Integer, default=0)
    numbers: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncException(Base):
    """The exceptions queue: outcomes staff should look at, until resolved."""

    __tablename__ = "sync_exceptions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"), index=True)
    device_id: Mapped[str | None] = mapped_column(String(36))
    seq: Mapped[int | None] = mapped_column(BigInteger)
    mutation_id: Mapped[str | None] = mapped_column(String(36))
    code: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    #: What whoever resolved it did about it (the console asks for it; 0010_exception_notes).
    resolution_note: Mapped[str | None] = mapped_column(Text)


class Sip2Delivery(Base):
    """The SIP2 bridge's delivery ledger: one row per applied action it forwards to the ILS.

    ``state``: ``pending`` (not sent yet), ``sent`` (written before the request goes out: a row
    still ``sent`` after a crash or a lost answer is checked with item/patron information before
    anything is sent again), ``confirmed``, ``refused`` (the ILS said no: an exception names the
    action), ``unknown`` (the answer was lost and the ILS could not tell: an exception), and
    ``by_hand`` (nothing in SIP2 carries it, e.g. a waiver or an undo: an exception) or
    ``skipped`` (nothing to forward). The id is the forwarding order.
    """

    __tablename__ = "sip2_deliveries"
    __table_args__ = (
        UniqueConstraint("device_id", "seq"),
        Index("sip2_deliveries_queue", "library_id", "state", "id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(BigInteger)
    mutation_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(32))
    patron_card: Mapped[str | None] = mapped_column(String(64))
    item_barcode: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: The ILS's screen message (AF), or why the row is refused, unknown or by hand.
    message: Mapped[str | None] = mapped_column(Text)
    exception_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Sip2Contact(Base):
    """When the SIP2 bridge last heard from a library's ILS, and its last failure to reach it
    (the console's bridge page). Written by the bridge at most every few seconds per library,
    not for every message."""

    __tablename__ = "sip2_contacts"
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"), primary_key=True)
    #: The ILS last answered the bridge (a log-in, a request) at about this time.
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why the bridge last could not reach the ILS, and when (an error older than the last
    #: contact is over).
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Change(Base):
    """The change log: which row of which entity changed, not its contents.

    Pull reads the row's *current* state when it serves the entry, so the order in which
    entries are served never makes a device keep an older version of a row.

    ``xid`` is the writing transaction's id on PostgreSQL (``pg_current_xact_id()``) and 0 on
    SQLite; positions are ``(xid, id)`` pairs (see :mod:`popup_sync.changes`).
    """

    __tablename__ = "change_log"
    __table_args__ = (
        Index("change_log_position", "library_id", "xid", "id"),
        # Never reuse an id after compaction empties the log: cursors would skip new rows.
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"))
    xid: Mapped[int] = mapped_column(BigInteger, default=0)
    entity: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# -- the consortium console (#19) ----------------------------------------------------------------


class ConsoleUser(Base):
    """A person who signs in to the web console (not a device, not a patron).

    ``role`` is a :class:`popup_sync.console.access.Role` value; ``library_id`` is the one
    library a manager runs (None for a consortium administrator, and for a viewer of every
    library). The password is kept only as an argon2id hash.
    """

    __tablename__ = "console_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    library_id: Mapped[int | None] = mapped_column(ForeignKey("libraries.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    #: Wrong passwords in a row; at the limit the account locks until ``locked_until``.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsoleSession(Base):
    """A signed-in browser: the cookie's token (kept hashed) and the CSRF token of its forms."""

    __tablename__ = "console_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConsoleAudit(Base):
    """Every change made through the console: who, what, when (and for which library).

    ``detail`` names rows by id or code, never a patron's name.
    """

    __tablename__ = "console_audit"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    login: Mapped[str] = mapped_column(String(64))
    library_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def table_names() -> list[str]:
    return sorted(Base.metadata.tables)
