"""Catalog models as the emulator applies them: request validation, response shaping and default instances.

Requests are checked stricter than the real API (unknown fields are a 400) so wrong field names in this project's
own code show up in tests; snake_case keys are accepted and renamed. Responses get camelCase keys and int64 values
as strings (the SDK types int64 fields `str`), the way the API serialises them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import bad_request
from .wire import camel

_LIST = re.compile(r"^list\[(.+)\]$")
_DICT = re.compile(r"^dict\(str, (.+)\)$")
MAX_DEPTH = 3


def _where(path: str) -> str:
    return path or "body"


class Schema:
    def __init__(self, models: Mapping[str, Any]) -> None:
        self.models = models

    # requests ---------------------------------------------------------------------------------------------------

    def normalize(self, value: Any, type_: str, path: str = "", extra: frozenset[str] = frozenset()) -> Any:
        """The value checked against the type, keys renamed to camelCase; raises a 400 naming the field."""
        if value is None:
            return None
        if type_ == "str":
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise bad_request(f"{_where(path)}: expected a string, got {type(value).__name__}")
            return value if isinstance(value, str) else str(value)  # int64 fields travel as numbers or strings
        if type_ in ("int", "float"):
            if isinstance(value, bool):
                raise bad_request(f"{_where(path)}: expected a number, got a boolean")
            if isinstance(value, str):
                try:
                    return int(value) if type_ == "int" else float(value)
                except ValueError:
                    raise bad_request(f"{_where(path)}: expected a number, got {value!r}") from None
            if not isinstance(value, (int, float)):
                raise bad_request(f"{_where(path)}: expected a number, got {type(value).__name__}")
            return value
        if type_ == "bool":
            if not isinstance(value, bool):
                raise bad_request(f"{_where(path)}: expected true or false, got {value!r}")
            return value
        if type_ == "datetime":
            if not isinstance(value, str):
                raise bad_request(f"{_where(path)}: expected an RFC 3339 timestamp")
            return value
        if type_ == "object":
            return value
        m = _LIST.match(type_)
        if m:
            if not isinstance(value, list):
                raise bad_request(f"{_where(path)}: expected a list, got {type(value).__name__}")
            return [self.normalize(v, m.group(1), f"{path}[{i}]") for i, v in enumerate(value)]
        m = _DICT.match(type_)
        if m:
            if not isinstance(value, dict):
                raise bad_request(f"{_where(path)}: expected an object, got {type(value).__name__}")
            return {k: self.normalize(v, m.group(1), f"{path}.{k}") for k, v in value.items()}
        model = self.models.get(type_)
        if model is None:
            return value
        if model.enum:
            if not isinstance(value, str) or (value and value not in model.enum):
                raise bad_request(f"{_where(path)}: {value!r} is not one of {', '.join(model.enum)}")
            return value
        if not isinstance(value, dict):
            raise bad_request(f"{_where(path)}: expected an object ({type_}), got {type(value).__name__}")
        fields = {f.wire: f.type for f in model.fields}
        out: dict[str, Any] = {}
        for key, item in value.items():
            wire = key if key in fields else camel(key)
            if wire in extra and wire not in fields:
                out[wire] = item  # a path parameter repeated in the body, as grpc-gateway's `body: "*"` allows
                continue
            if wire not in fields:
                known = ", ".join(sorted(fields)) or "none"
                raise bad_request(f"{path + '.' if path else ''}{key}: unknown field of {type_} (known: {known})")
            out[wire] = self.normalize(item, fields[wire], f"{path}.{wire}" if path else wire)
        return out

    # responses --------------------------------------------------------------------------------------------------

    def conform(self, value: Any, type_: str) -> Any:
        """Shape a handler's result as the API sends it: camelCase keys, int64 (`str`) fields as strings."""
        if value is None:
            return None
        if type_ == "str":
            return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
        if type_ == "int" and isinstance(value, str) and value.lstrip("-").isdigit():
            return int(value)
        if type_ == "float" and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        m = _LIST.match(type_)
        if m:
            return [self.conform(v, m.group(1)) for v in value] if isinstance(value, list) else value
        m = _DICT.match(type_)
        if m:
            return {k: self.conform(v, m.group(1)) for k, v in value.items()} if isinstance(value, dict) else value
        model = self.models.get(type_)
        if model is None or model.enum or not isinstance(value, dict):
            return value
        fields = {f.wire: f.type for f in model.fields}
        out: dict[str, Any] = {}
        for key, item in value.items():
            wire = key if key in fields else camel(key)
            out[wire] = self.conform(item, fields[wire]) if wire in fields else item
        return out

    def default(self, type_: str, now: str, depth: int = 0) -> Any:
        """A valid instance: zero values for scalars, empty lists and maps, nested models to a bounded depth."""
        if type_ == "str":
            return ""
        if type_ == "int":
            return 0
        if type_ == "float":
            return 0.0
        if type_ == "bool":
            return False
        if type_ == "datetime":
            return now
        if type_ == "object" or _DICT.match(type_):
            return {}
        if _LIST.match(type_):
            return []
        model = self.models.get(type_)
        if model is None:
            return {}
        if model.enum:
            return model.enum[0] if model.enum else ""
        out: dict[str, Any] = {}
        for f in model.fields:
            sub = self.models.get(f.type)
            if sub is not None and not sub.enum and depth + 1 >= MAX_DEPTH:
                continue
            out[f.wire] = self.default(f.type, now, depth + 1)
        return out

    def list_field(self, type_: str) -> str | None:
        """The field of a response model that holds the listed items (`cloudspaces`, `jobs`, ...)."""
        model = self.models.get(type_)
        if model is None:
            return None
        for f in model.fields:
            m = _LIST.match(f.type)
            if m and m.group(1) in self.models and not self.models[m.group(1)].enum:
                return str(f.wire)
        return None

    def has_field(self, type_: str, wire: str) -> bool:
        model = self.models.get(type_)
        return model is not None and any(f.wire == wire for f in model.fields)
