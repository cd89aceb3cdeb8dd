"""A job's logs as plain text: the last lines, or a page from a line number.

A finished job's log is read as lightning-sdk 2026.10.13's `JobApiV2.download_logs` does: `GET .../download-logs`
gives a URL, fetched without credentials; each line's `[RFC 3339] ` prefix is removed. A job still running has no
log file yet: its lines come from the unified log pages (`GET .../page-logs?jobIds=`, `LogsApi.get_page`), which the
SDK reads while it follows a job. A multi-machine job shows one rank's job.
"""

from __future__ import annotations

import re
from typing import Any

from lightning_ai_mcp.errors import InvalidArgument, LightningAPIError
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.jobs import job_state
from lightning_ai_mcp.tools.lookup import find_job
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.results import MAX_RESULT_CHARS, clean_text
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.studio_ref import TEAMSPACE
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace

TEXT_BUDGET = MAX_RESULT_CHARS - 2_500
_PREFIX = re.compile(r"^\[\d{4}-\d\d-\d\dT[^\]]*\] ?")


async def _rank_job(ctx: ToolContext, project_id: str, mmt: dict[str, Any], rank: int) -> dict[str, Any]:
    listed = await call_operation(
        ctx, "jobs_service_list_jobs", path_params={"projectId": project_id}, query={"multiMachineJobId": mmt["id"]}
    )
    ranks = sorted(listed.get("jobs") or [], key=lambda j: (len(str(j.get("name"))), str(j.get("name"))))
    if not 0 <= rank < len(ranks):
        raise InvalidArgument("rank", f"the job has {len(ranks)} machines: rank 0 to {len(ranks) - 1}")
    return dict(ranks[rank])


FINISHED = {"completed", "failed", "stopped", "cancelled", "deleted"}
MAX_LIVE_PAGES = 20


async def _live_lines(ctx: ToolContext, project_id: str, job: dict[str, Any]) -> str:
    lines: list[str] = []
    token = ""
    for _ in range(MAX_LIVE_PAGES):
        query = {"jobIds": [str(job["id"])], "pageSize": 1000, "pageToken": token or None}
        page = await call_operation(ctx, "jobs_service_get_logs", path_params={"projectId": project_id}, query=query)
        lines += [str(entry.get("message") or "") for entry in page.get("entries") or []]
        token = str(page.get("nextPageToken") or "")
        if not token:
            break
    return "\n".join(lines)


async def _log_text(ctx: ToolContext, project_id: str, job: dict[str, Any]) -> str:
    if job_state(job) not in FINISHED:
        return await _live_lines(ctx, project_id, job)
    query = {"cloudspaceId": str((job.get("spec") or {}).get("cloudspaceId") or ""), "deploymentId": "", "rank": 0}
    found = await call_operation(
        ctx, "jobs_service_download_job_logs", path_params={"projectId": project_id, "id": job["id"]}, query=query
    )
    if not found.get("url"):
        return ""
    response = await ctx.client.presigned("GET", str(found["url"]))
    if response.status != 200:
        raise LightningAPIError(f"the log file could not be fetched ({response.status}); try again", status=502)
    return response.body.decode("utf-8", errors="replace")


def _fit(lines: list[str], from_end: bool) -> list[str]:
    """As many lines as fit the result, keeping the end (a tail) or the start (a page)."""
    kept: list[str] = []
    size = 0
    for line in reversed(lines) if from_end else lines:
        size += len(line) + 2
        if size > TEXT_BUDGET:
            break
        kept.append(line)
    return kept[::-1] if from_end else kept


async def get_job_logs(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    multi, job = await find_job(ctx, team.id, str(args["job"]))
    source = await _rank_job(ctx, team.id, job, int(args.get("rank", 0))) if multi else job
    text = await _log_text(ctx, team.id, source)
    lines = [clean_text(_PREFIX.sub("", line)) for line in text.splitlines()]
    if lines and lines[0].startswith("+ lightning"):
        lines = lines[1:]
    count = int(args.get("lines", 100))
    start = args.get("start_line")
    if start is None:
        shown = _fit(lines[-count:], from_end=True)
        first = len(lines) - len(shown)
    else:
        first = min(int(start), len(lines))
        shown = _fit(lines[first : first + count], from_end=False)
    result: dict[str, Any] = {
        "job": job.get("name"),
        "state": job_state(job),
        "total_lines": len(lines),
        "first_line": first,
        "text": "\n".join(shown),
    }
    if first > 0:
        result["earlier"] = f"{first} earlier lines: pass start_line to page from the start"
    if first + len(shown) < len(lines):
        result["next_start_line"] = first + len(shown)
    if not lines:
        result["note"] = f"no log lines yet (the job is {job_state(job)})"
    return result


TOOLS = [
    ToolSpec(
        name="get_job_logs",
        title="Job logs",
        description="A job's output: the last `lines` (100), or a page from start_line.",
        input_schema=object_schema(
            {
                "job": {"type": "string"},
                "lines": {"type": "integer", "minimum": 1, "maximum": 2000},
                "start_line": {"type": "integer", "minimum": 0},
                "rank": {"type": "integer", "minimum": 0},
                "teamspace": TEAMSPACE,
            },
            required=("job",),
        ),
        handler=get_job_logs,
        op_class="read",
        output_schema={"type": "object"},
    ),
]
