"""What the server holds for its life: the API client, the settings, and the process state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.tools.context import ProcessState

ClientFactory = Callable[[Settings], LightningClient]
Sleep = Callable[[float], Awaitable[None]]


TOOL_CALL_DEADLINE = 60.0
"""Seconds one tool call may take in all, waits and retries included (common clients give up at 60)."""


@dataclass
class AppState:
    client: LightningClient
    settings: Settings
    process: ProcessState
    sleep: Sleep
    call_deadline: float = TOOL_CALL_DEADLINE
