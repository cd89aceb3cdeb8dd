"""Shaping what a tool returns for a model: credentials masked, invisible characters removed, size capped."""

from __future__ import annotations

import json
import re
from typing import Any

from lightning_ai_mcp.redact import mask_credentials

MAX_RESULT_CHARS = 20_000

# Zero-width, bidi controls, Unicode tags and other invisible format characters that can hide instructions.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Untrusted text (logs, command output, names) with invisible and control characters removed."""
    return _CONTROL.sub("", _INVISIBLE.sub("", text))


def clean(value: Any) -> Any:
    """Mask credential-like fields and clean every string in a decoded JSON value."""
    value = mask_credentials(value)
    return _clean_strings(value)


def _clean_strings(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_strings(v) for v in value]
    return value


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def fits(value: Any) -> bool:
    return len(to_json(value)) <= MAX_RESULT_CHARS


def truncate_text(text: str, limit: int, hint: str) -> str:
    """Keep the end of long text (the most recent output), saying how much was dropped and how to see it."""
    if len(text) <= limit:
        return text
    dropped = len(text) - limit
    return f"[{dropped} earlier characters omitted; {hint}]\n" + text[-limit:]


def fit_api_result(data: Any, hint: str) -> dict[str, Any]:
    """Wrap a raw API answer for a model: under the size limit, saying how to see the rest (the server cleans it).

    A list too long to fit is cut (its full length is reported); a page token is surfaced as `next_page`.
    """
    result: dict[str, Any] = {"result": data}
    token = data.get("nextPageToken") if isinstance(data, dict) else None
    if token:
        result["next_page"] = f"repeat with query.pageToken={token!r}"
    if fits(result):
        return result
    if isinstance(data, dict):
        lists = sorted(((k, v) for k, v in data.items() if isinstance(v, list)), key=lambda kv: -len(to_json(kv[1])))
        if lists:
            key, items = lists[0]
            keep = _largest_prefix(result, data, key, items)
            if keep is not None:
                return keep | {"truncated": f"showing {len(keep['result'][key])} of {len(items)} {key}; {hint}"}
    text = to_json(data)
    return {"result_excerpt": text[: MAX_RESULT_CHARS - 500], "truncated": f"{len(text)} characters in all; {hint}"}


def _largest_prefix(result: dict[str, Any], data: dict[str, Any], key: str, items: list[Any]) -> dict[str, Any] | None:
    low, high, best = 0, len(items), None
    budget = MAX_RESULT_CHARS - 300
    while low <= high:
        middle = (low + high) // 2
        candidate = {**result, "result": {**data, key: items[:middle]}}
        if len(to_json(candidate)) <= budget:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best
