"""The machines the emulator offers: the slugs of both SDK versions, illustrative prices and capacity flags.

Prices are sandbox figures (USD per hour for the whole machine) that rise with GPU class and count; they are not
Lightning's price list.
"""

from __future__ import annotations

from dataclasses import dataclass

from .wire import JSON


@dataclass(frozen=True)
class GPUClass:
    family: str
    gpu_name: str
    memory_mib: int
    price: float  # per GPU and hour
    spot: bool = True


@dataclass(frozen=True)
class MachineType:
    slug: str
    family: str
    cpus: int
    gpus: int
    memory_mb: int
    cost: float
    spot_price: float
    gpu: GPUClass | None = None
    aliases: tuple[str, ...] = ()
    out_of_capacity: bool = False
    available_in_seconds: int = 0

    @property
    def kind(self) -> str:
        return "GPU" if self.gpus else "CPU"

    def accelerator(self, cluster_id: str, provider: str = "AWS") -> JSON:
        resources: JSON = {"cpu": self.cpus, "gpu": self.gpus, "memoryMb": str(self.memory_mb), "storageGb": "400"}
        if self.gpu is not None:
            resources["gpuType"] = self.gpu.family
        return {
            "slug": self.slug,
            "slugMultiCloud": self.slug,
            "instanceId": self.aliases[0] if self.aliases else self.slug,
            "displayName": self.slug,
            "family": self.family,
            "acceleratorType": self.kind,
            "resources": resources,
            "enabled": True,
            "outOfCapacity": self.out_of_capacity,
            "cost": self.cost,
            "spotPrice": self.spot_price,
            "availableInSeconds": str(self.available_in_seconds),
            "availableInSecondsSpot": str(self.available_in_seconds if self.spot_price else 0),
            "availableZones": ["us-east-1a", "us-east-1b"],
            "clusterId": cluster_id,
            "provider": provider,
            "isTierRestricted": False,
            "reservable": False,
            "dwsOnly": False,
        }


T4 = GPUClass("T4", "Tesla T4", 15360, 0.55)
L4 = GPUClass("L4", "NVIDIA L4", 23034, 0.85)
L40S = GPUClass("L40S", "NVIDIA L40S", 46068, 1.85)
RTXP = GPUClass("RTX PRO", "NVIDIA RTX PRO 6000 Blackwell Server Edition", 97887, 2.4)
A100 = GPUClass("A100", "NVIDIA A100-SXM4-80GB", 81920, 2.2)
A100_40 = GPUClass("A100", "NVIDIA A100-SXM4-40GB", 40960, 1.9)
H100 = GPUClass("H100", "NVIDIA H100 80GB HBM3", 81559, 3.5)
H200 = GPUClass("H200", "NVIDIA H200", 143771, 4.6, spot=False)
B200 = GPUClass("B200", "NVIDIA B200", 183359, 6.5, spot=False)


def _cpu(slug: str, cpus: int, family: str = "CPU", price_per_cpu: float = 0.04) -> MachineType:
    cost = round(cpus * price_per_cpu, 2)
    return MachineType(slug, family, cpus, 0, cpus * 4096, cost, round(cost * 0.4, 2))


def _gpu(slug: str, gpu: GPUClass, n: int, aliases: tuple[str, ...] = (), **kw: object) -> MachineType:
    cost = round(gpu.price * n, 2)
    spot = round(cost * 0.45, 2) if gpu.spot else 0.0
    return MachineType(
        slug,
        gpu.family,
        8 * n,
        n,
        65536 * n,
        cost,
        spot,
        gpu,
        aliases,
        **kw,  # type: ignore[arg-type]
    )


def _build() -> tuple[MachineType, ...]:
    out = [_cpu("cpu-2", 2), _cpu("cpu-4", 4), _cpu("cpu-8", 8), _cpu("cpu-16", 16)]
    out += [_cpu("data-prep-mid", 32, "DATA-PREP", 0.05), _cpu("data-prep-max-large", 64, "DATA-PREP", 0.05)]
    out += [_cpu("data-prep-ultra-extra-large", 96, "DATA-PREP", 0.05)]
    small = MachineType("lit-t4-1-small", "T4", 4, 1, 16384, 0.42, 0.19, T4)
    out.append(small)
    for n in (1, 2, 4, 8):
        out += [_gpu(f"lit-t4-{n}", T4, n), _gpu(f"lit-l4-{n}", L4, n), _gpu(f"lit-l40s-{n}", L40S, n)]
        out += [_gpu(f"lit-rtx-6000-pro-{n}", RTXP, n), _gpu(f"lit-a100-{n}", A100, n)]
        out += [_gpu(f"lit-a100-40gb-{n}", A100_40, n), _gpu(f"lit-a100-80gb-{n}", A100, n)]
        out += [_gpu(f"lit-h100-{n}", H100, n)]
        h200_aliases = (f"lit-h200x-{n}", f"lit-h200-141gb-{n}") if n in (1, 8) else ()
        out.append(_gpu(f"lit-h200-{n}", H200, n, h200_aliases))
    out.append(_gpu("lit-b200-1", B200, 1))
    out.append(_gpu("lit-b200-8", B200, 8, ("lit-b200x-8", "lit-b200-180gb-8"), available_in_seconds=3600))
    return tuple(out)


MACHINES: tuple[MachineType, ...] = _build()
_BY_SLUG = {alias: m for m in MACHINES for alias in (m.slug, *m.aliases)}
DEFAULT_MACHINE = "cpu-4"


def find_machine(slug: str) -> MachineType | None:
    """A machine by any of its slugs (both SDK versions'); None for unknown (custom) instance types."""
    return _BY_SLUG.get(slug)
