"""Sandbox mode: the whole server against the built-in emulator, no account, no network."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

pytestmark = pytest.mark.anyio


def bare_env(tmp_path: Path) -> dict[str, str]:
    """An environment with no Lightning credentials at all."""
    return {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}


async def test_the_sandbox_server_answers_over_stdio_without_any_credentials(tmp_path: Path) -> None:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "lightning_ai_mcp", "--sandbox"], env=bare_env(tmp_path)
    )
    async with Client(params) as client:
        assert client.server_info is not None
        result = await client.call_tool("whoami", {})
    assert not result.is_error
    assert result.structured_content is not None
    assert result.structured_content["user"]["username"] == "demo"
    assert "sandbox" in result.structured_content["sandbox"]
    assert result.structured_content["default_teamspace"]["name"] == "research"


def test_doctor_in_the_sandbox_passes(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lightning_ai_mcp", "doctor", "--sandbox"],
        env=bare_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "built-in emulator" in done.stdout and "all checks passed" in done.stdout


def test_the_sandbox_can_be_chosen_by_environment(tmp_path: Path) -> None:
    env = {**bare_env(tmp_path), "LIGHTNING_MCP_SANDBOX": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "lightning_ai_mcp", "doctor"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
