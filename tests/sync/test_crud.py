"""Admin operations: libraries, imports, codes, merges; refusals name what was wrong."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from popup_sync import crud
from popup_sync.core.db import Database
from popup_sync.models import Item, Patron


def test_library_codes_are_unique_and_checked(db: Database, kit: Any) -> None:
    lib = kit.seed_library(db, items=0, patrons=0)
    with pytest.raises(crud.AdminError, match="already exists"):
        db.run_write(lambda s: crud.create_library(session=s, code=lib.code, name="again"))
    with pytest.raises(crud.AdminError, match="letters, digits"):
        db.run_write(lambda s: crud.create_library(session=s, code="no spaces", name="x"))
    with pytest.raises(crud.AdminError, match="no library"):
        db.run_write(lambda s: crud.get_library(session=s, code="NOPE_NOT_THERE"))


def test_import_items_and_patrons_from_csv(
    db: Database, make_library: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    items = io.StringIO(
        "barcode,title,item_type,author\n"
        f'{kit.item_barcode(1)},Moby Dick,book,"Melville, Herman"\n'
        f"{kit.item_barcode(2)},Jaws,DVD,\n"
    )
    patrons = io.StringIO(
        "card_number,name,category,card_expiry,fines_owed_cents\n"
        f"{kit.patron_card(1)},Ada King,ADULT,2030-01-01,250\n"
    )

    def run(session: Any) -> tuple[int, int]:
        library = crud.get_library(session=session, code=lib.code)
        return (
            crud.import_items(session=session, library=library, handle=items),
            crud.import_patrons(session=session, library=library, handle=patrons),
        )

    assert db.run_write(run) == (2, 1)
    with db.read() as session:
        moby = session.scalar(
            select(Item).where(Item.library_id == lib.id, Item.barcode == kit.item_barcode(1))
        )
        assert moby is not None and moby.author == "Melville, Herman"
        assert moby.item_type == "BOOK"
        ada = session.scalar(select(Patron).where(Patron.library_id == lib.id))
        assert ada is not None and ada.fines_owed_cents == 250


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("barcode,title\n1,x\n", "lacks the column"),
        ("barcode,title,item_type\n31120000000099,x,BOOK\n", "check digit"),
        ("barcode,title,item_type\n{patron},x,BOOK\n", "patron card number"),
        ("barcode,title,item_type\n{item},,BOOK\n", "line 2"),
    ],
)
def test_bad_item_csv_names_the_line_and_imports_nothing(
    db: Database, make_library: Callable[..., Any], kit: Any, text: str, problem: str
) -> None:
    lib = make_library(items=0, patrons=0)
    handle = io.StringIO(text.format(patron=kit.patron_card(3), item=kit.item_barcode(3)))

    def run(session: Any) -> int:
        library = crud.get_library(session=session, code=lib.code)
        return crud.import_items(session=session, library=library, handle=handle)

    with pytest.raises(crud.AdminError, match=problem):
        db.run_write(run)
    with db.read() as session:
        assert session.scalars(select(Item).where(Item.library_id == lib.id)).all() == []


def test_enrollment_code_for_an_unknown_branch_is_refused(
    db: Database, make_library: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)

    def run(session: Any) -> str:
        library = crud.get_library(session=session, code=lib.code)
        crud.add_branch(session=session, library=library, code="BM2", name="Bookmobile 2")
        return crud.create_enrollment_code(session=session, library=library, branch_code="bm2")

    assert len(db.run_write(run)) == 14
    with pytest.raises(crud.AdminError, match="no branch"):
        db.run_write(
            lambda s: crud.create_enrollment_code(
                session=s, library=crud.get_library(session=s, code=lib.code), branch_code="X"
            )
        )


def test_merge_refuses_unknown_or_identical_patrons(
    db: Database, make_library: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=0, patrons=2)

    def merge(keep: str, gone: str) -> Callable[[Any], Any]:
        def run(session: Any) -> Any:
            library = crud.get_library(session=session, code=lib.code)
            return crud.merge_patrons(session=session, library=library, keep=keep, merge=gone)

        return run

    with pytest.raises(crud.AdminError, match="must be patrons"):
        db.run_write(merge(lib.patrons[0], kit.patron_card(4242)))
    with pytest.raises(crud.AdminError, match="itself"):
        db.run_write(merge(lib.patrons[0], lib.patrons[0]))
    kept = db.run_write(merge(lib.patrons[0], lib.patrons[1]))
    assert kept.card_number == lib.patrons[0]
    with db.read() as session:
        again = crud.find_patron(session=session, library_id=lib.id, card=lib.patrons[1])
        assert again is not None and again.card_number == lib.patrons[0]


def test_two_rotations_raced_with_one_token_leave_the_laptop_a_token_that_works(
    db: Database, kit: Any
) -> None:
    # Both requests were authenticated with token A before either committed (a stalled rotate,
    # then the client's retry). Decided under the lock: A stays the old token, not the token
    # the first rotation issued and the laptop never received.
    lib = kit.seed_library(db, items=0, patrons=0)
    code = db.run_write(
        lambda s: crud.create_enrollment_code(
            session=s, library=crud.get_library(session=s, code=lib.code)
        )
    )
    enrolled = db.run_write(lambda s: crud.enroll(session=s, code=code, device_name="race"))
    a = enrolled.token
    grace = timedelta(hours=1)

    def rotate(session: Any) -> tuple[str, Any]:
        presented = crud.hash_token(a)
        return crud.rotate_token(
            session=session, device_id=enrolled.device_id, presented=presented, grace=grace
        )

    b, a_until = db.run_write(rotate)
    c, a_until_again = db.run_write(rotate)

    def opens(token: str) -> Any:
        with db.read() as session:
            return crud.check_token(
                session=session, token=token, rotate_after=timedelta(days=30), expire_after=None
            )

    held = opens(a)
    assert held is not None and held.old and not held.expired  # the laptop is not locked out
    assert opens(c) is not None and not opens(c).old
    assert opens(b) is None  # issued, never delivered: dropped
    assert a_until_again == a_until  # rotating with the old token does not extend its grace
    with pytest.raises(crud.TokenGone):
        db.run_write(
            lambda s: crud.rotate_token(
                session=s, device_id=enrolled.device_id, presented=crud.hash_token(b), grace=grace
            )
        )
