"""A laptop's first download comes in long pages; the downloads after it in short ones."""

from __future__ import annotations

import gc
import io
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from popup.domain.cards import CardFormat, ScanKind
from popup.store import demo
from popup.store.models import Item
from popup_sync import crud
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import Laptop

NEW_ITEMS = 120


def test_a_first_download_takes_long_pages_and_later_ones_short(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("fresh")
    laptop.enroll(sync_server)
    sizes = {"first_page_size": 250, "page_size": 40}
    first = laptop.sync(**sizes)
    assert first.ok, first.error
    assert gc.isenabled()  # off only while the pages are applied
    assert first.pulled > 250  # the demo's catalogue and patrons: more than one long page
    assert first.pages <= -(-first.pulled // 250) + 1  # long pages (short ones: 8 or more)

    fmt = CardFormat(institution=demo.DEMO_INSTITUTION)
    csv = "barcode,title,item_type\n" + "".join(
        f"{fmt.make(ScanKind.ITEM, 800_000 + n, demo.DEMO_INSTITUTION)},New book {n},BOOK\n"
        for n in range(NEW_ITEMS)
    )

    def add_items(session: Any) -> int:
        main = crud.get_library(session=session, code="MAIN")
        return crud.import_items(session=session, library=main, handle=io.StringIO(csv))

    assert sync_server.db is not None
    assert sync_server.db.run_write(add_items) == NEW_ITEMS
    later = laptop.sync(**sizes)
    assert later.ok, later.error
    assert later.pulled >= NEW_ITEMS
    assert later.pages >= -(-NEW_ITEMS // 40)  # short pages once the laptop has a cursor
    with laptop.store.read() as session:
        arrived = session.scalar(
            select(func.count()).select_from(Item).where(Item.title.like("New book %"))
        )
    assert arrived == NEW_ITEMS
