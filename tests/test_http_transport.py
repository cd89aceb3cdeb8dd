"""Streamable HTTP: a real client over 127.0.0.1, Host/Origin checks, and the bearer token."""

from collections.abc import Iterator

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from lightning_ai_mcp.server import http_app
from tests.fake_lightning import client_factory, identity_app, membership, settings_for
from tests.live_server import live_server

pytestmark = pytest.mark.anyio

INIT = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
}
HEADERS = {"accept": "application/json, text/event-stream", "content-type": "application/json"}


@pytest.fixture
def fake_factory() -> object:
    return client_factory(identity_app([membership("prj-1", "research")]))


@pytest.fixture
def open_server(fake_factory: object) -> Iterator[str]:
    with live_server(http_app(settings_for(transport="http"), fake_factory)) as url:  # type: ignore[arg-type]
        yield url


@pytest.fixture
def token_server(fake_factory: object) -> Iterator[str]:
    app = http_app(settings_for(transport="http", http_token="s3cret-token"), fake_factory)  # type: ignore[arg-type]
    with live_server(app) as url:
        yield url


async def test_a_real_client_calls_whoami_over_streamable_http(open_server: str) -> None:
    async with Client(f"{open_server}/mcp") as client:
        result = await client.call_tool("whoami", {})
    assert not result.is_error
    assert result.structured_content is not None
    assert result.structured_content["default_teamspace"]["id"] == "prj-1"


async def test_a_foreign_host_header_is_refused(open_server: str) -> None:
    async with httpx2.AsyncClient() as http:
        response = await http.post(f"{open_server}/mcp", json=INIT, headers={**HEADERS, "host": "evil.example"})
    assert response.status_code == 421


async def test_a_foreign_origin_is_refused(open_server: str) -> None:
    async with httpx2.AsyncClient() as http:
        response = await http.post(
            f"{open_server}/mcp", json=INIT, headers={**HEADERS, "origin": "https://evil.example"}
        )
    assert response.status_code == 403


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic czNjcmV0LXRva2Vu", "s3cret-token"])
async def test_without_the_right_bearer_token_every_request_gets_401(
    token_server: str, authorization: str | None
) -> None:
    headers = dict(HEADERS) if authorization is None else {**HEADERS, "authorization": authorization}
    async with httpx2.AsyncClient() as http:
        response = await http.post(f"{token_server}/mcp", json=INIT, headers=headers)
    assert response.status_code == 401
    assert "s3cret-token" not in response.text


async def test_with_the_bearer_token_a_real_client_works(token_server: str) -> None:
    http = httpx2.AsyncClient(headers={"authorization": "Bearer s3cret-token"})
    async with http, Client(streamable_http_client(f"{token_server}/mcp", http_client=http)) as client:
        result = await client.call_tool("whoami", {})
    assert not result.is_error


async def test_the_teamspace_header_chooses_the_teamspace_per_request(fake_factory: object) -> None:
    factory = client_factory(identity_app([membership("prj-1", "research"), membership("prj-2", "prod")]))
    with live_server(http_app(settings_for(transport="http"), factory)) as url:
        http = httpx2.AsyncClient(headers={"x-lightning-teamspace": "prod"})
        async with http, Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client:
            result = await client.call_tool("whoami", {})
    assert result.structured_content is not None
    assert result.structured_content["default_teamspace"]["id"] == "prj-2"


async def test_over_http_the_default_teamspace_is_not_process_state(fake_factory: object) -> None:
    with live_server(http_app(settings_for(transport="http"), fake_factory)) as url:  # type: ignore[arg-type]
        async with Client(f"{url}/mcp") as client:
            result = await client.call_tool("set_default_teamspace", {"teamspace": "research"})
    assert result.is_error
    assert "X-Lightning-Teamspace" in result.content[0].text  # type: ignore[union-attr]
