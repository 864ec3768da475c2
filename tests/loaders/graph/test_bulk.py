"""FalkorDB staging with ``GRAPH.BULK`` (``loaders/graph/bulk.py``) writes the same graph as the
Cypher batches it replaced (:meth:`FalkorGraph.stage_by_queries`): the same nodes with the same
ids, labels and properties (in the same order), the same edges, the same index."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loaders.graph import server
from loaders.graph.bulk import NotBulkable, commands
from loaders.graph.clients import FalkorGraph, GraphError
from loaders.graph.load import projection_of
from loaders.graph.projection import Projection
from loaders.pipeline import LoadResult
from loaders.rdf.build import build_graph

ID = "https://w3id.org/metrokg/id/"


@pytest.fixture(scope="module")
def shipped_projection(shipped_load: LoadResult) -> Projection:
    return projection_of(build_graph(shipped_load.seed, with_ontology=False).graph)


@pytest.fixture()
def db(falkordb_info: server.ServerInfo) -> Iterator[Any]:
    """The session's server; the graphs a test makes are dropped afterwards."""
    connection = server.connect(falkordb_info)
    before = set(connection.list_graphs())
    yield connection
    for name in set(connection.list_graphs()) - before:
        connection.select_graph(name).delete()


def dump(db: Any, name: str) -> tuple[list[Any], list[Any], list[Any]]:
    """Every node (id, labels, properties in stored order), every edge (ids and type) and the
    indexes of graph ``name``."""
    graph = db.select_graph(name)
    nodes = graph.ro_query(
        "MATCH (n) RETURN id(n), labels(n), [k IN keys(n) | [k, n[k]]] ORDER BY id(n)"
    ).result_set
    edges = graph.ro_query(
        "MATCH (a)-[r]->(b) RETURN id(a), type(r), id(b), properties(r) "
        "ORDER BY id(a), type(r), id(b)"
    ).result_set
    indexes = [row[:3] for row in graph.ro_query("CALL db.indexes()").result_set]
    return nodes, edges, indexes


def staged_both_ways(db: Any, projection: Projection, bulk_bytes: int | None = None) -> tuple[
    tuple[list[Any], list[Any], list[Any]], tuple[list[Any], list[Any], list[Any]]
]:
    bulk, queries = FalkorGraph(db, "bulk_test"), FalkorGraph(db, "cypher_test")
    if bulk_bytes is not None:
        bulk.bulk_bytes = bulk_bytes
    bulk.stage(projection)
    queries.stage_by_queries(projection)
    return dump(db, bulk.staging_name), dump(db, queries.staging_name)


def test_the_shipped_projection_is_staged_as_by_cypher(
    db: Any, shipped_projection: Projection
) -> None:
    by_bulk, by_cypher = staged_both_ways(db, shipped_projection)
    assert len(by_bulk[0]) == len(shipped_projection.nodes) > 1_000
    assert len(by_bulk[1]) == shipped_projection.edge_count > 1_000
    assert by_bulk[2] and "uri" in str(by_bulk[2])
    assert by_bulk == by_cypher


def kinds() -> Projection:
    """Every kind of value the projection makes, label sets of one to four labels, nodes with
    no property, with properties in different orders, and edges of several types."""
    p = Projection()
    area = p.node(ID + "area/nanjing")
    area.labels = ("Area", "MetropolitanArea", "Resource", "Thing")
    area.props.update(
        {
            "label": "南京都市圈",
            "labelEn": "Nanjing metropolitan area",
            "approvedYear": 2021,
            "population": -12,
            "big": 2**62,
            "share": 0.125,
            "lat": 32.06,
            "official": True,
            "altLabel": ["宁镇扬", "南京圈"],
            "years": [2019, 2021],
            "note": "it's \"quoted\" \\ and\nnew line 🚇",
        }
    )
    other = p.node(ID + "area/hangzhou")
    other.labels = area.labels
    other.props.update({"labelEn": "Hangzhou", "label": "杭州都市圈", "official": False})
    third = p.node(ID + "area/hefei")
    third.labels = area.labels
    third.props.update({"labelEn": "Hefei", "label": "合肥都市圈", "official": False})
    bare = p.node(ID + "unit/bare")
    unit = p.node(ID + "unit/320100")
    unit.labels = ("AdministrativeUnit", "Resource")
    unit.props.update({"level": "https://w3id.org/metrokg/def/level/prefecture", "lat": 0.0})
    p.edges["MEMBER"] = [(area.uri, unit.uri), (area.uri, bare.uri), (other.uri, unit.uri)]
    p.edges["CONTAINED_IN_PLACE"] = [(unit.uri, area.uri), (unit.uri, area.uri)]
    p.edges["EMPTY"] = []
    return p


def test_every_kind_of_value_is_staged_as_by_cypher(db: Any) -> None:
    projection = kinds()
    by_bulk, by_cypher = staged_both_ways(db, projection)
    assert by_bulk == by_cypher
    node = db.select_graph("bulk_test__staging").ro_query(
        "MATCH (n:MetropolitanArea {uri: $uri}) RETURN labels(n), properties(n)",
        {"uri": ID + "area/nanjing"},
    ).result_set[0]
    assert sorted(node[0]) == ["Area", "MetropolitanArea", "Resource", "Thing"]
    uri = ID + "area/nanjing"
    assert dict(node[1]) == {**projection.nodes[uri].props, "uri": uri}


def test_a_load_split_into_many_commands_is_the_same(
    db: Any, shipped_projection: Projection
) -> None:
    assert len(commands(shipped_projection, 64 * 1024)) > 10
    assert len(commands(kinds(), 1)) == 3 + 1 + 1 + 2  # one entity per command
    by_bulk, by_cypher = staged_both_ways(db, kinds(), bulk_bytes=1)
    assert by_bulk == by_cypher
    by_bulk, by_cypher = staged_both_ways(db, shipped_projection, bulk_bytes=64 * 1024)
    assert by_bulk == by_cypher


def test_what_the_format_cannot_carry_is_written_with_cypher(db: Any) -> None:
    projection = kinds()
    projection.nodes[ID + "unit/bare"].props["huge"] = 2**70
    with pytest.raises(NotBulkable):
        commands(projection)
    by_bulk, by_cypher = staged_both_ways(db, projection)
    assert by_bulk == by_cypher
    nul = kinds()
    nul.nodes[ID + "unit/bare"].props["label"] = "a\x00b"
    with pytest.raises(NotBulkable):
        commands(nul)


def test_an_empty_projection_stages_an_empty_graph(db: Any) -> None:
    by_bulk, by_cypher = staged_both_ways(db, Projection())
    assert by_bulk == by_cypher
    assert by_bulk[:2] == ([], [])


def test_a_dangling_edge_fails_the_check_and_the_live_graph_stays(db: Any) -> None:
    graph = FalkorGraph(db, "dangling_test")
    graph.replace(kinds())
    before = dump(db, graph.name)
    lying = kinds()
    lying.edges["MEMBER"].append((ID + "unit/bare", "nowhere"))
    with pytest.raises(GraphError, match=r"projection check failed.*nowhere"):
        graph.replace(lying)
    assert dump(db, graph.name) == before
    assert graph.staging_name not in db.list_graphs()


def test_a_left_over_staging_graph_is_replaced(db: Any) -> None:
    graph = FalkorGraph(db, "leftover_test")
    db.select_graph(graph.staging_name).query("CREATE (:Stale {uri: 'x'})")
    graph.stage(kinds())
    assert graph.counts_of(graph.staging_name) == (len(kinds().nodes), kinds().edge_count)
    assert not db.select_graph(graph.staging_name).ro_query("MATCH (n:Stale) RETURN n").result_set


@pytest.fixture()
def own_server(tmp_path: Path) -> Iterator[server.ServerConfig]:
    """A server of the test's own (it is killed or followed by a replica); stopped after."""
    config = server.ServerConfig(data_dir=tmp_path / "data")
    yield config
    server.stop(config)


def test_a_bulk_staged_graph_survives_kill_9(
    own_server: server.ServerConfig, shipped_projection: Projection
) -> None:
    info = server.start(own_server)
    graph = FalkorGraph(server.connect(info), "metrokg")
    graph.bulk_bytes = 64 * 1024  # several commands, all in the append-only file
    graph.stage(shipped_projection)
    before = dump(graph.db, graph.staging_name)
    os.kill(info.pid, signal.SIGKILL)
    deadline = time.monotonic() + 15
    while server.status(own_server) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    again = server.start(own_server)
    assert again.pid != info.pid
    assert dump(server.connect(again), graph.staging_name) == before


def test_the_console_replica_follows_a_bulk_load(
    own_server: server.ServerConfig, shipped_projection: Projection
) -> None:
    info = server.start(own_server)
    replica = server.start(server.ServerConfig.for_console(own_server.data_dir))
    graph = FalkorGraph(server.connect(info), "metrokg")
    graph.bulk_bytes = 64 * 1024
    graph.replace(shipped_projection)
    expected = dump(graph.db, "metrokg")
    follower = server.connect(replica)
    deadline = time.monotonic() + 30
    while "metrokg" not in follower.list_graphs() or dump(follower, "metrokg") != expected:
        assert time.monotonic() < deadline, "the replica did not follow the load"
        time.sleep(0.1)
    assert len(expected[0]) == len(shipped_projection.nodes)
