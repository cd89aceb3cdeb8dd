"""stop_idle: the clean-up path that stops running studios nobody is using.

The API reports no "last command" time, so idleness is judged from what it does report: a studio is idle when its
machine has run at least `idle_minutes` since it started (or last switched machine), nobody has it open (the
collaboration status shows no live session, editor or viewer), and its files have not synced within that time.
"""

from __future__ import annotations

import time
from typing import Any

from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.costs import _since, billing_studios
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.studio_ref import (
    CONFIRM,
    TEAMSPACE,
    WAIT,
    code_status,
    compute_of,
    in_use,
    instance_status,
    shape,
)
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace
from lightning_ai_mcp.tools.waiting import wait_for, wait_seconds_of

DEFAULT_IDLE_MINUTES = 30


def idle_reason(studio: dict[str, Any], idle_minutes: float, now: float) -> str | None:
    """Why `studio` counts as idle, or None when it is busy, starting or recently used."""
    instance = in_use(studio)
    if instance is None or instance_status(instance) != "Running":
        return None
    collab = (studio.get("codeStatus") or {}).get("collabStatus") or {}
    if collab.get("isLive") or collab.get("editorUserId") or collab.get("viewerUserIds"):
        return None
    horizon = now - idle_minutes * 60
    started = _since(instance.get("switchedAt"), instance.get("startTimestamp"), instance.get("creationTimestamp"))
    synced = _since(instance.get("syncLastUpdated"))
    if started is None or started > horizon or (synced is not None and synced > horizon):
        return None
    return f"running {(now - started) / 3600:.1f} h on {compute_of(instance)[0]}, nobody has it open"


async def stop_idle(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    minutes = float(args.get("idle_minutes", DEFAULT_IDLE_MINUTES))
    now = time.time()
    idle = [(s, r) for s in await billing_studios(ctx, team) if (r := idle_reason(s, minutes, now)) is not None]
    if not idle:
        return {"stopped": [], "note": f"no studio in {team.name!r} has been idle for {minutes:g} minutes"}
    names = ", ".join(f"{s['name']} ({r})" for s, r in idle)
    await ctx.confirm(f"stop {len(idle)} idle studio(s) in {team.name!r}: {names}; running processes end, files stay")
    for studio, _ in idle:
        await call_operation(
            ctx,
            "cloud_space_service_stop_cloud_space_instance",
            path_params={"projectId": team.id, "id": str(studio["id"])},
        )

    async def poll() -> tuple[bool, list[dict[str, Any]], str]:
        rows = []
        for studio, reason in idle:
            current = (await code_status(ctx, team, str(studio["id"]))).get("inUse")
            rows.append({"studio": studio["name"], "status": instance_status(current), "was": reason})
        stopping = sum(r["status"] != "Stopped" for r in rows)
        return stopping == 0, rows, f"{stopping} of {len(rows)} studios still stopping"

    waited = await wait_for(ctx, poll, wait_seconds_of(args))
    result: dict[str, Any] = {"stopped": waited.value, "waited_seconds": waited.waited_seconds}
    if not waited.done:
        result["next"] = "some are still stopping; list_studios shows when they are Stopped"
    return result


TOOLS = [
    ToolSpec(
        name="stop_idle",
        title="Stop idle studios",
        description=(
            "Stop running studios nobody has open that ran idle_minutes without file activity. Asks for "
            "confirmation, naming them."
        ),
        input_schema=object_schema(
            {
                "idle_minutes": {"type": "number", "minimum": 5, "default": DEFAULT_IDLE_MINUTES},
                "teamspace": TEAMSPACE,
                "wait_seconds": WAIT,
                "confirm": CONFIRM,
            }
        ),
        handler=stop_idle,
        op_class="destructive",
        output_schema=shape(stopped="array"),
    ),
]
