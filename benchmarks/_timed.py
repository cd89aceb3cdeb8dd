"""Run an MCP server with server-side timing: `python benchmarks/_timed.py OUT.json -m lightning_ai_mcp [flags]` or
`python benchmarks/_timed.py OUT.json peers/minimal_server.py [args]`.

The server is the unmodified program, run in this process by runpy. Two hooks are installed first:

- around the MCP request pipeline of every `mcp` low-level `Server` (the one our server, `MCPServer` and FastMCP
  all run on): the time from the parsed JSON-RPC request to the wire-ready result dict, i.e. params validation,
  every server middleware, the handler and the result's serialization (not the final JSON encoding of the dict);
- around `httpx2.AsyncClient.send` (to the response's close when streamed, so the body's arrival counts): the
  time the request spent waiting for the upstream API, so that
  `total - upstream` is the latency the server itself adds;
- a `gc.callbacks` hook: every garbage-collector pause, by generation (records `gc0`, `gc1`, `gc2`).

The records are written to OUT.json when the server exits (stdin closed for stdio, SIGTERM/SIGINT for HTTP).
"""

from __future__ import annotations

import atexit
import contextvars
import gc
import json
import runpy
import signal
import sys
import time
from collections import defaultdict
from typing import Any

import httpx2
from mcp.server import runner

RECORDS: dict[str, list[dict[str, float]]] = defaultdict(list)
_upstream: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar("upstream", default=None)


def _install() -> None:
    compose = runner.ServerRunner._compose_server_middleware

    def timed_compose(self: Any, inner: Any) -> Any:
        call = compose(self, inner)

        async def timed(ctx: Any) -> Any:
            spent: list[float] = []
            token = _upstream.set(spent)
            start = time.perf_counter()
            try:
                return await call(ctx)
            finally:
                total = time.perf_counter() - start
                _upstream.reset(token)
                RECORDS[ctx.method].append({"total": total, "upstream": sum(spent)})

        return timed

    runner.ServerRunner._compose_server_middleware = timed_compose  # type: ignore[method-assign]

    send = httpx2.AsyncClient.send

    async def timed_send(self: httpx2.AsyncClient, *args: Any, **kwargs: Any) -> Any:
        spent = _upstream.get()
        start = time.perf_counter()
        try:
            response = await send(self, *args, **kwargs)
        except BaseException:
            if spent is not None:
                spent.append(time.perf_counter() - start)
            raise
        if spent is None:
            return response
        if not kwargs.get("stream"):
            spent.append(time.perf_counter() - start)
            return response
        close = response.aclose  # streamed: the body arrives after send() returns; the API is done at close

        async def timed_close() -> None:
            try:
                await close()
            finally:
                if response.aclose is timed_close:  # httpx2 closes at the end of the body and again on exit
                    response.aclose = close  # type: ignore[method-assign]
                    spent.append(time.perf_counter() - start)

        response.aclose = timed_close  # type: ignore[method-assign]
        return response

    httpx2.AsyncClient.send = timed_send  # type: ignore[method-assign]


def _watch_gc() -> None:
    started: list[float] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started:
            RECORDS[f"gc{info['generation']}"].append({"total": time.perf_counter() - started[0], "upstream": 0.0})

    gc.callbacks.append(callback)


def _dump(path: str) -> None:
    with open(path, "w") as f:
        json.dump(RECORDS, f)


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    out, target = sys.argv[1], sys.argv[2:]
    _install()
    _watch_gc()
    atexit.register(_dump, out)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # uvicorn replaces this with its graceful shutdown
    try:
        if target[0] == "-m":
            sys.argv = [target[1], *target[2:]]
            runpy.run_module(target[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = target
            runpy.run_path(target[0], run_name="__main__")
    except KeyboardInterrupt:  # SIGTERM from the benchmark: a normal stop
        pass


if __name__ == "__main__":
    main()
