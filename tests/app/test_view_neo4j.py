"""A sample of the explorer's pages with the Neo4j backend (``METROKG_GRAPH_URI``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from devtools.neo4j.server import Neo4jServer
from loaders.graph.clients import Neo4jGraph
from loaders.pipeline import LoadResult
from loaders.rdf.build import build_graph
from tests.app.conftest import APP, write_generation
from tests.app.test_view_console import run


@pytest.fixture(scope="module")
def neo4j_data_dir(shipped_load: LoadResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory of its own (the explorer caches its backend per data directory)."""
    data_dir = tmp_path_factory.mktemp("explorer-neo4j")
    write_generation(data_dir, build_graph(shipped_load.seed).graph)
    return data_dir


def open_page(view: str, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    if lang == "en":
        at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if view != "overview.py":
        at.switch_page(f"views/{view}")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture()
def on_neo4j(
    neo4j_env: Neo4jServer,
    neo4j_graph: Neo4jGraph,
    neo4j_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Neo4jGraph:
    monkeypatch.setenv("METROKG_DATA_DIR", str(neo4j_data_dir))
    return neo4j_graph


def test_cypher_console_on_neo4j(on_neo4j: Neo4jGraph) -> None:
    at = run(
        open_page("console.py"),
        "MATCH (a:MetropolitanArea) RETURN a.label AS area ORDER BY area",
        "cypher",
    )
    assert not at.error
    assert len(at.dataframe[0].value) == 15


def test_refused_cypher_on_neo4j_changes_nothing(on_neo4j: Neo4jGraph) -> None:
    before = on_neo4j.counts()
    at = run(open_page("console.py"), "MATCH (n) DETACH DELETE n", "cypher")
    assert len(at.error) == 1 and "拒绝" in at.error[0].value
    assert on_neo4j.counts() == before


@pytest.mark.parametrize("view", ["overview.py", "graph.py", "questions.py"])
def test_pages_open_on_neo4j(on_neo4j: Neo4jGraph, view: str) -> None:
    at = open_page(view)
    assert not at.error, [e.value for e in at.error]
