"""Studios (cloudspaces) and their machine instances, whose phase is derived from the clock.

A start creates an instance in `inUse`: PENDING, then RUNNING, then `initialRestoreFinished` and finally
`topUpRestoreFinished` (ready). A switch creates a second instance in `requested` that waits for `switch-confirm`
before finishing its restore. A stop turns the instance STOPPING and then STOPPED, after which `inUse` is null.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .clock import rfc3339
from .filetree import FileTree
from .machines import find_machine
from .wire import JSON

PENDING_SECONDS = 8.0
INITIAL_RESTORE_SECONDS = 12.0
READY_SECONDS = 15.0
SWITCH_TOP_UP_SECONDS = 3.0
STOPPING_SECONDS = 4.0
FORK_SYNC_SECONDS = 3.0

PHASE = "CLOUD_SPACE_INSTANCE_STATE_"


@dataclass
class Instance:
    id: str
    machine: str
    spot: bool
    cluster_id: str
    started_at: float
    confirmed_at: float | None
    """When the machine may finish its restore: the start itself, or the `switch-confirm` of a switch."""
    stop_at: float | None = None
    run_duration: str = ""

    def phase(self, now: float) -> str:
        if self.stop_at is not None:
            return PHASE + ("STOPPING" if now - self.stop_at < STOPPING_SECONDS else "STOPPED")
        return PHASE + ("PENDING" if now - self.started_at < PENDING_SECONDS else "RUNNING")

    def initial_restored(self, now: float) -> bool:
        return self.stop_at is None and now - self.started_at >= INITIAL_RESTORE_SECONDS

    def ready(self, now: float) -> bool:
        if self.stop_at is not None or self.confirmed_at is None:
            return False
        return now - self.started_at >= READY_SECONDS and now - self.confirmed_at >= SWITCH_TOP_UP_SECONDS

    def to_json(self, studio: Studio, now: float) -> JSON:
        phase = self.phase(now)
        ready = self.ready(now)
        elapsed = now - self.started_at
        percent = 100 if ready else min(99, int(elapsed / READY_SECONDS * 100))
        machine = find_machine(self.machine)
        return {
            "phase": phase,
            "cloudSpaceId": studio.id,
            "cloudSpaceInstanceId": self.id,
            "clusterId": self.cluster_id,
            "computeConfig": {
                "name": self.machine,
                "spot": self.spot,
                "requestedRunDurationSeconds": self.run_duration,
            },
            "startupStatus": {
                "initialRestoreFinished": self.initial_restored(now),
                "topUpRestoreFinished": ready,
                "startedAt": rfc3339(self.started_at),
            },
            "startupPhase": "ready" if ready else ("restoring" if phase.endswith("RUNNING") else "provisioning"),
            "startupPercentage": str(percent),
            "statusMessage": "",
            "creationTimestamp": rfc3339(self.started_at),
            "startTimestamp": rfc3339(self.started_at),
            "publicIpAddress": "203.0.113.10" if phase.endswith("RUNNING") else "",
            "privateIpAddress": "10.0.0.10" if phase.endswith("RUNNING") else "",
            "sshHost": "ssh.emulator.invalid",
            "sshPort": 22,
            "sshUsername": f"s_{studio.id}",
            "price": (machine.spot_price if self.spot else machine.cost) if machine else 0.0,
            "free": False,
            "ide": "vscode",
        }


@dataclass
class Session:
    name: str
    command: str
    started_at: float
    chunks: list[tuple[float, str]]
    exit_code: int
    duration: float

    def done(self, now: float) -> bool:
        return now - self.started_at >= self.duration

    def output(self, now: float) -> str:
        return "".join(text for t, text in self.chunks if t <= now - self.started_at)


@dataclass
class Studio:
    id: str
    name: str
    project_id: str
    user_id: str
    cluster_id: str
    created_at: float
    files: FileTree = field(default_factory=FileTree)
    in_use: Instance | None = None
    requested: Instance | None = None
    machine: str = "cpu-4"
    spot: bool = False
    disable_auto_shutdown: bool = False
    idle_shutdown_seconds: int = 3600
    switch_to_default_on_idle: bool = False
    ready_at: float = 0.0
    last_keep_alive: float = 0.0
    plugins: dict[str, JSON] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    attrs: JSON = field(default_factory=dict)
    """Every other field of V1CloudSpace, stored as sent (displayName, env, description, tags, ...)."""
    updated_at: float = 0.0

    def settle(self, now: float) -> None:
        """Forget an instance once it has stopped: then `inUse` is null, as the API shows a stopped studio."""
        if self.in_use is not None and self.in_use.phase(now) == PHASE + "STOPPED":
            self.in_use = None
        if self.requested is not None and self.requested.phase(now) == PHASE + "STOPPED":
            self.requested = None

    def running(self, now: float) -> bool:
        return self.in_use is not None and self.in_use.phase(now) == PHASE + "RUNNING"

    def env(self) -> dict[str, str]:
        env: Any = self.attrs.get("env") or []
        return {str(e.get("name")): str(e.get("value", "")) for e in env if isinstance(e, dict) and e.get("name")}

    def code_status(self, now: float) -> JSON:
        self.settle(now)
        return {
            "inUse": self.in_use.to_json(self, now) if self.in_use else None,
            "requested": self.requested.to_json(self, now) if self.requested else None,
        }

    def code_config(self) -> JSON:
        return {
            "computeConfig": {"name": self.machine, "spot": self.spot},
            "disableAutoShutdown": self.disable_auto_shutdown,
            "idleShutdownSeconds": self.idle_shutdown_seconds,
            "ide": "vscode",
            "tutorialShown": False,
        }

    def to_json(self, now: float) -> JSON:
        state = "CLOUD_SPACE_STATE_READY" if now >= self.ready_at else "CLOUD_SPACE_STATE_INITIAL_SYNC_IN_PROGRESS"
        body: JSON = {
            "displayName": self.name,
            "description": "",
            "env": [],
            "tags": [],
            "codeUrl": "",
            "userMetadata": "",
            "machineImageVersion": "",
            "environmentTemplateId": "",
            "disableSecrets": False,
            "sandbox": False,
            "isCloudspacePrivate": True,
            "isCodePrivate": True,
            "isFavorite": False,
            "isPublished": False,
            "dataConnectionMounts": [],
        }
        body.update(self.attrs)
        body.update(
            {
                "id": self.id,
                "name": self.name,
                "projectId": self.project_id,
                "userId": self.user_id,
                "clusterId": self.cluster_id,
                "state": state,
                "codeStatus": self.code_status(now),
                "codeConfig": self.code_config(),
                "createdAt": rfc3339(self.created_at),
                "updatedAt": rfc3339(self.updated_at or self.created_at),
                "totalSizeBytes": str(self.files.size()),
                "numberOfFiles": str(len(self.files.files)),
                "switchToDefaultMachineOnIdle": self.switch_to_default_on_idle,
            }
        )
        return body
