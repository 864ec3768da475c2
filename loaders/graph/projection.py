"""Project the RDF graph into a labelled property graph (conventions after neosemantics).

- Every IRI becomes one node ``:Resource {uri}``; its labels are the local names of its classes
  and of all their superclasses (from the ontology).
- A literal-valued predicate becomes a camelCase property; ``@zh`` values keep the plain name
  and ``@en`` values get an ``En`` suffix (``label`` / ``labelEn``). Years (``xsd:gYear``) become
  integers, decimals floats, booleans booleans. A property the ontology does not declare
  functional is an array, so a second value is never silently lost.
- An IRI-valued predicate becomes a relationship type in UPPER_SNAKE case. A functional local
  property whose values are vocabulary concepts or classes (``mkg:level``, ``mkg:role``,
  ``mkg:coverage``, ``mkg:measure``, ``mkg:processStep``, ``mkg:planKind`` …) is also kept on
  its subject as a property holding the value's IRI (``u.level =
  'https://w3id.org/metrokg/def/level/county'``): Cypher can then filter on it without a hop,
  as SPARQL does with one triple pattern.
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

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from loaders.rdf.kinds import Triple
from loaders.rdf.terms import Lit, from_rdflib
from loaders.sharing.projection import RECORD_PREDICATES
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
    DCTERMS.replaces: ("REPLACES", True),
    DCTERMS.identifier: ("identifier", False),
    DCTERMS.bibliographicCitation: ("bibliographicCitation", False),
    SDO.startDate: ("startDate", False),
    SDO.endDate: ("endDate", False),
    PROV.used: ("USED", True),
    PROV.generated: ("GENERATED", True),
    DCTERMS.creator: ("CREATOR", True),
    DCTERMS.date: ("date", False),
    DCTERMS.description: ("description", False),
    PROV.wasDerivedFrom: ("WAS_DERIVED_FROM", True),
    SDO.containedInPlace: ("CONTAINED_IN_PLACE", True),
    SDO.url: ("url", False),
    SDO.name: ("name", False),
    SDO.sha256: ("sha256", False),
    WGS.lat: ("lat", False),
    WGS.long: ("long", False),
    ELI.is_part_of: ("IS_PART_OF", True),
    ORG.subOrganizationOf: ("SUB_ORGANIZATION_OF", True),
    ORG.unitOf: ("UNIT_OF", True),
    SDMX_DIM.refArea: ("REF_AREA", True),
    SDMX_MEAS.obsValue: ("obsValue", False),
    DCTERMS.coverage: ("COVERAGE", True),
    SDO.value: ("value", False),
    SDO.minValue: ("minValue", False),
    SDO.maxValue: ("maxValue", False),
    SDO.unitText: ("unitText", False),
    SDO.temporalCoverage: ("temporalCoverage", False),
    **RECORD_PREDICATES,  # the dataset record (issue 16)
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
    """How each predicate projects, and each class's labels (the class and its superclasses).

    Keyed by IRI text (``str``), so mapper triples and rdflib terms look up alike.
    """

    properties: dict[str, tuple[str, bool]]
    relationships: dict[str, str]
    class_labels: dict[str, tuple[str, ...]]
    inlined: dict[str, str] = field(default_factory=dict)

    def labels_for(self, types: Iterable[str]) -> tuple[str, ...]:
        """Labels of a node with the given ``rdf:type`` values (sorted, deduplicated)."""
        labels: set[str] = {"Resource"}
        for t in types:
            labels.update(self.class_labels.get(str(t), (local_name(str(t)),)))
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
    properties: dict[str, tuple[str, bool]] = {}
    relationships: dict[str, str] = {}
    functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty))
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if isinstance(prop, URIRef) and str(prop).startswith(BASE_DEF):
            relationships[str(prop)] = upper_snake(local_name(str(prop)))
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        if isinstance(prop, URIRef) and str(prop).startswith(BASE_DEF):
            properties[str(prop)] = (local_name(str(prop)), prop not in functional)
    for prop, (name, multi) in STANDARD_PREDICATES.items():
        if name.isupper() or "_" in name:
            relationships[str(prop)] = name
        else:
            properties[str(prop)] = (name, multi)
    inlined: dict[str, str] = {}
    for prop in functional:
        if str(prop) in relationships and any(
            r in (SKOS.Concept, OWL.Class) for r in ontology.objects(prop, RDFS.range)
        ):
            inlined[str(prop)] = local_name(str(prop))
    class_labels: dict[str, tuple[str, ...]] = {}
    for cls in set(ontology.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef):
            class_labels[str(cls)] = tuple(
                sorted({local_name(str(c)) for c in _superclasses(ontology, cls) if c != OWL.Thing})
            )
    return Mapping(properties, relationships, class_labels, inlined)


_INTEGER_TYPES = frozenset(str(t) for t in (XSD.gYear, XSD.integer, XSD.int, XSD.long))
_FLOAT_TYPES = frozenset(str(t) for t in (XSD.decimal, XSD.double, XSD.float))
_BOOLEAN = str(XSD.boolean)


def plain_value(term: Literal | Lit) -> Any:
    """A literal as the property-graph value: years as integers, decimals as floats."""
    if isinstance(term, Lit):
        dt, text = term.datatype, term.value
    else:
        dt, text = (str(term.datatype) if term.datatype else None), str(term)
    if dt is None:
        return text
    if dt in _INTEGER_TYPES:
        return int(text)
    if dt in _FLOAT_TYPES:
        return float(Decimal(text))
    if dt == _BOOLEAN:
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
    skip = {str(s) for s in graph.subjects(RDF.type, None) if is_ontology_subject(graph, s)}
    triples: list[Triple] = []
    for s, p, o in graph:
        if not isinstance(s, URIRef):
            continue
        if isinstance(o, BNode):
            raise ValueError(f"blank node object in <{s}> <{p}>")
        triples.append((str(s), str(p), from_rdflib(o)))
    return project_triples(triples, mapping, skip)


_RDF_TYPE = str(RDF.type)


def project_triples(triples: Iterable[Triple], mapping: Mapping, skip: set[str]) -> Projection:
    """Project mapper triples (IRIs and :class:`Lit`), leaving out the subjects in ``skip``."""
    out = Projection()
    nodes = out.nodes
    types: dict[str, list[str]] = defaultdict(list)
    properties, relationships, inlined = mapping.properties, mapping.relationships, mapping.inlined
    edges = out.edges
    for s, p, o in triples:
        if s in skip:
            continue
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = NodeRow(s)
        if p == _RDF_TYPE:
            if not isinstance(o, Lit):
                types[s].append(o)
            continue
        if isinstance(o, Lit):
            found = properties.get(p)
            if found is None:
                raise UnmappedPredicate(f"no property mapping for predicate <{p}> (subject <{s}>)")
            name, multi = found
            lang = o.lang
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
        else:
            rel = relationships.get(p)
            if rel is None:
                raise UnmappedPredicate(
                    f"no relationship mapping for predicate <{p}> (subject <{s}>)"
                )
            if o not in nodes:
                nodes[o] = NodeRow(o)
            edges[rel].append((s, o))
            inline = inlined.get(p)
            if inline is not None:
                node.props[inline] = o
    labels_cache: dict[tuple[str, ...], tuple[str, ...]] = {}
    for uri, row in nodes.items():
        key = tuple(types.get(uri, ()))
        labels = labels_cache.get(key)
        if labels is None:
            labels = labels_cache[key] = mapping.labels_for(key)
        row.labels = labels
        for value in row.props.values():
            if isinstance(value, list):
                value.sort(key=str)
    return out
