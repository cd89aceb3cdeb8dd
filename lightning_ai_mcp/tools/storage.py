"""The remote side of files: a studio's content root or the teamspace Drive, through the artifacts endpoints.

Uploads follow lightning-sdk 2026.10.13's `_BlobUploader`: `POST {base}/blobs` signs URLs (snake_case body), the
bytes go to storage with the credential-free client, `POST {base}/blobs/complete` finishes (always for multipart,
for a single part when the answer says `complete_required`). Files above 100 MiB go in 100 MiB parts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lightning_ai_mcp.api_errors import RawResponse
from lightning_ai_mcp.errors import InvalidArgument, LightningAPIError
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.lookup import default_cluster
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.studio_ref import find_studio
from lightning_ai_mcp.tools.teamspaces import resolve_teamspace

PART_SIZE = 100 * 1024 * 1024
MAX_PARTS = 10_000
_STUDIO_ROOT = "teamspace/studios/this_studio/"
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


@dataclass(frozen=True)
class Place:
    """Where files live: a studio's content root (`studio_id`) or the teamspace Drive (no studio)."""

    project_id: str
    studio_id: str = ""
    studio_name: str = ""

    @property
    def label(self) -> str:
        return f"studio {self.studio_name!r}" if self.studio_id else "the teamspace Drive"

    def op(self, action: str) -> str:
        where = "cloud_space" if self.studio_id else "project"
        return {
            "tree": f"storage_service_list_{where}_artifact_tree",
            "blob": f"storage_service_download_{where}_artifact_blob",
            "sign": f"storage_service_sign_{where}_artifact_blobs",
            "complete": f"storage_service_complete_{where}_artifact_blobs",
            "delete_blob": f"storage_service_delete_{where}_artifact_blob",
            "delete_tree": f"storage_service_delete_{where}_artifact_tree",
        }[action]

    def params(self, path: str | None = None) -> dict[str, str]:
        params = {"projectId": self.project_id}
        if self.studio_id:
            params["cloudspaceId"] = self.studio_id
        if path is not None:
            params["path"] = path
        return params

    def remote(self, path: str) -> str:
        """A path relative to the root, as lightning-sdk strips it (leading `/`; `teamspace/` on the Drive)."""
        path = path.strip().lstrip("/")
        prefix = _STUDIO_ROOT if self.studio_id else "teamspace/"
        return path[len(prefix) :] if path.startswith(prefix) else path.rstrip("/")


async def resolve_place(ctx: ToolContext, args: dict[str, Any]) -> Place:
    if not args.get("studio"):
        return Place((await resolve_teamspace(ctx, args.get("teamspace"))).id)
    team, studio = await find_studio(ctx, str(args["studio"]), args.get("teamspace"))
    return Place(team.id, str(studio["id"]), str(studio.get("name") or studio["id"]))


def not_found(place: Place, path: str, exc: LightningAPIError) -> Exception:
    if exc.status == 404:
        return InvalidArgument("path", f"{path!r} was not found in {place.label}; list_files shows what is there")
    return exc


async def read_range(ctx: ToolContext, place: Place, path: str, offset: int, length: int) -> tuple[bytes, int | None]:
    """Up to `length` bytes from `offset` (a Range request), and the file's size when the answer tells it."""
    try:
        response: RawResponse = await call_operation(
            ctx,
            place.op("blob"),
            path_params=place.params(path),
            raw=True,
            headers={"Range": f"bytes={offset}-{offset + length - 1}"},
        )
    except LightningAPIError as exc:
        if exc.status == 416:
            return b"", None
        raise not_found(place, path, exc) from None
    if response.status == 416:
        return b"", None
    if response.status == 404:
        raise InvalidArgument("path", f"{path!r} was not found in {place.label}; list_files shows what is there")
    if response.status >= 300:
        raise LightningAPIError(f"storage answered {response.status} reading {path!r}; try again", status=502)
    if response.status == 206:
        match = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
        total = int(match.group(3)) if match and match.group(3) != "*" else None
        return response.body[:length], total
    return response.body[offset : offset + length], len(response.body)


async def upload(
    ctx: ToolContext, place: Place, path: str, size: int, read: Callable[[int, int], bytes]
) -> dict[str, Any]:
    """Upload `size` bytes, read by `read(offset, count)`, to `path`; returns the number of parts."""
    chunk = max(PART_SIZE, math.ceil(size / MAX_PARTS))
    parts = 1 if size <= PART_SIZE else math.ceil(size / chunk)
    blob: dict[str, Any] = {"path": path}
    if parts > 1:
        blob.update({"parts": parts, "part_size": chunk})
    body: dict[str, Any] = {"blobs": [blob]}
    if not place.studio_id:
        cluster = await default_cluster(ctx, place.project_id)
        if cluster:
            body["cluster_id"] = cluster
    summary = f"upload {path!r} ({size} bytes) to {place.label}"
    signed = await call_operation(ctx, place.op("sign"), path_params=place.params(), body=body, summary=summary)
    result = (signed.get("results") or [{}])[0]
    urls = result.get("urls") or []
    if len(urls) != parts:
        raise LightningAPIError(f"Lightning signed {len(urls)} upload URLs for {parts} parts of {path!r}; try again")
    done: list[dict[str, Any]] = []
    for number, url in enumerate(urls, start=1):
        part_number = int(url.get("part_number") or number)
        data = read((part_number - 1) * chunk, chunk if parts > 1 else size)
        response = await ctx.client.presigned("PUT", str(url["url"]), data, headers=url.get("headers") or None)
        if response.status != 200:
            raise LightningAPIError(
                f"storage refused part {part_number} of {path!r} ({response.status}); nothing was completed, "
                "upload it again",
                status=response.status,
            )
        done.append({"part_number": part_number, "etag": response.headers.get("etag", "")})
        if parts > 1:
            await ctx.report_progress(part_number, parts, f"uploaded part {part_number} of {parts}")
    finished: dict[str, Any] = {"path": path}
    if parts > 1:
        finished.update({"upload_id": result.get("upload_id", ""), "parts": done})
    if parts > 1 or result.get("complete_required"):
        await call_operation(ctx, place.op("complete"), path_params=place.params(), body={"blobs": [finished]})
    return {"parts": parts}
