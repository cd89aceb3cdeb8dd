"""The Emulator: one world, its clock, faults and request log, and the routes that serve them."""

from __future__ import annotations

from typing import Any

from . import assets, commands, deployments, files, identity, jobs, registry, studios
from .clock import Clock, ManualClock
from .faults import Faults, RequestLog
from .generic import Generic
from .routes import Route
from .state import World


class Emulator:
    """Everything one emulated Lightning API holds. Tests keep a handle to advance time and inject faults:

    >>> emu = Emulator()          # ManualClock, seeded demo data
    >>> emu.clock.advance(30)     # type: ignore[attr-defined]
    >>> emu.faults.add("GET", "/v1/auth/user", status=503, retry_after="1", times=1)
    """

    def __init__(self, clock: Clock | None = None, *, seed: bool = True, catalog: Any = "auto") -> None:
        self.clock: Clock = clock if clock is not None else ManualClock()
        self.world = World(clock=self.clock)
        self.faults = Faults()
        self.requests = RequestLog()
        self.generic: Generic | None = _generic_layer(catalog)
        if seed:
            from .seed import seed_demo

            seed_demo(self.world)

    def routes(self) -> list[Route]:
        out: list[Route] = []
        for module in (identity, studios, commands, files, jobs, deployments, registry, assets):
            out.extend(module.routes.routes)
        return out

    def advance(self, seconds: float) -> None:
        """Move a ManualClock forward (tests); refused for real-time clocks."""
        if not isinstance(self.clock, ManualClock):
            raise TypeError("only a ManualClock can be advanced")
        self.clock.advance(seconds)


def _generic_layer(catalog: Any) -> Generic | None:
    if catalog is None:
        return None
    if catalog == "auto":
        try:
            from lightning_ai_mcp.catalog import load_catalog
        except ImportError:
            return None
        catalog = load_catalog()
    return Generic(catalog)
