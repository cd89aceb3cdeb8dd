"""The whole agent workflow over a real stdio subprocess against the emulator on 127.0.0.1: create a studio, start
it, run `echo hello`, upload and read back a file, run a job and read its logs, stop the studio."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters

from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_USER_ID, Emulator, ScaledClock, create_app
from tests.live_server import live_server

pytestmark = pytest.mark.anyio

# Emulated seconds per real second: a studio start (about 30 emulated seconds) takes about a second.
SPEED = 30.0


@pytest.fixture
def emulator_url() -> Iterator[str]:
    with live_server(create_app(Emulator(ScaledClock(SPEED)))) as url:
        yield url


def params(url: str) -> StdioServerParameters:
    env = {
        "PATH": "",
        "HOME": "/nonexistent",
        "LIGHTNING_CLOUD_URL": url,
        "LIGHTNING_USER_ID": DEMO_USER_ID,
        "LIGHTNING_API_KEY": DEMO_API_KEY,
        "LIGHTNING_TEAMSPACE": "research",
    }
    return StdioServerParameters(command=sys.executable, args=["-m", "lightning_ai_mcp"], env=env)


async def ok(client: Client, tool: str, args: dict[str, Any]) -> dict[str, Any]:
    result = await client.call_tool(tool, args)
    text = "".join(getattr(block, "text", "") for block in result.content)
    assert not result.is_error, f"{tool}: {text}"
    assert result.structured_content is not None, tool
    return dict(result.structured_content)


async def confirmed(client: Client, tool: str, args: dict[str, Any]) -> dict[str, Any]:
    """Call a tool that asks first: this client cannot elicit, so it gets a token and repeats the call."""
    first = await client.call_tool(tool, args)
    if not first.is_error:
        assert first.structured_content is not None
        return dict(first.structured_content)
    found = re.search(r"confirm='([^']+)'", "".join(getattr(b, "text", "") for b in first.content))
    assert found, first
    return await ok(client, tool, {**args, "confirm": found.group(1)})


async def test_an_agent_runs_the_whole_workflow_over_stdio(emulator_url: str) -> None:
    with anyio.fail_after(120):
        async with Client(params(emulator_url)) as client:
            await ok(client, "create_studio", {"name": "e2e"})
            started = await ok(client, "start_studio", {"studio": "e2e", "machine": "CPU"})
            assert started["status"] == "Running", started

            ran = await ok(client, "execute_command", {"studio": "e2e", "command": "echo hello"})
            assert ran["output"].strip() == "hello" and ran["exit_code"] == 0, ran

            await ok(client, "upload_file", {"studio": "e2e", "path": "notes/hi.txt", "content": "hi there\n"})
            read = await ok(client, "read_file", {"studio": "e2e", "path": "notes/hi.txt"})
            assert read["content"] == "hi there\n"

            job = await ok(client, "run_job", {"name": "e2e-job", "studio": "e2e", "command": "echo from a job"})
            assert job["hourly_rate_usd"] > 0
            for _ in range(20):
                logs = await ok(client, "get_job_logs", {"job": "e2e-job"})
                if logs["state"] == "completed":
                    break
                await anyio.sleep(0.2)
            assert logs["state"] == "completed" and logs["text"] == "from a job", logs

            stopped = await confirmed(client, "stop_studio", {"studio": "e2e"})
            assert stopped["status"] == "Stopped", stopped
