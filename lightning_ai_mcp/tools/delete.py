"""Deleting one studio, job, deployment, secret or file: resolved to its id first, confirmed by the user, then sent.

The confirmation names exactly what goes (kind, name, id, state, where), so the user approves that and nothing else.
"""

from __future__ import annotations

from typing import Any

from lightning_ai_mcp.errors import InvalidArgument, LightningAPIError
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.lookup import find_deployment, find_job, find_secret
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.storage import resolve_place
from lightning_ai_mcp.tools.studio_ref import CONFIRM, TEAMSPACE, find_studio, studio_row
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace

Plan = tuple[str, str, dict[str, Any], dict[str, Any]]
"""What a deletion sends: the summary, the operation, its path parameters and its query."""


async def _studio(ctx: ToolContext, ref: str, args: dict[str, Any]) -> Plan:
    team, studio = await find_studio(ctx, ref, args.get("teamspace"))
    row = studio_row(studio)
    what = f"studio {row['name']!r} (id {row['id']}, {row['status']}) and every file in it, in teamspace {team.name!r}"
    return what, "cloud_space_service_delete_cloud_space", {"projectId": team.id, "id": studio["id"]}, {}


async def _job(ctx: ToolContext, ref: str, args: dict[str, Any]) -> Plan:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    multi, job = await find_job(ctx, team.id, ref, "name")
    state = str(job.get("state") or "").removeprefix("MultiMachineJob_STATE_").lower()
    what = f"{'multi-machine ' if multi else ''}job {job.get('name')!r} (id {job['id']}, {state}) and its logs"
    params = {"projectId": team.id, "id": job["id"]}
    if multi:
        return what, "jobs_service_delete_multi_machine_job", params, {}
    studio_id = str((job.get("spec") or {}).get("cloudspaceId") or "")
    return what, "jobs_service_delete_job", params, {"cloudspaceId": studio_id}


async def _deployment(ctx: ToolContext, ref: str, args: dict[str, Any]) -> Plan:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    dep = await find_deployment(ctx, team.id, ref, "name")
    state = str(dep.get("currentState") or "").removeprefix("DEPLOYMENT_STATE_").lower()
    what = f"deployment {dep.get('name')!r} (id {dep['id']}, {state}), its replicas and its URL"
    return what, "jobs_service_delete_deployment", {"projectId": team.id, "id": dep["id"]}, {}


async def _secret(ctx: ToolContext, ref: str, args: dict[str, Any]) -> Plan:
    team = await resolve_teamspace(ctx, args.get("teamspace"))
    secret = await find_secret(ctx, team.id, ref)
    what = f"secret {secret.get('name')!r} (id {secret['id']}) of teamspace {team.name!r}"
    return what, "secret_service_delete_secret", {"projectId": team.id, "id": secret["id"]}, {}


async def _file(ctx: ToolContext, ref: str, args: dict[str, Any]) -> Plan:
    place = await resolve_place(ctx, args)
    path = place.remote(ref)
    if not path:
        raise InvalidArgument("name", "give the path of a file or folder; the root is never deleted")
    parent, _, leaf = path.rpartition("/")
    try:
        listed = await call_operation(ctx, place.op("tree"), path_params=place.params(parent))
    except LightningAPIError as exc:
        if exc.status != 404:
            raise
        listed = {}
    kinds = {e.get("path"): e.get("type") for e in listed.get("tree") or [] if isinstance(e, dict)}
    if leaf not in kinds:
        raise InvalidArgument("name", f"{path!r} was not found in {place.label}; list_files shows what is there")
    if kinds[leaf] == "tree":
        return (
            f"folder {path!r} and everything in it, in {place.label}",
            place.op("delete_tree"),
            place.params(path),
            {},
        )
    return f"file {path!r} in {place.label}", place.op("delete_blob"), place.params(path), {}


PLANS = {"studio": _studio, "job": _job, "deployment": _deployment, "secret": _secret, "file": _file}


async def delete_resource(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    kind, ref = str(args["kind"]), str(args["name"]).strip()
    if not ref:
        raise InvalidArgument("name", "is required")
    if args.get("studio") and kind != "file":
        raise InvalidArgument("studio", "only applies to kind=file")
    what, op, path_params, query = await PLANS[kind](ctx, ref, args)
    summary = f"Permanently delete {what}"
    await ctx.confirm(summary)
    await call_operation(ctx, op, path_params=path_params, query=query, summary=summary)
    return {"deleted": what}


TOOLS = [
    ToolSpec(
        name="delete_resource",
        title="Delete a resource",
        description=(
            "Permanently delete a studio, job, deployment, secret or file (path; in `studio` or the Drive) by "
            "name or id; asks first."
        ),
        input_schema=object_schema(
            {
                "kind": {"enum": list(PLANS)},
                "name": {"type": "string"},
                "studio": {"type": "string"},
                "teamspace": TEAMSPACE,
                "confirm": CONFIRM,
            },
            required=("kind", "name"),
        ),
        handler=delete_resource,
        op_class="destructive",
        output_schema={"type": "object"},
    ),
]
