"""One area as framed, nested JSON-LD (``metrokg export --area … --shape nested``).

The area's subgraph is every node reached from the area: its memberships and their units (up to
the province), the plans and documents made for it (``mkg:planFor``) with their chapters, its
figures, coordinating bodies, plan-availability statements and indicator systems, and whatever
these point to (organisations, units, source sections, references) — not vocabulary concepts or
classes (they stay IRIs), not another area (an IRI), not a plan only named as a basis
(``mkg:basedOn``, an IRI). The JSON-LD 1.1 frame ``ontology/frame-area.jsonld`` nests it: the
area at the top, reverse links (plans, documents, chapters, figures, bodies) under the node they
point to, each node once with all its properties.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from loaders.rdf.build import ONTOLOGY_DIR
from ontology.namespaces import (
    BASE_DEF,
    ELI,
    MKG,
    RDF,
    SDMX_DIM,
)

FRAME_FILE = ONTOLOGY_DIR / "frame-area.jsonld"
REVERSE_FROM_AREA = (
    MKG.planFor,
    SDMX_DIM.refArea,
    MKG.coordinates,
    MKG.availabilityOf,
    MKG.evaluates,
)
REVERSE_FROM_PLAN = (ELI.is_part_of,)
NOT_FOLLOWED = frozenset({str(MKG.basedOn), str(MKG.centralCity), str(RDF.type)})
ONTOLOGY_BASE = BASE_DEF.rstrip("#")
LEADING_KEYS = (
    "@context",
    "id",
    "type",
    "label",
    "centralCity",
    "hasMembership",
    "plans",
    "documents",
    "bodies",
    "figures",
    "availability",
    "indicatorSystems",
)
DOCUMENT_TYPES = frozenset(
    {"ActionPlan", "ImplementationScheme", "AnnualWorkPoints", "CooperationAgreement", "Memorandum"}
)


def load_frame(path: Path = FRAME_FILE) -> dict[str, Any]:
    """The frame (its own ``@context`` holds only the reverse terms)."""
    frame = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(frame, dict)
    return frame


def _subjects_of(store: ox.Store, node: str) -> bool:
    return next(iter(store.quads_for_pattern(ox.NamedNode(node), None, None)), None) is not None


def _is_area(store: ox.Store, node: str) -> bool:
    pattern = store.quads_for_pattern(
        ox.NamedNode(node), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(MKG.MetropolitanArea))
    )
    return next(iter(pattern), None) is not None


def area_nodes(store: ox.Store, area: str) -> set[str]:
    """Every node of the area's subgraph (see the module's description)."""
    nodes = {area}
    todo = [area]
    for predicate in REVERSE_FROM_AREA:
        for quad in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), ox.NamedNode(area)):
            if isinstance(quad.subject, ox.NamedNode):
                todo.append(quad.subject.value)
    plans = list(todo)
    for plan in plans:
        for predicate in REVERSE_FROM_PLAN:
            for quad in store.quads_for_pattern(
                None, ox.NamedNode(str(predicate)), ox.NamedNode(plan)
            ):
                if isinstance(quad.subject, ox.NamedNode):
                    todo.append(quad.subject.value)
    nodes.update(todo)
    while todo:
        node = todo.pop()
        for quad in store.quads_for_pattern(ox.NamedNode(node), None, None):
            target = quad.object
            if not isinstance(target, ox.NamedNode) or quad.predicate.value in NOT_FOLLOWED:
                continue
            iri = target.value
            if iri in nodes or iri.startswith(ONTOLOGY_BASE) or not _subjects_of(store, iri):
                continue
            if _is_area(store, iri):
                continue
            nodes.add(iri)
            todo.append(iri)
    return nodes


def area_graph(store: ox.Store, area: str) -> Graph:
    """The triples of the area's subgraph."""
    from loaders.export import graph_from_store

    return graph_from_store(store, area_nodes(store, area))


def nested_document(graph: Graph, context: dict[str, Any]) -> dict[str, Any]:
    """Frame ``graph`` (one area's subgraph) with the shipped frame; documents apart from
    plans (both are ``mkg:planFor`` the area, told apart by their type)."""
    from pyld import jsonld

    frame = load_frame()
    frame["@context"] = [context, frame["@context"]]
    expanded = json.loads(graph.serialize(format="json-ld"))
    framed = jsonld.frame(
        expanded,
        copy.deepcopy(frame),
        {"embed": "@once", "omitGraph": True, "processingMode": "json-ld-1.1"},
    )
    works = framed.pop("plans", [])
    works = works if isinstance(works, list) else [works]

    def is_document(node: Any) -> bool:
        types = node.get("type", []) if isinstance(node, dict) else []
        types = types if isinstance(types, list) else [types]
        return any(str(t) in DOCUMENT_TYPES for t in types)

    framed["plans"] = [w for w in works if not is_document(w)]
    framed["documents"] = [w for w in works if is_document(w)]
    head = [k for k in LEADING_KEYS if framed.get(k) not in (None, [])]
    rest = [k for k in framed if k not in LEADING_KEYS]
    return {k: framed[k] for k in [*head, *rest]}


def nested_text(store: ox.Store, area: str, context: dict[str, Any]) -> tuple[str, int]:
    """The area as framed JSON-LD text, with the number of triples it holds."""
    graph = area_graph(store, area)
    return json.dumps(nested_document(graph, context), ensure_ascii=False, indent=2), len(graph)


def read_nested(text: str) -> Graph:
    """Read a nested export back as RDF (pyld expands it; the context is inline)."""
    from pyld import jsonld

    from loaders.rdf.build import new_graph

    quads = jsonld.to_rdf(json.loads(text), {"format": "application/n-quads"})
    graph = new_graph()
    graph.parse(data=quads, format="nt")
    return graph


def preview(text: str, lines: int = 40) -> str:
    """The first ``lines`` lines of a nested export without its (long) ``@context``."""
    document = json.loads(text)
    document.pop("@context", None)
    return "\n".join(json.dumps(document, ensure_ascii=False, indent=2).splitlines()[:lines])
