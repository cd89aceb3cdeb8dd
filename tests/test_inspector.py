"""Compatibility with a client written elsewhere: the MCP Inspector CLI (TypeScript SDK), in both protocol eras.

Runs when the Inspector is installed (`.ci/run` installs it with npm into .ci/node, or point
LIGHTNING_MCP_INSPECTOR at its `inspector` binary); skipped otherwise. The Inspector CLI makes one request per
process, so the start-then-run sequence goes to one sandbox server over streamable HTTP; single calls go over stdio.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live_server import free_port

ROOT = Path(__file__).resolve().parent.parent
INSPECTOR = os.environ.get("LIGHTNING_MCP_INSPECTOR") or str(ROOT / ".ci/node/node_modules/.bin/inspector")
ERAS = ("modern", "legacy")

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not Path(INSPECTOR).exists(), reason="the MCP Inspector CLI is not installed"
)


def inspector(tmp_path: Path, era: str, target: list[str], method: str, **call: Any) -> dict[str, Any]:
    command = [INSPECTOR, "--cli", "-q", "--protocol-era", era, "--format", "json", "--method", method]
    if "tool" in call:
        command += ["--tool-name", call["tool"], "--tool-args-json", json.dumps(call.get("arguments", {}))]
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "NPM_CONFIG_UPDATE_NOTIFIER": "false"}
    done = subprocess.run([*command, "--", *target], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(json.loads(done.stdout))["result"]


def sandbox_stdio() -> list[str]:
    return [sys.executable, "-m", "lightning_ai_mcp", "--sandbox"]


@pytest.fixture
def sandbox_http(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}
    process = subprocess.Popen(
        [*sandbox_stdio(), "--transport", "http", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("era", ERAS)
def test_the_inspector_lists_the_tools_and_starts_a_cpu_studio_over_stdio(era: str, tmp_path: Path) -> None:
    tools = {t["name"] for t in inspector(tmp_path, era, sandbox_stdio(), "tools/list")["tools"]}
    assert {"whoami", "start_studio", "execute_command", "call_endpoint"} <= tools
    started = inspector(
        tmp_path,
        era,
        sandbox_stdio(),
        "tools/call",
        tool="start_studio",
        arguments={"studio": "demo-studio", "machine": "CPU", "wait_seconds": 30},
    )
    assert not started.get("isError"), started
    assert started["structuredContent"]["status"] == "Running"


@pytest.mark.parametrize("era", ERAS)
def test_the_inspector_starts_a_studio_and_runs_a_command_over_http(
    era: str, tmp_path: Path, sandbox_http: str
) -> None:
    started = inspector(
        tmp_path,
        era,
        [sandbox_http],
        "tools/call",
        tool="start_studio",
        arguments={"studio": "demo-studio", "machine": "CPU", "wait_seconds": 30},
    )
    assert not started.get("isError"), started
    ran = inspector(
        tmp_path,
        era,
        [sandbox_http],
        "tools/call",
        tool="execute_command",
        arguments={"studio": "demo-studio", "command": "echo hello from $USER"},
    )
    assert not ran.get("isError"), ran
    assert "hello from" in ran["structuredContent"]["output"]
