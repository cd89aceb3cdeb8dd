from __future__ import annotations

import httpx2
import pytest

from lightning_ai_mcp.emulator import Emulator

pytestmark = pytest.mark.anyio


async def studio_id(client: httpx2.AsyncClient, project_id: str) -> str:
    studios = (await client.get(f"/v1/projects/{project_id}/cloudspaces", params={"name": "demo-studio"})).json()
    return str(studios["cloudspaces"][0]["id"])


async def test_a_job_goes_pending_running_completed_with_its_command_output_as_logs(
    emu: Emulator, client: httpx2.AsyncClient, project_id: str
) -> None:
    spec = {
        "cloudspaceId": await studio_id(client, project_id),
        "command": "echo hi; sleep 60; cat data/train.csv",
        "instanceName": "lit-t4-1",
        "spot": False,
    }
    job = (await client.post(f"/v1/projects/{project_id}/jobs", json={"name": "j1", "spec": spec})).json()
    url = f"/v1/projects/{project_id}/jobs/{job['id']}"
    assert job["state"] == "pending"
    emu.advance(10)
    assert (await client.get(url)).json()["state"] == "running"
    emu.advance(60)
    done = (await client.get(url)).json()
    assert done["state"] == "completed" and done["totalCost"] > 0
    log_url = (await client.get(url + "/download-logs")).json()["url"]
    text = (await client.get(log_url.removeprefix("http://emulator.test"), auth=None)).text
    assert [line.split("] ", 1)[1] for line in text.splitlines()] == ["hi", "x,y", "1,2", "2,4", "3,6"]
    page = (await client.get(f"/v1/projects/{project_id}/page-logs", params={"jobIds": job["id"]})).json()
    assert [e["message"] for e in page["entries"]][:2] == ["hi", "x,y"]


async def test_a_failing_command_fails_the_job_and_stop_stops_a_running_one(
    emu: Emulator, client: httpx2.AsyncClient, project_id: str
) -> None:
    base = f"/v1/projects/{project_id}/jobs"
    failing = {"image": "python:3.12", "command": "exit 1", "instanceName": "cpu-4"}
    bad = (await client.post(base, json={"name": "bad", "spec": failing})).json()
    slow = {"image": "python:3.12", "command": "sleep 1000", "instanceName": "cpu-4"}
    long = (await client.post(base, json={"name": "long", "spec": slow})).json()
    emu.advance(10)
    assert (await client.get(f"{base}/{bad['id']}")).json()["state"] == "failed"
    assert (await client.put(f"{base}/{long['id']}", json={"state": "stop"})).json()["state"] == "stopping"
    emu.advance(5)
    assert (await client.get(f"{base}/find", params={"name": "long"})).json()["state"] == "stopped"


async def test_a_multi_machine_job_runs_one_job_per_rank(
    emu: Emulator, client: httpx2.AsyncClient, project_id: str
) -> None:
    body = {"name": "mmt", "machines": 3, "spec": {"image": "x", "command": "sleep 5", "instanceName": "lit-h100-8"}}
    mmt = (await client.post(f"/v1/projects/{project_id}/multi-machine-jobs", json=body)).json()
    assert mmt["state"] == "MultiMachineJob_STATE_PENDING"
    ranks = (await client.get(f"/v1/projects/{project_id}/jobs", params={"multiMachineJobId": mmt["id"]})).json()
    assert len(ranks["jobs"]) == 3
    emu.advance(6)
    running = (await client.get(f"/v1/projects/{project_id}/multi-machine-jobs/{mmt['id']}")).json()
    assert running["state"] == "MultiMachineJob_STATE_RUNNING" and running["status"]["readyMachines"] == "3"
    emu.advance(10)
    byname = (await client.get(f"/v1/projects/{project_id}/multi-machine-jobs/mmt/getbyname")).json()
    assert byname["state"] == "MultiMachineJob_STATE_COMPLETED"


async def test_a_deployment_scales_up_over_time_and_stops_by_scaling_to_zero(
    emu: Emulator, client: httpx2.AsyncClient, project_id: str
) -> None:
    base = f"/v1/projects/{project_id}/deployments"
    body = {
        "name": "api",
        "autoscaling": {"enabled": True, "minReplicas": 1, "maxReplicas": "2"},
        "endpoint": {"ports": ["8000"]},
        "spec": {"image": "nginx", "instanceName": "cpu-4"},
    }
    dep = (await client.post(base, json=body)).json()
    assert dep["status"]["pendingReplicas"] == 1 and dep["currentState"] == "DEPLOYMENT_STATE_PENDING"
    assert dep["autoscaling"]["maxReplicas"] == "2"  # int64 fields travel as strings
    emu.advance(25)
    ready = (await client.get(f"{base}/api/getbyname")).json()
    assert ready["status"]["readyReplicas"] == 1 and ready["currentState"] == "DEPLOYMENT_STATE_RUNNING"
    ready["autoscaling"]["minReplicas"] = ready["autoscaling"]["maxReplicas"] = 0
    stopping = (await client.put(f"{base}/{dep['id']}", json=ready)).json()
    assert stopping["replicas"] == 1 and stopping["status"]["deletingReplicas"] == 1
    emu.advance(6)
    assert (await client.get(f"{base}/{dep['id']}")).json()["replicas"] == 0


async def test_getbyname_of_a_missing_deployment_is_not_found(client: httpx2.AsyncClient, project_id: str) -> None:
    r = await client.get(f"/v1/projects/{project_id}/deployments/nope/getbyname")
    assert (r.status_code, r.reason_phrase) == (404, "Not Found")


async def test_secret_values_are_never_returned(client: httpx2.AsyncClient, project_id: str) -> None:
    base = f"/v1/projects/{project_id}/secrets"
    created = await client.post(base, json={"name": "TOKEN", "value": "hunter2", "type": "SECRET_TYPE_UNSPECIFIED"})
    assert created.status_code == 200
    listed = await client.get(base)
    assert "hunter2" not in created.text + listed.text
    assert [s["name"] for s in listed.json()["secrets"]] == ["TOKEN"]


async def test_demo_data_has_a_finished_job_and_a_running_deployment(
    client: httpx2.AsyncClient, project_id: str
) -> None:
    job = (await client.get(f"/v1/projects/{project_id}/jobs/find", params={"name": "demo-job"})).json()
    assert job["state"] == "completed"
    dep = (await client.get(f"/v1/projects/{project_id}/deployments/demo-api/getbyname")).json()
    assert dep["currentState"] == "DEPLOYMENT_STATE_RUNNING"
