"""The endpoint catalog: every Lightning API operation as data, generated from lightning-sdk.

Importing this package reads nothing; `load_catalog()` parses the data files on first call and caches the result.

    catalog = load_catalog()
    op = catalog.operation("cloud_space_service_start_cloud_space_instance")   # or an alias, or "POST /v1/..."
    catalog.search("start studio")
    catalog.input_schema(op)
    classify(op, body)
"""

from __future__ import annotations

from typing import Any

from .body_classes import classify
from .groups import Group
from .loader import Catalog, load_catalog
from .model import OPERATION_CLASSES, SDK_VERSIONS, Field, Model, Operation, OperationClass, Param

__all__ = [
    "OPERATION_CLASSES",
    "SDK_VERSIONS",
    "Catalog",
    "Field",
    "Group",
    "Model",
    "Operation",
    "OperationClass",
    "Param",
    "classify",
    "load_catalog",
    "openapi_document",
]


def openapi_document() -> dict[str, Any]:
    """The whole catalog as an OpenAPI 3.1 document."""
    from .openapi import openapi_document as build

    return build(load_catalog())
