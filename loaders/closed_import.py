"""The import takes only what the ontology defines.

Checked on the graph a JSON-LD import reads, before the SHACL shapes, each refusal located at
the node (file, line of the node, subject) and naming the key (predicate):

- every node has a type, and every type is a class the ontology defines or names
  (``mkg:…`` classes, ``skos:Concept``, ``org:Organization``, …): no untyped node, no node of a
  foreign type;
- every subject is an IRI in the project's namespace (``https://w3id.org/metrokg/``);
- every predicate is a property the ontology, its vocabularies or its shapes name (or one of
  the few standard terms the mappers write, :data:`MAPPER_TERMS`); every IRI object is in the
  project's namespace or named by them.

The dataset record (nodes under ``…/id/dataset/`` and its publisher ``…/id/publisher/``,
:mod:`loaders.sharing.record`) describes the data in the standard vocabularies a portal reads:
its nodes may use the terms of
:data:`RECORD_VOCABULARIES` (and its partitions may be untyped); it is checked against the DCAT
shapes by the tests of the record.
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL
from rdflib.term import Node

from loaders.errors import InputProblem, Location
from ontology.namespaces import BASE_ID, DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SDO, VOID

PROJECT = "https://w3id.org/metrokg/"
RECORD_BASES = (f"{BASE_ID}dataset/", f"{BASE_ID}publisher/")
#: The vocabularies of the dataset record (DCAT 3, VoID, Dublin Core, schema.org, PROV, FOAF).
RECORD_VOCABULARIES = tuple(str(ns) for ns in (DCAT, VOID, DCTERMS, SDO, PROV, FOAF, RDFS))

#: Standard terms the mappers write that the ontology files do not themselves mention.
MAPPER_TERMS = frozenset(
    str(term)
    for term in (DCTERMS.date, DCTERMS.isReplacedBy, DCTERMS.replaces, DCTERMS.references, SDO.url)
)

MAX_REPORTED = 50


@cache
def _named() -> tuple[frozenset[str], frozenset[str]]:
    """(every IRI the ontology, vocabularies and shapes name; the classes they define)."""
    from loaders.rdf.build import ontology_graph, shapes_graph

    ontology = ontology_graph()
    named: set[str] = set(MAPPER_TERMS)
    for graph in (ontology, shapes_graph()):
        for triple in graph:
            named.update(str(term) for term in triple if isinstance(term, URIRef))
    classes = {str(c) for c in ontology.subjects(RDF.type, OWL.Class)}
    classes.update(str(c) for c in ontology.objects(None, RDFS.subClassOf))
    classes.update(str(c) for c in ontology.objects(None, RDFS.range))
    vocabularies = ontology_graph(("vocabularies.ttl",))
    classes.update(str(c) for c in vocabularies.objects(None, RDF.type))
    return frozenset(named), frozenset(
        c for c in classes if c in named and not c.startswith(str(OWL)) and c != str(RDFS.Literal)
    )


def _known(iri: str) -> bool:
    return iri.startswith(PROJECT) or iri in _named()[0]


def closed_problems(graph: Graph, name: str, lines: dict[str, int]) -> list[InputProblem]:
    """Every node, key and IRI of ``graph`` the ontology does not define, located."""
    classes = _named()[1]
    problems: list[InputProblem] = []

    def add(subject: str, key: str | None, reason: str, value: object, hint: str = "") -> None:
        where = Location(name, lines.get(subject), subject, key)
        problems.append(InputProblem(where, reason, value, hint))

    for subject in set(graph.subjects()):
        iri = str(subject)
        types = [str(t) for t in graph.objects(subject, RDF.type)]
        if iri.startswith(RECORD_BASES):
            problems.extend(_record_problems(graph, subject, name, lines))
            continue
        if not iri.startswith(PROJECT):
            add(
                iri,
                None,
                "node outside the project's namespace (https://w3id.org/metrokg/): not imported",
                iri,
                "only nodes of metrokg's own data can be imported",
            )
            continue
        if not types:
            add(
                iri,
                "@type",
                "node without a type: every node must be of a class of the ontology",
                iri,
            )
        for kind in types:
            if kind not in classes:
                add(iri, "@type", "type not defined by the ontology", kind)
        for predicate, value in graph.predicate_objects(subject):
            key = str(predicate)
            if key not in _named()[0]:
                add(iri, key, "property not defined by the ontology", key)
            elif isinstance(value, URIRef) and predicate != RDF.type and not _known(str(value)):
                add(
                    iri,
                    key,
                    "IRI outside the project's namespace, not named by the ontology",
                    str(value),
                )
        if len(problems) >= MAX_REPORTED:
            break
    return sorted(problems, key=lambda p: (p.location.line or 0, str(p.location.record)))


def _record_problems(
    graph: Graph, subject: Node, name: str, lines: dict[str, int]
) -> list[InputProblem]:
    """A node of the dataset record: only the record's vocabularies (types and keys)."""
    iri = str(subject)
    found = []
    for predicate, value in graph.predicate_objects(subject):
        key = str(predicate)
        if predicate == RDF.type:
            if not str(value).startswith(RECORD_VOCABULARIES):
                where = Location(name, lines.get(iri), iri, "@type")
                found.append(InputProblem(where, "type not used by the dataset record", str(value)))
        elif not key.startswith(RECORD_VOCABULARIES):
            where = Location(name, lines.get(iri), iri, key)
            found.append(InputProblem(where, "property not used by the dataset record", key))
    return found
