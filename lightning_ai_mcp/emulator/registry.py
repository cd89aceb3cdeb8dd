"""Models and datasets: create, versions, multipart file uploads, complete, list and download.

Both stores share one shape: `/{kind}/{id}/versions/{version}/uploads/{upload}/parts|complete`; a version holds
its files in a FileTree, downloads go through presigned URLs served by the emulator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .clock import rfc3339
from .errors import ApiError, bad_request, not_found
from .files import finish, new_upload, presign
from .filetree import FileTree
from .routes import Req, RouteTable
from .wire import JSON, pick, pick_int, pick_str

routes = RouteTable()


@dataclass
class Version:
    version: str
    created_at: float
    cluster_id: str
    files: FileTree = field(default_factory=FileTree)
    complete: bool = False
    metadata: JSON = field(default_factory=dict)


@dataclass
class Entry:
    id: str
    kind: str  # "models" | "lit-datasets"
    name: str
    project_id: str
    user_id: str
    created_at: float
    private: bool = True
    versions: dict[str, Version] = field(default_factory=dict)
    default: str = ""
    metadata: JSON = field(default_factory=dict)

    def version_json(self, v: Version) -> JSON:
        owner = "modelId" if self.kind == "models" else "datasetId"
        return {
            owner: self.id,
            "version": v.version,
            "projectId": self.project_id,
            "userId": self.user_id,
            "clusterId": v.cluster_id,
            "createdAt": rfc3339(v.created_at),
            "updatedAt": rfc3339(v.created_at),
            "uploadComplete": v.complete,
            "sizeBytes": str(v.files.size()),
            "numberOfFiles": str(len(v.files.files)),
            "metadata": v.metadata,
            "index": list(self.versions).index(v.version),
            "downloads": "0",
        }

    def to_json(self) -> JSON:
        latest = list(self.versions.values())[-1] if self.versions else None
        default = self.versions.get(self.default)
        body: JSON = {
            "id": self.id,
            "name": self.name,
            "projectId": self.project_id,
            "userId": self.user_id,
            "createdAt": rfc3339(self.created_at),
            "updatedAt": rfc3339(self.created_at),
            "private": self.private,
            "defaultVersion": self.version_json(default) if default else None,
            "latestVersion": self.version_json(latest) if latest else None,
            "tags": [],
            "description": "",
        }
        if self.kind == "models":
            body["versions"] = [self.version_json(v) for v in self.versions.values()]
            body["modelMetadata"] = self.metadata
        else:
            body["datasetMetadata"] = self.metadata
        return body


def _store(req: Req, kind: str) -> dict[str, Entry]:
    store = req.world.models if kind == "models" else req.world.datasets
    return store


def _entries(req: Req, kind: str) -> list[Entry]:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    return [e for e in _store(req, kind).values() if e.project_id == pid]


def _entry(req: Req, kind: str, key: str) -> Entry:
    for e in _entries(req, kind):
        if e.id == req.params[key]:
            return e
    raise not_found(f"{kind[:-1]} {req.params[key]!r}")


def _version(req: Req, kind: str, key: str) -> tuple[Entry, Version]:
    entry = _entry(req, kind, key)
    name = req.params["version"]
    if name in ("default", "latest") or not name:
        name = entry.default if name == "default" else list(entry.versions)[-1] if entry.versions else ""
    v = entry.versions.get(name)
    if v is None:
        raise not_found(f"version {req.params['version']!r} of {entry.name!r}")
    return entry, v


def _add_version(req: Req, entry: Entry, body: JSON) -> Version:
    name = pick_str(body, "version") or f"v{len(entry.versions)}"
    if name in entry.versions:
        raise ApiError(409, f"version {name!r} of {entry.name!r} already exists")
    cluster = pick_str(body, "clusterId") or req.world.default_cluster(entry.project_id)
    v = Version(name, req.world.now(), cluster, metadata=dict(pick(body, "metadata") or {}))
    entry.versions[name] = v
    entry.default = entry.default or name
    return v


def register(kind: str, owner_key: str) -> None:
    base = f"/v1/projects/{{projectId}}/{kind}"
    one = f"{base}/{{{owner_key}}}"
    ver = one + "/versions/{version}"

    @routes.post(base)
    def create(req: Req) -> JSON:
        name = pick_str(req.json, "name")
        if not name:
            raise bad_request("name is required")
        if any(e.name == name for e in _entries(req, kind)):
            raise ApiError(409, f"{kind[:-1]} {name!r} already exists")
        entry = Entry(
            req.world.ids.new(kind[:5]),
            kind,
            name,
            req.params["projectId"],
            req.user_id,
            req.world.now(),
            pick(req.json, "private") is not False,
        )
        entry.metadata = dict(pick(req.json, "metadata") or {})
        _store(req, kind)[entry.id] = entry
        if kind == "models":  # creating a model creates its first version and answers with it
            return entry.version_json(_add_version(req, entry, {"clusterId": pick_str(req.json, "clusterId")}))
        return entry.to_json()

    @routes.get(base)
    def list_entries(req: Req) -> JSON:
        name = req.q("name")
        items = [e.to_json() for e in _entries(req, kind) if not name or e.name == name]
        return {"models" if kind == "models" else "datasets": items, "nextPageToken": ""}

    routes.get(one)(lambda req: _entry(req, kind, owner_key).to_json())

    @routes.delete(one)
    def delete(req: Req) -> JSON:
        del _store(req, kind)[_entry(req, kind, owner_key).id]
        return {}

    @routes.post(one + "/versions")
    def create_version(req: Req) -> JSON:
        entry = _entry(req, kind, owner_key)
        return entry.version_json(_add_version(req, entry, req.json))

    @routes.get(one + "/versions")
    def list_versions(req: Req) -> JSON:
        entry = _entry(req, kind, owner_key)
        return {"versions": [entry.version_json(v) for v in entry.versions.values()]}

    @routes.get(ver)
    def get_version(req: Req) -> JSON:
        entry, v = _version(req, kind, owner_key)
        return entry.version_json(v)

    @routes.delete(ver)
    def delete_version(req: Req) -> JSON:
        entry, v = _version(req, kind, owner_key)
        del entry.versions[v.version]
        if entry.default == v.version:
            entry.default = next(iter(entry.versions), "")
        return {}

    @routes.put(ver + "/default")
    def set_default(req: Req) -> JSON:
        entry, v = _version(req, kind, owner_key)
        entry.default = v.version
        return entry.to_json()

    @routes.post(ver + "/uploads")
    def start_upload(req: Req) -> JSON:
        _, v = _version(req, kind, owner_key)
        path = pick_str(req.json, "filepath")
        if not path:
            raise bad_request("filepath is required")
        return {"uploadId": new_upload(req.world, v.files, path).id}

    @routes.post(ver + "/uploads/{uploadId}/parts")
    def part_urls(req: Req) -> JSON:
        upload = req.world.uploads.get(req.params["uploadId"])
        if upload is None:
            raise not_found(f"upload {req.params['uploadId']!r}")
        parts = [int(p) for p in pick(req.json, "parts") or []]
        return {"urls": [{"partNumber": str(n), "url": presign(req, "put-part", upload, part=n)} for n in parts]}

    @routes.post(ver + "/uploads/{uploadId}/complete")
    def complete_upload(req: Req) -> JSON:
        upload = req.world.uploads.get(req.params["uploadId"])
        if upload is None:
            raise not_found(f"upload {req.params['uploadId']!r}")
        parts = [(pick_int(p, "partNumber"), pick_str(p, "etag")) for p in pick(req.json, "parts") or []]
        finish(req.world, upload, parts)
        return {}

    @routes.post(ver + "/complete")
    def complete_version(req: Req) -> JSON:
        _, v = _version(req, kind, owner_key)
        v.complete = True
        return {}

    @routes.get(ver + "/files")
    def files(req: Req) -> JSON:
        _, v = _version(req, kind, owner_key)
        out = [
            {"filepath": k, "url": presign(req, "get", v.files, k), "size": str(len(b.data))}
            for k, b in sorted(v.files.files.items())
        ]
        return {"files": out, "offset": ""}


register("models", "modelId")
register("lit-datasets", "datasetId")


@routes.get("/v1/projects/{projectId}/models/{modelId}/versions/{version}/file")
def model_file(req: Req) -> JSON:
    _, v = _version(req, "models", "modelId")
    path = req.q("filepath")
    data = v.files.read(path)
    if data is None:
        raise not_found(f"file {path!r}")
    return {"filepath": path, "url": presign(req, "get", v.files, path), "size": str(len(data))}


@routes.get("/v1/models")
def model_files(req: Req) -> JSON:
    """`?projectName&projectOwnerName&name&version`: the files of one model version, for downloads."""
    world = req.world
    for pid, project in world.projects.items():
        owner = world.orgs.get(project["ownerId"]) or world.users.get(project["ownerId"]) or {}
        owner_name = owner.get("name") or owner.get("username")
        if project["name"] != req.q("projectName") or owner_name != req.q("projectOwnerName"):
            continue
        if req.user_id not in world.project_members.get(pid, set()):
            break
        for entry in world.models.values():
            if entry.project_id == pid and entry.name == req.q("name"):
                req.params.update({"projectId": pid, "modelId": entry.id, "version": req.q("version", "default")})
                _, v = _version(req, "models", "modelId")
                return {
                    "filepaths": sorted(v.files.files),
                    "sizeBytes": str(v.files.size()),
                    "projectId": pid,
                    "modelId": entry.id,
                    "version": v.version,
                    "uploadComplete": v.complete,
                }
    raise not_found(f"model {req.q('name')!r}")
