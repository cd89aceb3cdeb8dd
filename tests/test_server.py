"""The MCP surface as a whole, through the real MCP client in-process."""

import json
import os
import re
from pathlib import Path

import pytest
from mcp import Client

from lightning_ai_mcp.server import build_server
from lightning_ai_mcp.tools.registry import select_tools
from tests.fake_lightning import API_KEY, client_factory, identity_app, membership, settings_for

pytestmark = pytest.mark.anyio

SNAPSHOT = Path(__file__).parent / "snapshots" / "tools_list.json"
NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def make_server(**settings: object) -> object:
    app = identity_app([membership("prj-1", "research")])
    return build_server(settings_for(**settings), client_factory(app))


async def test_every_listed_tool_is_well_formed() -> None:
    async with Client(make_server()) as client:
        tools = (await client.list_tools()).tools
    assert tools
    for tool in tools:
        assert NAME.match(tool.name), tool.name
        assert tool.description and tool.title
        assert tool.annotations is not None
        for hint in ("read_only_hint", "destructive_hint", "idempotent_hint", "open_world_hint"):
            assert getattr(tool.annotations, hint) is not None, (tool.name, hint)
        assert tool.input_schema["type"] == "object"
        assert not {"anyOf", "oneOf", "allOf"} & tool.input_schema.keys(), tool.name


def test_every_tool_has_a_toolset_and_a_class() -> None:
    for spec in select_tools(settings_for(toolsets=("all",))):
        assert spec.toolset
        assert spec.op_class in ("read", "write", "spend", "destructive", "dangerous")
        assert spec.read_only == (spec.op_class == "read")


async def test_the_tools_list_matches_the_committed_snapshot() -> None:
    async with Client(make_server()) as client:
        tools = [t.model_dump(by_alias=True, exclude_none=True) for t in (await client.list_tools()).tools]
    current = json.dumps(tools, indent=2, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_TOOLSNAPS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(current)
    assert SNAPSHOT.exists(), "no tools/list snapshot: run the tests once with UPDATE_TOOLSNAPS=1"
    assert current == SNAPSHOT.read_text(), "tools/list changed: review it, then renew with UPDATE_TOOLSNAPS=1"


async def test_whoami_names_the_user_and_the_default_teamspace_without_the_api_key() -> None:
    async with Client(make_server()) as client:
        result = await client.call_tool("whoami", {})
    assert not result.is_error
    assert result.structured_content is not None
    assert result.structured_content["user"]["username"] == "ada"
    assert result.structured_content["default_teamspace"]["id"] == "prj-1"
    assert API_KEY not in str(result)


async def test_an_unknown_argument_is_refused_naming_it() -> None:
    async with Client(make_server()) as client:
        result = await client.call_tool("whoami", {"verbose": True})
    assert result.is_error
    assert "verbose" in result.content[0].text  # type: ignore[union-attr]


async def test_a_wrong_type_is_refused_naming_the_field() -> None:
    async with Client(make_server()) as client:
        result = await client.call_tool("set_default_teamspace", {"teamspace": 7})
    assert result.is_error
    assert result.content[0].text.startswith("teamspace:")  # type: ignore[union-attr]


async def test_an_unknown_tool_is_an_error_result_and_the_server_keeps_serving() -> None:
    async with Client(make_server()) as client:
        result = await client.call_tool("no_such_tool", {})
        assert result.is_error
        assert not (await client.call_tool("whoami", {})).is_error


async def test_read_only_mode_lists_only_reads() -> None:
    async with Client(make_server(read_only=True)) as client:
        tools = (await client.list_tools()).tools
    assert tools and all(t.annotations and t.annotations.read_only_hint for t in tools)


async def test_excluded_tools_are_not_listed() -> None:
    async with Client(make_server(exclude_tools=("whoami",))) as client:
        names = {t.name for t in (await client.list_tools()).tools}
    assert "whoami" not in names and "list_teamspaces" in names


async def test_the_initialize_result_explains_the_server() -> None:
    async with Client(make_server()) as client:
        assert client.server_info is not None
        info = client.server_info
    assert info.name == "lightning-ai-mcp"
