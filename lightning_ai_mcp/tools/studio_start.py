"""start_studio: start a stopped studio, or switch a running one to another machine, as lightning-sdk does.

Start (v2026.10.13 `StudioApi.start_studio`): `POST .../start {computeConfig}`, then poll codestatus for a new
instance id until `inUse` has it with `topUpRestoreFinished`; a terminal phase on the way is a failure.
Switch (`switch_studio_machine`): `PUT .../codeconfig {computeConfig}`, poll until the requested machine's initial
restore finished, `POST .../switch-confirm`, poll until the new machine's top-up restore finished.
"""

from __future__ import annotations

from typing import Any

from lightning_ai_mcp.errors import InvalidArgument, LightningAPIError
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.pricing import (
    Machine,
    cloud_label,
    hourly_rate,
    load_machines,
    pick_machine,
    price_note,
    with_capacity,
)
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
    is_ready,
    shape,
)
from lightning_ai_mcp.tools.teamspaces import Teamspace
from lightning_ai_mcp.tools.waiting import wait_for, wait_seconds_of

DEFAULT_MACHINE = "CPU"
_TERMINAL = {PHASE + p for p in ("FAILED", "STOPPING", "STOPPED", "DELETED")}
Status = dict[str, Any]


def _progress(name: str, instance: dict[str, Any] | None) -> str:
    if not instance:
        return f"{name}: waiting for a machine"
    phase = str(instance.get("phase") or "").removeprefix(PHASE).lower()
    step = instance.get("startupPhase") or ""
    return f"{name}: {phase} {step} {instance.get('startupPercentage') or 0}%".replace("  ", " ")


async def _default_spot(ctx: ToolContext, team: Teamspace) -> bool:
    project = await call_operation(ctx, "projects_service_get_project", path_params={"id": team.id})
    return bool((project.get("projectSettings") or {}).get("startStudioOnSpotInstance"))


def _check_capacity(machine: Machine, machines: list[Machine]) -> None:
    if machine.out_of_capacity:
        others = with_capacity(machine, machines)
        alternatives = f"machines with capacity: {', '.join(others)}; " if others else ""
        raise InvalidArgument(
            "machine",
            f"{machine.name} ({machine.slug}) is out of capacity on {cloud_label(machine.cloud)} right now; "
            f"{alternatives}list_machines shows capacity and waits. Nothing was started.",
        )


def _machine_words(body: dict[str, Any]) -> str:
    compute = body.get("computeConfig") or {}
    return f"{compute.get('name')}" + (" (interruptible)" if compute.get("spot") else "")


async def _start(
    ctx: ToolContext, team: Teamspace, studio: dict[str, Any], body: dict[str, Any], wait: float, rate: float
) -> Any:
    """Send the start (unless `body` is empty: already starting) and wait for the new instance to be ready."""
    ids = {"projectId": team.id, "id": str(studio["id"])}
    name = str(studio["name"])
    before = studio.get("codeStatus") or {}
    old = {
        i.get("cloudSpaceInstanceId")
        for i in (before.get("requested"), before.get("inUse"))
        if isinstance(i, dict) and i.get("phase") in _TERMINAL
    }
    tracked: list[str] = []
    if body:
        await call_operation(
            ctx,
            "cloud_space_service_start_cloud_space_instance",
            path_params=ids,
            body=body,
            hourly_rate=rate,
            summary=f"start studio {name!r} on {_machine_words(body)}",
        )
    else:
        tracked.append(str((in_use(studio) or {}).get("cloudSpaceInstanceId") or ""))

    async def poll() -> tuple[bool, Status | None, str]:
        status = await code_status(ctx, team, ids["id"])
        instances = [i for i in (status.get("requested"), status.get("inUse")) if isinstance(i, dict)]
        if not tracked:
            fresh = [i for i in instances if i.get("cloudSpaceInstanceId") and i["cloudSpaceInstanceId"] not in old]
            if fresh:
                tracked.append(str(fresh[0]["cloudSpaceInstanceId"]))
        mine = next((i for i in instances if tracked and i.get("cloudSpaceInstanceId") == tracked[0]), None)
        if tracked and (mine is None or mine.get("phase") in _TERMINAL):
            reason = (
                clean_text(str((mine or {}).get("statusMessage") or "")) or "the machine stopped before it was ready"
            )
            raise LightningAPIError(f"studio {name!r} failed to start: {reason}; get_studio shows its state")
        return mine is not None and is_ready(status.get("inUse")), mine, _progress(name, mine)

    return await wait_for(ctx, poll, wait)


async def _switch(
    ctx: ToolContext, team: Teamspace, studio: dict[str, Any], compute: dict[str, Any], wait: float, rate: float
) -> Any:
    ids = {"projectId": team.id, "id": str(studio["id"])}
    name = str(studio["name"])
    requested_seen: list[bool] = []
    confirmed: list[bool] = []
    if compute:
        body = {"computeConfig": compute}
        await call_operation(
            ctx,
            "cloud_space_service_update_cloud_space_instance_config",
            path_params=ids,
            body=body,
            hourly_rate=rate,
            summary=f"switch studio {name!r} to {_machine_words(body)}",
        )

    async def poll() -> tuple[bool, Status | None, str]:
        status = await code_status(ctx, team, ids["id"])
        requested, current = status.get("requested"), status.get("inUse")
        if not confirmed:
            watched = requested if isinstance(requested, dict) else (current if requested_seen else None)
            requested_seen.append(isinstance(requested, dict))
            if watched and (watched.get("startupStatus") or {}).get("initialRestoreFinished"):
                await call_operation(
                    ctx, "cloud_space_service_switch_cloud_space_instance", path_params=ids, hourly_rate=rate
                )
                confirmed.append(True)
            return False, watched, _progress(name, watched)
        return is_ready(current), current, _progress(name, current)

    return await wait_for(ctx, poll, wait)


async def start_studio(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team, studio = await find_studio(ctx, args["studio"], args.get("teamspace"))
    name = str(studio["name"])
    spot = args["interruptible"] if "interruptible" in args else await _default_spot(ctx, team)
    machines = await load_machines(ctx, team, str(studio.get("clusterId") or "") or None)
    machine = pick_machine(machines, args.get("machine") or DEFAULT_MACHINE)
    rate = hourly_rate(machine, spot=spot)
    instance = in_use(studio)
    status = instance_status(instance)
    current = compute_of(instance)[0].lower()
    requested = (studio.get("codeStatus") or {}).get("requested")
    compute: dict[str, Any] = {"name": machine.slug, "spot": spot}
    wait = wait_seconds_of(args)
    if status in ("Running", "Pending") and current in machine.names():
        action, waited = "already running", await _start(ctx, team, studio, {}, wait, rate)
    elif status == "Running":
        switching = isinstance(requested, dict) and compute_of(requested)[0].lower() in machine.names()
        if not switching:
            _check_capacity(machine, machines)
        action, waited = "switched", await _switch(ctx, team, studio, {} if switching else compute, wait, rate)
    elif status == "Stopped":
        _check_capacity(machine, machines)
        if args.get("max_runtime_seconds"):
            compute["requestedRunDurationSeconds"] = str(args["max_runtime_seconds"])
        action, waited = "started", await _start(ctx, team, studio, {"computeConfig": compute}, wait, rate)
    else:
        raise InvalidArgument(
            "studio",
            f"studio {name!r} is {status} on {current or 'a machine'}; when get_studio shows it Stopped or "
            "Running, call start_studio again (stop_studio stops it)",
        )
    result: dict[str, Any] = {
        "studio": name,
        "status": "Running" if waited.done else instance_status(waited.value) if waited.value else "Pending",
        "ready": waited.done,
        "action": action,
        "machine": {"name": machine.name, "slug": machine.slug, "gpus": machine.gpus, "cpus": machine.cpus},
        "cloud": cloud_label(machine.cloud),
        "interruptible": spot,
        "hourly_rate_usd": rate,
        "waited_seconds": waited.waited_seconds,
        **price_note(ctx),
    }
    if not waited.done:
        result["next"] = "still starting; call start_studio again with the same arguments to keep waiting"
    return result


START_STUDIO = ToolSpec(
    name="start_studio",
    title="Start a studio",
    description=(
        "Start a studio on a machine (or switch a running one). Bills the machine's hourly rate (list_machines) "
        "until stopped. Waits, then returns the state."
    ),
    input_schema=object_schema(
        {
            "studio": STUDIO,
            "machine": {"type": "string", "description": "CPU (default), T4, L4_X_4, A100_X_8, a slug..."},
            "interruptible": {"type": "boolean", "description": "Spot: cheaper, preemptible"},
            "max_runtime_seconds": {"type": "integer", "minimum": 60},
            "teamspace": TEAMSPACE,
            "wait_seconds": WAIT,
            "confirm": CONFIRM,
        },
        ("studio",),
    ),
    handler=start_studio,
    op_class="spend",
    output_schema=shape(status="string", ready="boolean", hourly_rate_usd="number"),
)
