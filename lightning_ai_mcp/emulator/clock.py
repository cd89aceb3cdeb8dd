"""Time for the emulator: a manual clock that tests advance, and a scaled real-time clock for the sandbox.

Every state machine reads `clock.now()` (seconds since an arbitrary epoch) and derives its phase from elapsed
time, so nothing in the emulator sleeps or runs in the background.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol

EPOCH = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
"""Where both clocks start, so timestamps look like real ones."""


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the Unix epoch, in simulated time."""
        ...


class ManualClock:
    """A clock that only moves when told to: `advance(30)` is thirty simulated seconds."""

    def __init__(self, start: float = EPOCH) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock only moves forward")
        self._now += seconds


class ScaledClock:
    """Real time multiplied by `speed`: with speed 10 a 30 s studio start takes 3 s."""

    def __init__(self, speed: float = 1.0, start: float | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._origin = time.monotonic()
        self._start = time.time() if start is None else start

    def now(self) -> float:
        return self._start + (time.monotonic() - self._origin) * self.speed


def rfc3339(seconds: float) -> str:
    """The timestamp format the SDK parses (dateutil): `2026-01-01T00:00:00.000000Z`."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
