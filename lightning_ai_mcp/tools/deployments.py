"""Deployments: list, create (image or studio, autoscaling), update (scale, env, command; scale to 0 stops).

Create sends lightning-sdk 2026.10.13's `Deployment.start` body; update edits the whole deployment in place and PUTs
it back, as `DeploymentApi.update_deployment` and `stop` do.
"""

from __future__ import annotations

from typing import Any

from lightning_ai_mcp.errors import InvalidArgument
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.lookup import deployment_cluster, find_deployment
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.pricing import hourly_rate, resolve_machine
from lightning_ai_mcp.tools.results import fit_api_result
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.studio_ref import CONFIRM, TEAMSPACE, WAIT, find_studio
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace
from lightning_ai_mcp.tools.waiting import wait_for, wait_seconds_of

STATE = "DEPLOYMENT_STATE_"
READINESS = {"failureThreshold": 3600, "initialDelaySeconds": 0, "intervalSeconds": 1, "timeoutSeconds": 60}
ROLLING = {"type": "rolling_update", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}


def deployment_row(dep: dict[str, Any]) -> dict[str, Any]:
    status, auto = dep.get("status") or {}, dep.get("autoscaling") or {}
    return {
        "id": dep.get("id"),
        "name": dep.get("name"),
        "state": str(dep.get("currentState") or "").removeprefix(STATE).lower(),
        "ready": status.get("readyReplicas", 0),
        "replicas": f"{auto.get('minReplicas', 0)}-{auto.get('maxReplicas', 0)}" if auto else dep.get("replicas"),
        "machine": (dep.get("spec") or {}).get("instanceName"),
        "url": (status.get("urls") or [None])[0],
    }


async def list_deployments(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    if args.get("deployment"):
        dep = await find_deployment(ctx, team.id, str(args["deployment"]))
        shown = fit_api_result(dep, "read_endpoint(jobs_service_get_deployment) returns it whole")
        return {"deployment": shown.get("result", shown.get("result_excerpt"))}
    query = {"limit": 100, "pageToken": args.get("cursor")}
    listed = await call_operation(ctx, "jobs_service_list_deployments", path_params={"projectId": team.id}, query=query)
    result: dict[str, Any] = {"deployments": [deployment_row(d) for d in listed.get("deployments") or []]}
    if listed.get("nextPageToken"):
        result["next_cursor"] = listed["nextPageToken"]
    return result


def _env(values: dict[str, Any]) -> list[dict[str, str]]:
    return [{"name": str(k), "value": str(v)} for k, v in values.items()]


async def _wait_ready(ctx: ToolContext, project_id: str, dep: dict[str, Any], args: dict[str, Any], want: int) -> Any:
    async def poll() -> tuple[bool, dict[str, Any], str]:
        current = await call_operation(
            ctx, "jobs_service_get_deployment", path_params={"projectId": project_id, "id": dep["id"]}
        )
        row = deployment_row(current)
        done = (row["ready"] >= want) if want else current.get("replicas") in (0, "0", None)
        return done, current, f"deployment {row['name']!r}: {row['ready']} ready, {row['state']}"

    return await wait_for(ctx, poll, wait_seconds_of(args))


async def create_deployment(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    studio_ref, image, command = args.get("studio"), args.get("image"), args.get("command")
    if bool(studio_ref) == bool(image):
        raise InvalidArgument("studio", "give either studio (serve from a studio's environment) or image")
    if studio_ref and not command:
        raise InvalidArgument("command", "is required for a studio deployment")
    low, high = args.get("min_replicas"), args.get("max_replicas")
    autoscaled = low is not None or high is not None
    low, high = int(low or 0), int(high if high is not None else 1)
    if low > high:
        raise InvalidArgument("min_replicas", "must not exceed max_replicas")
    spec: dict[str, Any] = {"includeCredentials": True, "pathMappings": [], "readinessProbe": READINESS}
    body: dict[str, Any] = {"name": str(args["name"])}
    if studio_ref:
        _, studio = await find_studio(ctx, str(studio_ref), team.id)
        cluster = str(studio.get("clusterId") or "")
        body["cloudspaceId"] = spec["cloudspaceId"] = studio["id"]
        if studio.get("machineImageVersion"):
            spec["machineImageVersion"] = studio["machineImageVersion"]
    else:
        cluster, spec["image"] = await deployment_cluster(ctx, team.id), image
    machine = await resolve_machine(ctx, str(args.get("machine", "CPU")), team.id, cluster_id=cluster or None)
    spot = args.get("interruptible")
    per_replica = hourly_rate(machine, spot=bool(spot))
    spec.update({"clusterId": cluster, "instanceName": machine.slug})
    spec.update({k: v for k, v in (("command", command), ("spot", spot)) if v is not None})
    if args.get("env"):
        spec["env"] = _env(args["env"])
    metric = "GPU" if machine.gpus else "CPU"
    body.update(
        {
            "autoscaling": {
                "enabled": True,
                "minReplicas": low,
                "maxReplicas": high,
                "targetMetric": [{"name": metric, "target": "90"}],
            },
            "clusterId": cluster,
            "endpoint": {"ports": [str(p) for p in args["ports"]]},
            "spec": spec,
        }
    )
    if not autoscaled:
        body["replicas"] = 1
    rates = {"min": round(per_replica * low, 4), "max": round(per_replica * high, 4)}
    summary = (
        f"create deployment {body['name']!r} on {low}-{high} x {machine.name} ({machine.slug}), "
        f"{rates['min']:.2f}-{rates['max']:.2f} USD/h"
    )
    project = {"projectId": team.id}
    dep = await call_operation(
        ctx, "jobs_service_create_deployment", path_params=project, body=body, summary=summary, hourly_rate=rates["max"]
    )
    waited = await _wait_ready(ctx, team.id, dep, args, want=1 if (high and (low or not autoscaled)) else 0)
    return {
        "deployment": deployment_row(waited.value),
        "hourly_rate_usd": rates,
        "next": "list_deployments(deployment=...) shows its state and URL; update_deployment scales or stops it",
    }


def conform(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    """Keep only the fields the request model knows, as the SDK's deserialize-then-serialize round trip does."""
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    if isinstance(value, dict) and "properties" in schema:
        known = schema["properties"]
        return {k: conform(v, known[k], defs) for k, v in value.items() if k in known and v is not None}
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [conform(v, schema["items"], defs) for v in value]
    return value


TOOLS = [
    ToolSpec(
        name="list_deployments",
        title="List deployments",
        description="Deployments (served APIs): state, replicas, URL; `deployment` (name or id) shows one in full.",
        input_schema=object_schema(
            {"deployment": {"type": "string"}, "cursor": {"type": "string"}, "teamspace": TEAMSPACE}
        ),
        handler=list_deployments,
        op_class="read",
        output_schema={"type": "object"},
    ),
    ToolSpec(
        name="create_deployment",
        title="Create a deployment",
        description=(
            "Serve an image or a studio's environment on autoscaled replicas behind a URL (machine: CPU by "
            "default). Paid per running replica (USD/h range in the result)."
        ),
        input_schema=object_schema(
            {
                "name": {"type": "string"},
                "image": {"type": "string"},
                "studio": {"type": "string"},
                "command": {"type": "string"},
                "ports": {"type": "array", "items": {"type": "integer"}, "minItems": 1},
                "machine": {"type": "string"},
                "min_replicas": {"type": "integer", "minimum": 0},
                "max_replicas": {"type": "integer", "minimum": 0},
                "interruptible": {"type": "boolean"},
                "env": {"type": "object"},
                "wait_seconds": WAIT,
                "teamspace": TEAMSPACE,
                "confirm": CONFIRM,
            },
            required=("name", "ports"),
        ),
        handler=create_deployment,
        op_class="spend",
        output_schema={"type": "object"},
    ),
]
