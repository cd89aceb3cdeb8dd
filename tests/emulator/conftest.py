from __future__ import annotations

from collections.abc import AsyncIterator

import httpx2
import pytest

from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_USER_ID, Emulator, ManualClock, create_app


@pytest.fixture
def emu() -> Emulator:
    return Emulator(ManualClock())


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[httpx2.AsyncClient]:
    transport = httpx2.ASGITransport(app=create_app(emu))
    async with httpx2.AsyncClient(
        transport=transport, base_url="http://emulator.test", auth=(DEMO_USER_ID, DEMO_API_KEY)
    ) as c:
        yield c


@pytest.fixture
async def project_id(client: httpx2.AsyncClient) -> str:
    memberships = (await client.get("/v1/memberships", params={"filterByUserId": "True"})).json()["memberships"]
    return next(m["projectId"] for m in memberships if m["name"] == "research")
