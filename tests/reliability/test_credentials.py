"""Credentials and secrets never leave the server: not in tool output, not in logs at DEBUG, not in exceptions.

A hostile fake echoes the key back in every form it travels in (raw, `user:key`, base64, URL-encoded, the
Authorization header) in bodies, headers and error messages; the scanner looks for each form, and for 12-character
pieces of the key, in everything the server produced.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from mcp import Client

from lightning_ai_mcp.catalog import load_catalog
from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_USER_ID, Emulator
from lightning_ai_mcp.emulator.server import Served
from lightning_ai_mcp.errors import LightningAPIError
from lightning_ai_mcp.server import configure_logging
from lightning_ai_mcp.tools.generated import operation_tools, tool_name
from tests.reliability.conftest import CredentialScanner, client_factory, server_for, settings_for, text_of
from tests.reliability.fakes import Call, ScriptedAPI, Send, credential_forms, echo_credentials, respond, serve

pytestmark = pytest.mark.anyio

USER_ID, API_KEY = "usr-echo-1", "sk-live-Zq81vX0pL3mN7tR5yW2a"
SCANNER = CredentialScanner(USER_ID, API_KEY)
PER_OPERATION_USER_TOOL = next(
    s.name for s in operation_tools() if s.toolset == "auth_service" and "get_user" in s.name
)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Logging as `lightning-ai-mcp --verbose` sets it up (DEBUG), captured; logger levels restored afterwards."""
    loggers = [logging.getLogger(name) for name in logging.root.manager.loggerDict]
    levels = {logger.name: logger.level for logger in loggers}
    caplog.set_level(logging.DEBUG)
    configure_logging(logging.DEBUG)
    yield caplog
    for logger in loggers:
        logger.setLevel(levels[logger.name])
    for name in ("httpx2", "httpx", "httpcore2", "httpcore", "mcp"):
        logging.getLogger(name).setLevel(levels.get(name, logging.NOTSET))


def echoing_api(error_status: int | None = None) -> ScriptedAPI:
    forms = " ".join(credential_forms(USER_ID, API_KEY).values())

    async def memberships(call: Call, send: Send) -> None:
        row = {
            "projectId": "prj-1",
            "name": "research",
            "displayName": f"Research {forms}",
            "ownerId": USER_ID,
            "ownerType": "user",
            "description": call.headers.get("authorization", ""),
        }
        await respond(200, {"memberships": [row]}, {"x-echo": call.headers.get("authorization", "")})(call, send)

    api = ScriptedAPI()
    if error_status is not None:
        return api.on("*", "*", echo_credentials(error_status, USER_ID, API_KEY))
    api.on("GET", "/v1/auth/user", echo_credentials(200, USER_ID, API_KEY, shape="user"))
    api.on("GET", "/v1/memberships", memberships)
    return api.on("*", "*", echo_credentials(200, USER_ID, API_KEY, shape="other"))


def everything(result: Any) -> str:
    return text_of(result) + json.dumps(result.structured_content or {})


CALLS: list[tuple[str, dict[str, Any]]] = [
    ("whoami", {}),
    ("list_teamspaces", {}),
    ("read_endpoint", {"id": "auth_service_get_user"}),
    ("read_endpoint", {"id": "cloud_space_service_list_cloud_spaces"}),
    ("call_endpoint", {"id": "cloud_space_service_create_cloud_space", "body": {"name": "s1"}}),
    (PER_OPERATION_USER_TOOL, {}),
]


@pytest.mark.parametrize("error_status", [None, 400, 401, 403, 500, 503])
async def test_credentials_echoed_by_the_api_never_reach_tool_output_or_debug_logs(
    error_status: int | None, debug_logs: pytest.LogCaptureFixture
) -> None:
    api = echoing_api(error_status)
    outputs: list[str] = []
    with serve(api) as url:
        server = server_for(url, user_id=USER_ID, api_key=API_KEY, toolsets=("default", "auth_service"))
        async with Client(server) as mcp:
            for name, arguments in CALLS:
                with anyio.fail_after(10):
                    outputs.append(everything(await mcp.call_tool(name, arguments)))
    assert len(api.seen()) >= len(CALLS)  # the fake really answered, echoing the key each time
    assert SCANNER.find(outputs) == []
    assert debug_logs.records  # DEBUG logging was on
    assert SCANNER.find([debug_logs.text, *(str(r.args) for r in debug_logs.records)]) == []


@pytest.mark.parametrize("status", [200, 401, 500])
async def test_credentials_echoed_by_the_api_never_reach_exception_text(status: int) -> None:
    api = ScriptedAPI().on("*", "*", echo_credentials(status, USER_ID, API_KEY, shape="other"))
    with serve(api) as url:
        client = client_factory()(settings_for(url, user_id=USER_ID, api_key=API_KEY))
        async with client:
            texts = [repr(client), repr(client.credentials), repr(client.redact)]
            try:
                with anyio.fail_after(10):
                    answer = await client.request(
                        "POST", "/v1/projects/{projectId}/cloudspaces", path_params={"projectId": "p"}
                    )
                assert answer  # a success carries no exception; its fields are shaped by the tools
            except LightningAPIError as exc:
                chain: BaseException | None = exc
                while chain is not None:
                    texts += [str(chain), repr(chain), repr(chain.args), repr(vars(chain))]
                    chain = chain.__cause__ or chain.__context__
    assert SCANNER.find(texts) == []


async def test_credential_fields_are_masked_through_curated_generic_and_per_operation_tools(
    emu: Emulator, served: Served
) -> None:
    scanner = CredentialScanner(DEMO_USER_ID, DEMO_API_KEY)
    server = server_for(served.url, toolsets=("default", "auth_service"))
    async with Client(server) as mcp:
        with anyio.fail_after(10):
            results = [
                await mcp.call_tool("whoami", {}),
                await mcp.call_tool("read_endpoint", {"id": "auth_service_get_user"}),
                await mcp.call_tool("call_endpoint", {"id": "GET /v1/auth/user"}),
                await mcp.call_tool(PER_OPERATION_USER_TOOL, {}),
            ]
    assert all(not r.is_error for r in results)
    generic = json.loads(text_of(results[1]))["result"]
    assert generic["apiKey"] == "***"  # the field is there, its value masked
    assert scanner.find(everything(r) for r in results) == []


SECRET_VALUE = "hunter2-very-secret-value-Q7"


async def test_secret_values_are_write_only(
    emu: Emulator, served: Served, debug_logs: pytest.LogCaptureFixture
) -> None:
    outputs: list[str] = []
    async with Client(server_for(served.url)) as mcp:
        with anyio.fail_after(10):
            for arguments in ({"name": "HF_TOKEN", "value": SECRET_VALUE}, {"name": "HF_TOKEN", "value": SECRET_VALUE}):
                result = await mcp.call_tool("set_secret", arguments)
                assert not result.is_error, text_of(result)
                outputs.append(everything(result))
            outputs.append(everything(await mcp.call_tool("list_secrets", {})))
            body = {"name": "OTHER", "value": SECRET_VALUE, "type": "SECRET_TYPE_UNSPECIFIED"}
            outputs.append(
                everything(await mcp.call_tool("call_endpoint", {"id": "secret_service_create_secret", "body": body}))
            )
            outputs.append(everything(await mcp.call_tool("read_endpoint", {"id": "secret_service_list_secrets"})))
            outputs.append(everything(await mcp.call_tool("set_secret", {"name": "bad name!", "value": SECRET_VALUE})))
    assert "HF_TOKEN" in outputs[2]
    assert not any(SECRET_VALUE in text for text in [*outputs, debug_logs.text])
    assert any(e.method == "POST" and "secrets" in e.path for e in emu.requests.entries)


async def test_a_secret_value_quoted_back_in_an_api_error_is_not_returned() -> None:
    async def quoting(call: Call, send: Send) -> None:
        await respond(400, {"code": 3, "message": f"invalid secret body {call.body.decode()}"})(call, send)

    api = ScriptedAPI().on(
        "GET",
        "/v1/memberships",
        respond(
            200, {"memberships": [{"projectId": "prj-1", "name": "research", "ownerId": USER_ID, "ownerType": "user"}]}
        ),
    )
    api.on("GET", "/v1/projects/prj-1/secrets", respond(200, {"secrets": []}))
    api.on("GET", "/v1/auth/user", respond(200, {"id": USER_ID, "username": "ada"}))
    api.on("POST", "/v1/projects/prj-1/secrets", quoting)
    with serve(api) as url:
        async with Client(server_for(url, user_id=USER_ID, api_key=API_KEY)) as mcp:
            with anyio.fail_after(10):
                curated = await mcp.call_tool("set_secret", {"name": "HF_TOKEN", "value": SECRET_VALUE})
    assert curated.is_error
    assert SECRET_VALUE not in text_of(curated)


async def test_a_secret_value_echoed_by_the_api_is_scrubbed_on_every_route() -> None:
    async def echo_body(call: Call, send: Send) -> None:
        sent = json.loads(call.body or b"{}")
        await respond(200, {"id": "sec-1", "name": sent.get("name", "X"), "value": sent.get("value")})(call, send)

    api = ScriptedAPI().on(
        "GET",
        "/v1/memberships",
        respond(
            200, {"memberships": [{"projectId": "prj-1", "name": "research", "ownerId": USER_ID, "ownerType": "user"}]}
        ),
    )
    api.on("GET", "/v1/projects/prj-1/secrets", respond(200, {"secrets": []}))
    api.on("POST", "/v1/projects/prj-1/secrets", echo_body)
    body = {"name": "HF_TOKEN", "value": SECRET_VALUE, "type": "SECRET_TYPE_UNSPECIFIED"}
    per_operation = tool_name(load_catalog().operation("secret_service_create_secret"))
    with serve(api) as url:
        async with Client(
            server_for(url, user_id=USER_ID, api_key=API_KEY, toolsets=("default", "secret_service"))
        ) as mcp:
            with anyio.fail_after(10):
                results = [
                    await mcp.call_tool("set_secret", {"name": "HF_TOKEN", "value": SECRET_VALUE}),
                    await mcp.call_tool("call_endpoint", {"id": "secret_service_create_secret", "body": body}),
                    await mcp.call_tool(per_operation, {"body": body}),
                ]
    for result in results:
        assert not result.is_error, text_of(result)
        assert SECRET_VALUE not in everything(result)
