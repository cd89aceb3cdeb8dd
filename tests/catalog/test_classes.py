"""Operation classes: the rules, the reviewed override table, body classifiers, and which requests may repeat."""

from __future__ import annotations

from typing import Any

import pytest

from lightning_ai_mcp.catalog import Catalog, classify, load_catalog
from lightning_ai_mcp.catalog import classes as rules
from lightning_ai_mcp.catalog.body_classes import BODY_CLASSIFIERS


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


SPEND = [
    "cloud_space_service_start_cloud_space_instance",
    "cloud_space_service_update_cloud_space_instance_config",  # switch: PUT codeconfig
    "cloud_space_service_switch_cloud_space_instance",  # switch-confirm
    "cloud_space_service_restart_cloud_space_instance",
    "jobs_service_create_job",
    "jobs_service_create_multi_machine_job",
    "jobs_service_create_deployment",
    "cloud_space_service_create_cloud_space_app_instance",  # legacy studio-plugin jobs
    "sandboxes_service_create_sandbox",
    "pipelines_service_create_pipeline",
]
DANGEROUS = [
    "projects_service_delete_project",
    "organizations_service_delete_organization",
    "organizations_service_create_org_membership",
    "organizations_service_delete_org_project_membership",
    "organizations_service_create_org_role",
    "organizations_service_create_org_membership_role_binding",
    "projects_service_create_project_membership",
    "projects_service_create_project_membership_role_binding",
    "projects_service_create_api_key",
    "projects_service_delete_api_key",
    "auth_service_reset_api_key",
    "auth_service_login",
    "billing_service_create_checkout_session",
    "billing_service_transfer_user_balance",
    "billing_service_update_billing_subscription",
    "user_service_update_user_credits_auto_replenish",
]
DESTRUCTIVE = [
    "cloud_space_service_stop_cloud_space_instance",
    "cloud_space_service_delete_cloud_space",
    "jobs_service_delete_job",
    "jobs_service_delete_deployment",
    "secret_service_delete_secret",
    "models_store_delete_model",
    "storage_service_delete_cloud_space_artifact_blob",
    "jobs_service_delete_deployment_release",  # a GET that deletes
]
WRITE = [
    "cloud_space_service_create_cloud_space",
    "cloud_space_service_fork_cloud_space",
    "cloud_space_service_execute_command_in_cloud_space",
    "cloud_space_service_update_cloud_space_sleep_config",
    "secret_service_create_secret",
    "s_sh_public_key_service_setup_confirmed_ssh_public_key",  # a GET that confirms a key
    "jobs_service_validate_deployment_image",  # a POST "read"
    "data_connection_service_validate_data_connection",
    "s_dk_command_history_service_create_sdk_command_history",
]
READ = [
    "cloud_space_service_list_cloud_spaces",
    "cloud_space_service_get_cloud_space_instance_status",
    "jobs_service_list_jobs",
    "jobs_service_get_logs",
    "auth_service_whoami",
    "auth_service_get_user",
    "billing_service_get_usage_report_v1",
    "cluster_service_list_default_cluster_accelerators",
]


@pytest.mark.parametrize(
    ("op_id", "expected"),
    [(i, "spend") for i in SPEND]
    + [(i, "dangerous") for i in DANGEROUS]
    + [(i, "destructive") for i in DESTRUCTIVE]
    + [(i, "write") for i in WRITE]
    + [(i, "read") for i in READ],
)
def test_a_reviewed_operation_has_its_class(catalog: Catalog, op_id: str, expected: str) -> None:
    assert catalog.operation(op_id).op_class == expected


def test_every_delete_is_destructive_or_dangerous(catalog: Catalog) -> None:
    deletes = [op for op in catalog.operations if op.method == "DELETE"]
    assert len(deletes) > 70
    assert {op.op_class for op in deletes} <= {"destructive", "dangerous"}


def test_only_gets_are_read_and_gets_with_side_effects_are_not(catalog: Catalog) -> None:
    for op in catalog.operations:
        if op.op_class == "read":
            assert op.method == "GET", op.id
        if op.id in rules.SIDE_EFFECT_GETS:
            assert op.method == "GET" and op.op_class != "read", op.id


def test_every_billing_and_organization_change_is_dangerous(catalog: Catalog) -> None:
    for op in catalog.operations:
        if op.group in rules.DANGEROUS_GROUPS and op.method != "GET":
            assert op.op_class == "dangerous", op.id


def test_every_override_names_a_real_operation(catalog: Catalog) -> None:
    known = {ref for op in catalog.operations for ref in (op.id, *op.aliases)}
    assert rules.all_override_ids() <= known
    assert set(BODY_CLASSIFIERS) <= known
    assert not (rules.SPEND & rules.DESTRUCTIVE or rules.SPEND & rules.DANGEROUS or rules.DESTRUCTIVE & rules.DANGEROUS)


def test_the_stored_classes_and_repeatability_match_the_rules(catalog: Catalog) -> None:
    for op in catalog.operations:
        if op.supplement is None:
            assert op.op_class == rules.operation_class(op.id, op.group, op.method), op.id
            assert op.repeatable == rules.is_repeatable(op.id, op.method), op.id


def test_posts_and_creating_puts_are_not_repeatable_while_reads_and_deletes_are(catalog: Catalog) -> None:
    for op in catalog.operations:
        if op.method == "POST":
            assert not op.repeatable, op.id
        if op.method == "DELETE" or op.op_class == "read":
            assert op.repeatable, op.id
    assert not catalog.operation("PUT /v1/projects/{projectId}/cloudspaces/{id}/fork").repeatable
    assert catalog.operation("cloud_space_service_update_cloud_space").repeatable


DEPLOYMENT = "jobs_service_update_deployment"
JOB = "jobs_service_update_job"


@pytest.mark.parametrize(
    ("op_id", "body", "expected"),
    [
        (DEPLOYMENT, {"autoscaling": {"minReplicas": 0, "maxReplicas": "0"}}, "destructive"),
        (DEPLOYMENT, {"desiredState": "DEPLOYMENT_STATE_STOPPED"}, "destructive"),
        (DEPLOYMENT, {"replicas": 0}, "destructive"),
        (DEPLOYMENT, {"autoscaling": {"minReplicas": 1, "maxReplicas": 4}}, "spend"),
        (DEPLOYMENT, {"desiredState": "DEPLOYMENT_STATE_RUNNING"}, "spend"),
        (DEPLOYMENT, {"name": "d", "spec": {"image": "nginx"}, "strategy": {"type": "rolling_update"}}, "spend"),
        (DEPLOYMENT, {"name": "renamed"}, "write"),
        (DEPLOYMENT, None, "destructive"),
        (JOB, {"state": "stop"}, "destructive"),
        (JOB, {"name": "renamed"}, "write"),
        (JOB, {"replaceRequested": True}, "spend"),
        ("jobs_service_update_multi_machine_job", {"desiredState": "MultiMachineJob_STATE_STOP"}, "destructive"),
        (
            "lightningapp_instance_service_update_lightningapp_instance",
            {"spec": {"desiredState": "LIGHTNINGAPP_INSTANCE_STATE_STOPPED"}},
            "destructive",
        ),
        ("slurm_jobs_user_service_user_slurm_job_action", {"action": "JOB_ACTION_STATE_CANCEL"}, "destructive"),
        ("cloud_space_service_start_cloud_space_instance", {"computeConfig": {"name": "cpu-4"}}, "spend"),
        ("cloud_space_service_list_cloud_spaces", {"anything": 1}, "read"),
    ],
)
def test_a_body_classifier_gives_the_class_of_one_request(
    catalog: Catalog, op_id: str, body: dict[str, Any] | None, expected: str
) -> None:
    assert classify(catalog.operation(op_id), body) == expected


def test_body_dependent_operations_carry_their_most_severe_class_without_a_body(catalog: Catalog) -> None:
    for op_id in BODY_CLASSIFIERS:
        assert catalog.operation(op_id).op_class == "destructive"
