"""HTTP transport to the sync server: one method per endpoint, errors as exception classes.

Every response (success or error) carries the server's time (``X-Server-Time`` header and/or
the ``server_time`` body field). :class:`SyncClient` turns each one into a clock offset
(server minus laptop, measured at the midpoint of the exchange) and logs a warning when the
laptop's clock is off by more than :data:`CLOCK_WARN_SECONDS`.
"""

from __future__ import annotations

import dataclasses
import email.utils
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests

from popup import __version__
from popup.domain.clock import AHEAD_OF_SERVER, BEHIND_OF_SERVER, ClockWarning
from popup.domain.messages import SYNC_ERRORS, Params, specifics
from popup.domain.protocol.entities import Op
from popup.domain.protocol.envelopes import (
    Change,
    Mutation,
    MutationResult,
    PullPage,
    PushRequest,
    PushResponse,
    SeqGapAnswer,
)
from popup.domain.protocol.wire import WireError, decode, encode
from popup.domain.refusals import Refusal

log = logging.getLogger(__name__)

A = TypeVar("A")

#: Request headers that tell the server about this laptop: the app's version, and the actions
#: waiting in its outbox when the request was sent (a push's own included).
VERSION_HEADER = "X-Popup-Version"
PENDING_HEADER = "X-Popup-Pending"

CLOCK_WARN_SECONDS = 5 * 60
DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds

#: The one switch that lets the laptop talk plain ``http://`` to a server that is not on this
#: computer: set ``POPUP_ALLOW_INSECURE_HTTP=1`` (administrators only; the token and patrons'
#: data then cross the network in clear). Loopback addresses never need it.
ALLOW_INSECURE_HTTP_ENV = "POPUP_ALLOW_INSECURE_HTTP"


def allow_insecure_http() -> bool:
    """Whether the administrator switched on plain http to other computers."""
    return os.environ.get(ALLOW_INSECURE_HTTP_ENV, "").strip().lower() in ("1", "true", "yes")


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 and ::1: traffic that never leaves this computer."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


_OPS = {op.value: op for op in Op}


def _change(raw: object) -> Change:
    """``decode(Change, raw)`` for a change parsed from JSON text, whose object keys are text
    already: a page's thousand changes are checked inline and read by :func:`decode` only
    when a value is not plain (which then accepts it or names what is wrong)."""
    if type(raw) is dict:
        entity, op, key, data = raw.get("entity"), raw.get("op"), raw.get("key"), raw.get("data")
        if (
            type(entity) is str
            and type(key) is str
            and type(op) is str
            and op in _OPS
            and (data is None or type(data) is dict)
            and entity.isascii()
            and key.isascii()
            and "\x00" not in entity
            and "\x00" not in key
        ):
            return Change(entity=entity, op=_OPS[op], key=key, data=data)
    return decode(Change, raw)


class SyncError(Refusal):
    """Anything that stopped a sync step; ``str(exc)`` is a sentence for staff.

    Where the sentence is the client's own, ``key`` names it in
    :data:`popup.domain.messages.SYNC_ERRORS` and ``params`` holds its specifics; where the
    server's (or the enrollment's) words are passed on, ``key`` is empty and ``said`` holds
    them. Keys (params): ``BAD_URL`` (url), ``NOT_ENROLLED``, ``TIMEOUT`` (seconds),
    ``UNREACHABLE`` (url), ``EXCHANGE_FAILED`` (problem: the network library's English),
    ``UNREADABLE_ANSWER`` (path, status: an answer that does not decode into its
    :mod:`popup.domain.protocol.envelopes` class), ``UNAVAILABLE`` (message: the server's),
    ``NOT_RECOGNISED``, ``REVOKED``, ``REFUSED`` (message), ``MALFORMED_UPLOAD`` (problem),
    ``SEQ_STALL``, ``SEQ_CONFLICT``, ``OTHER_ACTION``, ``SEQ_BEFORE_ENROLLMENT``,
    ``SEQ_MISSING`` (seq), ``EMPTY_UPLOAD_ANSWER``, ``DOWNLOAD_RESTARTS``, ``INSECURE_HTTP`` (url),
    ``UNTRUSTED_SERVER`` (url), ``DEVICE_CHANGED``, ``SYNC_RUNNING``, ``TOKEN_EXPIRED``.
    """

    CATALOGUE = SYNC_ERRORS
    code: str = "SYNC_ERROR"


class TransientError(SyncError):
    """No connection, a timeout, a dropped response or a 503: try again later.

    ``retry_after``: the seconds the server asked for (its ``Retry-After`` on a 429 or 503),
    or None; the scheduler waits at least that long before its next automatic pass.
    """

    code = "OFFLINE"
    retry_after: float | None = None


#: A server's Retry-After is obeyed up to this long: beyond it, its clock or its configuration
#: is wrong, and a bookmobile must not stop syncing for a day on its word.
MAX_RETRY_AFTER_S = 3600.0


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date; None if absent or
    unreadable, capped at :data:`MAX_RETRY_AFTER_S`."""
    if not value or not value.strip():
        return None
    text = value.strip()
    seconds = float(text) if text.isdigit() else None
    if seconds is None:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


class TransportRefused(SyncError):
    """The connection itself is not safe: plain http to another computer (``INSECURE_HTTP``)
    or a server whose TLS certificate was not accepted (``UNTRUSTED_SERVER``). Not transient:
    retrying would not help, and staff must not be told they are merely offline."""

    def __init__(self, key: str, params: Params = ()) -> None:
        super().__init__(key, params)
        self.code = key


class AuthError(SyncError):
    """The server does not accept this device (unknown token, revoked, other device id)."""

    def __init__(self, code: str, key: str, params: Params = ()) -> None:
        super().__init__(key, params)
        self.code = code


class ProtocolError(SyncError):
    """The server refused a request as malformed (a 4xx other than auth); its words."""

    def __init__(self, status: int, code: str, message: str, body: Mapping[str, Any]) -> None:
        super().__init__(said=message)
        self.status = status
        self.code = code
        self.body = dict(body)


class SeqGap(SyncError):
    """409 SEQ_GAP: the server expects an earlier seq than the first one sent."""

    code = "SEQ_GAP"

    def __init__(self, expected_seq: int, results: Sequence[MutationResult], message: str) -> None:
        super().__init__(said=message)
        self.expected_seq = expected_seq
        self.results = tuple(results)


def parse_server_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class SyncClient:
    """One server, one device token. Thread-compatible: use one instance per thread.

    Attributes:
        clock_offset: seconds to add to the laptop clock to get the server's, from the latest
            response (None before the first one).
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        insecure_ok: bool | None = None,
    ) -> None:
        """``insecure_ok``: allow plain http to other computers; None reads
        :data:`ALLOW_INSECURE_HTTP_ENV`."""
        url = base_url.strip()
        if not url.startswith(("http://", "https://")):
            raise SyncError("BAD_URL", specifics(url=base_url))
        self.base_url = url.rstrip("/")
        parts = urlsplit(self.base_url)
        #: Why no request may be sent (plain http off this computer), checked on every request
        #: so the enrollment and each sync pass say it in their own words.
        self.refusal: TransportRefused | None = None
        if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
            allowed = allow_insecure_http() if insecure_ok is None else insecure_ok
            if not allowed:
                self.refusal = TransportRefused("INSECURE_HTTP", specifics(url=self.base_url))
            else:
                log.warning("plain http to %s allowed by the administrator", parts.hostname)
        self.token = token
        self.timeout = timeout
        self.http = session or requests.Session()
        self.now = now
        self.clock_offset: float | None = None
        self.clock_warning: str | None = None
        #: The server said the token is due for rotation (``X-Token-Rotate: due``).
        self.rotate_due = False
        #: Actions waiting in the outbox, sent with each request (``X-Popup-Pending``) so the
        #: console can show a laptop's backlog; None: not known, not sent.
        self.pending: int | None = None

    def close(self) -> None:
        self.http.close()

    # -- plumbing ----------------------------------------------------------------------------

    def _note_time(self, response: requests.Response, body: object, sent: datetime) -> None:
        received = self.now()
        server = None
        if isinstance(body, dict):
            server = parse_server_time(body.get("server_time"))
        if server is None:
            server = parse_server_time(response.headers.get("X-Server-Time"))
        if server is None:
            return
        midpoint = sent + (received - sent) / 2
        self.clock_offset = (server - midpoint).total_seconds()
        if abs(self.clock_offset) > CLOCK_WARN_SECONDS:
            # The same words as the window's clock warning; the server keeps the times as sent.
            key = BEHIND_OF_SERVER if self.clock_offset > 0 else AHEAD_OF_SERVER
            off_by = timedelta(seconds=abs(self.clock_offset))
            self.clock_warning = ClockWarning(key, off_by).english()
            log.warning("laptop clock off by %.0f s", self.clock_offset)
        else:
            self.clock_warning = None

    def _request(
        self,
        method: str,
        path: str,
        *,
        json_body: object = None,
        params: Mapping[str, Any] | None = None,
        auth: bool = True,
    ) -> tuple[int, dict[str, Any]]:
        if self.refusal is not None:
            raise self.refusal
        # What the server's fleet page shows about this laptop (sync/PROTOCOL.md).
        headers = {"Accept": "application/json", VERSION_HEADER: __version__}
        if self.pending is not None:
            headers[PENDING_HEADER] = str(self.pending)
        if auth:
            if not self.token:
                raise AuthError("NOT_ENROLLED", "NOT_ENROLLED")
            headers["Authorization"] = f"Bearer {self.token}"
        sent = self.now()
        started = time.monotonic()
        try:
            response = self.http.request(
                method,
                self.base_url + path,
                json=json_body,
                params=params,
                headers=headers,
                timeout=self.timeout,
            )
        except requests.Timeout as exc:
            seconds = round(self.timeout[1])
            raise TransientError("TIMEOUT", specifics(seconds=seconds)) from exc
        except requests.exceptions.SSLError as exc:
            # Not "offline": someone may be impersonating the server. Stop, say so, no retry.
            log.warning("TLS certificate of %s not accepted: %s", self.base_url, exc)
            raise TransportRefused("UNTRUSTED_SERVER", specifics(url=self.base_url)) from exc
        except requests.ConnectionError as exc:
            raise TransientError("UNREACHABLE", specifics(url=self.base_url)) from exc
        except requests.RequestException as exc:
            raise TransientError("EXCHANGE_FAILED", specifics(problem=str(exc))) from exc
        elapsed = time.monotonic() - started
        log.debug("%s %s -> %s in %.3fs", method, path, response.status_code, elapsed)
        try:
            body: object = response.json()
        except ValueError:
            body = None
        self._note_time(response, body, sent)
        if response.headers.get("X-Token-Rotate") == "due":
            self.rotate_due = True
        status = response.status_code
        data: dict[str, Any] = body if isinstance(body, dict) else {}
        if 200 <= status < 300:
            if not isinstance(body, dict):
                raise TransientError("UNREADABLE_ANSWER", specifics(path=path, status=status))
            return status, data
        code = str(data.get("error") or data.get("detail") or f"HTTP_{status}")
        message = str(data.get("message") or f"The sync server answered {status} to {path}.")
        if status == 503 or status >= 500 or status in (408, 429):
            busy = TransientError("UNAVAILABLE", specifics(message=message))
            busy.retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            raise busy
        if status == 401:
            if code == "TOKEN_EXPIRED":
                raise AuthError(code, "TOKEN_EXPIRED")
            raise AuthError(
                code if code != f"HTTP_{status}" else "UNAUTHENTICATED", "NOT_RECOGNISED"
            )
        if status == 403:
            if code == "DEVICE_REVOKED":
                raise AuthError(code, "REVOKED")
            raise AuthError(code, "REFUSED", specifics(message=message))
        if status == 409 and code == "SEQ_CONFLICT":
            # Not transient: the same upload would get the same answer. Ids only: no patron data.
            log.error(
                "server holds another action at seq %s (%s %s)",
                data.get("seq"),
                data.get("kind"),
                data.get("mutation_id"),
            )
            raise SyncError("SEQ_CONFLICT")
        if status == 409 and code == "SEQ_GAP":
            gap = self._answer(SeqGapAnswer, data, path, status)
            raise SeqGap(gap.expected_seq, gap.results, gap.message)
        raise ProtocolError(status, code, message, data)

    @staticmethod
    def _answer(cls: type[A], data: Mapping[str, Any], path: str, status: int) -> A:
        """The typed body of an answer; one that does not fit is an unreadable answer."""
        try:
            return decode(cls, data)
        except WireError as exc:
            # The field only: values may be patrons' data.
            log.warning("unreadable %s answer to %s: field %r", cls.__name__, path, exc.field)
            raise TransientError("UNREADABLE_ANSWER", specifics(path=path, status=status)) from None

    # -- endpoints ---------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/health", auth=False)[1]

    def enroll(self, code: str, device_name: str) -> dict[str, Any]:
        return self._request(
            "POST", "/v1/enroll", json_body={"code": code, "device_name": device_name}, auth=False
        )[1]

    def push(self, device_id: str, mutations: Sequence[Mutation]) -> PushResponse:
        # sent_at: the laptop clock at sending, so the server measures the clock offset from
        # it, not from an action recorded hours ago offline.
        try:
            request = PushRequest(
                device_id=device_id, mutations=tuple(mutations), sent_at=self.now()
            )
        except WireError as exc:  # the server would refuse it whole: say so, send nothing
            raise SyncError("MALFORMED_UPLOAD", specifics(problem=str(exc))) from None
        status, data = self._request("POST", "/v1/push", json_body=encode(request))
        return self._answer(PushResponse, data, "/v1/push", status)

    def pull(self, cursor: str | None, limit: int = 1000) -> PullPage:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        status, data = self._request("GET", "/v1/pull", params=params)
        changes = data.get("changes")
        if type(changes) is list:
            try:
                read = tuple(map(_change, changes))
            except WireError:
                pass  # read again below, where the field is named and logged
            else:
                page = self._answer(PullPage, {**data, "changes": ()}, "/v1/pull", status)
                return dataclasses.replace(page, changes=read)
        return self._answer(PullPage, data, "/v1/pull", status)

    def rotate_token(self) -> str:
        """A new token from the server (the one held keeps working for its grace period)."""
        status, data = self._request("POST", "/v1/token/rotate", json_body={})
        token = data.get("token")
        if not isinstance(token, str) or not token:
            raise TransientError(
                "UNREADABLE_ANSWER", specifics(path="/v1/token/rotate", status=status)
            )
        return token

    def card_range(self, size: int) -> dict[str, Any]:
        return self._request("POST", "/v1/card-ranges", json_body={"size": size})[1]

    def resolve_exception(self, server_id: int) -> dict[str, Any]:
        return self._request("POST", f"/v1/exceptions/{server_id}/resolve", json_body={})[1]

    def server_now(self) -> datetime:
        """The laptop clock corrected by the latest measured offset."""
        return self.now() + timedelta(seconds=self.clock_offset or 0.0)
