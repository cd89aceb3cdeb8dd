"""Files in a studio or the teamspace Drive: list, read, upload, download to a local allowed directory."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from lightning_ai_mcp.errors import InvalidArgument, LightningAPIError
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.localfiles import atomic_writer, read_part, source_file, target_file
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.results import MAX_RESULT_CHARS
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.storage import Place, not_found, read_range, resolve_place, upload
from lightning_ai_mcp.tools.studio_ref import TEAMSPACE

MAX_READ_BYTES = 1_000_000
DEFAULT_READ_BYTES = 12_000
CONTENT_BUDGET = MAX_RESULT_CHARS - 2_000
DOWNLOAD_CHUNK = 8 * 1024 * 1024
MAX_INLINE_BYTES = 5 * 1024 * 1024


def _remote_path(place: Place, args: dict[str, Any], allow_root: bool = False) -> str:
    path = place.remote(str(args.get("path") or ""))
    if not path and not allow_root:
        raise InvalidArgument("path", "is required: a file path such as data/train.csv")
    return path


async def list_files(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    place = await resolve_place(ctx, args)
    path = _remote_path(place, args, allow_root=True)
    query: dict[str, Any] = {"atMost": args.get("limit", 100)}
    if args.get("recursive"):
        query["recursive"] = "true"
    if args.get("cursor"):
        query["cursor"] = args["cursor"]
    try:
        listed = await call_operation(ctx, place.op("tree"), path_params=place.params(path), query=query)
    except LightningAPIError as exc:
        raise not_found(place, path, exc) from None
    entries = [
        {"path": str(e.get("path", "")), "type": "dir" if e.get("type") == "tree" else "file", "size": e.get("size")}
        for e in listed.get("tree") or []
        if isinstance(e, dict)
    ]
    result: dict[str, Any] = {"where": place.label, "path": path, "entries": entries}
    while len(json.dumps(result)) > CONTENT_BUDGET:
        result["entries"] = entries = entries[: len(entries) * 3 // 4]
        result["truncated"] = "list a subfolder or use a smaller limit"
    if listed.get("nextCursor"):
        result["next_cursor"] = listed["nextCursor"]
    return result


def _as_text(data: bytes) -> str | None:
    """UTF-8 text, ignoring a character cut at the end of the range; None for binary data."""
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8")
        return None


async def read_file(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    place = await resolve_place(ctx, args)
    path = _remote_path(place, args)
    offset = int(args.get("offset", 0))
    data, size = await read_range(ctx, place, path, offset, int(args.get("length", DEFAULT_READ_BYTES)))
    mode = args.get("encoding", "auto")
    text = _as_text(data) if mode != "base64" else None
    if text is None and mode == "text":
        text = data.decode("utf-8", errors="replace")
    if text is not None:
        while len(json.dumps(text, ensure_ascii=False)) > CONTENT_BUDGET:
            text = text[: len(text) * 3 // 4]
        used, content, encoding = len(text.encode("utf-8")), text, "text"
    else:
        used = min(len(data), CONTENT_BUDGET * 3 // 4)
        content, encoding = base64.b64encode(data[:used]).decode(), "base64"
    end = offset + used
    more = end < size if size is not None else used == len(data) and used > 0
    result: dict[str, Any] = {"path": path, "size": size, "offset": offset, "bytes": used, "encoding": encoding}
    result["content"] = content
    result["next_offset"] = end if more else None
    return result


def _content(args: dict[str, Any]) -> bytes | None:
    given = [k for k in ("content", "content_base64", "local_path") if args.get(k) is not None]
    if len(given) != 1:
        raise InvalidArgument("content", "give exactly one of content, content_base64 or local_path")
    if "content" in given:
        return str(args["content"]).encode("utf-8")
    if "content_base64" in given:
        try:
            return base64.b64decode(str(args["content_base64"]), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidArgument("content_base64", "is not valid base64") from None
    return None


async def upload_file(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    inline = _content(args)
    if inline is not None and len(inline) > MAX_INLINE_BYTES:
        raise InvalidArgument("content", f"is over {MAX_INLINE_BYTES} bytes; upload large files with local_path")
    local = None if inline is not None else source_file(ctx, str(args["local_path"]))
    place = await resolve_place(ctx, args)
    path = _remote_path(place, args)
    if inline is not None:
        data = inline
        done = await upload(ctx, place, path, len(data), lambda start, count: data[start : start + count])
        size = len(data)
    else:
        assert local is not None
        file, size = local
        done = await upload(ctx, place, path, size, lambda start, count: read_part(file, start, count))
    return {"uploaded": path, "where": place.label, "size": size, **done}


async def download_file(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    place = await resolve_place(ctx, args)
    path = _remote_path(place, args)
    target = target_file(ctx, str(args["local_path"]), path.rsplit("/", 1)[-1], bool(args.get("overwrite")))
    written = 0
    with atomic_writer(target) as handle:
        while True:
            data, size = await read_range(ctx, place, path, written, DOWNLOAD_CHUNK)
            handle.write(data)
            written += len(data)
            if not data or (size is not None and written >= size) or (size is None and len(data) < DOWNLOAD_CHUNK):
                break
            await ctx.report_progress(written, size, f"downloaded {written} bytes")
    return {"downloaded": path, "where": place.label, "local_path": str(target), "size": written}


_WHERE = {"studio": {"type": "string"}, "path": {"type": "string"}}
_OUT = {"type": "object"}
_ABOUT = " In a studio (name or id), else the teamspace Drive."

TOOLS = [
    ToolSpec(
        name="list_files",
        title="List files",
        description="Files and folders under a path." + _ABOUT,
        input_schema=object_schema(
            {
                **_WHERE,
                "recursive": {"type": "boolean"},
                "limit": {"type": "integer", "minimum": 1, "maximum": 500},
                "cursor": {"type": "string"},
                "teamspace": TEAMSPACE,
            }
        ),
        handler=list_files,
        op_class="read",
        output_schema=_OUT,
    ),
    ToolSpec(
        name="read_file",
        title="Read a file",
        description="A file's content, text or base64, ~12 KB a call; continue at next_offset." + _ABOUT,
        input_schema=object_schema(
            {
                **_WHERE,
                "offset": {"type": "integer", "minimum": 0},
                "length": {"type": "integer", "minimum": 1, "maximum": MAX_READ_BYTES},
                "encoding": {"enum": ["text", "base64"]},
                "teamspace": TEAMSPACE,
            },
            required=("path",),
        ),
        handler=read_file,
        op_class="read",
        output_schema=_OUT,
    ),
    ToolSpec(
        name="upload_file",
        title="Upload a file",
        description="Write a file from content, content_base64 or local_path (in an --allow-dir folder)." + _ABOUT,
        input_schema=object_schema(
            {
                **_WHERE,
                "content": {"type": "string"},
                "content_base64": {"type": "string"},
                "local_path": {"type": "string"},
                "teamspace": TEAMSPACE,
            },
            required=("path",),
        ),
        handler=upload_file,
        op_class="write",
        idempotent=True,
        output_schema=_OUT,
    ),
    ToolSpec(
        name="download_file",
        title="Download a file",
        description="Save a file to local_path (in an --allow-dir folder)." + _ABOUT,
        input_schema=object_schema(
            {**_WHERE, "local_path": {"type": "string"}, "overwrite": {"type": "boolean"}, "teamspace": TEAMSPACE},
            required=("path", "local_path"),
        ),
        handler=download_file,
        op_class="write",
        output_schema=_OUT,
    ),
]
