"""Soak on streamable HTTP: rounds of concurrent clients for a few minutes, watching the server's memory.

Same three processes as load_http.py (emulator with injected latency, measured server, this generator). After
a warm-up, every round is N clients x M calls; the server's RSS is sampled after each round (the server's sample
lists are cleared every round, so the harness itself does not grow). The report gives the
RSS of the first and last rounds and the least-squares slope over the second half (MB per minute): no growth trend
means a slope near zero.

    python benchmarks/soak_http.py --minutes 3
    python benchmarks/soak_http.py --minutes 10 --clients 100 --calls 20

Not part of CI.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import anyio

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from load_http import Stack, rss_mb, run_round


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (minutes, MB)."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / var if var else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Soak the streamable-HTTP server and report its memory trend.")
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args(argv)
    samples: list[tuple[float, float]] = []
    rounds = calls = protocol_errors = 0
    added_p99: list[float] = []
    lag_p99: list[float] = []
    with Stack(args.latency_ms / 1000) as stack:
        anyio.run(run_round, stack.mcp_url, args.clients, 2)  # warm up
        stack.stats(reset=True)
        started = time.monotonic()
        while time.monotonic() - started < args.minutes * 60:
            result = anyio.run(run_round, stack.mcp_url, args.clients, args.calls)
            stack.clear_request_log()  # the emulator's own log is not the server's memory
            round_stats = stack.stats(reset=True)  # the harness's own sample lists must not grow either
            added_p99.append(round_stats["added_ms"]["p99"])
            lag_p99.append(round_stats["loop_lag_p99_ms"])
            rounds += 1
            calls += result["calls"]
            protocol_errors += result["protocol_errors"]
            samples.append(((time.monotonic() - started) / 60, rss_mb(stack.server_pid)))
    second_half = samples[len(samples) // 2 :]
    summary = {
        "minutes": round((samples[-1][0] if samples else 0), 2),
        "rounds": rounds,
        "calls": calls,
        "protocol_errors": protocol_errors,
        "rss_mb_first_round": round(samples[0][1], 1) if samples else None,
        "rss_mb_last_round": round(samples[-1][1], 1) if samples else None,
        "rss_mb_max": round(max(y for _, y in samples), 1) if samples else None,
        "rss_slope_mb_per_min_second_half": round(slope(second_half), 3),
        "server_added_p99_ms_per_round": {"median": sorted(added_p99)[len(added_p99) // 2], "max": max(added_p99)},
        "loop_lag_p99_ms_per_round": {"median": sorted(lag_p99)[len(lag_p99) // 2], "max": max(lag_p99)},
    }
    print(json.dumps(summary, indent=2))
    return 0 if protocol_errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
