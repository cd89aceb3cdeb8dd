"""Bounded waits for long operations (studio start and stop, commands, jobs, deployments).

A tool waits at most `wait_seconds` (default 30, at most 50: under the 60 s most clients allow), reporting progress
while it waits, then returns the current state and how to continue. Cancelling the call stops the polling at once,
since every poll and every pause is an await.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from lightning_ai_mcp.tools.context import ToolContext

DEFAULT_WAIT_SECONDS = 30
MAX_WAIT_SECONDS = 50
POLL_SECONDS = 1.0

WAIT_ARG = {
    "type": "integer",
    "minimum": 0,
    "maximum": MAX_WAIT_SECONDS,
    "default": DEFAULT_WAIT_SECONDS,
    "description": "Seconds to wait for completion (0-50) before returning the current state.",
}

T = TypeVar("T")


@dataclass(frozen=True)
class Waited(Generic[T]):
    value: T
    done: bool
    waited_seconds: float


async def wait_for(
    ctx: ToolContext,
    poll: Callable[[], Awaitable[tuple[bool, T, str]]],
    wait_seconds: float,
    interval: float = POLL_SECONDS,
) -> Waited[T]:
    """Poll until `poll` says done or the wait is over. `poll` returns (done, value, progress message)."""
    wait_seconds = max(0.0, min(float(wait_seconds), MAX_WAIT_SECONDS))
    waited = 0.0
    while True:
        done, value, message = await poll()
        if done or waited >= wait_seconds:
            return Waited(value, done, waited)
        await ctx.report_progress(waited, wait_seconds, message)
        pause = min(interval, wait_seconds - waited)
        await ctx.sleep(pause)
        waited += pause


def wait_seconds_of(args: dict[str, Any]) -> float:
    return float(args.get("wait_seconds", DEFAULT_WAIT_SECONDS))
