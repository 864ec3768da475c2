"""Checks every store write records beside the data (issue 13): which curated records lack a
source.

Listing the records without ``prov:wasDerivedFrom`` means comparing every record (~110k at ~1M
triples) with every derivation (~116k): 0.3–0.5 s in either store, more than a question may
take. So each write computes it once, from what it has just written, and records the result
beside the data; the question ``unsourced-fact-violation`` reads that record (a few rows) and
computes the whole comparison itself only for a store written without it (by an older
version).

- RDF (:func:`record_rdf_checks`): after a new store generation is written and counted, the
  comparison runs as SPARQL on that store and its result goes into the named graph
  :data:`CHECKS_GRAPH` (exports copy the default graph only, so they leave it out). Every
  generation is written through :func:`loaders.rdfstore._write_generation` (load, synth,
  import, tests), and a generation is never written again afterwards.
- Property graph (:func:`add_projection_checks`): the projection about to be written gets the
  same checks as nodes, computed from the projection's own nodes (labels: their classes and
  superclasses) and ``WAS_DERIVED_FROM`` edges. Every load of the property graph writes a
  projection made by :mod:`loaders.graph.load` (load, synth, import, rollback, tests); a
  restore writes back the dump of a graph that already held them.

Each check is one resource per kind, ``<…/id/check/unsourced/{Kind}> a mkg:ProvenanceCheck``,
with ``mkg:checkedKind "{Kind}"`` and one ``mkg:unsourcedInstance`` per record of that kind
without a source. The kinds and their meaning (a record of a subclass counts for the kind) are
those of the question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from loaders.rdf.kinds import Triple
from loaders.rdf.terms import Lit
from ontology.namespaces import BASE_DEF, BASE_ID, MKG, PROV, RDF

if TYPE_CHECKING:
    from loaders.graph.projection import Mapping, Projection

#: The named graph of the RDF store that holds the checks.
CHECKS_GRAPH = f"{BASE_ID}graph/checks"

#: The kinds of curated record that must name their source (local names of mkg: classes).
UNSOURCED_KINDS: tuple[str, ...] = (
    "MetropolitanArea",
    "Plan",
    "ActionDocument",
    "ScopeMembership",
    "Observation",
    "PlanChapter",
    "SpecialZone",
    "IndicatorSystem",
    "IndicatorComponent",
)

_RDF_TYPE = str(RDF.type)
_CHECK_CLASS = str(MKG.ProvenanceCheck)
_CHECKED_KIND = str(MKG.checkedKind)
_UNSOURCED = str(MKG.unsourcedInstance)
_DERIVED_FROM = "WAS_DERIVED_FROM"  # prov:wasDerivedFrom in the projection
_CHECK_LABEL = "ProvenanceCheck"  # mkg:ProvenanceCheck in the projection

# The records of each kind (its subclasses included, from the ontology the store holds) that
# have no source: MINUS, one pass over each side (as the question did before it read this).
_UNSOURCED_SPARQL = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <{PROV}>
SELECT DISTINCT ?x ?kind_class
WHERE {{
  VALUES ?kind_class {{ {" ".join(f"<{BASE_DEF}{kind}>" for kind in UNSOURCED_KINDS)} }}
  ?class rdfs:subClassOf* ?kind_class .
  ?x a ?class .
  MINUS {{ ?x prov:wasDerivedFrom ?source }}
}}
"""


def check_iri(kind: str) -> str:
    """The check of ``kind``: ``https://w3id.org/metrokg/id/check/unsourced/Plan``."""
    return f"{BASE_ID}check/unsourced/{kind}"


def check_triples(unsourced: list[tuple[str, str]]) -> list[Triple]:
    """The checks as triples: one resource per kind, listing ``(record, kind)`` pairs."""
    triples: list[Triple] = []
    for kind in UNSOURCED_KINDS:
        iri = check_iri(kind)
        triples.append((iri, _RDF_TYPE, _CHECK_CLASS))
        triples.append((iri, _CHECKED_KIND, Lit(kind)))
    triples.extend((check_iri(kind), _UNSOURCED, record) for record, kind in sorted(unsourced))
    return triples


def unsourced_in_store(store: ox.Store) -> list[tuple[str, str]]:
    """``(record, kind)`` for every record of the default graph without a source."""
    result = store.query(_UNSOURCED_SPARQL)
    assert isinstance(result, ox.QuerySolutions)
    pairs: list[tuple[str, str]] = []
    for row in result:
        record, kind = row["x"], row["kind_class"]
        if isinstance(record, ox.NamedNode) and isinstance(kind, ox.NamedNode):
            pairs.append((record.value, kind.value.removeprefix(BASE_DEF)))
    return pairs


def record_rdf_checks(store: ox.Store) -> int:
    """Compute the checks from ``store``'s default graph and write them into
    :data:`CHECKS_GRAPH` (replacing what it held); the number of quads written."""
    graph = ox.NamedNode(CHECKS_GRAPH)
    store.clear_graph(graph)
    quads = [
        ox.Quad(
            ox.NamedNode(s),
            ox.NamedNode(p),
            ox.Literal(o.value) if isinstance(o, Lit) else ox.NamedNode(o),
            graph,
        )
        for s, p, o in check_triples(unsourced_in_store(store))
    ]
    store.extend(quads)
    return len(quads)


def data_triple_count(store: ox.Store) -> int:
    """The triples of ``store``'s data: every quad but those of :data:`CHECKS_GRAPH`."""
    graph = ox.NamedNode(CHECKS_GRAPH)
    return len(store) - sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


def unsourced_in_projection(projection: Projection) -> list[tuple[str, str]]:
    """``(record, kind)`` for every node of ``projection`` with a kind's label and no
    ``WAS_DERIVED_FROM`` edge."""
    sourced = {s for s, _ in projection.edges.get(_DERIVED_FROM, ())}
    kinds = frozenset(UNSOURCED_KINDS)
    return [
        (uri, kind)
        for uri, node in projection.nodes.items()
        if uri not in sourced
        for kind in kinds.intersection(node.labels)
    ]


def add_projection_checks(projection: Projection, mapping: Mapping) -> Projection:
    """Add the checks computed from ``projection`` to it (any check nodes it held are
    replaced); ``projection``."""
    from loaders.graph.projection import project_triples

    stale = {uri for uri, node in projection.nodes.items() if _CHECK_LABEL in node.labels}
    if stale:
        for uri in stale:
            del projection.nodes[uri]
        for rel, pairs in projection.edges.items():
            projection.edges[rel] = [(s, o) for s, o in pairs if s not in stale and o not in stale]
    checks = project_triples(check_triples(unsourced_in_projection(projection)), mapping, set())
    for uri, node in checks.nodes.items():
        if uri not in projection.nodes:  # the records keep their own rows
            projection.nodes[uri] = node
    for rel, pairs in checks.edges.items():
        projection.edges[rel].extend(pairs)
    return projection


__all__ = [
    "CHECKS_GRAPH",
    "UNSOURCED_KINDS",
    "add_projection_checks",
    "check_iri",
    "check_triples",
    "data_triple_count",
    "record_rdf_checks",
    "unsourced_in_projection",
    "unsourced_in_store",
]
