import pytest
from mcp import Client

from lightning_ai_mcp.server import build_server
from tests.fake_lightning import USER_ID, client_factory, identity_app, membership, settings_for

pytestmark = pytest.mark.anyio

TWO = [membership("prj-1", "research"), membership("prj-2", "prod", owner_id="org-1", owner_type="organization")]


def server(memberships: list[dict[str, str]], **settings: object) -> object:
    app = identity_app(memberships, orgs={"org-1": "acme"})
    return build_server(settings_for(**settings), client_factory(app))


async def test_the_only_teamspace_is_the_default() -> None:
    async with Client(server([membership("prj-1", "research")])) as client:
        result = await client.call_tool("whoami", {})
    assert result.structured_content is not None
    assert result.structured_content["default_teamspace"]["name"] == "research"


async def test_with_several_teamspaces_and_no_default_whoami_lists_the_choices() -> None:
    async with Client(server(TWO)) as client:
        result = await client.call_tool("whoami", {})
    assert result.structured_content is not None
    assert result.structured_content["default_teamspace"] is None
    problem = result.structured_content["default_teamspace_problem"]
    assert "prod" in problem and "research" in problem and "set_default_teamspace" in problem


async def test_the_default_comes_from_lightning_teamspace_as_owner_slash_name() -> None:
    async with Client(server(TWO, teamspace="acme/prod")) as client:
        result = await client.call_tool("whoami", {})
    assert result.structured_content is not None
    assert result.structured_content["default_teamspace"]["id"] == "prj-2"
    assert result.structured_content["default_teamspace"]["source"] == "LIGHTNING_TEAMSPACE"


async def test_a_teamspace_listed_twice_appears_once_preferring_the_organization_row() -> None:
    rows = [membership("prj-2", "prod", owner_id=USER_ID), membership("prj-2", "prod", "org-1", "organization")]
    async with Client(server(rows)) as client:
        result = await client.call_tool("list_teamspaces", {})
    assert result.structured_content is not None
    assert result.structured_content["teamspaces"] == [
        {"id": "prj-2", "name": "prod", "display_name": "Prod", "owner_type": "organization", "default": True}
    ]


async def test_set_default_teamspace_applies_to_later_calls() -> None:
    async with Client(server(TWO)) as client:
        chosen = await client.call_tool("set_default_teamspace", {"teamspace": "research"})
        assert not chosen.is_error
        result = await client.call_tool("whoami", {})
    assert result.structured_content is not None
    assert result.structured_content["default_teamspace"]["id"] == "prj-1"


async def test_an_unknown_teamspace_is_refused_listing_the_real_ones() -> None:
    async with Client(server(TWO)) as client:
        result = await client.call_tool("set_default_teamspace", {"teamspace": "nope"})
    assert result.is_error
    text = result.content[0].text  # type: ignore[union-attr]
    assert text.startswith("teamspace:") and "prod" in text and "research" in text


async def test_the_wrong_owner_does_not_match() -> None:
    async with Client(server(TWO)) as client:
        result = await client.call_tool("set_default_teamspace", {"teamspace": "someone-else/prod"})
    assert result.is_error
