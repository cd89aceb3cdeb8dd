"""The MCP server: tool specs, resources and prompts behind the protocol's handlers."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import mcp.types as types
from mcp.server import Server, ServerRequestContext

from lightning_ai_mcp import __version__
from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.sandbox import SANDBOX_NOTE
from lightning_ai_mcp.server.browse import Browsing
from lightning_ai_mcp.server.calls import as_mcp_tool, error, run_tool
from lightning_ai_mcp.server.confirmation import CONFIRM_INPUT, approved
from lightning_ai_mcp.server.state import TOOL_CALL_DEADLINE, AppState, ClientFactory, Sleep
from lightning_ai_mcp.tools.confirm import ConfirmTokens
from lightning_ai_mcp.tools.context import ProcessState
from lightning_ai_mcp.tools.registry import select_tools

INSTRUCTIONS = """\
Operates the Lightning AI platform (lightning.ai): teamspaces, studios (cloud machines), commands, files, jobs, \
deployments, secrets, models. Tools act in the default teamspace unless given `teamspace`; whoami shows it. \
Operations without a dedicated tool are reachable with search_endpoints -> describe_endpoint -> read_endpoint \
(reads) or call_endpoint (anything else); per-operation tools fill projectId from the default teamspace. Starting \
machines costs money: spend tools report the hourly rate, and destructive or expensive actions ask for \
confirmation (or return a confirm token to pass back once the user agreed)."""


async def _preload(module: str) -> None:
    await anyio.to_thread.run_sync(lambda: importlib.import_module(module))


def build_server(
    settings: Settings,
    client_factory: ClientFactory = LightningClient,
    sleep: Sleep = anyio.sleep,
    call_deadline: float = TOOL_CALL_DEADLINE,
) -> Server[AppState]:
    """The MCP server for these settings. `sleep` is how waits pause between polls (tests move the emulator's
    clock instead); `call_deadline` bounds each tool call."""
    specs = {spec.name: spec for spec in select_tools(settings)}
    listed = [as_mcp_tool(spec) for spec in specs.values()]
    browsing = Browsing(specs)

    @asynccontextmanager
    async def lifespan(_: Server[AppState]) -> AsyncIterator[AppState]:
        async with client_factory(settings) as client, anyio.create_task_group() as background:
            # The validator library takes ~50 ms to import: load it while the client is still handshaking,
            # not inside its first tool call.
            background.start_soon(_preload, "jsonschema")
            yield AppState(client, settings, ProcessState(ConfirmTokens(settings.state_key)), sleep, call_deadline)

    async def list_tools(
        ctx: ServerRequestContext[AppState], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed)

    async def call_tool(
        ctx: ServerRequestContext[AppState], params: types.CallToolRequestParams
    ) -> types.CallToolResult | types.InputRequiredResult:
        spec = specs.get(params.name)
        if spec is None:
            return error(f"Unknown tool {params.name!r}; tools/list shows the available tools.")
        arguments = dict(params.arguments or {})
        if params.request_state is not None:
            if not approved((params.input_responses or {}).get(CONFIRM_INPUT)):
                return error("Not done: the user did not approve it.")
            arguments["confirm"] = params.request_state
        return await run_tool(ctx, spec, arguments)

    return Server(
        "lightning-ai-mcp",
        version=__version__,
        title="Lightning AI",
        instructions=INSTRUCTIONS + (f"\nThis is the {SANDBOX_NOTE}." if settings.sandbox else ""),
        website_url="https://lightning.ai",
        lifespan=lifespan,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=browsing.list_resources,
        on_list_resource_templates=browsing.list_templates,
        on_read_resource=browsing.read_resource,
        on_list_prompts=browsing.list_prompts,
        on_get_prompt=browsing.get_prompt,
        get_tool_input_schema=lambda name: specs[name].input_schema if name in specs else None,
    )
