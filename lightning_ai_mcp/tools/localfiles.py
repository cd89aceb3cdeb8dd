"""The local side of file transfers: only inside the directories the user allowed with --allow-dir.

Paths are resolved to real paths before the check, so neither `..` nor a symlink leads outside; a download is
written to a temporary file beside its target and moved into place, so a failed transfer leaves nothing half-done.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lightning_ai_mcp.errors import InvalidArgument, OperationRefused
from lightning_ai_mcp.tools.context import ToolContext

_ENABLE = "start the server with --allow-dir DIR (or set LIGHTNING_MCP_ALLOW_DIRS) to allow a local directory"


def _allowed_dirs(ctx: ToolContext) -> tuple[Path, ...]:
    dirs = tuple(Path(os.path.realpath(d)) for d in ctx.settings.allow_dirs)
    if not dirs:
        raise OperationRefused(f"local file access is off; {_ENABLE}")
    return dirs


def _given(ctx: ToolContext, raw: str, field: str) -> Path:
    dirs = _allowed_dirs(ctx)
    if not raw or "\x00" in raw:
        raise InvalidArgument(field, "must be a local file path")
    path = Path(raw).expanduser()
    if ".." in path.parts:
        raise InvalidArgument(field, "must not contain '..'; give a path inside an allowed directory")
    return path if path.is_absolute() else dirs[0] / path


def _check_inside(ctx: ToolContext, real: Path, field: str) -> None:
    dirs = _allowed_dirs(ctx)
    if not any(real == d or real.is_relative_to(d) for d in dirs):
        allowed = ", ".join(str(d) for d in dirs)
        raise OperationRefused(
            f"{field}: {real} is outside the allowed directories ({allowed}), following any symlinks; choose a path "
            f"inside one, or {_ENABLE}"
        )


def source_file(ctx: ToolContext, raw: str, field: str = "local_path") -> tuple[Path, int]:
    """A readable regular file inside an allowed directory, and its size."""
    path = _given(ctx, raw, field)
    real = Path(os.path.realpath(path))
    _check_inside(ctx, real, field)
    if not real.is_file():
        raise InvalidArgument(field, f"{path} is not an existing regular file")
    return real, real.stat().st_size


def read_part(path: Path, offset: int, size: int) -> bytes:
    with path.open("rb") as handle:
        handle.seek(offset)
        return handle.read(size)


def target_file(ctx: ToolContext, raw: str, default_name: str, overwrite: bool, field: str = "local_path") -> Path:
    """Where a download goes: inside an allowed directory, never through a symlink, never over a file unasked."""
    path = _given(ctx, raw, field)
    if path.is_dir():
        path = path / default_name
    parent = Path(os.path.realpath(path.parent))
    _check_inside(ctx, parent, field)
    if not parent.is_dir():
        raise InvalidArgument(field, f"the folder {path.parent} does not exist; create it first")
    target = parent / path.name
    if target.is_symlink():
        raise OperationRefused(f"{field}: {target} is a symlink; downloads never write through symlinks")
    if target.exists() and not overwrite:
        raise InvalidArgument(field, f"{target} already exists; pass overwrite=true to replace it")
    if target.exists() and not target.is_file():
        raise InvalidArgument(field, f"{target} exists and is not a regular file")
    return target


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """A binary file handle whose content replaces `target` only when the block finishes without error."""
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
