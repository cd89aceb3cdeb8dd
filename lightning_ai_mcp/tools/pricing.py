"""Live machine prices and capacity from the accelerator catalog, and machine names resolved against it.

Lightning prices each machine per hour for the whole instance (not per GPU); `spotPrice` 0 means there is no spot
offer. Friendly names (`T4`, `A100_X_8`, `CPU`, `RTXP_6000_X_2`) resolve by family and count against what the
teamspace's clouds offer now, never by an assumed slug, since slugs differ between clouds and SDK releases.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from lightning_ai_mcp.errors import InvalidArgument
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.teamspaces import Teamspace, resolve_teamspace

SANDBOX_PRICES = "sandbox: illustrative prices from the built-in emulator, not Lightning's price list"

# Older slugs of the same machines (lightning-sdk's `_SLUG_ALIASES`).
SLUG_ALIASES = {
    **{f"lit-h200x-{n}": f"lit-h200-{n}" for n in (1, 2, 4, 8)},
    **{f"lit-h200-141gb-{n}": f"lit-h200-{n}" for n in (1, 2, 4, 8)},
    "lit-b200-180gb-8": "lit-b200-8",
    "lit-b200x-1": "lit-b200-1",
    "lit-b200x-8": "lit-b200-8",
}
_CPU_NAMES = {
    "CPU": ("CPU", 4),
    "CPU_SMALL": ("CPU", 2),
    "DATA_PREP": ("DATAPREP", 32),
    "DATA_PREP_MAX": ("DATAPREP", 64),
    "DATA_PREP_ULTRA": ("DATAPREP", 96),
}
_FAMILY_ALIASES = {"RTXP": "RTXPRO", "RTX": "RTXPRO"}
_NAME = re.compile(r"^(?P<base>[A-Z0-9_]+?)(?:_?X_?(?P<count>\d+))?$")
_LIGHTNING_CLOUDS = ("MACHINE", "LIGHTNING", "LIGHTNING_AGGREGATE")
_CLOUD_LABELS = {"MACHINE": "Lightning Cloud", "LIGHTNING_AGGREGATE": "Lightning Cloud"}
_SPEC_PROVIDERS = (
    ("awsV1", "AWS"),
    ("googleCloudV1", "GCP"),
    ("lambdaLabsV1", "LAMBDA_LABS"),
    ("nebiusV1", "NEBIUS"),
    ("machineV1", "MACHINE"),
)


@dataclass(frozen=True)
class Machine:
    slug: str
    family: str
    gpus: int
    cpus: int
    on_demand: float
    spot: float
    """USD per hour on spot; 0 when the machine has no spot offer."""
    out_of_capacity: bool
    wait_seconds: float
    cloud: str = ""
    cluster_id: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        """What the SDK counts a machine by: GPUs, or vCPUs for CPU and data-prep machines."""
        return self.gpus or self.cpus

    @property
    def name(self) -> str:
        """The friendly name lightning-sdk uses (`H100_X_8`, `CPU_X_4`, `T4_SMALL`)."""
        family = family_key(self.family)
        if family == "DATAPREP":
            return {32: "DATA_PREP", 64: "DATA_PREP_MAX", 96: "DATA_PREP_ULTRA"}.get(self.cpus, self.slug)
        base = "RTXP_6000" if family == "RTXPRO" else self.family.upper().replace(" ", "_").replace("-", "_")
        base += "".join(f"_{q.upper()}" for q in _qualifiers(self))
        return base if self.gpus == 1 else f"{base}_X_{self.count}"

    def names(self) -> set[str]:
        return {_canonical(s) for s in (self.slug, *self.aliases) if s}

    def as_row(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "slug": self.slug,
            "gpus": self.gpus,
            "cpus": self.cpus,
            "usd_h": self.on_demand,
            "spot_usd_h": self.spot,
            "capacity": not self.out_of_capacity,
            "wait_s": self.wait_seconds,
            "cloud": cloud_label(self.cloud),
        }


def hourly_rate(machine: Machine, *, spot: bool, count: int = 1) -> float:
    """USD per hour for `count` instances of `machine`, on spot or on demand."""
    if spot and machine.spot <= 0:
        raise InvalidArgument(
            "interruptible", f"{machine.name} ({machine.slug}) has no spot offer on {cloud_label(machine.cloud)}"
        )
    return round((machine.spot if spot else machine.on_demand) * count, 4)


def cloud_label(provider: str) -> str:
    return _CLOUD_LABELS.get(provider, provider)


def price_note(ctx: ToolContext) -> dict[str, str]:
    return {"prices": SANDBOX_PRICES} if ctx.settings.sandbox else {}


def _canonical(slug: str) -> str:
    slug = slug.lower()
    return SLUG_ALIASES.get(slug, slug)


def family_key(family: str) -> str:
    key = re.sub(r"[^A-Z0-9]", "", family.upper())
    return _FAMILY_ALIASES.get(key, key)


def _qualifiers(machine: Machine) -> list[str]:
    """Slug words beyond family and count that tell variants apart (`small`, `40gb`, `80gb`)."""
    return [t for t in machine.slug.lower().split("-") if t == "small" or re.fullmatch(r"\d+gb", t)]


def provider_of(cluster: dict[str, Any]) -> str:
    """The V1 cloud provider of a cluster, as lightning-sdk derives it (`_get_cloud_account_provider`)."""
    spec = cluster.get("spec") or {}
    driver = str(spec.get("driver") or "")
    if driver in ("LIGHTNING", "CLOUD_PROVIDER_LIGHTNING"):
        return "LIGHTNING_AGGREGATE"
    if driver.endswith("DGX"):
        return "DGX"
    return next((provider for key, provider in _SPEC_PROVIDERS if spec.get(key)), "AWS")


async def list_clusters(ctx: ToolContext, team: Teamspace) -> list[dict[str, Any]]:
    """The teamspace's clouds, merged from both listings as the SDK does, Lightning Cloud first."""
    own = await call_operation(ctx, "cluster_service_list_project_clusters", path_params={"projectId": team.id})
    shared = await call_operation(ctx, "cluster_service_list_clusters", query={"projectId": team.id})
    merged: dict[str, dict[str, Any]] = {}
    for cluster in (own.get("clusters") or []) + (shared.get("clusters") or []):
        if isinstance(cluster, dict) and cluster.get("id"):
            merged.setdefault(str(cluster["id"]), cluster)
    return sorted(merged.values(), key=lambda c: provider_of(c) not in _LIGHTNING_CLOUDS)


async def load_machines(ctx: ToolContext, team: Teamspace, cluster_id: str | None = None) -> list[Machine]:
    """Every enabled machine of the teamspace's clouds (or of one cluster), in cloud order."""
    clusters = await list_clusters(ctx, team)
    if cluster_id:
        clusters = [c for c in clusters if c.get("id") == cluster_id] or clusters
    out: list[Machine] = []
    seen_providers: set[str] = set()
    for cluster in clusters:
        provider = provider_of(cluster)
        if (cluster.get("spec") or {}).get("clusterType") == "CLUSTER_TYPE_GLOBAL":
            if provider in seen_providers:
                continue
            seen_providers.add(provider)
            data = await call_operation(
                ctx,
                "cluster_service_list_default_cluster_accelerators",
                query={"projectId": team.id, "cloudProvider": provider},
            )
        else:
            org = team.owner_id if team.owner_type == "organization" else None
            data = await call_operation(
                ctx,
                "cluster_service_list_cluster_accelerators",
                path_params={"id": cluster["id"]},
                query={"orgId": org},
            )
        out += [_machine(a, provider, str(cluster["id"])) for a in data.get("accelerator") or [] if a.get("enabled")]
    return out


def _number(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _machine(acc: dict[str, Any], provider: str, cluster_id: str) -> Machine:
    resources = acc.get("resources") or {}
    gpus = int(_number(resources.get("gpu"))) if acc.get("acceleratorType") == "GPU" else 0
    slug = str(acc.get("slugMultiCloud") or acc.get("slug") or "")
    return Machine(
        slug=slug,
        family=str(acc.get("family") or ""),
        gpus=gpus,
        cpus=int(_number(resources.get("cpu"))),
        on_demand=_number(acc.get("cost")),
        spot=_number(acc.get("spotPrice")),
        out_of_capacity=bool(acc.get("outOfCapacity")),
        wait_seconds=_number(acc.get("availableInSeconds")),
        cloud=provider,
        cluster_id=str(acc.get("clusterId") or cluster_id),
        aliases=tuple(str(acc[k]) for k in ("slug", "instanceId") if acc.get(k) and acc[k] != slug),
    )


def match_machines(machines: list[Machine], name: str) -> list[Machine]:
    """The machines `name` means, best first: a slug matches exactly; a friendly name by family and count,
    preferring the plain variant, then capacity, in cloud order."""
    by_slug = [m for m in machines if _canonical(name.strip()) in m.names()]
    if by_slug:
        return sorted(by_slug, key=lambda m: m.out_of_capacity)
    key = re.sub(r"[\s-]+", "_", name.strip().upper())
    if key in _CPU_NAMES:
        family, count, wanted = _CPU_NAMES[key][0], _CPU_NAMES[key][1], set[str]()
    else:
        parsed = _NAME.match(key)
        if parsed is None:
            return []
        family_token, *rest = parsed["base"].split("_")
        family, count = family_key(family_token), int(parsed["count"] or 1)
        wanted = {t.lower() for t in rest if t and t != "6000"}
    found = [
        m
        for m in machines
        if family_key(m.family) == family and m.count == count and wanted <= set(m.slug.lower().split("-"))
    ]
    return sorted(found, key=lambda m: (len(set(_qualifiers(m)) - wanted), m.out_of_capacity))


def pick_machine(machines: list[Machine], name: str) -> Machine:
    """The machine `name` (slug or friendly name) means among `machines`, or an error listing close choices."""
    found = match_machines(machines, name)
    if found:
        return found[0]
    choices = sorted({m.name for m in machines} | {m.slug for m in machines})
    close = difflib.get_close_matches(name.upper(), [c.upper() for c in choices], n=6, cutoff=0.5)
    hint = f"close choices: {', '.join(close)}; " if close else ""
    raise InvalidArgument("machine", f"no machine {name!r} in this teamspace's clouds; {hint}list_machines shows all")


async def find_machine(ctx: ToolContext, team: Teamspace, name: str, cluster_id: str | None = None) -> Machine:
    return pick_machine(await load_machines(ctx, team, cluster_id), name)


async def resolve_machine(
    ctx: ToolContext, name: str, teamspace: str | None = None, *, cluster_id: str | None = None
) -> Machine:
    """The live machine `name` means in a teamspace (by owner/name, name or id; default: the default teamspace)."""
    return await find_machine(ctx, await resolve_teamspace(ctx, teamspace), name, cluster_id)


def with_capacity(machine: Machine, machines: list[Machine]) -> list[str]:
    """Names of machines like `machine` (same family, else same GPU count) that have capacity now."""
    alike = [m for m in machines if not m.out_of_capacity and family_key(m.family) == family_key(machine.family)]
    alike = alike or [m for m in machines if not m.out_of_capacity and m.gpus == machine.gpus]
    return list(dict.fromkeys(m.name for m in alike))[:5]
