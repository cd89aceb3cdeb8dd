"""Run every benchmark in sequence, each in its own interpreter, each appending its table to RESULTS.md.

    python benchmarks/run_all.py [--quick]

`--quick` uses small sample sizes (a smoke run; it still records). Exits non-zero if any script failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FULL = {
    "tools_list.py": [],
    "startup.py": [],
    "memory.py": [],
    "forwarding.py": [],
    "http_load.py": [],
}
QUICK = {
    "tools_list.py": ["--calls", "5"],
    "startup.py": ["--rounds", "2"],
    "memory.py": ["--rounds", "1"],
    "forwarding.py": ["--calls", "50", "--warmup", "10"],
    "http_load.py": ["--clients", "5,20", "--calls", "5"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sample sizes")
    args = parser.parse_args()
    failed = []
    for script, extra in (QUICK if args.quick else FULL).items():
        print(f"== {script} {' '.join(extra)}", flush=True)
        code = subprocess.run([sys.executable, str(HERE / script), *extra], timeout=3600).returncode
        if code:
            failed.append(script)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
