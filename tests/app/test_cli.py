"""The `metrokg` command: exit codes, located messages, output formats, on real stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from loaders.pipeline import DEFAULT_SEED

FIXTURES = Path(__file__).parents[1] / "loaders" / "fixtures"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_shipped_seed_exits_0() -> None:
    code, out, _ = invoke("validate", "--seed", str(DEFAULT_SEED))
    assert code == 0
    assert "valid" in out


def test_validate_shape_violation_exits_1_with_location() -> None:
    seed = FIXTURES / "shape-violations" / "county-with-district-coverage"
    code, _, err = invoke("validate", "--seed", str(seed))
    assert code == 1
    assert "memberships.csv:3" in err
    assert "nanjing core 江苏省/镇江市/句容市" in err
    assert "mkg:coverage" in err


@pytest.mark.parametrize("case", ["gbk-encoded", "duplicate-key", "unknown-unit"])
def test_validate_unreadable_input_exits_2(case: str) -> None:
    code, _, err = invoke("validate", "--seed", str(FIXTURES / "invalid" / case / "seed"))
    assert code == 2
    assert "nothing was loaded" in err
    assert "Traceback" not in err


def test_load_then_sparql_json_gives_plain_values(tmp_path: Path) -> None:
    code, _, err = invoke("load", "--rdf-only", "--data-dir", str(tmp_path))
    assert code == 0, err
    query = (
        "SELECT ?name ?year WHERE { ?o <https://w3id.org/metrokg/def#refYear> ?year ; "
        "<http://purl.org/linked-data/sdmx/2009/dimension#refArea> ?a . "
        "?a <http://www.w3.org/2000/01/rdf-schema#label> ?name FILTER(LANG(?name) = 'zh') "
        "FILTER(STR(?name) = '南京都市圈') } ORDER BY ?year"
    )
    code, out, err = invoke("sparql", query, "--format", "json", "--data-dir", str(tmp_path))
    assert code == 0, err
    rows = json.loads(out)
    assert rows and all(set(r) == {"name", "year"} for r in rows)
    assert rows[0] == {"name": "南京都市圈", "year": 2019}


def test_sparql_refuses_an_update_with_a_one_line_reason(tmp_path: Path) -> None:
    invoke("load", "--rdf-only", "--data-dir", str(tmp_path))
    code, _, err = invoke(
        "sparql", "INSERT DATA { <a:b> <a:c> <a:d> }", "--data-dir", str(tmp_path)
    )
    assert code == 2
    assert err.startswith("错误 error: 查询被拒绝 / query refused")
    assert "Traceback" not in err


def test_sparql_before_any_load_says_so(tmp_path: Path) -> None:
    code, _, err = invoke("sparql", "SELECT * WHERE { ?s ?p ?o }", "--data-dir", str(tmp_path))
    assert code == 2
    assert "metrokg load" in err


def test_export_writes_jsonld_with_the_context(tmp_path: Path) -> None:
    invoke("load", "--rdf-only", "--data-dir", str(tmp_path))
    target = tmp_path / "graph.jsonld"
    code, _, err = invoke(
        "export", "--format", "jsonld", "-o", str(target), "--data-dir", str(tmp_path)
    )
    assert code == 0, err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert "@context" in doc
    assert "南京都市圈" in target.read_text(encoding="utf-8")


def test_stats_counts_instances_per_class(tmp_path: Path) -> None:
    invoke("load", "--rdf-only", "--data-dir", str(tmp_path))
    code, out, _ = invoke("stats", "--data-dir", str(tmp_path))
    assert code == 0
    line = next(line for line in out.splitlines() if "mkg:MetropolitanArea" in line)
    assert " 15 " in line


def test_query_csv_and_unknown_names(tmp_path: Path) -> None:
    invoke("load", "--rdf-only", "--data-dir", str(tmp_path))
    code, out, _ = invoke("query", "areas", "--format", "csv", "--data-dir", str(tmp_path))
    assert code == 0
    header, *rows = out.strip().splitlines()
    assert header.startswith("area,area_en,central_city,provinces")
    assert len(rows) == 15
    code, _, err = invoke("query", "no-such-question", "--data-dir", str(tmp_path))
    assert code == 2 and "query --list" in err
    code, _, err = invoke("query", "area-members", "-p", "nope=1", "--data-dir", str(tmp_path))
    assert code == 2 and "unknown parameter" in err
    code, out, err = invoke("query", "area-members", "-p", "area=南京", "--data-dir", str(tmp_path))
    assert code == 2 and out == ""
    assert "没有名为 南京 的都市圈；是否指 南京都市圈？" in err
    assert "no area named 南京; did you mean 南京都市圈?" in err
    code, out, _ = invoke(
        "query", "action-documents", "-p", "area=", "--format", "csv", "--data-dir", str(tmp_path)
    )
    assert code == 0 and len(out.strip().splitlines()) > 1  # empty means all areas


def test_query_list_never_cuts_names() -> None:
    """Piped (CliRunner is not a terminal) at 80 columns, every name appears whole."""
    from queries.catalogue import load_catalogue

    code, out, _ = invoke("query", "--list")
    assert code == 0
    shown = {line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│")}
    assert set(load_catalogue()) <= shown


@pytest.mark.parametrize("command", [[], ["query"], ["load"], ["graph"], ["graph", "stop"]])
def test_help_is_plain(command: list[str]) -> None:
    """Click's metavars (TEXT, DIRECTORY), no type tags such as <bool> or <list[str]>."""
    code, out, _ = invoke(*command, "--help")
    assert code == 0
    assert "Show this message and exit." in out
    assert "<" not in out.replace("<name>", "")


def test_help_explains_each_command() -> None:
    code, out, _ = invoke("--help")
    assert code == 0
    for command in ("load", "validate", "sparql", "cypher", "query", "export", "stats", "graph"):
        assert command in out
