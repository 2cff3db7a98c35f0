"""Free loopback ports and ``popup-sync serve`` processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

#: The server's entry point, installed next to the interpreter running the tests.
EXECUTABLE = Path(sys.executable).parent / "popup-sync"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProcess:
    """``popup-sync serve`` on 127.0.0.1, its output appended to ``log``.

    :meth:`stop` and :meth:`start` keep the same port, so a laptop's saved server URL stays
    right across a restart.
    """

    database_url: str
    log: Path
    port: int = field(default_factory=free_port)
    #: More ``serve`` options (``--log-level warning``, ``--workers 2``).
    args: tuple[str, ...] = ()
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> ServerProcess:
        """Start the process and wait until ``/health`` answers 200."""
        with self.log.open("ab") as handle:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [
                    str(EXECUTABLE),
                    "serve",
                    "--database",
                    self.database_url,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    *self.args,
                ],
                stdout=handle,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"popup-sync serve exited: {self.log.read_text()[-2000:]}")
            try:
                if requests.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        tail = self.log.read_text()[-2000:]
        raise RuntimeError(f"popup-sync serve did not answer /health: {tail}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self, timeout: float = 60.0) -> ServerProcess:
        self.stop()
        return self.start(timeout)


def uvicorn_app(database_url: str, port: int, log: Path, *args: str) -> subprocess.Popen[bytes]:
    """The server app under uvicorn itself (not ``popup-sync serve``), for what ``serve`` does
    not do: a database it cannot reach at start, TLS (``--ssl-keyfile`` ... in ``args``).
    Migrations are not run; stop it with :func:`stop_process`."""
    env = {
        **os.environ,
        "POPUP_SYNC_DATABASE_URL": database_url,
        "POPUP_SYNC_MIGRATE_ON_START": "false",
    }
    command = [sys.executable, "-m", "uvicorn", "popup_sync.main:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", *args]
    with log.open("ab") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, env=env)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
