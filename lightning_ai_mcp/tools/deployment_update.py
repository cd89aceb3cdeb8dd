"""Changing a deployment: replicas, command, env; scaling to 0 stops it.

As lightning-sdk 2026.10.13's `DeploymentApi.update_deployment` and `stop`: fetch the whole deployment, edit it in
place, PUT it back. A new command or env makes a new release, which needs a strategy (rolling update by default).
"""

from __future__ import annotations

from typing import Any

from lightning_ai_mcp.errors import InvalidArgument
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.deployments import ROLLING, STATE, _wait_ready, conform, deployment_row
from lightning_ai_mcp.tools.lookup import find_deployment
from lightning_ai_mcp.tools.operations import call_operation, full_input_schema, operation
from lightning_ai_mcp.tools.pricing import hourly_rate, resolve_machine
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.studio_ref import CONFIRM, TEAMSPACE, WAIT
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace

UPDATE = "jobs_service_update_deployment"


def _scale(dep: dict[str, Any], low: int | None, high: int | None) -> int:
    """Apply new replica bounds; returns the new maximum. Without autoscaling the fixed `replicas` is set."""
    auto = dep.get("autoscaling")
    if isinstance(auto, dict) and auto.get("enabled"):
        low = int(auto.get("minReplicas") or 0) if low is None else low
        high = int(auto.get("maxReplicas") or 0) if high is None else high
        if low > high:
            raise InvalidArgument("min_replicas", f"would be above max_replicas ({high})")
        auto.update({"minReplicas": low, "maxReplicas": high})
        return high
    count = high if high is not None else low if low is not None else int(dep.get("replicas") or 0)
    dep["replicas"] = count
    return count


async def update_deployment(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    dep = await find_deployment(ctx, team.id, str(args["deployment"]))
    name = dep.get("name")
    low, high = args.get("min_replicas"), args.get("max_replicas")
    stopping = high == 0 or (high is None and low == 0 and not (dep.get("autoscaling") or {}).get("enabled"))
    if stopping:
        await ctx.confirm(f"Scale deployment {name!r} (id {dep['id']}) to 0 replicas: it stops serving")
    new_max = _scale(dep, low, high)
    spec = dep.setdefault("spec", {})
    release = False
    if args.get("command") is not None and args["command"] != spec.get("command"):
        spec["command"], release = args["command"], True
    if args.get("env") is not None:
        spec["env"], release = [{"name": str(k), "value": str(v)} for k, v in args["env"].items()], True
    if release:
        dep["strategy"] = dep.get("strategy") or ROLLING
        if spec.get("cloudspaceId") and spec.get("runId"):
            spec["runId"] = ""  # as the SDK does: a studio deployment's new release takes a new snapshot
    if new_max > 0 and str(dep.get("desiredState", "")).endswith(("STOPPED", "SCALED_TO_0")):
        dep["desiredState"] = STATE + "RUNNING"
    rate = None
    if new_max > 0:
        machine = await resolve_machine(ctx, str(spec.get("instanceName")), team.id, cluster_id=spec.get("clusterId"))
        rate = hourly_rate(machine, spot=spec.get("spot") is True, count=new_max)
    schema = full_input_schema(operation(UPDATE))
    body = conform(dep, schema["properties"]["body"], schema["$defs"])
    summary = f"update deployment {name!r} to at most {new_max} replicas" + (f", {rate:.2f} USD/h" if rate else "")
    path = {"projectId": team.id, "id": dep["id"]}
    updated = await call_operation(ctx, UPDATE, path_params=path, body=body, summary=summary, hourly_rate=rate)
    waited = await _wait_ready(ctx, team.id, updated, args, want=0 if new_max == 0 else 1)
    result: dict[str, Any] = {"deployment": deployment_row(waited.value), "new_release": release}
    if rate is not None:
        result["hourly_rate_usd"] = rate
    if not waited.done:
        result["next"] = "still changing; list_deployments(deployment=...) shows its state"
    return result


TOOLS = [
    ToolSpec(
        name="update_deployment",
        title="Update a deployment",
        description=(
            "Scale replicas (max_replicas 0 stops it; asks first) or replace command or env (a new release). "
            "USD/h in the result."
        ),
        input_schema=object_schema(
            {
                "deployment": {"type": "string"},
                "min_replicas": {"type": "integer", "minimum": 0},
                "max_replicas": {"type": "integer", "minimum": 0},
                "command": {"type": "string"},
                "env": {"type": "object"},
                "wait_seconds": WAIT,
                "teamspace": TEAMSPACE,
                "confirm": CONFIRM,
            },
            required=("deployment",),
        ),
        handler=update_deployment,
        op_class="destructive",
        output_schema={"type": "object"},
    ),
]
