from __future__ import annotations

import httpx2
import pytest

from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_USER_ID, Emulator, create_app, shell_exports

pytestmark = pytest.mark.anyio


def anonymous(emu: Emulator, control: bool = False) -> httpx2.AsyncClient:
    return httpx2.AsyncClient(transport=httpx2.ASGITransport(app=create_app(emu, control=control)), base_url="http://e")


async def test_basic_bearer_key_and_login_jwt_authenticate(emu: Emulator) -> None:
    async with anonymous(emu) as c:
        assert (await c.get("/v1/auth/user", auth=(DEMO_USER_ID, DEMO_API_KEY))).status_code == 200
        bearer = {"Authorization": f"Bearer {DEMO_API_KEY}"}
        assert (await c.get("/v1/auth/whoami", headers=bearer)).json()["userId"] == DEMO_USER_ID
        token = (await c.post("/v1/auth/login", json={"apiKey": DEMO_API_KEY})).json()["token"]
        assert token.count(".") == 2
        user = (await c.get("/v1/auth/user", headers={"Authorization": f"Bearer {token}"})).json()
        assert user["apiKey"] == DEMO_API_KEY


async def test_missing_or_wrong_credentials_are_401_with_code_16(emu: Emulator) -> None:
    async with anonymous(emu) as c:
        for auth in (None, (DEMO_USER_ID, "wrong"), ("someone-else", DEMO_API_KEY)):
            r = await c.get("/v1/auth/user", auth=auth)
            assert (r.status_code, r.json()["code"]) == (401, 16)
        assert (await c.post("/v1/auth/login", json={"apiKey": "nope"})).status_code == 401


async def test_accelerator_prices_need_no_credentials(emu: Emulator) -> None:
    async with anonymous(emu) as c:
        r = await c.get("/v1/core/accelerators", params={"cloudProvider": "AWS"})
    accelerators = {a["slug"]: a for a in r.json()["accelerator"]}
    assert {"cpu-4", "lit-h100-8", "lit-h200-1", "lit-b200-8", "lit-rtx-6000-pro-1"} <= set(accelerators)
    assert accelerators["lit-h200-1"]["instanceId"] == "lit-h200x-1"
    assert accelerators["lit-h100-8"]["cost"] > accelerators["lit-h100-1"]["cost"] > accelerators["lit-t4-1"]["cost"]
    assert accelerators["lit-h200-1"]["spotPrice"] == 0
    assert accelerators["lit-t4-1"]["resources"] == {
        "cpu": 8,
        "gpu": 1,
        "memoryMb": "65536",
        "storageGb": "400",
        "gpuType": "T4",
    }


async def test_injected_status_with_retry_after_applies_the_given_number_of_times(
    emu: Emulator, client: httpx2.AsyncClient
) -> None:
    emu.faults.add("GET", "/v1/auth/user", status=503, retry_after="2", times=1)
    first = await client.get("/v1/auth/user")
    assert (first.status_code, first.headers["retry-after"], first.json()["code"]) == (503, "2", 14)
    assert (await client.get("/v1/auth/user")).status_code == 200


async def test_faults_match_route_templates_and_can_corrupt_bodies(emu: Emulator, client: httpx2.AsyncClient) -> None:
    emu.faults.add("GET", "/v1/projects/{projectId}", malformed=True, times=1)
    emu.faults.add("GET", "/v1/orgs", oversize=2_000_000, times=1)
    memberships = (await client.get("/v1/memberships")).json()["memberships"]
    r = await client.get(f"/v1/projects/{memberships[0]['projectId']}")
    with pytest.raises(ValueError):
        r.json()
    assert len((await client.get("/v1/orgs")).content) > 2_000_000


async def test_a_dropped_connection_never_completes_the_response(emu: Emulator, client: httpx2.AsyncClient) -> None:
    emu.faults.add("GET", "/v1/orgs", drop=True, times=1)
    with pytest.raises(ConnectionAbortedError):
        await client.get("/v1/orgs")


async def test_every_request_is_logged_with_credentials_redacted(emu: Emulator, client: httpx2.AsyncClient) -> None:
    await client.post("/v1/auth/login", json={"apiKey": DEMO_API_KEY})
    (entry,) = emu.requests.find("POST", "/v1/auth/login")
    assert entry.body == {"apiKey": "***"}
    assert entry.headers["authorization"] == "***"
    assert entry.status == 200 and entry.template == "/v1/auth/login"
    assert DEMO_API_KEY not in repr(emu.requests.entries)


async def test_the_http_control_surface_exists_only_when_enabled(emu: Emulator) -> None:
    async with anonymous(emu) as c:
        assert (await c.get("/_emulator/requests")).status_code == 401
    async with anonymous(emu, control=True) as c:
        added = await c.post("/_emulator/faults", json={"method": "GET", "path": "/v1/orgs", "status": 429})
        assert added.status_code == 200
        assert (await c.get("/v1/orgs", auth=(DEMO_USER_ID, DEMO_API_KEY))).status_code == 429
        logged = (await c.get("/_emulator/requests")).json()["requests"]
        assert logged[-1]["path"] == "/v1/orgs"
        await c.post("/_emulator/clock/advance", json={"seconds": 60})
    assert emu.clock.now() > 0


def test_shell_exports_point_clients_at_the_emulator() -> None:
    assert shell_exports("http://127.0.0.1:9") == [
        "export LIGHTNING_CLOUD_URL=http://127.0.0.1:9",
        f"export LIGHTNING_USER_ID={DEMO_USER_ID}",
        f"export LIGHTNING_API_KEY={DEMO_API_KEY}",
    ]
