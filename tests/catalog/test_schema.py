"""Input schemas: valid draft 2020-12, wire names, no top-level combinators, depth-limited on request."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from lightning_ai_mcp.catalog import Catalog, load_catalog

COMBINATORS = {"anyOf", "oneOf", "allOf"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def check(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"
    assert not COMBINATORS & set(schema)


def test_every_operation_has_a_valid_nested_and_flat_input_schema(catalog: Catalog) -> None:
    for op in catalog.operations:
        nested = catalog.input_schema(op)
        check(nested)
        assert set(nested["properties"]) <= {"path_params", "query", "body"}
        flat = catalog.flat_input_schema(op, max_depth=2)
        check(flat)
        assert set(flat["properties"]) == {p.wire for p in op.path_params + op.query_params} | (
            {"body"} if "body" in nested["properties"] else set()
        )


def test_a_schema_uses_wire_names_and_hoists_shared_models(catalog: Catalog) -> None:
    schema = catalog.input_schema(catalog.operation("jobs_service_create_job"))
    assert schema["required"] == ["path_params", "body"]
    assert schema["properties"]["path_params"]["required"] == ["projectId"]
    assert schema["properties"]["body"] == {"$ref": "#/$defs/JobsServiceCreateJobBody"}
    spec = schema["$defs"]["V1JobSpec"]["properties"]
    assert "instanceName" in spec and "cloudspaceId" in spec
    assert spec["env"] == {"type": "array", "items": {"$ref": "#/$defs/V1EnvVar"}}


def test_repeated_query_params_are_arrays_and_int64_strings_accept_numbers(catalog: Catalog) -> None:
    schema = catalog.input_schema(catalog.operation("cloud_space_service_list_cloud_spaces"))
    query = schema["properties"]["query"]["properties"]
    assert query["ids"]["type"] == "array"
    start = catalog.input_schema(catalog.operation("cloud_space_service_start_cloud_space_instance"))
    validator = jsonschema.Draft202012Validator(start)
    for duration in ("3600", 3600):
        body = {"computeConfig": {"name": "cpu-4", "spot": False, "requestedRunDurationSeconds": duration}}
        assert validator.is_valid({"path_params": {"projectId": "p", "id": "s"}, "body": body})


def test_a_snake_case_body_key_or_a_missing_path_param_is_invalid(catalog: Catalog) -> None:
    validator = jsonschema.Draft202012Validator(catalog.input_schema(catalog.operation("jobs_service_create_job")))
    assert not validator.is_valid({"path_params": {"projectId": "p"}, "body": {"spec": {"instance_name": "x"}}})
    assert not validator.is_valid({"path_params": {}, "body": {}})
    assert validator.is_valid({"path_params": {"projectId": "p"}, "body": {"name": "j", "spec": {"command": "ls"}}})


def test_enums_are_inlined_as_string_choices(catalog: Catalog) -> None:
    schema = catalog.input_schema(catalog.operation("jobs_service_update_deployment"))
    desired = schema["$defs"]["JobsServiceUpdateDeploymentBody"]["properties"]["desiredState"]
    assert desired["type"] == "string"
    assert "DEPLOYMENT_STATE_STOPPED" in desired["enum"]


def test_max_depth_replaces_deeper_objects_with_a_pointer_to_describe_endpoint(catalog: Catalog) -> None:
    op = catalog.operation("jobs_service_create_deployment")
    shallow = catalog.flat_input_schema(op, max_depth=2)
    assert "$defs" not in shallow
    spec = shallow["properties"]["body"]["properties"]["spec"]
    assert spec["type"] == "object" and "properties" in spec
    env = spec["properties"]["env"]["items"]
    assert env["type"] == "object" and "describe_endpoint" in env["description"]
    assert len(str(shallow)) < len(str(catalog.flat_input_schema(op)))


def test_file_path_params_say_they_may_span_segments(catalog: Catalog) -> None:
    schema = catalog.flat_input_schema(catalog.operation("storage_service_download_cloud_space_artifact_blob"))
    assert "several segments" in schema["properties"]["path"]["description"]
