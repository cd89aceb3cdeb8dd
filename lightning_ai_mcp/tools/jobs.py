"""Jobs and multi-machine jobs: list, run (studio or image, on one or many machines), stop.

`run_job` sends what lightning-sdk 2026.10.13's `Job.run` sends: `POST .../jobs {name, spec}` for one machine,
`POST .../multi-machine-jobs {name, spec, clusterId, machines}` for several.
"""

from __future__ import annotations

import uuid
from typing import Any

from lightning_ai_mcp.errors import InvalidArgument, OperationRefused
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.lookup import MMT_PREFIX, default_cluster, find_job
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.pricing import hourly_rate, resolve_machine
from lightning_ai_mcp.tools.results import fit_api_result
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.studio_ref import CONFIRM, TEAMSPACE, WAIT, find_studio
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace
from lightning_ai_mcp.tools.waiting import wait_for, wait_seconds_of

TERMINAL = {"completed", "failed", "stopped"}
MAX_MACHINES = 64


def job_state(job: dict[str, Any]) -> str:
    """The lowercase state of a job or a multi-machine job (`MultiMachineJob_STATE_RUNNING` -> `running`)."""
    return str(job.get("state") or "pending").removeprefix(MMT_PREFIX).lower()


def job_row(job: dict[str, Any], multi: bool = False) -> dict[str, Any]:
    spec = job.get("spec") or {}
    row = {
        "id": job.get("id"),
        "name": job.get("name"),
        "state": job_state(job),
        "machine": spec.get("instanceName"),
        "created": job.get("createdAt"),
    }
    if multi:
        row["machines"] = job.get("machines")
    return row


async def list_jobs(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    project = {"projectId": team.id}
    if args.get("job"):
        multi, job = await find_job(ctx, team.id, str(args["job"]))
        shown = fit_api_result(job, "read_endpoint(jobs_service_get_job) returns it whole")
        return {"job": shown.get("result", shown.get("result_excerpt")), "multi_machine": multi}
    query = {"standalone": True, "limit": args.get("limit", 20), "pageToken": args.get("cursor")}
    listed = await call_operation(ctx, "jobs_service_list_jobs", path_params=project, query=query)
    rows = [job_row(j) for j in listed.get("jobs") or []]
    if not args.get("cursor"):
        mmts = await call_operation(ctx, "jobs_service_list_multi_machine_jobs", path_params=project)
        rows = [job_row(m, multi=True) for m in mmts.get("multiMachineJobs") or []] + rows
    result: dict[str, Any] = {"jobs": rows}
    if listed.get("nextPageToken"):
        result["next_cursor"] = listed["nextPageToken"]
    return result


async def _place(ctx: ToolContext, args: dict[str, Any], project_id: str) -> dict[str, Any]:
    """The spec fields that say where a job runs: a studio's environment or a container image."""
    studio, image, command = args.get("studio"), args.get("image"), args.get("command")
    if bool(studio) == bool(image):
        raise InvalidArgument("studio", "give either studio (run in a studio's environment) or image")
    if studio:
        if not command:
            raise InvalidArgument("command", "is required for a studio job")
        _, found = await find_studio(ctx, str(studio), args.get("teamspace"))
        # A fresh run id per call: lightning-sdk keeps one per process and studio to reuse the studio snapshot.
        return {
            "cloudspaceId": found["id"],
            "clusterId": found.get("clusterId", ""),
            "image": "",
            "runId": uuid.uuid4().hex,
        }
    place: dict[str, Any] = {"cloudspaceId": "", "clusterId": await default_cluster(ctx, project_id), "image": image}
    if command:
        place["entrypoint"] = "sh -c"
    return place | {"runId": ""}


async def run_job(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    name, machines = str(args["name"]), int(args.get("machines", 1))
    spot = bool(args.get("interruptible", False))
    env = args.get("env") or {}
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    place = await _place(ctx, args, team.id)
    machine = await resolve_machine(
        ctx, str(args.get("machine", "CPU")), team.id, cluster_id=place["clusterId"] or None
    )
    if machine.out_of_capacity:
        raise OperationRefused(f"{machine.name} ({machine.slug}) is out of capacity; choose another (list_machines)")
    rate = hourly_rate(machine, spot=spot, count=machines)
    spec = {
        **place,
        "command": args.get("command") or "",
        "env": [{"name": str(k), "value": str(v)} for k, v in env.items()],
        "instanceName": machine.slug,
        "spot": spot,
        "imageClusterCredentials": False,
        "imageSecretRef": "",
        "pathMappings": [],
    }
    where = f"studio {args['studio']!r}" if args.get("studio") else f"image {args['image']!r}"
    what = f"{machines} x {machine.name} ({machine.slug}{', interruptible' if spot else ''})"
    summary = f"run job {name!r} from {where} on {what}, about {rate:.2f} USD/h until it ends"
    project = {"projectId": team.id}
    if machines > 1:
        body = {"name": name, "spec": spec, "clusterId": place["clusterId"], "machines": machines}
        op, get_op = "jobs_service_create_multi_machine_job", "jobs_service_get_multi_machine_job"
    else:
        body, op, get_op = (
            {"name": name, "spec": {**spec, "volumes": []}},
            "jobs_service_create_job",
            "jobs_service_get_job",
        )
    job = await call_operation(ctx, op, path_params=project, body=body, summary=summary, hourly_rate=rate)

    async def poll() -> tuple[bool, dict[str, Any], str]:
        current = await call_operation(ctx, get_op, path_params={**project, "id": job["id"]})
        state = job_state(current)
        return state != "pending", current, f"job {name!r} is {state}"

    waited = await wait_for(ctx, poll, wait_seconds_of(args))
    state = job_state(waited.value)
    return {
        "job": job_row(waited.value, multi=machines > 1),
        "machine": {"name": machine.name, "slug": machine.slug, "interruptible": spot, "count": machines},
        "hourly_rate_usd": rate,
        "next": f"get_job_logs(job={job.get('name', name)!r}) reads its output"
        + ("" if state in TERMINAL else "; list_jobs(job=...) shows its state; stop_job stops it"),
    }


async def stop_job(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    multi, job = await find_job(ctx, team.id, str(args["job"]))
    state = job_state(job)
    if state in TERMINAL:
        return {"job": job_row(job, multi), "note": f"nothing to stop: the job is already {state}"}
    await ctx.confirm(f"Stop job {job.get('name')!r} (id {job['id']}, {state}); its machines are released")
    path = {"projectId": team.id, "id": job["id"]}
    if multi:
        body: dict[str, Any] = {"desiredState": MMT_PREFIX + "STOP"}
        await call_operation(ctx, "jobs_service_update_multi_machine_job", path_params=path, body=body)
    elif state != "stopping":
        await call_operation(ctx, "jobs_service_update_job", path_params=path, body={"state": "stop"})
    get_op = "jobs_service_get_multi_machine_job" if multi else "jobs_service_get_job"

    async def poll() -> tuple[bool, dict[str, Any], str]:
        current = await call_operation(ctx, get_op, path_params=path)
        return job_state(current) in TERMINAL, current, f"job is {job_state(current)}"

    waited = await wait_for(ctx, poll, wait_seconds_of(args))
    result: dict[str, Any] = {"job": job_row(waited.value, multi)}
    if not waited.done:
        result["next"] = "still stopping; list_jobs(job=...) shows when it has stopped"
    return result


_OUT = {"type": "object"}

TOOLS = [
    ToolSpec(
        name="list_jobs",
        title="List jobs",
        description="Jobs of the teamspace, newest first; `job` (name or id) shows one in full.",
        input_schema=object_schema(
            {
                "job": {"type": "string"},
                "limit": {"type": "integer", "minimum": 1, "maximum": 100},
                "cursor": {"type": "string"},
                "teamspace": TEAMSPACE,
            }
        ),
        handler=list_jobs,
        op_class="read",
        output_schema=_OUT,
    ),
    ToolSpec(
        name="run_job",
        title="Run a job",
        description=(
            "Run a command on new machines in a studio's environment or an image; machines > 1: multi-machine. "
            "Paid while it runs (USD/h in the result). machine: e.g. CPU (default), T4, A100_X_8."
        ),
        input_schema=object_schema(
            {
                "name": {"type": "string"},
                "command": {"type": "string"},
                "studio": {"type": "string"},
                "image": {"type": "string"},
                "machine": {"type": "string"},
                "machines": {"type": "integer", "minimum": 1, "maximum": MAX_MACHINES},
                "interruptible": {"type": "boolean"},
                "env": {"type": "object"},
                "wait_seconds": WAIT,
                "teamspace": TEAMSPACE,
                "confirm": CONFIRM,
            },
            required=("name",),
        ),
        handler=run_job,
        op_class="spend",
        output_schema=_OUT,
    ),
    ToolSpec(
        name="stop_job",
        title="Stop a job",
        description="Stop a running job (name or id); asks first.",
        input_schema=object_schema(
            {"job": {"type": "string"}, "wait_seconds": WAIT, "teamspace": TEAMSPACE, "confirm": CONFIRM},
            required=("job",),
        ),
        handler=stop_job,
        op_class="destructive",
        output_schema=_OUT,
    ),
]
