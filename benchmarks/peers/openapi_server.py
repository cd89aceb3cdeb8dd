"""The generated peer: FastMCP `from_openapi` over the project's own OpenAPI export, one tool per operation.

`python benchmarks/peers/openapi_server.py OPENAPI.json` serves stdio (`... --http PORT` streamable HTTP on
127.0.0.1). Needs the optional `bench` extra (fastmcp). Reads LIGHTNING_CLOUD_URL, LIGHTNING_USER_ID and
LIGHTNING_API_KEY like the real server.
"""

import base64
import json
import logging
import os
import sys
from pathlib import Path

import httpx2
from fastmcp import FastMCP


def build(spec_path: str) -> FastMCP:
    spec = json.loads(Path(spec_path).read_text())
    basic = base64.b64encode(f"{os.environ['LIGHTNING_USER_ID']}:{os.environ['LIGHTNING_API_KEY']}".encode()).decode()
    client = httpx2.AsyncClient(
        base_url=os.environ["LIGHTNING_CLOUD_URL"], headers={"Authorization": f"Basic {basic}"}, timeout=30
    )
    return FastMCP.from_openapi(spec, client=client, name="lightning-openapi")


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    server = build(sys.argv[1])
    if sys.argv[2:3] == ["--http"]:
        server.run("http", host="127.0.0.1", port=int(sys.argv[3]), show_banner=False)
    else:
        server.run(show_banner=False)
