"""The request object stateful handlers receive, and the table they register in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.datastructures import QueryParams
from starlette.responses import Response

from .errors import bad_request
from .wire import JSON

if TYPE_CHECKING:
    from .state import World


@dataclass
class Req:
    world: World
    method: str
    path: str
    params: dict[str, str]
    query: QueryParams
    body: Any
    raw: bytes
    headers: Mapping[str, str]
    user_id: str
    base_url: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def json(self) -> JSON:
        """The body as a JSON object (`{}` when empty)."""
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise bad_request("the request body must be a JSON object")
        return self.body

    def q(self, name: str, default: str = "") -> str:
        value = self.query.get(name)
        if value is None:
            from .wire import snake

            value = self.query.get(snake(name))
        return default if value is None else value

    def q_list(self, name: str) -> list[str]:
        return self.query.getlist(name)

    def q_bool(self, name: str) -> bool:
        return self.q(name).lower() == "true"

    def q_int(self, name: str, default: int) -> int:
        value = self.q(name)
        try:
            return int(value) if value else default
        except ValueError:
            raise bad_request(f"{name}: expected an integer, got {value!r}") from None

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


Handler = Callable[[Req], "JSON | Response | None"]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Handler
    raw: bool = False
    """Raw routes take a non-JSON body (blob uploads) and skip catalog body validation."""
    public: bool = False
    """Answered without credentials (accelerator prices, presigned URLs)."""


class RouteTable:
    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(
        self, method: str, template: str, *, raw: bool = False, public: bool = False
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method, template, handler, raw, public))
            return handler

        return register

    def get(self, template: str, **kw: bool) -> Callable[[Handler], Handler]:
        return self.add("GET", template, **kw)

    def post(self, template: str, **kw: bool) -> Callable[[Handler], Handler]:
        return self.add("POST", template, **kw)

    def put(self, template: str, **kw: bool) -> Callable[[Handler], Handler]:
        return self.add("PUT", template, **kw)

    def delete(self, template: str, **kw: bool) -> Callable[[Handler], Handler]:
        return self.add("DELETE", template, **kw)

    def patch(self, template: str, **kw: bool) -> Callable[[Handler], Handler]:
        return self.add("PATCH", template, **kw)


def page(items: list[JSON], req: Req, key: str, default_limit: int = 0) -> JSON:
    """A list envelope with `nextPageToken`: the token is the offset of the next page, as an opaque string."""
    limit = req.q_int("limit", 0) or req.q_int("pageSize", 0) or default_limit
    token = req.q("pageToken")
    try:
        start = int(token) if token else 0
    except ValueError:
        raise bad_request(f"pageToken: invalid token {token!r}") from None
    if not limit:
        return {key: items[start:], "nextPageToken": "", "previousPageToken": ""}
    chunk = items[start : start + limit]
    more = start + limit < len(items)
    return {
        key: chunk,
        "nextPageToken": str(start + limit) if more else "",
        "previousPageToken": str(max(0, start - limit)) if start else "",
    }
