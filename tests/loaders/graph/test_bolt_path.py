"""The Neo4j path: the same projection and the same catalogue Cypher through the official
``neo4j`` driver over Bolt.

Neo4j itself cannot be installed here, so this drives FalkorDB's experimental Bolt endpoint,
within the limits DESIGN.md records for it: parameters are pasted into the text unescaped (no
values with quotes), long parameter lists crash it (small batches), it ignores the database
name and the READ access mode, and it aborts with append-only persistence (off for this server).
What it proves: the driver code path (sessions, transactions with timeouts, batching, result
conversion) works and gives the same rows as the native client on the same data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from rdflib import Graph, URIRef

from loaders.graph import server
from loaders.graph.clients import FalkorGraph, Neo4jGraph
from loaders.graph.dialect import FALKORDB
from loaders.graph.load import projection_of
from loaders.graph.projection import Projection
from loaders.rdf.build import build_graph
from loaders.seed import read_seed
from ontology.namespaces import MKG, RDF, SDO
from queries.catalogue import load_catalogue
from queries.runner import run_cypher

MINIMAL = Path(__file__).parents[1] / "fixtures" / "valid" / "minimal"


def small_projection() -> Projection:
    """The minimal fixture's graph, keeping only the units its records use (and their parents)."""
    seed = read_seed(MINIMAL)
    data = build_graph(seed, with_ontology=False).graph
    units = set(data.subjects(RDF.type, MKG.AdministrativeUnit))
    used = {o for o in data.objects() if isinstance(o, URIRef) and o in units}
    frontier = set(used)
    while frontier:
        frontier = {p for u in frontier for p in data.objects(u, SDO.containedInPlace)} - used
        used |= frontier
    keep = Graph()
    for s, p, o in data:
        if s in units and s not in used:
            continue
        if o in units and o not in used:
            continue
        keep.add((s, p, o))
    projection = projection_of(keep)
    # FalkorDB's Bolt endpoint pastes parameters into the query text unescaped: a value with
    # an ASCII apostrophe ("plan's") breaks it. Neo4j has no such bug; here such values are
    # given a typographic apostrophe so the endpoint can carry them.
    for node in projection.nodes.values():
        node.props = {k: _no_apostrophe(v) for k, v in node.props.items()}
    return projection


def _no_apostrophe(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("'", "\u2019")
    if isinstance(value, list):
        return [_no_apostrophe(v) for v in value]
    return value


@pytest.fixture(scope="module")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[server.ServerInfo]:
    config = server.ServerConfig(
        data_dir=tmp_path_factory.mktemp("bolt"),
        port=None,
        bolt_port=_free_low_port(),
        appendonly=False,
    )
    with pytest.warns(server.InsecureBoltWarning):
        info = server.start(config)
    try:
        yield info
    finally:
        server.stop(config)


def _free_low_port() -> int:
    """FalkorDB ignores Bolt ports above 32767, below the kernel's ephemeral range."""
    import random
    import socket

    rng = random.Random()
    for _ in range(200):
        port = rng.randrange(20000, 32000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below 32768")


@pytest.fixture(scope="module")
def driver(bolt_server: server.ServerInfo) -> Iterator[Any]:
    assert bolt_server.bolt_uri is not None
    drv = neo4j.GraphDatabase.driver(bolt_server.bolt_uri, auth=("falkordb", bolt_server.password))
    try:
        yield drv
    finally:
        drv.close()


@pytest.fixture(scope="module")
def both(bolt_server: server.ServerInfo, driver: Any) -> tuple[Neo4jGraph, FalkorGraph]:
    projection = small_projection()
    # FalkorDB's Bolt endpoint speaks FalkorDB's DDL and serves the graph named "falkordb";
    # it crashes on parameters over ~4 KB, so one row per statement.
    bolt_graph = Neo4jGraph(driver, database=None, dialect=FALKORDB, batch=1)
    bolt_graph.replace(projection)
    native = FalkorGraph(server.connect(bolt_server), name="falkordb")
    return bolt_graph, native


def test_projection_written_over_bolt_is_complete(both: tuple[Neo4jGraph, FalkorGraph]) -> None:
    bolt_graph, native = both
    projection = small_projection()
    assert bolt_graph.counts() == (len(projection.nodes), projection.edge_count)
    assert native.counts() == bolt_graph.counts()


def test_reload_over_bolt_leaves_no_stale_node(both: tuple[Neo4jGraph, FalkorGraph]) -> None:
    bolt_graph, _ = both
    projection = small_projection()
    stale = projection_of(Graph())
    stale.node("https://w3id.org/metrokg/id/area/stale").props["label"] = "stale"
    bolt_graph.replace(stale)
    assert bolt_graph.counts() == (1, 0)
    bolt_graph.replace(projection)
    assert (
        bolt_graph.read(
            "MATCH (n {uri: 'https://w3id.org/metrokg/id/area/stale'}) RETURN n.uri AS uri"
        ).rows
        == []
    )


@pytest.mark.parametrize("name", ["areas", "area-members", "action-documents", "plans-by-end-year"])
def test_catalogue_cypher_gives_the_same_rows_over_bolt(
    name: str, both: tuple[Neo4jGraph, FalkorGraph]
) -> None:
    catalogue = load_catalogue()
    if name not in catalogue:
        pytest.fail(f"catalogue question {name} is missing")
    bolt_graph, native = both
    question = catalogue[name]
    over_bolt = run_cypher(bolt_graph, question).rows
    native_rows = run_cypher(native, question).rows
    key = lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True)  # noqa: E731
    assert sorted(map(key, over_bolt)) == sorted(map(key, native_rows))
    assert over_bolt, f"{name} answered nothing on the minimal graph"
