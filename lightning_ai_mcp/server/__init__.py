"""The MCP wiring: the only package that imports mcp. Tools, resources and prompts become an MCP server here."""

from lightning_ai_mcp.server.app import build_server
from lightning_ai_mcp.server.calls import as_mcp_tool
from lightning_ai_mcp.server.state import AppState
from lightning_ai_mcp.server.transports import configure_logging, http_app, serve_http, serve_stdio

_as_mcp_tool = as_mcp_tool

__all__ = ["AppState", "as_mcp_tool", "build_server", "configure_logging", "http_app", "serve_http", "serve_stdio"]
