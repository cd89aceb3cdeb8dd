"""The minimal peer: an `MCPServer` with one tool that forwards a GET to the Lightning API.

`python benchmarks/peers/minimal_server.py` serves stdio; `... --http PORT` serves streamable HTTP on 127.0.0.1.
Reads LIGHTNING_CLOUD_URL, LIGHTNING_USER_ID and LIGHTNING_API_KEY like the real server.
"""

import base64
import logging
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
from mcp.server import MCPServer
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError


@asynccontextmanager
async def lifespan(server: MCPServer) -> AsyncIterator[httpx2.AsyncClient]:
    basic = base64.b64encode(f"{os.environ['LIGHTNING_USER_ID']}:{os.environ['LIGHTNING_API_KEY']}".encode()).decode()
    headers = {"Authorization": f"Basic {basic}"}
    async with httpx2.AsyncClient(base_url=os.environ["LIGHTNING_CLOUD_URL"], headers=headers, timeout=30) as http:
        yield http


mcp = MCPServer("minimal-lightning", lifespan=lifespan)
for name in ("httpx2", "httpx"):  # MCPServer logs at INFO; keep request URLs off the hot path and the log
    logging.getLogger(name).setLevel(logging.WARNING)


@mcp.tool()
async def get(path: str, ctx: Context, query: dict[str, Any] | None = None) -> str:
    """GET a Lightning API path (e.g. /v1/auth/user) and return the JSON text."""
    response = await ctx.request_context.lifespan_context.get(path, params=query)
    if response.is_error:
        raise ToolError(f"HTTP {response.status_code}: {response.text[:2000]}")
    return response.text


if __name__ == "__main__":
    if sys.argv[1:2] == ["--http"]:
        mcp.run("streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
    else:
        mcp.run()
