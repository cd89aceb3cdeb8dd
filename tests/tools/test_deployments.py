"""Deployment tools against the emulator: lightning-sdk 2026.10.13's create body, whole-object updates, stopping
by scaling to zero with confirmation, rollout waits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from lightning_ai_mcp.emulator import Emulator
from tests.tools.conftest import text_of
from tests.tools.workflow import call, demo_studio, ok, token_of

pytestmark = pytest.mark.anyio


async def test_an_image_deployment_sends_the_sdk_create_body_and_waits_for_a_ready_replica(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    args = {"name": "api", "image": "nginx", "command": "nginx -g 'daemon off;'", "ports": [8080]}
    data = await ok(make_server, "create_deployment", args)
    (post,) = emu.requests.find("POST", "*/deployments")
    assert post.body == {
        "name": "api",
        "autoscaling": {
            "enabled": True,
            "minReplicas": 0,
            "maxReplicas": 1,
            "targetMetric": [{"name": "CPU", "target": "90"}],
        },
        "clusterId": "lightning-public-prod",
        "endpoint": {"ports": ["8080"]},
        "replicas": 1,
        "spec": {
            "clusterId": "lightning-public-prod",
            "command": "nginx -g 'daemon off;'",
            "image": "nginx",
            "includeCredentials": True,
            "instanceName": "cpu-4",
            "pathMappings": [],
            "readinessProbe": {
                "failureThreshold": 3600,
                "initialDelaySeconds": 0,
                "intervalSeconds": 1,
                "timeoutSeconds": 60,
            },
        },
    }
    assert data["deployment"]["state"] == "running" and data["deployment"]["ready"] == 1
    assert data["hourly_rate_usd"]["min"] == 0 and data["hourly_rate_usd"]["max"] > 0


async def test_a_studio_deployment_takes_the_studio_cluster_and_gpu_autoscaling(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    args: dict[str, Any] = {"name": "svc", "studio": "demo-studio", "command": "python serve.py", "ports": [8000]}
    args |= {"machine": "T4", "min_replicas": 1, "max_replicas": 3, "wait_seconds": 0}
    data = await ok(make_server, "create_deployment", args)
    (post,) = emu.requests.find("POST", "*/deployments")
    assert post.body["cloudspaceId"] == post.body["spec"]["cloudspaceId"] == demo_studio(emu).id
    assert "replicas" not in post.body and "image" not in post.body["spec"]
    assert post.body["autoscaling"]["targetMetric"] == [{"name": "GPU", "target": "90"}]
    assert post.body["autoscaling"]["minReplicas"] == 1 and post.body["autoscaling"]["maxReplicas"] == 3
    assert data["hourly_rate_usd"]["max"] == pytest.approx(3 * data["hourly_rate_usd"]["min"])


async def test_list_deployments_is_compact_and_one_is_shown_in_full(make_server: Callable[..., Any]) -> None:
    listed = await ok(make_server, "list_deployments", {})
    (row,) = listed["deployments"]
    assert row["name"] == "demo-api" and row["state"] == "running" and row["url"]
    full = await ok(make_server, "list_deployments", {"deployment": "demo-api"})
    assert full["deployment"]["spec"]["image"] == "python:3.12-slim"


async def test_scaling_to_zero_asks_first_and_puts_the_whole_deployment(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    await ok(make_server, "create_deployment", {"name": "api", "image": "nginx", "ports": [80], "wait_seconds": 0})
    async with Client(make_server()) as client:
        first = await client.call_tool("update_deployment", {"deployment": "api", "max_replicas": 0})
        assert first.is_error and not emu.requests.find("PUT")
        args = {"deployment": "api", "max_replicas": 0, "confirm": token_of(text_of(first))}
        second = await client.call_tool("update_deployment", args)
    assert not second.is_error, text_of(second)
    (put,) = emu.requests.find("PUT", "*/deployments/*")
    assert put.body["autoscaling"]["minReplicas"] == 0 and put.body["autoscaling"]["maxReplicas"] == 0
    assert (
        put.body["name"] == "api" and put.body["spec"]["image"] == "nginx" and put.body["endpoint"]["ports"] == ["80"]
    )
    assert second.structured_content["deployment"]["state"] == "stopped"


async def test_a_new_command_is_a_new_release_with_a_rolling_strategy(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    data = await ok(make_server, "update_deployment", {"deployment": "demo-api", "command": "python app.py"})
    (put,) = emu.requests.find("PUT", "*/deployments/*")
    assert put.body["spec"]["command"] == "python app.py"
    assert put.body["strategy"] == {"type": "rolling_update", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}
    assert data["new_release"] is True and data["hourly_rate_usd"] > 0


async def test_min_above_max_is_refused_before_anything_is_sent(emu: Emulator, make_server: Callable[..., Any]) -> None:
    args = {"name": "x", "image": "nginx", "ports": [80], "min_replicas": 3, "max_replicas": 1}
    result = await call(make_server, "create_deployment", args)
    assert result.is_error and "max_replicas" in text_of(result)
    assert not emu.requests.find("POST")


async def test_an_unknown_deployment_names_list_deployments(make_server: Callable[..., Any]) -> None:
    result = await call(make_server, "update_deployment", {"deployment": "ghost", "max_replicas": 2})
    assert result.is_error and "list_deployments" in text_of(result)
