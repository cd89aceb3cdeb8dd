"""The spend guard: a hard hourly cap, and confirmation above a threshold, for every action that starts paid compute."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lightning_ai_mcp.catalog import Operation
from lightning_ai_mcp.errors import OperationRefused

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
