"""The checks every store write records (``loaders/checks.py``) and the questions that read them,
``unsourced-fact-violation`` and ``membership-unit-violation``: records planted without a source
and memberships planted without a member, without a coverage or with a member of another kind
are reported, identically in SPARQL and in Cypher, after each way the stores are written (the
load pipeline, a whole-graph replace as import and the tests use), and by stores written without
the checks (an older version's), where the questions check every record themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from loaders.checks import (
    CHECKS_GRAPH,
    MEMBERSHIP_PROBLEMS,
    UNSOURCED_KINDS,
    add_projection_checks,
    check_iri,
    data_triple_count,
)
from loaders.graph import server
from loaders.graph.clients import FalkorGraph
from loaders.graph.load import projection_of_triples
from loaders.pipeline import LoadResult, load_triples
from loaders.rdf.build import ontology_triples
from loaders.rdf.kinds import Triple
from loaders.rdf.terms import Lit, to_rdflib
from loaders.rdfstore import current_store_path, load_lock, open_read_only, quads_of, replace_graph
from ontology.namespaces import MKG, PROV, RDF, RDFS
from queries.catalogue import Question, load_catalogue
from queries.runner import run_cypher, run_sparql

CATALOGUE = load_catalogue()
QUESTION = CATALOGUE["unsourced-fact-violation"]
MEMBERSHIPS = CATALOGUE["membership-unit-violation"]
NEITHER = "member is neither an administrative unit nor a special zone"
DERIVED = str(PROV.wasDerivedFrom)
TYPE = str(RDF.type)
# a record of each of these classes loses its sources; the kind the question names for it
PLANTED = {
    str(MKG.MetropolitanArea): "MetropolitanArea",
    str(MKG.DevelopmentPlan): "Plan",  # a subclass counts for its kind
    str(MKG.ScopeMembership): "ScopeMembership",
    str(MKG.Observation): "Observation",
}
NEW_RECORD = "https://w3id.org/metrokg/id/action/planted-without-source"


def _key(row: dict[str, Any]) -> tuple[str, str, str]:
    return (str(row["node"]), str(row["kind"]), str(row["label"]))


@pytest.fixture(scope="module")
def planted(shipped_load: LoadResult) -> tuple[list[Triple], set[tuple[str, str, str]]]:
    """The shipped records with four of them stripped of their sources and one new action
    document without any; the rows the question must give for them."""
    data = list(shipped_load.built.data)
    chosen: dict[str, str] = {}
    for s, p, o in data:
        if p == TYPE and o in PLANTED and PLANTED[str(o)] not in chosen.values():
            chosen[s] = PLANTED[str(o)]
    assert len(chosen) == len(PLANTED)
    data = [t for t in data if not (t[0] in chosen and t[1] == DERIVED)]
    data += [
        (NEW_RECORD, TYPE, str(MKG.ActionPlan)),
        (NEW_RECORD, str(RDFS.label), Lit("未注明出处的行动计划", lang="zh")),
    ]
    chosen[NEW_RECORD] = "ActionDocument"
    labels = {
        s: o.value
        for s, p, o in data
        if p == str(RDFS.label) and isinstance(o, Lit) and o.lang in ("zh", None)
    }
    return data, {(iri, kind, str(labels.get(iri))) for iri, kind in chosen.items()}


MEMBER, COVERAGE, AREA = str(MKG.member), str(MKG.coverage), str(MKG.area)


@pytest.fixture(scope="module")
def planted_memberships(
    planted: tuple[list[Triple], set[Any]],
) -> tuple[list[Triple], set[tuple[str, ...]]]:
    """The planted records, and three memberships more: one loses its member, one its
    coverage, one's member becomes an area (neither a unit nor a zone); the rows the question
    must give for them."""
    data, _ = planted
    memberships = sorted({s for s, p, o in data if p == TYPE and o == str(MKG.ScopeMembership)})
    no_member, no_coverage, wrong_kind = memberships[10], memberships[20], memberships[30]
    an_area = next(s for s, p, o in data if p == TYPE and o == str(MKG.MetropolitanArea))
    member_of = {s: o for s, p, o in data if p == MEMBER}
    data = [
        t
        for t in data
        if not (t[0] == no_member and t[1] == MEMBER)
        and not (t[0] == no_coverage and t[1] == COVERAGE)
        and not (t[0] == wrong_kind and t[1] == MEMBER)
    ]
    data.append((wrong_kind, MEMBER, an_area))
    area_of = {s: o for s, p, o in data if p == AREA}
    labels = {
        s: o.value
        for s, p, o in data
        if p == str(RDFS.label) and isinstance(o, Lit) and o.lang in ("zh", None)
    }

    def row(m: str, member: str | None, problem: str) -> tuple[str, ...]:
        return (m, str(labels.get(str(area_of.get(m)))), str(member), problem)

    expected = {
        row(no_member, None, "no member"),
        row(no_coverage, str(member_of[no_coverage]), "no coverage"),
        row(wrong_kind, an_area, NEITHER),
    }
    return data, expected


def _membership_key(row: dict[str, Any]) -> tuple[str, ...]:
    return (str(row["membership"]), str(row["area"]), str(row["member"]), str(row["problem"]))


@pytest.fixture()
def planted_graph(falkordb_info: server.ServerInfo) -> Iterator[FalkorGraph]:
    """A graph of its own on the session's FalkorDB server, dropped afterwards."""
    graph = FalkorGraph(server.connect(falkordb_info), name="planted_unsourced")
    try:
        yield graph
    finally:
        if graph.name in graph.db.list_graphs():
            graph.db.select_graph(graph.name).delete()


def _answers(
    data_dir: Path, graph: FalkorGraph, question: Question = QUESTION
) -> tuple[set[Any], set[Any]]:
    key = _key if question is QUESTION else _membership_key
    store = open_read_only(data_dir)
    try:
        sparql = {key(r) for r in run_sparql(store, question).rows}
    finally:
        del store
    return sparql, {key(r) for r in run_cypher(graph, question).rows}


def _check_counts(data_dir: Path, graph: FalkorGraph) -> tuple[int, int]:
    """How many checks each store holds (0: written without them)."""
    store = open_read_only(data_dir)
    try:
        rdf = len(
            list(
                store.quads_for_pattern(
                    None, ox.NamedNode(TYPE), ox.NamedNode(str(MKG.ProvenanceCheck)),
                    ox.NamedNode(CHECKS_GRAPH),
                )
            )
        )  # fmt: skip
    finally:
        del store
    rows = graph.read("MATCH (c:ProvenanceCheck) RETURN count(c) AS n").rows
    return rdf, int(rows[0]["n"])


def _drop_checks(data_dir: Path, graph: FalkorGraph, graph_triples: list[Triple]) -> None:
    """Make both stores look written by an older version: no checks in either."""
    store = ox.Store(str(current_store_path(data_dir)))
    store.clear_graph(ox.NamedNode(CHECKS_GRAPH))
    store.flush()
    del store
    projection = projection_of_triples(graph_triples)
    checks = {
        u
        for u, n in projection.nodes.items()
        if {"ProvenanceCheck", "MembershipCheck"} & set(n.labels)
    }
    for uri in checks:
        del projection.nodes[uri]
    projection.edges.pop("UNSOURCED_INSTANCE")
    projection.edges.pop("FLAGGED_MEMBERSHIP")
    graph.replace(projection)


def test_the_load_pipeline_records_and_reports_planted_records(
    planted: tuple[list[Triple], set[Any]],
    planted_memberships: tuple[list[Triple], set[Any]],
    planted_graph: FalkorGraph,
    tmp_path: Path,
) -> None:
    _, expected = planted
    data, expected_memberships = planted_memberships
    load_triples(data, tmp_path, graph=planted_graph)
    assert _check_counts(tmp_path, planted_graph) == (len(UNSOURCED_KINDS),) * 2
    sparql, cypher = _answers(tmp_path, planted_graph)
    assert sparql == cypher == expected
    sparql, cypher = _answers(tmp_path, planted_graph, MEMBERSHIPS)
    assert sparql == cypher == expected_memberships
    # without the checks (a store of an older version) the questions check in full
    graph_triples = list(dict.fromkeys([*ontology_triples(with_ontology=False), *data]))
    _drop_checks(tmp_path, planted_graph, graph_triples)
    assert _check_counts(tmp_path, planted_graph) == (0, 0)
    assert _answers(tmp_path, planted_graph) == (expected, expected)
    assert _answers(tmp_path, planted_graph, MEMBERSHIPS) == (expected_memberships,) * 2


def test_a_whole_graph_replace_records_and_reports_planted_records(
    planted: tuple[list[Triple], set[Any]],
    planted_memberships: tuple[list[Triple], set[Any]],
    planted_graph: FalkorGraph,
    tmp_path: Path,
) -> None:
    """The path of `metrokg import` and of the tests' fixtures: an rdflib graph written with
    replace_graph, its projection with load_graph."""
    from loaders.graph.load import load_graph

    _, expected = planted
    data, expected_memberships = planted_memberships

    def graph_of(triples: list[Triple]) -> Graph:
        graph = Graph()
        for s, p, o in triples:
            graph.add((URIRef(s), URIRef(p), to_rdflib(o)))
        return graph

    store_graph = graph_of([*ontology_triples(with_ontology=True), *data])
    with load_lock(tmp_path):
        replace_graph(tmp_path, quads_of(store_graph), len(store_graph))
    load_graph(planted_graph, graph_of([*ontology_triples(with_ontology=False), *data]))
    assert _check_counts(tmp_path, planted_graph) == (len(UNSOURCED_KINDS),) * 2
    sparql, cypher = _answers(tmp_path, planted_graph)
    assert sparql == cypher == expected
    sparql, cypher = _answers(tmp_path, planted_graph, MEMBERSHIPS)
    assert sparql == cypher == expected_memberships
    store = open_read_only(tmp_path)
    assert data_triple_count(store) == len(store_graph)  # the checks are not counted as data
    del store


def test_the_shipped_data_has_checks_and_no_unsourced_record(
    shipped_data_dir: Path, rdf_store: ox.Store, shipped_graph: FalkorGraph
) -> None:
    for kind in UNSOURCED_KINDS:
        check = ox.NamedNode(check_iri(kind))
        assert (
            ox.Quad(
                check,
                ox.NamedNode(str(MKG.checkedKind)),
                ox.Literal(kind),
                ox.NamedNode(CHECKS_GRAPH),
            )
            in rdf_store
        )
    rows = shipped_graph.read(
        "MATCH (c:ProvenanceCheck) OPTIONAL MATCH (c)-[u:UNSOURCED_INSTANCE]->()"
        " RETURN c.checkedKind AS kind, count(u) AS n"
    ).rows
    assert {r["kind"]: r["n"] for r in rows} == dict.fromkeys(UNSOURCED_KINDS, 0)
    assert run_sparql(rdf_store, QUESTION).rows == run_cypher(shipped_graph, QUESTION).rows == []
    rows = shipped_graph.read(
        "MATCH (c:MembershipCheck) OPTIONAL MATCH (c)-[f:FLAGGED_MEMBERSHIP]->()"
        " RETURN c.checkedProblem AS problem, count(f) AS n"
    ).rows
    assert {r["problem"]: r["n"] for r in rows} == {w: 0 for _, w in MEMBERSHIP_PROBLEMS}


def test_checks_already_in_a_projection_are_computed_again(
    planted: tuple[list[Triple], set[Any]],
) -> None:
    """A projection that holds checks (a document carrying them) gets the ones computed
    from its own nodes: nothing stale survives."""
    from loaders.graph.load import _ontology

    data, expected = planted
    projection = projection_of_triples(list(dict.fromkeys(data)))
    bogus = "https://w3id.org/metrokg/id/area/not-unsourced"
    projection.node(bogus)
    projection.edges["UNSOURCED_INSTANCE"].append((check_iri("Plan"), bogus))
    add_projection_checks(projection, _ontology()[1])
    found = {(o, projection.nodes[s].props["checkedKind"])
             for s, o in projection.edges["UNSOURCED_INSTANCE"]}  # fmt: skip
    assert found == {(iri, kind) for iri, kind, _ in expected}


def test_the_question_and_the_checks_name_the_same_kinds() -> None:
    """The full comparison (stores without checks) and the checks cover the same kinds."""
    sparql = QUESTION.text["sparql"]
    values = re.search(r"VALUES \?kind_class \{([^}]*)\}", sparql)
    assert values is not None
    assert values.group(1).split() == [f"mkg:{k}" for k in UNSOURCED_KINDS]
    assert re.findall(r"MATCH \(x:(\w+)\)", QUESTION.text["cypher"]) == list(UNSOURCED_KINDS)
