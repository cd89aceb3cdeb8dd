"""Regenerate the endpoint catalog (lightning_ai_mcp/catalog/operations.json and models.json) from lightning-sdk.

    python scripts/gen_catalog.py                       # download the pinned wheels (cached), write the files
    python scripts/gen_catalog.py A.whl B.whl           # use these wheels instead
    python scripts/gen_catalog.py --check               # exit 1 if the committed files differ from a fresh build

The wheels are read as zip files and their sources parsed with `ast`; nothing from lightning-sdk is imported.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lightning_ai_mcp.catalog.build import build  # noqa: E402
from lightning_ai_mcp.catalog.model import SDK_VERSIONS  # noqa: E402
from lightning_ai_mcp.catalog.sdk_reader import read_wheel, wheel_version  # noqa: E402

OUT_DIR = ROOT / "lightning_ai_mcp" / "catalog"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lightning-ai-mcp" / "wheels"


def cached_wheel(version: str, cache_dir: Path) -> Path:
    """The wheel of this lightning-sdk release, downloaded with pip into `cache_dir` the first time."""
    wheel = cache_dir / f"lightning_sdk-{version}-py3-none-any.whl"
    if not wheel.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--dest"]
        subprocess.run([*command, str(cache_dir), f"lightning-sdk=={version}"], check=True, stdout=sys.stderr)
    if not wheel.exists():
        raise FileNotFoundError(f"pip did not leave {wheel.name} in {cache_dir}")
    return wheel


def wheels_for(paths: list[Path], cache_dir: Path) -> list[Path]:
    if not paths:
        return [cached_wheel(version, cache_dir) for version in SDK_VERSIONS]
    by_version = {wheel_version(p): p for p in paths}
    missing = [v for v in SDK_VERSIONS if v not in by_version]
    if missing or len(paths) != len(SDK_VERSIONS):
        raise SystemExit(f"give exactly one wheel for each of {', '.join(SDK_VERSIONS)}; missing {missing}")
    return [by_version[v] for v in SDK_VERSIONS]


def generate(wheels: list[Path]) -> dict[str, str]:
    operations, models = build([read_wheel(w) for w in wheels])
    return {"operations.json": operations, "models.json": models}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheels", nargs="*", type=Path, help="lightning_sdk wheels, one per pinned release")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help="where downloaded wheels are kept")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help="where the data files are written")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out-dir, write nothing")
    args = parser.parse_args(argv)
    files = generate(wheels_for(args.wheels, args.cache_dir))
    stale = [name for name, text in files.items() if _read(args.out_dir / name) != text]
    if args.check:
        for name in stale:
            print(f"{name} differs from what scripts/gen_catalog.py generates", file=sys.stderr)
        return 1 if stale else 0
    for name in stale:
        (args.out_dir / name).write_text(files[name], encoding="utf-8", newline="\n")
    print(f"wrote {len(stale)} of {len(files)} files to {args.out_dir}", file=sys.stderr)
    return 0


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


if __name__ == "__main__":
    raise SystemExit(main())
