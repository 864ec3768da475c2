"""The consoles' completion (app/explorer/completion.py): prefixes, the ontology's terms, the
property graph's labels and relationship types."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from app.explorer import completion
from app.explorer.completion import (
    COMPLETION_PREFIXES,
    cypher_terms,
    data_classes,
    prefix_line,
    sparql_terms,
    suggestions,
    undeclared_prefixes,
)
from loaders.graph.load import projection_of
from loaders.rdf.build import build_graph, ontology_graph
from loaders.seed import SeedData
from ontology.namespaces import BASE_DEF, MKG_CLASSES, MKG_PROPERTIES, OWL, RDF

CONTEXT = Path(__file__).resolve().parents[2] / "ontology" / "context.jsonld"


def _ontology_terms(kinds: tuple[URIRef, ...]) -> set[str]:
    graph = ontology_graph()
    return {
        "mkg:" + str(s)[len(BASE_DEF) :]
        for kind in kinds
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(BASE_DEF)
    }


def test_every_class_and_property_of_the_ontology_is_offered_with_labels() -> None:
    terms = {t.text: t for t in sparql_terms()}
    classes = _ontology_terms((OWL.Class,))
    properties = _ontology_terms((OWL.ObjectProperty, OWL.DatatypeProperty))
    assert classes >= {f"mkg:{c}" for c in MKG_CLASSES}
    assert properties >= {f"mkg:{p}" for p in MKG_PROPERTIES}
    for name in classes | properties:
        term = terms[name]
        assert term.kind == ("class" if name in classes else "property")
        assert term.zh and term.en, f"{name} lacks a zh or en label"
        assert term.zh != term.en


@pytest.mark.parametrize("name", sorted(COMPLETION_PREFIXES))
def test_a_prefix_line_is_sparql_that_parses(name: str) -> None:
    line = prefix_line(name)
    result = ox.Store().query(f"{line}\nSELECT * WHERE {{ ?s a {name}:x }}")
    assert isinstance(result, ox.QuerySolutions)
    context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    assert context.get(name) == COMPLETION_PREFIXES[name], "the JSON-LD context names it alike"


def test_typing_a_prefix_offers_the_whole_line() -> None:
    offers = suggestions("PREFIX mk", "sparql")
    assert offers[0].shown == "PREFIX mkg: <https://w3id.org/metrokg/def#>"
    assert all(o.shown.startswith("PREFIX mk") for o in offers)
    assert offers[0].text == "PREFIX mkg: <https://w3id.org/metrokg/def#>\n"


def test_a_term_is_completed_with_its_label() -> None:
    text = "PREFIX mkg: <https://w3id.org/metrokg/def#>\nSELECT ?a WHERE { ?a a mkg:Metro"
    zh = suggestions(text, "sparql", "zh")
    assert zh[0].shown == "mkg:MetropolitanArea · 都市圈"
    assert zh[0].text.endswith("?a a mkg:MetropolitanArea")
    assert suggestions(text, "sparql", "en")[0].shown == "mkg:MetropolitanArea · metropolitan area"
    by_label = suggestions(text.replace("Metro", "都市"), "sparql")
    assert "mkg:MetropolitanArea · 都市圈" in [o.shown for o in by_label]
    names = [o.shown.split(" · ")[0] for o in suggestions(text.replace("Metro", "plan"), "sparql")]
    assert names[:2] == ["mkg:planFor", "mkg:planKind"], "names before labels"


def test_an_undeclared_prefix_is_offered_and_then_the_query_runs(rdf_store: ox.Store) -> None:
    text = "SELECT ?a WHERE { ?a a mkg:MetropolitanArea }"
    offers = suggestions(text, "sparql")
    assert [o.shown for o in offers] == ["PREFIX mkg: <https://w3id.org/metrokg/def#>"]
    result = rdf_store.query(offers[0].text)
    assert isinstance(result, ox.QuerySolutions)
    assert len(list(result)) == 15


def test_names_in_iris_strings_and_comments_are_not_prefixes() -> None:
    text = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        'SELECT * WHERE { ?a skos:prefLabel "dct:x" ; <http://schema.org/a:b> ?b } # rdfs:y\n'
    )
    assert undeclared_prefixes(text) == []
    assert undeclared_prefixes(text + "?a dct:title ?t . ?a unknown:x ?y") == ["dct"]


def test_cypher_offers_labels_and_relationship_types_by_place() -> None:
    labels = suggestions("MATCH (a:Metro", "cypher", "zh")
    assert labels[0].shown == "MetropolitanArea · 都市圈"
    assert labels[0].text == "MATCH (a:MetropolitanArea"
    relations = suggestions("MATCH (a:MetropolitanArea)-[r:PLAN", "cypher", "en")
    assert relations[0].text.endswith("[r:PLAN_FOR")
    assert all("_" in o.text.rsplit(":", 1)[1] or o.text.endswith("]") for o in relations)
    assert not suggestions("MATCH (a) RETURN a", "cypher")
    assert not suggestions("MATCH (a:MetropolitanArea", "cypher"), "a complete term: nothing"


def test_cypher_terms_are_the_graphs_labels_and_relationship_types(
    shipped_seed: SeedData, rdf_store: ox.Store
) -> None:
    projection = projection_of(build_graph(shipped_seed, with_ontology=False).graph)
    terms = {t.text: t for t in cypher_terms(data_classes(rdf_store))}
    used_labels = {label for node in projection.nodes.values() for label in node.labels}
    assert used_labels <= {n for n, t in terms.items() if t.kind == "label"}
    assert set(projection.edges) <= {n for n, t in terms.items() if t.kind == "relationship"}
    assert terms["MetropolitanArea"].zh == "都市圈" and terms["PLAN_FOR"].zh
    offers = suggestions("MATCH (d:Data", "cypher", store=rdf_store)
    assert "MATCH (d:Dataset" in [o.text for o in offers]


def test_a_long_text_is_completed_at_its_end_with_its_whole_head() -> None:
    """Only the end of the text is searched (completion.TAIL): what comes before is kept as
    it is, however long (the hostile corpus pastes 20 KB literals)."""
    head = "# " + "x" * 20_000 + "\nSELECT ?a WHERE { ?a a "
    offered = completion.suggestions(head + "mkg:Metro", "sparql", "zh")
    chosen = next(s for s in offered if s.shown.startswith("mkg:MetropolitanArea"))
    assert chosen.text.endswith(head + "mkg:MetropolitanArea")
    cypher_head = "// " + "y" * 20_000 + "\nMATCH (a:"
    offered = completion.suggestions(cypher_head + "Metro", "cypher", "zh")
    assert any(s.text == cypher_head + "MetropolitanArea" for s in offered)
    assert completion.suggestions("RETURN '" + "x" * 20_000, "cypher", "zh") == []
