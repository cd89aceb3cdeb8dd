"""Write the README's table of default tools from the tool registry, so the two cannot drift.

python scripts/gen_readme_tools.py          # rewrite the table in README.md
python scripts/gen_readme_tools.py --check  # exit 1 when README.md is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.tools.registry import select_tools

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- tools:start -->", "<!-- tools:end -->"
CLASS_NOTES = {
    "read": "read",
    "write": "write",
    "spend": "spend (costs money)",
    "destructive": "destructive (asks first)",
    "dangerous": "dangerous",
}


TOOL_NOTES = {
    "call_endpoint": "per operation (checked at call time)",
    "update_deployment": "spend, or destructive when scaling to zero",
}
"""Tools whose class depends on what they are asked to do; their annotations take the most severe one."""


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?\.)(\s+[A-Z(`]|$)", " ".join(text.split()))
    return (match.group(1) if match else text).replace("|", "\\|")


def table() -> str:
    specs = select_tools(Settings())
    notes = [TOOL_NOTES.get(spec.name, CLASS_NOTES[spec.op_class]) for spec in specs]
    rows = [f"| `{s.name}` | {note} | {first_sentence(s.description)} |" for s, note in zip(specs, notes, strict=True)]
    return "\n".join(["| Tool | Class | What it does |", "|---|---|---|", *rows])


def render(readme: str) -> str:
    if START not in readme or END not in readme:
        raise SystemExit(f"README.md lacks the {START} ... {END} markers")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md is out of date")
    args = parser.parse_args()
    current = README.read_text()
    wanted = render(current)
    if args.check:
        if wanted != current:
            print("README.md's tool table is out of date: run python scripts/gen_readme_tools.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
