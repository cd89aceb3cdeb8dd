"""The README's main command: the demo runs end to end on a fresh install, with no account and no network."""

import os
import subprocess
import sys
from pathlib import Path


def test_the_demo_completes_every_step_and_reports_its_cost(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "lightning_ai_mcp", "demo"], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert "every step worked" in out
    assert "the server asks:" in out and "the user approves" in out
    assert "Tesla T4" in out and "loss 0.42" in out
    assert "nothing is billing" in out
    assert "tool calls" in out and "tokens of tool results" in out
