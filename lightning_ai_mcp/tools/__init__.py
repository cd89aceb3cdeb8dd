"""Tools: what the MCP server offers, as plain specs and async handlers that know nothing of MCP."""
