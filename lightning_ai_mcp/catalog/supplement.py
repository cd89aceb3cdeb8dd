"""Hand-kept: endpoints the SDK calls outside both generated clients, each citing the SDK code that calls it.

These are raw `requests` / websocket calls in lightning-sdk (paths under `lightning_sdk/`). Their bodies are not
swagger models: the v1013 blob sign/complete bodies are snake_case JSON (`{"blobs": [...], "cluster_id": ...}`), the
v26 single-part upload sends the file's raw bytes. v26 authenticates these calls with a `?token=<JWT>` from
`POST /v1/auth/login`; v1013 sends the ordinary Authorization header. Not counted in the SDK's pinned counts.
"""

from __future__ import annotations

from .model import SDK_VERSIONS, Operation, OperationClass, Param

V26, V1013 = SDK_VERSIONS
BOTH = (V26, V1013)
STUDIO = "/v1/projects/{projectId}/artifacts/cloudspaces/{cloudspaceId}"
DRIVE = "/v1/projects/{projectId}/artifacts"

_FILE_WORDS = "also: studio files, file, blob, artifact, path"
_DRIVE_WORDS = "also: teamspace drive, file, blob, artifact, storage, path"


def _q(wire: str, type_: str = "str", versions: tuple[str, ...] | None = None, *, repeated: bool = False) -> Param:
    return Param(wire, type_, required=False, repeated=repeated, versions=versions)


TOKEN = _q("token", versions=(V26,))
# lightning-sdk sends recursive as the string "true" (raw requests), not the generated client's "True".
TREE_QUERY = (_q("recursive"), _q("cursor", versions=(V1013,)), _q("atMost", "int", (V1013,)), _q("clusterId"))


def _op(
    op_id: str,
    method: str,
    path: str,
    versions: tuple[str, ...],
    op_class: OperationClass,
    summary: str,
    cite: str,
    query: tuple[Param, ...] = (),
    *,
    repeatable: bool | None = None,
) -> Operation:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    path_params = tuple(Param(n, "str", required=True, file_path=n == "path") for n in names)
    return Operation(
        id=op_id,
        aliases=(),
        group=op_id.split("_service_")[0] + "_service",
        method=method,
        path=path,
        path_params=path_params,
        query_params=query,
        body_model=None,
        response_model=None,
        versions=versions,
        repeatable=method != "POST" if repeatable is None else repeatable,
        op_class=op_class,
        summary=summary,
        supplement=cite,
    )


SUPPLEMENT: tuple[Operation, ...] = (
    # Studio files: the studio's content root (/teamspace/studios/this_studio).
    _op(
        "storage_service_list_cloud_space_artifact_tree",
        "GET",
        f"{STUDIO}/trees/{{path}}",
        BOTH,
        "read",
        "List files and folders at a path in a studio (`{tree:[{path,type,size}],nextCursor}`; empty path = root); "
        f"{_FILE_WORDS}, ls, directory",
        "2026.2.6 api/studio_api.py:StudioApi.get_tree; 2026.10.13 api/studio_api.py:StudioApi.get_tree, _tree_entries",
        (TOKEN, *TREE_QUERY),
    ),
    _op(
        "storage_service_download_cloud_space_artifact_blob",
        "GET",
        f"{STUDIO}/blobs/{{path}}",
        BOTH,
        "read",
        f"Download a file from a studio (raw bytes, may redirect); {_FILE_WORDS}, read file",
        "2026.2.6 api/studio_api.py:StudioApi.download_file, _download_single_studio_file; "
        "2026.10.13 api/studio_api.py:StudioApi.download_file, _download_single_studio_file",
        (_q("clusterId"), _q("key", versions=(V26,)), TOKEN),
    ),
    _op(
        "storage_service_upload_cloud_space_artifact_blob",
        "PUT",
        f"{STUDIO}/blobs/{{path}}",
        (V26,),
        "write",
        f"Upload a small file into a studio (the body is the raw bytes; then POST .../complete); {_FILE_WORDS}",
        "2026.2.6 api/studio_api.py:StudioApi.upload_file via api/utils.py:_SinglePartFileUploader._upload_with_retry",
        (TOKEN,),
    ),
    _op(
        "storage_service_complete_cloud_space_artifact_blob",
        "POST",
        f"{STUDIO}/blobs/{{path}}/complete",
        (V26,),
        "write",
        f"Finish a single-part studio file upload (notifies the studio); {_FILE_WORDS}, upload",
        "2026.2.6 api/utils.py:_SinglePartFileUploader._notify_completion",
        (TOKEN,),
    ),
    _op(
        "storage_service_sign_cloud_space_artifact_blobs",
        "POST",
        f"{STUDIO}/blobs",
        (V1013,),
        "write",
        "Get presigned upload URLs for studio files (`{blobs:[{path,parts,part_size}],cluster_id}`); "
        f"{_FILE_WORDS}, upload",
        "2026.10.13 api/studio_api.py:StudioApi.upload_file via api/utils.py:_BlobUploader._post_blob_request",
    ),
    _op(
        "storage_service_complete_cloud_space_artifact_blobs",
        "POST",
        f"{STUDIO}/blobs/complete",
        (V1013,),
        "write",
        "Finish presigned studio file uploads (`{blobs:[{path,upload_id,parts:[{part_number,etag}]}]}`); "
        f"{_FILE_WORDS}, upload",
        "2026.10.13 api/utils.py:_BlobUploader._post_blob_request (suffix /blobs/complete)",
    ),
    _op(
        "storage_service_delete_cloud_space_artifact_blob",
        "DELETE",
        f"{STUDIO}/blobs/{{path}}",
        BOTH,
        "destructive",
        f"Delete a file from a studio (204); {_FILE_WORDS}, remove file, rm",
        "2026.2.6 api/studio_api.py:StudioApi.remove_file; 2026.10.13 api/studio_api.py:StudioApi.remove_file",
        (TOKEN,),
    ),
    _op(
        "storage_service_delete_cloud_space_artifact_tree",
        "DELETE",
        f"{STUDIO}/trees/{{path}}",
        BOTH,
        "destructive",
        f"Delete a folder and everything in it from a studio (204); {_FILE_WORDS}, remove folder, rm -r",
        "2026.2.6 api/studio_api.py:StudioApi.remove_folder; 2026.10.13 api/studio_api.py:StudioApi.remove_folder",
        (TOKEN,),
    ),
    # Teamspace drive (/teamspace/uploads in a studio).
    _op(
        "storage_service_upload_project_artifact_blob",
        "PUT",
        f"{DRIVE}/blobs/{{path}}",
        (V26,),
        "write",
        f"Upload a small file to the teamspace drive; the body is the file's raw bytes; {_DRIVE_WORDS}, write file",
        "2026.2.6 api/teamspace_api.py:TeamspaceApi.upload_file via api/utils.py:_SinglePartFileUploader",
        (TOKEN, _q("clusterId")),
    ),
    _op(
        "storage_service_list_project_upload_artifact_tree",
        "GET",
        f"{DRIVE}/uploads/trees/{{path}}",
        (V26,),
        "read",
        f"List files and folders at a path of the teamspace drive (uploads); {_DRIVE_WORDS}, ls, directory",
        "2026.2.6 api/teamspace_api.py:TeamspaceApi.get_uploads_tree",
        (TOKEN, _q("recursive")),
    ),
    _op(
        "storage_service_download_project_upload_artifact_blob",
        "GET",
        f"{DRIVE}/uploads/blobs/{{path}}",
        (V26,),
        "read",
        f"Download a file from the teamspace drive (uploads); {_DRIVE_WORDS}, read file",
        "2026.2.6 api/teamspace_api.py:TeamspaceApi.download_file, _download_single_file",
        (TOKEN, _q("clusterId")),
    ),
    _op(
        "storage_service_list_project_artifact_tree",
        "GET",
        f"{DRIVE}/trees/{{path}}",
        (V1013,),
        "read",
        f"List files and folders at a path of the teamspace drive (`{{tree,nextCursor}}`); {_DRIVE_WORDS}, ls",
        "2026.10.13 api/teamspace_api.py:TeamspaceApi.get_tree; "
        "api/filesystem_api.py:FilesystemApi.list_files (fetch_page)",
        TREE_QUERY,
    ),
    _op(
        "storage_service_download_project_artifact_blob",
        "GET",
        f"{DRIVE}/blobs/{{path}}",
        (V1013,),
        "read",
        f"Download a file from the teamspace drive; {_DRIVE_WORDS}, read file",
        "2026.10.13 api/teamspace_api.py:TeamspaceApi.download_file; "
        "api/filesystem_api.py:FilesystemApi._download_single_file",
        (_q("clusterId"),),
    ),
    _op(
        "storage_service_sign_project_artifact_blobs",
        "POST",
        f"{DRIVE}/blobs",
        (V1013,),
        "write",
        f"Get presigned upload URLs for teamspace drive files (`{{blobs:[...],cluster_id}}`); {_DRIVE_WORDS}, upload",
        "2026.10.13 api/teamspace_api.py:TeamspaceApi.upload_file, api/filesystem_api.py:FilesystemApi.upload_file "
        "via api/utils.py:_BlobUploader._post_blob_request",
    ),
    _op(
        "storage_service_complete_project_artifact_blobs",
        "POST",
        f"{DRIVE}/blobs/complete",
        (V1013,),
        "write",
        f"Finish presigned teamspace drive uploads; {_DRIVE_WORDS}, upload",
        "2026.10.13 api/utils.py:_BlobUploader._post_blob_request (suffix /blobs/complete)",
    ),
    _op(
        "storage_service_delete_project_artifact_blob",
        "DELETE",
        f"{DRIVE}/blobs/{{path}}",
        (V1013,),
        "destructive",
        f"Delete a file from the teamspace drive; {_DRIVE_WORDS}, remove file, rm",
        "2026.10.13 api/filesystem_api.py:FilesystemApi.delete_file",
    ),
    _op(
        "storage_service_delete_project_artifact_tree",
        "DELETE",
        f"{DRIVE}/trees/{{path}}",
        (V1013,),
        "destructive",
        f"Delete a folder and everything in it from the teamspace drive; {_DRIVE_WORDS}, remove folder, rm -r",
        "2026.10.13 api/filesystem_api.py:FilesystemApi.delete_folder",
    ),
    # Billing CSV downloads (same query as GET /v1/billing/usage-report-rollup).
    *(
        _op(
            f"billing_service_download_usage_report_{kind}",
            "GET",
            f"/v1/billing/usage-report/download/{kind}",
            (V1013,),
            "read",
            f"Download the {kind} usage report as CSV; also: cost, credits, spend, billing, activity",
            f"2026.10.13 api/billing_api.py:BillingApi.{fn} via BillingApi._download_activity_csv",
            (
                _q("orgId"),
                *(_q(w, repeated=True) for w in ("projectIds", "resourceTypes", "resourceIds", "userIds")),
                _q("from", "datetime"),
                _q("to", "datetime"),
                _q("limit", "int"),
                _q("searchAfter", "datetime"),
                _q("searchAfterResourceId"),
                _q("searchAfterResourceType"),
            ),
        )
        for kind, fn in (("detailed", "get_session_activity"), ("summary", "get_resource_activity"))
    ),
)

JOB_LOGS_WEBSOCKET = Operation(
    id="jobs_service_stream_job_logs",
    aliases=(),
    group="jobs_service",
    method="GET",
    path="/v1/projects/{projectId}/jobs/{id}/logs",
    path_params=(Param("projectId", "str", True), Param("id", "str", True)),
    query_params=(_q("follow", "bool"), _q("direction"), _q("rank", "int"), _q("tail", "int")),
    body_model=None,
    response_model=None,
    versions=(V1013,),
    repeatable=True,
    op_class="read",
    summary="Follow a job's logs live over a websocket (frames: JSON arrays of {message,timestamp,line,severity,"
    "resource_id}); also: stream logs, tail, follow, output, stdout",
    supplement="2026.10.13 api/job_api.py:JobApiV2.stream_logs (URL from _job_logs_ws_url)",
    transport="websocket",
)

SUPPLEMENT = (*SUPPLEMENT, JOB_LOGS_WEBSOCKET)
