"""Search finds operations by the words people use, not only by the API's own words."""

from __future__ import annotations

import pytest

from lightning_ai_mcp.catalog import Catalog, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("start studio", "cloud_space_service_start_cloud_space_instance"),
        ("stop studio", "cloud_space_service_stop_cloud_space_instance"),
        ("execute command", "cloud_space_service_execute_command_in_cloud_space"),
        ("run command in studio", "cloud_space_service_execute_command_in_cloud_space"),
        ("list jobs", "jobs_service_list_jobs"),
        ("page logs", "jobs_service_get_logs"),
        ("page logs", "jobs_service_get_job_logs"),
        ("list ssh keys", "s_sh_public_key_service_list_ssh_public_keys"),
        ("studio code config", "cloud_space_service_get_cloud_space_instance_config"),
        ("switch machine", "cloud_space_service_switch_cloud_space_instance"),
        ("list studios", "cloud_space_service_list_cloud_spaces"),
        ("list teamspaces", "projects_service_list_memberships"),
        ("scale deployment", "jobs_service_update_deployment"),
        ("stop job", "jobs_service_update_job"),
        ("list files", "storage_service_list_cloud_space_artifact_tree"),
        ("whoami", "auth_service_whoami"),
        ("machine prices", "cluster_service_list_default_cluster_accelerators"),
    ],
)
def test_a_plain_query_ranks_the_right_operation_in_the_top_three(catalog: Catalog, query: str, expected: str) -> None:
    assert expected in [op.id for op in catalog.search(query, limit=3)]


def test_an_exact_id_or_alias_comes_first(catalog: Catalog) -> None:
    assert catalog.search("billing_service_get_usage_report")[0].id == "billing_service_get_usage_report_v1"


def test_search_can_be_limited_to_one_group_and_to_a_number_of_results(catalog: Catalog) -> None:
    found = catalog.search("list", group="secret_service", limit=2)
    assert len(found) == 2
    assert {op.group for op in found} == {"secret_service"}


def test_field_names_are_searchable(catalog: Catalog) -> None:
    found = catalog.search("switchToDefaultMachineOnIdle", limit=3)
    assert "cloud_space_service_update_cloud_space_sleep_config" in [op.id for op in found]


def test_a_query_matching_nothing_finds_nothing(catalog: Catalog) -> None:
    assert catalog.search("zzqx") == []
    assert catalog.search("") == []
