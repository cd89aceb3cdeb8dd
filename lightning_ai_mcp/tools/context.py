"""What a tool handler gets: the API client, the settings, and hooks into the MCP request it serves."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import anyio

from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.errors import OperationRefused
from lightning_ai_mcp.tools.confirm import ConfirmTokens

ProgressHook = Callable[[float, float | None, str | None], Awaitable[None]]
Sleep = Callable[[float], Awaitable[None]]
AskUser = Callable[[str], Awaitable[bool | None]]
"""Ask the user to approve an action: True or False, or None when the client cannot ask."""


async def _no_progress(progress: float, total: float | None, message: str | None) -> None:
    return None


@dataclass
class ProcessState:
    """What one server process keeps between calls. Nothing here is needed for correctness across replicas:
    the default teamspace is only settable over stdio (one user, one process), and the memory of used confirm
    tokens only narrows replays."""

    tokens: ConfirmTokens
    default_teamspace: str | None = None


@dataclass
class ToolContext:
    client: LightningClient
    settings: Settings
    state: ProcessState
    tool_name: str = ""
    arguments: dict[str, Any] = field(default_factory=dict)
    report_progress: ProgressHook = _no_progress
    ask_user: AskUser | None = None
    teamspace_header: str | None = None
    """Over HTTP the default teamspace travels with the request (`X-Lightning-Teamspace`)."""
    principal: str = "local"
    """Who is calling: bound into confirm tokens so one caller's token is useless to another."""
    confirmed: bool = False
    sleep: Sleep = anyio.sleep
    """How waits pause; tests drive the emulator's clock through it instead of sleeping."""

    @classmethod
    def for_settings(cls, client: LightningClient, settings: Settings, **kwargs: Any) -> ToolContext:
        return cls(client=client, settings=settings, state=ProcessState(ConfirmTokens(settings.state_key)), **kwargs)

    async def get(self, template: str, **kwargs: Any) -> Any:
        return await self.client.request("GET", template, **kwargs)

    async def confirm(self, summary: str) -> None:
        """Return once the user approved `summary` for this call; otherwise raise (a token, a refusal)."""
        if self.confirmed:
            return
        token = self.arguments.get("confirm")
        if token:
            self.state.tokens.check(str(token), self.tool_name, self.arguments, self.principal)
            self.confirmed = True
            return
        if self.ask_user is not None:
            answer = await self.ask_user(summary)
            if answer is True:
                self.confirmed = True
                return
            if answer is False:
                raise OperationRefused(f"not done: the user declined ({summary})")
        raise self.state.tokens.required(summary, self.tool_name, self.arguments, self.principal)
