"""Full API coverage: every catalog operation is reachable through the generic tools, with the safety checks."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from lightning_ai_mcp.catalog import Operation, load_catalog
from lightning_ai_mcp.emulator import Emulator
from lightning_ai_mcp.errors import LightningAPIError, OperationRefused
from lightning_ai_mcp.tools import api
from lightning_ai_mcp.tools.context import ToolContext
from tests.tools.conftest import text_of

pytestmark = pytest.mark.anyio

CATALOG = load_catalog()
HTTP_OPERATIONS = [op for op in CATALOG.operations if op.transport == "http"]
READS = [op for op in HTTP_OPERATIONS if op.method == "GET" and op.op_class == "read"]
SAMPLE_VALUES = {"str": "v1", "int": 3, "float": 1.5, "bool": True, "datetime": "2026-01-02T03:04:05Z"}


def arguments_for(op: Operation) -> dict[str, Any]:
    """Schema-valid arguments: every path parameter, the required query parameters and one optional one."""
    path = {p.wire: ("dir/file 1.txt" if p.file_path else f"{p.wire.replace('.', '-')}-1") for p in op.path_params}
    chosen = [p for p in op.query_params if p.required] + [p for p in op.query_params if not p.required][:1]
    query = {
        p.wire: ([SAMPLE_VALUES.get(p.type, "v1")] * 2 if p.repeated else SAMPLE_VALUES.get(p.type, "v1"))
        for p in chosen
    }
    args: dict[str, Any] = {"id": op.id, "path_params": path, "query": query}
    if op.body_model and op.method != "GET":
        args["body"] = {}
    return args


def expected_path(op: Operation, path_params: dict[str, str]) -> str:
    """The path as the emulator logs it (percent-decoded, as ASGI servers present it)."""
    path = op.path
    for name, value in path_params.items():
        path = path.replace("{" + name + "}", value)
    return path


async def send(ctx: ToolContext, tool: Callable[..., Any], args: dict[str, Any]) -> None:
    # A 404 for an id that does not exist still proves the request arrived as it should.
    with contextlib.suppress(LightningAPIError):
        await tool(ctx, args)


def test_the_catalog_has_every_operation_the_sdk_knows() -> None:
    assert len({op.key for op in CATALOG.operations if not op.supplement}) == 758


@pytest.mark.parametrize("op", HTTP_OPERATIONS, ids=lambda op: op.id)
async def test_every_operation_is_reachable_through_call_endpoint(
    op: Operation, emu: Emulator, make_context: Callable[..., ToolContext]
) -> None:
    ctx = make_context(allow_operations=(op.id,))
    args = arguments_for(op)
    await send(ctx, api.call_endpoint, args)
    await ctx.client.aclose()
    sent = emu.requests.entries[-1]
    assert sent.method == op.method
    assert "{" not in sent.path
    assert sent.path == expected_path(op, args["path_params"])
    for name, value in args["query"].items():
        expected = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        assert sent.query.get(name) == expected, (name, sent.query)


@pytest.mark.parametrize("op", READS, ids=lambda op: op.id)
async def test_every_read_is_reachable_through_read_endpoint(
    op: Operation, emu: Emulator, make_context: Callable[..., ToolContext]
) -> None:
    ctx = make_context()
    args = arguments_for(op)
    await send(ctx, api.read_endpoint, args)
    await ctx.client.aclose()
    assert emu.requests.entries[-1].path == expected_path(op, args["path_params"])


async def test_read_only_mode_lets_no_mutating_request_through_and_reads_still_work(
    emu: Emulator, make_context: Callable[..., ToolContext]
) -> None:
    ctx = make_context(read_only=True, allow_operations=tuple(op.id for op in HTTP_OPERATIONS))
    refused = 0
    for op in HTTP_OPERATIONS:
        try:
            await send(ctx, api.call_endpoint, arguments_for(op))
        except OperationRefused:
            refused += 1
    await ctx.client.aclose()
    assert refused == len(HTTP_OPERATIONS) - len(READS)
    assert {e.method for e in emu.requests.entries} == {"GET"}
    assert len(emu.requests.entries) >= len(READS)


@pytest.mark.parametrize(
    "ref",
    [
        "billing_service_get_usage_report",
        "billing_service_get_usage_report_v1",
        "GET /v1/billing/usage-report",
        "GET /v1/projects/{projectId}/cloudspaces/{id}/codeconfig",
        "GET /v1/projects/prj-1/cloudspaces/cs-1/codeconfig",
    ],
)
async def test_aliases_and_method_path_ids_resolve(ref: str, make_context: Callable[..., ToolContext]) -> None:
    described = await api.describe_endpoint(make_context(), {"id": ref})
    assert described["id"] in (
        "billing_service_get_usage_report_v1",
        "cloud_space_service_get_cloud_space_instance_config",
    )


async def test_a_dangerous_operation_is_refused_without_the_flag_and_runs_with_it(
    emu: Emulator, make_context: Callable[..., ToolContext]
) -> None:
    op = CATALOG.operation("projects_service_delete_project")
    assert op.op_class == "dangerous"
    args = {"id": op.id, "path_params": {"id": "prj-gone"}}
    with pytest.raises(OperationRefused, match="--allow-operations"):
        await api.call_endpoint(make_context(), args)
    assert not emu.requests.find("DELETE")
    await send(make_context(allow_operations=("DELETE /v1/projects/{id}",)), api.call_endpoint, args)
    assert emu.requests.find("DELETE", "/v1/projects/prj-gone")


async def test_a_client_goes_from_search_to_a_call_no_curated_tool_covers_in_two_calls(
    make_server: Callable[..., Any],
) -> None:
    async with Client(make_server()) as client:
        found = await client.call_tool("search_endpoints", {"query": "list ssh keys"})
        assert found.structured_content is None
        top = text_of(found)
        assert "s_sh_public_key_service_list_ssh_public_keys" in top
        keys = await client.call_tool("read_endpoint", {"id": "s_sh_public_key_service_list_ssh_public_keys"})
    assert not keys.is_error, text_of(keys)


async def test_reading_a_studio_code_config_takes_two_calls(emu: Emulator, make_server: Callable[..., Any]) -> None:
    async with Client(make_server()) as client:
        found = text_of(await client.call_tool("search_endpoints", {"query": "studio code config"}))
        assert "cloud_space_service_get_cloud_space_instance_config" in found
        studios = emu.requests.entries[-1] if emu.requests.entries else None
        studio_id = _demo_studio_id(emu)
        config = await client.call_tool(
            "read_endpoint",
            {"id": "cloud_space_service_get_cloud_space_instance_config", "path_params": {"id": studio_id}},
        )
    assert studios is None or studios.method == "GET"
    assert not config.is_error, text_of(config)
    assert "computeConfig" in text_of(config)


def _demo_studio_id(emu: Emulator) -> str:
    return next(iter(emu.world.studios))


async def test_search_without_a_query_lists_the_groups(make_context: Callable[..., ToolContext]) -> None:
    result = await api.search_endpoints(make_context(), {})
    groups = {g["group"] for g in result["groups"]}
    assert {"cloud_space_service", "jobs_service", "s_sh_public_key_service"} <= groups
    assert all(g["purpose"] for g in result["groups"])


async def test_read_endpoint_refuses_an_operation_that_is_not_a_read(make_context: Callable[..., ToolContext]) -> None:
    with pytest.raises(OperationRefused, match="call_endpoint"):
        await api.read_endpoint(make_context(), {"id": "cloud_space_service_delete_cloud_space"})


async def test_a_body_field_of_the_wrong_type_is_refused_naming_it_before_any_request(
    emu: Emulator, make_context: Callable[..., ToolContext]
) -> None:
    from lightning_ai_mcp.errors import InvalidArgument

    args = {
        "id": "cloud_space_service_start_cloud_space_instance",
        "path_params": {"id": "cs-1"},
        "body": {"computeConfig": {"name": 5}},
    }
    before = len(emu.requests.entries)
    with pytest.raises(InvalidArgument) as info:
        await api.call_endpoint(make_context(), args)
    assert info.value.field == "body.computeConfig.name"
    assert len(emu.requests.entries) == before + 1  # only the teamspace lookup


async def test_credential_fields_are_masked_in_generic_results(make_server: Callable[..., Any]) -> None:
    from lightning_ai_mcp.emulator import DEMO_API_KEY

    async with Client(make_server()) as client:
        result = await client.call_tool("read_endpoint", {"id": "auth_service_get_user"})
    assert not result.is_error
    assert DEMO_API_KEY not in text_of(result)
    assert '"apiKey":"***"' in text_of(result)
