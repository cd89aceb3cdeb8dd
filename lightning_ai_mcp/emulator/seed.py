"""Demo data: a user, an org, two teamspaces, a stopped studio with files, a finished job, a running deployment.

The credentials are the emulator's own, printed by `lightning-ai-mcp emulator`; they open nothing elsewhere.
"""

from __future__ import annotations

from .clock import rfc3339
from .identity import add_project
from .state import World
from .studios import create_studio

DEMO_USER_ID = "emu-user-0001"
DEMO_USERNAME = "demo"
DEMO_EMAIL = "demo@example.com"
DEMO_API_KEY = "emu-demo-key-7f3c2a91d5e84b06"
DEMO_ORG = "demo-org"
DEMO_TEAMSPACE = "research"
DEMO_PERSONAL_TEAMSPACE = "sandbox"
DEMO_STUDIO = "demo-studio"
DEMO_JOB = "demo-job"
DEMO_DEPLOYMENT = "demo-api"

CLUSTERS = (
    ("lightning-public-prod", "awsV1", "us-east-1"),
    ("gcp-lightning-public-prod", "googleCloudV1", "us-central1"),
)


def shell_exports(url: str, user_id: str = DEMO_USER_ID, api_key: str = DEMO_API_KEY) -> list[str]:
    """The lines a user pastes into a shell to point lightning-sdk (or this server) at an emulator."""
    return [
        f"export LIGHTNING_CLOUD_URL={url}",
        f"export LIGHTNING_USER_ID={user_id}",
        f"export LIGHTNING_API_KEY={api_key}",
    ]


def add_user(world: World, user_id: str, username: str, email: str, api_key: str) -> None:
    world.users[user_id] = {
        "id": user_id,
        "username": username,
        "email": email,
        "apiKey": api_key,
        "firstName": username.capitalize(),
        "lastName": "User",
        "organization": "",
        "features": {},
        "status": {},
        "role": "user",
        "country": "",
        "pictureUrl": "",
        "website": "",
    }
    world.api_keys[api_key] = user_id


def seed_demo(world: World) -> None:
    now = world.now()
    created = rfc3339(now - 86400 * 30)
    for cid, provider, region in CLUSTERS:
        world.clusters[cid] = {
            "id": cid,
            "name": cid,
            "createdAt": created,
            "protected": False,
            "spec": {"clusterType": "CLUSTER_TYPE_GLOBAL", provider: {"region": region}, "region": region},
            "status": {"phase": "CLUSTER_STATE_RUNNING", "region": region},
        }
    add_user(world, DEMO_USER_ID, DEMO_USERNAME, DEMO_EMAIL, DEMO_API_KEY)
    add_user(world, "emu-user-0002", "colleague", "colleague@example.com", "emu-colleague-key-2b8e4d17c6a9")
    org_id = "emu-org-0001"
    world.orgs[org_id] = {
        "id": org_id,
        "name": DEMO_ORG,
        "displayName": "Demo Org",
        "preferredCluster": "lightning-public-prod",
        "createdAt": created,
        "creatorId": DEMO_USER_ID,
        "isPersonalOrg": False,
        "startStudiosOnSpotInstance": False,
    }
    world.org_members[org_id] = {DEMO_USER_ID, "emu-user-0002"}
    research = add_project(world, DEMO_TEAMSPACE, "Research", org_id, "organization", DEMO_USER_ID)
    world.project_members[research["id"]].add("emu-user-0002")
    personal = add_project(world, DEMO_PERSONAL_TEAMSPACE, "Sandbox", DEMO_USER_ID, "user", DEMO_USER_ID)
    personal["isDefault"] = True

    studio = create_studio(world, research["id"], DEMO_USER_ID, {"name": DEMO_STUDIO})
    studio.files.write("main.py", b"print('Hello, Lightning World!')\n", now)
    studio.files.write("README.md", b"# Demo studio\n\nFiles seeded by the Lightning API emulator.\n", now)
    studio.files.write("data/train.csv", b"x,y\n1,2\n2,4\n3,6\n", now)
    studio.attrs["env"] = [{"name": "PROJECT", "value": "demo"}]
    world.drive(research["id"]).write("datasets/readme.txt", b"Shared files of the research teamspace.\n", now)

    from .deployments import seed_deployments
    from .jobs import seed_jobs

    seed_jobs(world, research["id"], studio)
    seed_deployments(world, research["id"])
