"""The ASGI application: request log, faults, auth, then a stateful handler or the catalog's generic answer."""

from __future__ import annotations

import json
import traceback
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.types import Receive, Scope, Send

from .auth import authenticate
from .control import control_routes
from .errors import ApiError, error_response
from .faults import LoggedRequest, loggable_body, redact_headers
from .router import MethodNotAllowed, Router, split_path
from .routes import Req, Route
from .wire import JSONBody

MAX_BODY = 512 * 1024 * 1024


class Dispatcher:
    def __init__(self, emulator: Any) -> None:
        from .emulator import Emulator

        self.emu: Emulator = emulator
        self.router: Router[Route] = Router()
        for route in emulator.routes():
            self.router.add(route.method, route.template, route)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        method = request.method.upper()
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1").split("?", 1)[0]
        raw = await request.body()
        query = QueryParams(scope.get("query_string", b"").decode("latin-1"))
        entry = LoggedRequest(
            method,
            scope["path"],
            {k: query.getlist(k) for k in query},
            loggable_body(raw, request.headers.get("content-type", "")),
            redact_headers(list(scope.get("headers", []))),
        )
        self.emu.requests.record(entry)
        try:
            response, template = self._dispatch(request, method, raw_path, raw, query, entry)
        except ApiError as exc:
            response, template = error_response(exc.status, exc.message, exc.headers), entry.template
        except Exception as exc:  # a bug in a handler: answer like the API would, and say where
            traceback.print_exc()
            response, template = error_response(500, f"emulator error: {type(exc).__name__}: {exc}"), entry.template
        entry.template = template
        fault = self.emu.faults.take(method, scope["path"], template)
        if fault is not None:
            if fault.latency:
                await anyio.sleep(fault.latency)
            if fault.drop:
                await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]})
                await send({"type": "http.response.body", "body": b'{"partial', "more_body": True})
                raise ConnectionAbortedError("emulator dropped the connection (injected fault)")
            response = _faulty(fault, response)
        entry.status = response.status_code
        await response(scope, receive, send)

    def _dispatch(
        self, request: Request, method: str, raw_path: str, raw: bytes, query: QueryParams, entry: LoggedRequest
    ) -> tuple[Response, str]:
        segments = split_path(raw_path)
        try:
            match = self.router.match(method, segments)
        except MethodNotAllowed:
            match = None
            generic = self.emu.generic
            if generic is None or not generic.knows(method, segments):
                raise ApiError(405, f"method {method} is not allowed on {request.url.path}") from None
        route = match.payload if match is not None else None
        entry.template = match.template if match is not None else ""
        user_id = ""
        if route is None or not route.public:
            user_id = authenticate(self.emu.world, request.headers.get("authorization")) or ""
            if not user_id and query.get("token"):  # 2026.2.6 artifact calls carry the login JWT as ?token=
                user_id = self.emu.world.tokens.get(query["token"], "")
            if not user_id and not self._public_generic(method, segments):
                raise ApiError(401, "authentication failed: send Basic user_id:api_key or a Bearer token")
        body: Any = None
        if raw and (route is None or not route.raw):
            if len(raw) > MAX_BODY:
                raise ApiError(413, "request body too large")
            try:
                body = json.loads(raw)
            except ValueError:
                raise ApiError(400, "request body is not valid JSON") from None
        base_url = f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"
        generic = self.emu.generic
        if route is None:
            if generic is None:
                raise ApiError(404, f"no route for {method} {request.url.path}")
            return generic.answer(method, segments, query, body, user_id, self.emu.world)
        if generic is not None and not route.raw:
            body = generic.check(method, segments, match.template if match else "", query, body)
        req = Req(
            self.emu.world,
            method,
            request.url.path,
            match.params if match else {},
            query,
            body,
            raw,
            request.headers,
            user_id,
            base_url,
        )
        result = route.handler(req)
        if isinstance(result, Response):
            return result, entry.template
        if generic is not None:
            result = generic.conform(method, match.template if match else "", result)
        return JSONBody(result if result is not None else {}), entry.template

    def _public_generic(self, method: str, segments: list[str]) -> bool:
        return False


def _faulty(fault: Any, response: Response) -> Response:
    headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
    if fault.status is not None:
        response = error_response(fault.status, fault.message, headers)
    elif headers:
        response.headers.update(headers)
    if fault.malformed:
        return Response(
            b'{"truncated": ', status_code=response.status_code, media_type="application/json", headers=headers
        )
    if fault.oversize:
        padding = json.dumps({"padding": "x" * fault.oversize})
        return Response(padding, status_code=response.status_code, media_type="application/json", headers=headers)
    return response


def build_app(emulator: Any, control: bool) -> Starlette:
    routes: list[Any] = []
    if control:
        routes.extend(control_routes(emulator))
    routes.append(Mount("", app=Dispatcher(emulator)))
    app = Starlette(routes=routes)
    app.state.emulator = emulator
    return app
