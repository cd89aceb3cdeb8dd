"""Memory: the server process's peak RSS (VmHWM from /proc) right after its first tools/list over stdio, default and
`--toolsets all`, next to the two peers.

    python benchmarks/memory.py [--rounds 3] [--no-record]

Every server talks to the same emulator process (so no emulator is counted inside a server); rounds are interleaved
and the median is reported (peak RSS varies by a few hundred KiB between runs).
"""

from __future__ import annotations

from _common import (
    MINIMAL,
    OURS,
    OURS_ALL,
    Report,
    api_env,
    count_script,
    emulator,
    median,
    openapi_export,
    ratio,
    table,
    targets,
)
from startup import rounds_of, servers_with_peers


async def run(rounds: int, record: bool) -> None:
    report = Report("Memory: peak RSS of the server after tools/list")
    notes: list[str] = []
    with emulator() as url, openapi_export() as spec:
        samples = await rounds_of(servers_with_peers(spec, notes), api_env(url), rounds)
    peak = {label: median([rss for _, rss in values]) for label, values in samples.items()}
    minimal = peak[MINIMAL.label]
    rows = [[label, f"{mib:.1f} MiB", ratio(mib, minimal)] for label, mib in peak.items()]
    report.add(table(["server", f"peak RSS (VmHWM), median of {rounds}", "vs minimal"], rows))
    default, everything = peak[OURS.label] / minimal, peak[OURS_ALL.label] / minimal
    checks = [
        ("peak RSS (default) <= 1.15x minimal", default <= 1.15, f"{default:.2f}x"),
        ("peak RSS (--toolsets all) <= 1.4x minimal", everything <= 1.4, f"{everything:.2f}x"),
    ]
    report.add(targets(checks))
    report.add("\n".join(f"- {n}" for n in notes))
    report.finish(record)


def main() -> None:
    count_script(__doc__ or "", run, "--rounds", 3, "measured rounds (one more warms up)")


if __name__ == "__main__":
    main()
