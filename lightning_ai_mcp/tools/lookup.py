"""Finding one resource by name or id (jobs, deployments, secrets) and a teamspace's default cluster.

Every lookup tries the name first, as lightning-sdk does, then the id; a miss says which tool lists what exists.
"""

from __future__ import annotations

from typing import Any

from lightning_ai_mcp.errors import InvalidArgument, LightningAPIError
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.operations import call_operation

MMT_PREFIX = "MultiMachineJob_STATE_"


def is_not_found(exc: LightningAPIError) -> bool:
    return exc.status == 404


async def _get_or_none(ctx: ToolContext, op: str, project_id: str, **path: str) -> dict[str, Any] | None:
    try:
        found = await call_operation(ctx, op, path_params={"projectId": project_id, **path})
    except LightningAPIError as exc:
        if is_not_found(exc):
            return None
        raise
    return found if isinstance(found, dict) and found else None


async def find_job(ctx: ToolContext, project_id: str, ref: str, field: str = "job") -> tuple[bool, dict[str, Any]]:
    """A job by name or id: (is it a multi-machine job, the V1Job or V1MultiMachineJob)."""
    try:
        job = await call_operation(
            ctx, "jobs_service_find_job", path_params={"projectId": project_id}, query={"name": ref}
        )
        if isinstance(job, dict) and job.get("id"):
            return False, job
    except LightningAPIError as exc:
        if not is_not_found(exc):
            raise
    for op, key in (
        ("jobs_service_get_job", "id"),
        ("jobs_service_get_multi_machine_job_by_name", "name"),
        ("jobs_service_get_multi_machine_job", "id"),
    ):
        found = await _get_or_none(ctx, op, project_id, **{key: ref})
        if found is not None:
            return "multi_machine" in op, found
    raise InvalidArgument(field, f"no job named {ref!r} (or with that id) in this teamspace; list_jobs shows them")


async def find_deployment(ctx: ToolContext, project_id: str, ref: str, field: str = "deployment") -> dict[str, Any]:
    """A deployment by name or id (names starting with `dep_` are ids, as in lightning-sdk)."""
    lookups = [("jobs_service_get_deployment_by_name", "name"), ("jobs_service_get_deployment", "id")]
    if ref.startswith("dep_"):
        lookups.reverse()
    for op, key in lookups:
        found = await _get_or_none(ctx, op, project_id, **{key: ref})
        if found is not None:
            return found
    raise InvalidArgument(
        field, f"no deployment named {ref!r} (or with that id) in this teamspace; list_deployments shows them"
    )


async def list_secrets(ctx: ToolContext, project_id: str) -> list[dict[str, Any]]:
    listed = await call_operation(ctx, "secret_service_list_secrets", path_params={"projectId": project_id})
    return [s for s in listed.get("secrets") or [] if isinstance(s, dict)]


async def find_secret(ctx: ToolContext, project_id: str, ref: str, field: str = "name") -> dict[str, Any]:
    secrets = await list_secrets(ctx, project_id)
    for key in ("name", "id"):
        for secret in secrets:
            if secret.get(key) == ref:
                return secret
    raise InvalidArgument(field, f"no secret named {ref!r} in this teamspace; list_secrets shows them")


async def default_cluster(ctx: ToolContext, project_id: str) -> str:
    """The teamspace's default cloud account: its preferred cluster, else its organization's (lightning-sdk's
    `Teamspace.default_cloud_account`)."""
    project = await call_operation(ctx, "projects_service_get_project", path_params={"id": project_id})
    preferred = str((project.get("projectSettings") or {}).get("preferredCluster") or "")
    if preferred or project.get("ownerType") != "organization" or not project.get("ownerId"):
        return preferred
    org = await call_operation(ctx, "organizations_service_get_organization", path_params={"id": project["ownerId"]})
    return str(org.get("preferredCluster") or "")


async def deployment_cluster(ctx: ToolContext, project_id: str) -> str:
    """The cluster lightning-sdk gives a deployment without a studio: the oldest AWS or GCP cluster binding
    (`utils/resolve.py:_get_cluster`), else the oldest binding."""
    bindings = await call_operation(
        ctx, "projects_service_list_project_cluster_bindings", path_params={"projectId": project_id}
    )
    rows = [b for b in bindings.get("clusters") or [] if isinstance(b, dict)]
    clusters = await call_operation(ctx, "cluster_service_list_clusters", query={"projectId": project_id})
    usable = {
        c.get("id")
        for c in clusters.get("clusters") or []
        if isinstance(c, dict) and ({"awsV1", "googleCloudV1"} & set((c.get("spec") or {}).keys()))
    }
    if usable:
        rows = [b for b in rows if b.get("clusterId") in usable]
    rows.sort(key=lambda b: str(b.get("createdAt") or ""))
    return str(rows[0].get("clusterId") or "") if rows else ""
