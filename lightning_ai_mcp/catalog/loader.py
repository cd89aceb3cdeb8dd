"""The catalog as loaded: operations by id, alias and method+path, models, groups. Nothing is read until asked."""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import UnknownOperation
from .groups import PURPOSES, Group
from .model import Field, Model, Operation, Param

if TYPE_CHECKING:
    from .search import SearchIndex

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _read(name: str) -> Any:
    with open(os.path.join(os.path.dirname(__file__), name), encoding="utf-8") as file:
        return json.load(file)


def _param(raw: dict[str, Any]) -> Param:
    versions = raw.get("versions")
    return Param(
        wire=raw["wire"],
        type=raw["type"],
        required=raw["required"],
        repeated=raw.get("repeated", False),
        file_path=raw.get("file_path", False),
        versions=tuple(versions) if versions else None,
    )


def _operation(raw: dict[str, Any]) -> Operation:
    return Operation(
        id=raw["id"],
        aliases=tuple(raw["aliases"]),
        group=raw["group"],
        method=raw["method"],
        path=raw["path"],
        path_params=tuple(_param(p) for p in raw["path_params"]),
        query_params=tuple(_param(p) for p in raw["query_params"]),
        body_model=raw["body_model"],
        response_model=raw["response_model"],
        versions=tuple(raw["versions"]),
        repeatable=raw["repeatable"],
        op_class=raw["op_class"],
        summary=raw["summary"],
    )


def _model(name: str, raw: dict[str, Any]) -> Model:
    fields = tuple(Field(row[0], row[1], tuple(row[2]) if len(row) > 2 else None) for row in raw["fields"])
    return Model(name, fields, tuple(raw["versions"]), tuple(raw.get("enum", ())))


class _LazyModels(Mapping[str, Model]):
    """Models are parsed on first access: listing or calling operations never needs them."""

    @functools.cached_property
    def _models(self) -> dict[str, Model]:
        return {name: _model(name, raw) for name, raw in _read("models.json")["models"].items()}

    def __getitem__(self, name: str) -> Model:
        return self._models[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._models)

    def __len__(self) -> int:
        return len(self._models)


class Catalog:
    """Every Lightning API operation the SDK knows (the union of the pinned releases) plus the hand-kept supplement."""

    def __init__(self, operations: tuple[Operation, ...], models: Mapping[str, Model]) -> None:
        self.operations = tuple(sorted(operations, key=lambda op: op.id))
        self.models = models
        self._by_ref: dict[str, Operation] = {}
        for op in self.operations:
            for ref in (op.id, *op.aliases, op.key):
                if self._by_ref.setdefault(ref, op) is not op:
                    raise ValueError(f"{ref!r} names two operations")

    def find(self, ref: str) -> Operation | None:
        """The operation named by a canonical id, an alias, or `METHOD /path` (a template or a concrete path)."""
        ref = " ".join(ref.split())
        found = self._by_ref.get(ref)
        if found is not None:
            return found
        method, _, path = ref.partition(" ")
        if method.upper() in _METHODS and path.startswith("/"):
            return self._by_ref.get(f"{method.upper()} {path}") or self._match_path(method.upper(), path)
        return None

    def operation(self, ref: str) -> Operation:
        found = self.find(ref)
        if found is None:
            close = difflib.get_close_matches(ref.strip(), [op.id for op in self.operations], n=3, cutoff=0.6)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            raise UnknownOperation(ref, hint + "search_endpoints (or `lightning-ai-mcp catalog search`) finds ids")
        return found

    def groups(self) -> list[Group]:
        counts: dict[str, int] = {}
        versions: dict[str, set[str]] = {}
        for op in self.operations:
            counts[op.group] = counts.get(op.group, 0) + 1
            versions.setdefault(op.group, set()).update(op.versions)
        return [
            Group(name, PURPOSES.get(name, ""), counts[name], tuple(sorted(versions[name], key=_version_key)))
            for name in sorted(counts)
        ]

    def search(self, query: str, group: str | None = None, limit: int = 10) -> list[Operation]:
        return self._search_index.search(query, group=group, limit=limit)

    def input_schema(self, op: Operation, max_depth: int | None = None) -> dict[str, Any]:
        from .schema import input_schema

        return input_schema(op, self.models, max_depth)

    def flat_input_schema(self, op: Operation, max_depth: int | None = None) -> dict[str, Any]:
        from .schema import flat_input_schema

        return flat_input_schema(op, self.models, max_depth)

    @functools.cached_property
    def _search_index(self) -> SearchIndex:
        from .search import SearchIndex

        return SearchIndex(self.operations, self.models)

    @functools.cached_property
    def _templates(self) -> list[tuple[re.Pattern[str], Operation]]:
        # More literal segments first, so `/jobs/find` wins over `/jobs/{id}`.
        def literals(op: Operation) -> int:
            return sum(not part.startswith("{") for part in op.path.split("/"))

        ordered = sorted(self.operations, key=lambda op: (-literals(op), op.key))
        return [(_template_pattern(op), op) for op in ordered]

    def _match_path(self, method: str, path: str) -> Operation | None:
        path = path.split("?", 1)[0]
        return next((op for pattern, op in self._templates if op.method == method and pattern.fullmatch(path)), None)


def _template_pattern(op: Operation) -> re.Pattern[str]:
    file_params = {p.wire for p in op.path_params if p.file_path}
    parts = re.split(r"\{([^}]+)\}", op.path)
    pattern = "".join(
        re.escape(part) if i % 2 == 0 else ("[^/]+(?:/[^/]+)*" if part in file_params else "[^/]+")
        for i, part in enumerate(parts)
    )
    return re.compile(pattern)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@functools.cache
def load_catalog() -> Catalog:
    """The catalog, read from the package's data files on first call and cached."""
    from .supplement import SUPPLEMENT

    data = _read("operations.json")
    operations = tuple(_operation(raw) for raw in data["operations"]) + SUPPLEMENT
    return Catalog(operations, _LazyModels())
