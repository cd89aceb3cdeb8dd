"""What the server holds for its life: the API client, the settings, and the process state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.tools.context import ProcessState

ClientFactory = Callable[[Settings], LightningClient]
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class AppState:
    client: LightningClient
    settings: Settings
    process: ProcessState
    sleep: Sleep
