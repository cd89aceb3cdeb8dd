"""Job routes (v2 jobs, multi-machine jobs, logs) and their demo data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .clock import rfc3339
from .errors import ApiError, bad_request, not_found
from .filetree import FileTree
from .job_state import Job, MultiMachineJob
from .machines import find_machine
from .routes import Req, RouteTable, page
from .shell import Shell
from .state import Presigned, World
from .wire import JSON, pick, pick_int, pick_str

routes = RouteTable()
JOBS = "/v1/projects/{projectId}/jobs"
MMTS = "/v1/projects/{projectId}/multi-machine-jobs"


def submit(world: World, project_id: str, user_id: str, name: str, spec: JSON, **kw: Any) -> Job:
    spec = dict(spec)
    machine = str(spec.get("instanceName") or "cpu-4")
    if find_machine(machine) is None:
        raise bad_request(f"spec.instanceName: unknown machine {machine!r}")
    command = str(spec.get("command") or "")
    studio_id = str(spec.get("cloudspaceId") or "")
    files, env = FileTree(), {}
    if studio_id:
        studio = world.studio(project_id, studio_id)
        files, env = studio.files.copy(), studio.env()
        spec.setdefault("clusterId", studio.cluster_id)
    elif not spec.get("image"):
        raise bad_request("spec: a job needs a cloudspaceId (studio job) or an image")
    for item in spec.get("env") or []:
        if isinstance(item, dict) and item.get("name"):
            env[str(item["name"])] = str(item.get("value", ""))
    spec.setdefault("clusterId", world.default_cluster(project_id))
    run = Shell(files, find_machine(machine), env, world.now()).run(command or "true")
    job = Job(world.ids.new("job"), name, project_id, user_id, spec, world.now(), run, **kw)
    world.jobs[job.id] = job
    return job


def project_jobs(req: Req) -> list[Job]:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    return [j for j in req.world.jobs.values() if j.project_id == pid]


def job_of(req: Req) -> Job:
    for job in project_jobs(req):
        if job.id == req.params["id"]:
            return job
    raise not_found(f"job {req.params['id']!r}")


@routes.post(JOBS)
def create_job(req: Req) -> JSON:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    name = pick_str(req.json, "name") or f"job-{req.world.ids.hex(6)}"
    if any(j.name == name for j in project_jobs(req)):
        raise ApiError(409, f"a job named {name!r} already exists in this teamspace")
    spec = pick(req.json, "spec") or {}
    if not isinstance(spec, dict):
        raise bad_request("spec must be an object")
    tags = [{"name": str(t), "id": str(t)} for t in pick(req.json, "tags") or []]
    return submit(req.world, pid, req.user_id, name, spec, tags=tags).to_json(req.world.now())


@routes.get(JOBS)
def list_jobs(req: Req) -> JSON:
    now = req.world.now()
    jobs = project_jobs(req)
    filters: dict[str, Callable[[Job, str], bool]] = {
        "cloudspaceId": lambda j, v: j.spec.get("cloudspaceId") == v,
        "deploymentId": lambda j, v: j.deployment_id == v,
        "multiMachineJobId": lambda j, v: j.multi_machine_job_id == v,
        "userId": lambda j, v: j.user_id == v,
        "state": lambda j, v: j.state(now) == v,
    }
    for key, keep in filters.items():
        value = req.q(key)
        if value:
            jobs = [j for j in jobs if keep(j, value)]
    if req.q_bool("standalone"):
        jobs = [j for j in jobs if not j.deployment_id and not j.multi_machine_job_id]
    jobs.sort(key=lambda j: j.created_at, reverse=True)
    return page([j.to_json(now) for j in jobs], req, "jobs")


@routes.get(JOBS + "/find")
def find_job(req: Req) -> JSON:
    for job in project_jobs(req):
        if job.name == req.q("name"):
            return job.to_json(req.world.now())
    raise not_found(f"job {req.q('name')!r}")


@routes.get(JOBS + "/{id}")
def get_job(req: Req) -> JSON:
    return job_of(req).to_json(req.world.now())


@routes.put(JOBS + "/{id}")
def update_job(req: Req) -> JSON:
    job, now = job_of(req), req.world.now()
    state = pick_str(req.json, "state")
    if state == "stop":
        if not job.terminal(now) and job.stop_at is None:
            job.stop_at = now
    elif state:
        raise bad_request(f"state: only 'stop' can be requested, not {state!r}")
    if pick_str(req.json, "name"):
        job.name = pick_str(req.json, "name")
    return job.to_json(now)


@routes.delete(JOBS + "/{id}")
def delete_job(req: Req) -> JSON:
    del req.world.jobs[job_of(req).id]
    return {}


@routes.put("/v1/projects/{projectId}/workloads/{workloadType}/{workloadId}/tags")
def set_tags(req: Req) -> JSON:
    req.params["id"] = req.params["workloadId"]
    job = job_of(req)
    job.tags = [{"name": str(t), "id": str(t)} for t in pick(req.json, "tags") or []]
    return {"tags": job.tags}


def _log_url(req: Req, jobs: list[Job]) -> str:
    token = req.world.ids.hex(40)
    world = req.world
    req.world.presigned[token] = Presigned("bytes", lambda: "".join(j.log_text(world.now()) for j in jobs).encode())
    return req.url(f"/_presigned/{token}")


@routes.get(JOBS + "/{id}/download-logs")
def download_logs(req: Req) -> JSON:
    return {"url": _log_url(req, [job_of(req)])}


@routes.get(JOBS + "/{id}/page-logs")
def page_logs(req: Req) -> JSON:
    job, now = job_of(req), req.world.now()
    lines = job.log_lines(now)
    start = rfc3339(lines[0][0] if lines else job.created_at)
    end = rfc3339(lines[-1][0] if lines else job.created_at)
    pages = [
        {"pageNumber": "1", "url": _log_url(req, [job]), "start": start, "end": end, "totalLines": str(len(lines))}
    ]
    return {"pages": pages, "followUrl": ""}


@routes.get("/v1/projects/{projectId}/page-logs")
def project_logs(req: Req) -> JSON:
    jobs = project_jobs(req)
    ids, dep, mmt = set(req.q_list("jobIds")), req.q("deploymentId"), req.q("mmtId")
    if not ids and not dep and not mmt and not req.q("sandboxId") and not req.q_list("sandboxCommandIds"):
        raise bad_request("select logs with jobIds, deploymentId, mmtId, sandboxId or sandboxCommandIds")
    chosen = [
        j for j in jobs if j.id in ids or (dep and j.deployment_id == dep) or (mmt and j.multi_machine_job_id == mmt)
    ]
    now = req.world.now()
    entries: list[JSON] = []
    for job in chosen:
        for n, (t, line) in enumerate(job.log_lines(now), start=1):
            entries.append(
                {"line": str(n), "message": line, "resourceId": job.id, "severity": "info", "timestamp": rfc3339(t)}
            )
    entries.sort(key=lambda e: e["timestamp"])
    query = req.q("query").lower().split()
    entries = [e for e in entries if all(term in e["message"].lower() for term in query)]
    size = req.q_int("pageSize", 1000)
    start = int(req.q("pageToken") or 0)
    more = start + size < len(entries)
    return {
        "entries": entries[start : start + size],
        "nextPageToken": str(start + size) if more else "",
        "followUrl": "",
    }


# multi-machine jobs ---------------------------------------------------------------------------------------------


def mmt_of(req: Req, key: str = "id", by_name: bool = False) -> MultiMachineJob:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    for mmt in req.world.mmts.values():
        if mmt.project_id == pid and (mmt.name if by_name else mmt.id) == req.params[key]:
            return mmt  # type: ignore[no-any-return]
    raise not_found(f"multi-machine job {req.params[key]!r}")


@routes.post(MMTS)
def create_mmt(req: Req) -> JSON:
    world, pid = req.world, req.params["projectId"]
    world.check_project(pid, req.user_id)
    body = req.json
    name = pick_str(body, "name") or f"mmt-{world.ids.hex(6)}"
    machines = pick_int(body, "machines", 1)
    if machines < 1:
        raise bad_request("machines must be at least 1")
    spec = dict(pick(body, "spec") or {})
    if pick_str(body, "clusterId"):
        spec["clusterId"] = pick_str(body, "clusterId")
    mid = world.ids.new("mmt")
    ranks = [
        submit(world, pid, req.user_id, f"{name}-{r}", {**spec, "rank": r}, multi_machine_job_id=mid)
        for r in range(machines)
    ]
    mmt = MultiMachineJob(
        mid, name, pid, req.user_id, spec, str(spec.get("clusterId", "")), machines, world.now(), ranks
    )
    world.mmts[mid] = mmt
    return mmt.to_json(world.now())


@routes.get(MMTS)
def list_mmts(req: Req) -> JSON:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    now = req.world.now()
    return page([m.to_json(now) for m in req.world.mmts.values() if m.project_id == pid], req, "multiMachineJobs")


routes.get(MMTS + "/{id}")(lambda req: mmt_of(req).to_json(req.world.now()))
routes.get(MMTS + "/{name}/getbyname")(lambda req: mmt_of(req, "name", by_name=True).to_json(req.world.now()))


@routes.put(MMTS + "/{id}")
def update_mmt(req: Req) -> JSON:
    mmt, now = mmt_of(req), req.world.now()
    desired = pick_str(req.json, "desiredState")
    if desired in ("MultiMachineJob_STATE_STOP", "MultiMachineJob_STATE_STOPPED"):
        mmt.stop_requested = True
        for job in mmt.ranks:
            if not job.terminal(now) and job.stop_at is None:
                job.stop_at = now
    return mmt.to_json(now)


@routes.delete(MMTS + "/{id}")
def delete_mmt(req: Req) -> JSON:
    mmt = mmt_of(req)
    for job in mmt.ranks:
        req.world.jobs.pop(job.id, None)
    del req.world.mmts[mmt.id]
    return {}


def seed_jobs(world: World, project_id: str, studio: Any) -> None:
    """A job that finished an hour ago, with logs."""
    spec = {
        "cloudspaceId": studio.id,
        "clusterId": studio.cluster_id,
        "command": "python main.py && echo training done",
        "instanceName": "lit-t4-1",
        "spot": False,
        "env": [],
        "image": "",
        "entrypoint": "",
    }
    clock_now = world.now()
    job = submit(world, project_id, studio.user_id, "demo-job", spec)
    job.created_at = clock_now - 3600
