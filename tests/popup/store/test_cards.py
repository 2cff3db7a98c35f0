"""Forgotten, lost and expired cards in the store (#15), on real store files: the name index
(FTS5, revision 0006) stays in step with every writer, a replacement is one transaction and
refuses the old card at once, a renewal follows the per-category setting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update

from popup.domain import signup as rules
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS
from popup.domain.protocol.entities import PatronData
from popup.store import demo, library, signup
from popup.store.cards import LOOKUP_LIMIT, Cards, name_query
from popup.store.circulation import CardReportedLost, Desk, DeskError, NeedsOverride, Problem
from popup.store.db import Store
from popup.store.events import EventError, Events
from popup.store.models import CardRange, OutboxEntry, Patron, PatronAlias
from popup.sync_client import rows
from tests.helpers import desk as helpers
from tests.helpers import raw

NOW = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)


def _patron(store: Store, card: str, name: str, **values: object) -> None:
    with store.transaction() as session:
        session.execute(
            update(Patron).where(Patron.card_number == card).values(name=name, **values)
        )


def _cards(store: Store) -> list[str]:
    with store.read() as session:
        return list(session.scalars(select(Patron.card_number).order_by(Patron.id)))


def test_words_match_as_prefixes_in_any_order_without_accents_or_case(
    demo_store: Store,
) -> None:
    card = _cards(demo_store)[10]
    _patron(demo_store, card, "García Núñez, María José")
    cards = Cards(demo_store)
    for typed in ("maria garcia", "GARC mar", "nuñ jos", "garcia, maría", "José"):
        found = cards.lookup(typed)
        assert card in [f.card_number for f in found], typed
    hit = next(f for f in cards.lookup("garc mar") if f.card_number == card)
    assert hit.name == "García Núñez, María José"
    assert hit.masked == f"•••• {card[-4:]}"
    assert cards.lookup("maria zzz") == []
    # Characters FTS5 would read as its own syntax are only text here.
    assert cards.lookup('gar" OR *') == cards.lookup("gar or")


def test_too_little_typed_is_refused_and_long_lists_are_cut(demo_store: Store) -> None:
    cards = Cards(demo_store)
    for typed in ("", " ", "m", "-", "'"):
        with pytest.raises(DeskError) as refused:
            cards.lookup(typed)
        assert refused.value.key == Problem.LOOKUP_TOO_SHORT
    assert name_query("a b") == '"a"* AND "b"*'
    with demo_store.transaction() as session:
        session.execute(update(Patron).values(name="Sam Common"))
    found = cards.lookup("sam com")
    assert len(found) == LOOKUP_LIMIT
    assert [f.card_number for f in found] == _cards(demo_store)[:LOOKUP_LIMIT]  # name, then id


def test_the_index_follows_every_writer_the_orm_the_download_and_deletes(store: Store) -> None:
    demo.seed(store, items=10, patrons=5)
    cards = Cards(store)
    card = _cards(store)[0]
    _patron(store, card, "Quentin Oldname")
    assert [f.card_number for f in cards.lookup("quentin")] == [card]
    _patron(store, card, "Quentin Newname")  # an UPDATE
    assert cards.lookup("oldname") == []
    assert [f.card_number for f in cards.lookup("newname")] == [card]
    # A download's plain-SQL upsert (insert and update).
    with store.transaction() as session:
        rows.upsert_patrons(
            session,
            [
                PatronData(card_number="21120000999993", name="Vera Downloaded", category="TEEN"),
                PatronData(card_number=card, name="Quentin Downloaded", category="ADULT"),
            ],
        )
    assert [f.name for f in cards.lookup("downloaded")] == [
        "Quentin Downloaded",
        "Vera Downloaded",
    ]
    with store.transaction() as session:
        session.execute(delete(Patron).where(Patron.card_number == "21120000999993"))
    assert [f.name for f in cards.lookup("downloaded")] == ["Quentin Downloaded"]


def test_a_date_of_birth_narrows_where_the_row_can_tell(store: Store) -> None:
    demo.seed(store, items=10, patrons=5)
    with store.transaction() as session:
        signup.add_card_range(session, 5000, 5010, at=NOW)
    born = "1990-05-17"

    def sign_up(birth: str) -> str:
        form = rules.SignupForm(
            name="Ana Lookup", date_of_birth=birth, email="", phone="555 0100", consent=True
        )
        clean = rules.validate(form, today=NOW.date(), bands=DEFAULT_CATEGORY_BANDS)
        return signup.register(store, clean, now=NOW, allow_duplicate=True).card_number

    kept = sign_up(born)  # date still on the row (not synced)
    other = sign_up("1991-02-03")
    erased = sign_up(born)
    erased_other = sign_up("1985-07-07")
    with store.transaction() as session:
        for card in (erased, erased_other):
            signup.erase_personal_data(session, card, NOW)
    downloaded = _cards(store)[0]
    _patron(store, downloaded, "Ana Lookup")  # no date, no key: nothing to tell by
    cards = Cards(store)
    every = {f.card_number for f in cards.lookup("ana lookup")}
    assert every == {kept, other, erased, erased_other, downloaded}
    narrowed = {f.card_number for f in cards.lookup("ana lookup", date(1990, 5, 17))}
    assert kept in narrowed and erased in narrowed and downloaded in narrowed
    assert other not in narrowed  # its date is on the row, and differs
    # The erased row keeps 4 bits of the key: another date is dropped unless its 4 bits are
    # the same (1 time in 16).
    with store.read() as session:
        keys = dict(
            session.execute(
                select(Patron.card_number, Patron.match_key).where(
                    Patron.card_number.in_([erased, erased_other])
                )
            ).all()
        )
    assert (erased_other in narrowed) == (keys[erased] == keys[erased_other])


def test_replacing_a_lost_card_is_one_transaction_and_refuses_the_old_card_at_once(
    demo_store: Store,
) -> None:
    old = demo.demo_patron(demo_store)
    desk = Desk(demo_store)
    book = helpers.available_items(demo_store, 1)[0]
    lent = desk.checkout(old, book)
    before = helpers.outbox_count(demo_store)
    done = Cards(demo_store).replace_lost(old, found_by_lookup=True)
    assert done.old_card == old and done.card_number != old and not done.temporary
    assert helpers.outbox_count(demo_store) == before + 1
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "card_replace"
    assert payload == {
        "old_card": old,
        "new_card": done.card_number,
        "temporary": False,
        "replaced_at": payload["replaced_at"],
        "found_by_lookup": True,
    }
    with pytest.raises(CardReportedLost) as refused:
        desk.find_patron(old)
    assert refused.value.key == Problem.CARD_REPORTED_LOST
    assert "was reported lost on" in str(refused.value)
    with pytest.raises(CardReportedLost):
        desk.checkout(old, helpers.available_items(demo_store, 1)[0])
    view = desk.find_patron(done.card_number)
    assert [loan.loan_id for loan in view.loans] == [lent.loan_id]  # the loans followed
    # A return of what was lent on the old card still works (the item is scanned, not the card).
    assert desk.checkin(book).title


def test_a_replacement_takes_a_temporary_number_when_the_block_is_empty(
    demo_store: Store,
) -> None:
    with demo_store.transaction() as session:
        session.execute(update(CardRange).values(next=CardRange.last + 1))
    old = demo.demo_patron(demo_store)
    done = Cards(demo_store).replace_lost(old)
    assert done.temporary and done.card_number.startswith("T")
    assert done.card_number.endswith(f"-{done.seq:06d}")
    with demo_store.read() as session:
        patron = session.scalar(select(Patron).where(Patron.card_number == done.card_number))
        assert patron is not None and patron.temporary
        alias = session.get(PatronAlias, old)
        assert alias is not None and alias.lost_at is not None


def test_nothing_is_written_when_the_card_is_unknown_or_already_lost(demo_store: Store) -> None:
    cards = Cards(demo_store)
    old = demo.demo_patron(demo_store)
    cards.replace_lost(old)
    before = helpers.outbox_count(demo_store)
    with pytest.raises(CardReportedLost):
        cards.replace_lost(old)
    with pytest.raises(DeskError):
        cards.replace_lost("21120000999993")
    with pytest.raises(CardReportedLost):
        cards.renew(old)
    assert helpers.outbox_count(demo_store) == before


def test_a_renewal_follows_the_category_setting_and_clears_the_expired_block(
    demo_store: Store,
) -> None:
    today = datetime.now(UTC).date()
    card = demo.demo_patron(demo_store)
    expired = today - timedelta(days=40)
    _patron(demo_store, card, "Rita Renewal", card_expiry=expired, category="TEEN")
    desk = Desk(demo_store)
    with pytest.raises(NeedsOverride):
        desk.checkout(card, helpers.available_items(demo_store, 1)[0])
    with demo_store.transaction() as session:
        library.put(session, "card_renewal_years", {"teen": 1, "ADULT": 4})
    demo_store.settings_changed()
    cards = Cards(demo_store)
    done = cards.renew(card)
    assert (done.previous_expiry, done.card_expiry) == (expired, today.replace(year=today.year + 1))
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "card_renew" and payload["new_expiry"] == done.card_expiry.isoformat()
    assert payload["previous_expiry"] == expired.isoformat()
    assert desk.find_patron(card).blocks == []
    lent = desk.checkout(card, helpers.available_items(demo_store, 1)[0])
    assert lent.concerns == []
    # Early: counted from the current expiry, so no time is lost.
    again = cards.renew(card)
    assert again.card_expiry == done.card_expiry.replace(year=done.card_expiry.year + 1)
    # A category the setting does not name: card_expiry_years (3).
    _patron(demo_store, card, "Rita Renewal", category="SENIOR", card_expiry=expired)
    assert cards.renew(card).card_expiry == today.replace(year=today.year + 3)


def test_the_demo_has_an_expired_card_and_a_lost_one(store: Store) -> None:
    now = datetime.now(UTC)
    demo.seed(store, items=300, patrons=80, showcase=True, now=now)
    cards, desk = Cards(store), Desk(store)
    [marisol] = cards.lookup("marisol ortega")
    assert [c.code.value for c in desk.find_patron(marisol.card_number).blocks] == ["CARD_EXPIRED"]
    [daniel] = cards.lookup("whitfield")
    with store.read() as session:
        lost = session.scalar(
            select(PatronAlias.card_number).where(PatronAlias.lost_at.is_not(None))
        )
    assert lost is not None
    with pytest.raises(CardReportedLost) as refused:
        desk.find_patron(lost)
    assert refused.value.lost_on == (now - timedelta(days=3)).date()
    assert desk.find_patron(daniel.card_number).blocks == []

    # At an event too: the lost card is refused (the person is counted with their age band's
    # +1) and nothing is written; the new card counts.
    events = Events(store)
    stop = events.stops()[0]
    event = events.create_event(stop.id, "Story time", "story time", "0-5")
    with store.read() as session:
        waiting = session.scalar(select(func.count()).select_from(OutboxEntry))
    with pytest.raises(EventError) as at_event:
        events.scan(event.id, lost)
    assert at_event.value.key == "CARD_REPORTED_LOST"
    assert dict(at_event.value.params)["lost"] == (now - timedelta(days=3)).date().isoformat()
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == waiting
    assert events.scan(event.id, daniel.card_number).patron_card == daniel.card_number


def test_0006_indexes_the_names_already_in_the_store(tmp_path: Path) -> None:
    from tests.popup.store.test_migrations import _store_at

    path = tmp_path / "popup.sqlite3"
    _store_at(path, "0005")
    con = raw.connect(path)
    con.execute(
        "INSERT INTO patrons (card_number, name, category, fines_owed_cents, manual_block,"
        " home_library, temporary, origin) VALUES ('21120000000017', 'Olivia Beforeindex',"
        " 'ADULT', 0, 0, 'MAIN', 0, 'download')"
    )
    con.commit()
    con.close()
    store = Store.open(path, tmp_path / "backups")
    try:
        assert [f.name for f in Cards(store).lookup("olivia before")] == ["Olivia Beforeindex"]
        with store.read() as session:
            assert session.scalar(select(OutboxEntry.seq)) is None
    finally:
        store.close()
