"""The default tool list is read by the model on every turn: it must stay small."""

import json

import pytest
from mcp import Client

from lightning_ai_mcp.server import build_server
from tests.fake_lightning import client_factory, identity_app, settings_for

pytestmark = pytest.mark.anyio

DEFAULT_BUDGET_TOKENS = 6_000
MAX_LISTED_TOOL_CHARS = 8_000


async def listed_tools(**settings: object) -> list[dict[str, object]]:
    server = build_server(settings_for(**settings), client_factory(identity_app([])))
    async with Client(server) as client:
        tools = (await client.list_tools()).tools
    return [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in tools]


def chars(value: object) -> int:
    return len(json.dumps(value, separators=(",", ":")))


async def test_the_default_tools_list_stays_under_6000_tokens() -> None:
    tools = await listed_tools()
    tokens = chars(tools) // 4
    assert tokens <= DEFAULT_BUDGET_TOKENS, f"default tools/list is {tokens} tokens; budget {DEFAULT_BUDGET_TOKENS}"


async def test_every_operation_is_a_tool_with_all_toolsets_and_none_is_over_8000_characters() -> None:
    from lightning_ai_mcp.catalog import load_catalog

    tools = await listed_tools(toolsets=("all",))
    assert len(tools) >= len(load_catalog().operations)
    largest = max(tools, key=chars)
    assert chars(largest) <= MAX_LISTED_TOOL_CHARS, largest["name"]
    names = [t["name"] for t in tools]
    assert len(names) == len(set(names))
    assert all(len(str(n)) <= 64 for n in names)


async def test_a_group_toolset_adds_exactly_that_groups_tools() -> None:
    from lightning_ai_mcp.catalog import load_catalog

    default = {t["name"] for t in await listed_tools()}
    with_group = {t["name"] for t in await listed_tools(toolsets=("default", "s_sh_public_key_service"))}
    group_size = sum(1 for op in load_catalog().operations if op.group == "s_sh_public_key_service")
    assert len(with_group - default) == group_size
    assert "ssh_public_key_list_ssh_public_keys" in with_group


async def test_read_only_wins_over_toolsets_and_tool_names() -> None:
    tools = await listed_tools(toolsets=("all",), tools=("call_endpoint",), read_only=True)
    assert tools
    assert all(t["annotations"]["readOnlyHint"] for t in tools)  # type: ignore[index]
    assert "call_endpoint" not in {t["name"] for t in tools}
