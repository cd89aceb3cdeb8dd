"""The OpenAPI 3.1 export is valid and carries every operation with its group, SDK versions and class."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from lightning_ai_mcp.catalog import load_catalog, openapi_document


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi_document()


def test_the_export_validates_under_openapi_spec_validator(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"] == "3.1.0"


def test_every_operation_is_in_the_export_tagged_with_group_versions_and_class(document: dict[str, Any]) -> None:
    exported = {op["operationId"]: op for item in document["paths"].values() for op in item.values()}
    catalog = load_catalog()
    assert len(exported) == len(catalog.operations)
    for op in catalog.operations:
        item = exported[op.id]
        assert item["tags"] == [op.group]
        assert item["x-sdk-versions"] == list(op.versions)
        assert item["x-operation-class"] == op.op_class
    assert {t["name"] for t in document["tags"]} == {g.name for g in catalog.groups()}


def test_request_bodies_and_responses_reference_component_schemas(document: dict[str, Any]) -> None:
    start = document["paths"]["/v1/projects/{projectId}/cloudspaces/{id}/start"]["post"]
    body = start["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/CloudSpaceServiceStartCloudSpaceInstanceBody"}
    assert "CloudSpaceServiceStartCloudSpaceInstanceBody" in document["components"]["schemas"]
    blob = document["paths"]["/v1/projects/{projectId}/artifacts/cloudspaces/{cloudspaceId}/blobs/{path}"]["get"]
    assert "StudioApi.download_file" in blob["x-supplement"]
