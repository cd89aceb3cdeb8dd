"""Secrets (values are write-only), schedules, pipelines and the SDK's error telemetry."""

from __future__ import annotations

import re

from .clock import rfc3339
from .errors import ApiError, bad_request, not_found
from .routes import Req, RouteTable
from .wire import JSON, pick, pick_str

routes = RouteTable()
SECRET_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _scope(req: Req) -> str:
    """Secrets live in a project (`projectId`) or belong to the user (`/v1/secrets`)."""
    pid = req.params.get("projectId", "")
    if pid:
        req.world.check_project(pid, req.user_id)
        return pid
    return "user:" + req.user_id


def _secrets(req: Req) -> list[JSON]:
    scope = _scope(req)
    return [s for s in req.world.secrets.values() if s["_scope"] == scope]


def _public(secret: JSON) -> JSON:
    return {k: v for k, v in secret.items() if not k.startswith("_")}


def _secret(req: Req) -> JSON:
    for s in _secrets(req):
        if s["id"] == req.params["id"]:
            return s
    raise not_found(f"secret {req.params['id']!r}")


def create_secret(req: Req) -> JSON:
    scope, world = _scope(req), req.world
    name = pick_str(req.json, "name")
    if not SECRET_NAME.match(name):
        raise bad_request("name must match ^[A-Za-z_][A-Za-z0-9_]*$")
    if any(s["name"] == name for s in _secrets(req)):
        raise ApiError(409, f"secret {name!r} already exists")
    now = rfc3339(world.now())
    secret = {
        "id": world.ids.new("secret"),
        "name": name,
        "type": pick_str(req.json, "type") or "SECRET_TYPE_UNSPECIFIED",
        "projectId": req.params.get("projectId", ""),
        "userId": req.user_id,
        "createdAt": now,
        "updatedAt": now,
        "_scope": scope,
    }
    world.secrets[secret["id"]] = secret
    world.secret_values[secret["id"]] = pick_str(req.json, "value")
    return _public(secret)


def update_secret(req: Req) -> JSON:
    secret = _secret(req)
    if pick(req.json, "value") is not None:
        req.world.secret_values[secret["id"]] = pick_str(req.json, "value")
    if pick_str(req.json, "name"):
        secret["name"] = pick_str(req.json, "name")
    secret["updatedAt"] = rfc3339(req.world.now())
    return _public(secret)


def delete_secret(req: Req) -> JSON:
    secret = _secret(req)
    del req.world.secrets[secret["id"]]
    req.world.secret_values.pop(secret["id"], None)
    return {}


for base in ("/v1/projects/{projectId}/secrets", "/v1/secrets"):
    routes.get(base)(lambda req: {"secrets": [_public(s) for s in _secrets(req)]})
    routes.post(base)(create_secret)
    routes.get(base + "/{id}")(lambda req: _public(_secret(req)))
    routes.put(base + "/{id}")(update_secret)
    routes.delete(base + "/{id}")(delete_secret)


# schedules and pipelines ----------------------------------------------------------------------------------------


def _owned(req: Req, store: dict[str, JSON], what: str, key: str = "id", field: str = "id") -> JSON:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    for item in store.values():
        if item["projectId"] == pid and item[field] == req.params[key]:
            return item
    raise not_found(f"{what} {req.params[key]!r}")


@routes.post("/v1/projects/{projectId}/schedules")
def create_schedule(req: Req) -> JSON:
    pid, world = req.params["projectId"], req.world
    world.check_project(pid, req.user_id)
    cron = pick_str(req.json, "cronExpression")
    if len(cron.split()) != 5:
        raise bad_request("cronExpression must have five fields")
    now = world.now()
    sid = world.ids.new("sched")
    schedule = {
        **req.json,
        "id": sid,
        "name": pick_str(req.json, "displayName") or sid,
        "projectId": pid,
        "userId": req.user_id,
        "state": "active",
        "next": rfc3339(now + 3600),
        "createdAt": rfc3339(now),
        "updatedAt": rfc3339(now),
        "total": 0,
    }
    world.schedules[sid] = schedule
    return schedule


@routes.get("/v1/projects/{projectId}/schedules")
def list_schedules(req: Req) -> JSON:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    return {"schedules": [s for s in req.world.schedules.values() if s["projectId"] == pid], "nextPageToken": ""}


routes.get("/v1/projects/{projectId}/schedules/{id}")(lambda req: _owned(req, req.world.schedules, "schedule"))


@routes.put("/v1/projects/{projectId}/schedules/{id}")
def update_schedule(req: Req) -> JSON:
    schedule = _owned(req, req.world.schedules, "schedule")
    schedule.update({k: v for k, v in req.json.items() if k not in ("id", "projectId", "userId")})
    return schedule


@routes.delete("/v1/projects/{projectId}/schedules/{id}")
def delete_schedule(req: Req) -> JSON:
    del req.world.schedules[_owned(req, req.world.schedules, "schedule")["id"]]
    return {}


@routes.post("/v1/projects/{projectId}/pipelines")
def create_pipeline(req: Req) -> JSON:
    pid, world = req.params["projectId"], req.world
    world.check_project(pid, req.user_id)
    name = pick_str(req.json, "name") or f"pipeline-{world.ids.hex(6)}"
    steps = pick(req.json, "steps") or []
    if not isinstance(steps, list) or not steps:
        raise bad_request("steps: a pipeline needs at least one step")
    now = rfc3339(world.now())
    statuses = [{"name": pick_str(s, "name"), "state": "PIPELINE_STATE_PENDING"} for s in steps if isinstance(s, dict)]
    pipeline = {
        **req.json,
        "id": "pip_" + world.ids.hex(20),
        "name": name,
        "projectId": pid,
        "userId": req.user_id,
        "state": "PIPELINE_STATE_PENDING",
        "statuses": statuses,
        "createdAt": now,
        "updatedAt": now,
    }
    world.pipelines[pipeline["id"]] = pipeline
    return pipeline


@routes.get("/v1/projects/{projectId}/pipelines")
def list_pipelines(req: Req) -> JSON:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    return {"pipelines": [p for p in req.world.pipelines.values() if p["projectId"] == pid], "nextPageToken": ""}


routes.get("/v1/projects/{projectId}/pipelines/{id}")(lambda req: _owned(req, req.world.pipelines, "pipeline"))
routes.get("/v1/projects/{projectId}/pipelines/{name}/getbyname")(
    lambda req: _owned(req, req.world.pipelines, "pipeline", "name", "name")
)


@routes.put("/v1/projects/{projectId}/pipelines/{id}")
def update_pipeline(req: Req) -> JSON:
    pipeline = _owned(req, req.world.pipelines, "pipeline")
    if pick_str(req.json, "state") == "stop":
        pipeline["state"] = "PIPELINE_STATE_STOPPED"
    return pipeline


@routes.delete("/v1/projects/{projectId}/pipelines/{id}")
def delete_pipeline(req: Req) -> JSON:
    del req.world.pipelines[_owned(req, req.world.pipelines, "pipeline")["id"]]
    return {}


@routes.post("/v1/sdk-command-history")
def command_history(req: Req) -> JSON:
    req.world.command_history.append({**req.json, "userId": req.user_id, "at": rfc3339(req.world.now())})
    return {}
