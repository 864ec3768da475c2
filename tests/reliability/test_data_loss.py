"""Nothing lost by a careless import or load: an import or load that would remove most of the
graph stops (exit 3) and names what it would remove, class by class, leaving both stores as
they were; ``--replace-all`` goes ahead; ``metrokg rollback`` undoes it in one command; the last
``$METROKG_KEEP_GENERATIONS`` generations are kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import EXIT_WOULD_REMOVE, app
from loaders.graph import server
from loaders.graph.resilient import ResilientFalkorGraph
from loaders.rdfstore import KEEP_ENV, current_generation, rdf_dir
from tests.reliability.drills import MINIMAL, graph_fingerprint, rdf_fingerprint

runner = CliRunner()

EMPTY_DOCUMENTS = {
    "empty-array": [],
    "empty-object": {},
    "empty-graph": {"@context": {}, "@graph": []},
}


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal seed loaded into the embedded store only."""
    data_dir = tmp_path_factory.mktemp("loss") / "data"
    code, _, err = invoke("load", "--seed", str(MINIMAL), "--data-dir", str(data_dir), "--rdf-only")
    assert code == 0, err
    return data_dir


@pytest.mark.parametrize("name", sorted(EMPTY_DOCUMENTS))
def test_an_empty_import_is_refused_and_names_what_it_would_remove(
    name: str, loaded: Path, tmp_path: Path
) -> None:
    document = tmp_path / f"{name}.jsonld"
    document.write_text(json.dumps(EMPTY_DOCUMENTS[name]), encoding="utf-8")
    before = rdf_fingerprint(loaded), current_generation(loaded)
    code, out, err = invoke("import", str(document), "--data-dir", str(loaded), "--rdf-only")
    assert code == EXIT_WOULD_REMOVE, err
    assert "将删除" in err and "would remove" in err
    assert "mkg:AdministrativeUnit" in err and "mkg:MetropolitanArea 1/1" in err
    assert "--replace-all" in err
    assert "imported" not in out
    assert (rdf_fingerprint(loaded), current_generation(loaded)) == before


def test_an_empty_import_into_an_empty_store_is_refused_too(tmp_path: Path) -> None:
    document = tmp_path / "empty.jsonld"
    document.write_text("[]", encoding="utf-8")
    data_dir = tmp_path / "data"
    code, _, err = invoke("import", str(document), "--data-dir", str(data_dir), "--rdf-only")
    assert code == EXIT_WOULD_REMOVE, err
    assert current_generation(data_dir) is None


def test_replace_all_goes_ahead_and_rollback_undoes_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    code, _, err = invoke("load", "--seed", str(MINIMAL), "--data-dir", str(data_dir), "--rdf-only")
    assert code == 0, err
    original = rdf_fingerprint(data_dir)
    document = tmp_path / "empty.jsonld"
    document.write_text("{}", encoding="utf-8")
    code, _, err = invoke(
        "import", str(document), "--data-dir", str(data_dir), "--rdf-only", "--replace-all"
    )
    assert code == 0, err
    emptied = rdf_fingerprint(data_dir)
    assert emptied[1] < original[1] / 10

    code, out, err = invoke("generations", "--data-dir", str(data_dir))
    assert code == 0, err
    assert "import" in out and "load" in out and "当前 current" in out
    assert "mkg:MetropolitanArea 1" in out

    code, out, err = invoke("rollback", "--data-dir", str(data_dir), "--rdf-only")
    assert code == 0, err
    assert "rolled back" in out
    assert rdf_fingerprint(data_dir) == original
    # and forward again, naming the generation
    newest = sorted((rdf_dir(data_dir) / "meta").iterdir())[-1].name.removesuffix(".json")
    code, _, err = invoke("rollback", newest, "--data-dir", str(data_dir), "--rdf-only")
    assert code == 0, err
    assert rdf_fingerprint(data_dir) == emptied


def test_rollback_of_an_unknown_generation_is_refused(loaded: Path) -> None:
    before = current_generation(loaded)
    for name in ("no-such-generation", "../../etc"):
        code, _, err = invoke("rollback", name, "--data-dir", str(loaded), "--rdf-only")
        assert code == 2
        assert "no generation" in err
    assert current_generation(loaded) == before


def test_pruning_keeps_the_configured_number_of_generations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    for keep, loads in (("3", 5), ("1", 2)):  # below 3, three are kept all the same
        monkeypatch.setenv(KEEP_ENV, keep)
        for _ in range(loads):
            code, _, err = invoke(
                "load", "--seed", str(MINIMAL), "--data-dir", str(data_dir), "--rdf-only"
            )
            assert code == 0, err
        stores = [p for p in (rdf_dir(data_dir) / "stores").iterdir() if p.is_dir()]
        assert len(stores) == 3
    monkeypatch.setenv(KEEP_ENV, "many")
    code, _, err = invoke("load", "--seed", str(MINIMAL), "--data-dir", str(data_dir), "--rdf-only")
    assert code == 2 and KEEP_ENV in err


@pytest.fixture()
def both(tmp_path: Path) -> Iterator[Path]:
    data_dir = tmp_path / "data"
    try:
        yield data_dir
    finally:
        server.stop(server.ServerConfig(data_dir=data_dir))


def test_rollback_restores_both_stores(both: Path, variant_seed: Path, tmp_path: Path) -> None:
    code, _, err = invoke("load", "--seed", str(MINIMAL), "--data-dir", str(both))
    assert code == 0, err
    graph = ResilientFalkorGraph(server.ServerConfig(data_dir=both))
    original = rdf_fingerprint(both), graph_fingerprint(graph)
    document = tmp_path / "empty.jsonld"
    document.write_text('{"@context": {}, "@graph": []}', encoding="utf-8")
    code, _, err = invoke("import", str(document), "--data-dir", str(both))
    assert code == EXIT_WOULD_REMOVE
    assert (rdf_fingerprint(both), graph_fingerprint(graph)) == original
    code, _, err = invoke("load", "--seed", str(variant_seed), "--data-dir", str(both))
    assert code == 0, err  # a variant keeps most of the graph: no confirmation needed
    assert (rdf_fingerprint(both), graph_fingerprint(graph)) != original
    code, _, err = invoke("rollback", "--data-dir", str(both))
    assert code == 0, err
    assert (rdf_fingerprint(both), graph_fingerprint(graph)) == original
