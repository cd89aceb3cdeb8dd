"""LightningClient: the only code that talks to the Lightning API.

One `httpx2.AsyncClient` for the server's life, holding the credentials and talking only to the configured host;
a second one, without credentials, for presigned upload and download URLs. Every request has a deadline, follows
the retry policy of `retry.py`, validates its path parameters before a URL exists, and turns failures into one
error type (`api_errors.py`) whose message says what to do next and never holds a credential.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import anyio
import httpx2

from lightning_ai_mcp import __version__
from lightning_ai_mcp.api_errors import RawResponse, api_error, decode_json, too_large
from lightning_ai_mcp.config import CREDENTIALS_HELP, Credentials, Settings
from lightning_ai_mcp.errors import (
    ConfigError,
    InvalidArgument,
    OutcomeUnknown,
    UpstreamUnavailable,
)
from lightning_ai_mcp.paths import build_path
from lightning_ai_mcp.redact import Redactor
from lightning_ai_mcp.retry import DEFAULT_RETRY_POLICY, RetryPolicy, retry_after_seconds

logger = logging.getLogger(__name__)

TIMEOUTS = httpx2.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
CALL_DEADLINE = 60.0
MAX_RESPONSE_BYTES = 10 * 1024 * 1024
USER_AGENT = f"lightning-ai-mcp/{__version__}"
_NEVER_SENT = (httpx2.ConnectError, httpx2.ConnectTimeout, httpx2.PoolTimeout)


def authorization_header(credentials: Credentials) -> str | None:
    """The header lightning-sdk 2026.10.13 sends: Bearer token, else Basic user:key, else Bearer key."""
    if credentials.auth_token:
        return f"Bearer {credentials.auth_token}"
    if credentials.api_key and credentials.user_id:
        return "Basic " + base64.b64encode(f"{credentials.user_id}:{credentials.api_key}".encode()).decode()
    if credentials.api_key:
        return f"Bearer {credentials.api_key}"
    return None


class LightningClient:
    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx2.AsyncBaseTransport | None = None,
        presigned_transport: httpx2.AsyncBaseTransport | None = None,
        retry_policy: RetryPolicy = DEFAULT_RETRY_POLICY,
        deadline: float = CALL_DEADLINE,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        self.base_url = settings.base_url
        self.credentials = settings.credentials
        self.redact = Redactor(self.credentials.secret_values(), self.credentials.user_id)
        self._authorization = authorization_header(self.credentials)
        self._policy = retry_policy
        self._deadline = deadline
        self._sleep = sleep
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        self._http = httpx2.AsyncClient(
            base_url=self.base_url, headers=headers, timeout=TIMEOUTS, follow_redirects=False, transport=transport
        )
        self._presigned_transport = presigned_transport or transport
        self._presigned_client: httpx2.AsyncClient | None = None

    def __repr__(self) -> str:
        return f"LightningClient({self.base_url!r}, credentials from {self.credentials.source})"

    async def __aenter__(self) -> LightningClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()
        if self._presigned_client is not None:
            await self._presigned_client.aclose()

    @property
    def _presigned(self) -> httpx2.AsyncClient:
        """The credential-free client for storage URLs, made on first use (most sessions never need it)."""
        if self._presigned_client is None:
            self._presigned_client = httpx2.AsyncClient(
                headers={"User-Agent": USER_AGENT},
                timeout=TIMEOUTS,
                follow_redirects=False,
                transport=self._presigned_transport,
            )
        return self._presigned_client

    async def request(
        self,
        method: str,
        template: str,
        *,
        path_params: Mapping[str, object] | None = None,
        file_params: Collection[str] = (),
        query: Mapping[str, Any] | None = None,
        body: Any = None,
        repeatable: bool | None = None,
        authenticated: bool = True,
        raw: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one API request and return its decoded JSON body (`{}` when empty).

        With `raw`, return the body as bytes in a `RawResponse` (file downloads); a redirect is then followed once,
        to a storage URL, by the client without credentials, as lightning-sdk's downloads follow them.
        """
        if not template.startswith("/") or template.startswith("//"):
            raise InvalidArgument("path", f"{template!r} is not an API path; only paths on {self.base_url} are used")
        # An empty file path is the root folder: listing it is fine, deleting it never is.
        root_ok = file_params if method.upper() == "GET" else ()
        path = build_path(template, path_params or {}, file_params, root_ok)
        headers = dict(headers or {})
        if authenticated:
            if self._authorization is None:
                raise ConfigError(CREDENTIALS_HELP)
            headers["Authorization"] = self._authorization
        content = None
        if method.upper() not in ("GET", "HEAD"):
            content = json.dumps({} if body is None else body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        if repeatable is None:
            repeatable = method.upper() in ("GET", "HEAD")
        params = encode_query(query or {})
        response = await self._send_with_retries(method.upper(), path, params, headers, content, repeatable)
        if raw:
            location = response.headers.get("location")
            if 300 <= response.status < 400 and location:
                forwarded = {k: v for k, v in headers.items() if k.lower() == "range"}
                return await self.presigned("GET", urljoin(f"{self.base_url}{path}", location), headers=forwarded)
            if response.status < 300:
                return response
        return decode_json(response, f"{method.upper()} {path}", self.redact)

    async def presigned(
        self, method: str, url: str, content: bytes | None = None, headers: Mapping[str, str] | None = None
    ) -> RawResponse:
        """Send to a presigned storage URL with the credential-free client (never the API key)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidArgument("url", "a presigned URL must be an absolute http(s) URL")
        request = self._presigned.build_request(method, url, content=content, headers=dict(headers or {}))
        with anyio.move_on_after(self._deadline):
            try:
                return await self._read(self._presigned, request)
            except httpx2.TransportError as exc:
                raise UpstreamUnavailable(f"transfer to storage failed ({type(exc).__name__}); try again") from None
        raise UpstreamUnavailable(f"transfer to storage did not finish within {self._deadline:g} s") from None

    async def _send_with_retries(
        self,
        method: str,
        path: str,
        params: list[tuple[str, str | int | float | bool | None]],
        headers: dict[str, str],
        content: bytes | None,
        repeatable: bool,
    ) -> RawResponse:
        started = anyio.current_time()
        attempt = 0
        what = f"{method} {path}"
        while True:
            remaining = self._deadline - (anyio.current_time() - started)
            request = self._http.build_request(method, path, params=params, headers=headers, content=content)
            response: RawResponse | None = None
            failure: str | None = None
            never_sent = False
            with anyio.move_on_after(max(remaining, 0.0)):
                try:
                    response = await self._read(self._http, request)
                except _NEVER_SENT as exc:
                    never_sent, failure = True, type(exc).__name__
                except httpx2.TransportError as exc:
                    failure = type(exc).__name__
            if response is None and failure is None:
                failure = f"no answer within the {self._deadline:g} s deadline"
            if response is None:
                logger.debug("%s failed: %s", what, failure)
                # Only retry when the backoff still fits the deadline: a call that spent it must end now.
                delay = self._policy.backoff(attempt + 1)
                left = self._deadline - (anyio.current_time() - started)
                if (never_sent or repeatable) and attempt < self._policy.max_retries and delay < left:
                    attempt += 1
                    await self._sleep(delay)
                    continue
                if not never_sent and not repeatable:
                    raise OutcomeUnknown(
                        f"{what} may have reached Lightning but no answer came back ({failure}); it was not repeated "
                        "to avoid doing it twice. Check whether it took effect (list or get the resource) before "
                        "trying again."
                    )
                raise UpstreamUnavailable(
                    f"Lightning API at {self.base_url} is unreachable ({failure}) after {attempt + 1} attempts; "
                    "check the network and try again shortly."
                )
            logger.debug("%s -> %d", what, response.status)
            if response.status < 400:
                return response
            wait = retry_after_seconds(response.headers)
            if self._policy.should_retry_status(
                response.status, repeatable=repeatable, has_retry_after=wait is not None
            ):
                delay = wait if wait is not None else self._policy.backoff(attempt + 1)
                left = self._deadline - (anyio.current_time() - started)
                if attempt < self._policy.max_retries and delay <= min(left, self._policy.max_retry_after):
                    attempt += 1
                    await self._sleep(delay)
                    continue
            raise api_error(response, what, repeatable, wait, self.redact)

    @staticmethod
    async def _read(client: httpx2.AsyncClient, request: httpx2.Request) -> RawResponse:
        response = await client.send(request, stream=True)
        try:
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                raise too_large(MAX_RESPONSE_BYTES)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise too_large(MAX_RESPONSE_BYTES)
                chunks.append(chunk)
        finally:
            await response.aclose()
        return RawResponse(response.status_code, response.reason_phrase, response.headers, b"".join(chunks))


def encode_query(query: Mapping[str, Any]) -> list[tuple[str, str | int | float | bool | None]]:
    """Encode query values as lightning-sdk does: bools as True/False, lists as repeated keys, None dropped."""
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    for key, value in query.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if item is None:
                continue
            pairs.append((key, str(item) if not isinstance(item, dict) else json.dumps(item)))
    return pairs
