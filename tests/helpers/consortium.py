"""A sync server seeded with the demo consortium, and what its database holds.

Used by the contract tests and the laptop's sync tests (a real ``popup-sync serve`` process).
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from popup_sync import crud
from popup_sync import models as sm
from popup_sync.cli import seed_demo
from popup_sync.core.db import Database
from tests.helpers import postgres
from tests.helpers.server import ServerProcess, free_port


@dataclass
class SyncServer:
    """A server on the demo consortium (library MAIN, bookmobile BM2): a ``popup-sync serve``
    process (:meth:`stop` and :meth:`start` keep the same port) and what its database holds."""

    database_url: str
    workdir: Path
    items: int = 300
    port: int = field(default_factory=free_port)
    #: Seed ``popup-sync demo``'s showcase too (the stop around now, loans, a hold ready).
    showcase: bool = False
    db: Database | None = None

    def __post_init__(self) -> None:
        log = self.workdir / "server.log"
        args = ("--log-level", "warning")
        self._server = ServerProcess(self.database_url, log, self.port, args)

    @property
    def url(self) -> str:
        return self._server.url

    def seed(self) -> None:
        self.db = Database(self.database_url)
        self.db.migrate()
        seed_demo(self.db, items=self.items, patrons=80, showcase=self.showcase)

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        return self._server.process

    def start(self, timeout: float = 60.0) -> None:
        self._server.start(timeout)

    def stop(self) -> None:
        self._server.stop()

    def new_code(self) -> str:
        assert self.db is not None

        def make(session: Any) -> str:
            library = crud.get_library(session=session, code="MAIN")
            return crud.create_enrollment_code(session=session, library=library, branch_code="BM2")

        return self.db.run_write(make)

    # -- what the server holds ---------------------------------------------------------------

    def applied_seqs(self, device_id: str) -> list[int]:
        assert self.db is not None
        with self.db.read() as s:
            return list(
                s.scalars(
                    select(sm.AppliedMutation.seq)
                    .where(sm.AppliedMutation.device_id == device_id)
                    .order_by(sm.AppliedMutation.seq)
                )
            )

    def last_applied(self, device_id: str) -> int:
        assert self.db is not None
        with self.db.read() as s:
            return int(s.scalar(select(sm.Device.last_applied).where(sm.Device.id == device_id)))

    def loans_by_id(self, loan_ids: list[str]) -> dict[str, Any]:
        assert self.db is not None
        with self.db.read() as s:
            rows = s.execute(
                select(sm.Loan.id, sm.Loan.returned_at).where(sm.Loan.id.in_(loan_ids))
            ).all()
            return {r.id: r.returned_at for r in rows}

    def open_loans(self) -> dict[str, str]:
        """item barcode -> open loan id."""
        assert self.db is not None
        with self.db.read() as s:
            rows = s.execute(
                select(sm.Item.barcode, sm.Loan.id)
                .join(sm.Loan, sm.Loan.item_id == sm.Item.id)
                .where(sm.Loan.returned_at.is_(None))
            ).all()
            return {r.barcode: r.id for r in rows}

    def loan_count(self) -> int:
        assert self.db is not None
        with self.db.read() as s:
            return int(s.scalar(select(func.count(sm.Loan.id))) or 0)

    def item_statuses(self) -> dict[str, str]:
        assert self.db is not None
        with self.db.read() as s:
            return dict(s.execute(select(sm.Item.barcode, sm.Item.status)).all())  # type: ignore[arg-type]

    def patron_cards(self) -> set[str]:
        assert self.db is not None
        with self.db.read() as s:
            return set(s.scalars(select(sm.Patron.card_number)))

    def exceptions(self, device_id: str) -> list[str]:
        assert self.db is not None
        with self.db.read() as s:
            return list(
                s.scalars(
                    select(sm.SyncException.code).where(sm.SyncException.device_id == device_id)
                )
            )

    def attendance_total(self) -> int:
        assert self.db is not None
        with self.db.read() as s:
            return int(s.scalar(select(func.coalesce(func.sum(sm.Attendance.delta), 0))) or 0)

    def close(self) -> None:
        self.stop()
        if self.db is not None:
            self.db.dispose()


def start_sync_server(
    kind: str, tmp: Path, showcase: bool = False
) -> tuple[SyncServer, Callable[[], None]]:
    """A seeded server on ``kind`` ("sqlite" or "postgres"), and what cleans it up."""
    resources = contextlib.ExitStack()
    try:
        if kind == "sqlite":
            url = f"sqlite:///{tmp / 'server.db'}"
        else:
            url = resources.enter_context(postgres.scratch_database("popup_contract"))
        server = SyncServer(url, tmp, showcase=showcase)
        resources.callback(server.close)
        server.seed()
        server.start()
    except BaseException:
        resources.close()
        raise
    return server, resources.close
