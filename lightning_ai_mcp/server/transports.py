"""Serving the MCP server over stdio or streamable HTTP, and where its logs go."""

from __future__ import annotations

import logging
from typing import Any

from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.server.app import build_server
from lightning_ai_mcp.server.state import ClientFactory


def configure_logging(level: int = logging.WARNING) -> None:
    """Operator logs go to stderr (stdout belongs to the protocol); the HTTP stack never logs request URLs."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpcore2 logs response headers at DEBUG: an API that echoes the credentials would put them in the log.
    for noisy in ("httpx2", "httpx", "httpcore2", "httpcore", "mcp"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


async def serve_stdio(settings: Settings, client_factory: ClientFactory = LightningClient) -> None:
    from mcp.server.stdio import stdio_server

    server = build_server(settings, client_factory)
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


def http_app(settings: Settings, client_factory: ClientFactory = LightningClient) -> Any:
    """The streamable-HTTP ASGI app at /mcp, with Host/Origin checks and the bearer token when one is set."""
    from mcp.server.transport_security import TransportSecuritySettings

    from lightning_ai_mcp.http_auth import BearerTokenMiddleware

    server = build_server(settings, client_factory)
    hosts = ["127.0.0.1:*", "localhost:*", "[::1]:*"]
    origins = ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"]
    if settings.host not in ("127.0.0.1", "localhost", "::1"):
        hosts.append(f"{settings.host}:*")
        origins += [f"http://{settings.host}:*", f"https://{settings.host}:*"]
    security = TransportSecuritySettings(
        enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins
    )
    app = server.streamable_http_app(host=settings.host, transport_security=security)
    if settings.http_token:
        return BearerTokenMiddleware(app, settings.http_token)
    return app


async def serve_http(settings: Settings, client_factory: ClientFactory = LightningClient) -> None:
    import uvicorn

    config = uvicorn.Config(
        http_app(settings, client_factory),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        lifespan="on",
    )
    await uvicorn.Server(config).serve()
