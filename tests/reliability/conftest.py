"""The reliability and security matrix runs against the emulator under uvicorn on 127.0.0.1, or a small fake."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Credentials, Settings
from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_USER_ID, Emulator, ManualClock
from lightning_ai_mcp.emulator.server import Served
from lightning_ai_mcp.retry import RetryPolicy
from lightning_ai_mcp.server import build_server
from tests.reliability.fakes import credential_forms

FAST_RETRIES = RetryPolicy(initial_delay=0.01, max_delay=0.05)
"""The real policy's shape (2 retries, full jitter) with tiny delays, so tests wait only as long as a fault asks."""


def settings_for(url: str, user_id: str = DEMO_USER_ID, api_key: str = DEMO_API_KEY, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "base_url": url,
        "credentials": Credentials(user_id, api_key, None, "environment"),
        "teamspace": "research",
    }
    return Settings(**(values | overrides))


def client_factory(
    deadline: float = 5.0, retry_policy: RetryPolicy = FAST_RETRIES
) -> Callable[[Settings], LightningClient]:
    return partial(LightningClient, deadline=deadline, retry_policy=retry_policy)


def server_for(
    url: str,
    *,
    deadline: float = 5.0,
    retry_policy: RetryPolicy = FAST_RETRIES,
    emu: Emulator | None = None,
    **overrides: Any,
) -> Any:
    """The real MCP server, talking over real HTTP to `url`; with `emu`, waits between polls move its clock."""
    factory = client_factory(deadline, retry_policy)
    if emu is None:
        return build_server(settings_for(url, **overrides), factory)
    clock = emu

    async def advance(seconds: float) -> None:
        clock.advance(seconds)
        await anyio.lowlevel.checkpoint()

    return build_server(settings_for(url, **overrides), factory, sleep=advance)


@pytest.fixture
def emu() -> Emulator:
    return Emulator(ManualClock())


@pytest.fixture
def served(emu: Emulator) -> Iterator[Served]:
    with Served(emu) as running:
        yield running


def text_of(result: Any) -> str:
    return "".join(getattr(block, "text", "") for block in result.content)


class CredentialScanner:
    """Finds any form of a credential (raw, user:key, base64, URL-encoded, or an 8-character piece of the key)."""

    def __init__(self, user_id: str, *secrets: str) -> None:
        self.forms: set[str] = set()
        for secret in secrets:
            self.forms.update(credential_forms(user_id, secret).values())
            self.forms.update(secret[i : i + 12] for i in range(0, max(len(secret) - 12, 0) + 1, 4))

    def find(self, texts: Iterable[str]) -> list[str]:
        return sorted({form for text in texts for form in self.forms if form in text})


@pytest.fixture
def scanner() -> CredentialScanner:
    return CredentialScanner(DEMO_USER_ID, DEMO_API_KEY)
