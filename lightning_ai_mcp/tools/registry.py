"""Which tools a server offers: the default set, toolsets of per-operation tools, and the filters of the settings."""

from __future__ import annotations

from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.errors import ConfigError
from lightning_ai_mcp.tools.spec import DEFAULT_TOOLSET, ToolSpec

CURATED_MODULES = (
    "teamspaces",
    "studios",
    "machines",
    "commands",
    "costs",
    "idle",
    "files",
    "jobs",
    "job_logs",
    "deployments",
    "deployment_update",
    "secrets",
    "models",
    "delete",
    "api",
)
"""Modules under lightning_ai_mcp.tools whose `TOOLS` make up the default tool list, in listing order."""


def default_tools() -> list[ToolSpec]:
    import importlib

    return [
        spec for name in CURATED_MODULES for spec in importlib.import_module(f"lightning_ai_mcp.tools.{name}").TOOLS
    ]


def _group_names() -> set[str]:
    from lightning_ai_mcp.catalog import load_catalog

    return {g.name for g in load_catalog().groups()}


def select_tools(settings: Settings) -> list[ToolSpec]:
    """Apply --toolsets, --tools, --exclude-tools and --read-only (which wins over everything).

    Per-operation tools are built only when a toolset or tool name asks for them, so the default server never
    loads the catalog at start-up.
    """
    curated = default_tools()
    curated_names = {spec.name for spec in curated}
    toolsets = set(settings.toolsets)
    asked_names = set(settings.tools) | set(settings.exclude_tools)
    needs_generated = bool(toolsets - {DEFAULT_TOOLSET}) or bool(asked_names - curated_names)
    available = list(curated)
    if needs_generated:
        from lightning_ai_mcp.tools.generated import operation_tools

        unknown = sorted(toolsets - {DEFAULT_TOOLSET, "all"} - _group_names())
        if unknown:
            raise ConfigError(
                f"unknown toolset(s) {', '.join(unknown)}; use default, all, or service groups as listed by "
                "`lightning-ai-mcp catalog stats`"
            )
        available += [spec for spec in operation_tools() if spec.name not in curated_names]
    by_name = {spec.name for spec in available}
    unknown_tools = sorted(asked_names - by_name)
    if unknown_tools:
        raise ConfigError(f"unknown tool name(s) {', '.join(unknown_tools)}; `--toolsets all` lists every tool")
    chosen = [s for s in available if "all" in toolsets or s.toolset in toolsets or s.name in settings.tools]
    chosen = [s for s in chosen if s.name not in settings.exclude_tools]
    if settings.read_only:
        chosen = [s for s in chosen if s.read_only]
    return chosen
