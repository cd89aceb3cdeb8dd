"""Cost awareness: quote a workload before starting it, and see everything billing in a teamspace right now.

Machines bill per second for the whole instance while allocated; Drive storage costs 0.10 USD per GB and month
beyond the first 10 GB (Lightning's published terms). Spend is estimated from live list prices: credits, discounts
and free tiers are not known to the API and not applied.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.pricing import (
    Machine,
    hourly_rate,
    load_machines,
    match_machines,
    price_note,
    resolve_machine,
)
from lightning_ai_mcp.tools.results import clean_text
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.studio_ref import TEAMSPACE, compute_of, in_use, instance_status, shape
from lightning_ai_mcp.tools.teamspaces import Teamspace, resolve_teamspace

DRIVE_FREE_GB = 10
DRIVE_USD_PER_GB_MONTH = 0.10
HOURS_PER_MONTH = 730
_LIVE_JOB_STATES = {"pending", "creating", "running", "restarting"}
_LIVE_MMT_STATES = {"MultiMachineJob_STATE_PENDING", "MultiMachineJob_STATE_RUNNING"}
_PAGE = {"limit": 100}


def _usd(value: float) -> str:
    return f"{value:,.2f}"


async def quote_cost(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    machine = await resolve_machine(ctx, args["machine"], args.get("teamspace"))
    spot = bool(args.get("interruptible"))
    unit = hourly_rate(machine, spot=spot)
    count = int(args.get("count", 1))
    top = max(int(args.get("max_count", count)), count)
    kind = "spot" if spot else "on-demand"
    steps = [
        f"{machine.name} ({machine.slug}: {machine.gpus} GPU, {machine.cpus} CPU) {kind}: {_usd(unit)} USD/h per "
        "machine (the price covers the whole machine, not each GPU)",
        f"{count} machine(s) x {_usd(unit)} = {_usd(unit * count)} USD/h",
    ]
    if top > count:
        steps.append(f"up to {top} machine(s) x {_usd(unit)} = {_usd(unit * top)} USD/h")
    result: dict[str, Any] = {
        "machine": {"name": machine.name, "slug": machine.slug, "gpus": machine.gpus, "cpus": machine.cpus},
        "interruptible": spot,
        "usd_per_hour": round(unit * count, 4),
    }
    if top > count:
        result["usd_per_hour_max"] = round(unit * top, 4)
    total, total_max = 0.0, 0.0
    hours = args.get("hours")
    if hours is not None:
        total, total_max = unit * count * hours, unit * top * hours
        steps.append(f"{_usd(unit * count)} USD/h x {hours:g} h = {_usd(total)} USD")
        if top > count:
            steps.append(f"{_usd(unit * top)} USD/h x {hours:g} h = {_usd(total_max)} USD")
    if args.get("storage_gb") is not None:
        gb = float(args["storage_gb"])
        monthly = max(0.0, gb - DRIVE_FREE_GB) * DRIVE_USD_PER_GB_MONTH
        steps.append(
            f"Drive: ({gb:g} GB - {DRIVE_FREE_GB} GB free) x {DRIVE_USD_PER_GB_MONTH} USD/GB/month = "
            f"{_usd(monthly)} USD/month"
        )
        result["storage_usd_per_month"] = round(monthly, 4)
        if hours is not None:
            share = monthly * hours / HOURS_PER_MONTH
            steps.append(
                f"Drive for {hours:g} h: {_usd(monthly)} x {hours:g} / {HOURS_PER_MONTH} h = {_usd(share)} USD"
            )
            total, total_max = total + share, total_max + share
    if hours is not None:
        result["total_usd"] = round(total, 2)
        if top > count:
            result["total_usd_max"] = round(total_max, 2)
    else:
        result["until_stopped"] = f"{_usd(unit * count)} USD for every hour it runs"
    if machine.out_of_capacity:
        result["capacity"] = "out of capacity right now; list_machines shows alternatives"
    return result | {"arithmetic": steps} | price_note(ctx)


def _since(*stamps: Any) -> float | None:
    for stamp in stamps:
        if isinstance(stamp, str) and stamp:
            try:
                return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
            except ValueError:
                continue
    return None


class _Pricer:
    def __init__(self, machines: list[Machine]) -> None:
        self.machines = machines

    def row(self, kind: str, item: dict[str, Any], spec: dict[str, Any], count: int, started: float | None) -> Any:
        slug, spot = str(spec.get("name") or spec.get("instanceName") or ""), spec.get("spot") is True
        cluster = [m for m in self.machines if m.cluster_id == spec.get("clusterId")] or self.machines
        found = match_machines(cluster, slug) if slug else []
        rate = None
        if found:
            rate = round((found[0].spot if spot and found[0].spot > 0 else found[0].on_demand) * count, 4)
        hours = max(0.0, (time.time() - started) / 3600) if started else None
        return {
            "kind": kind,
            "name": clean_text(str(item.get("name") or "")),
            "id": item.get("id"),
            "machine": slug,
            "interruptible": spot,
            "count": count,
            "usd_per_hour": rate,
            "hours_running": round(hours, 2) if hours is not None else None,
            "usd_so_far_est": round(rate * hours, 2) if rate is not None and hours is not None else None,
        }


async def billing_studios(ctx: ToolContext, team: Teamspace) -> list[dict[str, Any]]:
    """The teamspace's studios with a machine allocated (running or starting)."""
    studios: list[dict[str, Any]] = []
    query: dict[str, Any] = {"limit": "100"}  # typed as a string for this operation
    for _ in range(10):
        data = await call_operation(
            ctx, "cloud_space_service_list_cloud_spaces", path_params={"projectId": team.id}, query=query
        )
        studios += [s for s in data.get("cloudspaces") or [] if instance_status(in_use(s)) in ("Running", "Pending")]
        if not data.get("nextPageToken"):
            break
        query["pageToken"] = data["nextPageToken"]
    return studios


async def current_spend(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    project = {"projectId": team.id}
    pricer = _Pricer(await load_machines(ctx, team))
    rows = []
    for studio in await billing_studios(ctx, team):
        instance = in_use(studio) or {}
        name, spot = compute_of(instance)
        spec = {"name": name, "spot": spot, "clusterId": instance.get("clusterId") or studio.get("clusterId")}
        started = _since(instance.get("switchedAt"), instance.get("startTimestamp"), instance.get("creationTimestamp"))
        rows.append(pricer.row("studio", studio, spec, 1, started))
    jobs = await call_operation(ctx, "jobs_service_list_jobs", path_params=project, query={**_PAGE, "standalone": True})
    rows += [
        pricer.row("job", job, job.get("spec") or {}, 1, _since(job.get("startedAt")))
        for job in jobs.get("jobs") or []
        if str(job.get("state") or "").lower() in _LIVE_JOB_STATES
    ]
    mmts = await call_operation(ctx, "jobs_service_list_multi_machine_jobs", path_params=project)
    for mmt in mmts.get("multiMachineJobs") or []:
        if mmt.get("state") in _LIVE_MMT_STATES:
            spec = {**(mmt.get("spec") or {}), "clusterId": (mmt.get("spec") or {}).get("clusterId")}
            rows.append(
                pricer.row("multi-machine job", mmt, spec, int(mmt.get("machines") or 1), _since(mmt.get("createdAt")))
            )
    deployments = await call_operation(ctx, "jobs_service_list_deployments", path_params=project, query=_PAGE)
    for dep in deployments.get("deployments") or []:
        replicas = int(dep.get("replicas") or 0)
        if replicas > 0:
            rows.append(pricer.row("deployment", dep, dep.get("spec") or {}, replicas, _since(dep.get("createdAt"))))
    known = [r["usd_per_hour"] for r in rows if r["usd_per_hour"] is not None]
    result: dict[str, Any] = {
        "teamspace": team.name,
        "billing": rows,
        "total_usd_per_hour": round(sum(known), 4),
        "total_usd_per_day": round(sum(known) * 24, 2),
    }
    if len(known) < len(rows):
        result["unpriced"] = "some machines are not in the price list; their rate is unknown and not in the total"
    if not rows:
        result["note"] = "nothing is billing compute in this teamspace"
    return result | price_note(ctx)


TOOLS = [
    ToolSpec(
        name="quote_cost",
        title="Quote cost",
        description=(
            "Estimate from live prices what machines cost (studio, job, multi-machine job, deployment replicas): "
            "per hour or for some hours, spot or not, plus Drive storage, with the arithmetic."
        ),
        input_schema=object_schema(
            {
                "machine": {"type": "string", "description": "e.g. H100, A100_X_8, lit-l4-1"},
                "count": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "Machines or replicas"},
                "max_count": {"type": "integer", "minimum": 1, "description": "Top of a replica range"},
                "hours": {"type": "number", "exclusiveMinimum": 0},
                "interruptible": {"type": "boolean"},
                "storage_gb": {"type": "number", "minimum": 0},
                "teamspace": TEAMSPACE,
            },
            ("machine",),
        ),
        handler=quote_cost,
        op_class="read",
        output_schema=shape(usd_per_hour="number", total_usd="number", arithmetic="array"),
    ),
    ToolSpec(
        name="current_spend",
        title="Current spend",
        description=(
            "Everything billing in a teamspace now (running studios, jobs, multi-machine jobs, deployment "
            "replicas): each one's USD/h and hours running, and the total burn."
        ),
        input_schema=object_schema({"teamspace": TEAMSPACE}),
        handler=current_spend,
        op_class="read",
        output_schema=shape(billing="array", total_usd_per_hour="number"),
    ),
]
