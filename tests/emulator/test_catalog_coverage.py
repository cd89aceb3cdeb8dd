"""Every catalog operation answers: a 2xx whose body is a valid instance of its response model, or an error in the
API's shape with the matching gRPC code; never a 405, a 500 or an unknown route."""

from __future__ import annotations

import re
from typing import Any

import httpx2
import pytest

from lightning_ai_mcp.catalog import load_catalog
from lightning_ai_mcp.emulator.errors import grpc_code

pytestmark = pytest.mark.anyio

_LIST = re.compile(r"^list\[(.+)\]$")
_DICT = re.compile(r"^dict\(str, (.+)\)$")


def problems(value: Any, type_: str, models: Any, where: str = "") -> list[str]:
    if value is None:
        return []
    scalar = {"str": str, "datetime": str, "bool": bool, "float": (int, float), "int": int}
    if type_ in scalar:
        ok = isinstance(value, scalar[type_]) and (type_ == "bool" or not isinstance(value, bool))
        return [] if ok else [f"{where}: {value!r} is not {type_}"]
    if type_ == "object":
        return []
    m = _LIST.match(type_)
    if m:
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        return [p for i, v in enumerate(value) for p in problems(v, m.group(1), models, f"{where}[{i}]")]
    m = _DICT.match(type_)
    if m:
        if not isinstance(value, dict):
            return [f"{where}: not a map"]
        return [p for k, v in value.items() for p in problems(v, m.group(1), models, f"{where}.{k}")]
    model = models.get(type_)
    if model is None:
        return []
    if model.enum:
        return [] if isinstance(value, str) else [f"{where}: enum value {value!r} is not a string"]
    if not isinstance(value, dict):
        return [f"{where}: {type_} is not an object"]
    fields = {f.wire: f.type for f in model.fields}
    return [p for k, v in value.items() if k in fields for p in problems(v, fields[k], models, f"{where}.{k}")]


def concrete(path: str, project_id: str) -> str:
    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "projectId":
            return project_id
        return "dir/file.txt" if name == "path" else f"x-{name}"

    return re.sub(r"\{([^}]+)\}", fill, path)


async def test_every_catalog_operation_answers_with_its_model_or_an_api_error(
    client: httpx2.AsyncClient, project_id: str
) -> None:
    catalog = load_catalog()
    failures: list[str] = []
    answered = 0
    for op in catalog.operations:
        if op.transport != "http":
            continue
        url = concrete(op.path, project_id)
        body = {} if op.method in ("POST", "PUT", "PATCH", "DELETE") else None
        r = await client.request(op.method, url, json=body)
        answered += 1
        label = f"{op.method} {op.path} -> {r.status_code}"
        if r.status_code in (405, 500) or r.status_code >= 500:
            failures.append(f"{label}: {r.text[:200]}")
            continue
        if r.status_code >= 400:
            err = r.json()
            if set(err) != {"code", "message", "details"} or err["code"] != grpc_code(r.status_code):
                failures.append(f"{label}: error shape {err}")
            elif "no operation matches" in err["message"]:
                failures.append(f"{label}: route unknown")
            continue
        if op.response_model and r.headers.get("content-type", "").startswith("application/json"):
            failures += [f"{label} {p}" for p in problems(r.json(), op.response_model, catalog.models)]
    assert answered >= 758
    assert not failures, "\n".join(failures[:40])


async def test_unknown_paths_are_404_with_code_5_and_reason_not_found(client: httpx2.AsyncClient) -> None:
    r = await client.get("/v1/pricing")
    assert (r.status_code, r.reason_phrase, r.json()["code"]) == (404, "Not Found", 5)


async def test_a_wrong_method_is_405_with_code_12(client: httpx2.AsyncClient) -> None:
    r = await client.delete("/v1/auth/user")
    assert (r.status_code, r.json()["code"]) == (405, 12)


async def test_unknown_or_mistyped_body_fields_are_400_with_code_3(client: httpx2.AsyncClient, project_id: str) -> None:
    url = f"/v1/projects/{project_id}/schedules"
    unknown = await client.post(url, json={"cronExpression": "* * * * *", "cronExpresion": "typo"})
    assert (unknown.status_code, unknown.json()["code"]) == (400, 3)
    assert "cronExpresion" in unknown.json()["message"]
    mistyped = await client.post(url, json={"cronExpression": "* * * * *", "parallelRuns": "yes"})
    assert mistyped.status_code == 400


async def test_snake_case_bodies_and_int64_numbers_or_strings_are_accepted(
    client: httpx2.AsyncClient, project_id: str
) -> None:
    url = f"/v1/projects/{project_id}/cloudspaces"
    r = await client.post(url, json={"name": "snake", "display_name": "snake", "cluster_id": "lightning-public-prod"})
    assert r.status_code == 200 and r.json()["clusterId"] == "lightning-public-prod"
    sid = r.json()["id"]
    for duration in (3600, "3600"):
        body = {"computeConfig": {"name": "cpu-4", "requestedRunDurationSeconds": duration}}
        start = await client.post(f"{url}/{sid}/start", json=body)
        assert start.status_code == 200


async def test_store_and_return_for_operations_without_a_hand_written_model(
    client: httpx2.AsyncClient, project_id: str
) -> None:
    url = f"/v1/projects/{project_id}/data-connections"
    created = await client.post(url, json={"name": "bucket"})
    assert created.status_code == 200
    item = created.json()
    assert item["name"] == "bucket" and item["id"]
    listed = (await client.get(url)).json()
    assert [c["id"] for c in listed["dataConnections"]] == [item["id"]]
    assert (await client.get(f"{url}/{item['id']}")).json()["name"] == "bucket"
