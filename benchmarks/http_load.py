"""Streamable HTTP under load: N concurrent `mcp` clients (10, 50, 100) x 20 calls each, with 50 ms of injected API
latency, against `python -m lightning_ai_mcp --transport http --port M` and, for comparison, the minimal peer.

    python benchmarks/http_load.py [--clients 10,50,100] [--calls 20] [--latency 0.05] [--no-record]

The emulator runs in its own process with its control surface on (`--control`); one fault adds `--latency` to every
API request. Each level gets a fresh server process, run under benchmarks/_timed.py: that starts the unmodified
command in-process and records, per tools/call, the server-side time (the mcp request pipeline around the tool
handler) and the time spent waiting on the API; their difference is the latency the server adds. The load generator
shares the machine's 2 cores with the server and the emulator, so client-side latencies include its own queueing.
One warm-up call follows the start (its added latency is reported on its own: the first call pays for lazy
loading); then the clients connect (discovery/handshake, not timed) and all start their calls together; each client
calls `read_endpoint` (`GET /v1/auth/user`) `--calls` times in sequence. Memory is the server's VmHWM after the level;
the longest garbage-collector pause in the server is shown because it bounds the worst added latency.
Exits non-zero when any call failed (after recording the table).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio
import httpx2
from _common import (
    MINIMAL,
    OURS,
    Report,
    ServerUnderTest,
    api_env,
    emulator,
    fail,
    free_port,
    median,
    ms,
    pct,
    peak_rss_mib,
    process,
    read_timings,
    table,
    targets,
)
from mcp import Client

CALL_TIMEOUT = 60.0


def http_server(server: ServerUnderTest, port: int) -> ServerUnderTest:
    if server is OURS:
        return ServerUnderTest(server.label, (*server.argv, "--transport", "http", "--port", str(port)))
    return ServerUnderTest(server.label, (*server.argv, "--http", str(port)))


def tool_for(server: ServerUnderTest) -> tuple[str, dict[str, Any]]:
    if server is OURS:
        return "read_endpoint", {"id": "auth_service_get_user"}
    return "get", {"path": "/v1/auth/user"}


async def load(url: str, clients: int, calls: int, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    connected = 0
    finished = 0.0
    go = anyio.Event()
    all_connected = anyio.Event()

    def arrived() -> None:
        nonlocal connected
        connected += 1
        if connected == clients:
            all_connected.set()

    async def calls_of(client: Client) -> None:
        nonlocal finished
        for _ in range(calls):
            start = time.perf_counter()
            try:
                with anyio.fail_after(CALL_TIMEOUT):
                    result = await client.call_tool(name, arguments)
            except Exception as exc:
                errors.append(repr(exc))
                continue
            if result.is_error:
                errors.append(f"tool error: {result.content}")
            else:
                latencies.append(time.perf_counter() - start)
        finished = max(finished, time.perf_counter())

    async def one_client() -> None:
        counted = False
        try:
            with anyio.fail_after(CALL_TIMEOUT * (calls + 2)):
                async with Client(url) as client:
                    arrived()
                    counted = True
                    await go.wait()
                    await calls_of(client)
        except Exception as exc:
            errors.append(f"client: {exc!r}")
        finally:
            if not counted:
                arrived()

    async with anyio.create_task_group() as tg:
        for _ in range(clients):
            tg.start_soon(one_client)
        with anyio.fail_after(CALL_TIMEOUT * 2):
            await all_connected.wait()
        start = time.perf_counter()
        go.set()
    return {"latencies": latencies, "errors": errors, "wall": finished - start}


async def level(server: ServerUnderTest, api_url: str, clients: int, calls: int, tmp: Path) -> dict[str, Any]:
    port = free_port()
    served = http_server(server, port)
    timings = tmp / f"{server is OURS}-{clients}.json"
    with process(served.command(timings), env=api_env(api_url), port=port) as proc:
        warm = await load(f"http://127.0.0.1:{port}/mcp", 1, 1, *tool_for(server))
        if warm["errors"]:
            raise RuntimeError(f"{server.label}: the warm-up call failed: {warm['errors']}")
        result = await load(f"http://127.0.0.1:{port}/mcp", clients, calls, *tool_for(server))
        result["rss"] = peak_rss_mib(proc.pid)
    recorded = read_timings(timings)
    records = recorded.get("tools/call", [])
    result["gc_max"] = max((r["total"] for g in ("gc0", "gc1", "gc2") for r in recorded.get(g, [])), default=0.0)
    if len(records) != 1 + len(result["latencies"]) + len(result["errors"]):
        print(f"note: {len(records)} tools/call records for {clients} clients", file=sys.stderr)
    result["cold"] = records[0]["total"] - records[0]["upstream"]  # the warm-up call: first call after start
    result["added"] = [r["total"] - r["upstream"] for r in records[1:]]
    return result


async def run(levels: list[int], calls: int, latency: float, record: bool) -> int:
    report = Report("Streamable HTTP under load")
    rows, errors_total, worst_added = [], 0, 0.0
    with emulator(control=True) as api_url, tempfile.TemporaryDirectory() as tmp:
        async with httpx2.AsyncClient(base_url=api_url, timeout=10) as control:
            (await control.post("/_emulator/faults", json={"latency": latency})).raise_for_status()
        for clients in levels:
            for server in (OURS, MINIMAL):
                r = await level(server, api_url, clients, calls, Path(tmp))
                lat, added = r["latencies"], r["added"]
                errors_total += len(r["errors"])
                if server is OURS and added:
                    worst_added = max(worst_added, pct(added, 99))
                for e in r["errors"][:3]:
                    print(f"{server.label}, {clients} clients: {e}", file=sys.stderr)
                rows.append(
                    [
                        server.label,
                        clients,
                        f"{len(lat) / r['wall']:.0f}/s",
                        ms(median(lat)) if lat else "-",
                        ms(pct(lat, 99)) if lat else "-",
                        len(r["errors"]),
                        ms(median(added)) if added else "-",
                        ms(pct(added, 99)) if added else "-",
                        ms(r["cold"]),
                        ms(r["gc_max"]),
                        f"{r['rss']:.1f} MiB",
                    ]
                )
                print(f"{server.label}: {clients} clients done", file=sys.stderr)
    report.add(
        f"{calls} calls per client, {latency * 1000:.0f} ms injected API latency on every request.\n\n"
        + table(
            [
                "server",
                "clients",
                "throughput",
                "client p50",
                "client p99",
                "errors",
                "server-added p50",
                "server-added p99",
                "server-added, first call after start",
                "longest GC pause in the server",
                "server peak RSS",
            ],
            rows,
        )
    )
    checks = [
        ("zero errors at every level", errors_total == 0, str(errors_total)),
        ("server-added p99 < 50 ms (lightning-ai-mcp, worst level)", worst_added < 0.05, ms(worst_added)),
    ]
    report.add(targets(checks))
    report.finish(record)
    return 1 if errors_total else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", default="10,50,100", help="comma list of concurrent client counts")
    parser.add_argument("--calls", type=int, default=20, help="calls per client")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds of injected API latency")
    parser.add_argument("--no-record", action="store_true", help="print only; do not append to RESULTS.md")
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",") if n.strip()]
    try:
        code = anyio.run(run, levels, args.calls, args.latency, not args.no_record)
    except Exception as exc:
        fail(repr(exc))
    raise SystemExit(code)


if __name__ == "__main__":
    main()
