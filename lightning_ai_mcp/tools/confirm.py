"""Confirmation of destructive (and expensive) actions.

Three forms, in order: the client asks its user mid-call (elicitation); a 2026-07-28 client gets an `input_required`
result and asks on the retry; any other client gets a confirm token and a one-line summary, and the same call
repeated with `confirm=<token>` proceeds. Tokens are HMAC-sealed with the state key (`LIGHTNING_MCP_STATE_KEY`,
shared by replicas), bound to the tool, its arguments and the caller, and valid for ten minutes. A client with none
of these is never silently approved.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections import OrderedDict
from typing import Any

from lightning_ai_mcp.errors import ConfirmationRequired, OperationRefused

TOKEN_TTL_SECONDS = 600
CONFIRM_ARG = {
    "type": "string",
    "description": "Confirm token from a previous call of this tool with the same arguments, once the user agreed.",
}
_USED_MEMORY = 4096


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def arguments_digest(arguments: dict[str, Any]) -> str:
    bound = {k: v for k, v in arguments.items() if k != "confirm"}
    return hashlib.sha256(json.dumps(bound, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


class ConfirmTokens:
    """Seals and checks confirm tokens; remembers the ones this process has honoured, so each works once here."""

    def __init__(self, key: bytes, ttl: float = TOKEN_TTL_SECONDS) -> None:
        self._key = key
        self._ttl = ttl
        self._used: OrderedDict[str, float] = OrderedDict()

    def __repr__(self) -> str:
        return "ConfirmTokens()"

    def issue(self, tool: str, arguments: dict[str, Any], principal: str, now: float | None = None) -> str:
        claims = {
            "t": tool,
            "a": arguments_digest(arguments),
            "p": principal,
            "e": int((now if now is not None else time.time()) + self._ttl),
            "n": secrets.token_hex(8),
        }
        payload = json.dumps(claims, separators=(",", ":")).encode()
        return f"{_b64(payload)}.{_b64(self._mac(payload))}"

    def check(self, token: str, tool: str, arguments: dict[str, Any], principal: str, now: float | None = None) -> None:
        """Accept a token once, or raise saying why it was refused."""
        now = now if now is not None else time.time()
        try:
            payload_part, mac_part = token.split(".")
            payload = _unb64(payload_part)
            claims = json.loads(payload)
            valid_mac = hmac.compare_digest(_unb64(mac_part), self._mac(payload))
        except (ValueError, TypeError):
            raise OperationRefused(_refusal("is malformed")) from None
        if not valid_mac or not isinstance(claims, dict):
            raise OperationRefused(_refusal("is not one this server issued"))
        if claims.get("t") != tool or claims.get("p") != principal:
            raise OperationRefused(_refusal("was issued for another tool or caller"))
        if claims.get("a") != arguments_digest(arguments):
            raise OperationRefused(_refusal("was issued for different arguments"))
        if not isinstance(claims.get("e"), int) or now >= claims["e"]:
            raise OperationRefused(_refusal("has expired"))
        nonce = str(claims.get("n"))
        if nonce in self._used:
            raise OperationRefused(_refusal("was already used"))
        self._used[nonce] = claims["e"]
        while len(self._used) > _USED_MEMORY:
            self._used.popitem(last=False)

    def required(self, summary: str, tool: str, arguments: dict[str, Any], principal: str) -> ConfirmationRequired:
        return ConfirmationRequired(summary, self.issue(tool, arguments, principal))

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()


def _refusal(reason: str) -> str:
    return f"the confirm token {reason}; call the tool again without confirm to get a new one, then ask the user"
