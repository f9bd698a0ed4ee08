"""In-process guards of the county receiver: the nonce replay cache and the per-station rate
limit. Plain Python (no framework, no I/O) with an injected clock, so they are tested directly.

Both live in one server process. Several processes behind one address (``--workers``, or
several hosts on one PostgreSQL) each keep their own: a station gets its rate per process,
and a captured request could be replayed once at another process within the time window.
That replay is harmless (every endpoint is idempotent: the same bundle answers the same
acknowledgement) and TLS keeps requests from being captured in the first place.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass


class NonceCache:
    """Nonces seen within the time window. ``seen(nonce, expires)`` records a nonce (until
    ``expires``, the request's time plus the allowed skew: after that the request is stale
    anyway) and says whether it was already there. Bounded: past ``limit`` entries the oldest
    are dropped first (expired ones before any other)."""

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self._items: OrderedDict[str, float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def seen(self, nonce: str, expires: float, now: float) -> bool:
        if nonce in self._items and self._items[nonce] >= now:
            return True
        self._prune(now)
        self._items[nonce] = expires
        self._items.move_to_end(nonce)
        return False

    def _prune(self, now: float) -> None:
        # Entries are in insertion order, which is close to expiry order (request times
        # within the window): drop expired ones from the front, then enforce the bound.
        while self._items:
            nonce, expires = next(iter(self._items.items()))
            if expires >= now and len(self._items) < self.limit:
                break
            del self._items[nonce]


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """A token bucket per station: ``per_minute`` requests a minute on average, bursts of up
    to ``per_minute`` requests. ``take(key, now)`` is 0 when the request may go, else the
    seconds until it may (the ``Retry-After``)."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(max(1, per_minute))
        self.rate = self.capacity / 60.0
        self._buckets: dict[str, _Bucket] = {}

    def take(self, key: str, now: float) -> int:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0
        return max(1, math.ceil((1.0 - bucket.tokens) / self.rate))
