"""Project the RDF graph into a labelled property graph (conventions after neosemantics).

- Every IRI becomes one node ``:Resource {uri}``; its labels are the local names of its classes
  and of all their superclasses (from the ontology).
- A literal-valued predicate becomes a camelCase property; ``@zh`` values keep the plain name
  and ``@en`` values get an ``En`` suffix (``label`` / ``labelEn``). Years (``xsd:gYear``) become
  integers, decimals floats, booleans booleans. A property the ontology does not declare
  functional is an array, so a second value is never silently lost.
- An IRI-valued predicate becomes a relationship type in UPPER_SNAKE case.
- The mapping is explicit: local terms map by their local name, standard terms through
  :data:`STANDARD_PREDICATES`; an unmapped predicate raises :class:`UnmappedPredicate`.
- Only instance data and the SKOS vocabularies are projected; the OWL declarations stay in RDF.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ontology.namespaces import (
    BASE_DEF,
    DCTERMS,
    ELI,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDMX_DIM,
    SDMX_MEAS,
    SDO,
    SKOS,
    WGS,
    XSD,
)

# Standard predicates: (property or relationship name, multi-valued?)
STANDARD_PREDICATES: dict[URIRef, tuple[str, bool]] = {
    RDFS.label: ("label", False),
    RDFS.comment: ("comment", False),
    SKOS.prefLabel: ("prefLabel", False),
    SKOS.altLabel: ("altLabel", True),
    SKOS.definition: ("definition", False),
    SKOS.notation: ("notation", False),
    SKOS.note: ("skosNote", True),
    SKOS.scopeNote: ("scopeNote", True),
    SKOS.inScheme: ("IN_SCHEME", True),
    SKOS.topConceptOf: ("TOP_CONCEPT_OF", True),
    SKOS.hasTopConcept: ("HAS_TOP_CONCEPT", True),
    SKOS.broader: ("BROADER", True),
    SKOS.narrower: ("NARROWER", True),
    SKOS.closeMatch: ("CLOSE_MATCH", True),
    SKOS.exactMatch: ("EXACT_MATCH", True),
    DCTERMS.title: ("title", False),
    DCTERMS.spatial: ("SPATIAL", True),
    DCTERMS.source: ("SOURCE", True),
    DCTERMS.isPartOf: ("IS_PART_OF", True),
    DCTERMS.references: ("REFERENCES", True),
    DCTERMS.isReplacedBy: ("IS_REPLACED_BY", True),
    DCTERMS.creator: ("CREATOR", True),
    DCTERMS.date: ("date", False),
    DCTERMS.description: ("description", False),
    PROV.wasDerivedFrom: ("WAS_DERIVED_FROM", True),
    SDO.containedInPlace: ("CONTAINED_IN_PLACE", True),
    SDO.url: ("url", False),
    WGS.lat: ("lat", False),
    WGS.long: ("long", False),
    ELI.is_part_of: ("IS_PART_OF", True),
    ORG.subOrganizationOf: ("SUB_ORGANIZATION_OF", True),
    ORG.unitOf: ("UNIT_OF", True),
    SDMX_DIM.refArea: ("REF_AREA", True),
    SDMX_MEAS.obsValue: ("obsValue", False),
}
SKIPPED_PREDICATES = frozenset({RDF.type})
ONTOLOGY_TYPES = frozenset(
    {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.Ontology,
        OWL.FunctionalProperty,
        RDF.Property,
    }
)

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


class UnmappedPredicate(ValueError):
    """A predicate the projection has no mapping for."""


def upper_snake(name: str) -> str:
    """``planFor`` → ``PLAN_FOR``."""
    return _CAMEL.sub("_", name).upper()


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    return re.split(r"[#/]", iri)[-1]


@dataclass(frozen=True)
class Mapping:
    """How each predicate projects, and each class's labels (the class and its superclasses)."""

    properties: dict[URIRef, tuple[str, bool]]
    relationships: dict[URIRef, str]
    class_labels: dict[URIRef, tuple[str, ...]]

    def labels_for(self, types: Iterable[URIRef]) -> tuple[str, ...]:
        """Labels of a node with the given ``rdf:type`` values (sorted, deduplicated)."""
        labels: set[str] = {"Resource"}
        for t in types:
            labels.update(self.class_labels.get(t, (local_name(str(t)),)))
        return tuple(sorted(labels))


def _superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    seen: set[URIRef] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(o for o in ontology.objects(current, RDFS.subClassOf) if isinstance(o, URIRef))
    return seen


def mapping_from_ontology(ontology: Graph) -> Mapping:
    """Generate the mapping: local terms from the ontology, standard ones from the table."""
    properties: dict[URIRef, tuple[str, bool]] = {}
    relationships: dict[URIRef, str] = {}
    functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty))
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if isinstance(prop, URIRef) and str(prop).startswith(BASE_DEF):
            relationships[prop] = upper_snake(local_name(str(prop)))
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        if isinstance(prop, URIRef) and str(prop).startswith(BASE_DEF):
            properties[prop] = (local_name(str(prop)), prop not in functional)
    for prop, (name, multi) in STANDARD_PREDICATES.items():
        if name.isupper() or "_" in name:
            relationships[prop] = name
        else:
            properties[prop] = (name, multi)
    class_labels: dict[URIRef, tuple[str, ...]] = {}
    for cls in set(ontology.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef):
            class_labels[cls] = tuple(
                sorted({local_name(str(c)) for c in _superclasses(ontology, cls) if c != OWL.Thing})
            )
    return Mapping(properties, relationships, class_labels)


def plain_value(term: Literal) -> Any:
    """A literal as the property-graph value: years as integers, decimals as floats."""
    dt = term.datatype
    text = str(term)
    if dt in (XSD.gYear, XSD.integer, XSD.int, XSD.long):
        return int(text)
    if dt in (XSD.decimal, XSD.double, XSD.float):
        return float(Decimal(text))
    if dt == XSD.boolean:
        return text in ("true", "1")
    return text


@dataclass
class NodeRow:
    """One node to write: its IRI, labels and properties."""

    uri: str
    labels: tuple[str, ...] = ("Resource",)
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class Projection:
    """Nodes grouped by label set and edges grouped by relationship type."""

    nodes: dict[str, NodeRow] = field(default_factory=dict)
    edges: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    def node(self, uri: str) -> NodeRow:
        """Get or create the node of ``uri``."""
        row = self.nodes.get(uri)
        if row is None:
            row = self.nodes[uri] = NodeRow(uri)
        return row

    @property
    def edge_count(self) -> int:
        """Number of relationships."""
        return sum(len(pairs) for pairs in self.edges.values())


def is_ontology_subject(graph: Graph, subject: Node) -> bool:
    """True for the OWL declarations (classes, properties, the ontology itself)."""
    return any(t in ONTOLOGY_TYPES for t in graph.objects(subject, RDF.type))


def project(graph: Graph, mapping: Mapping) -> Projection:
    """Project every non-ontology triple of ``graph``."""
    out = Projection()
    types: dict[str, list[URIRef]] = defaultdict(list)
    skip = {s for s in graph.subjects(RDF.type, None) if is_ontology_subject(graph, s)}
    for s, p, o in graph:
        if s in skip or not isinstance(s, URIRef):
            continue
        assert isinstance(p, URIRef)
        node = out.node(str(s))
        if p == RDF.type:
            if isinstance(o, URIRef):
                types[str(s)].append(o)
            continue
        if isinstance(o, Literal):
            if p not in mapping.properties:
                raise UnmappedPredicate(f"no property mapping for predicate <{p}> (subject <{s}>)")
            name, multi = mapping.properties[p]
            lang = (o.language or "").lower()
            if lang and lang != "zh":
                name = name + lang.capitalize()
            value = plain_value(o)
            if multi:
                node.props.setdefault(name, []).append(value)
            elif name in node.props and node.props[name] != value:
                raise ValueError(
                    f"<{s}> has two values for single-valued {name!r}: "
                    f"{node.props[name]!r} and {value!r}"
                )
            else:
                node.props[name] = value
        elif isinstance(o, URIRef):
            if p not in mapping.relationships:
                raise UnmappedPredicate(
                    f"no relationship mapping for predicate <{p}> (subject <{s}>)"
                )
            out.node(str(o))
            out.edges[mapping.relationships[p]].append((str(s), str(o)))
        else:
            raise ValueError(f"blank node object in <{s}> <{p}>")
    for uri, row in out.nodes.items():
        row.labels = mapping.labels_for(types.get(uri, []))
        for value in row.props.values():
            if isinstance(value, list):
                value.sort(key=str)
    return out
