"""Fault injection and the request log, for tests that need a misbehaving API or want to see what was sent."""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from typing import Any

REDACTED = "***"
_SECRET_KEYS = {
    "apikey",
    "api_key",
    "token",
    "password",
    "value",
    "secretkey",
    "privatekey",
    "credentials",
    "authtoken",
}
_SECRET_HEADERS = {"authorization", "cookie", "x-api-key"}


@dataclass
class Fault:
    """One injected misbehaviour. `path` is a glob over the concrete path or the route template."""

    method: str = "*"
    path: str = "*"
    status: int | None = None
    message: str = "injected fault"
    retry_after: str | None = None
    latency: float = 0.0
    drop: bool = False
    malformed: bool = False
    oversize: int = 0
    times: int | None = None
    """How many requests it applies to; None is every one."""
    hits: int = 0

    def matches(self, method: str, path: str, template: str) -> bool:
        if self.method != "*" and self.method.upper() != method:
            return False
        return fnmatch.fnmatchcase(path, self.path) or (bool(template) and fnmatch.fnmatchcase(template, self.path))


class Faults:
    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, method: str = "*", path: str = "*", **kw: Any) -> Fault:
        """Inject a fault, e.g. `add("POST", "*/start", status=503, retry_after="2", times=1)`."""
        fault = Fault(method=method, path=path, **kw)
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        self._faults.clear()

    def active(self) -> list[Fault]:
        return list(self._faults)

    def take(self, method: str, path: str, template: str) -> Fault | None:
        for fault in self._faults:
            if fault.matches(method, path, template):
                fault.hits += 1
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                return fault
        return None


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]
    template: str = ""
    status: int = 0
    user_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "body": self.body,
            "headers": self.headers,
            "template": self.template,
            "status": self.status,
        }


@dataclass
class RequestLog:
    entries: list[LoggedRequest] = field(default_factory=list)
    limit: int = 10_000

    def record(self, entry: LoggedRequest) -> None:
        self.entries.append(entry)
        if len(self.entries) > self.limit:
            del self.entries[: len(self.entries) - self.limit]

    def clear(self) -> None:
        self.entries.clear()

    def find(self, method: str | None = None, path: str = "*") -> list[LoggedRequest]:
        """Requests by method and a glob over the path or template: `find("POST", "*/execute")`."""
        return [
            e
            for e in self.entries
            if (method is None or e.method == method.upper())
            and (fnmatch.fnmatchcase(e.path, path) or fnmatch.fnmatchcase(e.template, path))
        ]


def redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (REDACTED if k.lower() in _SECRET_KEYS and v else redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def redact_headers(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in headers:
        name = k.decode("latin-1").lower()
        out[name] = REDACTED if name in _SECRET_HEADERS else v.decode("latin-1")
    return out


def loggable_body(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    if "json" in content_type or raw[:1] in (b"{", b"["):
        try:
            return redact(json.loads(raw))
        except ValueError:
            pass
    return f"<{len(raw)} bytes>"
