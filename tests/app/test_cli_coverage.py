"""`metrokg coverage`: a table by default, JSON for scripts, exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import app

runner = CliRunner()


def test_coverage_json_gives_totals_and_located_gaps() -> None:
    result = runner.invoke(app, ["coverage", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["totals"]["rows"]["share"] == 1.0
    gaps = [g for part in data["parts"] for g in part["gaps"]]
    assert all(isinstance(g["line"], int) and g["text"] for g in gaps)


def test_coverage_table_names_parts_in_chinese() -> None:
    result = runner.invoke(app, ["coverage"])
    assert result.exit_code == 0, result.stderr
    assert "表 1-3" in result.stdout and "合计" in result.stdout


def test_coverage_refuses_an_unknown_format_and_a_non_utf8_source(tmp_path: Path) -> None:
    assert runner.invoke(app, ["coverage", "--format", "xml"]).exit_code == 2
    bad = tmp_path / "report.txt"
    bad.write_bytes("都市圈".encode("gb18030"))
    result = runner.invoke(app, ["coverage", "--source", str(bad)])
    assert result.exit_code == 2
    assert "UTF-8" in result.stderr
