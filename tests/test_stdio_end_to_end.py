"""The installed command, spawned as a stdio subprocess, driven by the real MCP client against a fake API."""

import os
import sys
from collections.abc import Iterator

import pytest
from mcp import Client, StdioServerParameters
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.live_server import live_server

pytestmark = pytest.mark.anyio

USER_ID, API_KEY = "user-e2e", "key-e2e-secret"


def fake_api() -> Starlette:
    async def user(request: Request) -> JSONResponse:
        if request.headers.get("authorization", "").startswith("Basic "):
            return JSONResponse({"id": USER_ID, "username": "ada", "email": "ada@example.com", "apiKey": API_KEY})
        return JSONResponse({"code": 16, "message": "unauthenticated", "details": []}, status_code=401)

    async def memberships(request: Request) -> JSONResponse:
        assert request.query_params["filterByUserId"] == "True"
        rows = [
            {
                "projectId": "prj-1",
                "name": "research",
                "displayName": "Research",
                "ownerId": USER_ID,
                "ownerType": "user",
            },
        ]
        return JSONResponse({"memberships": rows})

    return Starlette(routes=[Route("/v1/auth/user", user), Route("/v1/memberships", memberships)])


@pytest.fixture
def api_url() -> Iterator[str]:
    with live_server(fake_api()) as url:
        yield url


def server_params(api_url: str, **extra_env: str) -> StdioServerParameters:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/nonexistent"),
        "LIGHTNING_CLOUD_URL": api_url,
        "LIGHTNING_USER_ID": USER_ID,
        "LIGHTNING_API_KEY": API_KEY,
        **extra_env,
    }
    return StdioServerParameters(command=sys.executable, args=["-m", "lightning_ai_mcp"], env=env)


async def test_a_real_client_lists_the_tools_and_calls_whoami_over_stdio(api_url: str) -> None:
    async with Client(server_params(api_url)) as client:
        names = {tool.name for tool in (await client.list_tools()).tools}
        result = await client.call_tool("whoami", {})
    assert "whoami" in names
    assert not result.is_error
    assert result.structured_content is not None
    assert result.structured_content["user"] == {"id": USER_ID, "username": "ada", "email": "ada@example.com"}
    assert result.structured_content["default_teamspace"]["name"] == "research"
    assert API_KEY not in str(result)


async def test_without_credentials_the_server_starts_and_whoami_says_how_to_provide_them(
    api_url: str, tmp_path: object
) -> None:
    params = server_params(api_url, LIGHTNING_API_KEY="", HOME=str(tmp_path))
    async with Client(params) as client:
        assert (await client.list_tools()).tools
        result = await client.call_tool("whoami", {})
    assert result.is_error
    text = result.content[0].text  # type: ignore[union-attr]
    assert "LIGHTNING_API_KEY" in text and "lightning login" in text
