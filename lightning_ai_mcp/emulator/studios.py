"""Studio routes: create (+ run), list, get, get by name, update, delete, start/stop/restart, switch, fork,
sleep config, keep-alive and plugins."""

from __future__ import annotations

from .clock import rfc3339
from .errors import ApiError, bad_request, not_found
from .machines import DEFAULT_MACHINE, find_machine
from .routes import Req, RouteTable, page
from .state import World
from .studio_state import FORK_SYNC_SECONDS, Instance, Studio
from .wire import JSON, pick, pick_bool, pick_int, pick_str

routes = RouteTable()
BASE = "/v1/projects/{projectId}/cloudspaces"
ONE = BASE + "/{id}"

UPDATABLE = [
    "autoSwitchMachine",
    "codeUrl",
    "dataConnectionMounts",
    "description",
    "displayName",
    "env",
    "featured",
    "hideFiles",
    "isCloudspacePrivate",
    "isCodePrivate",
    "isFavorite",
    "isPublished",
    "license",
    "licenseUrl",
    "message",
    "multiUserEdit",
    "operatingCost",
    "paperAuthors",
    "paperOrg",
    "paperOrgAvatarUrl",
    "paperUrl",
    "tags",
    "thumbnailFileType",
    "userMetadata",
]

PLUGINS = {
    "jobs": "Run jobs from this studio",
    "multi-machine-training": "Train on several machines",
    "inference-server": "Serve a model from this studio",
    "custom-port": "Expose a port of this studio",
}


def studio_of(req: Req) -> Studio:
    req.world.check_project(req.params["projectId"], req.user_id)
    return req.world.studio(req.params["projectId"], req.params["id"])


def create_studio(world: World, project_id: str, user_id: str, body: JSON) -> Studio:
    name = pick_str(body, "name") or f"studio-{world.ids.hex(6)}"
    if any(s.name == name and s.project_id == project_id for s in world.studios.values()):
        raise ApiError(409, f"a studio named {name!r} already exists in this teamspace")
    cluster = pick_str(body, "clusterId") or world.default_cluster(project_id)
    if cluster and cluster not in world.clusters:
        raise bad_request(f"clusterId: unknown cluster {cluster!r}")
    now = world.now()
    studio = Studio(world.ids.new("01"), name, project_id, user_id, cluster, now, updated_at=now)
    studio.attrs["displayName"] = pick_str(body, "displayName") or name
    studio.attrs["disableSecrets"] = pick_bool(body, "disableSecrets")
    studio.attrs["sandbox"] = pick_bool(body, "sandbox")
    studio.attrs["environmentTemplateId"] = pick_str(body, "cloudSpaceEnvironmentTemplateId")
    studio.machine = pick_str(body, "computeName") or DEFAULT_MACHINE
    studio.spot = pick_bool(body, "spot")
    for seed in pick(body, "seedFiles") or []:
        if isinstance(seed, dict) and pick_str(seed, "path"):
            studio.files.write(pick_str(seed, "path"), pick_str(seed, "contents").encode(), now)
    world.studios[studio.id] = studio
    return studio


@routes.post(BASE)
def create(req: Req) -> JSON:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    return create_studio(req.world, pid, req.user_id, req.json).to_json(req.world.now())


@routes.get(BASE)
def list_studios(req: Req) -> JSON:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    now = req.world.now()
    name, user, cluster, ids = req.q("name"), req.q("userId"), req.q("clusterId"), set(req.q_list("ids"))
    studios = [
        s
        for s in req.world.studios.values()
        if s.project_id == pid
        and (not name or s.name == name)
        and (not user or s.user_id == user)
        and (not cluster or s.cluster_id == cluster)
        and (not ids or s.id in ids)
        and (not req.q_bool("activeOnly") or s.in_use is not None)
    ]
    studios.sort(key=lambda s: s.created_at, reverse=req.q("sortOrder").lower() != "asc")
    return page([s.to_json(now) for s in studios], req, "cloudspaces")


@routes.get(ONE)
def get(req: Req) -> JSON:
    return studio_of(req).to_json(req.world.now())


@routes.get("/v1/users/{userName}/projects/{projectName}/cloudspaces/{cloudspaceName}/getbyname")
def get_by_name(req: Req) -> JSON:
    world = req.world
    for pid, project in world.projects.items():
        if project["name"] != req.params["projectName"] or req.user_id not in world.project_members.get(pid, set()):
            continue
        for s in world.studios.values():
            if s.project_id == pid and s.name == req.params["cloudspaceName"]:
                return s.to_json(world.now())
    raise not_found(f"cloudspace {req.params['cloudspaceName']!r}")


@routes.put(ONE)
def update(req: Req) -> JSON:
    studio = studio_of(req)
    body = req.json
    for key in UPDATABLE:
        value = pick(body, key)
        if value is not None:
            studio.attrs[key] = value
    if pick(body, "switchToDefaultMachineOnIdle") is not None:
        studio.switch_to_default_on_idle = pick_bool(body, "switchToDefaultMachineOnIdle")
    studio.updated_at = req.world.now()
    return studio.to_json(req.world.now())


@routes.delete(ONE)
def delete(req: Req) -> JSON:
    studio = studio_of(req)
    del req.world.studios[studio.id]
    return {}


@routes.post(BASE + "/{cloudspaceId}/runs")
def create_run(req: Req) -> JSON:
    pid, sid = req.params["projectId"], req.params["cloudspaceId"]
    req.world.check_project(pid, req.user_id)
    studio = req.world.studio(pid, sid)
    return {
        "id": req.world.ids.new("run"),
        "cloudspaceId": studio.id,
        "projectId": pid,
        "clusterId": pick_str(req.json, "clusterId") or studio.cluster_id,
        "userId": req.user_id,
        "createdAt": rfc3339(req.world.now()),
        "localSource": pick_bool(req.json, "localSource"),
    }


@routes.get(ONE + "/codestatus")
def code_status(req: Req) -> JSON:
    return studio_of(req).code_status(req.world.now())


@routes.get(ONE + "/codeconfig")
def code_config(req: Req) -> JSON:
    return studio_of(req).code_config()


def _compute(body: JSON) -> tuple[str, bool, str, str]:
    compute = pick(body, "computeConfig") or {}
    if not isinstance(compute, dict):
        raise bad_request("computeConfig must be an object")
    name = pick_str(compute, "name") or DEFAULT_MACHINE
    if find_machine(name) is None:
        raise bad_request(f"computeConfig.name: unknown machine {name!r}")
    return (
        name,
        pick_bool(compute, "spot"),
        pick_str(compute, "requestedRunDurationSeconds"),
        pick_str(compute, "clusterOverride"),
    )


def _check_capacity(world: World, slug: str) -> None:
    machine = find_machine(slug)
    if machine is not None and world.out_of_capacity.get(machine.slug, machine.out_of_capacity):
        raise ApiError(400, f"machine {slug!r} is out of capacity; try another machine or cloud")


@routes.post(ONE + "/start")
def start(req: Req) -> JSON:
    studio, world = studio_of(req), req.world
    now = world.now()
    studio.settle(now)
    name, spot, duration, _ = _compute(req.json)
    if studio.in_use is not None:
        if studio.in_use.stop_at is None and studio.in_use.machine == name:
            return {}
        raise ApiError(400, f"studio {studio.name!r} is not stopped")
    _check_capacity(world, name)
    studio.machine, studio.spot = name, spot
    studio.in_use = Instance(world.ids.new("csi"), name, spot, studio.cluster_id, now, now, run_duration=duration)
    return {}


@routes.post(ONE + "/stop")
def stop(req: Req) -> JSON:
    studio, now = studio_of(req), req.world.now()
    studio.settle(now)
    for inst in (studio.in_use, studio.requested):
        if inst is not None and inst.stop_at is None:
            inst.stop_at = now
    return {}


@routes.post(ONE + "/restart")
def restart(req: Req) -> JSON:
    studio, world = studio_of(req), req.world
    now = world.now()
    studio.settle(now)
    if studio.in_use is None:
        raise ApiError(400, f"studio {studio.name!r} is not running")
    old = studio.in_use
    studio.in_use = Instance(world.ids.new("csi"), old.machine, old.spot, old.cluster_id, now, now)
    return {}


@routes.put(ONE + "/codeconfig")
def update_code_config(req: Req) -> JSON:
    studio, world = studio_of(req), req.world
    now = world.now()
    studio.settle(now)
    body = req.json
    if pick(body, "computeConfig") is not None:
        name, spot, _, cluster = _compute(body)
        if studio.in_use is not None and studio.in_use.stop_at is None:
            _check_capacity(world, name)
            target = cluster or studio.cluster_id
            studio.requested = Instance(world.ids.new("csi"), name, spot, target, now, None)
        studio.machine, studio.spot = name, spot
    if pick(body, "disableAutoShutdown") is not None:
        studio.disable_auto_shutdown = pick_bool(body, "disableAutoShutdown")
    if pick(body, "idleShutdownSeconds") is not None:
        studio.idle_shutdown_seconds = pick_int(body, "idleShutdownSeconds")
    return studio.code_config()


@routes.post(ONE + "/switch-confirm")
def switch_confirm(req: Req) -> JSON:
    studio, now = studio_of(req), req.world.now()
    studio.settle(now)
    if studio.requested is None:
        if pick_bool(req.json, "skipRunningCheck"):
            return {}
        raise ApiError(400, f"studio {studio.name!r} has no machine switch in progress")
    studio.requested.confirmed_at = now
    studio.in_use, studio.requested = studio.requested, None
    studio.cluster_id = studio.in_use.cluster_id
    return {}


@routes.post(ONE + "/switch-cancel")
def switch_cancel(req: Req) -> JSON:
    studio = studio_of(req)
    studio.requested = None
    if studio.in_use is not None:
        studio.machine, studio.spot = studio.in_use.machine, studio.in_use.spot
    return {}


@routes.put(ONE + "/sleepconfig")
def sleep_config(req: Req) -> JSON:
    studio, body = studio_of(req), req.json
    if pick(body, "disableAutoShutdown") is not None:
        studio.disable_auto_shutdown = pick_bool(body, "disableAutoShutdown")
    if pick(body, "idleShutdownSeconds") is not None:
        studio.idle_shutdown_seconds = pick_int(body, "idleShutdownSeconds")
    if pick(body, "switchToDefaultMachineOnIdle") is not None:
        studio.switch_to_default_on_idle = pick_bool(body, "switchToDefaultMachineOnIdle")
    return studio.code_config()


@routes.post(ONE + "/keep-alive")
def keep_alive(req: Req) -> JSON:
    studio_of(req).last_keep_alive = req.world.now()
    return {}


@routes.put(ONE + "/fork")
def fork(req: Req) -> JSON:
    source, world = studio_of(req), req.world
    body = req.json
    target = pick_str(body, "targetProjectId") or source.project_id
    world.check_project(target, req.user_id)
    name = pick_str(body, "newName") or f"{source.name}-copy"
    clone = create_studio(world, target, req.user_id, {"name": name, "clusterId": pick_str(body, "targetClusterId")})
    clone.files = source.files.copy()
    clone.attrs.update({k: v for k, v in source.attrs.items() if k not in ("displayName",)})
    clone.ready_at = world.now() + FORK_SYNC_SECONDS
    return clone.to_json(world.now())


@routes.get("/v1/cloudspaces/plugins")
def available_plugins(req: Req) -> JSON:
    return {"plugins": PLUGINS}


@routes.get(ONE + "/plugins")
def installed_plugins(req: Req) -> JSON:
    return {"plugins": {name: PLUGINS.get(name, "") for name in studio_of(req).plugins}}


@routes.post(ONE + "/plugins/{pluginId}")
def install_plugin(req: Req) -> JSON:
    studio, plugin = studio_of(req), req.params["pluginId"]
    if plugin not in PLUGINS:
        return {"state": "installation_failed", "error": f"unknown plugin {plugin!r}", "additionalInfo": ""}
    studio.plugins[plugin] = {}
    return {"state": "installation_success", "error": "", "additionalInfo": ""}


@routes.delete(ONE + "/plugins/{pluginId}")
def uninstall_plugin(req: Req) -> JSON:
    studio = studio_of(req)
    studio.plugins.pop(req.params["pluginId"], None)
    return {"state": "uninstallation_success", "error": "", "additionalInfo": ""}


@routes.post(ONE + "/plugins/{pluginId}/execute")
def execute_plugin(req: Req) -> JSON:
    studio, plugin = studio_of(req), req.params["pluginId"]
    if plugin not in studio.plugins:
        return {"state": "execution_failed", "error": f"plugin {plugin!r} is not installed", "additionalInfo": ""}
    return {"state": "execution_success", "error": "", "additionalInfo": '{"port": 8000}'}
