"""The one handler path every route into the API takes: curated tools, generic tools and per-operation tools.

Resolve the operation; fill `projectId` from the teamspace; validate the arguments against the catalog's full
schema; apply the operation class (read-only mode, dangerous operations, confirmation, the spend guard); then call
the client with the operation's repeatability.
"""

from __future__ import annotations

from typing import Any

from lightning_ai_mcp.catalog import Operation, OperationClass, classify, load_catalog
from lightning_ai_mcp.errors import InvalidArgument, OperationRefused
from lightning_ai_mcp.paths import check_file_path, check_id
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.spend import check_spend, rate_of
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace
from lightning_ai_mcp.tools.validation import validate_arguments

PROJECT_PARAM = "projectId"


_SCHEMAS: dict[str, dict[str, Any]] = {}


def full_input_schema(op: Operation) -> dict[str, Any]:
    """The operation's complete input schema, built once per process (validators are cached per schema object)."""
    schema = _SCHEMAS.get(op.id)
    if schema is None:
        schema = _SCHEMAS[op.id] = load_catalog().input_schema(op)
    return schema


def operation(ref: str, field: str = "id") -> Operation:
    try:
        return load_catalog().operation(ref)
    except KeyError as exc:
        raise InvalidArgument(field, str(exc)) from None


def is_allowed_dangerous(ctx: ToolContext, op: Operation) -> bool:
    allowed = ctx.settings.allow_operations
    return any(ref in allowed for ref in (op.id, *op.aliases, op.key))


def check_mode(ctx: ToolContext, op: Operation, op_class: OperationClass) -> None:
    """Refuse what the settings forbid, before anything is sent."""
    if ctx.settings.read_only and not (op_class == "read" and op.method == "GET"):
        raise OperationRefused(
            f"{op.id} ({op.method} {op.path}) is a {op_class} operation and the server runs in read-only mode "
            "(--read-only); only reads are allowed"
        )
    if op_class == "dangerous" and not is_allowed_dangerous(ctx, op):
        raise OperationRefused(
            f"{op.id} ({op.method} {op.path}) is dangerous (billing, membership, keys or teamspace admin) and is "
            f"refused unless the user starts the server with --allow-operations {op.id}"
        )


def check_path_params(op: Operation, path_params: dict[str, Any]) -> None:
    """Refuse a bad id or file path first: before the teamspace is resolved, a price looked up, the user asked to
    confirm, or anything sent (the client checks again when it builds the URL)."""
    files = {p.wire for p in op.path_params if p.file_path}
    for param in op.path_params:
        if param.wire not in path_params:
            continue
        value = path_params[param.wire]
        if param.wire in files:
            if value != "":  # the root folder; the client decides where that is allowed
                check_file_path(param.wire, value)
        else:
            check_id(param.wire, value)


async def call_operation(
    ctx: ToolContext,
    op: Operation | str,
    *,
    path_params: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    body: Any = None,
    teamspace: str | None = None,
    summary: str | None = None,
    hourly_rate: float | None = None,
    raw: bool = False,
    headers: dict[str, str] | None = None,
) -> Any:
    """Send one catalog operation through every check. `summary` says in words what a confirmation is for.

    `raw` returns the body as bytes (`RawResponse`: file downloads); `headers` adds request headers (a Range).
    """
    if isinstance(op, str):
        op = operation(op)
    if op.transport != "http":
        raise OperationRefused(f"{op.id} is a {op.transport} stream, not a request; get_job_logs reads job logs")
    path_params = dict(path_params or {})
    check_path_params(op, path_params)
    query = {k: v for k, v in (query or {}).items() if v is not None}
    wants_project = any(p.wire == PROJECT_PARAM for p in op.path_params)
    if wants_project and not path_params.get(PROJECT_PARAM):
        path_params[PROJECT_PARAM] = (await resolve_teamspace(ctx, teamspace)).id
    elif any(p.wire == PROJECT_PARAM and p.required for p in op.query_params) and not query.get(PROJECT_PARAM):
        query[PROJECT_PARAM] = (await resolve_teamspace(ctx, teamspace)).id
    arguments: dict[str, Any] = {}
    if path_params:
        arguments["path_params"] = path_params
    if query:
        arguments["query"] = query
    if body is not None:
        arguments["body"] = body
    validate_arguments(op.id, full_input_schema(op), arguments)
    op_class = classify(op, body)
    check_mode(ctx, op, op_class)
    what = summary or f"{op.summary.split(';')[0]} ({op.method} {op.path} with {_describe(path_params)})"
    if op_class in ("destructive", "dangerous") and op.method != "GET":
        await ctx.confirm(what)
    elif op_class == "spend":
        if hourly_rate is None:
            hourly_rate = await rate_of(ctx, op, path_params, body)
        await check_spend(ctx, op, what, hourly_rate)
    return await ctx.client.request(
        op.method,
        op.path,
        path_params=path_params,
        file_params=[p.wire for p in op.path_params if p.file_path],
        query=query,
        body=body,
        repeatable=op.repeatable,
        raw=raw,
        headers=headers,
    )


def _describe(path_params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in path_params.items()) or "no parameters"
