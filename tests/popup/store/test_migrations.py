"""Alembic migrations: empty -> head, an older file with data -> head (with a backup), and the
models agreeing with what the migrations build."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from popup.store.db import Store, alembic_config, head_revision, make_engine
from popup.store.models import SQL_KEPT_INDEXES, Base, described_by_models
from tests.helpers import raw


def test_empty_file_migrates_to_head(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "popup.sqlite3", tmp_path / "backups")
    try:
        with store.engine.connect() as conn:
            rev = MigrationContext.configure(conn).get_current_revision()
        assert rev == head_revision()
        assert list((tmp_path / "backups").iterdir()) == []  # nothing to back up
    finally:
        store.close()


def test_models_match_the_migrations(store: Store) -> None:
    with store.engine.connect() as conn, warnings.catch_warnings():
        # SQLAlchemy cannot reflect an index on an expression; it is not the models' (0009).
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        context = MigrationContext.configure(conn, opts={"include_name": described_by_models})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    with store.engine.connect() as conn:
        kept = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(outbox)")}
    assert set(SQL_KEPT_INDEXES) <= kept


def _store_at(path: Path, revision: str) -> None:
    engine = make_engine(path)
    with engine.connect() as conn:
        command.upgrade(alembic_config(conn), revision)
        conn.commit()
    engine.dispose()


def test_upgrade_over_a_file_with_data_keeps_it_and_leaves_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "popup.sqlite3"
    _store_at(path, "0001")
    con = raw.connect(path)
    con.execute(
        "INSERT INTO items (barcode, title, item_type, home_library, status, on_hold)"
        " VALUES ('31120000000017', 'The Quiet Harbor', 'BOOK', 'MAIN', 'available', 0)"
    )
    con.execute(
        "INSERT INTO device (id, device_id, last_seq, created_at)"
        " VALUES (1, 'a1b2c3d4-0000-4000-8000-000000000000', 12, '2026-11-01T10:00:00+00:00')"
    )
    con.commit()
    con.close()

    store = Store.open(path, tmp_path / "backups")
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT title FROM items").scalar() == "The Quiet Harbor"
            assert conn.exec_driver_sql("SELECT last_seq FROM device").scalar() == 12
            indexes = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(items)")}
            assert "ix_items_title" in indexes
    finally:
        store.close()

    backups = list((tmp_path / "backups").glob("popup-0001-*.sqlite3"))
    assert len(backups) == 1
    con = raw.connect(backups[0], store=path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert con.execute("SELECT count(*) FROM items").fetchone() == (1,)
    con.close()


def test_reopening_at_head_makes_no_new_backup(tmp_path: Path) -> None:
    path = tmp_path / "popup.sqlite3"
    Store.open(path, tmp_path / "backups").close()
    Store.open(path, tmp_path / "backups").close()
    assert list((tmp_path / "backups").iterdir()) == []


def test_old_backups_are_deleted_once_the_store_has_opened_fine(tmp_path: Path) -> None:
    # Backups hold sign-up details the store itself erases after upload; they must not linger.
    path, backups = tmp_path / "popup.sqlite3", tmp_path / "backups"
    backups.mkdir()
    old = backups / "popup-0001-20260101T090000Z.sqlite3"
    recent = backups / f"popup-0001-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.sqlite3"
    other_store = backups / "other-0001-20260101T090000Z.sqlite3"
    stray = backups / "popup-notes.sqlite3"
    for f in (old, recent, other_store, stray):
        f.write_bytes(b"backup")
    # One that cannot be deleted (here a folder; on Windows a locked file) must not stop Popup.
    undeletable = backups / "popup-0001-20260102T090000Z.sqlite3"
    undeletable.mkdir()
    Store.open(path, backups).close()
    assert sorted(p.name for p in backups.iterdir()) == sorted(
        [recent.name, other_store.name, stray.name, undeletable.name]
    )


def test_0005_keys_the_plain_match_keys_under_a_new_secret(tmp_path: Path) -> None:
    """Keys written as plain "name|date" before 0005 are keyed in place, so patrons signed up
    or imported earlier still warn, and the plain birth date leaves the patron rows."""
    import hashlib
    import hmac

    path = tmp_path / "popup.sqlite3"
    _store_at(path, "0004")
    con = raw.connect(path)
    con.execute(
        "INSERT INTO patrons (card_number, name, category, fines_owed_cents, manual_block,"
        " home_library, temporary, origin, match_key)"
        " VALUES ('21120009000007', 'Daniel Okoye', 'ADULT', 0, 0, 'MAIN', 0, 'local',"
        " 'danielokoye|1979-02-14')"
    )
    con.commit()
    con.close()
    store = Store.open(path, tmp_path / "backups")
    try:
        with store.engine.connect() as conn:
            secret = conn.exec_driver_sql("SELECT secret FROM match_secret").scalar()
            kept = conn.exec_driver_sql("SELECT match_key FROM patrons").scalar()
        assert isinstance(secret, str) and len(bytes.fromhex(secret)) == 32
        wanted = hmac.new(bytes.fromhex(secret), b"danielokoye|1979-02-14", hashlib.sha256)
        # Only 4 bits: with the secret beside it, a full HMAC gives the date back.
        assert kept == wanted.hexdigest()[:1]
    finally:
        store.close()


def test_0009_lets_a_returned_loan_forget_its_patron_and_unlinks_swept_records(
    tmp_path: Path,
) -> None:
    """Loans may lose their patron (NULL), the indexes survive the table's rebuild, and an
    acknowledged checkout whose loan the store no longer has stops naming the card; one whose
    loan is still here, one waiting to upload and one an open exception is about do not."""
    import json

    path = tmp_path / "popup.sqlite3"
    _store_at(path, "0008")
    con = raw.connect(path)
    con.execute(
        "INSERT INTO patrons (id, card_number, name, category, fines_owed_cents, manual_block,"
        " home_library, temporary, origin) VALUES (1, '21120009000007', 'Daniel Okoye',"
        " 'ADULT', 0, 0, 'MAIN', 0, 'download')"
    )
    con.execute(
        "INSERT INTO items (id, barcode, title, item_type, home_library, status, on_hold)"
        " VALUES (1, '31120000000017', 'The Quiet Harbor', 'BOOK', 'MAIN', 'on_loan', 0)"
    )
    con.execute(
        "INSERT INTO loans (id, patron_id, item_id, out_at, due_date, renewals, synced)"
        " VALUES ('00000000-0000-4000-8000-00000000000a', 1, 1, '2026-11-01T10:00:00+00:00',"
        " '2026-11-22', 0, 1)"
    )

    def checkout(seq: int, loan: str, state: str) -> None:
        payload = {
            "concerns": [],
            "due_date": "2026-11-22",
            "item_barcode": "31120000000017",
            "loan_id": loan,
            "out_at": "2026-11-01T10:00:00+00:00",
            "override_reason": "told us at the desk",
            "patron_card": "21120009000007",
        }
        con.execute(
            "INSERT INTO outbox (seq, mutation_id, device_id, client_time, kind, payload, state)"
            " VALUES (?, ?, 'd', '2026-11-01T10:00:00+00:00', 'checkout', ?, ?)",
            (seq, f"00000000-0000-4000-8000-00000000010{seq}", json.dumps(payload), state),
        )

    checkout(1, "00000000-0000-4000-8000-00000000000a", "acked")  # its loan is here
    checkout(2, "00000000-0000-4000-8000-00000000000b", "acked")  # swept: forget
    checkout(3, "00000000-0000-4000-8000-00000000000c", "pending")  # waiting
    checkout(4, "00000000-0000-4000-8000-00000000000d", "acked")  # the inbox is about it
    con.execute(  # a damaged record stops nothing and is left as it is
        "INSERT INTO outbox (seq, mutation_id, device_id, client_time, kind, payload, state)"
        " VALUES (5, '00000000-0000-4000-8000-000000000105', 'd', '2026-11-01T10:00:00+00:00',"
        " 'checkout', '{not json', 'acked')"
    )
    con.execute(
        "INSERT INTO sync_exceptions (seq, mutation_id, code, message, received_at,"
        " resolved_synced) VALUES (4, '00000000-0000-4000-8000-000000000104', 'X', 'x',"
        " '2026-11-01T10:00:00+00:00', 0)"
    )
    con.commit()
    con.close()

    store = Store.open(path, tmp_path / "backups")
    try:
        with store.engine.connect() as conn:
            cards = {
                seq: json.loads(payload)
                for seq, payload in conn.exec_driver_sql(
                    "SELECT seq, payload FROM outbox WHERE seq < 5"
                )
            }
            damaged = conn.exec_driver_sql("SELECT payload FROM outbox WHERE seq = 5").scalar()
            indexes = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(loans)")}
            conn.exec_driver_sql("UPDATE loans SET patron_id = NULL")  # now allowed
            fks = conn.exec_driver_sql("PRAGMA foreign_key_list(loans)").fetchall()
    finally:
        store.close()
    assert damaged == "{not json"
    assert cards[2]["patron_card"] == "returned-patron-forgotten"
    assert cards[2]["override_reason"] is None and cards[2]["item_barcode"] == "31120000000017"
    assert {cards[s]["patron_card"] for s in (1, 3, 4)} == {"21120009000007"}
    from popup.store.forget import UNLINKED_CARD
    from popup.store.outbox import payload_of

    read = payload_of("checkout", json.dumps(cards[2]))  # still a checkout the code reads
    assert getattr(read, "patron_card", None) == UNLINKED_CARD
    assert {"loans_by_patron_open", "one_open_loan_per_item", "loans_to_forget"} <= indexes
    assert {(fk[2], fk[3]) for fk in fks} == {("patrons", "patron_id"), ("items", "item_id")}


def test_0010_adds_staff_and_who_made_each_action_keeping_the_outbox(tmp_path: Path) -> None:
    """The outbox gains staff_id and approved_by in place (NULL on older records: nobody was
    signed in then), keeping its expression index; the staff and PIN-count tables start
    empty, so the laptop asks for its first administrator."""
    from popup.store.staff import StaffBook

    path = tmp_path / "popup.sqlite3"
    _store_at(path, "0009")
    con = raw.connect(path)
    con.execute(
        "INSERT INTO outbox (seq, mutation_id, device_id, client_time, kind, payload, state)"
        " VALUES (1, '00000000-0000-4000-8000-000000000101', 'd', '2026-11-01T10:00:00+00:00',"
        " 'in_house_use', '{\"count\":1}', 'pending')"
    )
    con.commit()
    con.close()

    store = Store.open(path, tmp_path / "backups")
    try:
        with store.engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT payload, staff_id, approved_by FROM outbox WHERE seq = 1"
            ).one()
            indexes = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(outbox)")}
            staff = conn.exec_driver_sql("SELECT count(*) FROM staff").scalar()
            counts = conn.exec_driver_sql("SELECT count(*) FROM staff_pin_failures").scalar()
        assert tuple(row) == ('{"count":1}', None, None)
        assert "outbox_by_loan" in indexes
        assert (staff, counts) == (0, 0)
        assert StaffBook(store, lambda: datetime.now(UTC)).needs_first_admin()
    finally:
        store.close()
