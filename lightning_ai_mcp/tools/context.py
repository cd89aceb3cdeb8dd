"""What a tool handler gets: the API client, the settings, and hooks into the MCP request it serves."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Settings

ProgressHook = Callable[[float, float | None, str | None], Awaitable[None]]
AskUser = Callable[[str], Awaitable[bool | None]]
"""Ask the user to approve an action: True or False, or None when the client cannot ask."""


async def _no_progress(progress: float, total: float | None, message: str | None) -> None:
    return None


@dataclass
class ProcessState:
    """State that may live in one process because it only ever serves one user (stdio)."""

    default_teamspace: str | None = None


@dataclass
class ToolContext:
    client: LightningClient
    settings: Settings
    state: ProcessState = field(default_factory=ProcessState)
    report_progress: ProgressHook = _no_progress
    ask_user: AskUser | None = None
    teamspace_header: str | None = None
    """Over HTTP the default teamspace travels with the request (`X-Lightning-Teamspace`)."""
    principal: str = "local"
    """Who is calling: bound into confirm tokens so one caller's token is useless to another."""

    async def get(self, template: str, **kwargs: Any) -> Any:
        return await self.client.request("GET", template, **kwargs)
