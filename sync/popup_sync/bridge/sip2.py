"""A SIP2 (3M Standard Interchange Protocol 2.00) client: framing, error detection, one
connection to an ILS's SIP server over TCP or TLS.

Only the self-check (SC) side of the messages the bridge sends, and the answers to them.
A message is one line ended by CR: a two-digit command, fixed-length fields, then variable
fields ``XXvalue|``; with error detection it ends ``AY<n>AZ<checksum>``, where ``n`` is a
sequence digit the answer echoes and the checksum is the two's complement of the 16-bit sum of
every byte up to and including ``AZ``, as four uppercase hex digits.

Failures come out as two exceptions: :class:`Unavailable` (nothing was sent: the connection or
the login failed) and :class:`AnswerLost` (a request went out and no usable answer came back:
the ILS may or may not have acted on it). The bridge treats them differently.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

#: Fixed-field length of each answer the bridge reads (after the two-digit command).
FIXED_LENGTH = {
    "94": 1,  # ok
    # online, checkin, checkout, renewal, update, offline, timeout 3, retries 3, date 18, version 4
    "98": 32,
    "12": 22,  # ok, renewal ok, magnetic media, desensitize, date 18
    "10": 22,  # ok, resensitize, magnetic media, alert, date 18
    "30": 22,  # ok, renewal ok, magnetic media, desensitize, date 18
    "38": 19,  # payment accepted, date 18
    "18": 24,  # circulation status 2, security marker 2, fee type 2, date 18
    "64": 59,  # patron status 14, language 3, date 18, six counts of 4
    "96": 0,
}


class Sip2Error(Exception):
    """Something went wrong talking to the ILS; ``str()`` says what, without patron data."""


class Unavailable(Sip2Error):
    """The ILS could not be reached, or refused the login: nothing was sent."""


class AnswerLost(Sip2Error):
    """A request was sent and no usable answer came (a timeout, a dropped connection, bad
    checksums past the retries): the ILS may have acted on it."""


def checksum(data: bytes) -> str:
    """The SIP2 checksum of ``data`` (everything up to and including ``AZ``)."""
    return f"{(-sum(data)) & 0xFFFF:04X}"


def sip_date(moment: datetime, zone: tzinfo | None) -> str:
    """``YYYYMMDDZZZZHHMMSS``: local time in ``zone`` with a blank zone (what most ILS SIP
    servers read), or UTC marked ``   Z`` when the library has no time zone."""
    if zone is None:
        utc = moment.astimezone(UTC)
        return utc.strftime("%Y%m%d") + "   Z" + utc.strftime("%H%M%S")
    local = moment.astimezone(zone)
    return local.strftime("%Y%m%d") + "    " + local.strftime("%H%M%S")


def sip_due(day: date) -> str:
    """A due date as an 18-character SIP2 date: the end of that day, local time."""
    return day.strftime("%Y%m%d") + "    235900"


def parse_sip_date(value: str) -> date | None:
    """The date of an answer's date field: SIP2's 18 characters or ``YYYY-MM-DD`` (the AH
    due date is "in the ACS's format"); None when it is neither."""
    text = value.strip()
    for candidate, fmt in ((text[:8], "%Y%m%d"), (text[:10], "%Y-%m-%d")):
        try:
            return datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Answer:
    """An ILS answer: its command, fixed part and variable fields (repeatable ones kept in
    order under their id)."""

    command: str
    fixed: str
    fields: dict[str, list[str]] = field(default_factory=dict)

    def get(self, field_id: str, default: str = "") -> str:
        values = self.fields.get(field_id)
        return values[0] if values else default

    def all(self, field_id: str) -> list[str]:
        return list(self.fields.get(field_id, []))

    @property
    def screen_message(self) -> str:
        """The AF screen message(s), joined: what the ILS would show staff."""
        return " ".join(m.strip() for m in self.all("AF") if m.strip())


class BadFrame(Sip2Error):
    """An answer that cannot be read (bad checksum, wrong sequence, too short)."""


def parse_answer(line: str, *, delimiter: str = "|") -> Answer:
    """Read one answer line, without its CR and its error-detection trailer."""
    text = line.lstrip("\n")
    command = text[:2]
    width = FIXED_LENGTH.get(command)
    if width is None:
        raise BadFrame(f"unexpected answer {command!r}")
    if len(text) < 2 + width:
        raise BadFrame(f"answer {command} is {len(text)} characters, shorter than its fields")
    fixed = text[2 : 2 + width]
    fields: dict[str, list[str]] = {}
    for part in text[2 + width :].split(delimiter):
        if len(part) >= 2:
            fields.setdefault(part[:2], []).append(part[2:])
    return Answer(command, fixed, fields)


@dataclass
class Endpoint:
    """Where and how to reach one ILS SIP server."""

    host: str
    port: int
    tls: bool = False
    tls_ca_file: str | None = None
    tls_server_name: str | None = None
    timeout: float = 10.0
    encoding: str = "utf-8"
    error_detection: bool = True
    #: Times a garbled answer is asked for again (97), and a request the ILS could not read
    #: (its 96) is sent again.
    retries: int = 3
    login_user: str = ""
    login_password: str = ""
    location_code: str = ""


class Connection:
    """One SIP session: connect, log in (93) and ask the ILS's status (99), then requests.

    Sequence numbers run 0-9 per connection. A garbled answer is asked for again with 97 (the
    ILS resends its last answer without acting twice); a 96 from the ILS (it could not read the
    request) sends the same request again, which it has not acted on.
    """

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self._sock: socket.socket | None = None
        self._buffer = b""
        self._sequence = 0
        self.status: Answer | None = None
        self.last_used = 0.0

    @property
    def open(self) -> bool:
        return self._sock is not None

    def connect(self) -> None:
        e = self.endpoint
        try:
            raw = socket.create_connection((e.host, e.port), timeout=e.timeout)
        except OSError as exc:
            raise Unavailable(
                f"cannot connect to {e.host}:{e.port}: {exc.strerror or exc}"
            ) from None
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock: socket.socket = raw
        if e.tls:
            context = ssl.create_default_context(cafile=e.tls_ca_file)
            try:
                sock = context.wrap_socket(raw, server_hostname=e.tls_server_name or e.host)
            except (OSError, ssl.SSLError) as exc:
                raw.close()
                raise Unavailable(f"TLS with {e.host}:{e.port} failed: {exc}") from None
        sock.settimeout(e.timeout)
        self._sock, self._buffer, self._sequence = sock, b"", 0
        try:
            if e.login_user:
                answer = self.request(
                    "93",
                    "00",
                    [("CN", e.login_user), ("CO", e.login_password), ("CP", e.location_code)],
                )
                if answer.command != "94" or answer.fixed != "1":
                    raise Unavailable(f"the ILS at {e.host}:{e.port} refused the login")
            self.status = self.request("99", "0" + "080" + "2.00", [])
            if self.status.command != "98" or self.status.fixed[:1] != "Y":
                raise Unavailable(f"the ILS at {e.host}:{e.port} says it is offline")
        except AnswerLost as exc:
            self.close()
            raise Unavailable(
                f"the ILS at {e.host}:{e.port} did not answer the log-in: {exc}"
            ) from None
        except Unavailable:
            self.close()
            raise

    def close(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
        self._sock = None

    def _frame(self, command: str, fixed: str, fields: list[tuple[str, str]], seq: int) -> bytes:
        body = command + fixed + "".join(f"{fid}{value}|" for fid, value in fields)
        if not self.endpoint.error_detection:
            return (body + "\r").encode(self.endpoint.encoding)
        head = (body + f"AY{seq}AZ").encode(self.endpoint.encoding)
        return head + checksum(head).encode("ascii") + b"\r"

    def _read_line(self) -> bytes:
        assert self._sock is not None
        while b"\r" not in self._buffer:
            try:
                chunk = self._sock.recv(65536)
            except TimeoutError:
                raise AnswerLost(f"no answer within {self.endpoint.timeout:g} s") from None
            except OSError as exc:
                raise AnswerLost(f"the connection failed: {exc.strerror or exc}") from None
            if not chunk:
                raise AnswerLost("the ILS closed the connection")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\r")
        return line

    def _send(self, data: bytes) -> None:
        assert self._sock is not None
        try:
            self._sock.sendall(data)
        except OSError as exc:
            raise AnswerLost(
                f"the connection failed while sending: {exc.strerror or exc}"
            ) from None

    def request(self, command: str, fixed: str, fields: list[tuple[str, str]]) -> Answer:
        """Send one request and return its answer, or raise :class:`AnswerLost`."""
        if self._sock is None:
            raise AnswerLost("not connected")
        try:
            return self._exchange(command, fixed, fields)
        except AnswerLost:
            self.close()
            raise

    def _exchange(self, command: str, fixed: str, fields: list[tuple[str, str]]) -> Answer:
        e = self.endpoint
        seq = self._sequence
        self._sequence = (self._sequence + 1) % 10
        frame = self._frame(command, fixed, fields, seq)
        self._send(frame)
        resends = asks = 0
        while True:
            raw = self._read_line()
            self.last_used = time.monotonic()
            try:
                text = raw.decode(e.encoding)
            except UnicodeDecodeError:
                text = ""
            try:
                answer = self._parse(raw, text, seq)
            except BadFrame as exc:
                if asks >= e.retries:
                    raise AnswerLost(
                        f"unreadable answers after {asks} requests to resend: {exc}"
                    ) from None
                asks += 1
                self._send(self._frame("97", "", [], seq) if e.error_detection else b"97\r")
                continue
            if answer.command == "96":
                if resends >= e.retries:
                    raise AnswerLost(f"the ILS could not read the request {resends + 1} times")
                resends += 1
                self._send(frame)
                continue
            return answer

    def _parse(self, raw: bytes, text: str, seq: int) -> Answer:
        if not self.endpoint.error_detection:
            return parse_answer(text)
        # The checksum is over the bytes as sent; check it on them, then read the text.
        line = raw.lstrip(b"\n")
        at = line.rfind(b"AY")
        if at < 0 or line[at + 3 : at + 5] != b"AZ" or len(line) != at + 9:
            if line[:2] == b"96":
                return Answer("96", "")  # a bare 96 (some servers send it without a trailer)
            raise BadFrame("the answer has no error-detection trailer")
        if line[at + 5 :].decode("ascii", "replace").upper() != checksum(line[: at + 5]):
            raise BadFrame("the answer's checksum is wrong")
        if line[:2] != b"96" and line[at + 2 : at + 3] != str(seq).encode():
            raise BadFrame("the answer carries another sequence number")
        return parse_answer(text.lstrip("\n")[:-9])
