"""Turning a path template and its parameters into a URL path, refusing anything that could escape it.

`delete_studio(id="..")` must never become `DELETE /v1/projects/{p}`: every parameter is checked before a URL
exists, then quoted. Id-like parameters are one segment of plain characters; file paths (`.../blobs/{path}`) may
hold several segments, none of them empty, `.` or `..`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from urllib.parse import quote

from lightning_ai_mcp.errors import InvalidArgument

MAX_ID_LENGTH = 256
MAX_FILE_PATH_LENGTH = 4096
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:@+=~-]*")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def check_id(name: str, value: object) -> str:
    """Validate one id-like path parameter, returning it unchanged."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise InvalidArgument(name, f"must be a string id, got {type(value).__name__}")
    text = str(value)
    if not text:
        raise InvalidArgument(name, "must not be empty")
    if len(text) > MAX_ID_LENGTH:
        raise InvalidArgument(name, f"is {len(text)} characters long; ids are at most {MAX_ID_LENGTH}")
    if not _ID.fullmatch(text) or set(text) <= {"."} or ".." in text:
        raise InvalidArgument(
            name,
            f"{_shown(text)} is not a valid id: ids are letters, digits and _ . : @ + = ~ - (no '/', '..', '%', '?', "
            "'#', spaces or control characters); take ids from the list tools",
        )
    return text


def check_file_path(name: str, value: object) -> list[str]:
    """Validate a file path parameter, returning its segments."""
    if not isinstance(value, str):
        raise InvalidArgument(name, f"must be a string path, got {type(value).__name__}")
    if not value or len(value) > MAX_FILE_PATH_LENGTH:
        raise InvalidArgument(name, f"must be a path of 1 to {MAX_FILE_PATH_LENGTH} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise InvalidArgument(name, "must not contain control or invisible characters")
    segments = value.strip("/").split("/")
    for segment in segments:
        normalized = unicodedata.normalize("NFKC", segment)
        if segment in ("", ".", "..") or normalized in (".", "..") or "\\" in segment or "%" in segment:
            raise InvalidArgument(
                name, f"{_shown(value)} is not a valid file path: no empty, '.' or '..' segments, no '%' or '\\'"
            )
    return segments


def build_path(
    template: str, params: Mapping[str, object], file_params: Collection[str] = (), root_ok: Collection[str] = ()
) -> str:
    """Fill a template such as `/v1/projects/{projectId}/cloudspaces/{id}`; every placeholder must be given.

    A file parameter named in `root_ok` may be empty, meaning the root folder (`.../trees/` lists it).
    """
    missing = [p for p in placeholders(template) if p not in params]
    if missing:
        raise InvalidArgument(missing[0], "is a required path parameter")

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in file_params:
            if name in root_ok and params[name] == "":
                return ""
            return "/".join(quote(s, safe="") for s in check_file_path(name, params[name]))
        return quote(check_id(name, params[name]), safe="")

    return _PLACEHOLDER.sub(fill, template)


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
