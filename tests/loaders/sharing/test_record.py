"""The dataset record (DCAT 3, schema.org, VoID): built at load, valid, counted, stamped."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from loaders.export import graph_from_store, stamp_generation
from loaders.graph.clients import FalkorGraph
from loaders.pipeline import DEFAULT_SEED
from loaders.rdf.build import new_graph
from loaders.rdfstore import current_generation, open_read_only
from loaders.sharing.record import (
    DATASET,
    PUBLISHER,
    is_record_subject,
    read_metadata,
    seed_hash,
)
from loaders.sharing.validate import record_problems
from ontology.namespaces import DCAT, DCTERMS, MKG, PROV, RDF, SDO, VOID
from queries.catalogue import load_catalogue
from queries.runner import run_cypher, run_sparql

D = URIRef(DATASET)


@pytest.fixture(scope="module")
def whole(shipped_data_dir: Path) -> Graph:
    return graph_from_store(open_read_only(shipped_data_dir))


def record_of(graph: Graph) -> Graph:
    out = new_graph()
    for triple in graph:
        if is_record_subject(str(triple[0])):
            out.add(triple)
    return out


def test_the_loaded_graph_carries_a_valid_record(whole: Graph) -> None:
    assert (D, RDF.type, DCAT.Dataset) in whole
    assert (D, RDF.type, SDO.Dataset) in whole
    assert record_problems(record_of(whole)) == []
    titles = {t.language for t in whole.objects(D, DCTERMS.title) if isinstance(t, Literal)}
    assert titles == {"zh", "en"}
    assert (D, DCTERMS.license, URIRef(read_metadata().license)) in whole
    assert (D, PROV.wasDerivedFrom, URIRef("https://w3id.org/metrokg/id/source/report")) in whole
    assert (D, DCTERMS.publisher, URIRef(PUBLISHER)) in whole
    assert len(set(whole.objects(D, DCAT.distribution))) == 5


def test_what_it_builds_on_has_its_licence(whole: Graph) -> None:
    bases = set(whole.objects(D, PROV.wasDerivedFrom)) - {
        URIRef("https://w3id.org/metrokg/id/source/report")
    }
    assert bases, "the gazetteer is named"
    for basis in bases:
        assert whole.value(basis, DCTERMS.license) is not None


def test_version_is_the_seed_hash(whole: Graph) -> None:
    version = str(whole.value(D, DCAT.version))
    assert version == f"seed-{seed_hash(DEFAULT_SEED)[:12]}"


def test_void_counts_match_the_store(whole: Graph, rdf_store: ox.Store) -> None:
    partitions = {
        whole.value(p, VOID["class"]): int(whole.value(p, VOID.entities))  # type: ignore[arg-type]
        for p in whole.objects(D, VOID.classPartition)
    }
    for cls in (MKG.MetropolitanArea, MKG.DevelopmentPlan, MKG.ScopeMembership):
        stored = len(set(whole.subjects(RDF.type, cls)))
        assert partitions[cls] == stored > 0
    triples = int(whole.value(D, VOID.triples))  # type: ignore[arg-type]
    ontology = sum(1 for s, _, _ in whole if str(s).startswith("https://w3id.org/metrokg/def"))
    assert triples == len(whole) - ontology - len(record_of(whole))
    members = [p for p in whole.objects(D, VOID.propertyPartition)
               if whole.value(p, VOID.property) == MKG.member]
    assert int(whole.value(members[0], VOID.triples)) == len(  # type: ignore[arg-type]
        list(whole.triples((None, MKG.member, None)))
    )


@pytest.mark.parametrize(
    "predicate",
    [DCTERMS.license, DCTERMS.title, DCAT.version, DCAT.distribution, DCTERMS.issued,
     PROV.wasDerivedFrom, VOID.triples],
)
def test_a_record_lacking_a_promised_field_fails_the_shapes(
    whole: Graph, predicate: URIRef
) -> None:
    record = record_of(whole)
    record.remove((D, predicate, None))
    problems = record_problems(record)
    assert any(DATASET in p for p in problems), problems


def test_an_untagged_title_fails_the_shapes(whole: Graph) -> None:
    record = record_of(whole)
    record.remove((D, DCTERMS.title, None))
    record.add((D, DCTERMS.title, Literal("metrokg")))
    record.add((D, DCTERMS.title, Literal("metrokg 中国都市圈知识图谱", lang="zh")))
    assert record_problems(record)


def test_an_export_is_stamped_with_its_generation(whole: Graph, shipped_data_dir: Path) -> None:
    generation = current_generation(shipped_data_dir)
    assert generation
    stamped = stamp_generation(record_of(whole), generation)
    version = str(stamped.value(D, DCAT.version))
    assert version.startswith(f"{generation}+seed-")
    assert str(stamped.value(D, SDO.version)) == version
    assert record_problems(stamped) == []


def test_neighbourhoods_do_not_expand_through_the_record(
    rdf_store: ox.Store, shipped_graph: FalkorGraph
) -> None:
    question = load_catalogue()["neighbourhood"]
    given = {"node": "https://w3id.org/metrokg/id/source/report", "depth": 2}
    sparql = run_sparql(rdf_store, question, given).rows
    cypher = run_cypher(shipped_graph, question, given).rows
    key = lambda r: (r["source"], r["relation"], r["target"])  # noqa: E731
    assert sorted(map(key, sparql)) == sorted(map(key, cypher))
    assert any(r["source"] == DATASET for r in sparql), "the record's own edge to the report"
    assert not any(f"{DATASET}/" in r["source"] for r in sparql), "its parts stay out"


def test_the_property_graph_holds_the_record(shipped_graph: FalkorGraph) -> None:
    rows = shipped_graph.read(
        "MATCH (d:Resource {uri: $uri})-[:DISTRIBUTION]->(x) RETURN d.version AS v, count(x) AS n",
        {"uri": DATASET},
    ).rows
    assert rows and rows[0]["n"] == 5 and str(rows[0]["v"]).startswith("seed-")
