"""Per-operation tools: every catalog operation as its own tool, one toolset per service group.

Names are `<group>_<operation>` (the service group without `_service`, the mangled `s_sh_public_key` group spelled
`ssh_public_key`), at most 64 characters; arguments are the operation's path and query parameters flat, plus `body`.
Listed schemas are depth-limited; arguments are still validated against the full schema on every call.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from lightning_ai_mcp.catalog import Operation, load_catalog
from lightning_ai_mcp.tools.confirm import CONFIRM_ARG
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.operations import PROJECT_PARAM, call_operation
from lightning_ai_mcp.tools.results import fit_api_result, to_json
from lightning_ai_mcp.tools.spec import ToolSpec

MAX_NAME = 64
LISTED_DEPTHS = (2, 1, 0)
LISTED_BUDGET = 1_000
"""Characters a listed schema may take before nested objects are folded one level further."""
_GROUP_NAMES = {"s_sh_public_key_service": "ssh_public_key"}
_FOLDED = "describe_endpoint shows its full schema"
_INT64_NOTE = "an integer, as a number"


def group_prefix(group: str) -> str:
    return _GROUP_NAMES.get(group) or group.removesuffix("_service")


def tool_name(op: Operation) -> str:
    rest = op.id.removeprefix(op.group + "_") if op.id.startswith(op.group + "_") else op.id
    name = f"{group_prefix(op.group)}_{rest}"
    if len(name) <= MAX_NAME:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: MAX_NAME - 9].rstrip('_')}_{digest}"


def _listed_schema(op: Operation) -> dict[str, Any]:
    catalog = load_catalog()
    for depth in LISTED_DEPTHS:
        schema = catalog.flat_input_schema(op, max_depth=depth)
        if len(to_json(schema)) <= LISTED_BUDGET:
            break
    properties = schema.setdefault("properties", {})
    if PROJECT_PARAM in properties:
        properties[PROJECT_PARAM] = {"type": "string"}
        schema["required"] = [r for r in schema.get("required", []) if r != PROJECT_PARAM]
        if not schema["required"]:
            del schema["required"]
    if op.op_class in ("spend", "destructive", "dangerous"):
        properties["confirm"] = CONFIRM_ARG
    listed = {k: v for k, v in schema.items() if k not in ("additionalProperties", "$schema")}
    return {**listed, "properties": {k: _compact(v) for k, v in properties.items()}}


def _compact(schema: Any) -> Any:
    """Listed schemas carry what a model needs to fill them in; titles and nested closure are checked server-side."""
    if isinstance(schema, list):
        return [_compact(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    compact = {
        k: _compact(v) for k, v in schema.items() if k != "title" and not (k == "additionalProperties" and v is False)
    }
    description = str(compact.get("description", ""))
    if description.endswith(_FOLDED):
        compact["description"] = "fields: describe_endpoint"
    elif description.startswith(_INT64_NOTE):
        del compact["description"]
    return compact


def _description(op: Operation) -> str:
    what = op.summary.split(";")[0]
    versions = "" if len(op.versions) > 1 else f" [sdk {op.versions[0]} only]"
    marks = "" if op.op_class in ("read", "write") else f" [{op.op_class}]"
    return f"{what}: {op.method} {op.path}{marks}{versions}"


def _handler(op: Operation) -> Any:
    path_names = {p.wire for p in op.path_params}
    query_names = {p.wire for p in op.query_params}

    async def handle(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
        data = await call_operation(
            ctx,
            op,
            path_params={k: v for k, v in args.items() if k in path_names},
            query={k: v for k, v in args.items() if k in query_names},
            body=args.get("body"),
        )
        return fit_api_result(data, "narrow it with the query parameters or page with limit and pageToken")

    return handle


def operation_tool(op: Operation) -> ToolSpec:
    return ToolSpec(
        name=tool_name(op),
        title=None,
        description=_description(op),
        input_schema=_listed_schema(op),
        handler=_handler(op),
        op_class=op.op_class,
        toolset=op.group,
        idempotent=op.repeatable,
    )


@cache
def operation_tools() -> tuple[ToolSpec, ...]:
    return tuple(operation_tool(op) for op in load_catalog().operations)
