import json
from pathlib import Path

import pytest

from lightning_ai_mcp.config import DEFAULT_CLOUD_URL, Settings, load_credentials
from lightning_ai_mcp.errors import ConfigError


def write_credentials(tmp_path: Path, **values: str) -> Path:
    path = tmp_path / "credentials.json"
    path.write_text(json.dumps(values))
    return path


def test_defaults_need_nothing_and_start_without_credentials(tmp_path: Path) -> None:
    settings = Settings.load({"HOME": str(tmp_path)})
    assert settings.base_url == DEFAULT_CLOUD_URL
    assert not settings.credentials.present
    assert settings.credentials.source == "none"
    assert settings.toolsets == ("default",)
    assert settings.confirm_above == 10.0
    assert settings.max_hourly_cost is None
    assert settings.transport == "stdio"


def test_environment_credentials_win_over_the_credentials_file(tmp_path: Path) -> None:
    path = write_credentials(tmp_path, user_id="file-user", api_key="file-key", auth_token="")
    env = {"LIGHTNING_CREDENTIAL_PATH": str(path), "LIGHTNING_USER_ID": "env-user", "LIGHTNING_API_KEY": "env-key"}
    creds = load_credentials(env)
    assert (creds.user_id, creds.api_key, creds.source) == ("env-user", "env-key", "environment")


def test_the_credentials_file_supplies_all_three_keys_when_the_environment_has_no_key(tmp_path: Path) -> None:
    path = write_credentials(tmp_path, user_id="u1", api_key="k1", auth_token="t1")
    creds = load_credentials({"LIGHTNING_CREDENTIAL_PATH": str(path), "LIGHTNING_USER_ID": "ignored"})
    assert (creds.user_id, creds.api_key, creds.auth_token) == ("u1", "k1", "t1")
    assert creds.source == f"file {path}"


def test_the_default_credentials_file_lives_under_home(tmp_path: Path) -> None:
    (tmp_path / ".lightning").mkdir()
    write_credentials(tmp_path / ".lightning", user_id="u", api_key="k")
    assert load_credentials({"HOME": str(tmp_path)}).api_key == "k"


def test_an_unreadable_credentials_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "credentials.json"
    path.write_text("{not json")
    with pytest.raises(ConfigError, match="could not be read"):
        load_credentials({"LIGHTNING_CREDENTIAL_PATH": str(path)})


def test_secrets_never_appear_in_reprs() -> None:
    settings = Settings.load(
        {"LIGHTNING_USER_ID": "user-123", "LIGHTNING_API_KEY": "sk-secret-value", "LIGHTNING_MCP_HTTP_TOKEN": "tok-9"}
    )
    text = repr(settings) + repr(settings.credentials)
    for secret in ("sk-secret-value", "tok-9", "user-123"):
        assert secret not in text


@pytest.mark.parametrize("url", ["http://lightning.ai", "http://10.0.0.5:8080", "ftp://lightning.ai", "lightning.ai"])
def test_a_base_url_that_is_not_https_is_refused_unless_loopback(url: str) -> None:
    with pytest.raises(ConfigError, match="LIGHTNING_CLOUD_URL"):
        Settings.load({"LIGHTNING_CLOUD_URL": url})


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://localhost:1234/", "http://[::1]:9"])
def test_plain_http_is_allowed_for_loopback(url: str) -> None:
    assert Settings.load({"LIGHTNING_CLOUD_URL": url}).base_url == url.rstrip("/")


def test_flags_take_precedence_over_the_environment() -> None:
    env = {"LIGHTNING_MCP_TOOLSETS": "jobs_service", "LIGHTNING_MCP_CONFIRM_ABOVE": "5", "LIGHTNING_MCP_PORT": "9000"}
    settings = Settings.load(env, {"toolsets": "all", "confirm_above": 0.0, "port": None})
    assert settings.toolsets == ("all",)
    assert settings.confirm_above == 0.0
    assert settings.port == 9000


def test_lists_and_switches_come_from_the_environment(tmp_path: Path) -> None:
    env = {
        "LIGHTNING_MCP_TOOLS": "a, b,,a",
        "LIGHTNING_MCP_READ_ONLY": "1",
        "LIGHTNING_MCP_ALLOW_DIRS": str(tmp_path),
        "LIGHTNING_MCP_MAX_HOURLY_COST": "12.5",
        "LIGHTNING_TEAMSPACE": "acme/research",
    }
    settings = Settings.load(env)
    assert settings.tools == ("a", "b")
    assert settings.read_only
    assert settings.allow_dirs == (tmp_path.resolve(),)
    assert settings.max_hourly_cost == 12.5
    assert settings.teamspace == "acme/research"


def test_binding_http_beyond_loopback_requires_a_token() -> None:
    with pytest.raises(ConfigError, match="--http-token"):
        Settings.load({}, {"transport": "http", "host": "0.0.0.0"})
    assert Settings.load({}, {"transport": "http", "host": "0.0.0.0", "http_token": "t"}).host == "0.0.0.0"


def test_bad_numbers_name_the_flag() -> None:
    with pytest.raises(ConfigError, match="--max-hourly-cost"):
        Settings.load({"LIGHTNING_MCP_MAX_HOURLY_COST": "lots"})
    with pytest.raises(ConfigError, match="--port"):
        Settings.load({"LIGHTNING_MCP_PORT": "http"})
