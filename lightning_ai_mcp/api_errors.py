"""From an API response to the error a user reads: the status, the gRPC code, the API's message, what to do next.

Every message is passed through the redactor: an API that echoes the key back never gets it into an error.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lightning_ai_mcp.errors import LightningAPIError, OutcomeUnknown, UpstreamUnavailable

Redact = Callable[[str], str]
GRPC_CODES = {400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 412: 9, 429: 8, 499: 1, 500: 13, 501: 12, 503: 14, 504: 4}


@dataclass(frozen=True, slots=True)
class RawResponse:
    """A response as bytes: presigned transfers, and API downloads that are not JSON (file contents)."""

    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes


def decode_json(response: RawResponse, what: str, redact: Redact) -> Any:
    """The decoded JSON body of a successful answer (`{}` when empty); anything else is a clear error."""
    if response.status >= 300:
        raise LightningAPIError(
            f"Lightning API answered {what} with a redirect ({response.status}); redirects are not followed. "
            "Check LIGHTNING_CLOUD_URL.",
            status=response.status,
        )
    if not response.body.strip():
        return {}
    try:
        return json.loads(response.body)
    except ValueError:
        raise LightningAPIError(
            f"Lightning API answered {what} with a body that is not JSON "
            f"({response.headers.get('content-type', 'no content type')}): {snippet(response.body, redact)}",
            status=response.status,
        ) from None


def api_error(
    response: RawResponse, what: str, repeatable: bool, wait: float | None, redact: Redact
) -> LightningAPIError:
    """The error for an answer with an error status, saying whether the outcome is known and what to do."""
    status = response.status
    code: int | None = GRPC_CODES.get(status)
    message = ""
    try:
        decoded = json.loads(response.body)
        if isinstance(decoded, dict):
            message = str(decoded.get("message") or decoded.get("error") or "")
            code = decoded["code"] if isinstance(decoded.get("code"), int) else code
    except ValueError:
        message = f"(not JSON: {snippet(response.body, redact)})" if response.body.strip() else ""
    message = redact(message)[:500]
    head = f"Lightning API returned {status} {response.reason} for {what}" + (f": {message}" if message else "")
    hint = _hint(status, wait)
    kwargs: dict[str, Any] = {"status": status, "code": code, "api_message": message}
    if status >= 500 and not repeatable and status not in (501, 503):
        return OutcomeUnknown(
            f"{head}. The request reached Lightning, so it may or may not have taken effect; it was not repeated. "
            "Check whether it took effect (list or get the resource) before trying again.",
            **kwargs,
        )
    if status >= 500 or status == 429:
        return UpstreamUnavailable(f"{head}. {hint}", **kwargs)
    return LightningAPIError(f"{head}. {hint}" if hint else head, **kwargs)


def snippet(body: bytes, redact: Redact) -> str:
    """A short, redacted, single-line excerpt of a body that could not be understood."""
    text = body[:300].decode("utf-8", "replace")
    text = " ".join(redact(text).split())
    return repr(text[:160] + ("..." if len(text) > 160 else ""))


def too_large(limit: int) -> LightningAPIError:
    return LightningAPIError(
        f"Lightning API sent a response larger than {limit // (1024 * 1024)} MB; it was cut off. "
        "Ask for less (a smaller page or a narrower filter)."
    )


def _hint(status: int, wait: float | None) -> str:
    if status == 401:
        return (
            "The credentials were refused: check LIGHTNING_USER_ID and LIGHTNING_API_KEY (or run `lightning login`) "
            "and restart the server."
        )
    if status == 403:
        return "The credentials are valid but lack permission for this teamspace or operation."
    if status == 404:
        return "Check the ids and names; the list tools show what exists."
    if status == 429:
        when = f"after {wait:.0f} s" if wait is not None else "in a minute"
        return f"Lightning is rate limiting requests; retry {when}."
    if status >= 500:
        return "Lightning API is having trouble; try again shortly."
    return ""
