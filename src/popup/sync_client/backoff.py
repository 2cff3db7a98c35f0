"""Capped exponential backoff with full jitter (AWS architecture blog's "full jitter").

Attempt ``n`` (0-based) waits a random time in ``[0, min(cap, base * 2**n)]``. With the
defaults the ceiling grows 0.5, 1, 2, 4, 8, 16, 30, 30… seconds, so a laptop coming back in
range retries quickly while a server that is down is not hammered by every bookmobile at once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    base: float = 0.5
    cap: float = 30.0
    rng: random.Random = field(default_factory=random.Random)

    def ceiling(self, attempt: int) -> float:
        if attempt < 0:
            raise ValueError("attempt must be >= 0")
        # min() before the power would overflow for very long outages.
        exponent = min(attempt, 62)
        return min(self.cap, self.base * (2.0**exponent))

    def delay(self, attempt: int) -> float:
        return self.rng.uniform(0.0, self.ceiling(attempt))
