"""Signing a patron up: a card number from this device's block, the patron row and the outbox
record, all in one transaction.

Card numbers
------------
Each device holds blocks of card sequence numbers (``card_ranges``). Taking a number advances
the block's ``next`` in the same transaction that inserts the patron and appends the
``patron_register`` action, so after a crash either all three are on disk or none is: a number
is never handed out twice and none is skipped.

When every block is used up the patron gets a *temporary* number::

    T<first 8 hex digits of the device id>-<outbox seq, 6+ digits>     e.g. T3F9A0C12-000417

It starts with a letter, so it can never equal a real (all-digit) card number; the seq is the
``patron_register`` action's own outbox seq, which is unique on the device and committed with
the patron, so it never repeats across a crash either. The server replaces it with a real
number on sync (:func:`replace_temporary_card`); the temporary number stays as an alias so the
printed card keeps working.

Privacy
-------
Once the server has acknowledged a sign-up, :func:`erase_acknowledged` keeps only what
circulation needs (card number, name, category, expiry, blocks) and erases the rest, from the
patron row and from the acknowledged outbox record. The duplicate check's key stays: the first
byte of an HMAC of the name + birth date under this device's secret
(:class:`~popup.store.models.MatchSecret`, a table of its own). Only a byte, because the secret
is in the same file: a full HMAC would give the date back to anyone trying every day of a
century, while a byte is shared by ~180 of them. A second sign-up with the same name and a key
that matches is warned about whether or not the first one has synced (a false warning needs a
namesake and a 1-in-256 coincidence).
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from popup.domain import signup as rules
from popup.domain.cards import ScanKind
from popup.domain.concerns import specifics
from popup.domain.demo_data import DEMO_INSTITUTION
from popup.domain.due_dates import local_date
from popup.domain.messages import SIGNUP
from popup.domain.protocol.actions import Kind, PatronRegister
from popup.domain.protocol.envelopes import Status
from popup.domain.refusals import Refusal
from popup.domain.signup import TEMPORARY_PREFIX, is_temporary, temporary_card
from popup.domain.staff import Capability, display_name
from popup.store import outbox, staff
from popup.store.db import Store
from popup.store.library import LibraryConfig, load_config
from popup.store.models import CardRange, Device, MatchSecret, OutboxEntry, Patron, PatronAlias

log = logging.getLogger(__name__)


class SignupProblem(enum.StrEnum):
    """Why the store refused: the stable key of a :class:`SignupError`'s sentence.

    The comment after each names its ``params``.
    """

    NO_DEVICE = "NO_DEVICE"
    NUMBER_MISMATCH = "NUMBER_MISMATCH"
    BAD_BLOCK = "BAD_BLOCK"  # first, last
    BLOCK_OVERLAPS = "BLOCK_OVERLAPS"  # first, last
    NO_TEMPORARY_PATRON = "NO_TEMPORARY_PATRON"  # card
    NOT_TEMPORARY = "NOT_TEMPORARY"  # card
    CARD_IN_USE = "CARD_IN_USE"  # card
    POSSIBLE_DUPLICATE = "POSSIBLE_DUPLICATE"  # (the specifics are the ``matches``)


class SignupError(Refusal):
    """A sign-up the store refuses, by a :class:`SignupProblem` key of
    :data:`popup.domain.messages.SIGNUP`."""

    CATALOGUE = SIGNUP


class PossibleDuplicate(SignupError):
    """Local patrons that look like the one being signed up."""

    def __init__(self, matches: list[DuplicateMatch]) -> None:
        self.matches = matches
        super().__init__(SignupProblem.POSSIBLE_DUPLICATE, specifics(count=len(matches)))


@dataclass(frozen=True)
class DuplicateMatch:
    card_number: str
    name: str
    category: str
    #: Why it matched: "name and date of birth", "email", "phone" (joined with ", ").
    reason: str
    #: Shown to someone who may not look patrons up (a volunteer signing up): ``name`` is the
    #: first name and last initial (:func:`popup.domain.staff.display_name`), ``card_number``
    #: and ``category`` are empty, and there is no existing patron to open from the warning.
    limited: bool = False


@dataclass(frozen=True)
class BlockStatus:
    """How many real card numbers this device still holds."""

    remaining: int
    threshold: int

    @property
    def low(self) -> bool:
        return self.remaining < self.threshold

    @property
    def empty(self) -> bool:
        return self.remaining == 0


@dataclass(frozen=True)
class Registered:
    card_number: str
    temporary: bool
    seq: int
    name: str
    category: str
    card_expiry: date
    block: BlockStatus


def institution_of(config: LibraryConfig) -> str:
    """The institution code embedded in new card numbers.

    A library whose card format fixes an institution uses it; a format that accepts any
    institution (a consortium) signs up with the demo consortium's code until the sync server
    hands out blocks that carry their own.
    """
    return config.card_format.institution or DEMO_INSTITUTION


# -- card blocks ------------------------------------------------------------------------------


def add_card_range(
    session: Session, first: int, last: int, source: str = "local", at: datetime | None = None
) -> CardRange:
    """Give this device a block of sequence numbers ``first..last`` (inclusive)."""
    if first < 0 or last < first:
        raise SignupError(SignupProblem.BAD_BLOCK, specifics(first=first, last=last))
    overlapping = session.scalar(
        select(func.count())
        .select_from(CardRange)
        .where(CardRange.first <= last, CardRange.last >= first)
    )
    if overlapping:
        raise SignupError(SignupProblem.BLOCK_OVERLAPS, specifics(first=first, last=last))
    block = CardRange(
        first=first, last=last, next=first, source=source, allocated_at=at or datetime.now(UTC)
    )
    session.add(block)
    session.flush()
    return block


def remaining(session: Session) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(CardRange.last - CardRange.next + 1), 0)).where(
            CardRange.next <= CardRange.last
        )
    )
    return int(total or 0)


def block_status(store: Store, config: LibraryConfig | None = None) -> BlockStatus:
    with store.read() as session:
        threshold = (config or load_config(session)).card_range_low_warning
        return BlockStatus(remaining(session), threshold)


def _card_in_use(session: Session, number: str) -> bool:
    return bool(
        session.scalar(select(Patron.id).where(Patron.card_number == number))
        or session.get(PatronAlias, number)
    )


def take_number(session: Session, config: LibraryConfig) -> str | None:
    """The next free real card number, advancing its block; None when all blocks are used."""
    institution = institution_of(config)
    while True:
        block = session.scalar(
            select(CardRange).where(CardRange.next <= CardRange.last).order_by(CardRange.id)
        )
        if block is None:
            return None
        sequence = block.next
        block.next = sequence + 1
        number = config.card_format.make(ScanKind.PATRON, sequence, institution)
        if not _card_in_use(session, number):  # a block overlapping downloaded cards
            return number
        log.warning("card block %s: sequence already in use, skipped", block.id)


def temporary_number(session: Session) -> str:
    """A temporary number from the seq the coming outbox record will take (see module doc)."""
    device = session.get(Device, 1)
    if device is None:
        raise SignupError(
            SignupProblem.NO_DEVICE,
        )
    return temporary_card(device.device_id, device.last_seq + 1)


# -- duplicates -------------------------------------------------------------------------------


def match_secret(session: Session) -> bytes:
    """This device's secret for duplicate-check keys (made when the store is opened)."""
    row = session.get(MatchSecret, 1)
    if row is None:
        raise RuntimeError("store has no match secret; open it with Store.open()")
    return bytes.fromhex(row.secret)


def stored_match_key(session: Session, name: str, born: date | None) -> str | None:
    """The key a patron row keeps for the duplicate check (see the module doc)."""
    return rules.keyed_match_key(match_secret(session), name, born)


def find_duplicates(session: Session, clean: rules.CleanSignup) -> list[DuplicateMatch]:
    """Local patrons with the same normalized name and birth date, or the same email/phone."""
    reasons: dict[int, list[str]] = {}
    found: dict[int, Patron] = {}

    def note(patrons: Any, why: str) -> None:
        for p in patrons:
            found[p.id] = p
            reasons.setdefault(p.id, []).append(why)

    key = stored_match_key(session, clean.name, clean.date_of_birth)
    if key is not None:
        # The key is 4 bits (~1 in 16 people share it): the name must be the same too, and a
        # birth date still on the row must be the same date.
        same = (
            p
            for p in session.scalars(select(Patron).where(Patron.match_key == key))
            if rules.same_name(clean.name, p.name)
            and (p.date_of_birth is None or p.date_of_birth == clean.date_of_birth)
        )
        note(same, "name and date of birth")
    if clean.email:
        note(
            session.scalars(select(Patron).where(func.lower(Patron.email) == clean.email)),
            "email",
        )
    if clean.phone:
        wanted = rules.phone_digits(clean.phone)
        candidates = session.scalars(select(Patron).where(Patron.phone.is_not(None)))
        note((p for p in candidates if rules.phone_digits(p.phone or "") == wanted), "phone")
    return [
        DuplicateMatch(p.card_number, p.name, p.category, ", ".join(reasons[pid]))
        for pid, p in sorted(found.items())
    ]


def require_sign_up(store: Store, config: LibraryConfig | None = None) -> staff.Actor:
    """The signed-in actor if they may sign patrons up: staff, or a volunteer where the
    library's ``volunteers_may_sign_up`` setting allows it
    (:class:`~popup.store.staff.SignInNeeded` / :class:`~popup.store.staff.NotAllowed`)."""
    actor = store.actor
    if actor is not None and actor.may(Capability.SIGN_UP):
        return actor
    if config is None:
        with store.read() as session:
            config = load_config(session)
    return staff.require(
        store, Capability.SIGN_UP, volunteers_may_sign_up=config.volunteers_may_sign_up
    )


def duplicates(store: Store, clean: rules.CleanSignup) -> list[DuplicateMatch]:
    """Local patrons that look like ``clean``. Someone who may not look patrons up
    (:attr:`Capability.LOOKUP`: a volunteer signing up) gets each match ``limited``: a first
    name and initial and why it matched, never the card number or category — a sign-up form
    must not be a way to look patrons up by name, email or phone."""
    actor = require_sign_up(store)
    with store.read() as session:
        matches = find_duplicates(session, clean)
    return _as_seen_by(actor, matches)


def _as_seen_by(actor: staff.Actor, matches: list[DuplicateMatch]) -> list[DuplicateMatch]:
    if actor.may(Capability.LOOKUP):
        return matches
    return [DuplicateMatch("", display_name(m.name), "", m.reason, limited=True) for m in matches]


# -- sign-up ----------------------------------------------------------------------------------


def register(
    store: Store,
    clean: rules.CleanSignup,
    *,
    now: datetime | None = None,
    config: LibraryConfig | None = None,
    allow_duplicate: bool = False,
    approval: staff.Approval | None = None,
) -> Registered:
    """Sign the patron up: number, patron row and outbox record in one transaction.

    Raises :class:`PossibleDuplicate` (nothing written) when a local patron matches, unless
    ``allow_duplicate`` (staff chose "Create anyway"). Only someone who may sign up
    (:func:`require_sign_up`); ``allow_duplicate`` overrides the duplicate check, so it also
    needs :attr:`Capability.OVERRIDE` or a staff member's ``approval`` (recorded as the
    outbox record's ``approved_by``) — :class:`~popup.store.staff.NotAllowed` otherwise.
    """
    actor = require_sign_up(store, config)
    approved_by: str | None = None
    if allow_duplicate and not actor.may(Capability.OVERRIDE):
        if approval is None or not approval.approver.may(Capability.OVERRIDE):
            raise staff.NotAllowed(Capability.OVERRIDE, actor.role)
        approved_by = approval.approver.staff_id
    moment = now or datetime.now(UTC)
    with store.transaction() as session:
        cfg = config or load_config(session)
        if not allow_duplicate:
            matches = find_duplicates(session, clean)
            if matches:
                raise PossibleDuplicate(_as_seen_by(actor, matches))
        number = take_number(session, cfg)
        temporary = number is None
        if number is None:
            number = temporary_number(session)
        today = local_date(moment, cfg.zone)
        expiry = rules.card_expiry(today, cfg.card_expiry_years)
        # The action first: the patron row keeps what it says, the personal fields too until
        # the server has them (erase_acknowledged).
        payload = PatronRegister(
            patron_card=number,
            temporary=temporary,
            name=clean.name,
            category=clean.category,
            card_expiry=expiry,
            home_library=cfg.library_code,
            signed_up_at=moment,
            date_of_birth=clean.date_of_birth,
            address=clean.address,
            phone=clean.phone,
            email=clean.email,
            language=clean.language,
            guardian_name=clean.guardian_name,
            guardian_card=clean.guardian_card,
            consent_at=moment,
            notes=clean.notes,
        )
        personal = {name: getattr(payload, name) for name in PatronRegister.PERSONAL_FIELDS}
        session.add(
            Patron(
                card_number=payload.patron_card,
                name=payload.name,
                category=payload.category,
                card_expiry=payload.card_expiry,
                fines_owed_cents=0,
                manual_block=False,
                block_reason=None,
                home_library=payload.home_library,
                temporary=payload.temporary,
                origin="local",
                created_at=moment,
                match_key=stored_match_key(session, clean.name, clean.date_of_birth),
                **personal,
            )
        )
        session.flush()
        entry = outbox.append(session, payload, moment, approved_by=approved_by)
        if temporary and not number.endswith(f"-{entry.seq:06d}"):
            # The temporary number is derived from this seq; anything else is a broken invariant.
            raise SignupError(
                SignupProblem.NUMBER_MISMATCH,
            )
        block = BlockStatus(remaining(session), cfg.card_range_low_warning)
        registered = Registered(
            card_number=number,
            temporary=temporary,
            seq=entry.seq,
            name=clean.name,
            category=clean.category,
            card_expiry=expiry,
            block=block,
        )
    # Only once committed: a sign-up whose commit failed was never made.
    log.info("patron signed up (temporary=%s, seq=%s)", temporary, registered.seq)
    return registered


# -- after the server acknowledges ------------------------------------------------------------


def erase_personal_data(session: Session, card_number: str, at: datetime) -> bool:
    """Erase a signed-up patron's personal fields, keeping what circulation needs.

    Finds the patron by card number or alias. Returns False when there is no such patron.
    """
    patron = session.scalar(select(Patron).where(Patron.card_number == card_number))
    if patron is None:
        alias = session.get(PatronAlias, card_number)
        patron = session.get(Patron, alias.patron_id) if alias is not None else None
    if patron is None:
        return False
    for name in PatronRegister.PERSONAL_FIELDS:
        setattr(patron, name, None)
    # match_key stays: 4 bits of a keyed hash, shared by ~2,900 dates of a century, it does not
    # give the birth date back, and the duplicate warning needs it.
    if patron.personal_erased_at is None:
        patron.personal_erased_at = at
    return True


def erase_acknowledged(
    session: Session, seqs: list[int] | None = None, at: datetime | None = None
) -> int:
    """Erase personal data of every acknowledged ``patron_register`` action.

    The sync client calls this in the same transaction as :func:`popup.store.outbox.mark_acked`
    (``seqs`` = the seqs just acknowledged; None = every acknowledged sign-up). The action's
    outbox payload keeps :meth:`PatronRegister.without_personal` only. Returns how many
    sign-ups were erased. A *rejected* sign-up is kept whole: the server did not store it, so
    its details are still needed to sign the patron up again from the exceptions inbox.
    """
    moment = at or datetime.now(UTC)
    # Zero the space erased values leave behind in the file's pages (this connection only).
    session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
    query = select(OutboxEntry.seq, OutboxEntry.payload).where(
        OutboxEntry.kind == Kind.PATRON_REGISTER.value,
        OutboxEntry.state == outbox.ACKED,
        OutboxEntry.outcome_status != Status.REJECTED.value,
    )
    if seqs is not None:
        query = query.where(OutboxEntry.seq.in_(list(seqs)))
    erased = 0
    for seq, stored in session.execute(query):
        payload = outbox.payload_of(Kind.PATRON_REGISTER, stored)
        assert isinstance(payload, PatronRegister)
        if payload.personal_erased and not payload.has_personal:
            continue  # already erased
        erase_personal_data(session, payload.patron_card, moment)
        outbox.replace_payload(session, seq, payload.without_personal())
        erased += 1
    session.flush()
    return erased


def checkpoint(store: Store) -> bool:
    """Fold the WAL into the main file and truncate it, so erased values leave the WAL too.

    Call after the transaction that erased personal data has committed.
    """
    return store.truncate_wal()


def replace_temporary_card(session: Session, temporary: str, real: str) -> None:
    """The server's real number for a temporary one: the patron moves to ``real`` and
    ``temporary`` stays as an alias, so the printed card and any loans keep working."""
    patron = session.scalar(select(Patron).where(Patron.card_number == temporary))
    if patron is None:
        raise SignupError(SignupProblem.NO_TEMPORARY_PATRON, specifics(card=temporary))
    if not patron.temporary:
        raise SignupError(SignupProblem.NOT_TEMPORARY, specifics(card=temporary))
    if _card_in_use(session, real):
        raise SignupError(SignupProblem.CARD_IN_USE, specifics(card=real))
    patron.card_number = real
    patron.temporary = False
    session.add(PatronAlias(card_number=temporary, patron_id=patron.id))
    session.flush()


def signed_up_patrons(session: Session) -> list[Patron]:
    """Patrons signed up on this laptop (newest first)."""
    return list(
        session.scalars(select(Patron).where(Patron.origin == "local").order_by(Patron.id.desc()))
    )


__all__ = [
    "TEMPORARY_PREFIX",
    "BlockStatus",
    "DuplicateMatch",
    "PossibleDuplicate",
    "Registered",
    "SignupError",
    "SignupProblem",
    "add_card_range",
    "block_status",
    "checkpoint",
    "duplicates",
    "erase_acknowledged",
    "erase_personal_data",
    "find_duplicates",
    "institution_of",
    "is_temporary",
    "match_secret",
    "register",
    "remaining",
    "replace_temporary_card",
    "require_sign_up",
    "signed_up_patrons",
    "stored_match_key",
    "take_number",
    "temporary_number",
]
