"""A TCP proxy in front of a SIP2 server that breaks answers on purpose.

It passes bytes through and only looks at line ends (CR) to pair each answer with the command
of the request it answers. Faults, per command, for the next N answers:

* ``cut[command] = n``: send the first half of the answer, then drop both connections (the
  server acted on the request; the client never learns it);
* ``garble[command] = n``: change the answer's last checksum digit (the client should ask for
  it again with 97);
* ``garble_up[command] = n``: the same to the next N *requests* of that command (the server
  should answer 96 without acting, and the client send it again).
"""

from __future__ import annotations

import collections
import contextlib
import socket
import ssl
import threading
from dataclasses import dataclass, field


@dataclass
class SipProxy:
    upstream_port: int
    cut: dict[str, int] = field(default_factory=dict)
    garble: dict[str, int] = field(default_factory=dict)
    garble_up: dict[str, int] = field(default_factory=dict)
    #: How many answers were cut and garbled (a test checks its fault really happened).
    done: collections.Counter[str] = field(default_factory=collections.Counter)
    port: int = 0
    #: Serve TLS to the client (a server-side context), as stunnel in front of an ILS does.
    tls: ssl.SSLContext | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _listener: socket.socket | None = None

    def start(self) -> SipProxy:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.close()

    def _take(self, faults: dict[str, int], command: str) -> bool:
        with self._lock:
            if faults.get(command, 0) > 0:
                faults[command] -= 1
                return True
            return False

    def _accept(self) -> None:
        assert self._listener is not None
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.tls is not None:
                try:
                    client = self.tls.wrap_socket(client, server_side=True)
                except (OSError, ssl.SSLError):
                    client.close()
                    continue
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            commands: collections.deque[str] = collections.deque()
            threading.Thread(target=self._up, args=(client, server, commands), daemon=True).start()
            threading.Thread(
                target=self._down, args=(client, server, commands), daemon=True
            ).start()

    def _up(
        self, client: socket.socket, server: socket.socket, commands: collections.deque[str]
    ) -> None:
        buffer = b""
        try:
            while chunk := client.recv(65536):
                buffer += chunk
                while b"\r" in buffer:
                    line, _, buffer = buffer.partition(b"\r")
                    command = line.lstrip(b"\n")[:2].decode("ascii", "replace")
                    commands.append(command)
                    if self._take(self.garble_up, command):
                        self.done["garble up " + command] += 1
                        line = line[:-1] + (b"1" if line[-1:] != b"1" else b"2")
                    server.sendall(line + b"\r")
        except OSError:
            pass
        finally:
            _close(client, server)

    def _down(
        self, client: socket.socket, server: socket.socket, commands: collections.deque[str]
    ) -> None:
        buffer = b""
        try:
            while chunk := server.recv(65536):
                buffer += chunk
                while b"\r" in buffer:
                    line, _, buffer = buffer.partition(b"\r")
                    command = commands.popleft() if commands else ""
                    if self._take(self.cut, command):
                        self.done["cut " + command] += 1
                        client.sendall(line[: len(line) // 2])
                        _close(client, server)
                        return
                    if self._take(self.garble, command):
                        self.done["garble " + command] += 1
                        last = line[-1:]
                        line = line[:-1] + (b"1" if last != b"1" else b"2")
                    client.sendall(line + b"\r")
        except OSError:
            pass
        finally:
            _close(client, server)


def _close(*socks: socket.socket) -> None:
    for sock in socks:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
