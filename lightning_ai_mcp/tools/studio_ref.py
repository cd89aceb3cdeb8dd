"""Finding a studio by name or id, and reading its state as lightning-sdk does.

A studio's status comes from `codeStatus.inUse` (null means stopped); lightning-sdk maps the instance phase to
Pending, Running, Failed, Stopping or Stopped.
"""

from __future__ import annotations

from typing import Any

from lightning_ai_mcp.errors import InvalidArgument, LightningAPIError
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.results import clean_text
from lightning_ai_mcp.tools.teamspaces import Teamspace, resolve_teamspace

TEAMSPACE = {"type": "string"}
"""The server's instructions already say tools act in the default teamspace unless given one (owner/name, name or
id), so the argument needs no description of its own in every tool."""
STUDIO = {"type": "string", "description": "Studio name or id (list_studios)"}
WAIT = {"type": "integer", "minimum": 0, "maximum": 50, "default": 30}
"""wait_seconds, as waiting.WAIT_ARG without its description: the name says it and the list stays short."""
CONFIRM = {"type": "string", "description": "Confirm token, once the user agreed"}

PHASE = "CLOUD_SPACE_INSTANCE_STATE_"
_STATUS = {
    "UNSPECIFIED": "Pending",
    "PENDING": "Pending",
    "IMAGE_BUILDING": "Pending",
    "RUNNING": "Running",
    "FAILED": "Failed",
    "STOPPING": "Stopping",
    "STOPPED": "Stopped",
    "DELETED": "Stopped",
}


def instance_status(instance: Any) -> str:
    if not isinstance(instance, dict):
        return "Stopped"
    return _STATUS.get(str(instance.get("phase") or "").removeprefix(PHASE), "Pending")


def in_use(studio: dict[str, Any]) -> dict[str, Any] | None:
    status = studio.get("codeStatus") or {}
    value = status.get("inUse")
    return value if isinstance(value, dict) else None


def is_ready(instance: dict[str, Any] | None) -> bool:
    return bool(instance and (instance.get("startupStatus") or {}).get("topUpRestoreFinished"))


def compute_of(instance: dict[str, Any] | None) -> tuple[str, bool]:
    compute = (instance or {}).get("computeConfig") or {}
    return str(compute.get("name") or ""), compute.get("spot") is True


def studio_row(studio: dict[str, Any]) -> dict[str, Any]:
    """The compact projection of a studio: what a model needs to pick one and act on it."""
    instance = in_use(studio)
    machine, spot = compute_of(instance or studio.get("codeConfig"))
    return {
        "id": studio.get("id"),
        "name": clean_text(str(studio.get("name") or "")),
        "status": instance_status(instance),
        "machine": machine,
        "interruptible": spot,
        "created": studio.get("createdAt"),
    }


async def find_studio(ctx: ToolContext, ref: str, teamspace: str | None) -> tuple[Teamspace, dict[str, Any]]:
    """A studio by name (as lightning-sdk looks it up: `?name=`, first match), else by id."""
    team = await resolve_teamspace(ctx, teamspace)
    project = {"projectId": team.id}
    found = await call_operation(ctx, "cloud_space_service_list_cloud_spaces", path_params=project, query={"name": ref})
    studios = found.get("cloudspaces") or []
    if studios:
        return team, studios[0]
    try:
        return team, await call_operation(
            ctx, "cloud_space_service_get_cloud_space", path_params={**project, "id": ref}
        )
    except (LightningAPIError, InvalidArgument) as exc:
        if isinstance(exc, LightningAPIError) and exc.status not in (400, 404):
            raise
    raise InvalidArgument(
        "studio", f"no studio named or with id {ref!r} in teamspace {team.name!r}; list_studios shows the names"
    )


async def code_status(ctx: ToolContext, team: Teamspace, studio_id: str) -> dict[str, Any]:
    return dict(
        await call_operation(
            ctx,
            "cloud_space_service_get_cloud_space_instance_status",
            path_params={"projectId": team.id, "id": studio_id},
        )
    )


def not_running(name: str, status: str) -> InvalidArgument:
    return InvalidArgument("studio", f"studio {name!r} is {status}, not Running; start it with start_studio first")


def shape(**properties: str) -> dict[str, Any]:
    """A short output schema: the main top-level fields and their JSON types."""
    return {"type": "object", "properties": {k: {"type": v} for k, v in properties.items()}}
