from __future__ import annotations

import json

import httpx2
import pytest

from lightning_ai_mcp.emulator import Emulator

pytestmark = pytest.mark.anyio


async def create_studio(client: httpx2.AsyncClient, project_id: str, name: str = "s1") -> str:
    r = await client.post(f"/v1/projects/{project_id}/cloudspaces", json={"name": name, "displayName": name})
    assert r.status_code == 200, r.text
    studio_id: str = r.json()["id"]
    run = await client.post(f"/v1/projects/{project_id}/cloudspaces/{studio_id}/runs", json={"localSource": True})
    assert run.status_code == 200
    return studio_id


async def running_studio(emu: Emulator, client: httpx2.AsyncClient, project_id: str) -> str:
    """A new studio started on cpu-4 and given the time to come up; its API path."""
    sid = await create_studio(client, project_id)
    base = f"/v1/projects/{project_id}/cloudspaces/{sid}"
    await client.post(base + "/start", json={"computeConfig": {"name": "cpu-4"}})
    emu.advance(20)
    return base


async def test_a_started_studio_goes_pending_running_then_ready(
    emu: Emulator, client: httpx2.AsyncClient, project_id: str
) -> None:
    sid = await create_studio(client, project_id)
    base = f"/v1/projects/{project_id}/cloudspaces/{sid}"
    assert (await client.get(base + "/codestatus")).json()["inUse"] is None
    r = await client.post(base + "/start", json={"computeConfig": {"name": "lit-l4-1", "spot": False}})
    assert r.status_code == 200
    status = (await client.get(base + "/codestatus")).json()["inUse"]
    assert status["phase"] == "CLOUD_SPACE_INSTANCE_STATE_PENDING"
    emu.advance(10)
    status = (await client.get(base + "/codestatus")).json()["inUse"]
    assert status["phase"] == "CLOUD_SPACE_INSTANCE_STATE_RUNNING"
    assert status["startupStatus"]["topUpRestoreFinished"] is False
    emu.advance(10)
    status = (await client.get(base + "/codestatus")).json()["inUse"]
    assert status["startupStatus"]["topUpRestoreFinished"] is True
    assert status["computeConfig"]["name"] == "lit-l4-1"


async def test_stop_goes_through_stopping_to_no_instance(
    emu: Emulator, client: httpx2.AsyncClient, project_id: str
) -> None:
    base = await running_studio(emu, client, project_id)
    await client.post(base + "/stop", json={})
    assert (await client.get(base + "/codestatus")).json()["inUse"]["phase"] == "CLOUD_SPACE_INSTANCE_STATE_STOPPING"
    emu.advance(5)
    assert (await client.get(base + "/codestatus")).json()["inUse"] is None


async def test_detached_command_streams_minus_one_until_done_then_full_output(
    emu: Emulator, client: httpx2.AsyncClient, project_id: str
) -> None:
    base = await running_studio(emu, client, project_id)
    r = await client.post(base + "/execute", json={"command": "echo one; sleep 5; echo two", "detached": True})
    session = r.json()["sessionName"]
    assert session
    line = json.loads((await client.get(f"{base}/execute/{session}/stream")).text)
    assert line["result"] == {"output": "one\n", "exitCode": -1}
    emu.advance(5)
    line = json.loads((await client.get(f"{base}/execute/{session}/stream")).text)
    assert line["result"] == {"output": "one\ntwo\n", "exitCode": 0}


async def test_execute_needs_a_running_studio(client: httpx2.AsyncClient, project_id: str) -> None:
    sid = await create_studio(client, project_id)
    r = await client.post(f"/v1/projects/{project_id}/cloudspaces/{sid}/execute", json={"command": "pwd"})
    assert r.status_code == 400
    assert r.json()["code"] == 3


async def test_switch_waits_for_confirm_before_the_new_machine_is_ready(
    emu: Emulator, client: httpx2.AsyncClient, project_id: str
) -> None:
    base = await running_studio(emu, client, project_id)
    await client.put(base + "/codeconfig", json={"computeConfig": {"name": "lit-t4-1", "spot": False}})
    emu.advance(15)
    status = (await client.get(base + "/codestatus")).json()
    assert status["requested"]["startupStatus"]["initialRestoreFinished"] is True
    assert status["inUse"]["computeConfig"]["name"] == "cpu-4"
    assert (await client.post(base + "/switch-confirm", json={})).status_code == 200
    emu.advance(3)
    status = (await client.get(base + "/codestatus")).json()
    assert status["requested"] is None
    assert status["inUse"]["computeConfig"]["name"] == "lit-t4-1"
    assert status["inUse"]["startupStatus"]["topUpRestoreFinished"] is True


async def test_list_pages_with_tokens_and_finds_by_name(client: httpx2.AsyncClient, project_id: str) -> None:
    for i in range(3):
        await create_studio(client, project_id, f"page-{i}")
    url = f"/v1/projects/{project_id}/cloudspaces"
    first = (await client.get(url, params={"limit": "2"})).json()
    assert len(first["cloudspaces"]) == 2 and first["nextPageToken"]
    rest = (await client.get(url, params={"limit": "2", "pageToken": first["nextPageToken"]})).json()
    assert len(rest["cloudspaces"]) == 2 and rest["nextPageToken"] == ""
    named = (await client.get(url, params={"name": "page-1"})).json()["cloudspaces"]
    assert [s["name"] for s in named] == ["page-1"]


async def test_env_update_is_read_back(client: httpx2.AsyncClient, project_id: str) -> None:
    sid = await create_studio(client, project_id)
    url = f"/v1/projects/{project_id}/cloudspaces/{sid}"
    r = await client.put(url, json={"env": [{"name": "A", "value": "1"}], "displayName": "s1"})
    assert r.status_code == 200
    assert (await client.get(url)).json()["env"] == [{"name": "A", "value": "1"}]
