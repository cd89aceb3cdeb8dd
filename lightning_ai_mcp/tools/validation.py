"""Checking tool arguments against their JSON Schema before anything is sent, naming the offending field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lightning_ai_mcp.errors import InvalidArgument

if TYPE_CHECKING:
    from jsonschema.protocols import Validator


_VALIDATORS: dict[int, tuple[dict[str, Any], Validator]] = {}


def validator_for(schema: dict[str, Any]) -> Validator:
    """A compiled validator per schema object (tool schemas are built once and never change)."""
    cached = _VALIDATORS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    from jsonschema import Draft202012Validator

    validator: Validator = Draft202012Validator(schema)
    _VALIDATORS[id(schema)] = (schema, validator)
    return validator


def validate_arguments(name: str, schema: dict[str, Any], arguments: dict[str, Any]) -> None:
    from jsonschema.exceptions import best_match

    error = best_match(validator_for(schema).iter_errors(arguments))
    if error is None:
        return
    path = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "additionalProperties":
        known = sorted((error.schema.get("properties") or {}).keys()) if isinstance(error.schema, dict) else []
        extra = sorted(set(error.instance) - set(known)) if isinstance(error.instance, dict) else []
        field = ".".join(filter(None, [path, extra[0] if extra else ""]))
        raise InvalidArgument(field or "arguments", f"unknown argument; known ones are: {', '.join(known) or 'none'}")
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else ""
        raise InvalidArgument(".".join(filter(None, [path, missing])) or "arguments", "is required")
    message = error.message if len(error.message) <= 300 else error.message[:297] + "..."
    raise InvalidArgument(path or "arguments", message)
