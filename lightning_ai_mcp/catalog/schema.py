"""JSON Schema (draft 2020-12) of an operation's input, with wire names.

Nested: `{"path_params": {...}, "query": {...}, "body": {...}}`, the shape of `read_endpoint`/`call_endpoint`.
Flat: path and query parameters as top-level properties plus `body`, the shape of per-operation tools.

Without `max_depth` every model reachable from the body is hoisted into `$defs` and referenced, so shared and
recursive models appear once. With `max_depth`, models are inlined: the body model is level 1, and an object at a
level deeper than `max_depth` becomes a plain object pointing to `describe_endpoint`. Enums are always inlined.
Body models are closed (`additionalProperties: false`): the SDK only ever sends the fields it knows, and a
snake_case or misspelt key is far more often a mistake than a field newer than both SDK releases.

int64 values are typed `str` by the SDK, and the SDK itself sends them as strings or numbers; fields that name a
count, a size or a duration therefore accept either (`"type": ["string", "integer"]`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .model import Model, Operation, Param

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_PRIMITIVES: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "object": {"description": "any JSON value"},
}
_INT64_NAME = re.compile(
    r"^(limit|pageSize|atMost|target|maxSurge|maxUnavailable|duration|size|port|version)$"
    r"|(Seconds|Bytes|Replicas|Minutes|Hours|Gb|Mb|GB|MB|Count|Number|Size|Limit|Millis|Ms)$"
)
_MAP = re.compile(r"^dict\(str, (.+)\)$")
_TRUNCATED = "a nested object; describe_endpoint shows its full schema"


def _int64_like(wire: str) -> bool:
    return bool(_INT64_NAME.search(wire))


class SchemaBuilder:
    """Turns swagger type strings into JSON Schema, collecting referenced models in `defs`."""

    def __init__(self, models: Mapping[str, Model], max_depth: int | None, ref_prefix: str = "#/$defs/") -> None:
        self.models = models
        self.max_depth = max_depth
        self.ref_prefix = ref_prefix
        self.defs: dict[str, dict[str, Any]] = {}

    def type_schema(self, swagger_type: str, depth: int, wire: str = "") -> dict[str, Any]:
        if swagger_type == "str" and wire and _int64_like(wire):
            return {"type": ["string", "integer"], "description": "an integer, as a number or a decimal string"}
        if swagger_type in _PRIMITIVES:
            return dict(_PRIMITIVES[swagger_type])
        if swagger_type.startswith("list[") and swagger_type.endswith("]"):
            return {"type": "array", "items": self.type_schema(swagger_type[5:-1], depth, wire)}
        if match := _MAP.match(swagger_type):
            return {"type": "object", "additionalProperties": self.type_schema(match.group(1), depth)}
        model = self.models.get(swagger_type)
        if model is None:
            return {"description": f"{swagger_type} (not described by the SDK)"}
        if model.enum:
            return {"type": "string", "enum": list(model.enum)}
        return self.model_schema(model, depth)

    def model_schema(self, model: Model, depth: int) -> dict[str, Any]:
        if self.max_depth is None:
            if model.name not in self.defs:
                self.defs[model.name] = {}
                self.defs[model.name] = self._object(model, depth)
            return {"$ref": self.ref_prefix + model.name}
        if depth > self.max_depth:
            return {"type": "object", "description": f"{model.name}: {_TRUNCATED}"}
        return self._object(model, depth)

    def _object(self, model: Model, depth: int) -> dict[str, Any]:
        properties = {f.wire: self.type_schema(f.type, depth + 1, f.wire) for f in model.fields}
        return {"type": "object", "title": model.name, "properties": properties, "additionalProperties": False}


def param_schema(param: Param) -> dict[str, Any]:
    base = dict(_PRIMITIVES.get(param.type, {"type": "string"}))
    if param.type == "str" and _int64_like(param.wire):
        base = {"type": ["string", "integer"]}
    if param.file_path:
        base["description"] = "a file path; may span several segments (a/b/c), no empty, '.' or '..' segment"
    if param.repeated:
        return {"type": "array", "items": base, "description": "repeated query parameter (?k=a&k=b)"}
    return base


def _params_object(params: tuple[Param, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {p.wire: param_schema(p) for p in params},
        "additionalProperties": False,
    }
    required = [p.wire for p in params if p.required]
    if required:
        schema["required"] = required
    return schema


def _body_schema(op: Operation, builder: SchemaBuilder) -> dict[str, Any] | None:
    if op.body_model is None:
        if op.method in ("POST", "PUT", "PATCH") and op.supplement is not None:
            return {"description": "the request body the SDK sends (see the operation summary)"}
        return None
    return builder.type_schema(op.body_model, 1)


def _finish(schema: dict[str, Any], builder: SchemaBuilder) -> dict[str, Any]:
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    return schema


def input_schema(op: Operation, models: Mapping[str, Model], max_depth: int | None = None) -> dict[str, Any]:
    """`{"type": "object", "properties": {"path_params", "query", "body"}, "required": [...]}`."""
    builder = SchemaBuilder(models, max_depth)
    properties: dict[str, Any] = {}
    required: list[str] = []
    if op.path_params:
        properties["path_params"] = _params_object(op.path_params)
        required.append("path_params")
    if op.query_params:
        properties["query"] = _params_object(op.query_params)
        if any(p.required for p in op.query_params):
            required.append("query")
    return _with_body(op, builder, properties, required)


def _with_body(
    op: Operation, builder: SchemaBuilder, properties: dict[str, Any], required: list[str]
) -> dict[str, Any]:
    """Add the operation's body, close the object, and hoist the shared models."""
    body = _body_schema(op, builder)
    if body is not None:
        properties["body"] = body
        if op.body_model is not None:
            required.append("body")
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return _finish(schema, builder)


def flat_input_schema(op: Operation, models: Mapping[str, Model], max_depth: int | None = None) -> dict[str, Any]:
    """Path and query parameters as top-level properties (wire names), plus `body`."""
    builder = SchemaBuilder(models, max_depth)
    params = op.path_params + op.query_params
    properties: dict[str, Any] = {p.wire: param_schema(p) for p in params}
    required = [p.wire for p in params if p.required]
    return _with_body(op, builder, properties, required)
