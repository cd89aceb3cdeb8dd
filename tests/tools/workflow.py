"""Helpers for the workflow tool tests: call a tool through the MCP client, read a confirm token."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from mcp import Client

from lightning_ai_mcp.emulator import Emulator
from lightning_ai_mcp.emulator.studio_state import Studio
from lightning_ai_mcp.tools.context import ToolContext
from tests.tools.conftest import text_of


def demo_studio(emu: Emulator) -> Studio:
    return next(s for s in emu.world.studios.values() if s.name == "demo-studio")


async def call(make_server: Callable[..., Any], tool: str, args: dict[str, Any], **settings: Any) -> Any:
    async with Client(make_server(**settings)) as client:
        return await client.call_tool(tool, args)


async def ok(make_server: Callable[..., Any], tool: str, args: dict[str, Any], **settings: Any) -> dict[str, Any]:
    result = await call(make_server, tool, args, **settings)
    assert not result.is_error, text_of(result)
    assert result.structured_content is not None
    return dict(result.structured_content)


async def start_demo(make_server: Callable[..., Any], machine: str = "CPU", **settings: Any) -> dict[str, Any]:
    return await ok(make_server, "start_studio", {"studio": "demo-studio", "machine": machine}, **settings)


def token_of(text: str) -> str:
    """The confirm token a destructive or expensive call returned to a client that cannot ask its user."""
    found = re.search(r"confirm='([^']+)'", text)
    assert found, text
    return found.group(1)


async def requests_after_cancelling_its_wait(
    emu: Emulator,
    ctx: ToolContext,
    handler: Callable[[ToolContext, dict[str, Any]], Awaitable[Any]],
    args: dict[str, Any],
) -> tuple[int, int]:
    """Run a waiting tool until its first pause, cancel it there, and count the requests before and after."""
    paused = anyio.Event()

    async def pause_forever(seconds: float) -> None:
        paused.set()
        await anyio.sleep_forever()

    ctx.sleep = pause_forever
    async with anyio.create_task_group() as group:
        group.start_soon(handler, ctx, args)
        await paused.wait()
        sent = len(emu.requests.entries)
        group.cancel_scope.cancel()
    await ctx.client.aclose()
    return sent, len(emu.requests.entries)
