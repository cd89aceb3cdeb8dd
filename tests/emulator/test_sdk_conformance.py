"""lightning-sdk 2026.10.13, unmodified, against the emulator on 127.0.0.1 under uvicorn.

The SDK reads LIGHTNING_CLOUD_URL at import time, so each scenario runs in a fresh interpreter. Simulated time runs
fast (ScaledClock), so the SDK's own one-second polls see studios start and jobs finish at once.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_USER_ID, Emulator, ScaledClock
from lightning_ai_mcp.emulator.server import Served

pytestmark = pytest.mark.skipif(importlib.util.find_spec("lightning_sdk") is None, reason="lightning-sdk not installed")

SCENARIO_TIMEOUT = 120


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with Served(Emulator(ScaledClock(50))) as server:
        yield server


def run_sdk(served: Served, tmp_path: Path, script: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTNING_")}
    env.update(
        LIGHTNING_CLOUD_URL=served.url,
        LIGHTNING_USER_ID=DEMO_USER_ID,
        LIGHTNING_API_KEY=DEMO_API_KEY,
        LIGHTNING_DISABLE_VERSION_CHECK="1",
        HOME=str(tmp_path),
    )
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=SCENARIO_TIMEOUT,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_teamspace_lookup_by_org_and_by_user(served: Served, tmp_path: Path) -> None:
    out = run_sdk(
        served,
        tmp_path,
        """
        from lightning_sdk import Teamspace
        org_ts = Teamspace("research", org="demo-org")
        user_ts = Teamspace("sandbox", user="demo")
        print(org_ts.name, user_ts.name, org_ts.default_cloud_account)
        """,
    )
    assert out.split() == ["research", "sandbox", "lightning-public-prod"]


def test_studio_create_start_run_files_stop_delete(served: Served, tmp_path: Path) -> None:
    out = run_sdk(
        served,
        tmp_path,
        """
        from lightning_sdk import Studio, Machine
        s = Studio("conformance-studio", teamspace="research", org="demo-org", create_ok=True)
        print("status", s.status)
        s.start(Machine.L4)
        print("started", s.status, s.machine)
        print("run", s.run("echo hello && python --version").replace(chr(10), "|"))
        print("gpu", s.run("nvidia-smi -L").split(" (")[0])
        open("local.txt", "w").write("payload-123")
        s.upload_file("local.txt", "up/remote.txt", progress_bar=False)
        print("cat", s.run("cat up/remote.txt"))
        s.download_file("up/remote.txt", "back.txt")
        print("back", open("back.txt").read())
        print("exit", s.run_with_exit_code("ls nope")[1])
        s.stop()
        print("stopped", s.status)
        s.delete()
        print("deleted")
        """,
    )
    assert out.splitlines() == [
        "status Stopped",
        "started Running L4",
        "run hello|Python 3.12.11",
        "gpu GPU 0: NVIDIA L4",
        "cat payload-123",
        "back payload-123",
        "exit 2",
        "stopped Stopped",
        "deleted",
    ]


def test_job_run_wait_logs_and_stop(served: Served, tmp_path: Path) -> None:
    out = run_sdk(
        served,
        tmp_path,
        """
        from lightning_sdk import Job, Machine, Studio
        studio = Studio("demo-studio", teamspace="research", org="demo-org", create_ok=False)
        job = Job.run("conformance-job", machine=Machine.T4, command="echo training; sleep 2; echo done",
                      studio=studio, teamspace="research", org="demo-org")
        job.wait(interval=1, timeout=60)
        print("status", job.status)
        print("logs", repr(job.logs))
        long = Job.run("conformance-long", machine=Machine.CPU, command="sleep 100000", image="python:3.12",
                       teamspace="research", org="demo-org")
        long.stop()
        print("stopped", long.status)
        """,
    )
    assert out.splitlines() == ["status Completed", "logs 'training\\ndone'", "stopped Stopped"]


def test_deployment_create_and_stop(served: Served, tmp_path: Path) -> None:
    out = run_sdk(
        served,
        tmp_path,
        """
        from lightning_sdk import Deployment, Machine
        d = Deployment("conformance-dep", teamspace="research", org="demo-org")
        d.start(machine=Machine.CPU, image="python:3.12-slim", command="python -m http.server 8000", ports=[8000])
        print("replicas", d.replicas)
        d.stop()
        print("stopped", d.replicas)
        """,
    )
    assert out.splitlines()[-2:] == ["replicas 1", "stopped 0"]


def test_secrets_are_set_updated_and_never_shown(served: Served, tmp_path: Path) -> None:
    out = run_sdk(
        served,
        tmp_path,
        """
        from lightning_sdk import Teamspace
        ts = Teamspace("research", org="demo-org")
        ts.set_secret("CONF_TOKEN", "s3cret")
        ts.set_secret("CONF_TOKEN", "s3cret-2")
        print(ts.secrets)
        """,
    )
    assert out.strip() == "{'CONF_TOKEN': '***REDACTED***'}"
    assert "s3cret" not in str([e.body for e in served.emulator.requests.entries])


def test_model_upload(served: Served, tmp_path: Path) -> None:
    run_sdk(
        served,
        tmp_path,
        """
        from lightning_sdk import Teamspace
        open("weights.bin", "wb").write(bytes(range(256)) * 4)
        Teamspace("research", org="demo-org").upload_model("weights.bin", name="conformance-model", progress_bar=False)
        """,
    )
    model = next(m for m in served.emulator.world.models.values() if m.name == "conformance-model")
    version = next(iter(model.versions.values()))
    assert version.complete
    assert version.files.read("weights.bin") == bytes(range(256)) * 4
