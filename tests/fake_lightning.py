"""A small fake of the identity endpoints, for tests that run before or beside the emulator."""

from __future__ import annotations

from typing import Any

import httpx2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Credentials, Settings

USER_ID, API_KEY = "usr-1", "sk-fake-key-0001"


def identity_app(memberships: list[dict[str, Any]], orgs: dict[str, str] | None = None) -> Starlette:
    seen: list[str] = []

    async def user(request: Request) -> JSONResponse:
        seen.append(request.url.path)
        return JSONResponse({"id": USER_ID, "username": "ada", "email": "ada@example.com", "apiKey": API_KEY})

    async def member_list(request: Request) -> JSONResponse:
        return JSONResponse({"memberships": memberships})

    async def org(request: Request) -> JSONResponse:
        org_id = request.path_params["id"]
        if orgs and org_id in orgs:
            return JSONResponse({"id": org_id, "name": orgs[org_id]})
        return JSONResponse({"code": 5, "message": "org not found", "details": []}, status_code=404)

    async def users(request: Request) -> JSONResponse:
        return JSONResponse({"users": [{"id": USER_ID, "username": "ada"}]})

    return Starlette(
        routes=[
            Route("/v1/auth/user", user),
            Route("/v1/memberships", member_list),
            Route("/v1/orgs/{id}", org),
            Route("/v1/users/search", users),
        ]
    )


def membership(project_id: str, name: str, owner_id: str = USER_ID, owner_type: str = "user") -> dict[str, Any]:
    return {
        "projectId": project_id,
        "name": name,
        "displayName": name.title(),
        "ownerId": owner_id,
        "ownerType": owner_type,
    }


def settings_for(**kwargs: Any) -> Settings:
    return Settings(
        base_url="http://127.0.0.1:9", credentials=Credentials(USER_ID, API_KEY, None, "environment"), **kwargs
    )


def client_factory(app: Starlette) -> Any:
    def make(settings: Settings) -> LightningClient:
        return LightningClient(settings, transport=httpx2.ASGITransport(app=app))

    return make
