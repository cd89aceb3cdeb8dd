import io
import os
import subprocess
import sys
from pathlib import Path

import httpx2
import pytest

from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import Credentials, Settings
from lightning_ai_mcp.doctor import run_doctor
from tests.fake_lightning import API_KEY, USER_ID, identity_app, membership, settings_for
from tests.live_server import live_server

pytestmark = pytest.mark.anyio


async def doctor(settings: Settings, app: object) -> tuple[int, str]:
    out = io.StringIO()
    async with LightningClient(settings, transport=httpx2.ASGITransport(app=app)) as client:  # type: ignore[arg-type]
        code = await run_doctor(settings, client, out)
    return code, out.getvalue()


async def test_doctor_passes_and_says_who_and_where_the_credentials_came_from() -> None:
    code, text = await doctor(settings_for(), identity_app([membership("prj-1", "research")]))
    assert code == 0
    assert "user id + API key from environment" in text
    assert "ada" in text and "research (id prj-1" in text
    assert "all checks passed" in text
    assert API_KEY not in text


async def test_doctor_fails_with_a_fix_when_the_default_teamspace_is_ambiguous() -> None:
    app = identity_app([membership("prj-1", "research"), membership("prj-2", "prod")])
    code, text = await doctor(settings_for(), app)
    assert code == 1
    assert "FAIL  default teamspace" in text and "LIGHTNING_TEAMSPACE" in text


async def test_doctor_without_credentials_explains_how_to_provide_them() -> None:
    code, text = await doctor(Settings(base_url="http://127.0.0.1:9", credentials=Credentials()), identity_app([]))
    assert code == 1
    assert "FAIL  credentials" in text and "lightning login" in text


async def test_doctor_reports_refused_credentials() -> None:
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def refuse(request: object) -> JSONResponse:
        return JSONResponse({"code": 16, "message": "bad key", "details": []}, status_code=401)

    code, text = await doctor(settings_for(), Starlette(routes=[Route("/v1/auth/user", refuse)]))
    assert code == 1
    assert "FAIL  API reachable" in text and "LIGHTNING_API_KEY" in text


def test_the_doctor_command_runs_from_the_shell(tmp_path: Path) -> None:
    with live_server(identity_app([membership("prj-1", "research")])) as url:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "LIGHTNING_CLOUD_URL": url,
            "LIGHTNING_USER_ID": USER_ID,
            "LIGHTNING_API_KEY": API_KEY,
        }
        done = subprocess.run(
            [sys.executable, "-m", "lightning_ai_mcp", "doctor"], env=env, capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all checks passed" in done.stdout


def test_help_and_version_work() -> None:
    for flag in ("--help", "--version"):
        done = subprocess.run(
            [sys.executable, "-m", "lightning_ai_mcp", flag], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0
        assert "lightning-ai-mcp" in done.stdout


def test_the_catalog_command_prints_the_pinned_counts() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lightning_ai_mcp", "catalog", "stats"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "lightning-sdk 2026.2.6: 638 operations in 48 groups" in done.stdout
    assert "lightning-sdk 2026.10.13: 627 operations in 35 groups" in done.stdout
    assert "758 method+path pairs" in done.stdout
