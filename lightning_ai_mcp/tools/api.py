"""The four generic tools that reach every catalog operation: search, describe, read and call."""

from __future__ import annotations

from typing import Any

from lightning_ai_mcp.catalog import Operation, load_catalog
from lightning_ai_mcp.errors import InvalidArgument, OperationRefused
from lightning_ai_mcp.tools.confirm import CONFIRM_ARG
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.operations import call_operation, full_input_schema, operation
from lightning_ai_mcp.tools.results import MAX_RESULT_CHARS, fit_api_result, to_json
from lightning_ai_mcp.tools.spec import TEAMSPACE_ARG, ToolSpec, object_schema

_ID_ARG = {
    "type": "string",
    "description": "Operation id from search_endpoints (an alias or 'METHOD /path/template' also works).",
}
_PATH_ARG = {
    "type": "object",
    "description": "Path parameters by wire name (projectId, id, ...); projectId defaults to the teamspace.",
}
_QUERY_ARG = {
    "type": "object",
    "description": "Query parameters by wire name (camelCase as in describe_endpoint); arrays for repeated ones.",
}
_PAGE_HINT = "page with query.limit and query.pageToken, or filter with query parameters (describe_endpoint)"


def _row(op: Operation) -> dict[str, Any]:
    return {
        "id": op.id,
        "method": op.method,
        "path": op.path,
        "summary": op.summary.split(";")[0],
        "class": op.op_class,
        "group": op.group,
    }


async def search_endpoints(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    catalog = load_catalog()
    query = str(args.get("query") or "").strip()
    group = args.get("group")
    if group and group not in {g.name for g in catalog.groups()}:
        raise InvalidArgument("group", f"unknown group {group!r}; call search_endpoints without a query to list them")
    if not query and not group:
        return {
            "groups": [
                {"group": g.name, "purpose": g.purpose, "operations": g.operation_count} for g in catalog.groups()
            ],
            "next": "search_endpoints with a query (and optionally group) finds operations",
        }
    ops = (
        catalog.search(query, group=group, limit=int(args.get("limit", 10)))
        if query
        else [op for op in catalog.operations if op.group == group][: int(args.get("limit", 10))]
    )
    return {"operations": [_row(op) for op in ops], "next": "describe_endpoint(id) shows the parameters"}


def _response_summary(op: Operation) -> dict[str, str]:
    model = load_catalog().models.get(op.response_model or "")
    return {f.wire: f.type for f in model.fields} if model else {}


def _example(op: Operation) -> dict[str, Any]:
    args: dict[str, Any] = {"id": op.id}
    path = {p.wire: f"<{p.wire}>" for p in op.path_params if p.wire != "projectId"}
    if path:
        args["path_params"] = path
    query = {p.wire: f"<{p.wire}>" for p in op.query_params if p.required and p.wire != "projectId"}
    if query:
        args["query"] = query
    if op.body_model and op.method != "GET":
        args["body"] = {}
    tool = "read_endpoint" if op.method == "GET" and op.op_class == "read" else "call_endpoint"
    return {"tool": tool, "arguments": args}


async def describe_endpoint(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    op = operation(args["id"])
    described: dict[str, Any] = {
        **_row(op),
        "summary": op.summary,
        "aliases": list(op.aliases),
        "sdk_versions": list(op.versions),
        "repeatable": op.repeatable,
        "input_schema": full_input_schema(op),
        "response_fields": _response_summary(op),
        "example": _example(op),
    }
    if op.supplement:
        described["called_by"] = op.supplement
    if len(to_json(described)) > MAX_RESULT_CHARS:
        for depth in (3, 2, 1):
            described["input_schema"] = load_catalog().input_schema(op, max_depth=depth)
            described["input_schema_note"] = f"nested objects beyond depth {depth} are shown as plain objects"
            if len(to_json(described)) <= MAX_RESULT_CHARS:
                break
    return described


def _call_args(args: dict[str, Any]) -> dict[str, Any]:
    return {
        "path_params": dict(args.get("path_params") or {}),
        "query": dict(args.get("query") or {}),
        "teamspace": args.get("teamspace"),
    }


async def read_endpoint(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    op = operation(args["id"])
    if op.method != "GET" or op.op_class != "read":
        raise OperationRefused(
            f"{op.id} is {op.method} and classed {op.op_class}; read_endpoint only runs reads. Use call_endpoint."
        )
    data = await call_operation(ctx, op, **_call_args(args))
    return fit_api_result(data, _PAGE_HINT)


async def call_endpoint(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    op = operation(args["id"])
    data = await call_operation(ctx, op, body=args.get("body"), **_call_args(args))
    return fit_api_result(data, _PAGE_HINT)


TOOLS = [
    ToolSpec(
        name="search_endpoints",
        title="Search the Lightning API",
        description=(
            "Find Lightning API operations (758, from lightning-sdk) for anything the other tools do not cover. "
            "Ranked by keywords over ids, paths and summaries; API words: studio = cloudspace, teamspace = project. "
            "Without query and group: the service groups and what each is for."
        ),
        input_schema=object_schema(
            {
                "query": {"type": "string", "description": "Keywords, e.g. 'list ssh keys'."},
                "group": {"type": "string", "description": "Limit to one service group, e.g. jobs_service."},
                "limit": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10},
            }
        ),
        handler=search_endpoints,
        op_class="read",
    ),
    ToolSpec(
        name="describe_endpoint",
        title="Describe an API operation",
        description=(
            "Full input schema (path, query, body; wire names; required fields) of one operation, its response "
            "fields, safety class and an example call for read_endpoint or call_endpoint."
        ),
        input_schema=object_schema({"id": _ID_ARG}, required=("id",)),
        handler=describe_endpoint,
        op_class="read",
    ),
    ToolSpec(
        name="read_endpoint",
        title="Read from the Lightning API",
        description=(
            "Run one read-only GET operation by id and return its JSON (credential fields masked, large lists cut "
            "with a paging hint). Reads never change anything."
        ),
        input_schema=object_schema(
            {"id": _ID_ARG, "path_params": _PATH_ARG, "query": _QUERY_ARG, "teamspace": TEAMSPACE_ARG},
            required=("id",),
        ),
        handler=read_endpoint,
        op_class="read",
    ),
    ToolSpec(
        name="call_endpoint",
        title="Call the Lightning API",
        description=(
            "Run any operation by id with a wire-format (camelCase) JSON body. Checked per operation: destructive "
            "ones and starts above the cost threshold ask for confirmation; dangerous ones (billing, members, "
            "keys) need the server flag --allow-operations; read-only mode refuses all but reads."
        ),
        input_schema=object_schema(
            {
                "id": _ID_ARG,
                "path_params": _PATH_ARG,
                "query": _QUERY_ARG,
                "body": {"type": "object", "description": "Request body, as in describe_endpoint."},
                "teamspace": TEAMSPACE_ARG,
                "confirm": CONFIRM_ARG,
            },
            required=("id",),
        ),
        handler=call_endpoint,
        op_class="destructive",
    ),
]
