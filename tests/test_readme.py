"""The README shows what a user can do; the parts generated from the code must match the code."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_tool_table_matches_the_registry() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_readme_tools.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_the_readme_states_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "lightning-ai-mcp demo" in readme
    assert "pytest" in readme
