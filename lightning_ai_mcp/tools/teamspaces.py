"""Teamspaces: who the user is, which teamspaces they have, and which one a tool acts in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lightning_ai_mcp.errors import InvalidArgument, OperationRefused
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.spec import TEAMSPACE_ARG, ToolSpec, object_schema


@dataclass(frozen=True)
class Teamspace:
    id: str
    name: str
    display_name: str
    owner_id: str
    owner_type: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "display_name": self.display_name, "owner_type": self.owner_type}


async def list_memberships(ctx: ToolContext) -> list[Teamspace]:
    """The user's teamspaces, one entry per teamspace (memberships list some twice: as org and as user)."""
    data = await ctx.get("/v1/memberships", query={"filterByUserId": True})
    seen: dict[str, Teamspace] = {}
    for row in data.get("memberships") or []:
        project_id = str(row.get("projectId") or "")
        if not project_id:
            continue
        team = Teamspace(
            id=project_id,
            name=str(row.get("name") or ""),
            display_name=str(row.get("displayName") or row.get("name") or ""),
            owner_id=str(row.get("ownerId") or ""),
            owner_type=str(row.get("ownerType") or ""),
        )
        if project_id not in seen or team.owner_type == "organization":
            seen[project_id] = team
    return sorted(seen.values(), key=lambda t: (t.name.lower(), t.id))


async def _owner_name(ctx: ToolContext, team: Teamspace) -> str:
    if team.owner_type == "organization":
        org = await ctx.get("/v1/orgs/{id}", path_params={"id": team.owner_id})
        return str(org.get("name") or "")
    if team.owner_id:
        found = await ctx.get("/v1/users/search", query={"query": team.owner_id})
        for user in found.get("users") or []:
            if user.get("id") == team.owner_id:
                return str(user.get("username") or "")
    return ""


def default_teamspace_ref(ctx: ToolContext) -> tuple[str | None, str]:
    """The teamspace a tool uses when none is given, and where that choice came from."""
    if ctx.teamspace_header:
        return ctx.teamspace_header, "the X-Lightning-Teamspace header"
    if ctx.state.default_teamspace:
        return ctx.state.default_teamspace, "set_default_teamspace"
    if ctx.settings.teamspace:
        return ctx.settings.teamspace, "LIGHTNING_TEAMSPACE"
    return None, ""


async def resolve_teamspace(
    ctx: ToolContext, ref: str | None = None, field: str = "teamspace", teams: list[Teamspace] | None = None
) -> Teamspace:
    """Find a teamspace by `owner/name`, name, display name or id; with no ref, the default one."""
    source = "argument"
    if not ref:
        ref, source = default_teamspace_ref(ctx)
    if teams is None:
        teams = await list_memberships(ctx)
    choices = ", ".join(t.name for t in teams) or "none"
    if not ref:
        if len(teams) == 1:
            return teams[0]
        raise InvalidArgument(
            field,
            f"no teamspace given and no default set; you have {len(teams)} teamspaces ({choices}). Pass teamspace, "
            "or set a default with set_default_teamspace (or LIGHTNING_TEAMSPACE)",
        )
    owner, _, name = ref.rpartition("/")
    matches = [t for t in teams if ref == t.id or name in (t.name, t.display_name)]
    if owner and len(matches) > 0:
        matches = [t for t in matches if ref == t.id or await _owner_name(ctx, t) == owner]
    if len(matches) == 1:
        return matches[0]
    where = "" if source == "argument" else f" (from {source})"
    if not matches:
        raise InvalidArgument(field, f"no teamspace matches {ref!r}{where}; your teamspaces: {choices}")
    raise InvalidArgument(field, f"{ref!r}{where} matches {len(matches)} teamspaces; use owner/name or the id")


async def whoami(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    user = await ctx.get("/v1/auth/user")
    result: dict[str, Any] = {
        "user": {k: user.get(k) for k in ("id", "username", "email") if user.get(k) is not None},
        "api": ctx.client.base_url,
    }
    ref, source = default_teamspace_ref(ctx)
    try:
        team = await resolve_teamspace(ctx, ref)
        result["default_teamspace"] = {**team.as_dict(), "source": source or "your only teamspace"}
    except InvalidArgument as exc:
        result["default_teamspace"] = None
        result["default_teamspace_problem"] = exc.problem
    return result


async def list_teamspaces(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    teams = await list_memberships(ctx)
    try:
        default_id: str | None = (await resolve_teamspace(ctx, teams=teams)).id
    except InvalidArgument:
        default_id = None
    return {"teamspaces": [{**t.as_dict(), "default": t.id == default_id} for t in teams]}


async def set_default_teamspace(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    if ctx.settings.transport == "http":
        # Over HTTP one process serves many clients (and replicas share none of its memory).
        raise OperationRefused(
            "over HTTP the default teamspace travels with each request: send the X-Lightning-Teamspace header, "
            "or pass teamspace to each tool (the server's LIGHTNING_TEAMSPACE applies otherwise)"
        )
    team = await resolve_teamspace(ctx, args["teamspace"])
    ctx.state.default_teamspace = team.id
    return {"default_teamspace": team.as_dict(), "scope": "for the rest of this server process"}


_USER_SCHEMA = {
    "type": "object",
    "properties": {"id": {"type": "string"}, "username": {"type": "string"}, "email": {"type": "string"}},
}
_TEAM_PROPERTIES: dict[str, Any] = {k: {"type": "string"} for k in ("id", "name", "display_name", "owner_type")}
_TEAM_SCHEMA = {"type": "object", "properties": _TEAM_PROPERTIES}

TOOLS = [
    ToolSpec(
        name="whoami",
        title="Who am I",
        description=(
            "The Lightning user these credentials belong to and the default teamspace tools act in when no teamspace "
            "is given. Call first to check the connection."
        ),
        input_schema=object_schema({}),
        handler=whoami,
        op_class="read",
        output_schema={
            "type": "object",
            "properties": {
                "user": _USER_SCHEMA,
                "api": {"type": "string"},
                "sandbox": {"type": "string"},
                "default_teamspace": {"anyOf": [_TEAM_SCHEMA, {"type": "null"}]},
                "default_teamspace_problem": {"type": "string"},
            },
            "required": ["user", "api"],
        },
    ),
    ToolSpec(
        name="list_teamspaces",
        title="List teamspaces",
        description="The teamspaces (Lightning projects) the user belongs to, with ids, and which one is the default.",
        input_schema=object_schema({}),
        handler=list_teamspaces,
        op_class="read",
        output_schema={
            "type": "object",
            "properties": {
                "teamspaces": {
                    "type": "array",
                    "items": {"type": "object", "properties": {**_TEAM_PROPERTIES, "default": {"type": "boolean"}}},
                }
            },
            "required": ["teamspaces"],
        },
    ),
    ToolSpec(
        name="set_default_teamspace",
        title="Set default teamspace",
        description="Make a teamspace the default for every later tool call of this server process.",
        input_schema=object_schema({"teamspace": TEAMSPACE_ARG}, required=("teamspace",)),
        handler=set_default_teamspace,
        op_class="read",
        idempotent=True,
    ),
]
