import base64
import json
import logging
from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from lightning_ai_mcp.client import MAX_RESPONSE_BYTES, USER_AGENT, LightningClient
from lightning_ai_mcp.config import Credentials, Settings
from lightning_ai_mcp.errors import (
    ConfigError,
    InvalidArgument,
    LightningAPIError,
    OutcomeUnknown,
    UpstreamUnavailable,
)
from lightning_ai_mcp.retry import RetryPolicy

pytestmark = pytest.mark.anyio

API = "http://127.0.0.1:9"
USER_ID = "user-4242"
API_KEY = "sk-live-abcdef123456"
BASIC = base64.b64encode(f"{USER_ID}:{API_KEY}".encode()).decode()


class FakeAPI:
    """A callable fake: answers from a script of responses and records every request."""

    def __init__(self, *responses: httpx2.Response | Exception | Callable[[httpx2.Request], httpx2.Response]) -> None:
        self.script = list(responses)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        item = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(item, Exception):
            raise item
        if callable(item):
            return item(request)
        return httpx2.Response(item.status_code, headers=item.headers, content=item.content)


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def make_client(
    api: FakeAPI, creds: Credentials | None = None, sleeps: Sleeps | None = None, **kwargs: Any
) -> LightningClient:
    settings = Settings(base_url=API, credentials=creds or Credentials(USER_ID, API_KEY, None, "environment"))
    return LightningClient(settings, transport=httpx2.MockTransport(api), sleep=sleeps or Sleeps(), **kwargs)


def ok(body: Any = None, **kwargs: Any) -> httpx2.Response:
    return httpx2.Response(200, json={} if body is None else body, **kwargs)


def error(status: int, message: str = "boom", **kwargs: Any) -> httpx2.Response:
    return httpx2.Response(status, json={"code": 13, "message": message, "details": []}, **kwargs)


@pytest.mark.parametrize(
    ("creds", "expected"),
    [
        (Credentials(USER_ID, API_KEY, "jwt-token", "environment"), "Bearer jwt-token"),
        (Credentials(USER_ID, API_KEY, None, "environment"), f"Basic {BASIC}"),
        (Credentials(None, API_KEY, None, "environment"), f"Bearer {API_KEY}"),
    ],
)
async def test_the_authorization_header_follows_lightning_sdk(creds: Credentials, expected: str) -> None:
    api = FakeAPI(ok({"id": "u"}))
    async with make_client(api, creds) as client:
        assert await client.request("GET", "/v1/auth/user") == {"id": "u"}
    request = api.requests[0]
    assert request.headers["authorization"] == expected
    assert request.headers["user-agent"] == USER_AGENT
    assert str(request.url) == f"{API}/v1/auth/user"


async def test_without_credentials_no_request_is_sent_and_the_error_says_how_to_log_in() -> None:
    api = FakeAPI(ok())
    async with make_client(api, Credentials()) as client:
        with pytest.raises(ConfigError, match="LIGHTNING_API_KEY") as info:
            await client.request("GET", "/v1/auth/user")
    assert "lightning login" in str(info.value)
    assert api.requests == []


async def test_an_unauthenticated_request_is_allowed_without_credentials() -> None:
    api = FakeAPI(ok({"accelerator": []}))
    async with make_client(api, Credentials()) as client:
        await client.request("GET", "/v1/core/accelerators", authenticated=False)
    assert "authorization" not in api.requests[0].headers


async def test_bodies_are_json_and_bodyless_writes_send_an_empty_object_like_the_sdk() -> None:
    api = FakeAPI(ok())
    async with make_client(api) as client:
        await client.request("POST", "/v1/x", body={"computeConfig": {"name": "cpu-4"}})
        await client.request("DELETE", "/v1/x")
    assert json.loads(api.requests[0].content) == {"computeConfig": {"name": "cpu-4"}}
    assert api.requests[1].content == b"{}"
    assert api.requests[0].headers["content-type"] == "application/json"


async def test_query_values_are_encoded_like_the_sdk() -> None:
    api = FakeAPI(ok())
    async with make_client(api) as client:
        await client.request("GET", "/v1/x", query={"filterByUserId": True, "ids": ["a", "b"], "skip": None, "n": 3})
    assert api.requests[0].url.query == b"filterByUserId=True&ids=a&ids=b&n=3"


async def test_retry_after_is_honoured_and_the_request_retried() -> None:
    api = FakeAPI(error(429, headers={"Retry-After": "2"}), error(503, headers={"retry-after-ms": "1500"}), ok())
    sleeps = Sleeps()
    async with make_client(api, sleeps=sleeps) as client:
        await client.request("GET", "/v1/x")
    assert len(api.requests) == 3
    assert sleeps.delays == [2.0, 1.5]


async def test_a_retry_after_beyond_the_limit_fails_at_once_saying_when_to_retry() -> None:
    api = FakeAPI(error(429, "slow down", headers={"Retry-After": "600"}))
    async with make_client(api) as client:
        with pytest.raises(UpstreamUnavailable, match="retry after 600 s"):
            await client.request("GET", "/v1/x")
    assert len(api.requests) == 1


async def test_a_persistent_503_is_retried_a_bounded_number_of_times_then_reported() -> None:
    api = FakeAPI(error(503, "unavailable"))
    sleeps = Sleeps()
    async with make_client(api, sleeps=sleeps, retry_policy=RetryPolicy(max_retries=2)) as client:
        with pytest.raises(UpstreamUnavailable, match="503") as info:
            await client.request("GET", "/v1/x")
    assert len(api.requests) == 3
    assert len(sleeps.delays) == 2 and all(0 <= d <= 8 for d in sleeps.delays)
    assert info.value.status == 503


async def test_a_post_that_reached_the_server_is_not_repeated_and_the_outcome_is_called_unknown() -> None:
    api = FakeAPI(error(500, "internal"))
    async with make_client(api) as client:
        with pytest.raises(OutcomeUnknown, match="may or may not have taken effect"):
            await client.request("POST", "/v1/projects/{projectId}/cloudspaces", path_params={"projectId": "p1"})
    assert len(api.requests) == 1


async def test_a_post_whose_answer_was_lost_is_not_repeated() -> None:
    api = FakeAPI(httpx2.ReadError("connection reset"), ok())
    async with make_client(api) as client:
        with pytest.raises(OutcomeUnknown, match="not repeated"):
            await client.request("POST", "/v1/x")
    assert len(api.requests) == 1


async def test_a_post_answered_429_with_retry_after_is_retried_because_it_was_not_processed() -> None:
    api = FakeAPI(error(429, headers={"Retry-After": "1"}), ok({"id": "new"}))
    async with make_client(api) as client:
        assert await client.request("POST", "/v1/x") == {"id": "new"}
    assert len(api.requests) == 2


async def test_a_connect_error_is_retried_even_for_a_post_since_nothing_was_sent() -> None:
    api = FakeAPI(httpx2.ConnectError("refused"), httpx2.ConnectError("refused"), ok({"id": "s1"}))
    async with make_client(api) as client:
        assert await client.request("POST", "/v1/x") == {"id": "s1"}
    assert len(api.requests) == 3


async def test_connection_refused_throughout_ends_in_a_clear_error() -> None:
    api = FakeAPI(httpx2.ConnectError("refused"))
    async with make_client(api) as client:
        with pytest.raises(UpstreamUnavailable, match=r"unreachable.*3 attempts"):
            await client.request("GET", "/v1/x")


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
async def test_client_errors_are_never_retried(status: int) -> None:
    api = FakeAPI(error(status, "nope"))
    async with make_client(api) as client:
        with pytest.raises(LightningAPIError) as info:
            await client.request("GET", "/v1/x")
    assert len(api.requests) == 1
    assert info.value.status == status
    assert "nope" in str(info.value)


@pytest.mark.parametrize(
    ("status", "hint"),
    [(401, "LIGHTNING_API_KEY"), (403, "lack permission"), (404, "list tools"), (502, "try again")],
)
async def test_errors_carry_a_next_step(status: int, hint: str) -> None:
    api = FakeAPI(error(status))
    async with make_client(api, retry_policy=RetryPolicy(max_retries=0)) as client:
        with pytest.raises(LightningAPIError, match=hint):
            await client.request("GET", "/v1/x")


async def test_the_grpc_code_and_message_of_the_error_body_are_kept() -> None:
    api = FakeAPI(httpx2.Response(404, json={"code": 5, "message": "cloudspace not found", "details": []}))
    async with make_client(api) as client:
        with pytest.raises(LightningAPIError) as info:
            await client.request("GET", "/v1/x")
    assert (info.value.status, info.value.code, info.value.api_message) == (404, 5, "cloudspace not found")


@pytest.mark.parametrize(
    "response",
    [
        httpx2.Response(200, text="<html><body>502 Bad Gateway</body></html>", headers={"content-type": "text/html"}),
        httpx2.Response(200, text='{"cloudspaces": [{"id": ', headers={"content-type": "application/json"}),
    ],
)
async def test_a_body_that_is_not_json_gives_a_clear_error_with_a_short_snippet(response: httpx2.Response) -> None:
    api = FakeAPI(response)
    async with make_client(api) as client:
        with pytest.raises(LightningAPIError, match="not JSON") as info:
            await client.request("GET", "/v1/x")
    assert len(str(info.value)) < 400


async def test_an_html_error_page_is_reported_with_its_status() -> None:
    api = FakeAPI(httpx2.Response(404, text="<html>Not Found</html>", headers={"content-type": "text/html"}))
    async with make_client(api) as client:
        with pytest.raises(LightningAPIError, match=r"404.*not JSON"):
            await client.request("GET", "/v1/x")


async def test_a_response_over_the_size_cap_is_refused() -> None:
    def huge(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=b"[" + b"1," * (MAX_RESPONSE_BYTES // 2 + 10) + b"1]")

    async with make_client(FakeAPI(huge)) as client:
        with pytest.raises(LightningAPIError, match="larger than 10 MB"):
            await client.request("GET", "/v1/x")


async def test_redirects_are_not_followed() -> None:
    api = FakeAPI(httpx2.Response(302, headers={"location": "https://elsewhere.example/steal"}))
    async with make_client(api) as client:
        with pytest.raises(LightningAPIError, match="redirect"):
            await client.request("GET", "/v1/x")
    assert len(api.requests) == 1


@pytest.mark.parametrize("bad", ["..", ".", "a/b", "%2e%2e", "?x", "x#y", "a\r\nb", "", "a b", "․․", "x" * 300])
async def test_bad_path_parameters_are_rejected_before_any_request(bad: str) -> None:
    api = FakeAPI(ok())
    async with make_client(api) as client:
        with pytest.raises(InvalidArgument, match="id"):
            await client.request(
                "DELETE", "/v1/projects/{projectId}/cloudspaces/{id}", path_params={"projectId": "p", "id": bad}
            )
    assert api.requests == []


@pytest.mark.parametrize("bad", ["a/../b", "../etc/passwd", "a//b", "./a", "a/%2e%2e/b", "a\x00b"])
async def test_bad_file_paths_are_rejected_before_any_request(bad: str) -> None:
    api = FakeAPI(ok())
    async with make_client(api) as client:
        with pytest.raises(InvalidArgument, match="path"):
            await client.request(
                "GET",
                "/v1/projects/{p}/artifacts/blobs/{path}",
                path_params={"p": "p1", "path": bad},
                file_params=["path"],
            )
    assert api.requests == []


async def test_good_parameters_are_quoted_and_file_paths_keep_their_segments() -> None:
    api = FakeAPI(ok())
    async with make_client(api) as client:
        await client.request(
            "GET",
            "/v1/projects/{p}/artifacts/blobs/{path}",
            path_params={"p": "p-1", "path": "src/my file.py"},
            file_params=["path"],
        )
    assert api.requests[0].url.raw_path == b"/v1/projects/p-1/artifacts/blobs/src/my%20file.py"


async def test_an_empty_file_path_lists_the_root_but_never_deletes_it() -> None:
    api = FakeAPI(ok())
    tree = "/v1/projects/{p}/artifacts/trees/{path}"
    async with make_client(api) as client:
        await client.request("GET", tree, path_params={"p": "p1", "path": ""}, file_params=["path"])
        with pytest.raises(InvalidArgument, match="path"):
            await client.request("DELETE", tree, path_params={"p": "p1", "path": ""}, file_params=["path"])
    assert [r.url.raw_path for r in api.requests] == [b"/v1/projects/p1/artifacts/trees/"]


async def test_a_raw_download_follows_a_redirect_to_storage_without_credentials() -> None:
    api = FakeAPI(
        httpx2.Response(302, headers={"location": "https://storage.example/obj?sig=1"}),
        httpx2.Response(206, content=b"abc", headers={"content-range": "bytes 0-2/10"}),
    )
    async with make_client(api) as client:
        response = await client.request("GET", "/v1/x", raw=True, headers={"Range": "bytes=0-2"})
    assert response.status == 206 and response.body == b"abc"
    assert "authorization" in api.requests[0].headers
    assert "authorization" not in api.requests[1].headers and api.requests[1].headers["range"] == "bytes=0-2"


async def test_absolute_urls_are_never_sent_with_credentials() -> None:
    api = FakeAPI(ok())
    async with make_client(api) as client:
        for target in ("https://evil.example/v1/x", "//evil.example/v1/x"):
            with pytest.raises(InvalidArgument):
                await client.request("GET", target)
    assert api.requests == []


async def test_presigned_urls_go_out_without_credentials() -> None:
    api = FakeAPI(ok())
    async with make_client(api) as client:
        await client.presigned("PUT", "http://127.0.0.1:9/bucket/object?sig=1", b"data")
    assert "authorization" not in api.requests[0].headers


async def test_credentials_echoed_by_the_api_never_reach_errors_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    echo = f"bad key {API_KEY} from {USER_ID}:{API_KEY} header Basic {BASIC}"
    api = FakeAPI(
        httpx2.Response(401, json={"code": 16, "message": echo}), httpx2.Response(200, text=f"<p>{BASIC}</p>")
    )
    caplog.set_level(logging.DEBUG)
    async with make_client(api) as client:
        for _ in range(2):
            with pytest.raises(LightningAPIError) as info:
                await client.request("GET", "/v1/x")
            text = str(info.value) + repr(info.value) + repr(client)
            assert API_KEY not in text and BASIC not in text
    assert API_KEY not in caplog.text and BASIC not in caplog.text
