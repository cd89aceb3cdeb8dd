"""The service groups: a one-line purpose each (hand-kept, from the API reference's §9) and their tool prefix."""

from __future__ import annotations

from dataclasses import dataclass

PURPOSES: dict[str, str] = {
    "agent_service": "BYOC agent jobs, their uploads and outputs (/v1/agent)",
    "analytics_service": "onboarding analytics events",
    "assistants_service": "AI agents, managed model endpoints and conversations (/v1/agents)",
    "auth_service": "login, tokens, API key reset, the current user (/v1/auth)",
    "billing_service": "balances, credits, subscriptions, checkout, usage reports",
    "blog_posts_service": "blog posts",
    "cloud_instances_service": "raw cloud instances and instance images (/v1/core/instances)",
    "cloud_space_environment_template_service": "studio environment templates",
    "cloud_space_service": "studios (cloud spaces): create, start, stop, switch machine, run commands, sessions",
    "cloudy_service": "Cloudy assistant settings",
    "cluster_service": "clusters (cloud accounts), accelerators and prices, capacity reservations, machines",
    "container_registry_service": "per-cluster container registries",
    "data_connection_service": "S3, GCS, EFS and R2 data connections",
    "dataset_service": "legacy datasets",
    "deployment_templates_service": "deployment template gallery",
    "endpoint_service": "ports and endpoints exposed from studios",
    "experiments_service": "A/B experiment variants",
    "file_system_service": "teamspace file system views (/v1/filesystem)",
    "git_credentials_service": "git credentials and git providers",
    "gpu_telemetry_service": "GPU telemetry of an organization",
    "incidents_service": "incidents and their messages",
    "jobs_service": "jobs, multi-machine jobs, deployments (releases, alerts, telemetry), logs, metrics",
    "k8_s_cluster_service": "Kubernetes cluster metrics, pods, jobs and templates",
    "lightningapp_instance_service": "legacy app instances (v1 jobs)",
    "lightningapp_v2_service": "app and component gallery",
    "lightningwork_service": "works of app instances",
    "lit_dataset_service": "datasets (lit-datasets): versions and uploads",
    "lit_logger_service": "metrics streams (LitLogger experiment tracking)",
    "lit_page_service": "Lit pages",
    "lit_registry_service": "container repositories (lit-registry)",
    "markets_service": "market pricing",
    "models_store": "model registry: models, versions, uploads",
    "organizations_service": "organizations, members, roles, credits",
    "pipeline_templates_service": "pipeline templates",
    "pipelines_service": "pipelines",
    "product_license_service": "product licenses",
    "profiler_service": "profiler captures",
    "projects_service": "teamspaces (projects), memberships, roles, cluster bindings, API keys",
    "quest_service": "onboarding quests",
    "s_dk_command_history_service": "SDK error telemetry",
    "s_sh_public_key_service": "SSH public keys",
    "sandboxes_service": "sandboxes: commands, files, snapshots, keep-alive (/v1/core/sandboxes)",
    "schedules_service": "schedules and schedule runs",
    "secret_service": "teamspace and user secrets",
    "slurm_jobs_user_service": "Slurm jobs and cluster users",
    "snowflake_service": "Snowflake connections and queries",
    "storage_service": "teamspace drive artifacts, multipart uploads, storage transfers, shared artifacts",
    "studio_jobs_service": "studio app jobs (/studioapp/jobs)",
    "user_service": "user search, profile, settings, affiliate links",
    "virtual_machine_service": "virtual machines of a cluster",
    "volume_service": "volumes",
}

_UNMANGLED = {
    "s_sh_public_key_service": "ssh_public_key",
    "s_dk_command_history_service": "sdk_command_history",
}


def tool_prefix(group: str) -> str:
    """The group as it prefixes per-operation tool names: `cloud_space`, `ssh_public_key`, `models_store`."""
    return _UNMANGLED.get(group, group.removesuffix("_service"))


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    purpose: str
    operation_count: int
    versions: tuple[str, ...]

    @property
    def tool_prefix(self) -> str:
        return tool_prefix(self.name)
