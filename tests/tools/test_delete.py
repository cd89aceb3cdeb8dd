"""delete_resource: names resolved to ids first, a confirmation naming exactly what goes, nothing sent before it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from lightning_ai_mcp.emulator import Emulator
from tests.tools.conftest import text_of
from tests.tools.workflow import call, demo_studio, ok, token_of

pytestmark = pytest.mark.anyio


async def confirmed_delete(make_server: Callable[..., Any], args: dict[str, Any], emu: Emulator) -> tuple[str, Any]:
    before = len(emu.requests.find("DELETE"))
    async with Client(make_server()) as client:
        first = await client.call_tool("delete_resource", args)
        assert first.is_error and len(emu.requests.find("DELETE")) == before, text_of(first)
        second = await client.call_tool("delete_resource", {**args, "confirm": token_of(text_of(first))})
    assert not second.is_error, text_of(second)
    return text_of(first), second


async def test_deleting_a_studio_by_name_names_its_id_and_asks_first(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    studio_id = demo_studio(emu).id
    asked, _ = await confirmed_delete(make_server, {"kind": "studio", "name": "demo-studio"}, emu)
    assert "demo-studio" in asked and studio_id in asked
    (sent,) = emu.requests.find("DELETE")
    assert sent.path.endswith(f"/cloudspaces/{studio_id}") and studio_id not in emu.world.studios


async def test_deleting_a_job_sends_its_studio_id_as_the_sdk_does(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    await confirmed_delete(make_server, {"kind": "job", "name": "demo-job"}, emu)
    (sent,) = emu.requests.find("DELETE", "*/jobs/*")
    assert sent.query == {"cloudspaceId": [demo_studio(emu).id]} and not emu.world.jobs


async def test_deleting_a_deployment_and_a_secret(emu: Emulator, make_server: Callable[..., Any]) -> None:
    await confirmed_delete(make_server, {"kind": "deployment", "name": "demo-api"}, emu)
    assert not emu.world.deployments
    emu.requests.clear()
    await ok(make_server, "set_secret", {"name": "TOKEN_A", "value": "v"})
    await confirmed_delete(make_server, {"kind": "secret", "name": "TOKEN_A"}, emu)
    assert not emu.world.secrets


async def test_a_file_and_a_folder_take_the_blob_and_the_tree_endpoint(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    await confirmed_delete(make_server, {"kind": "file", "name": "main.py", "studio": "demo-studio"}, emu)
    asked, _ = await confirmed_delete(make_server, {"kind": "file", "name": "data", "studio": "demo-studio"}, emu)
    assert "folder 'data'" in asked
    assert [r.path.rsplit("/", 2)[-2:] for r in emu.requests.find("DELETE")] == [
        ["blobs", "main.py"],
        ["trees", "data"],
    ]
    assert demo_studio(emu).files.read("main.py") is None and not demo_studio(emu).files.is_dir("data")


async def test_unknown_names_say_which_tool_lists_them(emu: Emulator, make_server: Callable[..., Any]) -> None:
    for kind, tool in (("studio", "list_studios"), ("job", "list_jobs"), ("deployment", "list_deployments")):
        result = await call(make_server, "delete_resource", {"kind": kind, "name": "ghost"})
        assert result.is_error and tool in text_of(result), kind
    result = await call(make_server, "delete_resource", {"kind": "file", "name": "ghost.txt"})
    assert result.is_error and "list_files" in text_of(result)
    assert not emu.requests.find("DELETE")


async def test_the_root_folder_is_never_deleted(emu: Emulator, make_server: Callable[..., Any]) -> None:
    for name in ("/", "teamspace/", " "):
        result = await call(make_server, "delete_resource", {"kind": "file", "name": name})
        assert result.is_error, name
    assert not emu.requests.find("DELETE")
