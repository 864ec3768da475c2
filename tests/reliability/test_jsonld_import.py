"""``metrokg import FILE.jsonld``: an export imported back gives the same graph in both stores;
a key the context does not know, a remote or ``file:`` context, deep nesting and the other
traps are refused with their file and line, and nothing is written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from app.cli import app
from loaders.graph import server
from loaders.graph.resilient import ResilientFalkorGraph
from loaders.rdfstore import current_generation
from tests.reliability.drills import MINIMAL, graph_fingerprint, rdf_fingerprint

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The minimal seed loaded into both stores, and its JSON-LD export."""
    data_dir = tmp_path_factory.mktemp("import-source") / "data"
    code, _, err = invoke("load", "--seed", str(MINIMAL), "--data-dir", str(data_dir))
    assert code == 0, err
    target = data_dir.parent / "export.jsonld"
    code, _, err = invoke(
        "export", "--format", "jsonld", "-o", str(target), "--data-dir", str(data_dir)
    )
    assert code == 0, err
    try:
        yield data_dir, target
    finally:
        server.stop(server.ServerConfig(data_dir=data_dir))


@pytest.fixture()
def fresh(tmp_path: Path) -> Iterator[Path]:
    data_dir = tmp_path / "data"
    try:
        yield data_dir
    finally:
        server.stop(server.ServerConfig(data_dir=data_dir))


def test_an_export_imports_back_into_both_stores(exported: tuple[Path, Path], fresh: Path) -> None:
    source, export = exported
    code, out, err = invoke("import", str(export), "--data-dir", str(fresh))
    assert code == 0, err
    assert "imported" in out
    assert rdf_fingerprint(fresh) == rdf_fingerprint(source)
    imported = ResilientFalkorGraph(server.ServerConfig(data_dir=fresh))
    original = ResilientFalkorGraph(server.ServerConfig(data_dir=source))
    assert graph_fingerprint(imported) == graph_fingerprint(original)


def _document(export: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(export.read_text(encoding="utf-8"))
    return doc


def _write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _area(doc: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = next(n for n in doc["@graph"] if n.get("type") == "MetropolitanArea")
    return node


CASES = {
    "unknown-key": (lambda doc: _area(doc).update({"nmae": "x"}), "key 'nmae' is not defined"),
    "remote-context": (
        lambda doc: doc.update({"@context": "https://example.org/ctx.jsonld"}),
        "by reference",
    ),
    "file-context": (lambda doc: doc.update({"@context": ["file:///etc/passwd"]}), "by reference"),
    "import-in-context": (
        lambda doc: doc["@context"].update({"@import": "file:///etc/passwd"}),
        "@import is refused",
    ),
    "vocab-in-context": (lambda doc: doc["@context"].update({"@vocab": "http://e/"}), "@vocab"),
    "scoped-remote-context": (
        lambda doc: doc["@context"].update(
            {"scoped": {"@id": "mkg:scoped", "@context": "http://127.0.0.1:9/c"}}
        ),
        "by reference",
    ),
    "relative-id": (lambda doc: _area(doc).update({"id": "area/x"}), "@id 'area/x'"),
    "unknown-type": (lambda doc: _area(doc).update({"type": "Metropolis"}), "@type 'Metropolis'"),
    "ontology-change": (
        lambda doc: doc["@graph"].append(
            {"id": "mkg:MetropolitanArea", "rdfs:comment": "redefined"}
        ),
        "may not change the ontology",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_documents_are_located_and_change_nothing(
    exported: tuple[Path, Path], tmp_path: Path, case: str
) -> None:
    source, export = exported
    change, needle = CASES[case]
    doc = _document(export)
    change(doc)
    path = _write(tmp_path / f"{case}.jsonld", doc)
    generation = current_generation(source)
    code, _, err = invoke("import", str(path), "--data-dir", str(source), "--rdf-only")
    assert code == 2, err
    assert needle in err
    assert f"{case}.jsonld:" in err  # file and line
    assert "nothing was loaded" in err and "Traceback" not in err
    assert current_generation(source) == generation


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("[" * 5000 + "]" * 5000, "nested more than 64 deep"),
        ('{"@context": {}, "a": 1, "a": 2}', "duplicate key 'a'"),
        ('{"@context": {}, "a": NaN}', "NaN"),
        ('\ufeff{"@context": {}}', "byte-order mark"),
        ('{"@context": {}, "@id": "https://w3id.org/metrokg/id/x", "x"', "JSON syntax error"),
    ],
)
def test_malformed_json_is_located(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "doc.jsonld"
    path.write_text(content, encoding="utf-8")
    code, _, err = invoke("import", str(path), "--data-dir", str(tmp_path / "data"), "--rdf-only")
    assert code == 2 and needle in err and "doc.jsonld:1" in err, err


def test_a_gbk_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonld"
    path.write_bytes('{"@context": {}, "@id": "https://w3id.org/metrokg/id/南京"}'.encode("gbk"))
    code, _, err = invoke("import", str(path), "--data-dir", str(tmp_path / "data"), "--rdf-only")
    assert code == 2 and "GBK" in err and "doc.jsonld:1" in err, err


def test_a_shape_violation_exits_1_at_the_node(exported: tuple[Path, Path], tmp_path: Path) -> None:
    _, export = exported
    doc = _document(export)
    doc["@graph"].append(
        {"id": "https://w3id.org/metrokg/id/area/incomplete", "type": "MetropolitanArea"}
    )
    path = _write(tmp_path / "incomplete.jsonld", doc)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "area/incomplete" in text)
    code, _, err = invoke("import", str(path), "--data-dir", str(tmp_path / "data"), "--rdf-only")
    assert code == 1, err
    assert f"incomplete.jsonld:{line}" in err
