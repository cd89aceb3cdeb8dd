"""The emulator as an in-process HTTP transport: the sandbox talks to it with no network at all."""

from __future__ import annotations

import httpx2
from starlette.applications import Starlette


def in_process_transport(app: Starlette) -> httpx2.AsyncBaseTransport:
    return httpx2.ASGITransport(app=app)
