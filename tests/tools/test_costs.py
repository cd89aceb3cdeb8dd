"""Cost awareness: quotes, what is billing now, the spend cap and threshold on every route, idle clean-up."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from lightning_ai_mcp.emulator import Emulator, ManualClock
from lightning_ai_mcp.emulator.machines import find_machine
from tests.tools.conftest import text_of
from tests.tools.workflow import call, ok, start_demo

pytestmark = pytest.mark.anyio

HOURS_AGO = 2


@pytest.fixture
def emu() -> Emulator:
    # Durations are measured against the wall clock, so the simulated world starts two real hours ago.
    return Emulator(ManualClock(start=time.time() - HOURS_AGO * 3600))


def cost(slug: str, spot: bool = False) -> float:
    machine = find_machine(slug)
    assert machine is not None
    return machine.spot_price if spot else machine.cost


async def call_endpoint(make_server: Callable[..., Any], args: dict[str, Any], **settings: Any) -> None:
    result = await call(make_server, "call_endpoint", args, **settings)
    assert not result.is_error, text_of(result)


def image_job(name: str, machine: str) -> dict[str, Any]:
    spec = {"image": "ubuntu:24.04", "command": "sleep 100000", "instanceName": machine, "spot": False}
    return {"id": "jobs_service_create_job", "body": {"name": name, "spec": spec}}


async def test_a_quote_prices_the_whole_machine_not_each_gpu(make_server: Callable[..., Any]) -> None:
    quote = await ok(make_server, "quote_cost", {"machine": "H100_X_8", "hours": 4})
    assert quote["usd_per_hour"] == cost("lit-h100-8") == 28.0
    assert quote["total_usd"] == pytest.approx(28.0 * 4)
    assert any("not each GPU" in step for step in quote["arithmetic"])


async def test_a_quote_multiplies_machines_and_gives_a_replica_range(make_server: Callable[..., Any]) -> None:
    mmt = await ok(make_server, "quote_cost", {"machine": "A100_X_8", "count": 3, "hours": 2})
    assert mmt["total_usd"] == pytest.approx(cost("lit-a100-8") * 3 * 2)
    replicas = await ok(make_server, "quote_cost", {"machine": "L4", "count": 1, "max_count": 4})
    assert replicas["usd_per_hour"] == cost("lit-l4-1")
    assert replicas["usd_per_hour_max"] == pytest.approx(cost("lit-l4-1") * 4)
    assert "until_stopped" in replicas


async def test_a_spot_quote_uses_the_spot_price_and_spot_zero_is_no_spot(make_server: Callable[..., Any]) -> None:
    spot = await ok(make_server, "quote_cost", {"machine": "T4", "interruptible": True})
    assert spot["usd_per_hour"] == cost("lit-t4-1", spot=True)
    refused = await call(make_server, "quote_cost", {"machine": "H200", "interruptible": True})
    assert refused.is_error and "no spot offer" in text_of(refused)


async def test_drive_storage_is_free_up_to_10_gb_then_ten_cents_a_month(make_server: Callable[..., Any]) -> None:
    quote = await ok(make_server, "quote_cost", {"machine": "CPU", "storage_gb": 50, "hours": 730})
    assert quote["storage_usd_per_month"] == pytest.approx(4.0)
    assert quote["total_usd"] == pytest.approx(cost("cpu-4") * 730 + 4.0)


async def test_what_4_hours_on_an_h100_cost_and_what_is_spent_now_takes_two_calls(
    make_server: Callable[..., Any],
) -> None:
    async with Client(make_server(sandbox=True)) as client:
        quote = await client.call_tool("quote_cost", {"machine": "H100", "hours": 4})
        spend = await client.call_tool("current_spend", {})
    assert quote.structured_content is not None and spend.structured_content is not None
    assert quote.structured_content["total_usd"] == pytest.approx(cost("lit-h100-1") * 4)
    assert "total_usd_per_hour" in spend.structured_content
    assert "illustrative" in quote.structured_content["prices"] and "illustrative" in spend.structured_content["prices"]


async def test_current_spend_totals_match_the_running_resources(emu: Emulator, make_server: Callable[..., Any]) -> None:
    await start_demo(make_server, "L4")
    await call_endpoint(make_server, image_job("train", "lit-t4-1"))
    mmt_spec = {"image": "ubuntu:24.04", "command": "sleep 100000", "instanceName": "lit-t4-2", "spot": False}
    mmt = {"name": "ddp", "machines": 2, "spec": mmt_spec, "clusterId": "lightning-public-prod"}
    await call_endpoint(make_server, {"id": "jobs_service_create_multi_machine_job", "body": mmt})
    emu.advance(120)
    spend = await ok(make_server, "current_spend", {})
    by_kind = {row["kind"]: row for row in spend["billing"]}
    assert set(by_kind) == {"studio", "job", "multi-machine job", "deployment"}
    assert by_kind["multi-machine job"]["usd_per_hour"] == pytest.approx(2 * cost("lit-t4-2"))
    deployment = next(d for d in emu.world.deployments.values())
    replicas = deployment.to_json(emu.world.now(), "http://emulator")["replicas"]
    expected = cost("lit-l4-1") + cost("lit-t4-1") + 2 * cost("lit-t4-2") + replicas * cost("cpu-4")
    assert spend["total_usd_per_hour"] == pytest.approx(expected)
    assert by_kind["deployment"]["hours_running"] > 0
    assert by_kind["studio"]["hours_running"] == pytest.approx(HOURS_AGO, abs=0.2)


async def test_the_cap_refuses_a_start_with_the_number_and_the_cap_and_sends_nothing(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    result = await call(
        make_server, "start_studio", {"studio": "demo-studio", "machine": "H100_X_8"}, max_hourly_cost=5
    )
    assert result.is_error and "28.00 USD/h" in text_of(result) and "5 USD/h cap" in text_of(result)
    assert not emu.requests.find("POST", "*/start")


async def test_the_cap_covers_call_endpoint_for_studio_starts_and_jobs(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    studio_id = next(iter(emu.world.studios))
    start = {
        "id": "cloud_space_service_start_cloud_space_instance",
        "path_params": {"id": studio_id},
        "body": {"computeConfig": {"name": "lit-h100-8", "spot": False}},
    }
    for args in (start, image_job("big", "lit-h100-8")):
        result = await call(make_server, "call_endpoint", args, max_hourly_cost=5)
        assert result.is_error and "28.00 USD/h" in text_of(result)
    assert not emu.requests.find("POST", "*/start") and not emu.requests.find("POST", "*/jobs")


async def test_a_cheap_call_endpoint_job_passes_under_the_cap(emu: Emulator, make_server: Callable[..., Any]) -> None:
    await call_endpoint(make_server, image_job("small", "cpu-4"), max_hourly_cost=5)
    assert emu.requests.find("POST", "*/jobs")


async def test_above_the_threshold_a_start_asks_first_and_proceeds_with_the_token(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    args = {"studio": "demo-studio", "machine": "H100_X_4"}
    async with Client(make_server()) as client:
        asked = await client.call_tool("start_studio", args)
        assert asked.is_error and "14.00 USD/h" in text_of(asked)
        assert not emu.requests.find("POST", "*/start")
        token = re.search(r"confirm='([^']+)'", text_of(asked))
        assert token
        started = await client.call_tool("start_studio", {**args, "confirm": token.group(1)})
    assert started.structured_content is not None, text_of(started)
    assert started.structured_content["hourly_rate_usd"] == cost("lit-h100-4")
    assert len(emu.requests.find("POST", "*/start")) == 1


async def test_below_the_threshold_a_start_needs_no_confirmation(make_server: Callable[..., Any]) -> None:
    started = await start_demo(make_server, "H100_X_2")
    assert started["hourly_rate_usd"] == 7.0 < 10


async def test_stop_idle_stops_only_studios_idle_long_enough_after_confirmation(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    await start_demo(make_server)
    emu.advance(90 * 60)
    await ok(make_server, "create_studio", {"name": "busy"})
    await ok(make_server, "start_studio", {"studio": "busy"})
    async with Client(make_server()) as client:
        asked = await client.call_tool("stop_idle", {"idle_minutes": 60})
        assert asked.is_error and "demo-studio" in text_of(asked) and "busy" not in text_of(asked)
        assert not emu.requests.find("POST", "*/stop")
        token = re.search(r"confirm='([^']+)'", text_of(asked))
        assert token
        done = await client.call_tool("stop_idle", {"idle_minutes": 60, "confirm": token.group(1)})
    assert done.structured_content is not None, text_of(done)
    assert [row["studio"] for row in done.structured_content["stopped"]] == ["demo-studio"]
    assert done.structured_content["stopped"][0]["status"] == "Stopped"
    (stop,) = emu.requests.find("POST", "*/stop")
    assert stop.path.endswith(f"/{next(iter(emu.world.studios))}/stop")
