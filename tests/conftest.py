"""Shared fixtures: the shipped seed read once, and a store loaded from it per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import settings

from devtools.neo4j import server as neo4j_devserver
from loaders.graph import server
from loaders.graph.clients import FalkorGraph, Neo4jGraph
from loaders.graph.load import load_graph
from loaders.pipeline import DEFAULT_SEED, LoadResult, load
from loaders.rdf.build import build_graph
from loaders.rdfstore import open_read_only
from loaders.seed import SeedData, read_seed

pytest.register_assert_rewrite("tests.reliability.drills")  # its assert_all_contained

# CI draws the same examples every run (a case it fails on is one a developer can repeat);
# a developer's runs draw new ones, which is how new cases are found
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "source" / "000_342a4c6929c9433e.txt"


@pytest.fixture(scope="session")
def shipped_seed() -> SeedData:
    """The shipped seed, read and cross-checked."""
    return read_seed(DEFAULT_SEED)


@pytest.fixture(scope="session")
def shipped_load(tmp_path_factory: pytest.TempPathFactory) -> LoadResult:
    """The shipped seed loaded into a fresh data directory (shared, read-only use)."""
    data_dir = tmp_path_factory.mktemp("shipped-data")
    return load(DEFAULT_SEED, data_dir)


@pytest.fixture(scope="session")
def shipped_data_dir(shipped_load: LoadResult) -> Path:
    """The data directory of :func:`shipped_load`."""
    return shipped_load.store_path.parents[2]


@pytest.fixture(scope="session")
def rdf_store(shipped_data_dir: Path) -> ox.Store:
    """The shipped graph, opened read-only."""
    return open_read_only(shipped_data_dir)


@pytest.fixture(scope="session")
def falkordb_info(tmp_path_factory: pytest.TempPathFactory) -> Iterator[server.ServerInfo]:
    """A FalkorDB server of our own on a free loopback port, stopped at the end."""
    config = server.ServerConfig(data_dir=tmp_path_factory.mktemp("falkordb"))
    info = server.start(config)
    try:
        yield info
    finally:
        server.stop(config)


@pytest.fixture(scope="session")
def shipped_graph(falkordb_info: server.ServerInfo, shipped_load: LoadResult) -> FalkorGraph:
    """The shipped data projected into the session's FalkorDB server."""
    graph = FalkorGraph(server.connect(falkordb_info))
    load_graph(graph, build_graph(shipped_load.seed, with_ontology=False).graph)
    return graph


@pytest.fixture(scope="session")
def source_text() -> str:
    """The source report (Chinese), for checks that quote it."""
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture()
def env_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private data directory set through METROKG_DATA_DIR."""
    monkeypatch.setenv("METROKG_DATA_DIR", str(tmp_path / "data"))
    yield tmp_path / "data"


# --- issue 14: a real Neo4j server ---
@pytest.fixture(scope="session")
def neo4j_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[neo4j_devserver.Neo4jServer]:
    """A Neo4j 5 Community server of our own (devtools/neo4j) on a free loopback port, with
    authentication on; it stops at the end of the session, or by itself if pytest dies."""
    home = tmp_path_factory.mktemp("neo4j")
    info = neo4j_devserver.start(home, watch_pid=os.getpid())
    try:
        yield info
    finally:
        neo4j_devserver.stop(home)


@pytest.fixture(scope="session")
def neo4j_graph(
    neo4j_server: neo4j_devserver.Neo4jServer, shipped_load: LoadResult
) -> Iterator[Neo4jGraph]:
    """The shipped data projected into the session's Neo4j server (tests that change it put it
    back before they end)."""
    import neo4j

    driver = neo4j.GraphDatabase.driver(
        neo4j_server.bolt_uri,
        auth=(neo4j_devserver.USER, neo4j_server.password),
        notifications_min_severity="OFF",
    )
    graph = Neo4jGraph(driver)
    load_graph(graph, build_graph(shipped_load.seed, with_ontology=False).graph)
    try:
        yield graph
    finally:
        driver.close()


@pytest.fixture()
def neo4j_env(
    neo4j_server: neo4j_devserver.Neo4jServer, monkeypatch: pytest.MonkeyPatch
) -> neo4j_devserver.Neo4jServer:
    """METROKG_GRAPH_* pointing at the session's Neo4j server (password by file)."""
    monkeypatch.setenv("METROKG_GRAPH_URI", neo4j_server.bolt_uri)
    monkeypatch.setenv("METROKG_GRAPH_USER", neo4j_devserver.USER)
    monkeypatch.setenv("METROKG_GRAPH_PASSWORD_FILE", str(neo4j_server.password_file))
    monkeypatch.delenv("METROKG_GRAPH_PASSWORD", raising=False)
    monkeypatch.delenv("METROKG_GRAPH_DATABASE", raising=False)
    return neo4j_server
