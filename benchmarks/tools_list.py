"""What a tools/list costs: its size in JSON characters and tokens (characters / 4), the largest single tool, and the
server-side time of one tools/list, for the default list, `--toolsets all` and the two peers.

    python benchmarks/tools_list.py [--calls 30] [--no-record]

Size: the tools as the `mcp` client receives them, dumped as compact JSON (the measure tests/test_budget.py uses).
Server-side time: each server runs under benchmarks/_timed.py, which times the mcp request pipeline in the server
process (params validation, middleware, handler, serialization of the result to a wire dict); the median over
`--calls` tools/list calls after the first, with the first reported on its own. The client round trip over stdio
(adds JSON encoding, the pipe and the client's parsing and validation) is shown next to it.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import (
    MINIMAL,
    OURS,
    OURS_ALL,
    SKIP_FASTMCP,
    Report,
    ServerUnderTest,
    api_env,
    count_script,
    emulator,
    fastmcp_available,
    generated_peer,
    median,
    ms,
    openapi_export,
    read_timings,
    stdio,
    table,
    targets,
)

DEFAULT_BUDGET_TOKENS = 6_000
MAX_TOOL_CHARS = 8_000


def chars(value: object) -> int:
    return len(json.dumps(value, separators=(",", ":")))


async def measure(server: ServerUnderTest, env: dict[str, str], calls: int, tmp: Path) -> dict[str, Any]:
    timings = tmp / f"{abs(hash(server.label))}.json"
    round_trips: list[float] = []
    async with stdio(server, env, timings) as client:
        tools = [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in (await client.list_tools()).tools]
        for _ in range(calls):
            start = time.perf_counter()
            await client.list_tools()
            round_trips.append(time.perf_counter() - start)
    server_side = [r["total"] for r in read_timings(timings)["tools/list"]]
    if len(server_side) != calls + 1:
        raise RuntimeError(f"{server.label}: {len(server_side)} tools/list reached the server, expected {calls + 1}")
    largest = max(tools, key=chars)
    return {
        "tools": len(tools),
        "chars": chars(tools),
        "largest": (str(largest["name"]), chars(largest)),
        "first": server_side[0],
        "server": median(server_side[1:]),
        "round_trip": median(round_trips),
    }


async def run(calls: int, record: bool) -> None:
    report = Report("tools/list cost")
    notes: list[str] = []
    with emulator() as url, openapi_export() as spec, tempfile.TemporaryDirectory() as tmp:
        env = api_env(url)
        servers = [OURS, OURS_ALL, MINIMAL]
        if fastmcp_available():
            servers.append(generated_peer(spec))
        else:
            notes.append(SKIP_FASTMCP)
            print(SKIP_FASTMCP)
        results = {s.label: await measure(s, env, calls, Path(tmp)) for s in servers}
    rows = [
        [
            label,
            r["tools"],
            f"{r['chars']:,}",
            f"{r['chars'] // 4:,}",
            f"{r['largest'][0]} ({r['largest'][1]:,})",
            ms(r["first"]),
            ms(r["server"]),
            ms(r["round_trip"]),
        ]
        for label, r in results.items()
    ]
    report.add(
        table(
            [
                "server",
                "tools",
                "JSON chars",
                "tokens (chars/4)",
                "largest tool (chars)",
                "server-side, 1st call",
                f"server-side, median of {calls}",
                "stdio round trip, median",
            ],
            rows,
        )
    )
    default, everything = results[OURS.label], results[OURS_ALL.label]
    checks = [
        (
            "default tools/list <= 6,000 tokens",
            default["chars"] // 4 <= DEFAULT_BUDGET_TOKENS,
            f"{default['chars'] // 4:,}",
        ),
        (
            f"--toolsets all: no tool over {MAX_TOOL_CHARS:,} chars",
            everything["largest"][1] <= MAX_TOOL_CHARS,
            f"{everything['largest'][1]:,}",
        ),
        ("server-side tools/list < 10 ms (default)", default["server"] < 0.010, ms(default["server"])),
        ("server-side tools/list < 100 ms (all)", everything["server"] < 0.100, ms(everything["server"])),
    ]
    generated = results.get(generated_peer(Path()).label)
    if generated:
        share = everything["chars"] / generated["chars"]
        checks.append(("--toolsets all <= 1/4 of the generated peer's size", share <= 0.25, f"{share:.3f}"))
    report.add(targets(checks))
    report.add("\n".join(f"- {n}" for n in notes) or "")
    report.finish(record)


def main() -> None:
    count_script(__doc__ or "", run, "--calls", 30, "tools/list calls per server after the first")


if __name__ == "__main__":
    main()
