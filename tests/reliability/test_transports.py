"""The transports under attack and under cancellation: stdio and streamable HTTP (2026-07-28, SSE responses).

A cancelled call aborts its upstream request and stops polling; streamable HTTP refuses foreign Host and Origin,
needs a token beyond loopback, answers 401 to a missing or wrong one, refuses oversized and deeply nested bodies
without falling over; two replicas sharing LIGHTNING_MCP_STATE_KEY behave as one.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_USER_ID, Emulator, ScaledClock
from lightning_ai_mcp.emulator.server import Served, free_port
from lightning_ai_mcp.errors import ConfigError
from lightning_ai_mcp.server import http_app
from tests.live_server import live_server
from tests.reliability.conftest import client_factory, settings_for, text_of
from tests.reliability.fakes import ScriptedAPI, hang, respond, serve

pytestmark = pytest.mark.anyio

HEADERS = {"accept": "application/json, text/event-stream", "content-type": "application/json"}
INIT = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
}


def stdio_params(api_url: str, **env: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "lightning_ai_mcp"],
        env={
            "PATH": os.environ.get("PATH", ""),
            "HOME": "/nonexistent",
            "LIGHTNING_CLOUD_URL": api_url,
            "LIGHTNING_USER_ID": DEMO_USER_ID,
            "LIGHTNING_API_KEY": DEMO_API_KEY,
            "LIGHTNING_TEAMSPACE": "research",
            **env,
        },
    )


@asynccontextmanager
async def http_server(api_url: str, **overrides: Any) -> Any:
    app = http_app(settings_for(api_url, transport="http", **overrides), client_factory())
    with live_server(app) as url:
        yield url


def hanging_api() -> ScriptedAPI:
    return ScriptedAPI().on("GET", "/v1/auth/user", hang()).on("*", "*", respond(200, {}))


async def _cancel_after_the_request_arrives(client: Client, api: ScriptedAPI) -> None:
    async with anyio.create_task_group() as tg:
        tg.start_soon(client.call_tool, "read_endpoint", {"id": "auth_service_get_user"})
        with anyio.fail_after(10):
            while not api.seen("GET", "/v1/auth/user"):
                await anyio.sleep(0.01)
        tg.cancel_scope.cancel()
    with anyio.fail_after(5):
        while api.seen("GET", "/v1/auth/user")[0].abandoned_at is None:
            await anyio.sleep(0.01)


async def test_cancelling_over_stdio_aborts_the_upstream_request() -> None:
    api = hanging_api()
    with serve(api) as api_url:
        async with Client(stdio_params(api_url)) as client:
            await _cancel_after_the_request_arrives(client, api)
            assert not (await client.call_tool("describe_endpoint", {"id": "auth_service_get_user"})).is_error
    assert len(api.seen("GET", "/v1/auth/user")) == 1


async def test_cancelling_over_streamable_http_with_sse_aborts_the_upstream_request() -> None:
    api = hanging_api()
    with serve(api) as api_url:
        async with http_server(api_url) as url, Client(f"{url}/mcp") as client:
            assert client.protocol_version >= "2026-07-28"
            await _cancel_after_the_request_arrives(client, api)
            assert not (await client.call_tool("describe_endpoint", {"id": "auth_service_get_user"})).is_error
    assert len(api.seen("GET", "/v1/auth/user")) == 1


async def _polls_stop_when_cancelled(client: Client, emu: Emulator) -> None:
    async with anyio.create_task_group() as tg:
        tg.start_soon(client.call_tool, "start_studio", {"studio": "demo-studio", "wait_seconds": 30})
        with anyio.fail_after(10):
            while len(emu.requests.find("GET", "*/codestatus")) < 2:  # it is polling
                await anyio.sleep(0.02)
        tg.cancel_scope.cancel()
    await anyio.sleep(0.2)  # let a poll already on the wire land
    settled = len(emu.requests.entries)
    await anyio.sleep(1.5)  # longer than the 1 s poll interval
    assert len(emu.requests.entries) == settled


@pytest.fixture
def slow_world() -> Iterator[tuple[Emulator, Served]]:
    emu = Emulator(ScaledClock(0.001))  # a studio start that never finishes during the test
    with Served(emu) as served:
        yield emu, served


async def test_cancelling_a_wait_over_stdio_stops_the_polling(slow_world: tuple[Emulator, Served]) -> None:
    emu, served = slow_world
    async with Client(stdio_params(served.url)) as client:
        await _polls_stop_when_cancelled(client, emu)


async def test_cancelling_a_wait_over_streamable_http_stops_the_polling(slow_world: tuple[Emulator, Served]) -> None:
    emu, served = slow_world
    async with http_server(served.url) as url, Client(f"{url}/mcp") as client:
        await _polls_stop_when_cancelled(client, emu)


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"host": "evil.example"}, 421),
        ({"host": "127.0.0.1.evil.example"}, 421),
        ({"origin": "https://evil.example"}, 403),
        ({"origin": "http://127.0.0.1.evil.example:80"}, 403),
        ({"origin": "null"}, 403),
    ],
)
async def test_a_foreign_host_or_origin_is_refused_and_nothing_reaches_the_api(
    emu: Emulator, served: Served, headers: dict[str, str], status: int
) -> None:
    call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "whoami", "arguments": {}}}
    async with http_server(served.url) as url, httpx2.AsyncClient() as http:
        for body in (INIT, call):
            response = await http.post(f"{url}/mcp", json=body, headers={**HEADERS, **headers})
            assert response.status_code == status
    assert emu.requests.entries == []


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_binding_beyond_loopback_without_a_token_is_refused(host: str) -> None:
    with pytest.raises(ConfigError, match="http-token"):
        Settings.load({"LIGHTNING_MCP_TRANSPORT": "http", "LIGHTNING_MCP_HOST": host})
    port = free_port()
    done = subprocess.run(
        [sys.executable, "-m", "lightning_ai_mcp", "--transport", "http", "--host", host, "--port", str(port)],
        env={"PATH": os.environ.get("PATH", ""), "HOME": "/nonexistent", "LIGHTNING_API_KEY": "k"},
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert done.returncode != 0
    assert b"http-token" in done.stderr


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer wrong-token", "bearer tok-123456789", f"Bearer {DEMO_API_KEY}", "Basic dG9rLTEyMzQ="],
)
async def test_a_missing_or_wrong_token_gets_401_and_a_lightning_key_is_no_token(
    emu: Emulator, served: Served, authorization: str | None
) -> None:
    headers = dict(HEADERS) if authorization is None else {**HEADERS, "authorization": authorization}
    async with http_server(served.url, http_token="tok-123456789") as url, httpx2.AsyncClient() as http:
        response = await http.post(f"{url}/mcp", json=INIT, headers=headers)
        good = httpx2.AsyncClient(headers={"authorization": "Bearer tok-123456789"})
        async with good, Client(streamable_http_client(f"{url}/mcp", http_client=good)) as client:
            assert not (await client.call_tool("whoami", {})).is_error
    assert response.status_code == 401
    assert "tok-123456789" not in response.text
    assert all(e.path == "/v1/auth/user" or e.path == "/v1/memberships" for e in emu.requests.entries)


async def test_oversized_and_deeply_nested_bodies_are_refused_and_the_server_keeps_serving(
    emu: Emulator, served: Served
) -> None:
    deep = '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"whoami","arguments":' + "[" * 100_000
    bodies = {
        "oversized": b'{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"' + b"x" * (5 * 1024 * 1024) + b'"}}',
        "deep": (deep + "]" * 100_000 + "}}").encode(),
        "deep unclosed": deep.encode(),
        "not json": b"\xff\xfe{{{",
    }
    async with http_server(served.url) as url:
        async with httpx2.AsyncClient(timeout=10) as http:
            statuses = {}
            for kind, body in bodies.items():
                with anyio.fail_after(10):
                    statuses[kind] = (await http.post(f"{url}/mcp", content=body, headers=HEADERS)).status_code
        async with Client(f"{url}/mcp") as client:
            assert not (await client.call_tool("whoami", {})).is_error
    assert statuses["oversized"] == 413
    assert all(400 <= status < 500 for status in statuses.values()), statuses


async def test_two_replicas_sharing_the_state_key_behave_as_one(emu: Emulator, served: Served) -> None:
    key = os.urandom(32)
    delete = {"kind": "studio", "name": "demo-studio"}
    async with (
        http_server(served.url, state_key=key) as one,
        http_server(served.url, state_key=key) as two,
        Client(f"{one}/mcp") as first,
        Client(f"{two}/mcp") as second,
    ):
        asked = text_of(await first.call_tool("delete_resource", delete))
        token = re.search(r"confirm='([^']+)'", asked)
        assert token, asked
        done = await second.call_tool("delete_resource", {**delete, "confirm": token.group(1)})
        listed = [await c.call_tool("list_studios", {}) for c in (first, second)]
    assert not done.is_error, text_of(done)
    assert len([e for e in emu.requests.entries if e.method == "DELETE"]) == 1
    assert text_of(listed[0]) == text_of(listed[1])
    assert "demo-studio" not in text_of(listed[0])


async def test_a_replica_with_another_state_key_refuses_the_token(emu: Emulator, served: Served) -> None:
    delete = {"kind": "studio", "name": "demo-studio"}
    async with (
        http_server(served.url, state_key=b"a" * 32) as one,
        http_server(served.url, state_key=b"b" * 32) as two,
        Client(f"{one}/mcp") as first,
        Client(f"{two}/mcp") as second,
    ):
        token = re.search(r"confirm='([^']+)'", text_of(await first.call_tool("delete_resource", delete)))
        assert token
        refused = await second.call_tool("delete_resource", {**delete, "confirm": token.group(1)})
    assert refused.is_error and "not one this server issued" in text_of(refused)
    assert [e for e in emu.requests.entries if e.method == "DELETE"] == []
