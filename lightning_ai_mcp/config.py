"""Settings, read once at the edge from an explicit environment mapping and command-line flags.

Credentials follow lightning-sdk: `LIGHTNING_API_KEY` or `LIGHTNING_AUTH_TOKEN` in the environment win; otherwise
the credentials file the `lightning` CLI writes (`LIGHTNING_CREDENTIAL_PATH`, default
`~/.lightning/credentials.json`) supplies all three of `user_id`, `api_key` and `auth_token`.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from lightning_ai_mcp.errors import ConfigError

DEFAULT_CLOUD_URL = "https://lightning.ai"
DEFAULT_CONFIRM_ABOVE = 10.0
DEFAULT_HTTP_PORT = 8000

CREDENTIALS_HELP = (
    "Lightning credentials are missing. Set LIGHTNING_USER_ID and LIGHTNING_API_KEY in the server's environment "
    "(both are on https://lightning.ai under Account settings > Keys), or run `lightning login` once so that "
    "~/.lightning/credentials.json exists, then restart the MCP server. To try the server without an account, "
    "start it with --sandbox."
)


@dataclass(frozen=True)
class Credentials:
    user_id: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    auth_token: str | None = field(default=None, repr=False)
    source: str = "none"
    """Where they came from: "environment", "file <path>" or "none". Never the values."""

    @property
    def present(self) -> bool:
        return bool(self.auth_token or self.api_key)

    def secret_values(self) -> tuple[str, ...]:
        return tuple(v for v in (self.api_key, self.auth_token) if v)


@dataclass(frozen=True)
class Settings:
    base_url: str = DEFAULT_CLOUD_URL
    credentials: Credentials = field(default_factory=Credentials)
    teamspace: str | None = None
    toolsets: tuple[str, ...] = ("default",)
    tools: tuple[str, ...] = ()
    exclude_tools: tuple[str, ...] = ()
    read_only: bool = False
    allow_operations: tuple[str, ...] = ()
    allow_dirs: tuple[Path, ...] = ()
    max_hourly_cost: float | None = None
    confirm_above: float = DEFAULT_CONFIRM_ABOVE
    sandbox: bool = False
    transport: Literal["stdio", "http"] = "stdio"
    host: str = "127.0.0.1"
    port: int = DEFAULT_HTTP_PORT
    http_token: str | None = field(default=None, repr=False)
    state_key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    @classmethod
    def load(cls, environ: Mapping[str, str], flags: Mapping[str, Any] | None = None) -> Settings:
        """Build settings from an environment mapping, with flags (non-None values) taking precedence."""
        flags = {k: v for k, v in (flags or {}).items() if v is not None}
        base_url = _check_base_url(environ.get("LIGHTNING_CLOUD_URL") or DEFAULT_CLOUD_URL)
        transport_name = flags.get("transport") or environ.get("LIGHTNING_MCP_TRANSPORT") or "stdio"
        if transport_name not in ("stdio", "http"):
            raise ConfigError(f"--transport / LIGHTNING_MCP_TRANSPORT must be stdio or http, not {transport_name!r}")
        transport: Literal["stdio", "http"] = "http" if transport_name == "http" else "stdio"
        host = flags.get("host") or environ.get("LIGHTNING_MCP_HOST") or "127.0.0.1"
        http_token = flags.get("http_token") or environ.get("LIGHTNING_MCP_HTTP_TOKEN") or None
        if transport == "http" and not is_loopback(host) and not http_token:
            raise ConfigError(
                f"--host {host} binds beyond loopback; set --http-token (or LIGHTNING_MCP_HTTP_TOKEN) so that only "
                "clients holding the token can use your Lightning account"
            )
        state_key = environ.get("LIGHTNING_MCP_STATE_KEY")
        confirm_above = _usd("--confirm-above", flags.get("confirm_above"), environ.get("LIGHTNING_MCP_CONFIRM_ABOVE"))
        extra_dirs = environ.get("LIGHTNING_MCP_ALLOW_DIRS", "")
        return cls(
            base_url=base_url,
            credentials=load_credentials(environ),
            teamspace=environ.get("LIGHTNING_TEAMSPACE") or None,
            toolsets=_names(flags.get("toolsets"), environ.get("LIGHTNING_MCP_TOOLSETS")) or ("default",),
            tools=_names(flags.get("tools"), environ.get("LIGHTNING_MCP_TOOLS")),
            exclude_tools=_names(flags.get("exclude_tools"), environ.get("LIGHTNING_MCP_EXCLUDE_TOOLS")),
            read_only=bool(flags.get("read_only")) or _truthy(environ.get("LIGHTNING_MCP_READ_ONLY")),
            allow_operations=_names(flags.get("allow_operations"), environ.get("LIGHTNING_MCP_ALLOW_OPERATIONS")),
            allow_dirs=tuple(
                Path(d).expanduser().resolve()
                for d in [*flags.get("allow_dir", ()), *extra_dirs.split(os.pathsep)]
                if d
            ),
            max_hourly_cost=_usd(
                "--max-hourly-cost", flags.get("max_hourly_cost"), environ.get("LIGHTNING_MCP_MAX_HOURLY_COST")
            ),
            confirm_above=DEFAULT_CONFIRM_ABOVE if confirm_above is None else confirm_above,
            sandbox=bool(flags.get("sandbox")) or _truthy(environ.get("LIGHTNING_MCP_SANDBOX")),
            transport=transport,
            host=host,
            port=_port(flags.get("port") or environ.get("LIGHTNING_MCP_PORT")),
            http_token=http_token,
            state_key=state_key.encode() if state_key else secrets.token_bytes(32),
        )


def load_credentials(environ: Mapping[str, str]) -> Credentials:
    api_key = environ.get("LIGHTNING_API_KEY") or None
    auth_token = environ.get("LIGHTNING_AUTH_TOKEN") or None
    if api_key or auth_token:
        return Credentials(environ.get("LIGHTNING_USER_ID") or None, api_key, auth_token, "environment")
    path = Path(
        environ.get("LIGHTNING_CREDENTIAL_PATH") or Path(environ.get("HOME", "~")) / ".lightning/credentials.json"
    )
    path = path.expanduser()
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return Credentials()
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"the credentials file {path} could not be read ({type(exc).__name__}); fix or remove it"
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"the credentials file {path} is not a JSON object; run `lightning login` again")
    values = {k: (str(data[k]) if data.get(k) else None) for k in ("user_id", "api_key", "auth_token")}
    creds = Credentials(values["user_id"], values["api_key"], values["auth_token"], f"file {path}")
    return creds if creds.present else Credentials()


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_base_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"LIGHTNING_CLOUD_URL must be an http(s) URL such as {DEFAULT_CLOUD_URL}, not {url!r}")
    if parts.scheme != "https" and not is_loopback(parts.hostname):
        raise ConfigError(
            f"LIGHTNING_CLOUD_URL {url!r} is not https; credentials are sent only over https (plain http is allowed "
            "for loopback addresses such as a local emulator)"
        )
    return url.rstrip("/")


def _names(flag: Any, env: str | None) -> tuple[str, ...]:
    raw = ",".join(flag) if isinstance(flag, list | tuple) else (flag if flag is not None else env or "")
    return tuple(dict.fromkeys(n.strip() for n in str(raw).split(",") if n.strip()))


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _usd(name: str, flag: Any, env: str | None) -> float | None:
    raw = flag if flag is not None else env
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of US dollars per hour, not {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative, got {value}")
    return value


def _port(raw: Any) -> int:
    if raw is None or raw == "":
        return DEFAULT_HTTP_PORT
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"--port / LIGHTNING_MCP_PORT must be a number, not {raw!r}") from None
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port must be between 0 and 65535, got {port}")
    return port
