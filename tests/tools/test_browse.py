"""Resources a client can browse and the prompts for common journeys."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client, MCPError

pytestmark = pytest.mark.anyio


async def test_static_resources_and_templates_are_listed(make_server: Callable[..., Any]) -> None:
    async with Client(make_server()) as client:
        resources = {str(r.uri) for r in (await client.list_resources()).resources}
        templates = {t.uri_template for t in (await client.list_resource_templates()).resource_templates}
    assert {"lightning://teamspaces", "lightning://api/groups"} <= resources
    assert "lightning://api/operations/{id}" in templates


async def test_the_api_can_be_browsed_group_by_group(make_server: Callable[..., Any]) -> None:
    async with Client(make_server()) as client:
        groups = json.loads((await client.read_resource("lightning://api/groups")).contents[0].text)  # type: ignore[union-attr]
        ssh = json.loads(
            (await client.read_resource("lightning://api/groups/s_sh_public_key_service")).contents[0].text  # type: ignore[union-attr]
        )
        op = json.loads(
            (await client.read_resource("lightning://api/operations/jobs_service_list_jobs")).contents[0].text  # type: ignore[union-attr]
        )
    assert any(g["group"] == "jobs_service" for g in groups["groups"])
    assert {o["id"] for o in ssh["operations"]} >= {"s_sh_public_key_service_list_ssh_public_keys"}
    assert op["method"] == "GET" and "input_schema" in op


async def test_teamspaces_resource_reads_through_the_same_tool(make_server: Callable[..., Any]) -> None:
    async with Client(make_server()) as client:
        contents = (await client.read_resource("lightning://teamspaces")).contents[0]
    names = {t["name"] for t in json.loads(contents.text)["teamspaces"]}  # type: ignore[union-attr]
    assert names == {"research", "sandbox"}


async def test_an_unknown_resource_is_a_clear_protocol_error(make_server: Callable[..., Any]) -> None:
    async with Client(make_server()) as client:
        with pytest.raises(MCPError, match="no resource"):
            await client.read_resource("lightning://nothing/here")
        with pytest.raises(MCPError, match="no Lightning API operation"):
            await client.read_resource("lightning://api/operations/no_such_operation")


async def test_prompts_cover_the_common_journeys(make_server: Callable[..., Any]) -> None:
    async with Client(make_server()) as client:
        names = {p.name for p in (await client.list_prompts()).prompts}
        prompt = await client.get_prompt("run_script_on_gpu", {"script": "python train.py", "machine": "L4"})
        with pytest.raises(MCPError, match="script"):
            await client.get_prompt("run_script_on_gpu", {})
    assert names == {"run_script_on_gpu", "fine_tune_and_deploy", "clean_up_idle_resources"}
    text = prompt.messages[0].content.text  # type: ignore[union-attr]
    assert "python train.py" in text and "start_studio" in text and "stop_studio" in text


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_the_server_explains_itself_in_its_instructions(mode: str, make_server: Callable[..., Any]) -> None:
    async with Client(make_server(), mode=mode) as client:  # type: ignore[arg-type]
        instructions = client.instructions
    assert instructions is not None
    assert "default teamspace" in instructions and "call_endpoint" in instructions and "confirm" in instructions
