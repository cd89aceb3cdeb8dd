"""One deadline per tool call: a call that runs too long is stopped with a clear error; a user thinking is not."""

from __future__ import annotations

from typing import Any

import anyio
import mcp.types as types
import pytest
from mcp import Client

from lightning_ai_mcp.emulator import Emulator
from lightning_ai_mcp.server import build_server
from tests.tools.conftest import emulator_client, emulator_settings, text_of

pytestmark = pytest.mark.anyio


def server(emu: Emulator, call_deadline: float) -> Any:
    settings = emulator_settings()
    return build_server(settings, lambda s: emulator_client(emu, s), sleep=anyio.sleep, call_deadline=call_deadline)


async def test_a_call_that_outlives_its_deadline_is_stopped_with_advice(emu: Emulator) -> None:
    async with Client(server(emu, call_deadline=0.3)) as client:
        with anyio.fail_after(10):
            result = await client.call_tool("start_studio", {"studio": "demo-studio", "machine": "CPU"})
        polls_when_stopped = len(emu.requests.find("GET", "*/codestatus"))
        await anyio.sleep(1.2)
        assert len(emu.requests.find("GET", "*/codestatus")) == polls_when_stopped
    assert result.is_error
    assert "did not finish within 0.3 s" in text_of(result) and "list tools" in text_of(result)


async def test_time_spent_waiting_for_the_user_does_not_count_against_the_deadline(emu: Emulator) -> None:
    async def slow_user(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        await anyio.sleep(0.6)
        return types.ElicitResult(action="accept", content={"confirm": True})

    async with Client(server(emu, call_deadline=0.5), mode="legacy", elicitation_callback=slow_user) as client:
        with anyio.fail_after(10):
            result = await client.call_tool("delete_resource", {"kind": "job", "name": "demo-job"})
    assert not result.is_error, text_of(result)
    assert emu.requests.find("DELETE")
