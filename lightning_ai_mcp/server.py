"""The MCP wiring: tool specs become an MCP server on stdio or streamable HTTP. The only module importing mcp."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import anyio
import mcp.types as types
from mcp.server import Server, ServerRequestContext

from lightning_ai_mcp import __version__
from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.errors import ConfirmationRequired, LightningMCPError
from lightning_ai_mcp.sandbox import SANDBOX_NOTE
from lightning_ai_mcp.tools.confirm import ConfirmTokens
from lightning_ai_mcp.tools.context import ProcessState, ToolContext
from lightning_ai_mcp.tools.registry import select_tools
from lightning_ai_mcp.tools.results import MAX_RESULT_CHARS, clean, to_json
from lightning_ai_mcp.tools.spec import ToolSpec
from lightning_ai_mcp.tools.validation import validate_arguments

logger = logging.getLogger(__name__)

INSTRUCTIONS = """\
Operates the Lightning AI platform (lightning.ai): teamspaces, studios (cloud machines), commands, files, jobs, \
deployments, secrets, models. Tools act in the default teamspace unless given `teamspace`; whoami shows it. \
Operations without a dedicated tool are reachable with search_endpoints -> describe_endpoint -> read_endpoint \
(reads) or call_endpoint (anything else); per-operation tools fill projectId from the default teamspace. Starting \
machines costs money: spend tools report the hourly rate, and destructive or expensive actions ask for \
confirmation (or return a confirm token to pass back once the user agreed)."""

ClientFactory = Callable[[Settings], LightningClient]
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class AppState:
    client: LightningClient
    settings: Settings
    process: ProcessState


def build_server(
    settings: Settings, client_factory: ClientFactory = LightningClient, sleep: Sleep = anyio.sleep
) -> Server[AppState]:
    """The MCP server for these settings. `sleep` is how long operations pause between polls (tests move the
    emulator's clock instead)."""
    specs = {spec.name: spec for spec in select_tools(settings)}
    listed = [_as_mcp_tool(spec) for spec in specs.values()]

    @asynccontextmanager
    async def lifespan(_: Server[AppState]) -> AsyncIterator[AppState]:
        async with client_factory(settings) as client:
            yield AppState(client=client, settings=settings, process=ProcessState(ConfirmTokens(settings.state_key)))

    async def list_tools(
        ctx: ServerRequestContext[AppState], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed)

    async def call_tool(
        ctx: ServerRequestContext[AppState], params: types.CallToolRequestParams
    ) -> types.CallToolResult | types.InputRequiredResult:
        spec = specs.get(params.name)
        if spec is None:
            return _error(f"Unknown tool {params.name!r}; tools/list shows the available tools.")
        arguments = dict(params.arguments or {})
        if params.request_state is not None:
            answer = (params.input_responses or {}).get(CONFIRM_INPUT)
            if not _approved(answer):
                return _error("Not done: the user did not approve it.")
            arguments["confirm"] = params.request_state
        return await _run_tool(ctx, spec, arguments, sleep)

    return Server(
        "lightning-ai-mcp",
        version=__version__,
        title="Lightning AI",
        instructions=INSTRUCTIONS + (f"\nThis is the {SANDBOX_NOTE}." if settings.sandbox else ""),
        website_url="https://lightning.ai",
        lifespan=lifespan,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        get_tool_input_schema=lambda name: specs[name].input_schema if name in specs else None,
    )


async def _run_tool(
    ctx: ServerRequestContext[AppState], spec: ToolSpec, arguments: dict[str, Any], sleep: Sleep
) -> types.CallToolResult | types.InputRequiredResult:
    state = ctx.lifespan_context
    try:
        validate_arguments(spec.name, spec.input_schema, arguments)
        tool_ctx = ToolContext(
            client=state.client,
            settings=state.settings,
            state=state.process,
            tool_name=spec.name,
            arguments=arguments,
            report_progress=ctx.session.report_progress,
            ask_user=_elicitation(ctx),
            teamspace_header=_header(ctx, "x-lightning-teamspace"),
            sleep=sleep,
        )
        value = await spec.handler(tool_ctx, arguments)
    except ConfirmationRequired as exc:
        if _modern(ctx) and _can_elicit(ctx) and "confirm" not in arguments:
            return _input_required(exc)
        return _error(
            f"Not done yet: {exc.summary}. Ask the user; if they agree, call {spec.name} again with the same "
            f"arguments plus confirm={exc.token!r} (valid 10 minutes)."
        )
    except LightningMCPError as exc:
        return _error(state.client.redact(str(exc)))
    except anyio.get_cancelled_exc_class():
        raise
    except Exception:
        logger.exception("tool %s failed unexpectedly", spec.name)
        return _error(f"{spec.name} failed with an internal error; the server log has the details.")
    return _result(spec, value, state.client.redact, state.settings.sandbox)


def _result(spec: ToolSpec, value: Any, redact: Callable[[str], str], sandbox: bool) -> types.CallToolResult:
    structured = clean(value)
    if sandbox and isinstance(structured, dict):
        structured.setdefault("sandbox", SANDBOX_NOTE)
    text = redact(to_json(structured))
    if len(text) > MAX_RESULT_CHARS:
        return _error(
            f"The result of {spec.name} is {len(text)} characters, over the {MAX_RESULT_CHARS} limit; narrow it "
            "(a filter, a smaller limit, or a page cursor)."
        )
    content: list[types.ContentBlock] = [types.TextContent(type="text", text=text)]
    if spec.output_schema is not None and isinstance(structured, dict):
        return types.CallToolResult(content=content, structured_content=structured)
    return types.CallToolResult(content=content)


def _error(text: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(type="text", text=text)], is_error=True)


def _as_mcp_tool(spec: ToolSpec) -> types.Tool:
    return types.Tool(
        name=spec.name,
        title=spec.title,
        description=spec.description,
        input_schema=spec.input_schema,
        output_schema=spec.output_schema,
        annotations=types.ToolAnnotations(
            read_only_hint=spec.read_only,
            destructive_hint=spec.destructive,
            idempotent_hint=spec.is_idempotent,
            open_world_hint=True,
        ),
    )


def _header(ctx: ServerRequestContext[AppState], name: str) -> str | None:
    request = ctx.request
    headers = getattr(request, "headers", None)
    if headers is None:
        return None
    value = headers.get(name)
    return str(value) if value else None


CONFIRM_INPUT = "confirm"
MODERN_PROTOCOL = "2026-07-28"
_CONFIRM_SCHEMA: Any = {
    "type": "object",
    "properties": {"confirm": {"type": "boolean", "title": "Proceed?", "default": False}},
    "required": ["confirm"],
}


def _modern(ctx: ServerRequestContext[AppState]) -> bool:
    return ctx.protocol_version >= MODERN_PROTOCOL


def _can_elicit(ctx: ServerRequestContext[AppState]) -> bool:
    return ctx.session.check_client_capability(types.ClientCapabilities(elicitation=types.ElicitationCapability()))


def _approved(answer: object) -> bool:
    content = getattr(answer, "content", None) or {}
    return getattr(answer, "action", None) == "accept" and content.get("confirm") is True


def _elicitation(ctx: ServerRequestContext[AppState]) -> Callable[[str], Any] | None:
    """Mid-call elicitation, for handshake-era clients that support it (2026-07-28 ones get input_required)."""
    if _modern(ctx) or not _can_elicit(ctx):
        return None

    async def ask(message: str) -> bool | None:
        return _approved(await ctx.session.elicit_form(message, _CONFIRM_SCHEMA))

    return ask


def _input_required(exc: ConfirmationRequired) -> types.InputRequiredResult:
    request = types.ElicitRequest(
        params=types.ElicitRequestFormParams(
            message=f"Lightning: {exc.summary}. Proceed?", requested_schema=_CONFIRM_SCHEMA
        )
    )
    return types.InputRequiredResult(input_requests={CONFIRM_INPUT: request}, request_state=exc.token)


def configure_logging(level: int = logging.WARNING) -> None:
    """Operator logs go to stderr (stdout belongs to the protocol); the HTTP stack never logs request URLs."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx2", "httpx", "httpcore", "mcp"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


async def serve_stdio(settings: Settings, client_factory: ClientFactory = LightningClient) -> None:
    from mcp.server.stdio import stdio_server

    server = build_server(settings, client_factory)
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


def http_app(settings: Settings, client_factory: ClientFactory = LightningClient) -> Any:
    """The streamable-HTTP ASGI app at /mcp, with Host/Origin checks and the bearer token when one is set."""
    from mcp.server.transport_security import TransportSecuritySettings

    from lightning_ai_mcp.http_auth import BearerTokenMiddleware

    server = build_server(settings, client_factory)
    hosts = ["127.0.0.1:*", "localhost:*", "[::1]:*"]
    origins = ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"]
    if settings.host not in ("127.0.0.1", "localhost", "::1"):
        hosts.append(f"{settings.host}:*")
        origins += [f"http://{settings.host}:*", f"https://{settings.host}:*"]
    security = TransportSecuritySettings(
        enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins
    )
    app = server.streamable_http_app(host=settings.host, transport_security=security)
    if settings.http_token:
        return BearerTokenMiddleware(app, settings.http_token)
    return app


async def serve_http(settings: Settings, client_factory: ClientFactory = LightningClient) -> None:
    import uvicorn

    config = uvicorn.Config(
        http_app(settings, client_factory),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        lifespan="on",
    )
    await uvicorn.Server(config).serve()
