"""Identity and discovery: auth, users, orgs, memberships, teamspaces, clusters and accelerators."""

from __future__ import annotations

from .clock import rfc3339
from .errors import ApiError, bad_request, not_found
from .machines import MACHINES
from .routes import Req, RouteTable
from .state import World
from .wire import JSON, pick_str

routes = RouteTable()

LAYOUT_SLUGS = ("studio", "drive", "jobs", "deployments", "pipelines", "models", "containers", "settings")


@routes.post("/v1/auth/login", public=True)
def login(req: Req) -> JSON:
    key = pick_str(req.json, "apiKey")
    user_id = req.world.api_keys.get(key)
    if user_id is None:
        raise ApiError(401, "invalid api key")
    return {"token": req.world.issue_token(user_id)}


@routes.post("/v1/auth/refresh")
def refresh(req: Req) -> JSON:
    duration = pick_str(req.json, "duration", "43200")
    if not duration.isdigit() or not 900 <= int(duration) <= 129600:
        raise bad_request("duration must be between 900 and 129600 seconds")
    return {"token": req.world.issue_token(req.user_id)}


@routes.get("/v1/auth/user")
def auth_user(req: Req) -> JSON:
    world = req.world
    user = dict(world.user(req.user_id))
    user["organizations"] = [o for oid, o in world.orgs.items() if req.user_id in world.org_members.get(oid, set())]
    return user


@routes.get("/v1/auth/whoami")
def whoami(req: Req) -> JSON:
    user = req.world.user(req.user_id)
    return {
        "userId": user["id"],
        "username": user["username"],
        "email": user["email"],
        "orgId": "",
        "projectId": "",
        "roleId": "",
        "apiKeyId": "",
        "authType": "AUTH_TYPE_API_KEY",
    }


def search_user(user: JSON) -> JSON:
    keys = ("id", "username", "email", "firstName", "lastName", "organization", "pictureUrl", "website", "country")
    return {k: user.get(k, "") for k in keys}


@routes.get("/v1/users/search")
def search_users(req: Req) -> JSON:
    query = req.q("query").lower()
    hits = [
        search_user(u)
        for u in req.world.users.values()
        if query and (query == u["id"].lower() or query in u["username"].lower() or query in u["email"].lower())
    ]
    return {"users": hits}


def _member_orgs(world: World, user_id: str) -> list[JSON]:
    return [o for oid, o in world.orgs.items() if user_id in world.org_members.get(oid, set())]


@routes.get("/v1/orgs")
def list_orgs(req: Req) -> JSON:
    return {"organizations": _member_orgs(req.world, req.user_id)}


@routes.get("/v1/orgs/{id}")
def get_org(req: Req) -> JSON:
    org_id, name = req.params["id"], req.q("name")
    for oid, org in req.world.orgs.items():
        if (org_id and oid == org_id) or (not org_id and name and org["name"] == name):
            if req.user_id not in req.world.org_members.get(oid, set()):
                break
            return org
    raise not_found(f"organization {org_id or name!r}")


def membership(world: World, project: JSON, user_id: str) -> JSON:
    return {
        "projectId": project["id"],
        "userId": user_id,
        "name": project["name"],
        "displayName": project["displayName"],
        "description": project.get("description", ""),
        "ownerId": project["ownerId"],
        "ownerType": project["ownerType"],
        "createdAt": project["createdAt"],
        "isDefault": project.get("isDefault", False),
        "jobCount": str(sum(1 for j in world.jobs.values() if j.project_id == project["id"])),
        "membershipCount": str(len(world.project_members.get(project["id"], set()))),
        "roles": [{"name": "owner"}],
    }


@routes.get("/v1/memberships")
def list_memberships(req: Req) -> JSON:
    world = req.world
    org_filter = req.q("organizationId")
    out = [
        membership(world, p, req.user_id)
        for pid, p in world.projects.items()
        if req.user_id in world.project_members.get(pid, set())
        and (not org_filter or (p["ownerType"] == "organization" and p["ownerId"] == org_filter))
    ]
    return {"memberships": out}


@routes.get("/v1/projects/{projectId}")
def get_project(req: Req) -> JSON:
    return req.world.check_project(req.params["projectId"], req.user_id)


@routes.post("/v1/projects")
def create_project(req: Req) -> JSON:
    world, body = req.world, req.json
    name = pick_str(body, "name")
    if not name:
        raise bad_request("name is required")
    org_id = pick_str(body, "organizationId")
    owner_id, owner_type = (org_id, "organization") if org_id else (req.user_id, "user")
    if org_id and org_id not in world.orgs:
        raise not_found(f"organization {org_id!r}")
    if any(p["name"] == name and p["ownerId"] == owner_id for p in world.projects.values()):
        raise ApiError(409, f"a teamspace named {name!r} already exists")
    return add_project(world, name, pick_str(body, "displayName") or name, owner_id, owner_type, req.user_id)


def add_project(world: World, name: str, display: str, owner_id: str, owner_type: str, creator: str) -> JSON:
    pid = world.ids.new("project")
    now = rfc3339(world.now())
    project: JSON = {
        "id": pid,
        "name": name,
        "displayName": display,
        "description": "",
        "ownerId": owner_id,
        "ownerType": owner_type,
        "creatorId": creator,
        "createdAt": now,
        "updatedAt": now,
        "isDefault": False,
        "private": True,
        "projectSettings": {"preferredCluster": "lightning-public-prod", "startStudioOnSpotInstance": False},
        "layoutConfig": [{"slug": s, "isEnabled": True} for s in LAYOUT_SLUGS],
        "currentStorageBytes": "0",
        "freeStorageBytes": str(10 * 1024**3),
    }
    world.projects[pid] = project
    world.project_members[pid] = {creator}
    world.bindings[pid] = [binding(world, cid, pid) for cid in world.clusters]
    return project


def binding(world: World, cluster_id: str, project_id: str) -> JSON:
    cluster = world.clusters[cluster_id]
    region = cluster["spec"].get("region", "us-east-1")
    return {
        "clusterId": cluster_id,
        "clusterName": cluster["name"],
        "clusterRegion": region,
        "projectId": project_id,
        "createdAt": cluster["createdAt"],
        "isClusterHealthy": True,
    }


@routes.get("/v1/projects/{projectId}/projectclustersbindings")
def list_bindings(req: Req) -> JSON:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    return {"clusters": req.world.bindings.get(pid, [])}


def _project_clusters(world: World, project_id: str) -> list[JSON]:
    ids = [b["clusterId"] for b in world.bindings.get(project_id, [])]
    return [world.clusters[c] for c in ids if c in world.clusters]


@routes.get("/v1/projects/{projectId}/clusters")
def list_project_clusters(req: Req) -> JSON:
    pid = req.params["projectId"]
    req.world.check_project(pid, req.user_id)
    return {"clusters": _project_clusters(req.world, pid)}


@routes.get("/v1/core/clusters")
def list_clusters(req: Req) -> JSON:
    pid = req.q("projectId")
    clusters = _project_clusters(req.world, pid) if pid else list(req.world.clusters.values())
    return {"clusters": clusters, "defaultCluster": clusters[0]["id"] if clusters else ""}


@routes.get("/v1/core/clusters/{id}")
def get_cluster(req: Req) -> JSON:
    cluster = req.world.clusters.get(req.params["id"])
    if cluster is None:
        raise not_found(f"cluster {req.params['id']!r}")
    return cluster


def accelerators(world: World, cluster_id: str, provider: str) -> JSON:
    out = []
    for m in MACHINES:
        acc = m.accelerator(cluster_id, provider)
        if m.slug in world.out_of_capacity:
            acc["outOfCapacity"] = world.out_of_capacity[m.slug]
        out.append(acc)
    return {"accelerator": out}


PROVIDER_CLUSTERS = {"AWS": "lightning-public-prod", "GCP": "gcp-lightning-public-prod"}


@routes.get("/v1/core/accelerators", public=True)
def default_accelerators(req: Req) -> JSON:
    provider = (req.q("cloudProvider") or "AWS").upper()
    return accelerators(req.world, PROVIDER_CLUSTERS.get(provider, "lightning-public-prod"), provider)


@routes.get("/v1/core/clusters/{id}/accelerators")
def cluster_accelerators(req: Req) -> JSON:
    cluster = req.world.clusters.get(req.params["id"])
    if cluster is None:
        raise not_found(f"cluster {req.params['id']!r}")
    provider = "GCP" if cluster["spec"].get("googleCloudV1") else "AWS"
    return accelerators(req.world, cluster["id"], provider)
