"""list_machines: what each machine of the teamspace's clouds offers, costs per hour, and whether it has capacity."""

from __future__ import annotations

from typing import Any

from lightning_ai_mcp.errors import InvalidArgument
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.pricing import cloud_label, family_key, load_machines, match_machines, price_note
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.studio_ref import TEAMSPACE, shape
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace


async def list_machines(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    machines = await load_machines(ctx, team)
    clouds = list(dict.fromkeys(cloud_label(m.cloud) for m in machines))
    wanted = args.get("cloud") or (clouds[0] if clouds else "")
    if wanted.lower() != "all":
        known = {c.lower(): c for c in clouds} | {m.cloud.lower(): cloud_label(m.cloud) for m in machines}
        if wanted.lower() not in known:
            raise InvalidArgument("cloud", f"not one of this teamspace's clouds ({', '.join(clouds)}) or 'all'")
        machines = [m for m in machines if cloud_label(m.cloud) == known[wanted.lower()]]
    if args.get("machine"):
        named = match_machines(machines, args["machine"])
        machines = [m for m in machines if m in named or family_key(m.family) == family_key(args["machine"])]
    if args.get("min_gpus"):
        machines = [m for m in machines if m.gpus >= args["min_gpus"]]
    return {
        "teamspace": team.name,
        "clouds": clouds,
        "machines": [m.as_row() for m in machines],
        "units": "USD per hour per machine (whole instance); spot 0 = no spot offer; wait_s = estimated wait",
        **price_note(ctx),
    }


TOOLS = [
    ToolSpec(
        name="list_machines",
        title="List machines and prices",
        description=(
            "Machines a teamspace can start: name/slug (for start_studio, jobs), GPUs, CPUs, live on-demand and spot "
            "USD/h, capacity, wait. First cloud (Lightning Cloud first) unless cloud='all'."
        ),
        input_schema=object_schema(
            {
                "machine": {"type": "string", "description": "Filter: family (H100), name (H100_X_8) or slug"},
                "min_gpus": {"type": "integer", "minimum": 0},
                "cloud": {"type": "string", "description": "One of 'clouds', or all"},
                "teamspace": TEAMSPACE,
            }
        ),
        handler=list_machines,
        op_class="read",
        output_schema=shape(machines="array", clouds="array"),
    ),
]
