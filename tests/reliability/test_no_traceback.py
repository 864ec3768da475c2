"""No command prints a traceback, whatever it is given: every file of both hostile corpora
(``tests/queries/hostile``, ``tests/reliability/hostile``) and every invalid import document
through ``metrokg sparql --file`` and ``metrokg import``, hostile option values of the consoles,
and control characters in results escaped on the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from tests.reliability.drills import MINIMAL, hostile_corpus

runner = CliRunner()
CORPUS = hostile_corpus()
INVALID_IMPORTS = sorted((Path(__file__).parent / "imports" / "invalid").glob("*.jsonld"))


def no_traceback(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args}: {result.exception!r}"
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2, 3), result.exit_code
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("no-traceback") / "data"
    code, _, err = no_traceback(
        "load", "--seed", str(MINIMAL), "--data-dir", str(target), "--rdf-only"
    )
    assert code == 0, err
    return target


@pytest.mark.parametrize("query", CORPUS, ids=lambda q: f"{q.language}-{q.path.stem}")
def test_a_hostile_file_prints_no_traceback(query: object, data_dir: Path) -> None:
    path = query.path  # type: ignore[attr-defined]
    code, _, err = no_traceback(
        "sparql", "--file", str(path), "--timeout", "1", "--data-dir", str(data_dir)
    )
    assert code in (0, 2)
    code, _, err = no_traceback("import", str(path), "--rdf-only", "--data-dir", str(data_dir))
    assert code == 2 and path.name in err


@pytest.mark.parametrize("path", INVALID_IMPORTS, ids=lambda p: p.stem)
def test_an_invalid_import_prints_no_traceback(path: Path, data_dir: Path) -> None:
    code, _, _ = no_traceback("import", str(path), "--rdf-only", "--data-dir", str(data_dir))
    assert code == 2


@pytest.mark.parametrize(
    "option",
    [
        ("--timeout", "-1"), ("--timeout", "nan"), ("--timeout", "inf"), ("--timeout", "-inf"),
        ("--timeout", "1e12"), ("--timeout", "0"), ("--timeout", "x"), ("--limit", "-5"),
        ("--limit", "99999999999999999999"), ("--format", "\x1b[2J"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["sparql", "cypher"])
def test_hostile_option_values_are_refused_at_the_edge(
    command: str, option: tuple[str, str], data_dir: Path
) -> None:
    query = "ASK {}" if command == "sparql" else "RETURN 1"
    code, out, err = no_traceback(command, query, *option, "--data-dir", str(data_dir))
    assert code == 2
    assert "\x1b" not in out + err


def test_control_characters_in_results_are_escaped(data_dir: Path) -> None:
    query = 'SELECT ("a\\bb\\rc\\fd\\te" AS ?x) WHERE {}'  # SPARQL's own string escapes
    code, out, err = no_traceback("sparql", query, "--data-dir", str(data_dir))
    assert code == 0, err
    assert not any(char in out for char in "\b\r\f\t")
    assert "a\\bb\\rc\\fd\\te" in out
    code, out, _ = no_traceback("sparql", query, "--format", "json", "--data-dir", str(data_dir))
    assert code == 0 and not any(char in out for char in "\b\r\f\t")
