"""Wire helpers: camelCase/snake_case names, tolerant body access, ids, JSON responses."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from .errors import bad_request

JSON = dict[str, Any]

_CAMEL_BOUNDARY = re.compile(r"_([a-z0-9])")
_UPPER = re.compile(r"([A-Z])")


def camel(name: str) -> str:
    """`cluster_id` -> `clusterId`; names that are already camelCase pass through."""
    return _CAMEL_BOUNDARY.sub(lambda m: m.group(1).upper(), name)


def snake(name: str) -> str:
    return _UPPER.sub(lambda m: "_" + m.group(1).lower(), name)


def pick(body: Mapping[str, Any] | None, name: str, default: Any = None) -> Any:
    """A body field by its camelCase wire name, also accepted in snake_case."""
    if not body:
        return default
    if name in body:
        return body[name]
    alt = snake(name)
    return body.get(alt, default)


def pick_str(body: Mapping[str, Any] | None, name: str, default: str = "") -> str:
    value = pick(body, name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise bad_request(f"{name}: expected a string")
    return str(value)


def pick_int(body: Mapping[str, Any] | None, name: str, default: int = 0) -> int:
    """An int64/int32 field: the SDK sends numbers or numeric strings."""
    value = pick(body, name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise bad_request(f"{name}: expected an integer")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"{name}: expected an integer, got {value!r}") from None


def pick_bool(body: Mapping[str, Any] | None, name: str, default: bool = False) -> bool:
    value = pick(body, name)
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)


def camelize(value: Any) -> Any:
    """Recursively rename snake_case keys to camelCase (for bodies whose schema is unknown)."""
    if isinstance(value, dict):
        return {camel(k): camelize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camelize(v) for v in value]
    return value


class Ids:
    """Deterministic ids: `cs-<hash>` style, stable across runs for the same sequence of creations."""

    def __init__(self, seed: str = "emulator") -> None:
        self._seed = seed
        self._counter = itertools.count(1)

    def new(self, prefix: str) -> str:
        n = next(self._counter)
        digest = hashlib.sha256(f"{self._seed}:{prefix}:{n}".encode()).hexdigest()[:20]
        return f"{prefix}{digest}" if prefix.endswith(("_", "-")) else f"{prefix}-{digest}"

    def hex(self, length: int = 32) -> str:
        n = next(self._counter)
        return hashlib.sha256(f"{self._seed}:hex:{n}".encode()).hexdigest()[:length]


class JSONBody(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode()
