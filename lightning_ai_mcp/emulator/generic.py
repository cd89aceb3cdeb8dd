"""Every catalog operation answers: routing and validation against the catalog, and a generic answer for
operations without a hand-written handler (store-and-return for creates and updates, list envelopes, defaults)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import QueryParams
from starlette.responses import Response

from .clock import rfc3339
from .errors import ApiError, bad_request
from .router import MethodNotAllowed, Router
from .schema import Schema
from .state import World
from .wire import JSON, JSONBody


class Generic:
    def __init__(self, catalog: Any) -> None:
        self.catalog = catalog
        self.schema = Schema(catalog.models)
        self.router: Router[Any] = Router()
        self.by_key: dict[str, Any] = {}
        for op in catalog.operations:
            if getattr(op, "transport", "http") != "http":
                continue
            files = frozenset(p.wire for p in op.path_params if p.file_path)
            self.router.add(op.method, op.path, op, file_params=files)
            self.by_key[f"{op.method} {op.path}"] = op

    def match(self, method: str, segments: list[str]) -> Any:
        try:
            found = self.router.match(method, segments)
        except MethodNotAllowed as exc:
            raise ApiError(405, f"method {method} is not allowed here; allowed: {', '.join(exc.allowed)}") from None
        if found is None:
            raise ApiError(404, f"Not Found: no operation matches {method} /{'/'.join(segments)}")
        return found

    def knows(self, method: str, segments: list[str]) -> bool:
        try:
            return self.router.match(method, segments) is not None
        except MethodNotAllowed:
            return False

    def check(self, method: str, segments: list[str], template: str, query: QueryParams, body: Any) -> Any:
        """Validate a request for a stateful handler against its catalog operation (when the catalog has it)."""
        op = self.by_key.get(f"{method} {template}")
        if op is None:
            return body
        return self._validate(op, query, body)

    def _validate(self, op: Any, query: QueryParams, body: Any) -> Any:
        for param in op.query_params:
            value = query.get(param.wire)
            if value is None or value == "":
                continue
            if param.type == "int":
                for item in query.getlist(param.wire):
                    if not item.lstrip("-").isdigit():
                        raise bad_request(f"{param.wire}: expected an integer, got {item!r}")
            elif param.type == "bool" and value.lower() not in ("true", "false", "1", "0"):
                raise bad_request(f"{param.wire}: expected true or false, got {value!r}")
        if op.body_model is None or body is None:
            return body
        if not isinstance(body, dict):
            raise bad_request(f"the body of {op.id} must be a JSON object")
        path_params = frozenset(p.wire for p in op.path_params)
        return self.schema.normalize(body, op.body_model, extra=path_params)

    def conform(self, method: str, template: str, result: Any) -> Any:
        op = self.by_key.get(f"{method} {template}")
        if op is None or op.response_model is None:
            return result
        return self.schema.conform(result, op.response_model)

    # generic answers --------------------------------------------------------------------------------------------

    def answer(
        self, method: str, segments: list[str], query: QueryParams, body: Any, user_id: str, world: World
    ) -> tuple[Response, str]:
        found = self.match(method, segments)
        op = found.payload
        body = self._validate(op, query, body)
        now = rfc3339(world.now())
        model = op.response_model
        base = self.schema.default(model, now) if model else {}
        path = "/" + "/".join(segments)
        parent, _, last = path.rpartition("/")
        store = world.generic
        if method == "POST" and model and self.schema.has_field(model, "id") and isinstance(body, dict):
            obj = {**base, **self.schema.conform(_only_known(self.schema, model, body), model)}
            id_type = next(f.type for f in self.schema.models[model].fields if f.wire == "id")
            obj["id"] = len(store.get(path, {})) + 1 if id_type == "int" else world.ids.new("emu")
            for stamp in ("createdAt", "updatedAt"):
                if stamp in obj:
                    obj[stamp] = now
            store.setdefault(path, {})[str(obj["id"])] = obj  # keyed as the id appears in paths
            return JSONBody(obj), op.path
        if method == "GET" and model:
            items = store.get(path)
            key = self.schema.list_field(model)
            if items is not None and key is not None:
                return JSONBody(self.schema.conform({**base, key: list(items.values())}, model)), op.path
            if last in store.get(parent, {}):
                return JSONBody(self.schema.conform(store[parent][last], model)), op.path
        if method in ("PUT", "PATCH") and last in store.get(parent, {}) and isinstance(body, dict):
            obj = store[parent][last]
            obj.update(self.schema.conform(_only_known(self.schema, model, body), model) if model else {})
            if "updatedAt" in obj:
                obj["updatedAt"] = now
            return JSONBody(obj), op.path
        if method == "DELETE" and last in store.get(parent, {}):
            del store[parent][last]
        if isinstance(base, dict) and isinstance(body, dict) and model:
            base.update(self.schema.conform(_only_known(self.schema, model, body), model))
        return JSONBody(base if base is not None else {}), op.path


def _only_known(schema: Schema, model: str, body: JSON) -> JSON:
    """Fields of the body that the response model also has: what store-and-return can echo."""
    known = schema.models.get(model)
    if known is None:
        return {}
    names = {f.wire for f in known.fields}
    return {k: v for k, v in body.items() if k in names and k != "id"}
