"""Hostile arguments: traversal and odd ids in every id-like argument of every tool, URLs in every string argument,
presigned URLs to another host. Rejected before any request; credentials never go anywhere but the API host."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from mcp import Client

from lightning_ai_mcp.catalog import load_catalog
from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.emulator import Emulator, create_app
from lightning_ai_mcp.emulator.server import Served
from lightning_ai_mcp.tools.generated import tool_name
from lightning_ai_mcp.tools.registry import select_tools
from tests.reliability.conftest import client_factory, server_for, settings_for, text_of
from tests.reliability.fakes import ScriptedAPI, respond, serve
from tests.reliability.schemas import minimal

pytestmark = pytest.mark.anyio

BAD_IDS = ["..", ".", "%2e%2e", "a/b", "x?y=1", "x#y", "a\r\nb", "\u2024\u2024", "\uff0e\uff0e", "x" * 5000]
BAD_FILE_PATHS = ["..", "a/../b", "%2e%2e/x", "a//b", "a\r\nb", "\uff0e\uff0e/x", "x/" * 3000]
ID_LIKE = {"teamspace", "studio", "name", "job", "deployment", "session", "cursor", "machine", "cloud"}
SEEDED = {
    "teamspace": "research",
    "studio": "demo-studio",
    "job": "demo-job",
    "deployment": "demo-api",
    "path": "main.py",
    "command": "echo hi",
    "content": "hi",
    "value": "v",
    "name": "x1",
    "session": "s1",
}


def all_tools() -> list[Any]:
    return select_tools(Settings(toolsets=("all",)))


def per_operation_cases() -> Iterator[tuple[str, dict[str, Any], str]]:
    """(tool, arguments, the one bad parameter) for every path parameter of every operation."""
    listed = {spec.name: spec.input_schema for spec in all_tools()}
    for op in load_catalog().operations:
        name = tool_name(op)
        if name not in listed or op.transport != "http":
            continue
        params = op.path_params
        properties = listed[name].get("properties") or {}
        base: dict[str, Any] = {n: minimal(properties[n]) for n in listed[name].get("required") or []}
        base |= {p.wire: ("prj-ok" if p.wire == "projectId" else "ok-1") for p in params}
        for param in params:
            for bad in BAD_FILE_PATHS if param.file_path else BAD_IDS:
                yield name, {**base, param.wire: bad}, param.wire


async def test_bad_ids_in_every_path_parameter_of_every_operation_tool_are_rejected_before_any_request(
    emu: Emulator, served: Served
) -> None:
    cases = list(per_operation_cases())
    assert len(cases) > 10_000
    unclear: list[tuple[str, str, str]] = []
    async with Client(server_for(served.url, toolsets=("all",))) as mcp:
        with anyio.fail_after(60):
            for name, arguments, param in cases:
                result = await mcp.call_tool(name, arguments)
                if not result.is_error or not text_of(result).startswith(param):
                    unclear.append((name, param, text_of(result)[:120]))
    assert unclear == []
    assert emu.requests.entries == []  # not one request reached the API


@pytest.mark.parametrize("tool", ["read_endpoint", "call_endpoint"])
async def test_bad_ids_in_path_params_of_the_generic_tools_are_rejected_before_any_request(
    emu: Emulator, served: Served, tool: str
) -> None:
    operations = [op for op in load_catalog().operations if op.path_params and op.transport == "http"]
    if tool == "read_endpoint":
        operations = [op for op in operations if op.method == "GET" and op.op_class == "read"]
    async with Client(server_for(served.url)) as mcp:
        with anyio.fail_after(60):
            for index, op in enumerate(operations):
                params = {p.wire: ("prj-ok" if p.wire == "projectId" else "ok-1") for p in op.path_params}
                target = op.path_params[index % len(op.path_params)]
                for bad in BAD_FILE_PATHS if target.file_path else BAD_IDS:
                    arguments = {"id": op.id, "path_params": {**params, target.wire: bad}}
                    result = await mcp.call_tool(tool, arguments)
                    assert result.is_error and text_of(result).startswith(f"{target.wire}:"), (op.id, bad)
    assert emu.requests.entries == []


def curated_cases() -> Iterator[tuple[str, dict[str, Any], str, str]]:
    for spec in select_tools(Settings()):
        properties = spec.input_schema.get("properties") or {}
        required = spec.input_schema.get("required") or []
        base = {n: SEEDED.get(n, minimal(properties[n])) for n in required}
        for prop, schema in properties.items():
            if "string" not in str(schema.get("type")) or schema.get("enum"):
                continue
            if prop in ID_LIKE:
                for bad in BAD_IDS:
                    yield spec.name, {**base, prop: bad}, prop, bad
            elif prop == "path":
                for bad in BAD_FILE_PATHS:
                    yield spec.name, {**base, prop: bad}, prop, bad


def _reached_with(emu: Emulator, bad: str) -> list[str]:
    """Requests whose path was built from the hostile value, or that escaped their template."""
    hits = []
    for entry in emu.requests.entries:
        segments = entry.path.split("/")
        if (bad in entry.path and len(bad) > 2) or "." in segments or ".." in segments or "\r" in entry.path:
            hits.append(f"{entry.method} {entry.path[:80]}")
    return hits


async def test_bad_ids_in_every_id_like_argument_of_every_curated_tool_never_reach_a_url(
    emu: Emulator, served: Served
) -> None:
    escaped: list[str] = []
    deleted: list[str] = []
    async with Client(server_for(served.url, emu=emu)) as mcp:
        for name, arguments, prop, bad in curated_cases():
            emu.requests.clear()
            with anyio.fail_after(10):
                result = await mcp.call_tool(name, arguments)
            escaped += [f"{name}({prop}={bad[:20]!r}): {hit}" for hit in _reached_with(emu, bad)]
            deleted += [f"{name}({prop}={bad[:20]!r})" for e in emu.requests.entries if e.method == "DELETE"]
            assert result.content, name
    assert escaped == []
    assert deleted == []


URL_VALUES = ["{attacker}/steal", "//{netloc}/steal", "GET {attacker}/v1/auth/user", "{attacker}"]


async def test_urls_in_any_string_argument_of_any_tool_never_take_credentials_elsewhere(
    emu: Emulator, served: Served
) -> None:
    attacker = ScriptedAPI().on("*", "*", respond(200, {"ok": True}))
    with serve(attacker) as attacker_url:
        netloc = attacker_url.removeprefix("http://")
        values = [v.format(attacker=attacker_url, netloc=netloc) for v in URL_VALUES]
        calls = 0
        async with Client(server_for(served.url, toolsets=("all",), emu=emu)) as mcp:
            with anyio.fail_after(60):
                for spec in all_tools():
                    properties = spec.input_schema.get("properties") or {}
                    required = spec.input_schema.get("required") or []
                    base = {n: SEEDED.get(n, minimal(properties[n])) for n in required}
                    strings = [p for p, s in properties.items() if "string" in str(s.get("type")) and p != "confirm"]
                    if spec.toolset != "default":  # per-operation tools share one handler: every string at once
                        arguments = {**base, **{p: values[i % len(values)] for i, p in enumerate(strings)}}
                        if "projectId" in properties:
                            arguments["projectId"] = "prj-ok"
                        await mcp.call_tool(spec.name, arguments)
                        calls += 1
                        continue
                    for prop in strings:
                        for value in values:
                            await mcp.call_tool(spec.name, {**base, prop: value})
                            calls += 1
                for tool in ("read_endpoint", "call_endpoint"):
                    for value in values:
                        for arguments in (
                            {"id": "auth_service_get_user", "query": {"url": value}},
                            {"id": "cloud_space_service_get_cloud_space", "path_params": {"id": value}},
                            {"id": "cloud_space_service_create_cloud_space", "body": {"name": value, "url": value}},
                        ):
                            await mcp.call_tool(tool, arguments)
                            calls += 1
    assert calls > 1000
    assert attacker.seen() == []  # nothing at all reached the other host, with or without credentials


async def _lifespan(receive: Any, send: Any) -> None:
    while True:
        kind = (await receive())["type"]
        await send({"type": f"{kind}.complete"})
        if kind == "lifespan.shutdown":
            return


class _Asgi:
    def __init__(self, handler: Any) -> None:
        self.handler = handler

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await self.handler(scope, receive, send)


class TwoHosts:
    """The emulator answering the API on one port and storage on another: presigned URLs point at the second."""

    def __init__(self, emu: Emulator) -> None:
        self.app = create_app(emu)
        self.storage_calls: list[dict[str, str]] = []
        self.storage_url = ""

    async def api(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            return await _lifespan(receive, send)
        if scope["type"] == "http":
            netloc = self.storage_url.removeprefix("http://").encode()
            scope = {**scope, "headers": [(k, netloc if k == b"host" else v) for k, v in scope["headers"]]}
        await self.app(scope, receive, send)

    async def storage(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            return await _lifespan(receive, send)
        if scope["type"] == "http":
            headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
            self.storage_calls.append({"path": scope["path"], **headers})
        await self.app(scope, receive, send)


async def test_presigned_urls_to_another_host_are_used_without_credentials(emu: Emulator) -> None:
    hosts = TwoHosts(emu)
    with serve(_Asgi(hosts.storage)) as storage_url:
        hosts.storage_url = storage_url
        with serve(_Asgi(hosts.api)) as api_url:
            async with Client(server_for(api_url, emu=emu)) as mcp:
                with anyio.fail_after(20):
                    up = await mcp.call_tool(
                        "upload_file", {"studio": "demo-studio", "path": "notes/hello.txt", "content": "hello"}
                    )
                    down = await mcp.call_tool("read_file", {"studio": "demo-studio", "path": "notes/hello.txt"})
    assert not up.is_error, text_of(up)
    assert "hello" in text_of(down)
    presigned = [c for c in hosts.storage_calls if c["path"].startswith("/_presigned/")]
    assert presigned  # the upload really went to the other host
    assert all("authorization" not in call for call in presigned)


async def test_a_download_redirected_to_another_host_is_fetched_without_credentials() -> None:
    storage = ScriptedAPI().on("*", "*", respond(200, raw=b"file bytes", headers={"content-type": "text/plain"}))
    with serve(storage) as storage_url:
        api = ScriptedAPI().on("*", "*", respond(302, {}, {"location": f"{storage_url}/bucket/blob?sig=1"}))
        with serve(api) as url:
            client: LightningClient = client_factory()(settings_for(url))
            async with client:
                with anyio.fail_after(10):
                    answer = await client.request(
                        "GET",
                        "/v1/projects/{projectId}/artifacts/blobs/{path}",
                        path_params={"projectId": "p", "path": "a/b.txt"},
                        file_params=["path"],
                        raw=True,
                    )
    assert answer.body == b"file bytes"
    assert "authorization" in api.seen()[0].headers
    assert [("authorization" in call.headers) for call in storage.seen()] == [False]
