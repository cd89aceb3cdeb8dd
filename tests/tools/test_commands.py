"""execute_command and get_command_output: the detached execute + NDJSON stream flow of lightning-sdk 2026.10.13."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from lightning_ai_mcp.emulator import Emulator
from lightning_ai_mcp.errors import LightningAPIError
from lightning_ai_mcp.tools.commands import MAX_OUTPUT_CHARS, read_stream
from tests.tools.conftest import text_of
from tests.tools.workflow import call, demo_studio, ok, start_demo

pytestmark = pytest.mark.anyio


def ndjson(*lines: dict[str, Any]) -> bytes:
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


async def test_a_command_returns_its_output_and_exit_code_through_the_sdk_flow(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    await start_demo(make_server)
    ran = await ok(make_server, "execute_command", {"studio": "demo-studio", "command": "echo hello"})
    assert ran["done"] is True and ran["exit_code"] == 0 and ran["output"] == "hello\n"
    (post,) = emu.requests.find("POST", "*/execute")
    assert post.body == {"command": "echo hello", "detached": True}
    assert emu.requests.find("GET", f"*/execute/{ran['session']}/stream")


async def test_a_failing_command_reports_its_exit_code(make_server: Callable[..., Any]) -> None:
    await start_demo(make_server)
    ran = await ok(make_server, "execute_command", {"studio": "demo-studio", "command": "cat missing.txt"})
    assert ran["exit_code"] != 0 and "missing.txt" in ran["output"]


async def test_a_stopped_studio_is_refused_saying_to_start_it(emu: Emulator, make_server: Callable[..., Any]) -> None:
    result = await call(make_server, "execute_command", {"studio": "demo-studio", "command": "ls"})
    assert result.is_error and "start_studio" in text_of(result)
    assert not emu.requests.find("POST", "*/execute")


async def test_a_long_command_returns_its_session_and_get_command_output_reads_it_later(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    await start_demo(make_server)
    args = {"studio": "demo-studio", "command": "sleep 120; echo finished", "wait_seconds": 5}
    async with Client(make_server()) as client:
        first = await client.call_tool("execute_command", args)
        assert first.structured_content is not None, text_of(first)
        assert first.structured_content["done"] is False
        session = first.structured_content["session"]
        assert "get_command_output" in first.structured_content["next"]
        emu.advance(200)
        later = await client.call_tool("get_command_output", {"studio": "demo-studio", "session": session})
    assert later.structured_content is not None, text_of(later)
    assert later.structured_content["done"] is True and later.structured_content["output"] == "finished\n"
    assert len(emu.requests.find("POST", "*/execute")) == 1


async def test_long_output_keeps_its_end_with_a_hint_and_offset_reads_earlier_parts(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    await start_demo(make_server)
    text = "".join(f"line {i}\n" for i in range(5000))
    demo_studio(emu).files.write("big.txt", text.encode(), emu.world.now())
    ran = await ok(make_server, "execute_command", {"studio": "demo-studio", "command": "cat big.txt"})
    assert ran["output"].endswith("line 4999\n") and "omitted" in ran["output"]
    assert ran["output_chars"] == len(text) and len(ran["output"]) < MAX_OUTPUT_CHARS + 200
    early = await ok(
        make_server, "get_command_output", {"studio": "demo-studio", "session": ran["session"], "offset": 7}
    )
    assert early["output"].startswith("line 1\n")


async def test_invisible_characters_are_stripped_from_output(emu: Emulator, make_server: Callable[..., Any]) -> None:
    await start_demo(make_server)
    demo_studio(emu).files.write("odd.txt", "a\u200bb\u202ec\n".encode(), emu.world.now())
    ran = await ok(make_server, "execute_command", {"studio": "demo-studio", "command": "cat odd.txt"})
    assert ran["output"] == "abc\n"


def test_the_stream_joins_every_lines_output_and_minus_one_means_running() -> None:
    done = ndjson({"result": {"output": "a\n", "exitCode": 0}}, {"result": {"output": "b\n", "exitCode": 0}})
    assert read_stream(done).output == "a\nb\n" and read_stream(done).exit_code == 0
    running = ndjson({"result": {"output": "a\n", "exitCode": 0}}, {"result": {"output": "", "exitCode": -1}})
    assert read_stream(running).exit_code is None


def test_the_stream_refuses_disagreeing_exit_codes_and_error_lines() -> None:
    with pytest.raises(LightningAPIError, match="several exit codes"):
        read_stream(ndjson({"result": {"output": "", "exitCode": 0}}, {"result": {"output": "", "exitCode": 2}}))
    with pytest.raises(LightningAPIError, match="session gone"):
        read_stream(ndjson({"error": {"code": 5, "message": "session gone"}}))
