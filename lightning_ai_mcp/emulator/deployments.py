"""Deployments: create, list, get, get by name, update (scale, new release, stop by scaling to 0), delete.

Replicas follow the clock: new replicas are pending for a while before they are ready, removed ones are deleting
for a few seconds. Each deployment answers requests itself at `/_deployments/{id}/...` (its `status.urls[0]`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from starlette.responses import Response

from .clock import rfc3339
from .errors import ApiError, bad_request, not_found
from .routes import Req, RouteTable, page
from .state import World
from .wire import JSON, pick, pick_int, pick_str

routes = RouteTable()
BASE = "/v1/projects/{projectId}/deployments"
STATE = "DEPLOYMENT_STATE_"
SCALE_UP_SECONDS = 20.0
SCALE_DOWN_SECONDS = 5.0
RELEASE_FIELDS = (
    "image",
    "command",
    "entrypoint",
    "env",
    "readinessProbe",
    "clusterId",
    "spot",
    "quantity",
    "includeCredentials",
    "requestedRunDurationSeconds",
    "pathMappings",
    "instanceName",
)


@dataclass
class Deployment:
    obj: JSON
    created_at: float
    previous: int = 0
    target: int = 0
    changed_at: float = 0.0

    def desired_replicas(self) -> int:
        auto = self.obj.get("autoscaling") or {}
        if auto.get("enabled"):
            low, high = int(auto.get("minReplicas") or 0), int(auto.get("maxReplicas") or 0)
            return min(max(low, 1 if high > 0 else 0), high)
        replicas = self.obj.get("replicas")
        return 1 if replicas is None else int(replicas)

    def rescale(self, now: float) -> None:
        counts = self.counts(now)
        target = self.desired_replicas()
        if str(self.obj.get("desiredState", "")) == STATE + "STOPPED":
            target = 0
        if target != self.target:
            self.previous, self.target, self.changed_at = counts["ready"] + counts["pending"], target, now

    def counts(self, now: float) -> dict[str, int]:
        dt = now - self.changed_at
        if self.target >= self.previous:
            ready = self.target if dt >= SCALE_UP_SECONDS else self.previous
            return {"ready": ready, "pending": self.target - ready, "deleting": 0}
        deleting = self.previous - self.target if dt < SCALE_DOWN_SECONDS else 0
        return {"ready": self.target, "pending": 0, "deleting": deleting}

    def to_json(self, now: float, base_url: str) -> JSON:
        c = self.counts(now)
        if c["ready"]:
            current = "RUNNING"
        elif c["pending"]:
            current = "PENDING"
        else:
            current = "STOPPED" if self.target == 0 else "PENDING"
        urls = [f"{base_url}/_deployments/{self.obj['id']}"] if c["ready"] else []
        body = dict(self.obj)
        body.update(
            {
                "replicas": c["ready"] + c["pending"] + c["deleting"],
                "currentState": STATE + current,
                "desiredState": self.obj.get("desiredState") or STATE + ("RUNNING" if self.target else "STOPPED"),
                "status": {
                    "readyReplicas": c["ready"],
                    "pendingReplicas": c["pending"],
                    "failingReplicas": 0,
                    "deletingReplicas": c["deleting"],
                    "queuedReplicas": 0,
                    "urls": urls,
                    "message": "",
                },
                "updatedAt": rfc3339(max(self.changed_at, self.created_at)),
            }
        )
        endpoint = dict(body.get("endpoint") or {})
        endpoint["urls"] = urls
        body["endpoint"] = endpoint
        return body


def _project(req: Req) -> str:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    return pid


def _deployments(req: Req) -> list[Deployment]:
    pid = _project(req)
    return [d for d in req.world.deployments.values() if d.obj["projectId"] == pid]


def _find(req: Req, key: str, value: str) -> Deployment:
    for dep in _deployments(req):
        if dep.obj[key] == value:
            return dep
    raise not_found(f"deployment {value!r}")


def create(world: World, project_id: str, user_id: str, body: JSON) -> Deployment:
    now = world.now()
    name = pick_str(body, "name") or f"dep_{world.ids.hex(8)}"
    if any(d.obj["name"] == name and d.obj["projectId"] == project_id for d in world.deployments.values()):
        raise ApiError(409, f"a deployment named {name!r} already exists in this teamspace")
    endpoint = pick(body, "endpoint") or {}
    if not isinstance(endpoint, dict) or not endpoint.get("ports"):
        raise bad_request("endpoint.ports: at least one port is required")
    obj = {k: v for k, v in body.items() if v is not None}
    spec = dict(pick(body, "spec") or {})
    spec.setdefault("clusterId", pick_str(body, "clusterId") or world.default_cluster(project_id))
    obj.update(
        {
            "id": world.ids.new("dep"),
            "name": name,
            "projectId": project_id,
            "userId": user_id,
            "spec": spec,
            "createdAt": rfc3339(now),
            "releaseId": world.ids.new("rel"),
            "totalCost": 0.0,
        }
    )
    dep = Deployment(obj, now)
    dep.rescale(now)
    world.deployments[obj["id"]] = dep
    return dep


@routes.post(BASE)
def create_deployment(req: Req) -> JSON:
    dep = create(req.world, _project(req), req.user_id, req.json)
    return dep.to_json(req.world.now(), req.base_url)


@routes.get(BASE)
def list_deployments(req: Req) -> JSON:
    deps = _deployments(req)
    if req.q("cloudspaceId"):
        deps = [d for d in deps if d.obj.get("cloudspaceId") == req.q("cloudspaceId")]
    users = set(req.q_list("userIds"))
    if users:
        deps = [d for d in deps if d.obj["userId"] in users]
    now = req.world.now()
    return page([d.to_json(now, req.base_url) for d in deps], req, "deployments")


@routes.get(BASE + "/{id}")
def get_deployment(req: Req) -> JSON:
    return _find(req, "id", req.params["id"]).to_json(req.world.now(), req.base_url)


@routes.get(BASE + "/{name}/getbyname")
def get_by_name(req: Req) -> JSON:
    return _find(req, "name", req.params["name"]).to_json(req.world.now(), req.base_url)


@routes.get(BASE + "/{id}/status")
def get_status(req: Req) -> JSON:
    body = _find(req, "id", req.params["id"]).to_json(req.world.now(), req.base_url)
    return dict(body["status"])


@routes.put(BASE + "/{id}")
def update_deployment(req: Req) -> JSON:
    dep, now = _find(req, "id", req.params["id"]), req.world.now()
    body = req.json
    old_spec = dict(dep.obj.get("spec") or {})
    read_only = {
        "id",
        "projectId",
        "userId",
        "createdAt",
        "updatedAt",
        "status",
        "currentState",
        "replicas",
        "releaseId",
        "totalCost",
    }
    dep.obj.update({k: v for k, v in body.items() if k not in read_only and v is not None})
    if pick(body, "replicas") is not None:
        dep.obj["replicas"] = pick_int(body, "replicas")
    new_spec = dict(dep.obj.get("spec") or {})
    if any(old_spec.get(k) != new_spec.get(k) for k in RELEASE_FIELDS):
        dep.obj["releaseId"] = req.world.ids.new("rel")
    dep.rescale(now)
    return dep.to_json(now, req.base_url)


@routes.delete(BASE + "/{id}")
def delete_deployment(req: Req) -> JSON:
    del req.world.deployments[_find(req, "id", req.params["id"]).obj["id"]]
    return {}


@routes.add("GET", "/_deployments/{id}/{path:path}", raw=True, public=True)
def serve_get(req: Req) -> Response:
    return _answer(req)


@routes.add("POST", "/_deployments/{id}/{path:path}", raw=True, public=True)
def serve_post(req: Req) -> Response:
    return _answer(req)


def _answer(req: Req) -> Response:
    dep = req.world.deployments.get(req.params["id"])
    if dep is None or not dep.counts(req.world.now())["ready"]:
        return Response(b"no ready replica", status_code=503)
    echo = {
        "deployment": dep.obj["name"],
        "path": "/" + req.params["path"],
        "method": req.method,
        "body": req.raw.decode(errors="replace"),
    }
    return Response(json.dumps(echo), media_type="application/json")


def seed_deployments(world: World, project_id: str) -> None:
    """A running deployment with one ready replica."""
    user = next(iter(world.project_members[project_id]))
    body = {
        "name": "demo-api",
        "replicas": 1,
        "endpoint": {"ports": ["8000"]},
        "spec": {
            "image": "python:3.12-slim",
            "command": "python -m http.server 8000",
            "instanceName": "cpu-4",
            "spot": False,
            "env": [],
        },
    }
    dep = create(world, project_id, user, body)
    dep.changed_at -= SCALE_UP_SECONDS
