"""Secret tools: names out, values in (write-only, never echoed), upsert by name as lightning-sdk does; models."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lightning_ai_mcp.emulator import Emulator
from tests.tools.conftest import text_of
from tests.tools.workflow import call, ok

pytestmark = pytest.mark.anyio
VALUE = "hf_s3cr3t_value_9f8e7d"


async def test_set_secret_creates_then_updates_by_name_and_never_echoes_the_value(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    created = await call(make_server, "set_secret", {"name": "HF_TOKEN", "value": VALUE})
    assert not created.is_error, text_of(created)
    assert VALUE not in text_of(created) and created.structured_content["action"] == "created"
    (post,) = emu.requests.find("POST", "*/secrets")
    assert post.body == {"name": "HF_TOKEN", "value": "***", "type": "SECRET_TYPE_UNSPECIFIED"}
    updated = await ok(make_server, "set_secret", {"name": "HF_TOKEN", "value": VALUE + "2"})
    assert updated["action"] == "updated"
    (put,) = emu.requests.find("PUT", "*/secrets/*")
    assert put.path.endswith(f"/secrets/{created.structured_content['secret']['id']}") and set(put.body) == {"value"}
    assert list(emu.world.secret_values.values()) == [VALUE + "2"]


async def test_list_secrets_shows_names_only(make_server: Callable[..., Any]) -> None:
    await ok(make_server, "set_secret", {"name": "DB_PASSWORD", "value": VALUE})
    listed = await call(make_server, "list_secrets", {})
    assert [s["name"] for s in listed.structured_content["secrets"]] == ["DB_PASSWORD"]
    assert VALUE not in text_of(listed)


async def test_a_bad_secret_name_is_refused_before_any_request(emu: Emulator, make_server: Callable[..., Any]) -> None:
    result = await call(make_server, "set_secret", {"name": "9-bad", "value": VALUE})
    assert result.is_error and "name" in text_of(result) and VALUE not in text_of(result)
    assert not emu.requests.find("POST")


async def test_models_and_datasets_are_listed_with_versions(emu: Emulator, make_context: Callable[..., Any]) -> None:
    from lightning_ai_mcp.tools.models import list_models
    from lightning_ai_mcp.tools.operations import call_operation

    ctx = make_context()
    await call_operation(
        ctx, "models_store_create_model", body={"name": "llama-ft", "clusterId": "lightning-public-prod"}
    )
    listed = await list_models(ctx, {})
    assert [m["name"] for m in listed["items"]] == ["llama-ft"] and listed["items"][0]["default_version"] == "v0"
    one = await list_models(ctx, {"name": "llama-ft"})
    assert [v["version"] for v in one["items"][0]["versions"]] == ["v0"]
    assert (await list_models(ctx, {"kind": "dataset"}))["items"] == []
    await ctx.client.aclose()
