"""MCP resources: read-only views a client can browse, each the answer of one read tool.

A resource is a URI (or URI template) and the read tool that answers it, so browsing and tool calls share one code
path, one set of checks and one result shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ResourceSpec:
    uri: str
    """A URI, or a template whose `{name}` parts become tool arguments (`{path}` may span several segments)."""
    name: str
    description: str
    tool: str
    fixed_arguments: dict[str, Any] = field(default_factory=dict)

    @property
    def is_template(self) -> bool:
        return "{" in self.uri

    def match(self, uri: str) -> dict[str, Any] | None:
        """The tool arguments for a concrete URI, or None when it is not this resource."""
        pattern = re.sub(
            r"\\\{(\w+)\\\}",
            lambda m: f"(?P<{m.group(1)}>.+)" if m.group(1) == "path" else f"(?P<{m.group(1)}>[^/]+)",
            re.escape(self.uri),
        )
        found = re.fullmatch(pattern, uri)
        return None if found is None else {**self.fixed_arguments, **found.groupdict()}


RESOURCES = (
    ResourceSpec("lightning://teamspaces", "teamspaces", "The teamspaces the user belongs to.", "list_teamspaces"),
    ResourceSpec(
        "lightning://machines",
        "machines",
        "Machines of the default teamspace: GPUs, CPUs, on-demand and spot USD/h, capacity.",
        "list_machines",
    ),
    ResourceSpec(
        "lightning://api/groups",
        "api-groups",
        "The Lightning API's service groups and what each is for.",
        "search_endpoints",
    ),
    ResourceSpec(
        "lightning://api/groups/{group}",
        "api-group",
        "The operations of one service group.",
        "search_endpoints",
        {"limit": 50},
    ),
    ResourceSpec(
        "lightning://api/operations/{id}",
        "api-operation",
        "One API operation: input schema, class, example.",
        "describe_endpoint",
    ),
    ResourceSpec(
        "lightning://studios/{studio}/files/{path}",
        "studio-file",
        "A file in a studio (first 1 MB).",
        "read_file",
    ),
)
