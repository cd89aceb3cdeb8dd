"""The operation class of every operation: rules, a reviewed override table, and whether a request may be repeated.

Classes, least to most guarded: read (GET without side effects), write (creates or edits something that costs
nothing by itself), spend (starts paid compute), destructive (deletes, or stops something and loses its work),
dangerous (billing, org and membership admin, API keys and login tokens, teamspace deletion).

Rules, first match wins: the override table; every DELETE is destructive; a GET is read; any other method is write.
POST "reads" (search, validate, estimate, quote) stay write, so read-only mode never sends them. Operations whose
effect depends on the body (deployment, job, multi-machine job, app-instance and Slurm job updates) carry their most
severe class here; `body_classes.classify` refines it for one concrete body.
"""

from __future__ import annotations

from .model import OperationClass

SPEND: frozenset[str] = frozenset(
    {
        # studios: start, switch machine (codeconfig PUT, then switch-confirm), restart
        "cloud_space_service_start_cloud_space_instance",
        "cloud_space_service_update_cloud_space_instance_config",
        "cloud_space_service_switch_cloud_space_instance",
        "cloud_space_service_restart_cloud_space_instance",
        # legacy studio-plugin jobs and app runs (v1 jobs, distributed plugin, inference plugin)
        "cloud_space_service_create_cloud_space_app_instance",
        "cloud_space_service_execute_plugin",
        "cloud_space_service_create_lightning_run_instance",
        "lightningapp_v2_service_create_lightningapp_from_gallery",
        "lightningapp_instance_service_restart_lightningapp_instance",
        "lightningwork_service_create_lightningwork",
        "studio_jobs_service_create_studio_job",
        # jobs, multi-machine jobs, deployments
        "jobs_service_create_job",
        "jobs_service_create_multi_machine_job",
        "jobs_service_create_deployment",
        "jobs_service_duplicate_deployment",
        "jobs_service_restore_deployment_release",
        # pipelines and schedule runs launch jobs, deployments and studios
        "pipelines_service_create_pipeline",
        "pipelines_service_create_child_pipeline",
        "schedules_service_create_schedule_run",
        # raw machines, sandboxes, VMs, kubernetes and Slurm jobs, capacity reservations
        "cloud_instances_service_create_instance",
        "cluster_service_create_machine",
        "cluster_service_provision_machine",
        "cluster_service_create_cluster_capacity_reservation",
        "cluster_service_create_org_cluster_capacity_reservation",
        "sandboxes_service_create_sandbox",
        "sandboxes_service_extend_sandbox_timeout",
        "virtual_machine_service_create_virtual_machine",
        "k8_s_cluster_service_create_kubernetes_job",
        "slurm_jobs_user_service_create_user_slurm_job",
        "assistants_service_create_assistant_managed_endpoint",
    }
)

DESTRUCTIVE: frozenset[str] = frozenset(
    {
        # stops that lose work (a studio's running processes, a job's, a sandbox's)
        "cloud_space_service_stop_cloud_space_instance",
        "studio_jobs_service_stop_studio_job",
        "sandboxes_service_stop_sandbox",
        "sandboxes_service_kill_sandbox_command",
        "cluster_service_drain_machine",
        "cluster_service_interrupt_server",
        "cluster_service_sleep_server",
        # body-dependent: can stop or scale to zero (see body_classes)
        "jobs_service_update_deployment",
        "jobs_service_update_job",
        "jobs_service_update_multi_machine_job",
        "lightningapp_instance_service_update_lightningapp_instance",
        "slurm_jobs_user_service_user_slurm_job_action",
        # deletes sent with another method
        "jobs_service_delete_deployment_release",
        "lit_logger_service_delete_metrics_stream",
        "storage_service_abort_storage_transfer",
    }
)

DANGEROUS: frozenset[str] = frozenset(
    {
        # teamspace and organization deletion
        "projects_service_delete_project",
        "organizations_service_delete_organization",
        # API keys and login tokens
        "projects_service_create_api_key",
        "projects_service_delete_api_key",
        "auth_service_reset_api_key",
        "auth_service_login",
        "auth_service_token_login",
        "auth_service_magic_link_login",
        "auth_service_guest_login",
        "auth_service_refresh",
        "auth_service_logout",
        "auth_service_update_user",
        # teamspace membership and roles
        "projects_service_create_project_membership",
        "projects_service_delete_project_membership",
        "projects_service_create_project_membership_role_binding",
        "projects_service_delete_project_membership_role_binding",
        "projects_service_create_project_role",
        "projects_service_delete_project_role",
        "projects_service_invite_project_membership",
        # billing outside billing_service
        "user_service_update_user_credits_auto_replenish",
        "cluster_service_purchase_capacity_block",
        "cluster_service_purchase_org_capacity_block",
        "product_license_service_create_license",
        "product_license_service_delete_license",
        # clusters are organization infrastructure (BYOC accounts, their keys and restrictions)
        "cluster_service_create_cluster",
        "cluster_service_update_cluster",
        "cluster_service_delete_cluster",
        "cluster_service_create_cluster_encryption_key",
        "cluster_service_delete_cluster_encryption_key",
        "cluster_service_create_cluster_usage_restriction",
        "cluster_service_update_cluster_usage_restriction",
        "cluster_service_delete_cluster_usage_restriction",
        "cluster_service_update_cluster_accelerators",
        "cluster_service_update_cluster_availability",
        "projects_service_create_project_cluster_binding",
        "projects_service_delete_project_cluster_binding",
        "cluster_service_create_project_cluster",
        "cluster_service_update_project_cluster",
        "cluster_service_delete_project_cluster",
        "cluster_service_update_project_cluster_accelerators",
        # machine-agent credentials
        "cluster_service_mint_sandbox_logs_token",
        "cluster_service_renew_dockerstore_credentials",
        "cluster_service_renew_sandbox_snapshot_credentials",
        "container_registry_service_refresh_container_registry_credentials",
        "cloud_space_service_transfer_cloud_space",
    }
)

SIDE_EFFECT_GETS: frozenset[str] = frozenset(
    {
        "s_sh_public_key_service_setup_confirmed_ssh_public_key",
        "cloud_space_service_report_cloud_space_instance_idle_state",
        "cloud_space_service_report_cloud_space_instance_stop_at",
        "file_system_service_trigger_filesystem_upgrade",
        "storage_service_post_cloud_space_artifact_events",
        "user_service_complete_onboarding",
        "user_service_request_verification_code",
        "user_service_verify_verification",
    }
)
"""GETs that change something: never read, so read-only mode refuses them."""

DANGEROUS_GROUPS = frozenset({"billing_service", "organizations_service"})
"""Every non-GET of these groups is dangerous: payments, balances, org settings, members and roles."""

NOT_REPEATABLE: frozenset[str] = frozenset(
    {
        "cloud_space_service_fork_cloud_space",
        "cloud_space_service_fork_cloud_space_app_instance",
        "cloud_space_service_transfer_cloud_space",
        "cloud_space_service_request_cloud_space_access",
        "cloud_space_service_engage_cloud_space",
        "deployment_templates_service_engage_deployment_template",
        "lightningapp_instance_service_restart_lightningapp_instance",
        "auth_service_reset_api_key",
        "lit_logger_service_append_logger_metrics",
        "jobs_service_report_logs_activity",
        "jobs_service_report_restart_timings",
        "jobs_service_report_deployment_routing_telemetry",
        "slurm_jobs_user_service_user_slurm_job_action",
        "user_service_request_verification_code",
        "user_service_verify_verification",
    }
)
"""PUTs and GETs that create, start or count something, so a second request is a second effect."""


def operation_class(op_id: str, group: str, method: str) -> OperationClass:
    if op_id in DANGEROUS:
        return "dangerous"
    if op_id in SPEND:
        return "spend"
    if op_id in DESTRUCTIVE:
        return "destructive"
    if method == "GET":
        return "write" if op_id in SIDE_EFFECT_GETS else "read"
    if group in DANGEROUS_GROUPS:
        return "dangerous"
    if method == "DELETE":
        return "destructive"
    return "write"


def is_repeatable(op_id: str, method: str) -> bool:
    """Reads and idempotent writes (GET, PUT, PATCH, DELETE) may be retried; every POST is a new effect."""
    if method == "POST":
        return False
    return op_id not in NOT_REPEATABLE


def all_override_ids() -> frozenset[str]:
    return SPEND | DESTRUCTIVE | DANGEROUS | SIDE_EFFECT_GETS | NOT_REPEATABLE
