"""The optional HTTP control surface (`/_emulator/...`): faults, the request log and the clock.

Mounted only when `create_app(control=True)` (or `--control` on the command line): a test harness in another
process can then steer the emulator the way in-process tests do through the `Emulator` object.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .clock import ManualClock


def control_routes(emulator: Any) -> list[Route]:
    async def add_fault(request: Request) -> JSONResponse:
        spec = await request.json()
        allowed = {
            "method",
            "path",
            "status",
            "message",
            "retry_after",
            "latency",
            "drop",
            "malformed",
            "oversize",
            "times",
        }
        unknown = set(spec) - allowed
        if unknown:
            return JSONResponse({"error": f"unknown fault fields: {sorted(unknown)}"}, status_code=400)
        emulator.faults.add(**spec)
        return JSONResponse({"faults": len(emulator.faults.active())})

    async def clear_faults(request: Request) -> JSONResponse:
        emulator.faults.clear()
        return JSONResponse({"faults": 0})

    async def list_requests(request: Request) -> JSONResponse:
        return JSONResponse({"requests": [e.to_json() for e in emulator.requests.entries]})

    async def clear_requests(request: Request) -> JSONResponse:
        emulator.requests.clear()
        return JSONResponse({"requests": 0})

    async def advance(request: Request) -> JSONResponse:
        if not isinstance(emulator.clock, ManualClock):
            return JSONResponse({"error": "the clock runs in real time; only a manual clock advances"}, status_code=409)
        seconds = float((await request.json()).get("seconds", 0))
        emulator.clock.advance(seconds)
        return JSONResponse({"now": emulator.clock.now()})

    return [
        Route("/_emulator/faults", add_fault, methods=["POST"]),
        Route("/_emulator/faults", clear_faults, methods=["DELETE"]),
        Route("/_emulator/requests", list_requests, methods=["GET"]),
        Route("/_emulator/requests", clear_requests, methods=["DELETE"]),
        Route("/_emulator/clock/advance", advance, methods=["POST"]),
    ]
