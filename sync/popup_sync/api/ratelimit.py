"""An in-process token bucket for failed enrollment attempts, per client address and overall.

Why failed attempts only: a one-time code is 60 bits, so guessing is hopeless; what a flood of
guesses costs is load (a database lookup each). Once an address (or the whole server) has used
its allowance, every further ``/v1/enroll`` is answered 429 before any database work, with
``Retry-After``. Successful enrollments are bounded by the codes administrators issue, so a
library enrolling fifty laptops at once is never slowed.

Each server process keeps its own buckets (``--workers 4`` allows four times as much), and they
start full after a restart: nginx's ``limit_req`` (``sync/deploy/nginx.conf``) is the front
line, this is the backstop for a server reached without it. The client address is uvicorn's:
behind nginx on the same host it is ``X-Forwarded-For`` (uvicorn trusts it from 127.0.0.1).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

#: Past this many addresses, buckets that have filled up again are forgotten.
MAX_ADDRESSES = 10_000


class TokenBucket:
    """``burst`` tokens per key, refilled at ``per_second``; thread-safe."""

    def __init__(
        self, per_second: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_second = per_second
        self.burst = float(burst)
        self.clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, as of)

    def _level(self, key: str, now: float) -> float:
        tokens, since = self._buckets.get(key, (self.burst, now))
        return min(self.burst, tokens + (now - since) * self.per_second)

    def wait(self, key: str) -> float:
        """Seconds until ``key`` has a whole token (0: it has one now)."""
        with self._lock:
            level = self._level(key, self.clock())
        if level >= 1.0:
            return 0.0
        if self.per_second <= 0:
            return math.inf
        return (1.0 - level) / self.per_second

    def take(self, key: str) -> None:
        """Spend a token of ``key`` (never below zero)."""
        with self._lock:
            now = self.clock()
            self._buckets[key] = (max(0.0, self._level(key, now) - 1.0), now)
            if len(self._buckets) > MAX_ADDRESSES:
                full = [k for k in self._buckets if self._level(k, now) >= self.burst]
                for k in full:
                    del self._buckets[k]


class EnrollLimiter:
    """Failed enrollments per client address and for the whole process."""

    GLOBAL = "*"

    def __init__(
        self,
        per_address_per_minute: float,
        per_address_burst: int,
        global_per_minute: float,
        global_burst: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.address = TokenBucket(per_address_per_minute / 60.0, per_address_burst, clock)
        self.everyone = TokenBucket(global_per_minute / 60.0, global_burst, clock)

    def retry_after(self, address: str) -> int:
        """Whole seconds to wait before ``address`` may try again (0: it may try now)."""
        wait = max(self.address.wait(address), self.everyone.wait(self.GLOBAL))
        if wait <= 0:
            return 0
        return max(1, min(3600, math.ceil(wait)))

    def failed(self, address: str) -> None:
        self.address.take(address)
        self.everyone.take(self.GLOBAL)
