"""The graph browser's data: node search, node details with provenance, neighbourhoods, and
the subgraph of one area for export.

The queries live in ``queries/explorer/*.rq`` (one file each, a ``#+`` header, values bound).
The browser's neighbourhood comes from ``node-edges.rq``; the catalogue question
``neighbourhood`` returns the same edges (a test compares them) but is too slow for clicking
around (1.5–2 s a node at source scale against milliseconds). The browser caps what it
draws, not the query.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral

from app.explorer.backend import ID, MKG, Index, curie, index_of, local_name, select
from app.explorer.i18n import PREDICATE_LABELS, Lang, tr
from loaders.export import Format, serialize
from loaders.rdf.build import new_graph
from ontology.namespaces import DCTERMS, PROV, RDF, VOC_BASE, concept
from ontology.namespaces import MKG as MKG_NS
from queries.explorer_queries import explorer_query

DEF = VOC_BASE.rstrip("/")
PROV_DERIVED = str(PROV.wasDerivedFrom)
DCT_SOURCE = str(DCTERMS.source)
PROVENANCE_LITERALS = {
    f"{MKG}sourceWords": "prov_words",
    f"{MKG}interpretation": "prov_interpretation",
    f"{MKG}note": "prov_note",
    f"{MKG}classifiedBy": "prov_classified",
}
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def upper_snake(name: str) -> str:
    """``planFor`` → ``PLAN_FOR`` (the property graph's relationship names)."""
    return _CAMEL.sub("_", name).upper()


# --- search -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A node found by name."""

    iri: str
    label: str
    other: str
    kind: str


_PINYIN_CACHE: dict[int, tuple[Index, dict[str, str]]] = {}


def pinyin_key(text: str) -> str:
    """``text``'s Chinese characters as toneless pinyin without spaces (江宁区 → jiangningqu)."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).replace(" ", "").casefold()


def pinyin_keys(index: Index) -> dict[str, str]:
    """Every labelled node's Chinese label in pinyin, computed once per store generation."""
    cached = _PINYIN_CACHE.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1]
    keys = {iri: pinyin_key(zh) for iri, (zh, _en) in index.labels.items() if zh}
    _PINYIN_CACHE.clear()
    _PINYIN_CACHE[id(index)] = (index, keys)
    return keys


def search(store: ox.Store, text: str, lang: Lang = "zh", limit: int = 50) -> tuple[list[Hit], int]:
    """Nodes whose label, title or preferred label contains ``text`` (any case), best first.

    Latin text also matches the Chinese label's pinyin without tones or spaces (``jiangning``
    finds 江宁区). A 6-digit text also finds the unit with that division code. Returns the
    hits (at most ``limit``) and how many matched in all. Ontology terms (``mkg:`` classes and
    properties) are left out; vocabulary concepts are nodes and are found.
    """
    index = index_of(store)
    needle = text.strip().casefold()
    if not needle:
        return [], 0
    squeezed = needle.replace(" ", "").replace("-", "").replace("'", "")
    pinyin = pinyin_keys(index) if squeezed.isascii() and squeezed.isalpha() else {}
    scored: list[tuple[tuple[int, int, str], Hit]] = []
    for iri, (zh, en) in index.labels.items():
        if iri.startswith(MKG) or iri.startswith(f"{DEF}/genid"):
            continue
        names = [n for n in (zh, en) if n]
        matched = [n for n in names if needle in n.casefold()]
        spelled = pinyin.get(iri, "")
        if not matched and squeezed and squeezed in spelled:
            matched = [spelled]
            needle_for_rank = squeezed
        else:
            needle_for_rank = needle
        if not matched and not (needle.isdigit() and iri.endswith(f"/unit/{needle}")):
            continue
        best = (
            min(
                (
                    0
                    if n.casefold() == needle_for_rank
                    else 1
                    if n.casefold().startswith(needle_for_rank)
                    else 2
                )
                for n in matched
            )
            if matched
            else 0
        )
        shortest = min((len(n) for n in matched), default=0)
        label = index.label(iri, lang)
        other = index.label(iri, "zh" if lang == "en" else "en")
        kind = index.kind(iri)
        kind_label = predicate_label(index, kind, lang) if kind else ""
        scored.append(
            ((best, shortest, label), Hit(iri, label, other if other != label else "", kind_label))
        )
    scored.sort(key=lambda pair: pair[0])
    return [hit for _, hit in scored[:limit]], len(scored)


# --- neighbourhood ----------------------------------------------------------------------------


FAMILIES = (
    "MetropolitanArea",
    "AdministrativeUnit",
    "SpecialZone",
    "ScopeMembership",
    "Plan",
    "PlanChapter",
    "CooperationAgreement",
    "ActionDocument",
    "Organization",
    "Observation",
    "PlanAvailability",
    "IndicatorSystem",
    "IndicatorComponent",
    "SourceSection",
    "Reference",
    "Concept",
)


def family_of(index: Index, kind: str) -> str:
    """The colour family of a class: the first of :data:`FAMILIES` among it and its superclasses."""
    names = {local_name(c) for c in index.ancestors(kind)} if kind else set()
    for family in FAMILIES:
        if family in names:
            return family
    return "other"


@dataclass(frozen=True)
class GraphNode:
    """A node to draw."""

    iri: str
    label: str
    kind: str
    kind_label: str
    family: str = "other"


@dataclass(frozen=True)
class GraphEdge:
    """A directed edge to draw; ``title`` is its tooltip, ``style`` how it is drawn.

    An area's scope membership (an n-ary node in the graph) is drawn as one edge area → unit,
    labelled by its role; ``style`` is then the role's key, with ``-partial`` when the
    membership covers only part of the unit.
    """

    source: str
    target: str
    relation: str
    label: str
    title: str = ""
    style: str = ""


@dataclass
class Neighbourhood:
    """Nodes and edges around one or more nodes."""

    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)

    def merge(self, other: Neighbourhood) -> Neighbourhood:
        """The union of two neighbourhoods (edges deduplicated)."""
        nodes = {**self.nodes, **other.nodes}
        seen = {(e.source, e.relation, e.target) for e in self.edges}
        edges = list(self.edges)
        for edge in other.edges:
            if (edge.source, edge.relation, edge.target) not in seen:
                seen.add((edge.source, edge.relation, edge.target))
                edges.append(edge)
        return Neighbourhood(nodes, edges)


_OWN_NEIGHBOURHOOD = explorer_query("node-edges")
_PREDICATES = explorer_query("predicates")


def relation_names(store: ox.Store) -> dict[str, str]:
    """Relationship names of the property graph (``PLAN_FOR``) mapped to predicate IRIs."""
    from loaders.graph.projection import STANDARD_PREDICATES

    names = {name: str(iri) for iri, (name, _) in STANDARD_PREDICATES.items() if name.isupper()}
    for row in select(store, _PREDICATES):
        if isinstance(row["p"], str):
            names.setdefault(upper_snake(local_name(row["p"])), row["p"])
    return names


def _catalogue_edges(store: ox.Store, iri: str, question: Any) -> list[tuple[str, str, str]]:
    """Edges from the catalogue's ``neighbourhood`` question (relationship names mapped back)."""
    from queries.runner import run_sparql

    rows = run_sparql(store, question, {"node": iri, "depth": 1}).rows
    names = relation_names(store)
    return [
        (str(r["source"]), names.get(str(r["relation"]), str(r["relation"])), str(r["target"]))
        for r in rows
    ]


def predicate_label(index: Index, iri: str, lang: Lang) -> str:
    """A predicate's (or class's) label: the ontology's, the standard one, or its short form."""
    if index.has_label(iri):
        return index.label(iri, lang)
    if iri in PREDICATE_LABELS:
        zh, en = PREDICATE_LABELS[iri]
        return en if lang == "en" else zh
    return curie(iri)


_MEMBERSHIPS = explorer_query("node-memberships")
MEMBERSHIP = str(MKG_NS.hasMembership)
WHOLE = str(concept("coverage", "whole"))


def membership_edges(store: ox.Store, index: Index, iri: str, lang: Lang) -> list[GraphEdge]:
    """The scope memberships ``iri`` takes part in (as area, member or the membership itself),
    each as one edge area → unit labelled by its role, its facts in the tooltip."""
    facts: dict[str, dict[str, Any]] = {}
    for row in select(store, _MEMBERSHIPS, {"n": ox.NamedNode(iri)}):
        m = str(row["m"])
        entry = facts.setdefault(m, {**row, "excludes": set()})
        if row.get("x"):
            entry["excludes"].add(index.label(str(row["x"]), lang))
    edges = []
    for _m, row in sorted(facts.items()):
        role, coverage = str(row["r"]), str(row["c"])
        role_label = index.label(role, lang)
        lines = [
            f"{tr('gb_role', lang)}{index.label(role, lang)}",
            f"{tr('gb_coverage', lang)}{index.label(coverage, lang)}",
        ]
        if row["excludes"]:
            lines.append(f"{tr('gb_excludes', lang)}{'、'.join(sorted(row['excludes']))}")
        if row.get("words"):
            lines.append(f"{tr('prov_words', lang)}：{row['words']}")
        style = local_name(role) + ("" if coverage == WHOLE else "-partial")
        edges.append(
            GraphEdge(str(row["a"]), str(row["u"]), MEMBERSHIP, role_label, "\n".join(lines), style)
        )
    return edges


def _node(index: Index, iri: str, lang: Lang) -> GraphNode:
    kind = index.kind(iri) or ""
    return GraphNode(
        iri,
        index.label(iri, lang),
        kind,
        predicate_label(index, kind, lang) if kind else "",
        family_of(index, kind),
    )


def neighbourhood(
    store: ox.Store,
    iri: str,
    lang: Lang = "zh",
    catalogue_question: Any = None,
    relations: tuple[str, ...] = (),
) -> Neighbourhood:
    """The edges into and out of ``iri`` (no ``rdf:type``), with labelled nodes.

    Scope memberships are folded: instead of the membership node, one edge area → unit
    labelled by its role (see :func:`membership_edges`). ``relations`` keeps only edges of
    those predicates (all when empty); the node itself is always there.

    ``catalogue_question`` is the catalogue's ``neighbourhood`` question when present; its
    rows (source, relation, target) are used as they are. Without it, this module's SPARQL,
    which gives the same edges and answers in milliseconds (the browser uses it; measured at
    source scale: 1–90 ms against 1.5–2 s for the catalogue question).
    """
    index = index_of(store)
    result = Neighbourhood()
    result.nodes[iri] = _node(index, iri, lang)
    if catalogue_question is not None:
        edges = _catalogue_edges(store, iri, catalogue_question)
    else:
        edges = [
            (str(row["source"]), str(row["p"]), str(row["target"]))
            for row in select(store, _OWN_NEIGHBOURHOOD, {"n": ox.NamedNode(iri)})
        ]
    seen: set[tuple[str, str, str]] = set()
    for source, predicate, target in edges:
        if (source, predicate, target) in seen:
            continue
        seen.add((source, predicate, target))
        for end in (source, target):
            if end not in result.nodes:
                result.nodes[end] = _node(index, end, lang)
        label = (
            predicate_label(index, predicate, lang) if predicate.startswith("http") else predicate
        )
        result.edges.append(GraphEdge(source, target, predicate, label))
    return fold_memberships(store, index, iri, result, lang, relations)


def fold_memberships(
    store: ox.Store,
    index: Index,
    iri: str,
    hood: Neighbourhood,
    lang: Lang,
    relations: tuple[str, ...] = (),
) -> Neighbourhood:
    """``hood`` with scope-membership nodes replaced by role-labelled edges area → unit,
    and, when ``relations`` is given, only the edges of those predicates."""
    is_membership = {
        n for n, node in hood.nodes.items() if node.family == "ScopeMembership" and n != iri
    }
    edges = [
        e for e in hood.edges if e.source not in is_membership and e.target not in is_membership
    ]
    if is_membership or hood.nodes[iri].family == "ScopeMembership":
        edges += membership_edges(store, index, iri, lang)
    if relations:
        edges = [e for e in edges if e.relation in relations]
    nodes = {iri: hood.nodes[iri]}
    for edge in edges:
        for end in (edge.source, edge.target):
            if end not in nodes:
                nodes[end] = hood.nodes.get(end) or _node(index, end, lang)
    return Neighbourhood(nodes, edges)


def relation_counts(hood: Neighbourhood, iri: str, lang: Lang) -> dict[str, tuple[str, int]]:
    """The relations at ``iri`` in ``hood``: predicate → (label, number of edges)."""
    counts: dict[str, tuple[str, int]] = {}
    for edge in hood.edges:
        if iri in (edge.source, edge.target):
            label = tr("gb_membership", lang) if edge.relation == MEMBERSHIP else edge.label
            old = counts.get(edge.relation, (label, 0))
            counts[edge.relation] = (old[0], old[1] + 1)
    return counts


def zh_label(store: ox.Store, iri: str) -> str:
    """The node's Chinese label (what the catalogue's questions take as a name)."""
    return index_of(store).label(iri, "zh")


# --- node details -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """One property of a node: a literal value or a link to another node."""

    predicate: str
    predicate_label: str
    value: str
    target: str | None = None
    lang: str = ""


@dataclass
class NodeDetails:
    """What the browser shows beside the graph."""

    iri: str
    label: str
    kinds: list[str]
    statements: list[Statement]
    incoming: list[Statement]
    incoming_total: int
    sections: list[str]
    references: list[str]
    provenance: dict[str, list[str]]


_OUT = explorer_query("node-out")
_IN = explorer_query("node-in")
_IN_COUNT = explorer_query("node-in-count")
_SECTION = explorer_query("section-part")
_REFERENCE = explorer_query("reference")
RDF_TYPE = str(RDF.type)


def _reference_text(store: ox.Store, index: Index, iri: str, lang: Lang) -> str:
    rows = select(store, _REFERENCE, {"x": ox.NamedNode(iri)})
    row = rows[0] if rows else {}
    text = str(row.get("citation") or index.label(iri, lang))
    number = row.get("number")
    return f"[{number}] {text}" if number is not None and not text.startswith("[") else text


def node_details(store: ox.Store, iri: str, lang: Lang = "zh") -> NodeDetails:
    """The node's properties and links, incoming links, and its provenance."""
    index = index_of(store)
    node = ox.NamedNode(iri)
    statements: list[Statement] = []
    provenance: dict[str, list[str]] = defaultdict(list)
    sections: list[str] = []
    references: list[str] = []
    kinds: list[str] = []
    result = store.query(_OUT, substitutions={ox.Variable("n"): node})
    assert isinstance(result, ox.QuerySolutions)
    for solution in result:
        p, o = solution["p"], solution["o"]
        assert isinstance(p, ox.NamedNode)
        predicate = p.value
        if predicate == RDF_TYPE and isinstance(o, ox.NamedNode):
            kinds.append(predicate_label(index, o.value, lang))
            continue
        if predicate == PROV_DERIVED and isinstance(o, ox.NamedNode):
            parts = select(store, _SECTION, {"x": o})
            part = parts[0]["part"] if parts and parts[0]["part"] else None
            name = index.label(o.value, lang)
            sections.append(f"{index.label(part, lang)} · {name}" if part else name)
        if predicate == DCT_SOURCE and isinstance(o, ox.NamedNode):
            references.append(_reference_text(store, index, o.value, lang))
        if predicate in PROVENANCE_LITERALS and isinstance(o, ox.Literal):
            provenance[PROVENANCE_LITERALS[predicate]].append(o.value)
            continue
        label = predicate_label(index, predicate, lang)
        if isinstance(o, ox.NamedNode):
            statements.append(Statement(predicate, label, index.label(o.value, lang), o.value))
        elif isinstance(o, ox.Literal):
            statements.append(Statement(predicate, label, o.value, None, o.language or ""))
    incoming = []
    for row in select(store, _IN, {"n": node}):
        predicate = str(row["p"])
        label = predicate_label(index, predicate, lang)
        incoming.append(Statement(predicate, label, index.label(row["s"], lang), str(row["s"])))
    counted = select(store, _IN_COUNT, {"n": node})
    total = int(counted[0]["c"]) if counted else 0
    # a text given in several languages is shown in the chosen one (all of them when it lacks)
    wanted = "en" if lang == "en" else "zh"
    has_wanted = {s.predicate for s in statements if s.lang.lower().startswith(wanted)}
    statements = [
        s
        for s in statements
        if not s.lang or s.predicate not in has_wanted or s.lang.lower().startswith(wanted)
    ]
    statements.sort(key=lambda s: (s.predicate_label, s.value))
    incoming.sort(key=lambda s: (s.predicate_label, s.value))
    return NodeDetails(
        iri=iri,
        label=index.label(iri, lang),
        kinds=sorted(set(kinds)),
        statements=statements,
        incoming=incoming,
        incoming_total=total,
        sections=sorted(set(sections)),
        references=sorted(set(references)),
        provenance={k: sorted(set(v)) for k, v in provenance.items()},
    )


# --- one area's subgraph ----------------------------------------------------------------------

_AREA_SUBJECTS = explorer_query("area-subjects")


def area_subjects(store: ox.Store, area: str) -> set[str]:
    """Every node of an area's subgraph.

    The area, its memberships and member units (with the units containing them), its plans,
    documents and their chapters, figures, plan availability, agencies (with their parents),
    indicator systems and components; then what these point to among organisations, units,
    zones, source sections, references and vocabulary concepts.
    """
    index = index_of(store)
    core = {str(r["x"]) for r in select(store, _AREA_SUBJECTS, {"a": ox.NamedNode(area)}) if r["x"]}
    for member in list(core):
        for level in ("prefecture", "province"):
            core.update(index.places_at(member, level))
    linked: set[str] = set()
    for subject in core:
        result = store.quads_for_pattern(ox.NamedNode(subject), None, None, ox.DefaultGraph())
        for quad in result:
            o = quad.object
            if isinstance(o, ox.NamedNode) and quad.predicate.value != RDF_TYPE:
                linked.add(o.value)
    for iri in linked:
        if iri.startswith(MKG) or iri.startswith(f"{DEF}/genid"):
            continue  # ontology terms stay in the ontology
        if iri.startswith(DEF) or iri.startswith(ID):
            core.add(iri)
    return core


def _to_rdflib(term: Any) -> URIRef | RdfLiteral:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        return RdfLiteral(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError(f"unexpected term {term!r} in the store")


def subgraph(store: ox.Store, subjects: set[str]) -> Graph:
    """The triples of ``subjects`` as an rdflib graph with the project's prefixes."""
    graph = new_graph()
    for subject in sorted(subjects):
        for quad in store.quads_for_pattern(ox.NamedNode(subject), None, None, ox.DefaultGraph()):
            graph.add((URIRef(subject), URIRef(quad.predicate.value), _to_rdflib(quad.object)))
    return graph


def export_text(store: ox.Store, fmt: Format, area: str | None = None) -> tuple[str, int]:
    """The whole graph, or one area's subgraph, serialised; with its triple count."""
    if area is None:
        from loaders.export import graph_from_store

        graph = graph_from_store(store)
    else:
        graph = subgraph(store, area_subjects(store, area))
    return serialize(graph, fmt), len(graph)
