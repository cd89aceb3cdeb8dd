"""Teamspace secrets: names only on the way out; values go in and are never echoed, logged or put in errors."""

from __future__ import annotations

import re
from typing import Any

from lightning_ai_mcp.errors import InvalidArgument, LightningAPIError, LightningMCPError
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.lookup import list_secrets as fetch_secrets
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.studio_ref import TEAMSPACE
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace

SECRET_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


SECRETS_GROUP = "secret_service"


def secret_values_sent(tool: str, toolset: str, arguments: dict[str, Any]) -> list[str]:
    """Secret values a call sends, so they can be scrubbed from whatever comes back (an API may echo them)."""
    if tool == "set_secret":
        return [str(arguments.get("value") or "")]
    body = arguments.get("body")
    if not isinstance(body, dict) or not isinstance(body.get("value"), str):
        return []
    if toolset == SECRETS_GROUP:
        return [body["value"]]
    if tool == "call_endpoint":
        from lightning_ai_mcp.catalog import load_catalog

        op = load_catalog().find(str(arguments.get("id") or ""))
        if op is not None and op.group == SECRETS_GROUP:
            return [body["value"]]
    return []


def _row(secret: dict[str, Any]) -> dict[str, Any]:
    return {"name": secret.get("name"), "id": secret.get("id"), "type": secret.get("type")}


async def list_secrets(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    return {"secrets": [_row(s) for s in await fetch_secrets(ctx, team.id)]}


async def set_secret(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    name, value = str(args["name"]), str(args["value"])
    if not SECRET_NAME.match(name):
        raise InvalidArgument("name", "must be a letter or _ followed by letters, digits or _ (an env var name)")
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    try:
        existing = [s for s in await fetch_secrets(ctx, team.id) if s.get("name") == name]
        if existing:
            saved = await call_operation(
                ctx,
                "secret_service_update_secret",
                path_params={"projectId": team.id, "id": existing[0]["id"]},
                body={"value": value},
            )
        else:
            body = {"name": name, "value": value, "type": "SECRET_TYPE_UNSPECIFIED"}
            saved = await call_operation(
                ctx, "secret_service_create_secret", path_params={"projectId": team.id}, body=body
            )
    except LightningMCPError as exc:
        # An API error that quotes the request must not carry the value into the result.
        if value in str(exc):
            raise LightningAPIError(str(exc).replace(value, "***")) from None
        raise
    return {
        "secret": {"name": name, "id": saved.get("id") or (existing[0]["id"] if existing else None)},
        "action": "updated" if existing else "created",
        "use": "reference it by name, e.g. as an env var of a job or deployment",
    }


TOOLS = [
    ToolSpec(
        name="list_secrets",
        title="List secrets",
        description="Secret names of the teamspace; values are never shown.",
        input_schema=object_schema({"teamspace": TEAMSPACE}),
        handler=list_secrets,
        op_class="read",
        output_schema={"type": "object"},
    ),
    ToolSpec(
        name="set_secret",
        title="Set a secret",
        description="Create or replace a secret by name; its value is write-only.",
        input_schema=object_schema(
            {"name": {"type": "string"}, "value": {"type": "string", "minLength": 1}, "teamspace": TEAMSPACE},
            required=("name", "value"),
        ),
        handler=set_secret,
        op_class="write",
        idempotent=True,
        output_schema={"type": "object"},
    ),
]
