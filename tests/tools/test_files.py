"""File tools against the emulator: the artifacts requests lightning-sdk 2026.10.13 sends, paging, allowed dirs."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from lightning_ai_mcp.emulator import Emulator
from lightning_ai_mcp.emulator.studio_state import Studio
from lightning_ai_mcp.tools.storage import PART_SIZE
from tests.tools.conftest import text_of

pytestmark = pytest.mark.anyio


def demo_studio(emu: Emulator) -> Studio:
    return next(s for s in emu.world.studios.values() if s.name == "demo-studio")


def drive(emu: Emulator) -> Any:
    return emu.world.drive(demo_studio(emu).project_id)


async def call(make_server: Callable[..., Any], tool: str, args: dict[str, Any], **settings: Any) -> Any:
    async with Client(make_server(**settings)) as client:
        return await client.call_tool(tool, args)


async def test_listing_a_studio_root_asks_the_tree_endpoint_for_one_page(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    result = await call(make_server, "list_files", {"studio": "demo-studio"})
    assert not result.is_error, text_of(result)
    entries = {e["path"]: e["type"] for e in result.structured_content["entries"]}
    assert entries == {"README.md": "file", "data": "dir", "main.py": "file"}
    [sent] = emu.requests.find("GET", "*/artifacts/cloudspaces/*/trees/*")
    assert sent.path.endswith(f"/artifacts/cloudspaces/{demo_studio(emu).id}/trees/")
    assert sent.query == {"atMost": ["100"]}


async def test_a_recursive_listing_sends_recursive_true_as_the_sdk_does(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    result = await call(make_server, "list_files", {"studio": "demo-studio", "path": "data", "recursive": True})
    assert [e["path"] for e in result.structured_content["entries"]] == ["train.csv"]
    [sent] = emu.requests.find("GET", "*/trees/*")
    assert sent.path.endswith("/trees/data") and sent.query["recursive"] == ["true"]


async def test_without_a_studio_the_teamspace_drive_is_listed(emu: Emulator, make_server: Callable[..., Any]) -> None:
    result = await call(make_server, "list_files", {"recursive": True})
    assert result.structured_content["where"] == "the teamspace Drive"
    assert [e["path"] for e in result.structured_content["entries"] if e["type"] == "file"] == ["datasets/readme.txt"]
    assert emu.requests.find("GET", "/v1/projects/*/artifacts/trees/")


async def test_listing_pages_by_cursor(emu: Emulator, make_server: Callable[..., Any]) -> None:
    for n in range(5):
        demo_studio(emu).files.write(f"many/f{n}.txt", b"x", 0)
    first = await call(make_server, "list_files", {"studio": "demo-studio", "path": "many", "limit": 2})
    cursor = first.structured_content["next_cursor"]
    second = await call(
        make_server, "list_files", {"studio": "demo-studio", "path": "many", "limit": 2, "cursor": cursor}
    )
    assert [e["path"] for e in second.structured_content["entries"]] == ["f2.txt", "f3.txt"]


async def test_a_missing_path_names_the_listing_tool(make_server: Callable[..., Any]) -> None:
    result = await call(make_server, "read_file", {"studio": "demo-studio", "path": "nope.txt"})
    assert result.is_error and "list_files" in text_of(result)


async def test_an_unknown_studio_names_list_studios(emu: Emulator, make_server: Callable[..., Any]) -> None:
    result = await call(make_server, "list_files", {"studio": "ghost"})
    assert result.is_error and "list_studios" in text_of(result)
    assert not emu.requests.find("GET", "*/trees/*")


async def test_read_file_returns_text_with_a_range_request(emu: Emulator, make_server: Callable[..., Any]) -> None:
    result = await call(make_server, "read_file", {"studio": "demo-studio", "path": "/data/train.csv"})
    assert not result.is_error, text_of(result)
    data = result.structured_content
    assert data["content"] == "x,y\n1,2\n2,4\n3,6\n" and data["encoding"] == "text"
    assert data["size"] == 16 and data["next_offset"] is None
    [sent] = emu.requests.find("GET", "*/blobs/*")
    assert sent.path.endswith("/blobs/data/train.csv") and sent.headers["range"] == "bytes=0-11999"


async def test_a_large_file_is_read_in_pages_by_offset(emu: Emulator, make_server: Callable[..., Any]) -> None:
    text = "".join(f"line {n}\n" for n in range(5000))
    demo_studio(emu).files.write("big.log", text.encode(), 0)
    pieces, offset = [], 0
    async with Client(make_server()) as client:
        while offset is not None:
            result = await client.call_tool("read_file", {"studio": "demo-studio", "path": "big.log", "offset": offset})
            assert len(text_of(result)) < 20_000
            pieces.append(result.structured_content["content"])
            offset = result.structured_content["next_offset"]
    assert "".join(pieces) == text and len(pieces) > 2


async def test_binary_content_comes_back_as_base64(emu: Emulator, make_server: Callable[..., Any]) -> None:
    blob = bytes(range(256))
    demo_studio(emu).files.write("model.bin", blob, 0)
    result = await call(make_server, "read_file", {"studio": "demo-studio", "path": "model.bin"})
    assert result.structured_content["encoding"] == "base64"
    assert base64.b64decode(result.structured_content["content"]) == blob


async def test_invisible_characters_in_text_content_are_removed(emu: Emulator, make_server: Callable[..., Any]) -> None:
    demo_studio(emu).files.write("note.txt", "run\u202e this\u200b\n".encode(), 0)
    result = await call(make_server, "read_file", {"studio": "demo-studio", "path": "note.txt"})
    assert result.structured_content["content"] == "run this\n"


async def test_uploading_text_to_a_studio_signs_puts_and_completes_like_the_sdk(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    result = await call(make_server, "upload_file", {"studio": "demo-studio", "path": "notes/a.txt", "content": "hi\n"})
    assert not result.is_error, text_of(result)
    assert demo_studio(emu).files.read("notes/a.txt") == b"hi\n"
    [sign] = emu.requests.find("POST", "*/artifacts/cloudspaces/*/blobs")
    assert sign.body == {"blobs": [{"path": "notes/a.txt"}]}
    [put] = emu.requests.find("PUT", "/_presigned/*")
    assert "authorization" not in put.headers
    [complete] = emu.requests.find("POST", "*/artifacts/cloudspaces/*/blobs/complete")
    assert complete.body == {"blobs": [{"path": "notes/a.txt"}]}


async def test_uploading_to_the_drive_names_the_cluster_and_skips_an_unrequired_complete(
    emu: Emulator, make_server: Callable[..., Any]
) -> None:
    content = base64.b64encode(b"\x00\x01").decode()
    result = await call(make_server, "upload_file", {"path": "/teamspace/x.bin", "content_base64": content})
    assert not result.is_error, text_of(result)
    assert drive(emu).read("x.bin") == b"\x00\x01"
    [sign] = emu.requests.find("POST", "/v1/projects/*/artifacts/blobs")
    assert sign.body == {"blobs": [{"path": "x.bin"}], "cluster_id": "lightning-public-prod"}
    assert not emu.requests.find("POST", "*/blobs/complete")


async def test_exactly_one_content_source_is_required(emu: Emulator, make_server: Callable[..., Any]) -> None:
    result = await call(make_server, "upload_file", {"path": "a.txt", "content": "x", "content_base64": "eA=="})
    assert result.is_error and "exactly one" in text_of(result)
    assert not emu.requests.find("POST")


async def test_local_files_need_an_allowed_directory(
    emu: Emulator, make_server: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("x")
    result = await call(make_server, "upload_file", {"path": "a.txt", "local_path": str(tmp_path / "a.txt")})
    assert result.is_error and "--allow-dir" in text_of(result)
    assert not emu.requests.find("POST")


async def test_a_symlink_out_of_the_allowed_directory_is_refused(
    emu: Emulator, make_server: Callable[..., Any], tmp_path: Path
) -> None:
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    allowed.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("s3cret")
    (allowed / "link.txt").symlink_to(outside / "secret.txt")
    for local in (str(allowed / "link.txt"), str(allowed / ".." / "outside" / "secret.txt")):
        result = await call(make_server, "upload_file", {"path": "a.txt", "local_path": local}, allow_dirs=(allowed,))
        assert result.is_error, local
    assert not emu.requests.find("POST")


async def test_a_local_file_is_uploaded_from_an_allowed_directory(
    emu: Emulator, make_server: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "train.py").write_text("print(1)\n")
    args = {"studio": "demo-studio", "path": "train.py", "local_path": "train.py"}
    result = await call(make_server, "upload_file", args, allow_dirs=(tmp_path,))
    assert not result.is_error, text_of(result)
    assert demo_studio(emu).files.read("train.py") == b"print(1)\n"


async def test_a_file_over_100_mib_goes_up_in_parts(
    emu: Emulator, make_server: Callable[..., Any], tmp_path: Path
) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:
        handle.truncate(PART_SIZE + 10)
        handle.seek(PART_SIZE)
        handle.write(b"0123456789")
    args = {"studio": "demo-studio", "path": "big.bin", "local_path": str(big)}
    result = await call(make_server, "upload_file", args, allow_dirs=(tmp_path,))
    assert not result.is_error, text_of(result)
    assert result.structured_content["parts"] == 2
    [sign] = emu.requests.find("POST", "*/blobs")
    assert sign.body == {"blobs": [{"path": "big.bin", "parts": 2, "part_size": PART_SIZE}]}
    [complete] = emu.requests.find("POST", "*/blobs/complete")
    [blob] = complete.body["blobs"]
    assert blob["upload_id"] and [p["part_number"] for p in blob["parts"]] == [1, 2]
    stored = demo_studio(emu).files.read("big.bin")
    assert stored is not None and len(stored) == PART_SIZE + 10 and stored.endswith(b"0123456789")


async def test_download_writes_inside_the_allowed_directory(
    emu: Emulator, make_server: Callable[..., Any], tmp_path: Path
) -> None:
    args = {"studio": "demo-studio", "path": "data/train.csv", "local_path": str(tmp_path)}
    result = await call(make_server, "download_file", args, allow_dirs=(tmp_path,))
    assert not result.is_error, text_of(result)
    assert (tmp_path / "train.csv").read_bytes() == b"x,y\n1,2\n2,4\n3,6\n"
    again = await call(make_server, "download_file", args, allow_dirs=(tmp_path,))
    assert again.is_error and "overwrite" in text_of(again)
    assert os.listdir(tmp_path) == ["train.csv"]


async def test_download_never_writes_outside_or_through_a_symlink(
    emu: Emulator, make_server: Callable[..., Any], tmp_path: Path
) -> None:
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    allowed.mkdir()
    outside.mkdir()
    (allowed / "escape").symlink_to(outside)
    (allowed / "victim.txt").symlink_to(outside / "victim.txt")
    for local in (str(outside / "a.csv"), str(allowed / "escape" / "a.csv"), "../outside/a.csv"):
        args = {"studio": "demo-studio", "path": "data/train.csv", "local_path": local}
        result = await call(make_server, "download_file", args, allow_dirs=(allowed,))
        assert result.is_error, local
    victim: dict[str, Any] = {"studio": "demo-studio", "path": "data/train.csv", "local_path": "victim.txt"}
    result = await call(make_server, "download_file", victim | {"overwrite": True}, allow_dirs=(allowed,))
    assert result.is_error and "symlink" in text_of(result)
    assert os.listdir(outside) == []
