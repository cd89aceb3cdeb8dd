"""Importing the catalog package reads no data; loading reads operations first and models only when needed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import builtins, json, sys
opened = []
real_open = builtins.open
def spy(file, *args, **kwargs):
    opened.append(str(file))
    return real_open(file, *args, **kwargs)
builtins.open = spy
import lightning_ai_mcp.catalog as catalog
after_import = [f for f in opened if f.endswith(".json")]
modules = sorted(m for m in sys.modules if m.split(".")[0] in {"mcp", "httpx2", "httpx"})
loaded = catalog.load_catalog()
after_load = [f.rsplit("/", 1)[-1] for f in opened if f.endswith(".json")]
loaded.models["V1JobSpec"]
after_models = [f.rsplit("/", 1)[-1] for f in opened if f.endswith(".json")]
print(json.dumps([after_import, modules, after_load, after_models, catalog.load_catalog() is loaded]))
"""


def test_importing_the_package_reads_no_data_file_and_pulls_in_no_http_or_mcp() -> None:
    command = [sys.executable, "-c", PROBE]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60, cwd=ROOT)
    after_import, modules, after_load, after_models, cached = json.loads(result.stdout)
    assert after_import == []
    assert modules == []
    assert after_load == ["operations.json"]
    assert after_models == ["operations.json", "models.json"]
    assert cached is True
