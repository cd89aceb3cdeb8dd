"""Studio tools against the emulator: the requests lightning-sdk 2026.10.13 sends, waits, progress, cancellation,
confirmation, paging and error paths."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from lightning_ai_mcp.emulator import Emulator
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.studio_start import start_studio
from tests.tools.conftest import text_of
from tests.tools.workflow import call, demo_studio, ok, requests_after_cancelling_its_wait, start_demo, token_of

pytestmark = pytest.mark.anyio


async def test_list_studios_is_a_compact_projection_paged_with_a_cursor(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    for name in ("a-one", "a-two"):
        await ok(make_server, "create_studio", {"name": name})
    first = await ok(make_server, "list_studios", {"limit": 2})
    assert len(first["studios"]) == 2 and first["next_cursor"]
    assert set(first["studios"][0]) == {"id", "name", "status", "machine", "interruptible", "created"}
    second = await ok(make_server, "list_studios", {"limit": 2, "cursor": first["next_cursor"]})
    names = {s["name"] for s in first["studios"] + second["studios"]}
    assert names == {"a-one", "a-two", "demo-studio"}
    assert emu.requests.find("GET", "*/cloudspaces")[-1].query["pageToken"] == [first["next_cursor"]]


async def test_create_studio_sends_what_the_sdk_sends(emu: Emulator, make_server: Callable[..., Any]) -> None:
    created = await ok(make_server, "create_studio", {"name": "fresh"})
    (post,) = emu.requests.find("POST", "*/cloudspaces")
    assert post.body == {
        "name": "fresh",
        "displayName": "fresh",
        "seedFiles": [{"path": "main.py", "contents": "print('Hello, Lightning World!')\n"}],
        "disableSecrets": False,
        "sandbox": False,
    }
    (run,) = emu.requests.find("POST", "*/runs")
    assert run.path.endswith(f"/cloudspaces/{created['id']}/runs")
    assert run.body == {"clusterId": "lightning-public-prod", "localSource": True}
    assert created["status"] == "Stopped"


async def test_get_studio_by_name_or_id_shows_machine_auto_sleep_and_ports(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    studio = demo_studio(emu)
    await ok(make_server, "expose_port", {"studio": "demo-studio", "port": 8000})
    by_id = await ok(make_server, "get_studio", {"studio": studio.id})
    assert by_id["name"] == "demo-studio" and by_id["machine"] == "cpu-4"
    assert by_id["auto_sleep"] == {"enabled": True, "idle_seconds": 3600}
    assert by_id["ports"][0]["port"] == "8000" and by_id["ports"][0]["url"].startswith("https://")


async def test_a_missing_studio_names_list_studios(make_server: Callable[..., Any]) -> None:
    result = await call(make_server, "get_studio", {"studio": "nope"})
    assert result.is_error and "list_studios" in text_of(result)


async def test_start_studio_sends_the_sdk_start_and_waits_with_progress(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    messages: list[str | None] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        messages.append(message)

    async with Client(make_server()) as client:
        result = await client.call_tool(
            "start_studio",
            {"studio": "demo-studio", "machine": "T4", "interruptible": True},
            progress_callback=on_progress,
        )
    assert not result.is_error, text_of(result)
    started = result.structured_content
    assert started is not None
    assert started["status"] == "Running" and started["ready"] is True and started["action"] == "started"
    assert started["hourly_rate_usd"] == 0.25  # the emulator's spot price of lit-t4-1
    (post,) = emu.requests.find("POST", "*/start")
    assert post.body == {"computeConfig": {"name": "lit-t4-1", "spot": True}}
    assert len(emu.requests.find("GET", "*/codestatus")) > 5
    assert messages and any("provisioning" in (m or "") for m in messages)


async def test_a_start_that_outlasts_the_wait_returns_the_state_and_continues_without_a_second_start(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    args = {"studio": "demo-studio", "machine": "L4", "wait_seconds": 3, "max_runtime_seconds": 3600}
    first = await ok(make_server, "start_studio", args)
    assert first["ready"] is False and first["status"] == "Pending" and "start_studio again" in first["next"]
    assert emu.requests.find("POST", "*/start")[0].body["computeConfig"]["requestedRunDurationSeconds"] == "3600"
    second = await ok(make_server, "start_studio", {**args, "wait_seconds": 30})
    assert second["ready"] is True and second["action"] == "already running"
    assert len(emu.requests.find("POST", "*/start")) == 1


async def test_an_out_of_capacity_machine_is_refused_before_anything_is_spent(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    emu.world.out_of_capacity["lit-l40s-4"] = True
    result = await call(make_server, "start_studio", {"studio": "demo-studio", "machine": "L40S_X_4"})
    assert result.is_error and "out of capacity" in text_of(result) and "L40S" in text_of(result)
    assert not emu.requests.find("POST", "*/start")


async def test_a_running_studio_switches_machine_through_codeconfig_and_switch_confirm(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    await start_demo(make_server)
    switched = await ok(make_server, "start_studio", {"studio": "demo-studio", "machine": "L4"})
    assert switched["action"] == "switched" and switched["ready"] is True
    (put,) = emu.requests.find("PUT", "*/codeconfig")
    assert put.body == {"computeConfig": {"name": "lit-l4-1", "spot": False}}
    assert len(emu.requests.find("POST", "*/switch-confirm")) == 1
    assert emu.requests.entries.index(put) < emu.requests.entries.index(
        emu.requests.find("POST", "*/switch-confirm")[0]
    )
    assert demo_studio(emu).in_use is not None and demo_studio(emu).in_use.machine == "lit-l4-1"  # type: ignore[union-attr]


async def test_stop_studio_needs_confirmation_then_stops_and_waits(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    await start_demo(make_server)
    async with Client(make_server()) as client:
        asked = await client.call_tool("stop_studio", {"studio": "demo-studio"})
        assert asked.is_error and not emu.requests.find("POST", "*/stop")
        token = token_of(text_of(asked))
        stopped = await client.call_tool("stop_studio", {"studio": "demo-studio", "confirm": token})
    assert stopped.structured_content is not None, text_of(stopped)
    assert stopped.structured_content["status"] == "Stopped"
    (stop,) = emu.requests.find("POST", "*/stop")
    assert stop.body == {}
    assert demo_studio(emu).in_use is None


async def test_stopping_a_stopped_studio_sends_nothing(emu: Emulator, make_server: Callable[..., Any]) -> None:
    stopped = await ok(make_server, "stop_studio", {"studio": "demo-studio"})
    assert stopped["action"] == "nothing to stop" and not emu.requests.find("POST")


async def test_expose_port_sends_the_sdk_body_and_is_idempotent(emu: Emulator, make_server: Callable[..., Any]) -> None:
    studio = demo_studio(emu)
    first = await ok(make_server, "expose_port", {"studio": "demo-studio", "port": 8080, "name": "web"})
    again = await ok(make_server, "expose_port", {"studio": "demo-studio", "port": 8080})
    (post,) = emu.requests.find("POST", "*/endpoints")
    assert post.body == {
        "ports": ["8080"],
        "cloudspace": {"cloudspaceId": studio.id, "port": "8080", "type": "ENDPOINT_PLUGIN_PORT", "autoStart": False},
        "name": "web",
    }
    assert again["url"] == first["url"] and again["action"] == "already exposed"


async def test_a_cancelled_start_stops_polling_at_once(emu: Emulator, make_context: Callable[..., ToolContext]) -> None:
    before, after = await requests_after_cancelling_its_wait(
        emu, make_context(), start_studio, {"studio": "demo-studio", "machine": "T4"}
    )
    assert after == before
