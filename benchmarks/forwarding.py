"""Forwarding latency: one GET through the server, over stdio with the real `mcp` client, against the emulator on
127.0.0.1 (uvicorn, its own process), interleaved call by call with the two peers and raw httpx2.

    python benchmarks/forwarding.py [--calls 300] [--warmup 30] [--no-record]

Two requests, each made four ways in every round (the order shuffled per round):

- `GET /v1/auth/user`: our `read_endpoint` (id `auth_service_get_user`), the minimal peer's one tool, the
  generated peer's `auth_service_get_user`, raw `httpx2`;
- `GET /v1/memberships?filterByUserId=true`: our curated `list_teamspaces` (one GET with LIGHTNING_TEAMSPACE set),
  the minimal peer, the generated peer's `projects_service_list_memberships`, raw `httpx2`.

Reported: median and p95 over `--calls` rounds after `--warmup` rounds, the ratio of medians to the minimal peer and
to raw httpx2, and the median of the per-round ratios (robust to drifts in machine load).
"""

from __future__ import annotations

import argparse
import base64
import random
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

import anyio
import httpx2
from _common import (
    MINIMAL,
    OURS,
    SKIP_FASTMCP,
    Report,
    api_env,
    emulator,
    fail,
    fastmcp_available,
    generated_peer,
    median,
    ms,
    openapi_export,
    pct,
    ratio,
    stdio,
    table,
    targets,
)
from mcp import Client

from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_USER_ID

Call = Callable[[], Awaitable[None]]
MEMBERSHIPS_QUERY = {"filterByUserId": True}


def tool_call(client: Client, name: str, arguments: dict[str, Any]) -> Call:
    async def call() -> None:
        result = await client.call_tool(name, arguments)
        if result.is_error:
            raise RuntimeError(f"{name} failed: {result.content}")

    return call


def raw_get(http: httpx2.AsyncClient, path: str, params: dict[str, Any] | None = None) -> Call:
    async def call() -> None:
        response = await http.get(path, params=params)
        response.raise_for_status()
        response.json()

    return call


async def run(calls: int, warmup: int, record: bool) -> None:
    report = Report("Forwarding latency: one GET through each server over stdio")
    notes: list[str] = []
    with emulator() as url, openapi_export() as spec:
        env = api_env(url)
        async with AsyncExitStack() as stack:
            ours = await stack.enter_async_context(stdio(OURS, env))
            minimal = await stack.enter_async_context(stdio(MINIMAL, env))
            basic = base64.b64encode(f"{DEMO_USER_ID}:{DEMO_API_KEY}".encode()).decode()
            http = await stack.enter_async_context(
                httpx2.AsyncClient(base_url=url, headers={"Authorization": f"Basic {basic}"}, timeout=30)
            )
            groups: dict[str, dict[str, Call]] = {
                "GET /v1/auth/user": {
                    "lightning-ai-mcp read_endpoint": tool_call(ours, "read_endpoint", {"id": "auth_service_get_user"}),
                    "minimal peer": tool_call(minimal, "get", {"path": "/v1/auth/user"}),
                    "raw httpx2": raw_get(http, "/v1/auth/user"),
                },
                "GET /v1/memberships": {
                    "lightning-ai-mcp list_teamspaces (curated)": tool_call(ours, "list_teamspaces", {}),
                    "minimal peer": tool_call(minimal, "get", {"path": "/v1/memberships", "query": MEMBERSHIPS_QUERY}),
                    "raw httpx2": raw_get(http, "/v1/memberships", MEMBERSHIPS_QUERY),
                },
            }
            if fastmcp_available():
                generated = await stack.enter_async_context(stdio(generated_peer(spec), env))
                groups["GET /v1/auth/user"]["generated peer"] = tool_call(generated, "auth_service_get_user", {})
                groups["GET /v1/memberships"]["generated peer"] = tool_call(
                    generated, "projects_service_list_memberships", MEMBERSHIPS_QUERY
                )
            else:
                notes.append(SKIP_FASTMCP)
                print(SKIP_FASTMCP)
            flat = [(g, name, call) for g, members in groups.items() for name, call in members.items()]
            samples: dict[tuple[str, str], list[float]] = {(g, n): [] for g, n, _ in flat}
            rng = random.Random(0)
            for i in range(warmup + calls):
                rng.shuffle(flat)
                for g, name, call in flat:
                    start = time.perf_counter()
                    with anyio.fail_after(30):
                        await call()
                    if i >= warmup:
                        samples[(g, name)].append(time.perf_counter() - start)
    for g, members in groups.items():
        base, raw = samples[(g, "minimal peer")], samples[(g, "raw httpx2")]
        rows = []
        for name in [n for n in members if n != "raw httpx2"] + ["raw httpx2"]:
            values = samples[(g, name)]
            paired = median([a / b for a, b in zip(values, base, strict=True)])
            rows.append(
                [
                    name,
                    ms(median(values)),
                    ms(pct(values, 95)),
                    ratio(median(values), median(base)),
                    f"{paired:.2f}x",
                    ratio(median(values), median(raw)),
                ]
            )
        report.add(
            f"**{g}**, {calls} interleaved rounds after {warmup} warm-up rounds\n\n"
            + table(["path", "median", "p95", "vs minimal (medians)", "vs minimal (paired)", "vs raw httpx2"], rows)
        )
    checks: list[tuple[str, bool, str]] = []
    for g, name in (
        ("GET /v1/auth/user", "lightning-ai-mcp read_endpoint"),
        ("GET /v1/memberships", "lightning-ai-mcp list_teamspaces (curated)"),
    ):
        r = median(samples[(g, name)]) / median(samples[(g, "minimal peer")])
        checks.append((f"{name}: median <= 1.10x minimal", r <= 1.10, f"{r:.2f}x"))
    report.add(targets(checks))
    report.add("\n".join(f"- {n}" for n in notes))
    report.finish(record)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=300, help="measured rounds (each calls every path once)")
    parser.add_argument("--warmup", type=int, default=30, help="rounds before measuring")
    parser.add_argument("--no-record", action="store_true", help="print only; do not append to RESULTS.md")
    args = parser.parse_args()
    try:
        anyio.run(run, args.calls, args.warmup, not args.no_record)
    except Exception as exc:
        fail(repr(exc))


if __name__ == "__main__":
    main()
