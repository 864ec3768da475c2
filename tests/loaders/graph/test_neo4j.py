"""The Neo4j path against a real Neo4j 5 Community server (``devtools/neo4j``, started once per
session by ``tests/conftest.py``): Neo4j's DDL, batched one-transaction loads, every catalogue
question in Cypher answering as FalkorDB and SPARQL do, the console's limits, ``neo4j://``
routing, and backup/restore through the logical dump.

Tests that change the graph put the shipped projection back (``restored`` below).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pyoxigraph as ox
import pytest
from rdflib import Graph

from devtools.neo4j.server import USER, Neo4jServer
from loaders.backup import backup, restore
from loaders.checks import MEMBERSHIP_PROBLEMS, UNSOURCED_KINDS
from loaders.graph.clients import FalkorGraph, GraphError, Neo4jGraph
from loaders.graph.load import projection_of
from loaders.graph.projection import Projection
from loaders.pipeline import LoadResult
from loaders.rdf.build import build_graph
from loaders.stores import Settings, open_graph
from queries.catalogue import load_catalogue
from queries.console import run_cypher_console
from queries.runner import run_cypher, run_sparql
from queries.sandbox import QueryFailed
from tests.reliability.drills import graph_fingerprint

CATALOGUE = load_catalogue()
NAMES = sorted(CATALOGUE)


def _key(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def _param_sets(name: str) -> list[dict[str, Any]]:
    question = CATALOGUE[name]
    sets: list[dict[str, Any]] = (
        [{}] if all(p.default is not None for p in question.parameters) else []
    )
    example = {p.name: p.example for p in question.parameters if p.example is not None}
    if example and len(example) == len(question.parameters):
        sets.append(example)
    return sets or [{}]


@pytest.fixture(scope="module")
def shipped_projection(shipped_load: LoadResult) -> Projection:
    return projection_of(build_graph(shipped_load.seed, with_ontology=False).graph)


@pytest.fixture()
def restored(neo4j_graph: Neo4jGraph, shipped_projection: Projection) -> Iterator[Neo4jGraph]:
    """The session's Neo4j graph; the shipped projection is put back afterwards if changed."""
    before = graph_fingerprint(neo4j_graph)
    yield neo4j_graph
    if graph_fingerprint(neo4j_graph) != before:
        neo4j_graph.replace(shipped_projection)
        assert graph_fingerprint(neo4j_graph) == before


def test_the_server_is_neo4j_5_community_on_loopback_with_auth(
    neo4j_server: Neo4jServer, neo4j_graph: Neo4jGraph
) -> None:
    rows = neo4j_graph.read(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
    ).rows
    assert rows[0]["edition"] == "community"
    assert rows[0]["versions"][0].startswith("5.26.")
    assert neo4j_server.bolt_uri.startswith("bolt://127.0.0.1:")
    wrong = (USER, "not-the-password")
    with (
        neo4j.GraphDatabase.driver(neo4j_server.bolt_uri, auth=wrong) as driver,
        pytest.raises(neo4j.exceptions.AuthError),
    ):
        driver.verify_connectivity()
    assert (neo4j_server.password_file.stat().st_mode & 0o777) == 0o600


def test_load_creates_the_unique_uri_constraint(neo4j_graph: Neo4jGraph) -> None:
    rows = neo4j_graph.read(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties"
        " RETURN name, type, labelsOrTypes, properties"
    ).rows
    assert {
        "name": "resource_uri",
        "type": "UNIQUENESS",
        "labelsOrTypes": ["Resource"],
        "properties": ["uri"],
    } in rows


def test_projection_is_complete_and_equals_falkordb(
    neo4j_graph: Neo4jGraph, shipped_graph: FalkorGraph, shipped_projection: Projection
) -> None:
    assert neo4j_graph.counts() == (len(shipped_projection.nodes), shipped_projection.edge_count)
    assert graph_fingerprint(neo4j_graph) == graph_fingerprint(shipped_graph)


@pytest.mark.parametrize("name", NAMES)
def test_catalogue_cypher_answers_as_falkordb_and_sparql(
    name: str, neo4j_graph: Neo4jGraph, shipped_graph: FalkorGraph, rdf_store: ox.Store
) -> None:
    question = CATALOGUE[name]
    for params in _param_sets(name):
        on_neo4j = run_cypher(neo4j_graph, question, params).rows
        on_falkordb = run_cypher(shipped_graph, question, params).rows
        sparql = run_sparql(rdf_store, question, params).rows
        if question.ordered:
            assert on_neo4j == on_falkordb == sparql, f"{name} {params}"
        else:
            assert sorted(map(_key, on_neo4j)) == sorted(map(_key, on_falkordb)), name
            assert sorted(map(_key, on_neo4j)) == sorted(map(_key, sparql)), name


def test_neo4j_routing_uri_gives_the_same_rows(
    neo4j_env: Neo4jServer, neo4j_graph: Neo4jGraph, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("METROKG_GRAPH_URI", neo4j_env.routing_uri)
    routed = open_graph(Settings.from_env(tmp_path))
    assert isinstance(routed, Neo4jGraph)
    try:
        question = CATALOGUE["area-members"]
        params = _param_sets("area-members")[-1]
        assert (
            run_cypher(routed, question, params).rows
            == run_cypher(neo4j_graph, question, params).rows
        )
    finally:
        routed.driver.close()


def test_a_failed_load_leaves_the_previous_graph(
    restored: Neo4jGraph, shipped_projection: Projection
) -> None:
    before = graph_fingerprint(restored)
    broken = projection_of(Graph())
    for index in range(5_000):  # several batches, then a value Neo4j refuses as a property
        broken.node(f"https://w3id.org/metrokg/id/area/x{index}").props["label"] = str(index)
    broken.node("https://w3id.org/metrokg/id/area/zz").props["label"] = {"a map": "is no property"}
    with pytest.raises(GraphError, match="rolled back"):
        restored.replace(broken)
    assert graph_fingerprint(restored) == before


def test_a_load_whose_check_fails_is_rolled_back(
    restored: Neo4jGraph, shipped_projection: Projection
) -> None:
    before = graph_fingerprint(restored)
    lying = projection_of(Graph())
    lying.node("https://w3id.org/metrokg/id/area/a").props["label"] = "a"
    lying.edges["containedInPlace"] = [("https://w3id.org/metrokg/id/area/a", "nowhere")]
    with pytest.raises(GraphError, match="projection check failed"):
        restored.replace(lying)
    assert graph_fingerprint(restored) == before


def test_console_runs_in_read_mode(neo4j_graph: Neo4jGraph) -> None:
    before = neo4j_graph.counts()
    with pytest.raises(GraphError, match=r"(?i)read"):
        neo4j_graph.read("CREATE (n:Resource {uri: 'x'}) RETURN n.uri AS uri")
    assert neo4j_graph.counts() == before


def test_console_row_cap_is_applied_in_the_query(neo4j_graph: Neo4jGraph) -> None:
    result = run_cypher_console(
        neo4j_graph, "MATCH (a), (b) RETURN a.uri AS a, b.uri AS b", row_cap=7
    )
    assert len(result.rows) == 7 and result.truncated


def test_transaction_timeout_is_enforced_by_the_server(neo4j_graph: Neo4jGraph) -> None:
    with pytest.raises(GraphError, match=r"(?i)timeout|terminated"):
        neo4j_graph.read(
            "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n",
            timeout_ms=500,
        )


def test_console_time_limit_stops_a_cartesian_product(neo4j_graph: Neo4jGraph) -> None:
    with pytest.raises(QueryFailed):
        run_cypher_console(
            neo4j_graph,
            "MATCH (a), (b), (c) WHERE a.uri < b.uri AND b.uri < c.uri RETURN count(*) AS n",
            timeout_ms=500,
        )


def test_transaction_memory_limit_is_set_on_the_server(neo4j_graph: Neo4jGraph) -> None:
    rows = neo4j_graph.read(
        "SHOW SETTINGS YIELD name, value WHERE name IN"
        " ['db.memory.transaction.max', 'db.transaction.timeout',"
        " 'server.bolt.listen_address', 'dbms.security.auth_enabled']"
        " RETURN name, value"
    ).rows
    settings = {r["name"]: r["value"] for r in rows}
    assert settings["db.memory.transaction.max"] not in ("", "0", "0B")
    assert settings["db.transaction.timeout"] not in ("", "0s", "0")
    assert settings["server.bolt.listen_address"].startswith("127.0.0.1:")
    assert settings["dbms.security.auth_enabled"] == "true"


# Rows of 16 MiB strings (24 doublings, a few milliseconds each) collected into one list: the
# list's tracked memory passes the server's per-transaction limit (devtools/neo4j: 512 MB)
# after a few dozen rows, long before the heap (2 GB) fills; a handful fits under it.
GREEDY = (
    "UNWIND range(1, $rows) AS i"
    " WITH reduce(s = toString(i), k IN range(1, 24) | s + s) AS big"
    " WITH collect(big) AS xs RETURN size(xs) AS n"
)


def test_transaction_memory_limit_stops_a_greedy_query(
    neo4j_graph: Neo4jGraph, caplog: pytest.LogCaptureFixture
) -> None:
    assert neo4j_graph.read(GREEDY, {"rows": 2}).rows == [{"n": 2}]  # under the limit: answers
    with (
        caplog.at_level(logging.INFO, logger="neo4j"),
        pytest.raises(GraphError, match=r"db\.memory\.transaction\.max"),
    ):
        neo4j_graph.read(GREEDY, {"rows": 200}, timeout_ms=60_000)
    assert not [r for r in caplog.records if "retried" in r.getMessage()]  # stopped, not retried
    assert neo4j_graph.read(GREEDY, {"rows": 2}).rows == [{"n": 2}]  # the server lives on


STALE = "https://w3id.org/metrokg/id/area/stale"


def test_reload_leaves_no_stale_node_and_restore_brings_the_backup_back(
    restored: Neo4jGraph, shipped_data_dir: Path, tmp_path: Path
) -> None:
    """One reload away from the shipped graph and one back (each a full one-transaction load;
    the restore's is the logical dump's): no node of either graph survives the other."""
    before = graph_fingerprint(restored)
    manifest = backup(shipped_data_dir, tmp_path / "backup", restored)
    assert (manifest.graph_nodes, manifest.graph_edges) == restored.counts()
    stale = projection_of(Graph())
    stale.node(STALE).props["label"] = "stale"
    restored.replace(stale)
    # the stale node, and the checks every projection carries (an empty graph's: nothing found)
    assert restored.counts() == (1 + len(UNSOURCED_KINDS) + len(MEMBERSHIP_PROBLEMS), 0)
    restore(tmp_path / "data", tmp_path / "backup", restored)
    assert restored.read("MATCH (n {uri: $uri}) RETURN n.uri AS uri", {"uri": STALE}).rows == []
    assert graph_fingerprint(restored) == before
