"""Checks every store write records beside the data (issue 13): which curated records lack a
source, and which scope memberships lack a member or a coverage or have a member of another kind.

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

The membership checks (question ``membership-unit-violation``) are recorded the same way: one
``mkg:MembershipCheck`` per problem (:data:`MEMBERSHIP_PROBLEMS`), ``mkg:checkedProblem`` the
words the question reports, one ``mkg:flaggedMembership`` per membership with that problem.

Each check is one resource per kind, ``<…/id/check/unsourced/{Kind}> a mkg:ProvenanceCheck``,
with ``mkg:checkedKind "{Kind}"`` and one ``mkg:unsourcedInstance`` per record of that kind
without a source. The kinds and their meaning (a record of a subclass counts for the kind) are
those of the question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox

from loaders.rdf.kinds import Triple
from loaders.rdf.terms import Lit
from ontology.namespaces import BASE_DEF, BASE_ID, MKG, PROV, RDF

if TYPE_CHECKING:
    from loaders.graph.projection import Mapping, Projection

_T = TypeVar("_T")

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

#: The problems a scope membership can have: (check key, the words the question reports).
MEMBERSHIP_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("member-kind", "member is neither an administrative unit nor a special zone"),
    ("no-member", "no member"),
    ("no-coverage", "no coverage"),
)

_RDF_TYPE = str(RDF.type)
_CHECK_CLASS = str(MKG.ProvenanceCheck)
_MEMBERSHIP_CHECK = str(MKG.MembershipCheck)
_CHECKED_PROBLEM = str(MKG.checkedProblem)
_FLAGGED = str(MKG.flaggedMembership)
_MEMBER_KINDS = frozenset({"AdministrativeUnit", "SpecialZone"})
_CHECKED_KIND = str(MKG.checkedKind)
_UNSOURCED = str(MKG.unsourcedInstance)
_DERIVED_FROM = "WAS_DERIVED_FROM"  # prov:wasDerivedFrom in the projection
_CHECK_LABELS = frozenset({"ProvenanceCheck", "MembershipCheck"})  # their projection labels

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

# The memberships with each problem (as the question found them before it read this): a member
# of another kind, no member, no coverage.
_MEMBERSHIP_SPARQL = f"""
PREFIX mkg: <{BASE_DEF}>
SELECT DISTINCT ?m ?problem
WHERE {{
  {{
    {{ SELECT ?m WHERE {{ ?m mkg:member ?u MINUS {{ ?u a mkg:AdministrativeUnit }}
                                           MINUS {{ ?u a mkg:SpecialZone }} }} }}
    {{ SELECT ?m WHERE {{ ?m a mkg:ScopeMembership }} }}
    BIND("member-kind" AS ?problem)
  }} UNION {{
    ?m a mkg:ScopeMembership . MINUS {{ ?m mkg:member ?any_member }}
    BIND("no-member" AS ?problem)
  }} UNION {{
    ?m a mkg:ScopeMembership . MINUS {{ ?m mkg:coverage ?coverage }}
    BIND("no-coverage" AS ?problem)
  }}
}}
"""


def check_iri(kind: str) -> str:
    """The check of ``kind``: ``https://w3id.org/metrokg/id/check/unsourced/Plan``."""
    return f"{BASE_ID}check/unsourced/{kind}"


def membership_check_iri(problem: str) -> str:
    """The check of a membership problem: ``…/id/check/membership/no-coverage``."""
    return f"{BASE_ID}check/membership/{problem}"


def check_triples(
    unsourced: Sequence[tuple[str, str]], flagged: Sequence[tuple[str, str]] = ()
) -> list[Triple]:
    """The checks as triples: one resource per kind, listing ``(record, kind)`` pairs, and
    one per membership problem, listing ``(membership, problem key)`` pairs."""
    triples: list[Triple] = []
    for kind in UNSOURCED_KINDS:
        iri = check_iri(kind)
        triples.append((iri, _RDF_TYPE, _CHECK_CLASS))
        triples.append((iri, _CHECKED_KIND, Lit(kind)))
    triples.extend((check_iri(kind), _UNSOURCED, record) for record, kind in sorted(unsourced))
    for key, words in MEMBERSHIP_PROBLEMS:
        iri = membership_check_iri(key)
        triples.append((iri, _RDF_TYPE, _MEMBERSHIP_CHECK))
        triples.append((iri, _CHECKED_PROBLEM, Lit(words)))
    triples.extend((membership_check_iri(key), _FLAGGED, m) for m, key in sorted(set(flagged)))
    return triples


def _named_pairs(store: ox.Store, query: str, first: str, second: str) -> list[tuple[str, str]]:
    """The values of ``first`` (an IRI) and ``second`` (an IRI or a literal) in each row of
    ``query`` that binds both."""
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    pairs: list[tuple[str, str]] = []
    for row in result:
        a, b = row[first], row[second]
        if isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode | ox.Literal):
            pairs.append((a.value, b.value))
    return pairs


def unsourced_in_store(store: ox.Store) -> list[tuple[str, str]]:
    """``(record, kind)`` for every record of the default graph without a source."""
    pairs = _named_pairs(store, _UNSOURCED_SPARQL, "x", "kind_class")
    return [(record, kind.removeprefix(BASE_DEF)) for record, kind in pairs]


def flagged_in_store(store: ox.Store) -> list[tuple[str, str]]:
    """``(membership, problem key)`` for every scope membership of the default graph with a
    problem."""
    return _named_pairs(store, _MEMBERSHIP_SPARQL, "m", "problem")


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
        for s, p, o in check_triples(unsourced_in_store(store), flagged_in_store(store))
    ]
    store.extend(quads)
    return len(quads)


def data_triple_count(store: ox.Store) -> int:
    """The triples of ``store``'s data: every quad but those of :data:`CHECKS_GRAPH`."""
    graph = ox.NamedNode(CHECKS_GRAPH)
    return len(store) - sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


_KINDS = frozenset(UNSOURCED_KINDS)


def _per_labels(compute: Callable[[tuple[str, ...]], _T]) -> Callable[[tuple[str, ...]], _T]:
    """``compute`` of a node's labels, once per distinct label set (a projection's nodes share
    a few dozen; one call per node made the checks of ~1M triples several times slower)."""
    cache: dict[tuple[str, ...], _T] = {}

    def cached(labels: tuple[str, ...]) -> _T:
        found = cache.get(labels)
        if found is None:
            found = cache[labels] = compute(labels)
        return found

    return cached


def unsourced_in_projection(projection: Projection) -> list[tuple[str, str]]:
    """``(record, kind)`` for every node of ``projection`` with a kind's label and no
    ``WAS_DERIVED_FROM`` edge."""
    sourced = {s for s, _ in projection.edges.get(_DERIVED_FROM, ())}
    kinds_of = _per_labels(lambda labels: sorted(_KINDS.intersection(labels)))
    return [
        (uri, kind)
        for uri, node in projection.nodes.items()
        if uri not in sourced
        for kind in kinds_of(node.labels)
    ]


def flagged_in_projection(projection: Projection) -> list[tuple[str, str]]:
    """``(membership, problem key)`` for every ``ScopeMembership`` node of ``projection``
    with a problem: no ``MEMBER`` edge, a member labelled neither ``AdministrativeUnit`` nor
    ``SpecialZone``, no ``COVERAGE`` edge."""
    members: dict[str, list[str]] = {}
    for m, u in projection.edges.get("MEMBER", ()):
        members.setdefault(m, []).append(u)
    covered = {m for m, _ in projection.edges.get("COVERAGE", ())}
    nodes = projection.nodes
    flagged: list[tuple[str, str]] = []
    is_membership = _per_labels(lambda labels: "ScopeMembership" in labels)
    is_member_kind = _per_labels(lambda labels: not _MEMBER_KINDS.isdisjoint(labels))
    for uri, node in nodes.items():
        if not is_membership(node.labels):
            continue
        mine = members.get(uri, [])
        if not mine:
            flagged.append((uri, "no-member"))
        if any(u not in nodes or not is_member_kind(nodes[u].labels) for u in mine):
            flagged.append((uri, "member-kind"))
        if uri not in covered:
            flagged.append((uri, "no-coverage"))
    return flagged


def add_projection_checks(projection: Projection, mapping: Mapping) -> Projection:
    """Add the checks computed from ``projection`` to it (any check nodes it held are
    replaced); ``projection``."""
    from loaders.graph.projection import project_triples

    is_check = _per_labels(lambda labels: not _CHECK_LABELS.isdisjoint(labels))
    stale = {uri for uri, node in projection.nodes.items() if is_check(node.labels)}
    if stale:
        for uri in stale:
            del projection.nodes[uri]
        for rel, pairs in projection.edges.items():
            projection.edges[rel] = [(s, o) for s, o in pairs if s not in stale and o not in stale]
    found = check_triples(unsourced_in_projection(projection), flagged_in_projection(projection))
    checks = project_triples(found, mapping, set())
    for uri, node in checks.nodes.items():
        if uri not in projection.nodes:  # the records keep their own rows
            projection.nodes[uri] = node
    for rel, pairs in checks.edges.items():
        projection.edges[rel].extend(pairs)
    return projection


__all__ = [
    "CHECKS_GRAPH",
    "MEMBERSHIP_PROBLEMS",
    "UNSOURCED_KINDS",
    "add_projection_checks",
    "check_iri",
    "check_triples",
    "data_triple_count",
    "flagged_in_projection",
    "flagged_in_store",
    "membership_check_iri",
    "record_rdf_checks",
    "unsourced_in_projection",
    "unsourced_in_store",
]
