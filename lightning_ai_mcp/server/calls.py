"""Running a tool for an MCP request: arguments checked, the handler run, its answer or error shaped for a model."""

from __future__ import annotations

import logging
import math
from typing import Any

import anyio
import mcp.types as types
from mcp.server import ServerRequestContext

from lightning_ai_mcp.errors import ConfirmationRequired, LightningMCPError
from lightning_ai_mcp.redact import Redactor
from lightning_ai_mcp.sandbox import SANDBOX_NOTE
from lightning_ai_mcp.server.confirmation import can_elicit, elicitation, input_required, is_modern
from lightning_ai_mcp.server.state import AppState
from lightning_ai_mcp.tools.context import AskUser, ToolContext
from lightning_ai_mcp.tools.results import MAX_RESULT_CHARS, clean, to_json
from lightning_ai_mcp.tools.secrets import secret_values_sent
from lightning_ai_mcp.tools.spec import ToolSpec
from lightning_ai_mcp.tools.validation import validate_arguments

logger = logging.getLogger(__name__)


async def invoke(
    ctx: ServerRequestContext[AppState],
    spec: ToolSpec,
    arguments: dict[str, Any],
    deadline: anyio.CancelScope | None = None,
) -> Any:
    """Validate and run one tool's handler; its errors propagate as the package's own exceptions.

    Time the user spends answering a confirmation does not count against the call's `deadline`.
    """
    state = ctx.lifespan_context
    validate_arguments(spec.name, spec.input_schema, arguments)
    tool_ctx = ToolContext(
        client=state.client,
        settings=state.settings,
        state=state.process,
        tool_name=spec.name,
        arguments=arguments,
        report_progress=ctx.session.report_progress,
        ask_user=_paused(elicitation(ctx), deadline),
        teamspace_header=_header(ctx, "x-lightning-teamspace"),
        sleep=state.sleep,
    )
    return shaped(await spec.handler(tool_ctx, arguments), state.settings.sandbox)


async def run_tool(
    ctx: ServerRequestContext[AppState], spec: ToolSpec, arguments: dict[str, Any]
) -> types.CallToolResult | types.InputRequiredResult:
    client = ctx.lifespan_context.client
    sent = secret_values_sent(spec.name, spec.toolset, arguments)
    redact = (
        Redactor([*client.credentials.secret_values(), *sent], client.credentials.user_id) if sent else client.redact
    )
    deadline = ctx.lifespan_context.call_deadline
    try:
        with anyio.CancelScope(deadline=anyio.current_time() + deadline) as scope:
            value = await invoke(ctx, spec, arguments, scope)
        if scope.cancelled_caught:
            return error(
                f"{spec.name} did not finish within {deadline:g} s and was stopped. Anything it had already asked "
                "Lightning to do may still happen: check the current state with the list tools before trying again."
            )
    except ConfirmationRequired as exc:
        if is_modern(ctx) and can_elicit(ctx) and "confirm" not in arguments:
            return input_required(exc)
        return error(
            f"Not done yet: {exc.summary}. Ask the user; if they agree, call {spec.name} again with the same "
            f"arguments plus confirm={exc.token!r} (valid 10 minutes)."
        )
    except LightningMCPError as exc:
        return error(redact(str(exc)))
    except anyio.get_cancelled_exc_class():
        raise
    except Exception:
        logger.exception("tool %s failed unexpectedly", spec.name)
        return error(f"{spec.name} failed with an internal error; the server log has the details.")
    # Structured content is what many clients show the model: it is scrubbed like the text, not only the text.
    value = redact.scrub(value)
    text = redact(to_json(value))
    if len(text) > MAX_RESULT_CHARS:
        return error(
            f"The result of {spec.name} is {len(text)} characters, over the {MAX_RESULT_CHARS} limit; narrow it "
            "(a filter, a smaller limit, or a page cursor)."
        )
    content: list[types.ContentBlock] = [types.TextContent(type="text", text=text)]
    if spec.output_schema is not None and isinstance(value, dict):
        return types.CallToolResult(content=content, structured_content=value)
    return types.CallToolResult(content=content)


def shaped(value: Any, sandbox: bool) -> Any:
    """Credential fields masked, invisible characters removed, and the sandbox named as such."""
    value = clean(value)
    if sandbox and isinstance(value, dict):
        value.setdefault("sandbox", SANDBOX_NOTE)
    return value


def error(text: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(type="text", text=text)], is_error=True)


def as_mcp_tool(spec: ToolSpec) -> types.Tool:
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


def _paused(ask: AskUser | None, deadline: anyio.CancelScope | None) -> AskUser | None:
    if ask is None or deadline is None:
        return ask

    async def ask_without_the_clock(message: str) -> bool | None:
        remaining = deadline.deadline - anyio.current_time()
        deadline.deadline = math.inf
        try:
            return await ask(message)
        finally:
            deadline.deadline = anyio.current_time() + remaining

    return ask_without_the_clock


def _header(ctx: ServerRequestContext[AppState], name: str) -> str | None:
    headers = getattr(ctx.request, "headers", None)
    value = headers.get(name) if headers is not None else None
    return str(value) if value else None
