"""Commands in a studio (execute, the NDJSON stream, the session result) and studio ports (endpoints).

Commands run in the simulated shell when submitted; their output becomes visible as simulated time passes, and
the stream shows `exitCode: -1` until the command's simulated duration has elapsed.
"""

from __future__ import annotations

import json

from starlette.responses import Response

from .clock import rfc3339
from .errors import ApiError, bad_request, not_found
from .machines import find_machine
from .routes import Req, RouteTable
from .shell import Shell
from .studio_state import Session
from .studios import ONE, studio_of
from .wire import JSON, pick, pick_bool, pick_str

routes = RouteTable()


@routes.post(ONE + "/execute")
def execute(req: Req) -> JSON:
    studio, world = studio_of(req), req.world
    now = world.now()
    if not studio.running(now):
        raise ApiError(400, f"studio {studio.name!r} is not running; start it first")
    command = pick_str(req.json, "command")
    if not command.strip():
        raise bad_request("command is required")
    name = pick_str(req.json, "sessionName") or f"emu-{world.ids.hex(12)}"
    assert studio.in_use is not None
    run = Shell(studio.files, find_machine(studio.in_use.machine), studio.env(), now).run(command)
    session = Session(name, command, now, run.chunks, run.exit_code, run.duration)
    studio.sessions[name] = session
    if pick_bool(req.json, "detached") and not session.done(now):
        return {"sessionName": name, "output": "", "exitCode": -1}
    return {"sessionName": name, "output": run.output, "exitCode": run.exit_code}


def _session(req: Req) -> Session:
    studio = studio_of(req)
    session = studio.sessions.get(req.params["session"])
    if session is None:
        raise not_found(f"command session {req.params['session']!r}")
    return session


def _result(req: Req) -> JSON:
    session, now = _session(req), req.world.now()
    if session.done(now):
        return {"output": session.output(now), "exitCode": session.exit_code}
    return {"output": session.output(now), "exitCode": -1}


@routes.get(ONE + "/execute/{session}")
def get_result(req: Req) -> JSON:
    return _result(req)


@routes.get(ONE + "/execute/{session}/stream")
def stream(req: Req) -> Response:
    """One NDJSON line holding the full output so far: the SDK re-reads the stream from the start on each poll."""
    line = json.dumps({"result": _result(req)}) + "\n"
    return Response(line, media_type="application/x-ndjson")


# ports --------------------------------------------------------------------------------------------------------


@routes.post("/v1/projects/{projectId}/endpoints")
def create_endpoint(req: Req) -> JSON:
    world, body = req.world, req.json
    pid = req.params["projectId"]
    world.check_project(pid, req.user_id)
    ports = [str(p) for p in pick(body, "ports") or []]
    upstream = pick(body, "cloudspace") or {}
    if not ports and isinstance(upstream, dict) and pick_str(upstream, "port"):
        ports = [pick_str(upstream, "port")]
    if not ports:
        raise bad_request("ports: at least one port is required")
    eid = world.ids.new("endpoint")
    name = pick_str(body, "name") or f"port-{ports[0]}"
    endpoint: JSON = {
        "id": eid,
        "name": name,
        "projectId": pid,
        "userId": req.user_id,
        "ports": ports,
        "urls": [f"https://{p}-{eid}.cloudspaces.emulator.invalid" for p in ports],
        "createdAt": rfc3339(world.now()),
        "updatedAt": rfc3339(world.now()),
        "proxy": False,
    }
    for kind in ("cloudspace", "job", "auth", "openai"):
        if pick(body, kind) is not None:
            endpoint[kind] = pick(body, kind)
    world.endpoints[eid] = endpoint
    return endpoint


@routes.get("/v1/projects/{projectId}/endpoints")
def list_endpoints(req: Req) -> JSON:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    studio = req.q("cloudspaceId")
    out = [
        e
        for e in req.world.endpoints.values()
        if e["projectId"] == pid and (not studio or (e.get("cloudspace") or {}).get("cloudspaceId") == studio)
    ]
    return {"endpoints": out}


def _endpoint(req: Req) -> JSON:
    endpoint = req.world.endpoints.get(req.params["id"])
    if endpoint is None or endpoint["projectId"] != req.params["projectId"]:
        raise not_found(f"endpoint {req.params['id']!r}")
    return endpoint


@routes.get("/v1/projects/{projectId}/endpoints/{id}")
def get_endpoint(req: Req) -> JSON:
    return _endpoint(req)


@routes.put("/v1/projects/{projectId}/endpoints/{id}")
def update_endpoint(req: Req) -> JSON:
    endpoint = _endpoint(req)
    for key in ("name", "ports", "auth", "cloudspace", "customDomain"):
        if pick(req.json, key) is not None:
            endpoint[key] = pick(req.json, key)
    return endpoint


@routes.delete("/v1/projects/{projectId}/endpoints/{id}")
def delete_endpoint(req: Req) -> JSON:
    del req.world.endpoints[_endpoint(req)["id"]]
    return {}
