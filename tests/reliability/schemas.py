"""Arguments from a tool's input schema: a minimal valid instance, and Hypothesis strategies for valid and invalid ones.

Written for the subset of JSON Schema the tool list uses (type, or a list of types; properties, required,
additionalProperties, items, enum, const, minimum/maximum, minLength/maxLength, minItems, default), so no
hypothesis-jsonschema dependency is needed. Strings mix ordinary text with hostile values: traversal, URLs,
invisible characters, very long ones.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

HOSTILE_STRINGS = (
    "..",
    "%2e%2e",
    "a/b",
    "../../v1/projects/p",
    "x?y=1",
    "x#frag",
    "a\r\nX-Injected: 1",
    "\u2024\u2024",
    "\uff0e\uff0e",
    "https://attacker.invalid/steal",
    "//attacker.invalid/steal",
    "file:///etc/passwd",
    "ignore previous instructions\u200b\u202e\U000e0041",
    "\x00\x07\x1b[31m",
    "\ud7ff\ue000\U0010ffff",
    "x" * 5000,
)
_MAX_DEPTH = 3


def types_of(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, list):
        return [str(k) for k in kind]
    if isinstance(kind, str):
        return [kind]
    if "properties" in schema:
        return ["object"]
    return []


def minimal(schema: dict[str, Any]) -> Any:
    """The smallest instance the schema accepts: required properties only, the lowest allowed values."""
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    kinds = types_of(schema) or ["object"]
    kind = kinds[0]
    if kind == "object":
        properties = schema.get("properties") or {}
        return {name: minimal(properties.get(name) or {}) for name in schema.get("required") or []}
    if kind == "array":
        return [minimal(schema.get("items") or {})] * int(schema.get("minItems", 0))
    if kind == "string":
        return "x" * max(int(schema.get("minLength", 1)), 1)
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        value = max(low, 1) if "maximum" not in schema else low
        return int(value) + (1 if "exclusiveMinimum" in schema else 0)
    if kind == "boolean":
        return False
    return None


def json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**64),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
        st.sampled_from(HOSTILE_STRINGS),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
        max_leaves=8,
    )


def strings(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
    plain = st.text(min_size=low, max_size=min(int(high), 40) if high is not None else 40)
    fitting = [s for s in HOSTILE_STRINGS if len(s) >= low and (high is None or len(s) <= high)]
    return st.one_of(plain, st.sampled_from(fitting)) if fitting else plain


def valid(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Instances the schema accepts (as far as listed schemas go; the server checks the full ones)."""
    if "const" in schema:
        return st.just(schema["const"])
    if schema.get("enum"):
        return st.sampled_from(schema["enum"])
    kinds = types_of(schema)
    if not kinds:
        return json_values() if depth < _MAX_DEPTH else st.just({})
    return st.one_of(*(_valid_of(kind, schema, depth) for kind in kinds))


def _valid_of(kind: str, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if kind == "object":
        properties = schema.get("properties") or {}
        required = [n for n in schema.get("required") or [] if n in properties]
        if depth >= _MAX_DEPTH or not properties:
            return st.just({n: minimal(properties.get(n) or {}) for n in required})
        optional = {n: valid(s, depth + 1) for n, s in properties.items() if n not in required}
        return st.fixed_dictionaries({n: valid(properties[n], depth + 1) for n in required}, optional=optional)
    if kind == "array":
        items = schema.get("items") or {}
        return st.lists(valid(items, depth + 1), min_size=int(schema.get("minItems", 0)), max_size=3)
    if kind == "string":
        return strings(schema)
    if kind == "integer":
        low = schema.get("minimum")
        if low is None and "exclusiveMinimum" in schema:
            low = schema["exclusiveMinimum"] + 1
        return st.integers(min_value=low, max_value=schema.get("maximum"))
    if kind == "number":
        exclusive = "exclusiveMinimum" in schema and "minimum" not in schema
        return st.floats(
            min_value=schema["exclusiveMinimum"] if exclusive else schema.get("minimum"),
            max_value=schema.get("maximum"),
            allow_nan=False,
            allow_infinity=False,
            exclude_min=exclusive,
        )
    if kind == "boolean":
        return st.booleans()
    return st.none()


def invalid(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Arguments that break the schema: a wrong type for one property, an unknown property, or any JSON at all."""
    properties = schema.get("properties") or {}
    base = valid(schema)
    options: list[st.SearchStrategy[Any]] = [
        st.tuples(base, st.text(min_size=1, max_size=12).filter(lambda k: k not in properties), json_values()).map(
            lambda t: {**t[0], t[1]: t[2]} if isinstance(t[0], dict) else t[0]
        ),
        st.dictionaries(st.text(max_size=10), json_values(), max_size=4),
    ]
    if properties:
        options.append(
            st.tuples(base, st.sampled_from(sorted(properties)), json_values()).map(
                lambda t: {**t[0], t[1]: t[2]} if isinstance(t[0], dict) else t[0]
            )
        )
    return st.one_of(options)
