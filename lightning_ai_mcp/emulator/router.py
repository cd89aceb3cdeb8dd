"""Path-template matching shared by the stateful routes and the catalog.

Templates are the catalog's (`/v1/projects/{projectId}/cloudspaces/{id}`); a parameter written `{path:path}`
spans several segments (file paths). Literal segments win over parameters, single-segment parameters over
file paths, and a path that matches only under another method is a 405.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar
from urllib.parse import unquote

T = TypeVar("T")

_PARAM = re.compile(r"^\{([A-Za-z0-9_.]+)(:path)?\}$")


@dataclass
class _Node(Generic[T]):
    literals: dict[str, _Node[T]] = field(default_factory=dict)
    param: _Node[T] | None = None
    file_param: _Node[T] | None = None
    endpoints: dict[str, tuple[str, tuple[str, ...], T]] = field(default_factory=dict)
    """method -> (template, parameter names in order, payload); names differ between templates sharing a node."""


@dataclass(frozen=True)
class Match(Generic[T]):
    method: str
    template: str
    payload: T
    params: dict[str, str]


class MethodNotAllowed(Exception):
    def __init__(self, allowed: list[str]) -> None:
        super().__init__(", ".join(allowed))
        self.allowed = allowed


def canonical(template: str) -> str:
    """`/a/{path:path}` -> `/a/{path}`: the form the catalog and the handler tables use."""
    return template.replace(":path}", "}")


def split_path(raw_path: str) -> list[str]:
    """Segments of a request path, each percent-decoded on its own (so `%2F` stays inside a segment)."""
    return [unquote(s) for s in raw_path.split("/")[1:]]


class Router(Generic[T]):
    def __init__(self) -> None:
        self._root: _Node[T] = _Node()

    def add(self, method: str, template: str, payload: T, *, file_params: frozenset[str] = frozenset()) -> None:
        node = self._root
        names: list[str] = []
        for segment in template.split("/")[1:]:
            m = _PARAM.match(segment)
            if m is None:
                node = node.literals.setdefault(segment, _Node())
                continue
            names.append(m.group(1))
            if m.group(2) or m.group(1) in file_params:
                node.file_param = node.file_param or _Node()
                node = node.file_param
            else:
                node.param = node.param or _Node()
                node = node.param
        node.endpoints.setdefault(method.upper(), (canonical(template), tuple(names), payload))

    def match(self, method: str, segments: list[str]) -> Match[T] | None:
        """The best route for the method; None when no template matches; MethodNotAllowed when only others do."""
        allowed: list[str] = []
        for node, values in self._walk(self._root, segments, 0, ()):
            hit = node.endpoints.get(method.upper())
            if hit is not None:
                return Match(method.upper(), hit[0], hit[2], dict(zip(hit[1], values, strict=True)))
            allowed.extend(m for m in node.endpoints if m not in allowed)
        if allowed:
            raise MethodNotAllowed(sorted(allowed))
        return None

    def _walk(
        self, node: _Node[T], segs: list[str], i: int, values: tuple[str, ...]
    ) -> Iterator[tuple[_Node[T], tuple[str, ...]]]:
        if i == len(segs):
            if node.endpoints:
                yield node, values
            if node.file_param is not None:  # a file path may be empty: `trees/` lists the root
                yield from self._walk(node.file_param, segs, i, (*values, ""))
            return
        seg = segs[i]
        child = node.literals.get(seg)
        if child is not None:
            yield from self._walk(child, segs, i + 1, values)
        if node.param is not None:
            yield from self._walk(node.param, segs, i + 1, (*values, seg))
        if node.file_param is not None:
            for end in range(len(segs), i, -1):  # longest first
                yield from self._walk(node.file_param, segs, end, (*values, "/".join(segs[i:end])))
