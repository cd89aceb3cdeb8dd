"""Files: studio content and the teamspace drive, through both SDK versions' artifact flows.

2026.2.6 PUTs raw bytes to `.../blobs/{path}?token=` (+ `/complete`), uses `/storage` for multipart and reads the
drive under `/artifacts/uploads/...`; 2026.10.13 signs URLs with `POST .../blobs`, PUTs to them and finishes with
`POST .../blobs/complete`. Presigned URLs point back at the emulator (`/_presigned/{token}`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.responses import Response

from .errors import bad_request, not_found
from .filetree import FileTree, norm
from .routes import Req, RouteTable
from .state import Presigned, World
from .wire import JSON, pick, pick_int, pick_str

routes = RouteTable()
STUDIO = "/v1/projects/{projectId}/artifacts/cloudspaces/{cloudspaceId}"
DRIVE = "/v1/projects/{projectId}/artifacts"
STUDIO_PREFIX = "/cloudspaces/"
PRESIGNED = "/_presigned/{token}"


@dataclass
class Upload:
    id: str
    tree: FileTree
    key: str
    parts: dict[int, bytes] = field(default_factory=dict)
    etags: dict[int, str] = field(default_factory=dict)
    done: bool = False


def _key(path: str) -> str:
    try:
        return norm(path)
    except ValueError as exc:
        raise bad_request(str(exc)) from None


def studio_tree(req: Req) -> FileTree:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    return req.world.studio(pid, req.params["cloudspaceId"]).files


def drive_tree(req: Req) -> FileTree:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    return req.world.drive(pid)


def presign(req: Req, action: str, target: object, key: str = "", part: int = 0) -> str:
    token = req.world.ids.hex(40)
    req.world.presigned[token] = Presigned(action, target, key, part)
    return req.url(f"/_presigned/{token}")


def new_upload(world: World, tree: FileTree, key: str) -> Upload:
    upload = Upload(world.ids.new("upload"), tree, key)
    world.uploads[upload.id] = upload
    return upload


def finish(world: World, upload: Upload, parts: list[tuple[int, str]]) -> None:
    """Assemble a multipart upload from the parts the client lists, checking their ETags."""
    numbers = sorted(n for n, _ in parts) if parts else sorted(upload.parts)
    for n, etag in parts:
        if n not in upload.parts:
            raise bad_request(f"part {n} of upload {upload.id} was never uploaded")
        if etag and etag.strip('"') != upload.etags[n].strip('"'):
            raise bad_request(f"part {n} of upload {upload.id}: ETag does not match")
    upload.tree.write(upload.key, b"".join(upload.parts[n] for n in numbers), world.now())
    upload.done = True


def _parts(items: object) -> list[tuple[int, str]]:
    if not isinstance(items, list):
        return []
    return [(pick_int(item, "partNumber"), pick_str(item, "etag")) for item in items if isinstance(item, dict)]


# presigned URLs ---------------------------------------------------------------------------------------------


@routes.put(PRESIGNED, raw=True, public=True)
def presigned_put(req: Req) -> Response:
    ticket = req.world.presigned.get(req.params["token"])
    if ticket is None or ticket.action not in ("put-part", "put-blob"):
        return Response(b"<Error><Code>AccessDenied</Code></Error>", status_code=403, media_type="application/xml")
    etag = f'"{req.world.ids.hex(32)}"'
    if ticket.action == "put-part":
        upload: Upload = ticket.target
        upload.parts[ticket.part] = req.raw
        upload.etags[ticket.part] = etag
    else:
        tree: FileTree = ticket.target
        tree.write(ticket.key, req.raw, req.world.now())
    return Response(b"", status_code=200, headers={"ETag": etag})


@routes.get(PRESIGNED, public=True)
def presigned_get(req: Req) -> Response:
    ticket = req.world.presigned.get(req.params["token"])
    if ticket is not None and ticket.action == "bytes":  # generated on read: job logs
        return _bytes(req, ticket.target())
    if ticket is None or ticket.action != "get":
        return Response(b"<Error><Code>AccessDenied</Code></Error>", status_code=403, media_type="application/xml")
    tree: FileTree = ticket.target
    data = tree.read(ticket.key)
    if data is None:
        return Response(b"<Error><Code>NoSuchKey</Code></Error>", status_code=404, media_type="application/xml")
    return _bytes(req, data)


def _bytes(req: Req, data: bytes) -> Response:
    rng = req.headers.get("range", "")
    if rng.startswith("bytes="):
        start_s, _, end_s = rng[6:].partition("-")
        start = int(start_s or 0)
        end = int(end_s) if end_s else len(data) - 1
        chunk = data[start : end + 1]
        headers = {"Content-Range": f"bytes {start}-{start + len(chunk) - 1}/{len(data)}"}
        return Response(chunk, status_code=206, media_type="application/octet-stream", headers=headers)
    return Response(data, media_type="application/octet-stream")


# 2026.10.13: sign, PUT, complete ------------------------------------------------------------------------------


def sign(req: Req, tree: FileTree, complete_required: bool) -> JSON:
    results = []
    for blob in pick(req.json, "blobs") or []:
        if not isinstance(blob, dict):
            raise bad_request("blobs: each entry must be an object")
        key = _key(pick_str(blob, "path"))
        upload_id = pick_str(blob, "uploadId")
        if upload_id:
            upload = req.world.uploads.get(upload_id)
            if upload is None:
                raise not_found(f"upload {upload_id!r}")
            numbers = [int(n) for n in pick(blob, "partNumbers") or []]
            urls = [{"url": presign(req, "put-part", upload, part=n), "part_number": n, "headers": {}} for n in numbers]
            results.append({"upload_id": upload_id, "urls": urls, "complete_required": True})
        elif pick_int(blob, "parts", 1) > 1:
            upload = new_upload(req.world, tree, key)
            count = pick_int(blob, "parts")
            urls = [
                {"url": presign(req, "put-part", upload, part=n), "part_number": n, "headers": {}}
                for n in range(1, count + 1)
            ]
            results.append({"upload_id": upload.id, "urls": urls, "complete_required": True})
        else:
            url = presign(req, "put-blob", tree, key)
            results.append(
                {
                    "upload_id": "",
                    "urls": [{"url": url, "part_number": 1, "headers": {}}],
                    "complete_required": complete_required,
                }
            )
    return {"results": results}


def complete(req: Req, tree: FileTree) -> JSON:
    for blob in pick(req.json, "blobs") or []:
        upload_id = pick_str(blob, "uploadId")
        if not upload_id:
            if tree.read(_key(pick_str(blob, "path"))) is None:
                raise not_found(f"blob {pick_str(blob, 'path')!r} was never uploaded")
            continue
        upload = req.world.uploads.get(upload_id)
        if upload is None:
            raise not_found(f"upload {upload_id!r}")
        finish(req.world, upload, _parts(pick(blob, "parts")))
    return {}


@routes.post(STUDIO + "/blobs")
def studio_sign(req: Req) -> JSON:
    return sign(req, studio_tree(req), complete_required=True)


@routes.post(STUDIO + "/blobs/complete")
def studio_complete(req: Req) -> JSON:
    return complete(req, studio_tree(req))


@routes.post(DRIVE + "/blobs")
def drive_sign(req: Req) -> JSON:
    return sign(req, drive_tree(req), complete_required=False)


@routes.post(DRIVE + "/blobs/complete")
def drive_complete(req: Req) -> JSON:
    return complete(req, drive_tree(req))


# trees, downloads, deletes (both versions) ----------------------------------------------------------------------


def tree_listing(req: Req, tree: FileTree, path: str) -> JSON:
    key = _key(path)
    if not tree.is_dir(key):
        if tree.read(key) is not None:
            return {"tree": [], "nextCursor": ""}
        raise not_found(f"path {path!r}")
    prefix = f"{key}/" if key else ""
    entries = [
        {"path": name[len(prefix) :], "type": kind, "size": size}
        for name, kind, size in tree.entries(key, recursive=req.q_bool("recursive"))
    ]
    start = int(req.q("cursor") or 0)
    at_most = req.q_int("atMost", 0)
    if at_most:
        chunk, more = entries[start : start + at_most], start + at_most < len(entries)
        return {"tree": chunk, "nextCursor": str(start + at_most) if more else ""}
    return {"tree": entries[start:], "nextCursor": ""}


def download(req: Req, tree: FileTree, path: str) -> Response:
    data = tree.read(_key(path))
    if data is None:
        raise not_found(f"file {path!r}")
    return _bytes(req, data)


def remove(tree: FileTree, path: str) -> Response:
    if not tree.delete(_key(path)):
        raise not_found(f"path {path!r}")
    return Response(status_code=204)


def put_blob(req: Req, tree: FileTree) -> JSON:
    tree.write(_key(req.params["path"]), req.raw, req.world.now())
    return {}


routes.get(STUDIO + "/trees/{path:path}")(lambda req: tree_listing(req, studio_tree(req), req.params["path"]))
routes.get(STUDIO + "/blobs/{path:path}")(lambda req: download(req, studio_tree(req), req.params["path"]))
routes.put(STUDIO + "/blobs/{path:path}", raw=True)(lambda req: put_blob(req, studio_tree(req)))
routes.post(STUDIO + "/blobs/{path:path}/complete", raw=True)(
    lambda req: {"path": req.params["path"]} if studio_tree(req) else {}
)
routes.delete(STUDIO + "/blobs/{path:path}")(lambda req: remove(studio_tree(req), req.params["path"]))
routes.delete(STUDIO + "/trees/{path:path}")(lambda req: remove(studio_tree(req), req.params["path"]))
routes.get(DRIVE + "/trees/{path:path}")(lambda req: tree_listing(req, drive_tree(req), req.params["path"]))
routes.get(DRIVE + "/uploads/trees/{path:path}")(lambda req: tree_listing(req, drive_tree(req), req.params["path"]))
routes.get(DRIVE + "/blobs/{path:path}")(lambda req: download(req, drive_tree(req), req.params["path"]))
routes.get(DRIVE + "/uploads/blobs/{path:path}")(lambda req: download(req, drive_tree(req), req.params["path"]))
routes.put(DRIVE + "/blobs/{path:path}", raw=True)(lambda req: put_blob(req, drive_tree(req)))
routes.delete(DRIVE + "/blobs/{path:path}")(lambda req: remove(drive_tree(req), req.params["path"]))
routes.delete(DRIVE + "/trees/{path:path}")(lambda req: remove(drive_tree(req), req.params["path"]))


# 2026.2.6 multipart through /storage ----------------------------------------------------------------------------


def _storage_target(req: Req, filename: str) -> tuple[FileTree, str]:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    if filename.startswith(STUDIO_PREFIX):
        studio_id, _, rest = filename[len(STUDIO_PREFIX) :].partition("/")
        content = rest.removeprefix("code/content/")
        return req.world.studio(pid, studio_id).files, _key(content)
    return req.world.drive(pid), _key(filename)


@routes.post("/v1/projects/{projectId}/storage")
def storage_start(req: Req) -> JSON:
    tree, key = _storage_target(req, pick_str(req.json, "filename"))
    if not key:
        raise bad_request("filename is required")
    return {"uploadId": new_upload(req.world, tree, key).id, "urls": [], "uploads": []}


@routes.post("/v1/projects/{projectId}/storage/uploads/{uploadId}")
def storage_parts(req: Req) -> JSON:
    upload = req.world.uploads.get(req.params["uploadId"])
    if upload is None:
        raise not_found(f"upload {req.params['uploadId']!r}")
    numbers = [int(n) for n in pick(req.json, "parts") or []]
    return {"urls": [{"partNumber": str(n), "url": presign(req, "put-part", upload, part=n)} for n in numbers]}


@routes.post("/v1/projects/{projectId}/storage/complete")
def storage_complete(req: Req) -> JSON:
    upload = req.world.uploads.get(pick_str(req.json, "uploadId"))
    if upload is None:
        raise not_found(f"upload {pick_str(req.json, 'uploadId')!r}")
    finish(req.world, upload, _parts(pick(req.json, "parts")))
    return {}


@routes.get("/v1/projects/{projectId}/storage")
def storage_list(req: Req) -> JSON:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    tree = req.world.drive(pid)
    prefix = req.q("prefix").lstrip("/")
    names = sorted(k for k in tree.files if k.startswith(prefix))
    size = req.q_int("pageSize", 1000)
    start = int(req.q("pageToken") or 0)
    chunk = names[start : start + size]
    with_url = req.q_bool("includeDownloadUrl")
    artifacts = [
        {
            "filename": n,
            "sizeBytes": str(len(tree.files[n].data)),
            "url": presign(req, "get", tree, n) if with_url else "",
        }
        for n in chunk
    ]
    more = start + size < len(names)
    return {"artifacts": artifacts, "nextPageToken": str(start + size) if more else ""}
