"""Job tools against the emulator: the bodies lightning-sdk 2026.10.13's Job.run sends, waits, progress,
cancellation, confirmation of stops, logs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from lightning_ai_mcp.emulator import Emulator
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.jobs import run_job
from tests.tools.conftest import text_of
from tests.tools.workflow import call, demo_studio, ok, requests_after_cancelling_its_wait, token_of

pytestmark = pytest.mark.anyio


async def test_a_studio_job_sends_the_sdk_body_and_waits_until_it_runs(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    messages: list[str | None] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        messages.append(message)

    args = {"name": "train", "studio": "demo-studio", "command": "sleep 60", "env": {"A": "1"}}
    async with Client(make_server()) as client:
        result = await client.call_tool("run_job", args, progress_callback=on_progress)
    assert not result.is_error, text_of(result)
    (post,) = emu.requests.find("POST", "*/jobs")
    spec = post.body["spec"]
    assert post.body["name"] == "train" and set(post.body) == {"name", "spec"}
    assert re.fullmatch(r"[0-9a-f]{32}", spec.pop("runId"))
    assert spec == {
        "cloudspaceId": demo_studio(emu).id,
        "clusterId": demo_studio(emu).cluster_id,
        "command": "sleep 60",
        "env": [{"name": "A", "value": "***"}],
        "image": "",
        "instanceName": "cpu-4",
        "spot": False,
        "imageClusterCredentials": False,
        "imageSecretRef": "",
        "pathMappings": [],
        "volumes": [],
    }
    assert [j.spec["env"] for j in emu.world.jobs.values() if j.name == "train"] == [[{"name": "A", "value": "1"}]]
    data = result.structured_content
    assert data["job"]["state"] == "running" and data["hourly_rate_usd"] > 0
    assert data["machine"] == {"name": "CPU_X_4", "slug": "cpu-4", "interruptible": False, "count": 1}
    assert messages and "pending" in str(messages[0])


async def test_an_image_job_runs_its_command_through_sh_c_on_the_default_cluster(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    await ok(make_server, "run_job", {"name": "img", "image": "python:3.12", "command": "python -V", "machine": "T4"})
    (post,) = emu.requests.find("POST", "*/jobs")
    spec = post.body["spec"]
    assert spec["image"] == "python:3.12" and spec["entrypoint"] == "sh -c" and spec["cloudspaceId"] == ""
    assert spec["runId"] == "" and spec["clusterId"] == "lightning-public-prod" and spec["instanceName"] == "lit-t4-1"


async def test_machines_above_one_make_a_multi_machine_job(emu: Emulator, make_server: Callable[..., Any]) -> None:
    args = {"name": "ddp", "studio": "demo-studio", "command": "python train.py", "machines": 2, "wait_seconds": 0}
    data = await ok(make_server, "run_job", args)
    (post,) = emu.requests.find("POST", "*/multi-machine-jobs")
    assert set(post.body) == {"name", "spec", "clusterId", "machines"} and post.body["machines"] == 2
    assert "volumes" not in post.body["spec"]
    assert data["job"]["machines"] == 2 and data["machine"]["count"] == 2
    assert not emu.requests.find("POST", "*/jobs")


async def test_a_job_needs_exactly_one_of_studio_and_image(emu: Emulator, make_server: Callable[..., Any]) -> None:
    for args in ({"name": "x", "command": "ls"}, {"name": "x", "studio": "demo-studio", "image": "i", "command": "ls"}):
        result = await call(make_server, "run_job", args)
        assert result.is_error and "studio" in text_of(result)
    assert not emu.requests.find("POST")


async def test_the_hourly_cap_refuses_a_job_before_anything_starts(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    args = {"name": "big", "image": "python:3.12", "command": "true", "machine": "A100_X_8"}
    result = await call(make_server, "run_job", args, max_hourly_cost=1.0)
    assert result.is_error and "USD/h" in text_of(result)
    assert not emu.requests.find("POST", "*/jobs")


async def test_a_job_above_the_threshold_needs_confirmation(emu: Emulator, make_server: Callable[..., Any]) -> None:
    args = {"name": "big", "image": "python:3.12", "command": "true", "machine": "A100_X_8", "wait_seconds": 0}
    async with Client(make_server()) as client:
        first = await client.call_tool("run_job", args)
        assert first.is_error and not emu.requests.find("POST", "*/jobs")
        second = await client.call_tool("run_job", {**args, "confirm": token_of(text_of(first))})
    assert not second.is_error, text_of(second)
    assert len(emu.requests.find("POST", "*/jobs")) == 1


async def test_list_jobs_is_compact_and_one_job_is_shown_in_full(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    listed = await ok(make_server, "list_jobs", {})
    (row,) = listed["jobs"]
    assert row == {
        "id": row["id"],
        "name": "demo-job",
        "state": "completed",
        "machine": "lit-t4-1",
        "created": row["created"],
    }
    assert emu.requests.find("GET", "*/jobs")[0].query["standalone"] == ["True"]
    full = await ok(make_server, "list_jobs", {"job": "demo-job"})
    assert full["job"]["spec"]["command"].startswith("python main.py")


async def test_stopping_a_job_asks_first_then_stops_it(emu: Emulator, make_server: Callable[..., Any]) -> None:
    await ok(make_server, "run_job", {"name": "long", "studio": "demo-studio", "command": "sleep 600"})
    async with Client(make_server()) as client:
        first = await client.call_tool("stop_job", {"job": "long"})
        assert first.is_error and not emu.requests.find("PUT", "*/jobs/*")
        second = await client.call_tool("stop_job", {"job": "long", "confirm": token_of(text_of(first))})
    assert not second.is_error, text_of(second)
    (put,) = emu.requests.find("PUT", "*/jobs/*")
    assert put.body == {"state": "stop"}
    assert second.structured_content["job"]["state"] == "stopped"


async def test_a_finished_job_needs_no_stop(emu: Emulator, make_server: Callable[..., Any]) -> None:
    data = await ok(make_server, "stop_job", {"job": "demo-job"})
    assert "already completed" in data["note"] and not emu.requests.find("PUT")


async def test_an_unknown_job_names_list_jobs(make_server: Callable[..., Any]) -> None:
    result = await call(make_server, "stop_job", {"job": "ghost"})
    assert result.is_error and "list_jobs" in text_of(result)


async def test_job_logs_are_plain_text_without_timestamps(emu: Emulator, make_server: Callable[..., Any]) -> None:
    await ok(make_server, "run_job", {"name": "hi", "studio": "demo-studio", "command": "echo hello; echo world"})
    emu.advance(30)
    logs = await ok(make_server, "get_job_logs", {"job": "hi"})
    assert logs["text"] == "hello\nworld" and logs["total_lines"] == 2 and logs["state"] == "completed"
    (asked,) = emu.requests.find("GET", "*/download-logs")
    assert asked.query == {"cloudspaceId": [demo_studio(emu).id], "deploymentId": [""], "rank": ["0"]}
    tail = await ok(make_server, "get_job_logs", {"job": "hi", "lines": 1})
    assert tail["text"] == "world" and tail["first_line"] == 1
    page = await ok(make_server, "get_job_logs", {"job": "hi", "lines": 1, "start_line": 0})
    assert page["text"] == "hello" and page["next_start_line"] == 1


async def test_a_running_jobs_logs_come_from_the_live_log_pages(emu: Emulator, make_server: Callable[..., Any]) -> None:
    args = {"name": "live", "studio": "demo-studio", "command": "echo started; sleep 600; echo done"}
    await ok(make_server, "run_job", args)
    logs = await ok(make_server, "get_job_logs", {"job": "live"})
    assert logs["state"] == "running"
    assert logs["text"] == "started"
    (asked,) = emu.requests.find("GET", "/v1/projects/*/page-logs")
    assert asked.query["jobIds"] == [logs_job_id(emu, "live")]
    assert not emu.requests.find("GET", "*/download-logs")


def logs_job_id(emu: Emulator, name: str) -> str:
    return next(job.id for job in emu.world.jobs.values() if job.name == name)


async def test_a_cancelled_run_stops_polling_at_once(emu: Emulator, make_context: Callable[..., ToolContext]) -> None:
    before, after = await requests_after_cancelling_its_wait(
        emu, make_context(), run_job, {"name": "c", "studio": "demo-studio", "command": "echo x"}
    )
    assert after == before
