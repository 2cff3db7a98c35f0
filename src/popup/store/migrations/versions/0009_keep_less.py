"""Keep less (#17): a returned loan may forget its patron.

* ``loans.patron_id`` may be NULL: once the server has acknowledged a return (and nothing at
  the desk or in the exceptions inbox still needs it), :mod:`popup.store.forget` unlinks the
  loan from its patron. The loan row stays (item, dates, why it closed) for the exports and
  the overlay; the stop report counts outbox records, not loans.
* ``loans_to_forget``: a partial index of the returned loans still linked, so the housekeeping
  after every acknowledgement and every downloaded page finds them without scanning the loans.
* ``outbox_by_loan``: the checkout and renewal records of a loan, by the payload's ``loan_id``
  (an index on an expression, kept out of the models like the full-text indexes).
* Checkout and renewal records already acknowledged whose loan this store no longer has stop
  naming the patron (``_ORPHANS``). The pre-migration backup still has them, for its 14 days.

SQLite cannot relax NOT NULL in place: the table is rebuilt (batch mode), its indexes dropped
first and made again after, as 0001 made them.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _indexes() -> None:
    op.create_index("loans_by_patron_open", "loans", ["patron_id", "returned_at"], unique=False)
    op.create_index(
        "one_open_loan_per_item",
        "loans",
        ["item_id"],
        unique=True,
        sqlite_where=sa.text("returned_at IS NULL"),
        postgresql_where=sa.text("returned_at IS NULL"),
    )


def _drop_indexes() -> None:
    op.drop_index("one_open_loan_per_item", table_name="loans")
    op.drop_index("loans_by_patron_open", table_name="loans")


#: Acknowledged checkout and renewal records whose loan this store no longer has (a fresh
#: snapshot swept the returned loan away): they need not name the patron any more. The same
#: statement as ``popup.store.forget.ORPHANS_SQL`` when this revision was written; a
#: migration keeps its own copy. Loans still held are left to the first sync pass.
_ORPHANS = (
    "UPDATE outbox SET payload = json_set(payload, '$.patron_card',"
    " 'returned-patron-forgotten', '$.override_reason', json('null'))"
    " WHERE kind IN ('checkout', 'renew') AND state = 'acked'"
    # (A damaged payload is left alone: json_extract would stop the migration.)
    " AND CASE WHEN json_valid(payload) THEN json_extract(payload, '$.patron_card') END"
    " != 'returned-patron-forgotten'"
    " AND CASE WHEN json_valid(payload) THEN json_extract(payload, '$.loan_id') END NOT IN"
    " (SELECT id FROM loans WHERE patron_id IS NOT NULL)"
    " AND mutation_id NOT IN (SELECT mutation_id FROM sync_exceptions"
    " WHERE resolved_at IS NULL AND mutation_id IS NOT NULL)"
)


#: The checkout and renewal records of a loan, found without reading every record's JSON (a
#: year of a bookmobile's checkouts took ~70 ms to scan, inside the sync's write transaction).
#: Only valid JSON is indexed: a damaged record must not make every write to it fail.
_BY_LOAN = (
    "CREATE INDEX outbox_by_loan ON outbox (json_extract(payload, '$.loan_id'))"
    " WHERE kind IN ('checkout', 'renew') AND json_valid(payload)"
)


def upgrade() -> None:
    op.execute("PRAGMA secure_delete = ON")  # what the rewrite frees is zeroed
    op.execute(_ORPHANS)
    op.execute(_BY_LOAN)
    _drop_indexes()
    with op.batch_alter_table("loans", schema=None, recreate="always") as batch_op:
        batch_op.alter_column("patron_id", existing_type=sa.Integer(), nullable=True)
    _indexes()
    op.create_index(
        "loans_to_forget",
        "loans",
        ["id"],
        unique=False,
        sqlite_where=sa.text("returned_at IS NOT NULL AND patron_id IS NOT NULL"),
        postgresql_where=sa.text("returned_at IS NOT NULL AND patron_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS outbox_by_loan")
    # A loan that forgot its patron cannot be put back under NOT NULL: it was returned and
    # acknowledged, so the server has it; it goes.
    op.drop_index("loans_to_forget", table_name="loans")
    op.execute("DELETE FROM loans WHERE patron_id IS NULL")
    _drop_indexes()
    with op.batch_alter_table("loans", schema=None, recreate="always") as batch_op:
        batch_op.alter_column("patron_id", existing_type=sa.Integer(), nullable=False)
    _indexes()
