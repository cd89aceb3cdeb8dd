"""Small purpose-built fakes of a misbehaving Lightning API, served on 127.0.0.1 for the length of a test.

`ScriptedAPI` is a raw ASGI app: each (method, path) answers with a behaviour (a status and body, a slow drip, an
endless body, a redirect, a hang until the client gives up, an echo of the credentials) and every request is
recorded, including when the client abandoned it. `ResettingListener` accepts connections, reads one request and
resets the connection without answering: the request reached the server, the answer never came back.
"""

from __future__ import annotations

import base64
import json
import socket
import struct
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from tests.live_server import live_server

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Behaviour = Callable[["Call", Send], Awaitable[None]]


@dataclass
class Call:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    started: float
    receive: Receive
    abandoned_at: float | None = None
    """When the client closed the connection before the answer was complete."""


@dataclass
class ScriptedAPI:
    routes: dict[tuple[str, str], Behaviour] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on(self, method: str, path: str, behaviour: Behaviour) -> ScriptedAPI:
        self.routes[(method.upper(), path)] = behaviour
        return self

    def seen(self, method: str | None = None, path: str | None = None) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if (method in (None, c.method)) and (path in (None, c.path))]

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                kind = (await receive())["type"]
                await send({"type": f"{kind}.complete"})
                if kind == "lifespan.shutdown":
                    return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        call = Call(scope["method"], scope["path"], headers, body, time.monotonic(), receive)
        with self.lock:
            self.calls.append(call)
        behaviour = self.routes.get((call.method, call.path)) or self.routes.get(("*", "*")) or not_found
        try:
            await behaviour(call, send)
        except OSError:
            call.abandoned_at = call.abandoned_at or time.monotonic()


async def _start(send: Send, status: int, headers: dict[str, str]) -> None:
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})


def respond(status: int = 200, body: Any = None, headers: dict[str, str] | None = None, raw: bytes | None = None):  # type: ignore[no-untyped-def]
    """A fixed answer: JSON `body`, or `raw` bytes with the given headers."""
    content = raw if raw is not None else json.dumps({} if body is None else body).encode()
    head = {"content-type": "application/json", "content-length": str(len(content)), **(headers or {})}

    async def behaviour(call: Call, send: Send) -> None:
        await _start(send, status, head)
        await send({"type": "http.response.body", "body": content})

    return behaviour


not_found = respond(404, {"code": 5, "message": "not found", "details": []})


def sequence(*behaviours: Behaviour) -> Behaviour:
    """Answer successive requests with successive behaviours; the last one repeats."""
    queue = list(behaviours)

    async def behaviour(call: Call, send: Send) -> None:
        current = queue.pop(0) if len(queue) > 1 else queue[0]
        await current(call, send)

    return behaviour


async def wait_for_disconnect(call: Call) -> None:
    """Block until the client goes away, recording when (uvicorn reports it as http.disconnect)."""
    while (await call.receive())["type"] != "http.disconnect":
        pass
    call.abandoned_at = time.monotonic()


def hang() -> Behaviour:
    """Never answer; note when the client abandons the request."""

    async def behaviour(call: Call, send: Send) -> None:
        await wait_for_disconnect(call)

    return behaviour


def drip(interval: float = 0.05, chunk: bytes = b" ") -> Behaviour:
    """A 200 whose body arrives one byte at a time, forever: no single read ever times out."""

    async def behaviour(call: Call, send: Send) -> None:
        import anyio

        await _start(send, 200, {"content-type": "application/json"})
        await send({"type": "http.response.body", "body": b"{", "more_body": True})
        async with anyio.create_task_group() as tg:

            async def watch() -> None:
                await wait_for_disconnect(call)
                tg.cancel_scope.cancel()

            tg.start_soon(watch)
            while True:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await anyio.sleep(interval)

    return behaviour


def endless(chunk_size: int = 256 * 1024) -> Behaviour:
    """A 200 without a length whose body never ends; counts what it managed to send."""

    async def behaviour(call: Call, send: Send) -> None:
        import anyio

        await _start(send, 200, {"content-type": "application/json"})
        piece = b"[" + b'"xxxxxxxxxxxxxx",' * (chunk_size // 17)
        sent = 0
        async with anyio.create_task_group() as tg:

            async def watch() -> None:
                await wait_for_disconnect(call)
                tg.cancel_scope.cancel()

            tg.start_soon(watch)
            while True:
                await send({"type": "http.response.body", "body": piece, "more_body": True})
                sent += len(piece)
                call.headers["x-bytes-sent"] = str(sent)
                await anyio.sleep(0)

    return behaviour


def credential_forms(user_id: str, api_key: str) -> dict[str, str]:
    """Every form a leaked key travels in: raw, user:key, their base64 and URL-encoded forms, and the header."""
    pair = f"{user_id}:{api_key}"
    basic = base64.b64encode(pair.encode()).decode()
    return {
        "raw": api_key,
        "pair": pair,
        "base64_pair": basic,
        "base64_key": base64.b64encode(api_key.encode()).decode(),
        "urlencoded_pair": quote(pair, safe=""),
        "urlencoded_key": quote(api_key, safe=""),
        "header": f"Basic {basic}",
    }


def echo_credentials(status: int, user_id: str, api_key: str, shape: str = "user") -> Behaviour:
    """Answer with every form of the credentials (and the Authorization header it got) in the body and headers."""
    forms = credential_forms(user_id, api_key)

    async def behaviour(call: Call, send: Send) -> None:
        echoed = call.headers.get("authorization", "")
        leak = " ".join([*forms.values(), echoed])
        if status >= 400:
            payload: Any = {"code": 16, "message": f"bad credentials {leak}", "details": [leak]}
        elif shape == "user":
            payload = {
                "id": user_id,
                "username": f"ada {forms['raw']}",
                "email": f"{forms['base64_pair']}@example.com",
                "apiKey": api_key,
                "note": leak,
                "nested": {"authorization": echoed, "list": [forms["urlencoded_pair"], forms["pair"]]},
            }
        else:
            payload = {"echo": leak, "items": [{"name": forms["base64_key"], "token": api_key}]}
        content = json.dumps(payload).encode()
        headers = {
            "content-type": "application/json",
            "content-length": str(len(content)),
            "x-echo-authorization": echoed,
            "x-echo-key": api_key,
        }
        await _start(send, status, headers)
        await send({"type": "http.response.body", "body": content})

    return behaviour


@contextmanager
def serve(app: Any) -> Iterator[str]:
    with live_server(app) as url:
        yield url


class ResettingListener:
    """A TCP listener that reads each request in full, then resets the connection (RST) without answering."""

    def __init__(self) -> None:
        self.requests: list[bytes] = []
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ResettingListener:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        data += conn.recv(65536) or b""
                    head, _, rest = data.partition(b"\r\n\r\n")
                    length = next(
                        (
                            int(line.split(b":")[1])
                            for line in head.split(b"\r\n")
                            if line.lower().startswith(b"content-length")
                        ),
                        0,
                    )
                    while len(rest) < length:
                        rest += conn.recv(65536)
                except OSError:
                    continue
                self.requests.append(head + b"\r\n\r\n" + rest)
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
