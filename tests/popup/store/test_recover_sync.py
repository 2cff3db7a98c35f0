"""After ``popup recover`` the laptop syncs again, against the REAL sync server: nothing stuck,
nothing lost or doubled.

* The outbox and identity survive (a damaged catalogue table): the same enrollment uploads
  every confirmed action, exactly once, and the lost table comes down again.
* Nothing survives (the file is garbage): the credentials are set aside, the laptop enrolls
  again, and its actions are numbered from 1 under the new enrollment; nothing stalls.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from popup import paths
from popup.store.circulation import Desk
from popup.store.db import CorruptStore, Store
from popup.store.models import LoanRuleRow
from popup.store.recover import Outcome, recover
from popup.sync_client.credentials import CredentialStore
from tests.helpers.laptops import Laptop, assert_exactly_once
from tests.popup.store.faults import run_and_kill, scribble, table_pages


def _recover(laptop: Laptop) -> Any:
    """Close the laptop's store, recover it as staff would, and open it again."""
    laptop.store.close()
    path = paths.store_file(laptop.home)
    with pytest.raises(CorruptStore):
        Store.open(path)
    result = recover(path, paths.credentials_file(laptop.home))
    laptop.store = Store.open(path, paths.backups_dir(laptop.home))
    laptop.desk = Desk(laptop.store)
    return result


def test_a_salvaged_outbox_uploads_exactly_once_under_the_same_enrollment(
    server: Any, tmp_path: Path
) -> None:
    laptop = Laptop(tmp_path, "bookmobile-r")
    try:
        creds = laptop.enroll(server)
        assert laptop.sync().ok
        laptop.store.close()
        path = paths.store_file(laptop.home)
        confirmed = {int(seq) for seq, *_ in run_and_kill(path, 40)}  # left in the journal
        scribble(path, table_pages(path, "loan_rules"))
        result = _recover(laptop)

        assert result.outcome is Outcome.SALVAGED and result.lost == ("loan_rules",)
        assert CredentialStore(laptop.home).load() == creds  # the same enrollment
        report = laptop.sync()
        assert report.ok, report.error
        assert laptop.waiting() == 0
        assert confirmed <= set(server.applied_seqs(creds.device_id))
        assert_exactly_once(server, laptop)
        with laptop.store.read() as s:  # what was lost came down again
            assert s.scalar(select(func.count()).select_from(LoanRuleRow))
    finally:
        laptop.close()


def test_a_fresh_store_enrolls_again_and_is_never_stuck(server: Any, tmp_path: Path) -> None:
    laptop = Laptop(tmp_path, "bookmobile-f")
    try:
        old = laptop.enroll(server)
        assert laptop.sync().ok
        barcode, card = laptop.available_barcodes()[0], laptop.patron_cards()[0]
        laptop.desk.checkout(card, barcode)
        assert laptop.sync().ok
        uploaded = server.applied_seqs(old.device_id)
        laptop.store.close()
        for member in laptop.home.glob("popup.sqlite3*"):
            if member.name.endswith((".cipher.json", ".key")):
                continue  # the key stays: only the store is lost
            member.write_bytes(b"\x00garbage" * 512)
        result = _recover(laptop)

        assert result.outcome is Outcome.FRESH and result.credentials_aside is not None
        assert CredentialStore(laptop.home).load() is None  # must enroll again
        laptop.creds = None
        new = laptop.enroll(server)
        assert new.device_id != old.device_id
        assert laptop.sync().ok
        for barcode in laptop.available_barcodes()[:2]:
            laptop.desk.checkout(laptop.patron_cards()[0], barcode)
        report = laptop.sync()
        assert report.ok, report.error
        assert laptop.waiting() == 0
        assert server.applied_seqs(new.device_id) == [1, 2]  # numbered afresh, none stuck
        assert server.applied_seqs(old.device_id) == uploaded  # nothing doubled
        assert_exactly_once(server, laptop)
    finally:
        laptop.close()
