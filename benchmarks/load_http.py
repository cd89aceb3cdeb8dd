"""Load on streamable HTTP: N concurrent MCP clients x M calls against the emulator with injected latency.

Three processes, so that the numbers mean something on a small machine: the emulator (50 ms injected on every
request), the MCP server (measured from the inside), and this load generator. The server process times every
POST /mcp and every upstream request made while serving it, so "added latency" is what the server itself adds
(time in the server minus time waiting on the API), not what a load generator sharing the CPU observes. It also
samples its event-loop lag and its RSS.

    python benchmarks/load_http.py                       # 100 clients x 20 calls, 50 ms upstream latency
    python benchmarks/load_http.py --clients 20 --calls 5
    python benchmarks/soak_http.py --minutes 3           # repeated rounds; RSS trend (see soak_http.py)

Not part of CI. Prints a JSON summary (and a one-line human summary to stderr).
"""

from __future__ import annotations

import argparse
import contextvars
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from typing import Any

import anyio
import httpx2

CALLS = (
    ("read_endpoint", {"id": "auth_service_get_user"}),
    ("list_studios", {}),
    ("whoami", {}),
    ("get_studio", {"studio": "demo-studio"}),
)
DEMO_USER_ID, DEMO_API_KEY = "emu-user-0001", "emu-demo-key-7f3c2a91d5e84b06"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def rss_mb(pid: int | None = None) -> float:
    with open(f"/proc/{pid or 'self'}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# --- the measured server (runs in its own process) ------------------------------------------------------------

_UPSTREAM: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar("upstream", default=None)


def serve(port: int, api_url: str) -> None:
    import uvicorn

    from lightning_ai_mcp.client import LightningClient
    from lightning_ai_mcp.config import Credentials, Settings
    from lightning_ai_mcp.server import http_app

    class TimedClient(LightningClient):
        async def request(self, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await super().request(*args, **kwargs)
            finally:
                spent = _UPSTREAM.get()
                if spent is not None:
                    spent.append(time.perf_counter() - started)

    settings = Settings(
        base_url=api_url,
        credentials=Credentials(DEMO_USER_ID, DEMO_API_KEY, None, "environment"),
        teamspace="research",
        transport="http",
        port=port,
    )
    app = http_app(settings, TimedClient)
    added: list[float] = []
    upstream_total: list[float] = []
    lag: list[float] = []
    unpaired = 0

    async def measured(scope: dict[str, Any], receive: Any, send: Any) -> None:
        nonlocal unpaired
        if scope["type"] == "http" and scope["path"].startswith("/_bench/"):
            body = json.dumps(
                {
                    "calls": len(added),
                    "unpaired": unpaired,
                    "added_ms": {
                        q: round(percentile(added, p) * 1000, 2)
                        for q, p in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
                    },
                    "added_mean_ms": round(statistics.fmean(added) * 1000, 2) if added else 0,
                    "upstream_p50_ms": round(percentile(upstream_total, 0.5) * 1000, 2),
                    "loop_lag_p99_ms": round(percentile(lag, 0.99) * 1000, 2),
                    "loop_lag_max_ms": round(max(lag, default=0) * 1000, 2),
                    "rss_mb": round(rss_mb(), 1),
                    "cpu_s": round(sum(os.times()[:2]), 3),
                }
            ).encode()
            if scope["path"] == "/_bench/reset":  # after the answer was built: it reports the window it ends
                added.clear(), upstream_total.clear(), lag.clear()
            await send(
                {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]}
            )
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] != "http" or scope["method"] != "POST":
            await app(scope, receive, send)
            return
        spent: list[float] = []
        token = _UPSTREAM.set(spent)
        started = time.perf_counter()
        try:
            await app(scope, receive, send)
        finally:
            _UPSTREAM.reset(token)
        total = time.perf_counter() - started
        if spent:
            added.append(max(total - sum(spent), 0.0))
            upstream_total.append(sum(spent))
        else:
            unpaired += 1

    async def lag_monitor() -> None:
        while True:
            started = time.perf_counter()
            await anyio.sleep(0.01)
            lag.append(max(time.perf_counter() - started - 0.01, 0.0))
            if len(lag) > 200_000:
                del lag[:100_000]

    async def main() -> None:
        config = uvicorn.Config(measured, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        async with anyio.create_task_group() as tg:
            tg.start_soon(lag_monitor)
            await uvicorn.Server(config).serve()
            tg.cancel_scope.cancel()

    anyio.run(main)


# --- the load generator ------------------------------------------------------------------------------------------


class Stack:
    """The emulator and the measured server as subprocesses, stopped on exit."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.api_port, self.mcp_port = free_port(), free_port()
        self.api_url = f"http://127.0.0.1:{self.api_port}"
        self.mcp_url = f"http://127.0.0.1:{self.mcp_port}"
        self.procs: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> Stack:
        emulator = [sys.executable, "-m", "lightning_ai_mcp", "emulator", "--port", str(self.api_port), "--control"]
        self.procs.append(subprocess.Popen(emulator, stdout=subprocess.DEVNULL))
        self._wait(f"{self.api_url}/_emulator/requests")
        if self.latency:
            fault = {"method": "*", "path": "/v1/*", "latency": self.latency}
            httpx2.post(f"{self.api_url}/_emulator/faults", json=fault).raise_for_status()
        server = [sys.executable, __file__, "--serve", str(self.mcp_port), "--api-url", self.api_url]
        self.procs.append(subprocess.Popen(server))
        self._wait(f"{self.mcp_url}/_bench/stats")
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    @property
    def server_pid(self) -> int:
        return self.procs[-1].pid

    def stats(self, reset: bool = False) -> dict[str, Any]:
        return dict(httpx2.get(f"{self.mcp_url}/_bench/{'reset' if reset else 'stats'}").json())

    def clear_request_log(self) -> None:
        httpx2.delete(f"{self.api_url}/_emulator/requests")

    @staticmethod
    def _wait(url: str) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx2.get(url).status_code < 500:
                    return
            except httpx2.TransportError:
                time.sleep(0.1)
        raise RuntimeError(f"{url} did not come up")


async def run_round(url: str, clients: int, calls: int) -> dict[str, Any]:
    from mcp import Client

    latencies: list[float] = []
    protocol_errors: list[str] = []
    tool_errors = 0
    biggest = 0

    async def one_client(index: int) -> None:
        nonlocal tool_errors, biggest
        try:
            async with Client(f"{url}/mcp") as client:
                for i in range(calls):
                    name, arguments = CALLS[(index + i) % len(CALLS)]
                    started = time.perf_counter()
                    result = await client.call_tool(name, arguments)
                    latencies.append(time.perf_counter() - started)
                    text = "".join(getattr(b, "text", "") for b in result.content)
                    biggest = max(biggest, len(text))
                    tool_errors += bool(result.is_error)
        except Exception as exc:  # a protocol or transport failure: what this benchmark counts
            protocol_errors.append(f"{type(exc).__name__}: {exc}"[:200])

    started = time.perf_counter()
    with anyio.fail_after(600):
        async with anyio.create_task_group() as tg:
            for index in range(clients):
                tg.start_soon(one_client, index)
    return {
        "clients": clients,
        "calls": len(latencies),
        "expected_calls": clients * calls,
        "protocol_errors": len(protocol_errors),
        "protocol_error_samples": protocol_errors[:3],
        "tool_errors": tool_errors,
        "largest_result_chars": biggest,
        "wall_s": round(time.perf_counter() - started, 2),
        "client_seen_p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "client_seen_p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50.0, help="injected on every emulator request")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.api_url)
        return 0
    with Stack(args.latency_ms / 1000) as stack:
        anyio.run(run_round, stack.mcp_url, 5, 2)  # warm up: imports, validators, connections
        cpu_before = stack.stats(reset=True)["cpu_s"]
        rss_before = rss_mb(stack.server_pid)
        result = anyio.run(run_round, stack.mcp_url, args.clients, args.calls)
        server = stack.stats()
        server["cpu_ms_per_call"] = round((server["cpu_s"] - cpu_before) * 1000 / max(result["calls"], 1), 2)
        summary = {
            "load": result,
            "server": server,
            "server_rss_mb": {"before": round(rss_before, 1), "after": round(rss_mb(stack.server_pid), 1)},
            "upstream_latency_ms": args.latency_ms,
        }
    print(json.dumps(summary, indent=2))
    print(
        f"{result['calls']}/{result['expected_calls']} calls, {result['protocol_errors']} protocol errors, "
        f"server-added p50 {server['added_ms']['p50']} ms p99 {server['added_ms']['p99']} ms, "
        f"server CPU {server['cpu_ms_per_call']} ms/call, loop lag p99 {server['loop_lag_p99_ms']} ms, "
        f"RSS {summary['server_rss_mb']}",
        file=sys.stderr,
    )
    return 0 if result["protocol_errors"] == 0 and result["calls"] == result["expected_calls"] else 1


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    raise SystemExit(main())
