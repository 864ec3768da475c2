"""Load the property graph: project the data graph and replace the live projection."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from loaders.graph.clients import GraphStore
from loaders.graph.projection import Projection, mapping_from_ontology, project
from loaders.rdf.build import ontology_graph
from ontology.namespaces import RDFS


@dataclass(frozen=True)
class GraphLoadResult:
    """What a property-graph load wrote."""

    nodes: int
    edges: int


def projection_of(data: Graph) -> Projection:
    """Project ``data`` (instance triples and vocabularies) with the ontology's mapping.

    Ontology classes used as values (``mkg:availabilityKind mkg:TerritorialSpatialPlan``)
    become plain nodes carrying the class's labels, so Cypher can show them.
    """
    ontology = ontology_graph()
    projection = project(data, mapping_from_ontology(ontology))
    for node in projection.nodes.values():
        if node.props:
            continue
        for label in ontology.objects(URIRef(node.uri), RDFS.label):
            if isinstance(label, Literal):
                lang = label.language or "zh"
                key = "label" if lang == "zh" else "label" + lang.capitalize()
                node.props[key] = str(label)
    return projection


def load_graph(graph: GraphStore, data: Graph) -> GraphLoadResult:
    """Replace the projection held by ``graph`` with the projection of ``data``."""
    projection = projection_of(data)
    graph.replace(projection)
    return GraphLoadResult(len(projection.nodes), projection.edge_count)
