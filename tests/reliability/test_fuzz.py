"""Fuzzing every tool of `--toolsets all` with arguments generated from its input schema, valid and invalid.

The server, reached by the real MCP client, runs against the emulator on 127.0.0.1. Every call must come back,
within a bound, with a result or a clear error (never "internal error", never a traceback), and a credential
scanner over every output finds nothing. The Hypothesis run is bounded (max_examples, a per-example deadline) and
stops by itself; FUZZ_EXAMPLES raises the count for a longer run (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import anyio
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mcp import Client

from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_USER_ID, Emulator, ManualClock
from lightning_ai_mcp.emulator.server import Served
from lightning_ai_mcp.tools.registry import select_tools
from tests.reliability.conftest import CredentialScanner, server_for, text_of
from tests.reliability.schemas import invalid, minimal, valid

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
SCANNER = CredentialScanner(DEMO_USER_ID, DEMO_API_KEY)
TOOLS = {spec.name: spec.input_schema for spec in select_tools(Settings(toolsets=("all",)))}


@dataclass
class Stats:
    calls: int = 0
    errors: int = 0
    slowest: float = 0.0
    problems: list[str] = field(default_factory=list)


@dataclass
class Harness:
    portal: BlockingPortal
    client: Client
    emu: Emulator
    stats: Stats

    def call(self, name: str, arguments: dict[str, Any]) -> None:
        started = time.monotonic()
        result = self.portal.call(_bounded_call, self.client, name, arguments)
        elapsed = time.monotonic() - started
        self.stats.calls += 1
        self.stats.slowest = max(self.stats.slowest, elapsed)
        text = text_of(result) + json.dumps(result.structured_content or {})
        self.stats.errors += bool(result.is_error)
        if not result.content:
            self.stats.problems.append(f"{name}: empty result")
        if "internal error" in text or "Traceback" in text:
            self.stats.problems.append(f"{name}({json.dumps(arguments)[:200]}): {text[:200]}")
        if SCANNER.find([text]):
            self.stats.problems.append(f"{name}: credential in output")


async def _bounded_call(client: Client, name: str, arguments: dict[str, Any]) -> Any:
    with anyio.fail_after(15):  # a hang fails the run instead of stalling it
        return await client.call_tool(name, arguments)


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    emu = Emulator(ManualClock())
    with Served(emu) as served, start_blocking_portal("asyncio") as portal:
        server = server_for(served.url, toolsets=("all",), emu=emu)
        with portal.wrap_async_context_manager(Client(server)) as client:
            yield Harness(portal, client, emu, Stats())


def test_every_tool_answers_minimal_and_broken_arguments_with_a_result_or_a_clear_error(harness: Harness) -> None:
    for name, schema in TOOLS.items():
        properties = schema.get("properties") or {}
        arguments = minimal(schema)
        harness.call(name, arguments)
        harness.call(name, {**arguments, "__unknown__": [1, {"a": None}]})
        for prop, prop_schema in list(properties.items())[:1]:
            wrong: Any = {"nested": True} if "object" not in str(prop_schema.get("type")) else "not an object"
            harness.call(name, {**arguments, prop: wrong})
    assert harness.stats.problems == []
    assert harness.stats.calls >= 2 * len(TOOLS)


@st.composite
def tool_calls(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(sorted(TOOLS)))
    schema = TOOLS[name]
    arguments = draw(st.one_of(valid(schema), invalid(schema)))
    return name, arguments if isinstance(arguments, dict) else {"value": arguments}


@settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=15),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(call=tool_calls())
def test_fuzzed_calls_never_crash_hang_or_leak(harness: Harness, call: tuple[str, dict[str, Any]]) -> None:
    before = len(harness.stats.problems)
    harness.call(*call)
    assert harness.stats.problems[before:] == []


def test_the_server_still_answers_after_the_fuzzing(harness: Harness) -> None:
    harness.call("whoami", {})
    assert harness.stats.problems == []
    print(
        f"\nfuzz: {harness.stats.calls} calls over {len(TOOLS)} tools, {harness.stats.errors} error results, "
        f"slowest {harness.stats.slowest * 1000:.0f} ms, {len(harness.emu.requests.entries)} upstream requests, "
        f"0 problems"
    )
