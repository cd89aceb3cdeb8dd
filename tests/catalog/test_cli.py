"""`lightning-ai-mcp catalog ...` prints the pinned counts, finds, shows and exports operations."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from lightning_ai_mcp.catalog.cli import catalog_main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return catalog_main(list(argv), out=out), out.getvalue()


def test_stats_prints_the_pinned_counts_by_version_and_group() -> None:
    code, text = run("stats")
    assert code == 0
    assert "lightning-sdk 2026.2.6: 638 operations in 48 groups" in text
    assert "lightning-sdk 2026.10.13: 627 operations in 35 groups" in text
    assert "union: 758 method+path pairs, 759 operation ids" in text
    assert "cloud_space_service" in text and "supplement" in text


def test_search_prints_matching_operations_and_fails_when_nothing_matches() -> None:
    code, text = run("search", "start", "studio", "--limit", "3")
    assert code == 0
    assert text.startswith("cloud_space_service_start_cloud_space_instance")
    assert run("search", "zzqx")[0] == 1


def test_show_accepts_an_alias_or_method_and_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run("show", "billing_service_get_usage_report")
    assert code == 0 and "billing_service_get_usage_report_v1" in text
    code, text = run("show", "--json", "POST /v1/projects/{projectId}/jobs")
    record = json.loads(text)
    assert record["id"] == "jobs_service_create_job"
    assert record["input_schema"]["required"] == ["path_params", "body"]
    assert run("show", "no_such_operation")[0] == 2
    assert "no Lightning API operation matches" in capsys.readouterr().err


def test_openapi_writes_a_document_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "lightning.openapi.json"
    assert run("openapi", "-o", str(target))[0] == 0
    assert json.loads(target.read_text())["openapi"] == "3.1.0"
    assert "wrote" in capsys.readouterr().err
