"""Jobs and multi-machine jobs, whose state follows the clock and the simulated command.

A job is `pending` for a while, `running` for as long as its command takes in simulated time, then `completed`
(exit code 0) or `failed`; a stop makes it `stopping` and then `stopped`. Its logs are the command's output,
each line prefixed with its RFC 3339 time as the real log files are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .clock import rfc3339
from .machines import find_machine
from .shell import Run
from .wire import JSON

JOB_PENDING_SECONDS = 5.0
JOB_STOPPING_SECONDS = 3.0
MMT_STATE = "MultiMachineJob_STATE_"


@dataclass
class Job:
    id: str
    name: str
    project_id: str
    user_id: str
    spec: JSON
    created_at: float
    run: Run
    stop_at: float | None = None
    multi_machine_job_id: str = ""
    deployment_id: str = ""
    tags: list[JSON] = field(default_factory=list)
    extra: JSON = field(default_factory=dict)

    @property
    def started_at(self) -> float:
        return self.created_at + JOB_PENDING_SECONDS

    @property
    def ends_at(self) -> float:
        return self.started_at + self.run.duration

    def state(self, now: float) -> str:
        if self.stop_at is not None and self.stop_at < self.ends_at:
            return "stopping" if now - self.stop_at < JOB_STOPPING_SECONDS else "stopped"
        if now < self.started_at:
            return "pending"
        if now < self.ends_at:
            return "running"
        return "completed" if self.run.exit_code == 0 else "failed"

    def terminal(self, now: float) -> bool:
        return self.state(now) in ("completed", "failed", "stopped")

    def stopped_at(self, now: float) -> float | None:
        if self.stop_at is not None and self.stop_at < self.ends_at:
            return self.stop_at + JOB_STOPPING_SECONDS if self.terminal(now) else None
        return self.ends_at if self.terminal(now) else None

    def log_lines(self, now: float) -> list[tuple[float, str]]:
        """(time, line) of every line printed by now; a running job shows what it printed so far."""
        end = min(now, self.stop_at if self.stop_at is not None else now)
        if end < self.started_at:
            return []
        out: list[tuple[float, str]] = []
        for offset, text in self.run.chunks:
            at = self.started_at + offset
            if at <= end:
                out.extend((at, line) for line in text.splitlines())
        return out

    def log_text(self, now: float) -> str:
        return "".join(f"[{rfc3339(t)}] {line}\n" for t, line in self.log_lines(now))

    def cost(self, now: float) -> float:
        machine = find_machine(str(self.spec.get("instanceName", "")))
        if machine is None or now < self.started_at:
            return 0.0
        end = self.stopped_at(now) or now
        rate = machine.spot_price if self.spec.get("spot") else machine.cost
        return round(rate * max(0.0, end - self.started_at) / 3600, 6)

    def to_json(self, now: float) -> JSON:
        state = self.state(now)
        stopped = self.stopped_at(now)
        body: JSON = {
            "id": self.id,
            "name": self.name,
            "projectId": self.project_id,
            "userId": self.user_id,
            "spec": self.spec,
            "state": state,
            "createdAt": rfc3339(self.created_at),
            "updatedAt": rfc3339(min(now, stopped or now)),
            "startedAt": rfc3339(self.started_at) if now >= self.started_at else None,
            "stoppedAt": rfc3339(stopped) if stopped is not None else None,
            "totalCost": self.cost(now),
            "multiMachineJobId": self.multi_machine_job_id,
            "deploymentId": self.deployment_id,
            "tags": self.tags,
            "message": "",
            "restartCount": 0,
            "isHealthy": state == "running",
            "publicIpAddress": "",
            "privateIpAddress": "10.0.1.10" if state == "running" else "",
            "urls": [],
        }
        body.update(self.extra)
        return body


@dataclass
class MultiMachineJob:
    id: str
    name: str
    project_id: str
    user_id: str
    spec: JSON
    cluster_id: str
    machines: int
    created_at: float
    ranks: list[Job]
    stop_requested: bool = False

    def state(self, now: float) -> str:
        states = [job.state(now) for job in self.ranks]
        if self.stop_requested:
            return MMT_STATE + ("STOPPED" if all(s in ("stopped", "completed", "failed") for s in states) else "STOP")
        if any(s == "failed" for s in states):
            return MMT_STATE + "FAILED"
        if all(s == "completed" for s in states):
            return MMT_STATE + "COMPLETED"
        if any(s == "running" for s in states):
            return MMT_STATE + "RUNNING"
        return MMT_STATE + "PENDING"

    def to_json(self, now: float) -> JSON:
        states = [job.state(now) for job in self.ranks]
        return {
            "id": self.id,
            "name": self.name,
            "projectId": self.project_id,
            "userId": self.user_id,
            "spec": self.spec,
            "machines": self.machines,
            "state": self.state(now),
            "desiredState": MMT_STATE + ("STOP" if self.stop_requested else "RUNNING"),
            "status": {
                "readyMachines": str(states.count("running")),
                "pendingMachines": str(states.count("pending")),
                "failingMachines": str(states.count("failed")),
                "deletingMachines": "0",
                "message": "",
            },
            "totalCost": round(sum(job.cost(now) for job in self.ranks), 6),
            "createdAt": rfc3339(self.created_at),
            "updatedAt": rfc3339(now),
            "cloudspaceId": str(self.spec.get("cloudspaceId", "")),
        }
