"""The spend guard: a hard hourly cap, and confirmation above a threshold, for every action that starts paid compute."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lightning_ai_mcp.catalog import Operation
from lightning_ai_mcp.errors import InvalidArgument, LightningAPIError, OperationRefused

if TYPE_CHECKING:
    from lightning_ai_mcp.tools.context import ToolContext


async def check_spend(ctx: ToolContext, op: Operation, summary: str, hourly_rate: float | None) -> None:
    """Refuse above --max-hourly-cost; ask above --confirm-above, or when the rate is unknown."""
    cap = ctx.settings.max_hourly_cost
    if hourly_rate is None:
        note = "its hourly cost could not be determined"
        if cap is not None:
            raise OperationRefused(
                f"not done: {summary} starts paid compute and {note}, so the {cap:g} USD/h cap "
                "(--max-hourly-cost) cannot be checked; use the curated tool for it, which prices the machine"
            )
        await ctx.confirm(f"{summary}; this starts paid compute and {note}")
        return
    if cap is not None and hourly_rate > cap:
        raise OperationRefused(
            f"not done: {summary} would cost {hourly_rate:.2f} USD/h, above the {cap:g} USD/h cap set by "
            "--max-hourly-cost; choose a smaller machine or fewer replicas"
        )
    if hourly_rate > ctx.settings.confirm_above:
        await ctx.confirm(f"{summary}; this costs about {hourly_rate:.2f} USD/h")


_STUDIO_STATUS_INSTANCE = {
    "cloud_space_service_switch_cloud_space_instance": "requested",
    "cloud_space_service_restart_cloud_space_instance": "inUse",
}
Workload = tuple[str, bool, int, str | None]
"""What a spend operation starts: machine slug, spot, how many machines, and the cluster (None: any)."""


async def rate_of(ctx: ToolContext, op: Operation, path_params: dict[str, Any], body: Any) -> float | None:
    """The hourly rate a spend operation would start, from its body (a switch confirm or restart: from the studio's
    status; a deployment scale-up: from the deployment); None when it cannot be told."""
    # pricing sends its reads through operations, which imports this module.
    from lightning_ai_mcp.tools.pricing import load_machines, match_machines
    from lightning_ai_mcp.tools.teamspaces import resolve_teamspace

    body = body if isinstance(body, Mapping) else {}
    try:
        workload = await _workload(ctx, op.id, path_params, body)
        if workload is None:
            return None
        slug, spot, count, cluster = workload
        if count <= 0 or not slug:
            return 0.0 if count <= 0 else None
        team = await resolve_teamspace(ctx, str(path_params.get("projectId") or ""))
        found = match_machines(await load_machines(ctx, team, cluster), slug)
    except (LightningAPIError, InvalidArgument):
        return None
    if not found:
        return None
    machine = found[0]
    price = machine.spot if spot and machine.spot > 0 else machine.on_demand
    return round(price * count, 4)


def _int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return default


def _spec_workload(spec: Any, count: int, cluster: Any = None) -> Workload:
    spec = spec if isinstance(spec, Mapping) else {}
    return (
        str(spec.get("instanceName") or ""),
        spec.get("spot") is True,
        count,
        str(cluster or spec.get("clusterId") or "") or None,
    )


def _replicas(deployment: Mapping[str, Any]) -> int:
    autoscaling = deployment.get("autoscaling")
    if isinstance(autoscaling, Mapping) and autoscaling.get("maxReplicas") is not None:
        return max(_int(autoscaling.get("maxReplicas")), _int(deployment.get("replicas")))
    return _int(deployment.get("replicas"), 1)


async def _workload(
    ctx: ToolContext, op_id: str, path_params: dict[str, Any], body: Mapping[str, Any]
) -> Workload | None:
    from lightning_ai_mcp.tools.operations import call_operation

    ids: dict[str, Any] = {k: path_params[k] for k in ("projectId", "id") if k in path_params}
    if op_id in (
        "cloud_space_service_start_cloud_space_instance",
        "cloud_space_service_update_cloud_space_instance_config",
    ):
        compute = body.get("computeConfig")
        if not isinstance(compute, Mapping):
            return None if op_id.endswith("start_cloud_space_instance") else ("", False, 0, None)
        studio = await call_operation(ctx, "cloud_space_service_get_cloud_space", path_params=ids)
        cluster = compute.get("clusterOverride") or studio.get("clusterId")
        return str(compute.get("name") or ""), compute.get("spot") is True, 1, str(cluster or "") or None
    if op_id in _STUDIO_STATUS_INSTANCE:
        status = await call_operation(ctx, "cloud_space_service_get_cloud_space_instance_status", path_params=ids)
        instance = status.get(_STUDIO_STATUS_INSTANCE[op_id]) or {}
        compute = instance.get("computeConfig") or {}
        name, spot = str(compute.get("name") or ""), compute.get("spot") is True
        return (name, spot, 1, str(instance.get("clusterId") or "") or None) if name else None
    if op_id == "jobs_service_create_job":
        return _spec_workload(body.get("spec"), 1)
    if op_id == "jobs_service_create_multi_machine_job":
        return _spec_workload(body.get("spec"), _int(body.get("machines"), 1), body.get("clusterId"))
    if op_id == "jobs_service_create_deployment":
        return _spec_workload(body.get("spec"), _replicas(body), body.get("clusterId"))
    if op_id == "jobs_service_update_deployment":
        current = body
        if not isinstance(body.get("spec"), Mapping):
            current = {**await call_operation(ctx, "jobs_service_get_deployment", path_params=ids), **body}
        return _spec_workload(current.get("spec"), _replicas(current))
    if op_id == "jobs_service_update_multi_machine_job":
        mmt = await call_operation(ctx, "jobs_service_get_multi_machine_job", path_params=ids)
        return _spec_workload(mmt.get("spec"), _int(mmt.get("machines"), 1), mmt.get("clusterId"))
    return None
