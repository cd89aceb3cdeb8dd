"""`lightning-ai-mcp doctor`: is everything in place to use Lightning, and if not, what to do about it."""

from __future__ import annotations

import sys
from typing import TextIO

from lightning_ai_mcp.client import LightningClient
from lightning_ai_mcp.config import CREDENTIALS_HELP, Settings
from lightning_ai_mcp.errors import InvalidArgument, LightningAPIError, LightningMCPError
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.teamspaces import default_teamspace_ref, list_memberships, resolve_teamspace


class _Report:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.failures = 0

    def ok(self, what: str, detail: str) -> None:
        print(f"  ok    {what}: {detail}", file=self.out)

    def fail(self, what: str, detail: str, fix: str) -> None:
        self.failures += 1
        print(f"  FAIL  {what}: {detail}\n        fix: {fix}", file=self.out)

    def info(self, what: str, detail: str) -> None:
        print(f"  info  {what}: {detail}", file=self.out)


async def run_doctor(settings: Settings, client: LightningClient | None = None, out: TextIO = sys.stdout) -> int:
    """Print one line per check; return 0 only when every check passed."""
    report = _Report(out)
    print("lightning-ai-mcp doctor", file=out)
    report.ok(
        "API", "the built-in emulator (sandbox: demo data, no network)" if settings.sandbox else settings.base_url
    )
    creds = settings.credentials
    if not creds.present:
        report.fail("credentials", "none found in the environment or the credentials file", CREDENTIALS_HELP)
        _print_modes(report, settings)
        return 1
    kind = "auth token" if creds.auth_token else ("user id + API key" if creds.user_id else "API key")
    report.ok("credentials", f"{kind} from {creds.source}")
    owns_client = client is None
    client = client or LightningClient(settings)
    try:
        await _check_api(report, settings, client)
    finally:
        if owns_client:
            await client.aclose()
    _print_modes(report, settings)
    print("all checks passed" if not report.failures else f"{report.failures} check(s) failed", file=out)
    return 0 if not report.failures else 1


async def _check_api(report: _Report, settings: Settings, client: LightningClient) -> None:
    ctx = ToolContext.for_settings(client, settings)
    try:
        user = await ctx.get("/v1/auth/user")
    except LightningAPIError as exc:
        fix = (
            "check LIGHTNING_USER_ID / LIGHTNING_API_KEY (or run `lightning login`)"
            if exc.status in (401, 403)
            else "check the network and LIGHTNING_CLOUD_URL, then try again"
        )
        report.fail("API reachable", str(exc), fix)
        return
    except LightningMCPError as exc:
        report.fail("API reachable", str(exc), "see the message above")
        return
    report.ok("user", f"{user.get('username') or '?'} ({user.get('email') or 'no email'}, id {user.get('id')})")
    try:
        teams = await list_memberships(ctx)
    except LightningMCPError as exc:
        report.fail("teamspaces", str(exc), "check that the key may list memberships")
        return
    if not teams:
        report.fail("teamspaces", "you belong to no teamspace", "create one on lightning.ai, then run doctor again")
        return
    report.ok("teamspaces", ", ".join(t.name for t in teams))
    ref, source = default_teamspace_ref(ctx)
    try:
        team = await resolve_teamspace(ctx, ref, teams=teams)
    except InvalidArgument as exc:
        report.fail(
            "default teamspace",
            exc.problem,
            "set LIGHTNING_TEAMSPACE=owner/name (or name) in the server's environment; or pass teamspace per call",
        )
        return
    report.ok("default teamspace", f"{team.name} (id {team.id}, from {source or 'your only teamspace'})")


def _print_modes(report: _Report, settings: Settings) -> None:
    report.info("toolsets", ",".join(settings.toolsets))
    modes = [
        "read-only" if settings.read_only else "read-write",
        f"confirmation above {settings.confirm_above:g} USD/h",
        f"hourly cap {settings.max_hourly_cost:g} USD/h" if settings.max_hourly_cost else "no hourly cap",
    ]
    if settings.allow_operations:
        modes.append("dangerous operations allowed: " + ",".join(settings.allow_operations))
    if settings.sandbox:
        modes.append("sandbox")
    report.info("safety", "; ".join(modes))
    if settings.allow_dirs:
        report.info("local directories", ", ".join(str(d) for d in settings.allow_dirs))
