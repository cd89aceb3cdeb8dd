"""Confirmation of destructive calls in all three forms, and the tokens that must not be forged or reused."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import mcp.types as types
import pytest
from mcp import Client

from lightning_ai_mcp.emulator import Emulator
from lightning_ai_mcp.errors import OperationRefused
from lightning_ai_mcp.tools.confirm import ConfirmTokens
from tests.tools.conftest import text_of

pytestmark = pytest.mark.anyio

TOKEN = re.compile(r"confirm='([^']+)'")


def delete_args(emu: Emulator) -> dict[str, Any]:
    studio_id = next(iter(emu.world.studios))
    return {"id": "cloud_space_service_delete_cloud_space", "path_params": {"id": studio_id}}


def deletes(emu: Emulator) -> int:
    return len(emu.requests.find("DELETE"))


def answering(action: str, confirm: bool = True) -> Any:
    asked: list[str] = []

    async def callback(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(params.message)
        return types.ElicitResult(action=action, content={"confirm": confirm} if action == "accept" else None)  # type: ignore[arg-type]

    callback.asked = asked  # type: ignore[attr-defined]
    return callback


async def test_without_elicitation_a_destructive_call_returns_a_token_and_sends_nothing(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    async with Client(make_server()) as client:
        first = await client.call_tool("call_endpoint", delete_args(emu))
        assert first.is_error
        assert deletes(emu) == 0
        match = TOKEN.search(text_of(first))
        assert match, text_of(first)
        second = await client.call_tool("call_endpoint", {**delete_args(emu), "confirm": match.group(1)})
    assert not second.is_error, text_of(second)
    assert deletes(emu) == 1


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_a_client_that_can_ask_its_user_gets_asked_and_proceeds(
    mode: str, emu: Emulator, make_server: Callable[..., Any]
) -> None:
    callback = answering("accept")
    async with Client(make_server(), mode=mode, elicitation_callback=callback) as client:  # type: ignore[arg-type]
        result = await client.call_tool("call_endpoint", delete_args(emu))
    assert not result.is_error, text_of(result)
    assert callback.asked and "Delete" in callback.asked[0]
    assert deletes(emu) == 1


@pytest.mark.parametrize("mode", ["legacy", "auto"])
@pytest.mark.parametrize(("action", "confirm"), [("decline", False), ("cancel", False), ("accept", False)])
async def test_a_user_who_does_not_approve_stops_the_call(
    mode: str, action: str, confirm: bool, emu: Emulator, make_server: Callable[..., Any]
) -> None:
    async with Client(make_server(), mode=mode, elicitation_callback=answering(action, confirm)) as client:  # type: ignore[arg-type]
        result = await client.call_tool("call_endpoint", delete_args(emu))
    assert result.is_error
    assert deletes(emu) == 0


async def test_a_tampered_token_is_refused(emu: Emulator, make_server: Callable[..., Any]) -> None:
    async with Client(make_server()) as client:
        token = TOKEN.search(text_of(await client.call_tool("call_endpoint", delete_args(emu))))
        assert token
        payload, mac = token.group(1).split(".")
        forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + mac
        result = await client.call_tool("call_endpoint", {**delete_args(emu), "confirm": forged})
    assert result.is_error
    assert deletes(emu) == 0


async def test_a_token_for_other_arguments_is_refused(emu: Emulator, make_server: Callable[..., Any]) -> None:
    async with Client(make_server()) as client:
        token = TOKEN.search(text_of(await client.call_tool("call_endpoint", delete_args(emu))))
        assert token
        other = {"id": "cloud_space_service_delete_cloud_space", "path_params": {"id": "another-studio"}}
        result = await client.call_tool("call_endpoint", {**other, "confirm": token.group(1)})
    assert result.is_error and "different arguments" in text_of(result)
    assert deletes(emu) == 0


async def test_a_used_token_cannot_be_replayed(emu: Emulator, make_server: Callable[..., Any]) -> None:
    async with Client(make_server()) as client:
        token = TOKEN.search(text_of(await client.call_tool("call_endpoint", delete_args(emu))))
        assert token
        confirmed = {**delete_args(emu), "confirm": token.group(1)}
        await client.call_tool("call_endpoint", confirmed)
        replay = await client.call_tool("call_endpoint", confirmed)
    assert replay.is_error and "already used" in text_of(replay)
    assert deletes(emu) == 1


def test_an_expired_token_is_refused() -> None:
    tokens = ConfirmTokens(b"k" * 32)
    token = tokens.issue("delete_studio", {"studio": "a"}, "local", now=time.time() - 601)
    with pytest.raises(OperationRefused, match="expired"):
        tokens.check(token, "delete_studio", {"studio": "a"}, "local")


def test_a_token_of_another_key_or_caller_is_refused() -> None:
    token = ConfirmTokens(b"a" * 32).issue("t", {}, "alice")
    with pytest.raises(OperationRefused, match="not one this server issued"):
        ConfirmTokens(b"b" * 32).check(token, "t", {}, "alice")
    with pytest.raises(OperationRefused, match="another tool or caller"):
        ConfirmTokens(b"a" * 32).check(token, "t", {}, "mallory")


def test_replicas_sharing_the_state_key_honour_each_others_tokens() -> None:
    token = ConfirmTokens(b"shared-key").issue("t", {"x": 1}, "local")
    ConfirmTokens(b"shared-key").check(token, "t", {"x": 1}, "local")


async def test_reads_need_no_confirmation(emu: Emulator, make_server: Callable[..., Any]) -> None:
    async with Client(make_server()) as client:
        result = await client.call_tool("read_endpoint", {"id": "cloud_space_service_list_cloud_spaces"})
    assert not result.is_error, text_of(result)
