"""The retry policy: one frozen, validated object.

Whether a request may be repeated is a property of the operation (from the catalog), not of its HTTP method.
Repeatable requests are retried on connection errors and on 408, 429, 500, 502, 503 and 504. A request that
creates or starts something is retried only when it provably never left (the connection was refused) or when the
API said it did not process it (429 or 503 with Retry-After).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
NOT_PROCESSED_STATUSES = frozenset({429, 503})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    """Longest Retry-After the client will wait for; a longer one fails at once, saying when to retry."""

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if not 0 < self.initial_delay <= self.max_delay:
            raise ValueError("need 0 < initial_delay <= max_delay")
        if self.max_retry_after < 0:
            raise ValueError("max_retry_after must be >= 0")

    def should_retry_status(self, status: int, *, repeatable: bool, has_retry_after: bool) -> bool:
        if repeatable:
            return status in RETRYABLE_STATUSES
        return status in NOT_PROCESSED_STATUSES and has_retry_after

    def backoff(self, attempt: int, rng: random.Random | None = None) -> float:
        """Full jitter: a random delay up to the exponential ceiling of this attempt (0 for the first retry)."""
        ceiling = min(self.max_delay, self.initial_delay * 2**attempt)
        return (rng or random).uniform(0, ceiling)


DEFAULT_RETRY_POLICY = RetryPolicy()


def retry_after_seconds(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds the API asks us to wait, from `retry-after-ms` or `Retry-After` (seconds or an HTTP date)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if (ms := lowered.get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    raw = lowered.get("retry-after")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
