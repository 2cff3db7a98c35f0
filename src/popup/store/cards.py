"""Forgotten, lost and expired cards at the desk: find a patron by name, replace a lost card,
renew a card. The rules are :mod:`popup.domain.patron_cards`'.

* :meth:`Cards.lookup` searches the ``patron_names`` FTS5 index (store revision 0006): every
  word typed is a prefix of a word of the name, accents and case ignored, so "mar garc" finds
  "García, María". A date of birth narrows the list where the store can tell: a row that
  still holds the date (a sign-up not yet synced) must have that date, a row that keeps only
  the duplicate-check key must have the key of that name and date (4 bits: a namesake born
  another day is dropped 15 times in 16), and a row with neither stays (nothing to check).
  The store keeps no postcode: circulation does not need one, so it cannot narrow by it.
* :meth:`Cards.replace_lost` gives the patron a number from the device's block (or a
  temporary one, as a sign-up does), keeps the old number as a lost alias from now on and
  writes the ``card_replace`` action, in one transaction.
* :meth:`Cards.renew` moves the expiry by the ``card_renewal_years`` setting for the
  patron's category and writes the ``card_renew`` action, in one transaction.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from popup.domain import patron_cards as rules
from popup.domain import signup as signup_rules
from popup.domain.due_dates import local_date
from popup.domain.protocol.actions import CardRenew, CardReplace
from popup.domain.staff import Capability
from popup.store import outbox
from popup.store import signup as signups
from popup.store.circulation import lookups as db
from popup.store.circulation.errors import DeskError, Problem
from popup.store.db import driver
from popup.store.library import StoreService
from popup.store.models import Patron, PatronAlias

log = logging.getLogger(__name__)

#: At most this many patrons are listed; staff type more of the name to narrow it.
LOOKUP_LIMIT = 30
#: Candidates read from the index before the date of birth narrows them.
_CANDIDATES = 400

# The index's own order (rowid) and LIMIT inside: SQLite stops at the first matches instead of
# reading and sorting every one ("ma" matches a tenth of the patrons); the few found are
# sorted by name here. More than a page: staff type more of the name.
_SEARCH = (
    "SELECT p.id, p.card_number, p.name, p.category, p.card_expiry, p.date_of_birth,"
    " p.match_key FROM patrons p JOIN (SELECT rowid FROM patron_names"
    " WHERE patron_names MATCH ? LIMIT ?) AS hit ON p.id = hit.rowid"
)


@dataclass(frozen=True)
class Found:
    """One patron in the lookup list: what staff see, and the card to serve them by."""

    card_number: str
    name: str
    category: str
    card_expiry: date | None

    @property
    def masked(self) -> str:
        return rules.masked_card(self.card_number)


@dataclass(frozen=True)
class Replaced:
    seq: int
    old_card: str
    card_number: str
    temporary: bool
    name: str
    category: str
    card_expiry: date | None
    block: signups.BlockStatus


@dataclass(frozen=True)
class Renewed:
    seq: int
    card_number: str
    previous_expiry: date | None
    card_expiry: date


def name_query(text: str) -> str | None:
    """The FTS5 query for what staff typed: each word a quoted prefix, all required. None when
    fewer than two letters or digits were typed (every patron would match)."""
    words = []
    for raw in text.replace(",", " ").split():
        word = "".join(ch for ch in unicodedata.normalize("NFC", raw) if ch.isalnum())
        if word:
            words.append(f'"{word}"*')
    letters = sum(len(w) - 3 for w in words)
    return " AND ".join(words) if words and letters >= 2 else None


class Cards(StoreService):
    """Lookup by name, lost-card replacement and renewal over one store."""

    # -- lookup ------------------------------------------------------------------------------

    def lookup(self, name: str, born: date | None = None, limit: int = LOOKUP_LIMIT) -> list[Found]:
        """Patrons whose name has every typed word as a prefix of one of its words (see the
        module doc for ``born``), by name; at most ``limit`` of them (ask for one more to learn
        whether there are more). :class:`DeskError` ``LOOKUP_TOO_SHORT`` for under two
        letters."""
        self.require(Capability.LOOKUP)
        query = name_query(name)
        if query is None:
            raise DeskError(Problem.LOOKUP_TOO_SHORT)
        with self.store.read() as session:
            wanted = limit if born is None else _CANDIDATES
            rows = driver(session).execute(_SEARCH, (query, wanted)).fetchall()
            secret = signups.match_secret(session) if born is not None else b""
        found: list[Found] = []
        for _pid, card, full_name, category, expiry, stored_born, key in rows:
            if born is not None and not _may_be_born(secret, full_name, stored_born, key, born):
                continue
            found.append(
                Found(card, full_name, category, date.fromisoformat(expiry) if expiry else None)
            )
            if len(found) >= limit:
                break
        return sorted(found, key=lambda f: (f.name.casefold(), f.card_number))

    # -- a lost card -------------------------------------------------------------------------

    def replace_lost(self, card: str, *, found_by_lookup: bool = False) -> Replaced:
        """Give the patron of ``card`` a new number; ``card`` is refused from now on."""
        self.require(Capability.CARDS)
        now = self.clock()
        cfg = self.config
        with self.store.transaction() as session:
            record = db.find_patron(session, card, cfg.card_format, cfg.zone)
            patron = session.get(Patron, record.id)
            assert patron is not None
            old = patron.card_number
            number = signups.take_number(session, cfg)
            temporary = number is None
            if number is None:
                number = signups.temporary_number(session)
            patron.card_number = number
            patron.temporary = temporary
            alias = session.get(PatronAlias, old)
            if alias is None:
                session.add(PatronAlias(card_number=old, patron_id=patron.id, lost_at=now))
            else:
                alias.patron_id, alias.lost_at = patron.id, now
            session.flush()
            entry = outbox.append(
                session,
                CardReplace(
                    old_card=old,
                    new_card=number,
                    temporary=temporary,
                    replaced_at=now,
                    found_by_lookup=found_by_lookup,
                ),
                now,
            )
            if temporary and not number.endswith(f"-{entry.seq:06d}"):
                raise signups.SignupError(signups.SignupProblem.NUMBER_MISMATCH)
            replaced = Replaced(
                seq=entry.seq,
                old_card=old,
                card_number=number,
                temporary=temporary,
                name=patron.name,
                category=patron.category,
                card_expiry=patron.card_expiry,
                block=signups.BlockStatus(signups.remaining(session), cfg.card_range_low_warning),
            )
        log.info("lost card replaced (temporary=%s, seq=%s)", temporary, replaced.seq)
        return replaced

    # -- renewal -----------------------------------------------------------------------------

    def renewal_expiry(self, category: str, current: date | None) -> date:
        """The expiry a renewal today would give (shown before staff confirm)."""
        cfg = self.config
        years = rules.renewal_years(category, cfg.card_renewal_years, cfg.card_expiry_years)
        return rules.renewed_expiry(current, local_date(self.clock(), cfg.zone), years)

    def renew(self, card: str, *, found_by_lookup: bool = False) -> Renewed:
        self.require(Capability.CARDS)
        now = self.clock()
        cfg = self.config
        with self.store.transaction() as session:
            record = db.find_patron(session, card, cfg.card_format, cfg.zone)
            patron = session.get(Patron, record.id)
            assert patron is not None
            previous = patron.card_expiry
            expiry = self.renewal_expiry(patron.category, previous)
            patron.card_expiry = expiry
            session.flush()
            entry = outbox.append(
                session,
                CardRenew(
                    patron_card=patron.card_number,
                    renewed_at=now,
                    new_expiry=expiry,
                    previous_expiry=previous,
                    found_by_lookup=found_by_lookup,
                ),
                now,
            )
            return Renewed(entry.seq, patron.card_number, previous, expiry)


def _may_be_born(secret: bytes, name: str, stored: str | None, key: str | None, born: date) -> bool:
    """Could the patron of this row be born on ``born``, as far as the row can tell?"""
    if stored is not None:
        return date.fromisoformat(stored) == born
    if key is None:
        return True
    forms = [name]
    if "," in name:  # imported "Surname, Firstname" was keyed as "Firstname Surname"
        surname, firstname = name.split(",", 1)
        forms.append(f"{firstname} {surname}")
    return any(signup_rules.keyed_match_key(secret, form, born) == key for form in forms)


def lost_alias(session: Any, card: str) -> datetime | None:
    """When ``card`` was reported lost on this laptop (None: it was not)."""
    alias = session.get(PatronAlias, card)
    return None if alias is None else alias.lost_at


__all__ = ["LOOKUP_LIMIT", "Cards", "Found", "Renewed", "Replaced", "lost_alias", "name_query"]
