"""A local Lightning AI API emulator: tests, the sandbox and the demo run on it.

    from lightning_ai_mcp.emulator import Emulator, create_app
    emu = Emulator()                     # manual clock, demo data
    app = create_app(emu)                # Starlette; use through httpx2.ASGITransport
    emu.advance(20)                      # a started studio is now running

It never executes host commands: commands in studios run in a simulated shell.
"""

from __future__ import annotations

from starlette.applications import Starlette

from .clock import Clock, ManualClock, ScaledClock
from .emulator import Emulator
from .faults import Fault, Faults, LoggedRequest, RequestLog
from .seed import DEMO_API_KEY, DEMO_ORG, DEMO_TEAMSPACE, DEMO_USER_ID, DEMO_USERNAME, shell_exports

__all__ = [
    "DEMO_API_KEY",
    "DEMO_ORG",
    "DEMO_TEAMSPACE",
    "DEMO_USERNAME",
    "DEMO_USER_ID",
    "Clock",
    "Emulator",
    "Fault",
    "Faults",
    "LoggedRequest",
    "ManualClock",
    "RequestLog",
    "ScaledClock",
    "create_app",
    "shell_exports",
]


def create_app(
    emulator: Emulator | None = None, *, clock: Clock | None = None, seed: bool = True, control: bool = False
) -> Starlette:
    """The emulator as a Starlette app; `app.state.emulator` is the `Emulator` behind it.

    `control=True` also mounts the HTTP control surface (`/_emulator/faults`, `/_emulator/requests`,
    `/_emulator/clock/advance`); leave it off anywhere but tests.
    """
    from .app import build_app

    if emulator is None:
        emulator = Emulator(clock, seed=seed)
    elif clock is not None:
        raise ValueError("pass the clock to the Emulator, not to create_app")
    return build_app(emulator, control)
