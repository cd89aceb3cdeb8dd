"""Tools run against the emulator in-process: the real MCP client, the real server, the emulator's request log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Credentials, Settings
from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_USER_ID, Emulator, ManualClock, create_app
from lightning_ai_mcp.server import build_server
from lightning_ai_mcp.tools.confirm import ConfirmTokens
from lightning_ai_mcp.tools.context import ProcessState, ToolContext

EMULATOR_URL = "http://127.0.0.1:9"


@pytest.fixture
def emu() -> Emulator:
    return Emulator(ManualClock())


def emulator_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "base_url": EMULATOR_URL,
        "credentials": Credentials(DEMO_USER_ID, DEMO_API_KEY, None, "environment"),
        "teamspace": "research",
    }
    return Settings(**(values | overrides))


def emulator_client(emu: Emulator, settings: Settings) -> LightningClient:
    return LightningClient(settings, transport=httpx2.ASGITransport(app=create_app(emu)))


@pytest.fixture
def make_server(emu: Emulator) -> Callable[..., Any]:
    async def advance_clock(seconds: float) -> None:
        emu.advance(seconds)

    def make(**overrides: Any) -> Any:
        return build_server(emulator_settings(**overrides), lambda s: emulator_client(emu, s), sleep=advance_clock)

    return make


@pytest.fixture
def make_context(emu: Emulator) -> Callable[..., ToolContext]:
    """A tool context outside MCP, for driving the handler path over many operations quickly."""

    def make(approve: bool | None = True, **overrides: Any) -> ToolContext:
        settings = emulator_settings(**overrides)

        async def ask(summary: str) -> bool | None:
            return approve

        async def advance_clock(seconds: float) -> None:
            emu.advance(seconds)

        return ToolContext(
            client=emulator_client(emu, settings),
            settings=settings,
            state=ProcessState(ConfirmTokens(settings.state_key)),
            ask_user=ask,
            sleep=advance_clock,
        )

    return make


def text_of(result: Any) -> str:
    return "".join(getattr(block, "text", "") for block in result.content)
