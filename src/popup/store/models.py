"""The laptop's tables (SQLAlchemy 2 ORM).

Times are stored as ISO 8601 text in UTC (see :class:`UTCDateTime`), so the file reads the same
in any tool and sorts correctly. The schema itself is created and changed only by the Alembic
migrations in ``popup/store/migrations``; ``tests/popup/store/test_migrations.py`` checks that
the models and the migrations agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utc_text(value: datetime) -> str:
    """How a moment is stored: UTC ISO text. A naive value is refused, not guessed."""
    if value.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as :func:`utc_text`."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else utc_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.fromisoformat(value)


class Base(DeclarativeBase):
    pass


class Setting(Base):
    """Library/branch settings as JSON values (library code, names, card format, limits)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Device(Base):
    """This laptop's identity; exactly one row, made once at store creation."""

    __tablename__ = "device"
    __table_args__ = (CheckConstraint("id = 1", name="single_device_row"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    #: The seq of the last action written; the next action takes last_seq + 1.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MatchSecret(Base):
    """The per-device secret under which patrons' duplicate-check keys are kept (one row).

    A table of its own, not a column of ``patrons`` or ``device``: re-enrolling (which rewrites
    the device row) keeps every key comparable. It sits in the same file as the keys, so the
    keys are truncated to a byte (see ``Patron.match_key``): the secret must not be enough to
    recover a birth date.
    """

    __tablename__ = "match_secret"
    __table_args__ = (CheckConstraint("id = 1", name="single_match_secret_row"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: 32 random bytes, hex.
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Library(Base):
    """Consortium members, so returns can say where an item belongs."""

    __tablename__ = "libraries"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Patron(Base):
    __tablename__ = "patrons"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_number: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    card_expiry: Mapped[date | None] = mapped_column(Date)
    fines_owed_cents: Mapped[int] = mapped_column(Integer, default=0)
    manual_block: Mapped[bool] = mapped_column(Boolean, default=False)
    block_reason: Mapped[str | None] = mapped_column(String(500))
    home_library: Mapped[str] = mapped_column(String(32))
    #: A number handed out when the device's card block was empty; the server replaces it.
    temporary: Mapped[bool] = mapped_column(Boolean, default=False)
    #: "download" (from the server or an import) or "local" (signed up on this laptop).
    origin: Mapped[str] = mapped_column(String(16), default="download")
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Personal data from a sign-up, kept only until the server acknowledges it.
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str | None] = mapped_column(String(32))
    guardian_name: Mapped[str | None] = mapped_column(String(200))
    guardian_card: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    personal_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The first hex digit (4 bits) of an HMAC of the normalized name + birth date under this
    #: device's :class:`MatchSecret`, for duplicate warnings with the same name. Kept when the
    #: personal data is erased: ~2,900 dates of a century share each value, so no date comes
    #: back.
    match_key: Mapped[str | None] = mapped_column(String(300), index=True)


class PatronAlias(Base):
    """An old card number (a temporary one, or a merged duplicate) that still finds a patron,
    or a card reported lost (``lost_at``), whose scan is refused (0008)."""

    __tablename__ = "patron_aliases"
    card_number: Mapped[str] = mapped_column(String(64), primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id", ondelete="CASCADE"))
    #: When the card was reported lost (a replacement was made); None: an ordinary alias.
    lost_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


#: The FTS5 index of patrons' names (0008): a virtual table with its shadow tables, kept in
#: step with ``patrons`` by triggers, so every writer (the ORM, the download's plain SQL,
#: ``popup recover``'s copy) keeps it right. Not a model: SQLAlchemy cannot describe it.
PATRON_NAMES_FTS = "patron_names"


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    barcode: Mapped[str] = mapped_column(String(64), unique=True)
    #: Indexed (0002) so staff can find an item by title when its barcode will not scan.
    title: Mapped[str] = mapped_column(String(500), index=True)
    author: Mapped[str | None] = mapped_column(String(300))
    isbn: Mapped[str | None] = mapped_column(String(20))
    call_number: Mapped[str | None] = mapped_column(String(100))
    item_type: Mapped[str] = mapped_column(String(32))
    home_library: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="available")
    on_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    hold_pickup: Mapped[str | None] = mapped_column(String(32))


class Loan(Base):
    __tablename__ = "loans"
    __table_args__ = (
        # The heart of "nothing doubled" locally: an item has at most one open loan.
        Index(
            "one_open_loan_per_item",
            "item_id",
            unique=True,
            sqlite_where=text("returned_at IS NULL"),
            postgresql_where=text("returned_at IS NULL"),
        ),
        Index("loans_by_patron_open", "patron_id", "returned_at"),
        # Returned loans still linked to their patron: what popup.store.forget looks at (0009).
        Index(
            "loans_to_forget",
            "id",
            sqlite_where=text("returned_at IS NOT NULL AND patron_id IS NOT NULL"),
            postgresql_where=text("returned_at IS NOT NULL AND patron_id IS NOT NULL"),
        ),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUID, shared with server
    #: None once the loan was returned, the server acknowledged it and nothing here needs to
    #: know whose it was any more (:mod:`popup.store.forget`, store revision 0009).
    patron_id: Mapped[int | None] = mapped_column(ForeignKey("patrons.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    out_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_date: Mapped[date] = mapped_column(Date)
    renewals: Mapped[int] = mapped_column(Integer, default=0)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: returned, closed_by_checkout (item lent to someone else), undone
    closed_reason: Mapped[str | None] = mapped_column(String(32))
    #: False for a loan made or changed here and not yet acknowledged by the server.
    synced: Mapped[bool] = mapped_column(Boolean, default=False)

    patron: Mapped[Patron | None] = relationship()
    item: Mapped[Item] = relationship()


class LoanRuleRow(Base):
    __tablename__ = "loan_rules"
    __table_args__ = (UniqueConstraint("patron_category", "item_type"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patron_category: Mapped[str] = mapped_column(String(32))
    item_type: Mapped[str] = mapped_column(String(32))
    loan_days: Mapped[int] = mapped_column(Integer)
    max_renewals: Mapped[int] = mapped_column(Integer)
    max_items: Mapped[int] = mapped_column(Integer)
    loanable: Mapped[bool] = mapped_column(Boolean, default=True)


class ClosedDay(Base):
    __tablename__ = "closed_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str | None] = mapped_column(String(200))


class OutboxEntry(Base):
    """One action, written in the same transaction as its business rows.

    ``seq`` rises by exactly one per action on this device (see ``Device.last_seq``).
    """

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str] = mapped_column(String(36))
    client_time: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    payload: Mapped[str] = mapped_column(Text)
    #: pending until the server reports an outcome, then acked.
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    outcome_status: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(Text)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The seq of the undo action that compensated this one, if any.
    undone_by: Mapped[int | None] = mapped_column(Integer)
    exported_koc_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exported_xacts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The staff member signed in when the action was made (``Store.actor``; NULL for the
    #: command line, scripts and actions older than staff sign-in, 0010).
    staff_id: Mapped[str | None] = mapped_column(String(80))
    #: The staff member who approved this action's override with their PIN, if any.
    approved_by: Mapped[str | None] = mapped_column(String(80))


class CardRange(Base):
    """A block of card sequence numbers this device may hand out at sign-up."""

    __tablename__ = "card_ranges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer)
    next: Mapped[int] = mapped_column(Integer)
    #: "local" (configured stand-in) or "server" (allocated by the sync server)
    source: Mapped[str] = mapped_column(String(16))
    allocated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Stop(Base):
    __tablename__ = "stops"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(300))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    origin: Mapped[str] = mapped_column(String(16), default="local")


class Event(Base):
    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    stop_id: Mapped[str] = mapped_column(ForeignKey("stops.id"))
    title: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(64))
    audience: Mapped[str | None] = mapped_column(String(64))
    onsite: Mapped[bool] = mapped_column(Boolean, default=True)
    uses_registration: Mapped[bool] = mapped_column(Boolean, default=False)
    capacity: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


#: Attendance rows whose card is not forgotten yet (``popup.store.forget.FORGOTTEN_ATTENDEE``).
_STILL_NAMED = "patron_card IS NOT NULL AND patron_card NOT LIKE 'attendee-forgotten-%'"


class Attendance(Base):
    """One counter change or card scan; counts are sums over these rows, never stored totals."""

    __tablename__ = "attendance"
    __table_args__ = (
        Index(
            "one_scan_per_patron_per_event",
            "event_id",
            "patron_card",
            unique=True,
            sqlite_where=text("patron_card IS NOT NULL"),
            postgresql_where=text("patron_card IS NOT NULL"),
        ),
        # Scans still naming a card: what popup.store.forget looks at (0011).
        Index(
            "attendance_to_forget",
            "counted_at",
            sqlite_where=text(_STILL_NAMED),
            postgresql_where=text(_STILL_NAMED),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    band: Mapped[str] = mapped_column(String(16))
    delta: Mapped[int] = mapped_column(Integer)
    patron_card: Mapped[str | None] = mapped_column(String(64))
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)


class Registration(Base):
    __tablename__ = "registrations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUID, shared with server
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    patron_card: Mapped[str | None] = mapped_column(String(64))
    #: registered, waitlist, checked_in, cancelled
    status: Mapped[str] = mapped_column(String(16), default="registered")
    #: Order of sign-up (the waitlist is promoted in this order).
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Attendance band code, when known at sign-up (else taken from the card at check-in).
    band: Mapped[str | None] = mapped_column(String(16))
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SyncState(Base):
    """Where the sync client stands; one row."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_sync_row"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_url: Mapped[str | None] = mapped_column(String(500))
    cursor: Mapped[str | None] = mapped_column(String(64))
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    #: The last error sentence's key and params (JSON) when it is the sync client's own, so a
    #: UI can word it in its language; NULL for the server's words.
    last_error_key: Mapped[str | None] = mapped_column(String(64))
    last_error_params: Mapped[str | None] = mapped_column(Text)
    clock_offset_s: Mapped[float | None] = mapped_column()
    #: Outbox seqs up to this one were uploaded under an earlier enrollment; the current
    #: device's protocol seq is ``outbox.seq - seq_base`` (set when enrolling again).
    seq_base: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: When the patron/block list was last downloaded, shown to staff at the desk.
    blocks_as_of: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set while a fresh snapshot (after a ``reset``) is coming in; see :class:`SyncSeen`.
    refreshing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SyncException(Base):
    """A server outcome staff should act on (the exceptions inbox)."""

    __tablename__ = "sync_exceptions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int | None] = mapped_column(Integer)
    mutation_id: Mapped[str | None] = mapped_column(String(36))
    code: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The server's exception id (from a pull), so "done" can be sent back to the server.
    server_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: True once the server knows staff marked it done (set by the sync client).
    resolved_synced: Mapped[bool] = mapped_column(Boolean, default=False)


class Hold(Base):
    """A hold to be picked up at this laptop's vehicle, as downloaded (``HoldData``).

    The desk changes it too: a checkout that fills it marks it ``filled`` and a return that sets
    a copy aside for it marks it ``ready`` with that copy, until the server's copy comes down
    (a filled hold then comes as a delete).
    """

    __tablename__ = "holds"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    patron_card: Mapped[str] = mapped_column(String(64), index=True)
    #: The copy held (None: a title hold, any copy, until one is set aside for it).
    item_barcode: Mapped[str | None] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(500))
    placed_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    #: ``popup.domain.holds.HoldStatus`` value.
    status: Mapped[str] = mapped_column(String(16))
    pickup: Mapped[str] = mapped_column(String(32))
    stop_id: Mapped[str | None] = mapped_column(String(36))
    #: A title hold: any copy of the title meets it.
    any_copy: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class Staff(Base):
    """Who may sign in on this laptop (0010): downloaded (``StaffData``), or the laptop's own
    administrator made at first start before it was enrolled (``local``; its id is
    ``local:<device id>``). It can no longer sign in once an active downloaded staff member is
    here. The PIN only as its slow salted hash (``popup.domain.staff.hash_pin``)."""

    __tablename__ = "staff"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: ``popup.domain.staff.Role`` value.
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(200))
    badge: Mapped[str | None] = mapped_column(String(64), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    local: Mapped[bool] = mapped_column(Boolean, default=False)


class PinFailures(Base):
    """Wrong PINs in a row for one login on this laptop (0010): kept in the store, so quitting
    Popup does not reset the wait or the lock."""

    __tablename__ = "staff_pin_failures"
    login: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    #: Locked after ``popup.domain.staff.LOCK_AFTER`` wrong PINs, until a staff member unlocks.
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SyncSeen(Base):
    """The rows a fresh snapshot has delivered so far (mark and sweep).

    A ``reset`` no longer empties the catalogue first: the old rows stay usable at the desk
    while the snapshot pages arrive, over as many connections as it takes, and only when the
    last page is in are the downloaded rows the snapshot did not list deleted.
    """

    __tablename__ = "sync_seen"
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)


class SyncShadow(Base):
    """A downloaded row held back because a local action on it is still waiting to upload.

    The sync client applies it once the server has acknowledged every local action on that row
    (the pending overlay): the screen never loses a local change to an older server copy, and
    the server's copy is never lost either.
    """

    __tablename__ = "sync_shadow"
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    #: The downloaded change as JSON: {"op": "upsert"|"delete", "data": {...}|null}
    change: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


def table_names() -> list[str]:
    return sorted(Base.metadata.tables)


#: Tables kept by SQL the models do not describe: full-text indexes (SQLite FTS5), their view
#: and the shadow tables SQLite makes for each (``items_search_data``, ``_idx``, ...), written
#: by triggers (migrations 0006 and 0008). Another index is one more name here.
SQL_KEPT_TABLES = ("items_search", PATRON_NAMES_FTS)


#: Indexes on expressions, made by SQL the models do not describe: ``outbox_by_loan`` (0009), the
#: checkout and renewal records of a loan by ``json_extract(payload, '$.loan_id')``, and
#: ``payments_to_forget`` (0011), the payment records still naming their payer (a condition on
#: the payload's JSON), which :mod:`popup.store.forget` asks for by name (``INDEXED BY``).
#: SQLAlchemy cannot reflect them: a later migration that rebuilds ``outbox`` in batch mode
#: must make them again.
SQL_KEPT_INDEXES = ("outbox_by_loan", "payments_to_forget")


def described_by_models(name: str | None, type_: str, _parents: object = None) -> bool:
    """Whether the models/migrations comparison looks at ``name`` (Alembic's ``include_name``):
    not at the full-text indexes of :data:`SQL_KEPT_TABLES`, nor the indexes of
    :data:`SQL_KEPT_INDEXES`."""
    if type_ == "index":
        return name not in SQL_KEPT_INDEXES
    if type_ != "table" or name is None:
        return True
    return not any(name == t or name.startswith(f"{t}_") for t in SQL_KEPT_TABLES)
