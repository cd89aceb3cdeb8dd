"""The catalog holds exactly what the two pinned lightning-sdk releases define, plus the pinned supplement."""

from __future__ import annotations

import re

import pytest

from lightning_ai_mcp.catalog import SDK_VERSIONS, Catalog, Operation, load_catalog
from lightning_ai_mcp.catalog.groups import PURPOSES
from lightning_ai_mcp.errors import UnknownOperation

OLD, NEW = SDK_VERSIONS
SUPPLEMENT_COUNT = 20
MODEL_COUNT = 1_485


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def sdk_ops(catalog: Catalog, version: str | None = None) -> list[Operation]:
    return [op for op in catalog.operations if op.supplement is None and (version is None or version in op.versions)]


def test_2026_2_6_has_638_operations_in_48_groups(catalog: Catalog) -> None:
    ops = sdk_ops(catalog, OLD)
    assert len(ops) == 638
    assert len({op.group for op in ops}) == 48


def test_2026_10_13_has_627_operations_in_35_groups(catalog: Catalog) -> None:
    ops = sdk_ops(catalog, NEW)
    assert len(ops) == 627
    assert len({op.group for op in ops}) == 35


def test_the_union_has_758_method_path_pairs_and_759_ids(catalog: Catalog) -> None:
    ops = sdk_ops(catalog)
    assert len({op.key for op in ops}) == len(ops) == 758
    assert len(ops) + sum(len(op.aliases) for op in ops) == 759
    assert len([op for op in ops if set(op.versions) == {OLD, NEW}]) == 507


def test_the_supplement_and_the_models_have_pinned_counts(catalog: Catalog) -> None:
    assert len([op for op in catalog.operations if op.supplement is not None]) == SUPPLEMENT_COUNT
    assert len(catalog.models) == MODEL_COUNT


def test_the_one_renamed_operation_keeps_its_old_name_as_an_alias(catalog: Catalog) -> None:
    renamed = [op for op in catalog.operations if op.aliases]
    assert [(op.id, op.aliases) for op in renamed] == [
        ("billing_service_get_usage_report_v1", ("billing_service_get_usage_report",))
    ]
    assert catalog.operation("billing_service_get_usage_report") is renamed[0]
    assert renamed[0].response_model == "V1UsageReportV1"


def test_canonical_ids_are_unique_and_every_id_alias_and_key_resolves_to_its_operation(catalog: Catalog) -> None:
    ids = [op.id for op in catalog.operations]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)
    for op in catalog.operations:
        for ref in (op.id, *op.aliases, op.key, f"{op.method.lower()} {op.path}"):
            assert catalog.operation(ref) is op


def test_every_path_template_placeholder_is_a_path_param_and_every_path_param_is_in_the_template(
    catalog: Catalog,
) -> None:
    for op in catalog.operations:
        placeholders = re.findall(r"\{([^}]+)\}", op.path)
        assert placeholders == [p.wire for p in op.path_params], op.id
        assert all(p.required for p in op.path_params), op.id


def test_dotted_wire_names_and_file_path_params_are_kept(catalog: Catalog) -> None:
    work = catalog.operation("lightningwork_service_create_lightningwork")
    assert [p.wire for p in work.path_params] == ["projectId", "spec.lightningappInstanceId"]
    file_params = {(op.id, p.wire) for op in catalog.operations for p in op.path_params if p.file_path}
    assert file_params and all(wire == "path" for _, wire in file_params)
    assert all(re.search(r"/(blobs|trees)/\{path\}", catalog.operation(i).path) for i, _ in file_params)


def test_repeated_query_params_and_version_specific_params_are_marked(catalog: Catalog) -> None:
    studios = catalog.operation("cloud_space_service_list_cloud_spaces")
    ids = next(p for p in studios.query_params if p.wire == "ids")
    assert ids.repeated and ids.type == "str"
    jobs = catalog.operation("jobs_service_list_jobs")
    assert next(p for p in jobs.query_params if p.wire == "tagIds").versions == (NEW,)


def test_the_mangled_groups_keep_the_sdk_spelling_and_get_a_plain_tool_prefix(catalog: Catalog) -> None:
    groups = {g.name: g for g in catalog.groups()}
    assert groups["s_sh_public_key_service"].tool_prefix == "ssh_public_key"
    assert groups["cloud_space_service"].tool_prefix == "cloud_space"
    assert groups["models_store"].tool_prefix == "models_store"
    assert catalog.operation("s_sh_public_key_service_list_ssh_public_keys").group == "s_sh_public_key_service"


def test_every_group_has_a_purpose_and_its_operation_count(catalog: Catalog) -> None:
    groups = catalog.groups()
    assert len(groups) == 51
    assert set(PURPOSES) == {g.name for g in groups}
    cloud = next(g for g in groups if g.name == "cloud_space_service")
    assert cloud.operation_count == len([op for op in catalog.operations if op.group == "cloud_space_service"])
    assert cloud.versions == SDK_VERSIONS


def test_models_keep_wire_names_swagger_types_enums_and_versions(catalog: Catalog) -> None:
    body = catalog.models["JobsServiceUpdateJobBody"]
    assert {f.wire: (f.type, f.versions) for f in body.fields} == {
        "cloudspaceId": ("str", None),
        "name": ("str", (NEW,)),
        "replaceRequested": ("bool", (NEW,)),
        "state": ("str", None),
    }
    assert "DEPLOYMENT_STATE_RUNNING" in catalog.models["V1DeploymentState"].enum
    assert any(f.wire == "Source" for f in catalog.models["V1Deployment"].fields)


def test_an_unknown_reference_raises_with_close_matches(catalog: Catalog) -> None:
    with pytest.raises(UnknownOperation, match="cloud_space_service_start_cloud_space_instance"):
        catalog.operation("cloud_space_service_start_cloudspace_instance")
    assert catalog.find("DELETE /v1/nowhere") is None


def test_a_concrete_path_finds_its_template_preferring_literal_segments(catalog: Catalog) -> None:
    assert catalog.operation("GET /v1/projects/p1/jobs/find").id == "jobs_service_find_job"
    assert catalog.operation("GET /v1/projects/p1/jobs/job-1").id == "jobs_service_get_job"
    tree = catalog.operation("GET /v1/projects/p1/artifacts/cloudspaces/s1/trees/a/b/c")
    assert tree.id == "storage_service_list_cloud_space_artifact_tree"
    assert catalog.operation("POST /v1/projects/p/artifacts/blobs/complete").id.endswith(
        "complete_project_artifact_blobs"
    )
