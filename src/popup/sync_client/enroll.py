"""Enrollment: a server address and a one-time code become this laptop's credentials.

The device id the server issues replaces the store's provisional one (``device`` table), the
server address is written to ``sync_state`` and the library's code to the settings. Enrolling
never touches local business data: a laptop that was revoked keeps everything it recorded and
can be enrolled again.
"""

from __future__ import annotations

import logging
import re
import socket
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from popup.domain.messages import specifics
from popup.domain.staff import Capability, local_admin_id
from popup.store import library, outbox
from popup.store.db import Store
from popup.store.models import Device, OutboxEntry, Staff, SyncState
from popup.store.staff import require
from popup.sync_client.client import ProtocolError, SyncClient, SyncError
from popup.sync_client.credentials import Credentials, CredentialsError, CredentialStore

log = logging.getLogger(__name__)


class EnrollError(SyncError):
    """Enrollment failed; ``str()`` says why and what to do. Keys (params): ``ENROLL_NO_CODE``,
    ``ENROLL_BAD_CODE`` (code, url), ``ENROLL_REFUSED`` (message: the server's),
    ``ENROLL_ANSWER_LACKS`` (field)."""


#: The letters an enrollment code is made of (the server's: no 0 or O, no 1 or I).
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE = re.compile(rf"[{CODE_LETTERS}]{{4}}(?:[- ]?[{CODE_LETTERS}]{{4}}){{2}}")


def looks_like_code(text: str) -> bool:
    """Whether ``text`` is shaped like an enrollment code (``ABCD-EFGH-JKMN``, the dashes or
    spaces optional), as the console prints it and its QR code holds it. Whether the server
    knows it is for the server to say."""
    return _CODE.fullmatch(text.strip()) is not None


def default_device_name() -> str:
    return f"Popup on {socket.gethostname()}"[:100]


def enroll(
    store: Store,
    home: Path,
    server_url: str,
    code: str,
    device_name: str | None = None,
    client: SyncClient | None = None,
    credentials: CredentialStore | None = None,
) -> Credentials:
    """Spend ``code`` at ``server_url`` and save the credentials. Raises :class:`SyncError`;
    :class:`~popup.store.staff.SignInNeeded` / :class:`~popup.store.staff.NotAllowed` before
    the code is spent unless the one signed in may change the laptop's settings."""
    require(store, Capability.SETTINGS)
    cleaned = code.strip()
    if not cleaned:
        raise EnrollError("ENROLL_NO_CODE")
    client = client or SyncClient(server_url)
    try:
        answer = client.enroll(cleaned, device_name or default_device_name())
    except ProtocolError as exc:
        if exc.code == "INVALID_CODE":
            raise EnrollError(
                "ENROLL_BAD_CODE", specifics(code=cleaned, url=client.base_url)
            ) from exc
        raise EnrollError("ENROLL_REFUSED", specifics(message=str(exc))) from exc
    try:
        creds = Credentials(
            server_url=client.base_url,
            device_id=str(answer["device_id"]),
            token=str(answer["token"]),
            library_code=str(answer.get("library_code") or ""),
        )
    except KeyError as exc:
        raise EnrollError("ENROLL_ANSWER_LACKS", specifics(field=str(exc))) from exc
    keeper = credentials or CredentialStore(home)
    try:
        before = keeper.load()
    except CredentialsError:
        before = None
    keeper.save(creds)
    try:
        _adopt(store, creds, client.clock_offset)
    except BaseException:
        # The store does not know this enrollment (locked, disk full): keep the credentials it
        # does know, or sync would refuse it as a replaced store (DEVICE_CHANGED).
        if before is None:
            keeper.forget()
        else:
            keeper.save(before)
        raise
    return creds


def _adopt(store: Store, creds: Credentials, clock_offset: float | None) -> None:
    """Make the store the enrolled device's: its id, where seqs start, the server's cursor."""
    with store.transaction() as session:
        previous = session.scalar(select(Device.device_id).where(Device.id == 1))
        session.execute(update(Device).where(Device.id == 1).values(device_id=creds.device_id))
        state = session.get(SyncState, 1)
        if state is None:
            state = SyncState(id=1, seq_base=0)
            session.add(state)
        if previous != creds.device_id:
            # A new device at the server starts at seq 1: what this laptop already uploaded
            # under an earlier enrollment is not sent again.
            uploaded = session.scalar(
                select(func.max(OutboxEntry.seq)).where(OutboxEntry.state == outbox.ACKED)
            )
            state.seq_base = int(uploaded or 0)
            if previous is not None:
                _move_local_admin(session, previous, creds.device_id)
        if state.server_url not in (None, creds.server_url):
            # Another server's cursor means nothing here: download from the start.
            state.cursor = None
        state.server_url = creds.server_url
        state.last_error = state.last_error_key = state.last_error_params = None
        if creds.library_code:
            # The desk routes items whose home is another library; the code also comes down
            # as a setting with every snapshot, this is for the returns made before one.
            library.put(session, "library_code", creds.library_code)
        if clock_offset is not None:
            state.clock_offset_s = clock_offset
    actor = store.actor
    if previous is not None and actor is not None and actor.staff_id == local_admin_id(previous):
        store.actor = replace(actor, staff_id=local_admin_id(creds.device_id))
    log.info("enrolled as device %s at %s", creds.device_id, creds.server_url)


def _move_local_admin(session: Session, previous: str, device_id: str) -> None:
    """The laptop's own administrator is ``local:<device id>``, which the server accepts only
    from that device: under the new device id it gets the new name, and so do the actions it
    made that are still waiting to upload (uploaded ones keep the name the server knew)."""
    old, new = local_admin_id(previous), local_admin_id(device_id)
    session.execute(update(Staff).where(Staff.id == old).values(id=new))
    waiting = OutboxEntry.state == outbox.PENDING
    session.execute(
        update(OutboxEntry).where(OutboxEntry.staff_id == old, waiting).values(staff_id=new)
    )
    session.execute(
        update(OutboxEntry).where(OutboxEntry.approved_by == old, waiting).values(approved_by=new)
    )
