"""Studio tools: list, get, create, stop and expose a port. Starting (and switching) lives in studio_start.py."""

from __future__ import annotations

from typing import Any

from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.results import clean_text
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.studio_ref import (
    CONFIRM,
    PHASE,
    STUDIO,
    TEAMSPACE,
    WAIT,
    code_status,
    compute_of,
    find_studio,
    in_use,
    instance_status,
    shape,
    studio_row,
)
from lightning_ai_mcp.tools.studio_start import START_STUDIO
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace
from lightning_ai_mcp.tools.waiting import wait_for, wait_seconds_of

SEED_FILES = [{"path": "main.py", "contents": "print('Hello, Lightning World!')\n"}]


async def list_studios(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    query = {
        "limit": str(args.get("limit", 20)),
        "pageToken": args.get("cursor"),
        "activeOnly": args.get("running") or None,
    }
    data = await call_operation(
        ctx, "cloud_space_service_list_cloud_spaces", path_params={"projectId": team.id}, query=query
    )
    result: dict[str, Any] = {"teamspace": team.name, "studios": [studio_row(s) for s in data.get("cloudspaces") or []]}
    if data.get("nextPageToken"):
        result["next_cursor"] = str(data["nextPageToken"])
    return result


def _ports(endpoints: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for endpoint in endpoints:
        urls = endpoint.get("urls") or []
        for i, port in enumerate(endpoint.get("ports") or []):
            url = urls[i] if i < len(urls) else ""
            rows.append({"port": str(port), "url": url, "name": clean_text(str(endpoint.get("name") or ""))})
    return rows


async def _studio_ports(ctx: ToolContext, project: str, studio_id: str) -> list[dict[str, Any]]:
    data = await call_operation(
        ctx, "endpoint_service_list_endpoints", path_params={"projectId": project}, query={"cloudspaceId": studio_id}
    )
    return _ports(data.get("endpoints") or [])


async def get_studio(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team, studio = await find_studio(ctx, args["studio"], args.get("teamspace"))
    instance = in_use(studio) or {}
    config = studio.get("codeConfig") or {}
    result = studio_row(studio) | {
        "cloud": studio.get("clusterId"),
        "startup": {
            "phase": instance.get("startupPhase") or "",
            "percent": instance.get("startupPercentage") or "",
            "ready": bool((instance.get("startupStatus") or {}).get("topUpRestoreFinished")),
            "message": clean_text(str(instance.get("statusMessage") or "")),
        },
        "auto_sleep": {
            "enabled": not config.get("disableAutoShutdown"),
            "idle_seconds": config.get("idleShutdownSeconds"),
        },
        "ports": await _studio_ports(ctx, team.id, str(studio["id"])),
    }
    requested = (studio.get("codeStatus") or {}).get("requested")
    if isinstance(requested, dict):
        result["switching_to"] = compute_of(requested)[0]
    return result


async def create_studio(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    name = args["name"]
    body: dict[str, Any] = {
        "name": name,
        "displayName": name,
        "seedFiles": SEED_FILES,
        "disableSecrets": False,
        "sandbox": False,
    }
    if args.get("cloud"):
        body["clusterId"] = args["cloud"]
    project = {"projectId": team.id}
    studio = await call_operation(ctx, "cloud_space_service_create_cloud_space", path_params=project, body=body)
    await call_operation(
        ctx,
        "cloud_space_service_create_lightning_run",
        path_params={**project, "cloudspaceId": studio["id"]},
        body={"clusterId": studio.get("clusterId"), "localSource": True},
    )
    return studio_row(studio) | {"next": "start_studio starts it on a machine (it is stopped and costs nothing now)"}


async def stop_studio(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team, studio = await find_studio(ctx, args["studio"], args.get("teamspace"))
    name, sid = str(studio["name"]), str(studio["id"])
    instance = in_use(studio)
    status = instance_status(instance)
    if status == "Stopped":
        return {"studio": name, "status": status, "action": "nothing to stop"}
    if status != "Stopping":
        summary = f"stop studio {name!r} (on {compute_of(instance)[0]}); running processes end, its files stay"
        await ctx.confirm(summary)
        await call_operation(
            ctx, "cloud_space_service_stop_cloud_space_instance", path_params={"projectId": team.id, "id": sid}
        )

    async def poll() -> tuple[bool, str, str]:
        current = (await code_status(ctx, team, sid)).get("inUse")
        state = instance_status(current)
        done = current is None or str(current.get("phase")) == PHASE + "STOPPED"
        return done, "Stopped" if done else state, f"{name}: {state}"

    waited = await wait_for(ctx, poll, wait_seconds_of(args))
    result = {"studio": name, "status": waited.value, "waited_seconds": waited.waited_seconds}
    if not waited.done:
        result["next"] = "still stopping; get_studio (or stop_studio again) shows when it is Stopped"
    return result


async def expose_port(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team, studio = await find_studio(ctx, args["studio"], args.get("teamspace"))
    port, sid = str(args["port"]), str(studio["id"])
    for existing in await _studio_ports(ctx, team.id, sid):
        if str(existing["port"]) == port:
            return existing | {"studio": studio["name"], "action": "already exposed"}
    body: dict[str, Any] = {
        "ports": [port],
        "cloudspace": {"cloudspaceId": sid, "port": port, "type": "ENDPOINT_PLUGIN_PORT", "autoStart": False},
    }
    if args.get("name"):
        body["name"] = args["name"]
    created = await call_operation(
        ctx, "endpoint_service_create_endpoint", path_params={"projectId": team.id}, body=body
    )
    row = _ports([created])[0] if created.get("ports") else {"port": port, "url": "", "name": ""}
    return row | {
        "studio": studio["name"],
        "action": "exposed",
        "serves": "whatever listens on that port in the studio",
    }


_STUDIO_ARGS = {"studio": STUDIO, "teamspace": TEAMSPACE}

TOOLS = [
    ToolSpec(
        name="list_studios",
        title="List studios",
        description="Studios (cloud dev machines) of a teamspace: id, name, status, machine.",
        input_schema=object_schema(
            {
                "teamspace": TEAMSPACE,
                "running": {"type": "boolean"},
                "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                "cursor": {"type": "string", "description": "next_cursor"},
            }
        ),
        handler=list_studios,
        op_class="read",
        output_schema=shape(studios="array", next_cursor="string"),
    ),
    ToolSpec(
        name="get_studio",
        title="Get a studio",
        description="One studio: status, startup progress, machine, auto-sleep, exposed ports and URLs.",
        input_schema=object_schema(_STUDIO_ARGS, required=("studio",)),
        handler=get_studio,
        op_class="read",
        output_schema=shape(id="string", status="string", ports="array"),
    ),
    ToolSpec(
        name="create_studio",
        title="Create a studio",
        description="Create a stopped studio (free until started with start_studio).",
        input_schema=object_schema(
            {
                "name": {"type": "string", "minLength": 1, "maxLength": 100},
                "cloud": {"type": "string", "description": "Cluster id"},
                "teamspace": TEAMSPACE,
            },
            required=("name",),
        ),
        handler=create_studio,
        op_class="write",
        output_schema=shape(id="string", name="string"),
    ),
    START_STUDIO,
    ToolSpec(
        name="stop_studio",
        title="Stop a studio",
        description="Stop a studio's machine: billing ends, files stay. Asks for confirmation.",
        input_schema=object_schema(_STUDIO_ARGS | {"wait_seconds": WAIT, "confirm": CONFIRM}, ("studio",)),
        handler=stop_studio,
        op_class="destructive",
        output_schema=shape(status="string"),
    ),
    ToolSpec(
        name="expose_port",
        title="Expose a studio port",
        description="Give a studio port a public URL (e.g. an app on 8000); get_studio lists them.",
        input_schema=object_schema(
            _STUDIO_ARGS | {"port": {"type": "integer", "minimum": 1, "maximum": 65535}, "name": {"type": "string"}},
            ("studio", "port"),
        ),
        handler=expose_port,
        op_class="write",
        output_schema=shape(url="string", port="string"),
    ),
]
