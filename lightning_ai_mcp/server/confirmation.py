"""Asking the user before destructive or expensive actions: elicitation, input_required, or the token fallback."""

from __future__ import annotations

from typing import Any

import mcp.types as types
from mcp.server import ServerRequestContext

from lightning_ai_mcp.errors import ConfirmationRequired
from lightning_ai_mcp.tools.context import AskUser

CONFIRM_INPUT = "confirm"
MODERN_PROTOCOL = "2026-07-28"
_CONFIRM_SCHEMA: Any = {
    "type": "object",
    "properties": {"confirm": {"type": "boolean", "title": "Proceed?", "default": False}},
    "required": ["confirm"],
}


def is_modern(ctx: ServerRequestContext[Any]) -> bool:
    return ctx.protocol_version >= MODERN_PROTOCOL


def can_elicit(ctx: ServerRequestContext[Any]) -> bool:
    return ctx.session.check_client_capability(types.ClientCapabilities(elicitation=types.ElicitationCapability()))


def approved(answer: object) -> bool:
    content = getattr(answer, "content", None) or {}
    return getattr(answer, "action", None) == "accept" and content.get("confirm") is True


def elicitation(ctx: ServerRequestContext[Any]) -> AskUser | None:
    """Mid-call elicitation, for handshake-era clients that support it (2026-07-28 ones get input_required)."""
    if is_modern(ctx) or not can_elicit(ctx):
        return None

    async def ask(message: str) -> bool | None:
        return approved(await ctx.session.elicit_form(message, _CONFIRM_SCHEMA))

    return ask


def input_required(exc: ConfirmationRequired) -> types.InputRequiredResult:
    request = types.ElicitRequest(
        params=types.ElicitRequestFormParams(
            message=f"Lightning: {exc.summary}. Proceed?", requested_schema=_CONFIRM_SCHEMA
        )
    )
    return types.InputRequiredResult(input_requests={CONFIRM_INPUT: request}, request_state=exc.token)
