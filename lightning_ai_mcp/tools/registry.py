"""Which tools a server offers: the default set, toolsets of per-operation tools, and the filters of the settings."""

from __future__ import annotations

from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.errors import ConfigError
from lightning_ai_mcp.tools.spec import DEFAULT_TOOLSET, ToolSpec


def default_tools() -> list[ToolSpec]:
    from lightning_ai_mcp.tools import teamspaces

    return [*teamspaces.TOOLS]


def select_tools(settings: Settings) -> list[ToolSpec]:
    """Apply --toolsets, --tools, --exclude-tools and --read-only (which wins over everything)."""
    available = default_tools()
    by_name = {spec.name: spec for spec in available}
    toolsets = set(settings.toolsets)
    known_toolsets = {DEFAULT_TOOLSET, "all"} | {spec.toolset for spec in available}
    unknown = sorted(toolsets - known_toolsets)
    if unknown:
        raise ConfigError(f"unknown toolset(s) {', '.join(unknown)}; known: {', '.join(sorted(known_toolsets))}")
    unknown_tools = sorted((set(settings.tools) | set(settings.exclude_tools)) - by_name.keys())
    if unknown_tools:
        raise ConfigError(
            f"unknown tool name(s) {', '.join(unknown_tools)}; `tools/list` with --toolsets all shows them"
        )
    chosen = [s for s in available if "all" in toolsets or s.toolset in toolsets or s.name in settings.tools]
    chosen = [s for s in chosen if s.name not in settings.exclude_tools]
    if settings.read_only:
        chosen = [s for s in chosen if s.read_only]
    return chosen
