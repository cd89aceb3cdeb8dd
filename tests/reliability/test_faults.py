"""Upstream faults over real HTTP on 127.0.0.1: the emulator with injected faults, or a purpose-built fake.

Each test is one row of the fault matrix: retries bounded and honest about Retry-After, creates never repeated once
they may have reached the API, the per-call deadline enforced against a slow drip, bounded reads, no redirects,
no retries of 401/403, and a server that keeps answering while other calls wait in backoff.
"""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

import anyio
import pytest
from mcp import Client

from lightning_ai_mcp.client import MAX_RESPONSE_BYTES, LightningClient
from lightning_ai_mcp.emulator import Emulator
from lightning_ai_mcp.emulator.server import Served, free_port
from lightning_ai_mcp.errors import LightningAPIError, OutcomeUnknown, UpstreamUnavailable
from lightning_ai_mcp.retry import RetryPolicy
from tests.reliability.conftest import FAST_RETRIES, CredentialScanner, server_for, settings_for, text_of
from tests.reliability.fakes import (
    Call,
    ResettingListener,
    ScriptedAPI,
    Send,
    drip,
    echo_credentials,
    endless,
    respond,
    sequence,
    serve,
    wait_for_disconnect,
)

pytestmark = pytest.mark.anyio

USER = "/v1/auth/user"
CREATE_STUDIO = "cloud_space_service_create_cloud_space"


class Sleeps:
    """The client's injectable sleep, recording each backoff instead of waiting it out."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def client_for(url: str, **kwargs: Any) -> LightningClient:
    kwargs.setdefault("retry_policy", FAST_RETRIES)
    return LightningClient(settings_for(url), **kwargs)


def studios_of(emu: Emulator) -> int:
    return len(emu.world.studios) if hasattr(emu.world, "studios") else 0


@pytest.mark.parametrize(("header", "value", "wait"), [("retry-after-ms", "250", 0.25), ("Retry-After", "1", 1.0)])
async def test_429_with_retry_after_is_waited_out_and_retried(header: str, value: str, wait: float) -> None:
    api = ScriptedAPI().on("GET", USER, sequence(respond(429, {"message": "slow down"}, {header: value}), respond()))
    with serve(api) as url:
        async with client_for(url, retry_policy=RetryPolicy()) as client:
            started = time.monotonic()
            with anyio.fail_after(5):
                await client.request("GET", USER)
            elapsed = time.monotonic() - started
    assert len(api.seen()) == 2
    assert wait <= elapsed <= wait + 0.6


@pytest.mark.parametrize(("deadline", "retry_after"), [(2.0, "30"), (60.0, "600")])
async def test_a_retry_after_that_does_not_fit_fails_at_once_saying_when(deadline: float, retry_after: str) -> None:
    api = ScriptedAPI().on("GET", USER, respond(429, {"message": "slow down"}, {"Retry-After": retry_after}))
    with serve(api) as url:
        async with client_for(url, retry_policy=RetryPolicy(), deadline=deadline) as client:
            started = time.monotonic()
            with pytest.raises(UpstreamUnavailable, match=f"retry after {retry_after} s"):
                await client.request("GET", USER)
    assert time.monotonic() - started < 1
    assert len(api.seen()) == 1


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_a_persistent_5xx_on_a_read_is_retried_twice_then_reported_as_unavailable(
    emu: Emulator, served: Served, status: int
) -> None:
    emu.faults.add("GET", USER, status=status, message="upstream is down")
    async with Client(server_for(served.url)) as mcp:
        with anyio.fail_after(10):
            result = await mcp.call_tool("read_endpoint", {"id": "auth_service_get_user"})
    assert result.is_error
    assert f"returned {status}" in text_of(result) and "try again" in text_of(result)
    assert len(emu.requests.find("GET", USER)) == 3


async def test_connection_resets_on_a_read_are_retried_twice_then_reported_as_unreachable() -> None:
    with ResettingListener() as api:
        async with client_for(api.url) as client:
            with anyio.fail_after(10), pytest.raises(UpstreamUnavailable, match=r"unreachable .* after 3 attempts"):
                await client.request("GET", USER)
    assert len(api.requests) == 3


def _create(name: str) -> dict[str, Any]:
    return {"id": CREATE_STUDIO, "body": {"name": name}}


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param({"status": 500}, id="500"),
        pytest.param({"latency": 1.0}, id="timeout"),
        pytest.param({"drop": True}, id="reset"),
    ],
)
async def test_a_create_that_reached_the_api_is_never_repeated_and_the_outcome_is_unknown(
    emu: Emulator, served: Served, fault: dict[str, Any]
) -> None:
    emu.faults.add("POST", "/v1/projects/*/cloudspaces", **fault)
    before = studios_of(emu)
    async with Client(server_for(served.url, deadline=0.5)) as mcp:
        with anyio.fail_after(10):
            result = await mcp.call_tool("call_endpoint", _create("fresh-studio"))
    text = text_of(result)
    assert result.is_error
    assert "not repeated" in text and "Check whether it took effect" in text
    assert len(emu.requests.find("POST", "/v1/projects/*/cloudspaces")) == 1
    assert studios_of(emu) == before + 1  # done once by the API, never twice


async def test_a_create_reset_after_it_was_sent_is_not_repeated() -> None:
    with ResettingListener() as api:
        async with client_for(api.url) as client:
            with anyio.fail_after(10), pytest.raises(OutcomeUnknown, match="may have reached Lightning"):
                await client.request("POST", "/v1/projects/{projectId}/cloudspaces", path_params={"projectId": "p"})
    assert len(api.requests) == 1


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_connection_refused_is_retried_because_nothing_was_sent_then_reported(method: str) -> None:
    sleeps = Sleeps()
    async with client_for(f"http://127.0.0.1:{free_port()}", sleep=sleeps) as client:
        with anyio.fail_after(10), pytest.raises(UpstreamUnavailable, match=r"ConnectError\) after 3 attempts"):
            await client.request(method, "/v1/projects/{projectId}/cloudspaces", path_params={"projectId": "p"})
    assert len(sleeps.delays) == 2


async def test_a_slow_drip_is_ended_by_the_per_call_deadline_and_the_connection_closed() -> None:
    api = ScriptedAPI().on("GET", USER, drip(interval=0.02))
    with serve(api) as url:
        async with client_for(url, deadline=0.5, retry_policy=RetryPolicy()) as client:
            started = time.monotonic()
            with anyio.fail_after(5), pytest.raises(UpstreamUnavailable, match="deadline"):
                await client.request("GET", USER)
            elapsed = time.monotonic() - started
        with anyio.fail_after(5):
            while any(call.abandoned_at is None for call in api.seen()):
                await anyio.sleep(0.01)
    assert 0.5 <= elapsed < 0.8
    assert len(api.seen()) == 1  # the deadline was spent; no retry after it


async def test_a_slow_drip_on_a_create_ends_at_the_deadline_as_outcome_unknown() -> None:
    api = ScriptedAPI().on("POST", "/v1/projects/p/cloudspaces", drip(interval=0.02))
    with serve(api) as url:
        async with client_for(url, deadline=0.4) as client:
            with anyio.fail_after(5), pytest.raises(OutcomeUnknown, match="deadline"):
                await client.request("POST", "/v1/projects/{projectId}/cloudspaces", path_params={"projectId": "p"})
    assert len(api.seen()) == 1


BAD_BODIES = {
    "malformed JSON": respond(200, raw=b'{"id": "x", "name": '),
    "HTML error page": respond(
        502,
        raw=b"<html><head><title>502</title></head><body>" + b"Bad Gateway " * 200 + b"</body></html>",
        headers={"content-type": "text/html"},
    ),
    "HTML with 200": respond(200, raw=b"<!doctype html><html>login</html>", headers={"content-type": "text/html"}),
    "wrong content type": respond(
        200, raw=b"\x89PNG\r\n\x1a\n" + bytes(range(256)), headers={"content-type": "image/png"}
    ),
    "empty JSON type": respond(200, raw=b"id=1&name=x", headers={"content-type": "application/x-www-form-urlencoded"}),
}


@pytest.mark.parametrize("kind", list(BAD_BODIES))
async def test_a_body_that_is_not_json_gives_a_clear_short_error_and_no_traceback(kind: str) -> None:
    api = ScriptedAPI().on("GET", USER, BAD_BODIES[kind])
    with serve(api) as url:
        async with Client(server_for(url, retry_policy=RetryPolicy(max_retries=0))) as mcp:
            with anyio.fail_after(10):
                result = await mcp.call_tool("read_endpoint", {"id": "auth_service_get_user"})
                still_serving = await mcp.call_tool("describe_endpoint", {"id": "auth_service_get_user"})
    text = text_of(result)
    assert result.is_error
    assert "not JSON" in text
    assert len(text) < 600
    assert "Traceback" not in text and 'File "' not in text
    assert not still_serving.is_error


async def test_a_truncated_body_is_retried_on_a_read_then_reported(emu: Emulator, served: Served) -> None:
    emu.faults.add("GET", USER, drop=True)
    async with Client(server_for(served.url)) as mcp:
        with anyio.fail_after(10):
            result = await mcp.call_tool("read_endpoint", {"id": "auth_service_get_user"})
    assert result.is_error and "unreachable" in text_of(result)
    assert "Traceback" not in text_of(result)
    assert len(emu.requests.find("GET", USER)) == 3


async def test_an_endless_body_is_cut_at_the_size_cap_with_bounded_memory() -> None:
    api = ScriptedAPI().on("GET", USER, endless())
    with serve(api) as url:
        async with client_for(url, retry_policy=RetryPolicy(max_retries=0)) as client:
            tracemalloc.start()
            try:
                with anyio.fail_after(20), pytest.raises(LightningAPIError, match="larger than 10 MB"):
                    await client.request("GET", USER)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    assert peak < 3 * MAX_RESPONSE_BYTES


async def test_a_declared_huge_body_is_refused_before_it_is_read() -> None:
    async def huge(call: Call, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"52428800")]})
        await send({"type": "http.response.body", "body": b"[" * 1024, "more_body": True})
        await wait_for_disconnect(call)

    api = ScriptedAPI().on("GET", USER, huge)
    with serve(api) as url:
        async with client_for(url, retry_policy=RetryPolicy(max_retries=0)) as client:
            with anyio.fail_after(2), pytest.raises(LightningAPIError, match="larger than 10 MB"):
                await client.request("GET", USER)


async def test_a_large_answer_through_a_tool_stays_under_the_result_limit(emu: Emulator, served: Served) -> None:
    emu.faults.add("GET", USER, oversize=2_000_000)
    async with Client(server_for(served.url)) as mcp:
        with anyio.fail_after(10):
            result = await mcp.call_tool("read_endpoint", {"id": "auth_service_get_user"})
    assert len(text_of(result)) <= 20_000
    assert "truncated" in text_of(result) or result.is_error


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_a_redirect_to_another_host_is_not_followed(method: str) -> None:
    attacker = ScriptedAPI().on("*", "*", respond(200, {"stolen": True}))
    with serve(attacker) as attacker_url:
        api = ScriptedAPI().on("*", "*", respond(302, {}, {"location": f"{attacker_url}/steal"}))
        with serve(api) as url:
            async with client_for(url) as client:
                with anyio.fail_after(5), pytest.raises(LightningAPIError, match="redirects are not followed"):
                    await client.request(method, "/v1/projects/{projectId}/cloudspaces", path_params={"projectId": "p"})
    assert len(api.seen()) == 1
    assert attacker.seen() == []


@pytest.mark.parametrize(
    ("status", "advice"),
    [(401, "LIGHTNING_API_KEY"), (403, "lack permission")],
)
async def test_401_and_403_are_not_retried_and_say_what_to_do(status: int, advice: str) -> None:
    from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_USER_ID

    api = ScriptedAPI().on("GET", USER, echo_credentials(status, DEMO_USER_ID, DEMO_API_KEY))
    with serve(api) as url:
        async with Client(server_for(url)) as mcp:
            with anyio.fail_after(10):
                result = await mcp.call_tool("read_endpoint", {"id": "auth_service_get_user"})
    text = text_of(result)
    assert result.is_error
    assert f"returned {status}" in text and advice in text
    assert len(api.seen()) == 1
    assert CredentialScanner(DEMO_USER_ID, DEMO_API_KEY).find([text]) == []


async def test_while_many_calls_wait_in_backoff_other_calls_still_answer(emu: Emulator, served: Served) -> None:
    emu.faults.add("GET", "/v1/projects/*/cloudspaces", status=503, retry_after="1", times=50)
    waiting: list[Any] = []
    async with Client(server_for(served.url)) as mcp:
        await mcp.call_tool("whoami", {})  # teamspace resolved once, before the storm
        with anyio.fail_after(15):
            async with anyio.create_task_group() as tg:

                async def slow() -> None:
                    waiting.append(
                        await mcp.call_tool("read_endpoint", {"id": "cloud_space_service_list_cloud_spaces"})
                    )

                for _ in range(50):
                    tg.start_soon(slow)
                while len(emu.requests.find("GET", "/v1/projects/*/cloudspaces")) < 50:
                    await anyio.sleep(0.01)
                latencies = []
                for _ in range(10):
                    started = time.monotonic()
                    answer = await mcp.call_tool("read_endpoint", {"id": "auth_service_get_user"})
                    latencies.append(time.monotonic() - started)
                    assert not answer.is_error
                answered_while_waiting = len(waiting)
    assert answered_while_waiting == 0  # all 50 were still in backoff
    assert max(latencies) < 0.25
    assert len(waiting) == 50 and not any(r.is_error for r in waiting)
