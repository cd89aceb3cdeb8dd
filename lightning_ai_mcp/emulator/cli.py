"""`lightning-ai-mcp emulator`: serve a seeded Lightning API emulator and print the lines that point clients at it."""

from __future__ import annotations

import argparse
import contextlib

from .server import DEFAULT_SPEED, serve_emulator


def build_parser(prog: str = "lightning-ai-mcp emulator") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Run the local Lightning API emulator (no account, no network; commands are simulated).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    parser.add_argument(
        "--speed",
        type=float,
        default=DEFAULT_SPEED,
        help=f"simulated seconds per real second (default {DEFAULT_SPEED:g}; a studio start takes 15 simulated s)",
    )
    parser.add_argument(
        "--control",
        action="store_true",
        help="mount the test control surface under /_emulator (faults, request log); never on a shared host",
    )
    parser.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    return parser


def emulator_main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.speed <= 0:
        build_parser().error("--speed must be positive")
    with contextlib.suppress(KeyboardInterrupt):
        serve_emulator(args.host, args.port, speed=args.speed, control=args.control, log_level=args.log_level)
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(emulator_main(sys.argv[1:]))
