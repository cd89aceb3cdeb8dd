"""Models and datasets of a teamspace's registry, with their versions."""

from __future__ import annotations

from typing import Any

from lightning_ai_mcp.errors import InvalidArgument
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.studio_ref import TEAMSPACE
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace

MAX_ROWS = 100
# (list operation, its result key, versions operation, its id parameter): lightning-sdk 2026.10.13 lists datasets
# with a raw GET of /lit-datasets, the path of the 2026.2.6 lit_dataset_service.
KINDS = {
    "model": ("models_store_list_models", "models", "models_store_list_model_versions", "modelId"),
    "dataset": (
        "lit_dataset_service_list_lit_datasets",
        "datasets",
        "lit_dataset_service_list_lit_dataset_versions",
        "datasetId",
    ),
}


def _version_name(value: Any) -> str | None:
    return str(value.get("version")) if isinstance(value, dict) and value.get("version") is not None else None


def _version_row(version: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": version.get("version"),
        "created": version.get("createdAt"),
        "size_bytes": version.get("sizeBytes"),
        "files": version.get("numberOfFiles"),
        "complete": version.get("uploadComplete"),
    }


def _row(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item.get("id"),
        "name": item.get("name"),
        "default_version": _version_name(item.get("defaultVersion") or item.get("default_version")),
        "latest_version": _version_name(item.get("latestVersion")),
        "created": item.get("createdAt"),
    }


async def list_models(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    kind = str(args.get("kind", "model"))
    list_op, key, versions_op, id_param = KINDS[kind]
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    name = args.get("name")
    query = {"name": name} if name and kind == "model" else None
    listed = await call_operation(ctx, list_op, path_params={"projectId": team.id}, query=query)
    items = [i for i in listed.get(key) or [] if isinstance(i, dict) and (not name or i.get("name") == name)]
    if name and not items:
        raise InvalidArgument(
            "name", f"no {kind} named {name!r} in this teamspace; list_models without name lists them"
        )
    rows = [_row(i) for i in items[:MAX_ROWS]]
    if name:
        path = {"projectId": team.id, id_param: items[0]["id"]}
        versions = await call_operation(ctx, versions_op, path_params=path)
        rows[0]["versions"] = [_version_row(v) for v in versions.get("versions") or [] if isinstance(v, dict)]
    result: dict[str, Any] = {"kind": kind, "items": rows}
    if len(items) > MAX_ROWS:
        result["truncated"] = f"showing {MAX_ROWS} of {len(items)}; pass name to see one"
    return result


TOOLS = [
    ToolSpec(
        name="list_models",
        title="List models",
        description="Registered models (or datasets) with default and latest version; `name` adds all versions.",
        input_schema=object_schema({"kind": {"enum": list(KINDS)}, "name": {"type": "string"}, "teamspace": TEAMSPACE}),
        handler=list_models,
        op_class="read",
        output_schema={"type": "object"},
    ),
]
