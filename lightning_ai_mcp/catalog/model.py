"""Typed records of the catalog: operations, their parameters, and the wire models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OperationClass = Literal["read", "write", "spend", "destructive", "dangerous"]
OPERATION_CLASSES: tuple[OperationClass, ...] = ("read", "write", "spend", "destructive", "dangerous")

SDK_VERSIONS = ("2026.2.6", "2026.10.13")
"""The lightning-sdk releases the catalog is generated from, oldest first."""


@dataclass(frozen=True, slots=True)
class Param:
    """A path or query parameter, named as it travels on the wire (`projectId`, `spec.lightningappInstanceId`).

    `type` is the SDK's swagger type (`str`, `int`, `bool`, `float`, `datetime`, `object`); `repeated` marks a
    query list sent as `?k=a&k=b`; `file_path` marks a path parameter that may span several segments. `versions` is
    None when every SDK release of the operation has the parameter, else the releases that do.
    """

    wire: str
    type: str
    required: bool
    repeated: bool = False
    file_path: bool = False
    versions: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Operation:
    id: str
    aliases: tuple[str, ...]
    group: str
    method: str
    path: str
    path_params: tuple[Param, ...]
    query_params: tuple[Param, ...]
    body_model: str | None
    response_model: str | None
    versions: tuple[str, ...]
    repeatable: bool
    op_class: OperationClass
    summary: str
    supplement: str | None = None
    """For endpoints outside the generated clients: the SDK file and function that call it."""
    transport: Literal["http", "websocket"] = "http"
    """`websocket` for the one streaming endpoint (live job logs), which a plain HTTP request cannot use."""

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True, slots=True)
class Field:
    """A model field: its wire (camelCase) name and the SDK's swagger type string.

    Types are as the SDK spells them: `str`, `int`, `float`, `bool`, `datetime`, `object`, a model name such as
    `V1ComputeConfig`, `list[T]` and `dict(str, T)`. Where the releases disagree (a handful of renamed models), the
    type is the newest release's. `versions` is None when every release of the model has the field.
    """

    wire: str
    type: str
    versions: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Model:
    """A wire model; an enum is a model without fields whose `enum` lists its string values."""

    name: str
    fields: tuple[Field, ...]
    versions: tuple[str, ...]
    enum: tuple[str, ...] = ()
