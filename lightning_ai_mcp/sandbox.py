"""Sandbox mode: the server runs against the built-in emulator in the same process, with demo data, no network."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Credentials, Settings

SANDBOX_URL = "http://127.0.0.1"
"""Never dialled: requests go to the in-process emulator; the URL only names the API in results."""
SANDBOX_SPEED = 5.0
"""Simulated seconds per real second, so a studio start takes a few seconds."""
SANDBOX_NOTE = "sandbox: the built-in Lightning emulator with demo data; nothing is real or billed"


def sandbox_settings(settings: Settings) -> Settings:
    from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_TEAMSPACE, DEMO_USER_ID

    return dataclasses.replace(
        settings,
        sandbox=True,
        base_url=SANDBOX_URL,
        credentials=Credentials(DEMO_USER_ID, DEMO_API_KEY, None, "the sandbox's demo account"),
        teamspace=settings.teamspace or DEMO_TEAMSPACE,
    )


def sandbox_client_factory(speed: float = SANDBOX_SPEED) -> Callable[[Settings], LightningClient]:
    """A client factory whose clients all talk to one in-process emulator (one world for the server's life)."""
    from lightning_ai_mcp.emulator import Emulator, ScaledClock, create_app
    from lightning_ai_mcp.emulator.transport import in_process_transport

    app = create_app(Emulator(ScaledClock(speed)))

    def make(settings: Settings) -> LightningClient:
        return LightningClient(settings, transport=in_process_transport(app))

    return make
