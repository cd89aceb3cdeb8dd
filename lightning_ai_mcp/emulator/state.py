"""The emulator's world: every stateful resource, in memory, read through the injected clock."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock, ManualClock
from .errors import ApiError, not_found
from .filetree import FileTree
from .studio_state import Studio
from .wire import JSON, Ids


@dataclass
class Presigned:
    """What a presigned URL served by the emulator itself does when used."""

    action: str  # "put-part" | "put-blob" | "get" | "bytes" (target is a callable returning them)
    target: Any
    key: str = ""
    part: int = 0


@dataclass
class World:
    clock: Clock = field(default_factory=ManualClock)
    ids: Ids = field(default_factory=Ids)
    users: dict[str, JSON] = field(default_factory=dict)
    api_keys: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, JSON] = field(default_factory=dict)
    org_members: dict[str, set[str]] = field(default_factory=dict)
    projects: dict[str, JSON] = field(default_factory=dict)
    project_members: dict[str, set[str]] = field(default_factory=dict)
    clusters: dict[str, JSON] = field(default_factory=dict)
    bindings: dict[str, list[JSON]] = field(default_factory=dict)
    out_of_capacity: dict[str, bool] = field(default_factory=dict)
    studios: dict[str, Studio] = field(default_factory=dict)
    drives: dict[str, FileTree] = field(default_factory=dict)
    uploads: dict[str, Any] = field(default_factory=dict)
    presigned: dict[str, Presigned] = field(default_factory=dict)
    jobs: dict[str, Any] = field(default_factory=dict)
    mmts: dict[str, Any] = field(default_factory=dict)
    deployments: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, JSON] = field(default_factory=dict)
    secret_values: dict[str, str] = field(default_factory=dict)
    models: dict[str, Any] = field(default_factory=dict)
    datasets: dict[str, Any] = field(default_factory=dict)
    schedules: dict[str, JSON] = field(default_factory=dict)
    pipelines: dict[str, JSON] = field(default_factory=dict)
    endpoints: dict[str, JSON] = field(default_factory=dict)
    command_history: list[JSON] = field(default_factory=list)
    generic: dict[str, dict[str, JSON]] = field(default_factory=dict)
    """Store-and-return for operations without a hand-written model: collection path -> id -> object."""

    def now(self) -> float:
        return self.clock.now()

    # identity -----------------------------------------------------------------------------------------------

    def issue_token(self, user_id: str) -> str:
        """A JWT-shaped bearer token (unsigned: the emulator only needs to recognise its own tokens)."""

        def b64(obj: JSON) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

        token = ".".join(
            [b64({"alg": "HS256", "typ": "JWT"}), b64({"sub": user_id, "iat": int(self.now())}), self.ids.hex(43)]
        )
        self.tokens[token] = user_id
        return token

    def user(self, user_id: str) -> JSON:
        user = self.users.get(user_id)
        if user is None:
            raise not_found(f"user {user_id!r}")
        return user

    def project(self, project_id: str) -> JSON:
        project = self.projects.get(project_id)
        if project is None:
            raise not_found(f"project {project_id!r}")
        return project

    def drive(self, project_id: str) -> FileTree:
        self.project(project_id)
        return self.drives.setdefault(project_id, FileTree())

    def default_cluster(self, project_id: str) -> str:
        project = self.project(project_id)
        preferred = str(project.get("projectSettings", {}).get("preferredCluster", ""))
        if preferred:
            return preferred
        bindings = self.bindings.get(project_id) or []
        return str(bindings[0]["clusterId"]) if bindings else ""

    def studio(self, project_id: str, studio_id: str) -> Studio:
        studio = self.studios.get(studio_id)
        if studio is None or studio.project_id != project_id:
            raise not_found(f"cloudspace {studio_id!r}")
        return studio

    def check_project(self, project_id: str, user_id: str) -> JSON:
        project = self.project(project_id)
        if user_id not in self.project_members.get(project_id, set()):
            raise ApiError(403, f"user is not a member of project {project_id!r}")
        return project
