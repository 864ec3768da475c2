"""Load the property graph: project the data graph and replace the live projection."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from loaders.checks import add_projection_checks
from loaders.graph.clients import GraphStore
from loaders.graph.projection import (
    ONTOLOGY_TYPES,
    Mapping,
    Projection,
    mapping_from_ontology,
    project,
    project_triples,
)
from loaders.rdf.build import ontology_graph
from loaders.rdf.kinds import Triple
from ontology.namespaces import RDF, RDFS


@dataclass(frozen=True)
class GraphLoadResult:
    """What a property-graph load wrote."""

    nodes: int
    edges: int


_DECLARATION_TYPES = frozenset(str(t) for t in ONTOLOGY_TYPES)
_RDF_TYPE = str(RDF.type)


@lru_cache(maxsize=1)
def _ontology() -> tuple[Graph, Mapping]:
    ontology = ontology_graph()
    return ontology, mapping_from_ontology(ontology)


def _label_bare_nodes(projection: Projection, ontology: Graph) -> Projection:
    """Ontology classes used as values (``mkg:availabilityKind mkg:TerritorialSpatialPlan``)
    become plain nodes carrying the class's labels, so Cypher can show them."""
    for node in projection.nodes.values():
        if node.props:
            continue
        for label in ontology.objects(URIRef(node.uri), RDFS.label):
            if isinstance(label, Literal):
                lang = label.language or "zh"
                key = "label" if lang == "zh" else "label" + lang.capitalize()
                node.props[key] = str(label)
    return projection


def projection_of(data: Graph) -> Projection:
    """Project ``data`` (instance triples and vocabularies) with the ontology's mapping, and
    add the checks computed from it (:func:`loaders.checks.add_projection_checks`)."""
    ontology, mapping = _ontology()
    projection = _label_bare_nodes(project(data, mapping), ontology)
    return add_projection_checks(projection, mapping)


def projection_of_triples(triples: Iterable[Triple]) -> Projection:
    """Project mapper triples (instance triples and the vocabularies, as
    :func:`loaders.rdf.build.ontology_triples` gives them without the ontology) — the same
    projection :func:`projection_of` makes of the same triples in an rdflib graph.

    Triples must not repeat (a set, as a graph holds them): each would become a second edge.
    """
    ontology, mapping = _ontology()
    listed = triples if isinstance(triples, list) else list(triples)
    skip = {s for s, p, o in listed if p == _RDF_TYPE and o in _DECLARATION_TYPES}
    projection = _label_bare_nodes(project_triples(listed, mapping, skip), ontology)
    return add_projection_checks(projection, mapping)


def load_graph(graph: GraphStore, data: Graph) -> GraphLoadResult:
    """Replace the projection held by ``graph`` with the projection of ``data``."""
    projection = projection_of(data)
    graph.replace(projection)
    return GraphLoadResult(len(projection.nodes), projection.edge_count)


def load_projection(graph: GraphStore, projection: Projection) -> GraphLoadResult:
    """Replace the projection held by ``graph`` with ``projection``."""
    graph.replace(projection)
    return GraphLoadResult(len(projection.nodes), projection.edge_count)
