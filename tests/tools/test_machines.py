"""list_machines and the pricing API: live prices and capacity from the accelerator catalog, names resolved by
family and count."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lightning_ai_mcp.emulator import Emulator
from lightning_ai_mcp.emulator.machines import find_machine
from lightning_ai_mcp.errors import InvalidArgument
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.pricing import Machine, hourly_rate, resolve_machine
from tests.tools.conftest import text_of
from tests.tools.workflow import call, ok

pytestmark = pytest.mark.anyio


async def test_prices_and_capacity_flow_from_the_accelerator_catalog_into_the_listing(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    emu.world.out_of_capacity["lit-h100-8"] = True
    listed = await ok(make_server, "list_machines", {"machine": "H100"})
    rows = {r["slug"]: r for r in listed["machines"]}
    assert set(rows) == {"lit-h100-1", "lit-h100-2", "lit-h100-4", "lit-h100-8"}
    for slug, row in rows.items():
        machine = find_machine(slug)
        assert machine is not None
        assert (row["usd_h"], row["spot_usd_h"], row["gpus"]) == (machine.cost, machine.spot_price, machine.gpus)
    assert rows["lit-h100-8"]["name"] == "H100_X_8"
    assert rows["lit-h100-8"]["capacity"] is False and rows["lit-h100-4"]["capacity"] is True
    assert listed["clouds"] == ["AWS", "GCP"]
    accelerators = emu.requests.find("GET", "/v1/core/accelerators")
    assert {e.query["cloudProvider"][0] for e in accelerators} == {"AWS", "GCP"}


async def test_a_machine_without_spot_shows_spot_zero_and_waits_show(make_server: Callable[..., Any]) -> None:
    listed = await ok(make_server, "list_machines", {"machine": "B200_X_8"})
    (row,) = listed["machines"]
    assert row["spot_usd_h"] == 0 and row["wait_s"] == 3600


async def test_every_sandbox_price_says_it_is_illustrative(make_server: Callable[..., Any]) -> None:
    listed = await ok(make_server, "list_machines", {}, sandbox=True)
    assert "illustrative" in listed["prices"]
    assert "prices" not in await ok(make_server, "list_machines", {})


async def test_an_unknown_cloud_is_refused_naming_the_clouds(make_server: Callable[..., Any]) -> None:
    result = await call(make_server, "list_machines", {"cloud": "AZURE"})
    assert result.is_error and "AWS" in text_of(result)


async def test_all_clouds_list_each_cloud_once(make_server: Callable[..., Any]) -> None:
    listed = await ok(make_server, "list_machines", {"cloud": "all", "machine": "T4_SMALL"})
    assert [(r["cloud"], r["slug"]) for r in listed["machines"]] == [
        ("AWS", "lit-t4-1-small"),
        ("GCP", "lit-t4-1-small"),
    ]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("H100_X_8", "lit-h100-8"),
        ("h100", "lit-h100-1"),
        ("T4", "lit-t4-1"),
        ("T4_SMALL", "lit-t4-1-small"),
        ("CPU", "cpu-4"),
        ("CPU_SMALL", "cpu-2"),
        ("CPU_X_16", "cpu-16"),
        ("DATA_PREP_MAX", "data-prep-max-large"),
        ("A100_X_8", "lit-a100-8"),
        ("A100_40GB_X_2", "lit-a100-40gb-2"),
        ("RTXP_6000_X_2", "lit-rtx-6000-pro-2"),
        ("lit-h200x-8", "lit-h200-8"),
        ("lit-l4-4", "lit-l4-4"),
    ],
)
async def test_friendly_names_and_old_slugs_resolve_to_the_live_sku(
    name: str, slug: str, make_context: Callable[..., ToolContext]
) -> None:
    machine = await resolve_machine(make_context(), name)
    assert machine.slug == slug


async def test_an_unknown_machine_lists_close_choices(make_context: Callable[..., ToolContext]) -> None:
    with pytest.raises(InvalidArgument) as info:
        await resolve_machine(make_context(), "H100_X_3")
    assert info.value.field == "machine"
    assert "H100_X_2" in info.value.problem and "list_machines" in info.value.problem


def test_the_hourly_rate_is_per_machine_times_count_and_spot_zero_is_refused() -> None:
    h100x8 = Machine("lit-h100-8", "H100", 8, 64, 28.0, 12.6, False, 0.0)
    assert hourly_rate(h100x8, spot=False) == 28.0
    assert hourly_rate(h100x8, spot=True, count=3) == pytest.approx(37.8)
    b200 = Machine("lit-b200-8", "B200", 8, 64, 52.0, 0.0, False, 0.0)
    with pytest.raises(InvalidArgument, match="no spot offer"):
        hourly_rate(b200, spot=True)
