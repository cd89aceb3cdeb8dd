"""The command line: `serve` (the default), `doctor`, `emulator`, `demo` and `catalog`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

import anyio

from lightning_ai_mcp import __version__
from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.errors import ConfigError

SUBCOMMANDS = ("serve", "doctor", "demo", "emulator", "catalog")


def _serve_flags(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--toolsets", help="comma list: default, service-group names (their per-operation tools), or all")
    add("--tools", help="comma list of exact tool names to add")
    add("--exclude-tools", help="comma list of exact tool names to remove")
    add("--read-only", action="store_true", default=None, help="only read operations; wins over everything")
    add("--allow-operations", help="comma list of dangerous operations to allow (ids or 'METHOD /path')")
    add("--allow-dir", action="append", metavar="DIR", help="local directory file tools may use (repeatable)")
    add("--max-hourly-cost", type=float, metavar="USD", help="refuse any single spend action above this rate")
    add("--confirm-above", type=float, metavar="USD", help="spend actions above this rate need confirmation (10)")
    add("--transport", choices=("stdio", "http"), help="stdio (default) or streamable HTTP at /mcp")
    add("--host", help="HTTP bind address (default 127.0.0.1)")
    add("--port", type=int, help="HTTP port (default 8000)")
    add("--http-token", metavar="TOKEN", help="bearer token HTTP clients must send (required beyond loopback)")
    add("--sandbox", action="store_true", default=None, help="use the built-in emulator: demo data, no account")
    add("-v", "--verbose", action="store_true", help="debug logging to stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lightning-ai-mcp",
        description="MCP server for the Lightning AI platform. With no subcommand, runs `serve`.",
    )
    parser.add_argument("--version", action="version", version=f"lightning-ai-mcp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="{" + ",".join(SUBCOMMANDS) + "}")
    serve = sub.add_parser("serve", help="run the MCP server (stdio by default)")
    _serve_flags(serve)
    doctor = sub.add_parser("doctor", help="check credentials, API access, teamspaces and the active settings")
    _serve_flags(doctor)
    sub.add_parser("demo", help="an agent's session on the built-in emulator (no account needed)", add_help=False)
    sub.add_parser("emulator", help="run the local Lightning API emulator (see `emulator --help`)", add_help=False)
    sub.add_parser("catalog", help="the API catalog: stats, search, show, openapi", add_help=False)
    return parser


def _flags(args: argparse.Namespace) -> dict[str, object]:
    return {k: v for k, v in vars(args).items() if k not in ("command", "verbose")}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "catalog":
        from lightning_ai_mcp.catalog.cli import catalog_main

        return catalog_main(argv[1:])
    if argv and argv[0] == "demo":
        from lightning_ai_mcp.server.demo import demo_main

        return demo_main(argv[1:])
    if argv and argv[0] == "emulator":
        from lightning_ai_mcp.emulator.cli import emulator_main

        return emulator_main(argv[1:])
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "serve")
    args = build_parser().parse_args(argv)
    from lightning_ai_mcp.server import configure_logging

    configure_logging(logging.DEBUG if args.verbose else logging.WARNING)
    try:
        settings = Settings.load(os.environ, _flags(args))
    except ConfigError as exc:
        print(f"lightning-ai-mcp: {exc}", file=sys.stderr)
        return 2
    factory: Callable[[Settings], LightningClient] = LightningClient
    if settings.sandbox:
        from lightning_ai_mcp.sandbox import sandbox_client_factory, sandbox_settings

        settings, factory = sandbox_settings(settings), sandbox_client_factory()
    if args.command == "doctor":
        from lightning_ai_mcp.doctor import run_doctor

        return anyio.run(run_doctor, settings, factory(settings))
    return _serve(settings, factory)


def _serve(settings: Settings, factory: Callable[[Settings], LightningClient]) -> int:
    from lightning_ai_mcp.server import serve_http, serve_stdio

    try:
        anyio.run(serve_http if settings.transport == "http" else serve_stdio, settings, factory)
    except ConfigError as exc:
        print(f"lightning-ai-mcp: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0
