"""Start-up: spawn to the first tools/list result over stdio (the real `mcp` client), default and `--toolsets all`,
next to the two peers, plus the time to import the package and to load the catalog.

    python benchmarks/startup.py [--rounds 9] [--no-record]

Each round spawns every server once, in a shuffled order, so the servers share the machine's noise; the first
round only warms the file cache and bytecode and is discarded. The clock runs from before the spawn to the
tools/list result (the client's discovery/handshake included, as any MCP host sees it). Import and catalog times
come from fresh interpreters (`python -c`), median of the same number of runs.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time

from _common import (
    MINIMAL,
    OURS,
    OURS_ALL,
    SKIP_FASTMCP,
    Report,
    ServerUnderTest,
    api_env,
    children,
    count_script,
    emulator,
    fastmcp_available,
    generated_peer,
    median,
    new_child,
    openapi_export,
    pct,
    peak_rss_mib,
    ratio,
    stdio,
    table,
    targets,
)

SNIPPETS = {
    "python -c pass (interpreter alone)": "",
    "import lightning_ai_mcp": "import lightning_ai_mcp",
    "import lightning_ai_mcp.server (what serve imports)": "import lightning_ai_mcp.server",
    "import mcp (the SDK alone)": "import mcp.server",
    "catalog.load_catalog() (after its import)": (
        "from lightning_ai_mcp.catalog import load_catalog\nt = time.perf_counter()\nload_catalog()"
    ),
    "build_server(default) (after imports)": (
        "import os\nfrom lightning_ai_mcp.config import Settings\nfrom lightning_ai_mcp.server import build_server\n"
        "s = Settings.load(os.environ)\nt = time.perf_counter()\nbuild_server(s)"
    ),
    "build_server(--toolsets all) (after imports)": (
        "import os\nfrom lightning_ai_mcp.config import Settings\nfrom lightning_ai_mcp.server import build_server\n"
        "s = Settings.load(os.environ, {'toolsets': 'all'})\nt = time.perf_counter()\nbuild_server(s)"
    ),
}


async def spawn_and_list(server: ServerUnderTest, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawn to the first tools/list result, and the server's peak RSS (MiB) right after it."""
    before = children()
    start = time.perf_counter()
    async with stdio(server, env) as client:
        tools = (await client.list_tools()).tools
        elapsed = time.perf_counter() - start
        rss = peak_rss_mib(new_child(before))
    if not tools:
        raise RuntimeError(f"{server.label} listed no tools")
    return elapsed, rss


async def rounds_of(
    servers: list[ServerUnderTest], env: dict[str, str], rounds: int
) -> dict[str, list[tuple[float, float]]]:
    samples: dict[str, list[tuple[float, float]]] = {s.label: [] for s in servers}
    rng = random.Random(0)
    for i in range(rounds + 1):
        order = servers[:]
        rng.shuffle(order)
        for server in order:
            sample = await spawn_and_list(server, env)
            if i:  # round 0 warms caches
                samples[server.label].append(sample)
        print(f"round {i}/{rounds} done", file=sys.stderr)
    return samples


def servers_with_peers(spec: object, notes: list[str]) -> list[ServerUnderTest]:
    servers = [OURS, OURS_ALL, MINIMAL]
    if fastmcp_available():
        servers.append(generated_peer(spec))  # type: ignore[arg-type]
    else:
        notes.append(SKIP_FASTMCP)
        print(SKIP_FASTMCP, file=sys.stderr)
    return servers


def snippet_time(code: str, env: dict[str, str]) -> float:
    if not code:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=env, timeout=60)
        return time.perf_counter() - start
    if "t = time.perf_counter()" not in code:
        code = "t = time.perf_counter()\n" + code
    program = f"import time\n{code}\nprint(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", program], check=True, env=env, timeout=120, capture_output=True)
    return float(out.stdout.decode().split()[-1])


async def run(rounds: int, record: bool) -> None:
    report = Report("Start-up: spawn to first tools/list over stdio")
    notes: list[str] = []
    with emulator() as url, openapi_export() as spec:
        env = api_env(url)
        servers = servers_with_peers(spec, notes)
        samples = await rounds_of(servers, env, rounds)
        imports: dict[str, list[float]] = {label: [] for label in SNIPPETS}
        for _ in range(rounds):  # interleaved, like the servers
            for label, code in SNIPPETS.items():
                imports[label].append(snippet_time(code, env))
    minimal = median([t for t, _ in samples[MINIMAL.label]])
    rows = []
    for label, values in samples.items():
        times = [t for t, _ in values]
        rows.append(
            [
                label,
                f"{median(times):.3f} s",
                f"{min(times):.3f} s",
                f"{pct(times, 90):.3f} s",
                ratio(median(times), minimal),
            ]
        )
    report.add(table(["server", f"median of {rounds}", "min", "p90", "vs minimal"], rows))
    report.add(
        table(
            ["in a fresh interpreter", f"median of {rounds}"],
            [[label, f"{median(v) * 1000:.1f} ms"] for label, v in imports.items()],
        )
    )
    default = median([t for t, _ in samples[OURS.label]]) / minimal
    everything = median([t for t, _ in samples[OURS_ALL.label]]) / minimal
    checks = [
        ("start-up (default) <= 1.15x minimal", default <= 1.15, f"{default:.2f}x"),
        ("start-up (--toolsets all) <= 1.5x minimal", everything <= 1.5, f"{everything:.2f}x"),
    ]
    report.add(targets(checks))
    report.add("\n".join(f"- {n}" for n in notes))
    report.finish(record)


def main() -> None:
    count_script(__doc__ or "", run, "--rounds", 9, "measured rounds (one more warms up)")


if __name__ == "__main__":
    main()
