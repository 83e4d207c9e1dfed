"""Rate limits per client (token buckets in bounded memory): failed sign-ins, bad tokens, anonymous suggestions."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import HTTPConnection

from policyatlas.api.errors import TooManyRequestsError

#: Clients remembered per limit; past that the one seen least recently is forgotten (memory stays bounded).
MAX_CLIENTS = 10_000


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds for each client, with bursts up to ``limit``.

    A token bucket per client: it holds ``limit`` tokens, refills at ``limit / window`` per
    second, and each event takes one. Thread-safe; ``limit`` 0 means no limit.
    """

    def __init__(self, limit: int, window: float, *, max_clients: int = MAX_CLIENTS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.max_clients, self.clock = limit, window, max_clients, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _level(self, key: str, now: float) -> float:
        tokens, then = self._buckets.get(key, (float(self.limit), now))
        return min(float(self.limit), tokens + (now - then) * self.limit / self.window)

    def retry_after(self, key: str) -> float | None:
        """Seconds until ``key`` may act again, or None when it may act now (nothing is counted)."""
        if self.limit <= 0:
            return None
        with self._lock:
            tokens = self._level(key, self.clock())
        return None if tokens >= 1 else (1 - tokens) * self.window / self.limit

    def hit(self, key: str) -> float | None:
        """Count one event of ``key``: None when it was within the limit, else seconds until it would be."""
        if self.limit <= 0:
            return None
        with self._lock:
            now = self.clock()
            tokens = self._level(key, now)
            allowed = tokens >= 1
            self._buckets[key] = (tokens - 1 if allowed else tokens, now)
            self._buckets.move_to_end(key)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return None if allowed else (1 - tokens) * self.window / self.limit

    def __len__(self) -> int:
        return len(self._buckets)


@dataclass(frozen=True)
class RateLimits:
    """The limits of one application."""

    sign_in_failures: RateLimiter
    bad_tokens: RateLimiter
    suggestions: RateLimiter

    @classmethod
    def per(cls, *, sign_in_failures_per_minute: int = 10, bad_tokens_per_minute: int = 20,
            suggestions_per_hour: int = 30) -> RateLimits:
        """Limits from counts per minute / hour (0: no limit)."""
        return cls(RateLimiter(sign_in_failures_per_minute, 60), RateLimiter(bad_tokens_per_minute, 60),
                   RateLimiter(suggestions_per_hour, 3600))


def client_key(connection: HTTPConnection) -> str:
    """Who a client is for rate limits: its address (a trusted proxy's X-Forwarded-For, when the
    server is told to believe one, is already applied by the server)."""
    return connection.client.host if connection.client else "unknown"


def refuse(retry_after: float, what: str) -> TooManyRequestsError:
    """The 429 for a client over a limit, with Retry-After in whole seconds."""
    seconds = max(1, math.ceil(retry_after))
    return TooManyRequestsError(f"too many {what} from this address; try again in {seconds} s",
                                headers={"Retry-After": str(seconds)}, retry_after=seconds)


def _enforce(limiter: RateLimiter, connection: HTTPConnection, what: str, *, record: bool) -> None:
    key = client_key(connection)
    wait = limiter.hit(key) if record else limiter.retry_after(key)
    if wait is not None:
        raise refuse(wait, what)


def check(limiter: RateLimiter, connection: HTTPConnection, what: str) -> None:
    """Refuse a client that is over ``limiter``'s limit, without counting this request (429: TooManyRequestsError)."""
    _enforce(limiter, connection, what, record=False)


def count(limiter: RateLimiter, connection: HTTPConnection, what: str) -> None:
    """Count one event of a client and refuse it when that takes it over the limit (429: TooManyRequestsError)."""
    _enforce(limiter, connection, what, record=True)
