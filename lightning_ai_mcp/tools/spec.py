"""ToolSpec: one tool as a unit (name, description, schemas, annotations, class, toolset) beside its handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lightning_ai_mcp.catalog.model import OperationClass

if TYPE_CHECKING:
    from lightning_ai_mcp.tools.context import ToolContext

Handler = Callable[["ToolContext", dict[str, Any]], Awaitable[Any]]

DEFAULT_TOOLSET = "default"


@dataclass(frozen=True)
class ToolSpec:
    name: str
    title: str | None
    description: str
    input_schema: dict[str, Any]
    handler: Handler = field(repr=False)
    op_class: OperationClass
    toolset: str = DEFAULT_TOOLSET
    output_schema: dict[str, Any] | None = None
    idempotent: bool | None = None
    """Defaults from the class: reads are idempotent, everything else is not unless said so."""

    @property
    def read_only(self) -> bool:
        return self.op_class == "read"

    @property
    def destructive(self) -> bool:
        return self.op_class in ("destructive", "dangerous")

    @property
    def is_idempotent(self) -> bool:
        return self.read_only if self.idempotent is None else self.idempotent


def object_schema(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """An input schema that refuses unknown arguments, so a misspelt argument is an error rather than ignored."""
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


TEAMSPACE_ARG = {
    "type": "string",
    "description": "Teamspace as owner/name, name or id; defaults to the server's default teamspace (see whoami).",
}
