"""MCP server for the Lightning AI platform."""

__version__ = "0.1.0"

__all__ = ["__version__"]
