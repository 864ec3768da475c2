"""Build the whole graph: ontology + gazetteer + curated records, and check it with SHACL."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from loaders.errors import InputProblem, Location
from loaders.rdf import divisions, iris, kinds
from loaders.rdf.kinds import Triple
from loaders.rdf.terms import Lit, from_rdflib, to_rdflib
from loaders.seed import HISTORY_SOURCE, Located, SeedData
from loaders.sharing.record import build_record, seed_hash
from loaders.sharing.record import record_triples as dataset_record_triples
from ontology.namespaces import PREFIXES

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
ONTOLOGY_FILES = ("metrokg.ttl", "vocabularies.ttl")
SHAPES_FILE = "shapes.ttl"
GENID_AUTHORITY = "https://w3id.org"
GENID_PATH = "/metrokg/def/genid/"


@dataclass
class BuiltGraph:
    """The graph and, for every curated subject, where its record was read."""

    graph: Graph
    origin: dict[URIRef, Location] = field(default_factory=dict)


@dataclass
class BuiltTriples:
    """A seed's graph as mapper triples, and for every curated subject where its record was read.

    ``data`` holds the records' triples (no ontology), ``triples`` the ontology (or only the
    vocabularies) and ``data``, each triple once, in mapping order — the triples an rdflib
    graph of the same records holds (:func:`build_graph`; the tests compare them). SHACL (the
    ``shacl`` engine), the store and the property graph read the triples; the rdflib
    :attr:`graph` is made on first use only (pyshacl, exports, tests).
    """

    data: list[Triple]
    triples: list[Triple]
    origin: dict[str, Location] = field(default_factory=dict)
    _ntriples: bytes | None = field(default=None, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.triples)

    @cached_property
    def graph(self) -> Graph:
        """The rdflib graph of :attr:`triples`."""
        graph = new_graph()
        for s, p, o in self.triples:
            graph.add((URIRef(s), URIRef(p), to_rdflib(o)))
        return graph

    def ntriples(self) -> bytes:
        """:attr:`triples` as N-Triples (UTF-8), made once (SHACL and the store read it)."""
        if self._ntriples is None:
            from loaders.rdfstore import ntriples_of

            self._ntriples = ntriples_of(self.triples)
        return self._ntriples

    def without_ontology(self) -> list[Triple]:
        """The vocabularies and :attr:`data`, each triple once: what the property graph
        projects (the triples of ``build_graph(seed, with_ontology=False)``)."""
        return list(dict.fromkeys([*ontology_triples(with_ontology=False), *self.data]))


def new_graph() -> Graph:
    """An empty rdflib graph with the project's prefixes bound."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def ontology_graph(files: tuple[str, ...] = ONTOLOGY_FILES) -> Graph:
    """The ontology and its SKOS vocabularies, blank nodes skolemised deterministically.

    The OWL ``unionOf`` domains are blank nodes in Turtle; the store keeps no blank nodes, so
    they get IRIs under ``https://w3id.org/metrokg/def/genid/`` derived from a canonical
    labelling (the same file always gives the same IRIs, so reloads stay identical). A new graph
    each call; the parsing and canonical labelling are done once a process, and kept in the
    derived-input cache (see :func:`_ontology_triples`; the same terms, as the tests check).
    """
    out = new_graph()
    for s, p, o in _ontology_triples(files):
        out.add((URIRef(s), URIRef(p), to_rdflib(o)))
    return out


@cache
def _skolemised(files: tuple[str, ...]) -> tuple[tuple[Node, Node, Node], ...]:
    g = new_graph()
    for name in files:
        g.parse(ONTOLOGY_DIR / name, format="turtle")
    canonical = to_canonical_graph(g)
    return tuple(canonical.skolemize(authority=GENID_AUTHORITY, basepath=GENID_PATH))


def shapes_text() -> str:
    """The SHACL shapes as the Turtle of their file (what the ``shacl`` engine reads)."""
    return (ONTOLOGY_DIR / SHAPES_FILE).read_text(encoding="utf-8")


def shapes_graph() -> Graph:
    """The SHACL shapes."""
    g = new_graph()
    g.parse(ONTOLOGY_DIR / SHAPES_FILE, format="turtle")
    return g


def _add(built: BuiltGraph, item: Located[Any] | None, triples: Iterable[Triple]) -> None:
    graph, origin = built.graph, built.origin
    for s, p, o in triples:
        subject = URIRef(s)
        graph.add((subject, URIRef(p), to_rdflib(o)))
        if item is not None and subject not in origin:
            origin[subject] = item.at()


RecordTriples = tuple["Located[Any] | None", Iterable[Triple]]


def record_triples(seed: SeedData) -> Iterator[RecordTriples]:
    """The triples of the source sections, the whole gazetteer and every record of ``seed``,
    grouped by the record they come from (None for the sections and the units); last, the
    dataset record describing them (:mod:`loaders.sharing.record`: DCAT, schema.org, VoID)."""
    if not seed.directory.is_dir():  # synthetic data (metrokg synth) has no seed to describe
        yield from _seed_groups(seed)
        return
    groups = [(item, list(triples)) for item, triples in _seed_groups(seed)]
    yield from groups
    counted = build_record((t for _, ts in groups for t in ts), seed_hash(seed.directory))
    yield None, dataset_record_triples(counted)


def _seed_groups(seed: SeedData) -> Iterator[RecordTriples]:
    yield None, kinds.source_triples()
    yield None, kinds.ingested_source_triples(seed)
    known: set[str] = set()
    for unit in seed.gazetteer.units.values():
        if seed.history is not None and unit.source == HISTORY_SOURCE:
            continue  # described by the history below
        known.add(iris.unit(unit.code))
        yield None, kinds.unit_triples(unit)
    if seed.history is not None:
        # the history of the units the seed names (and what their changes touch); the whole
        # history stays available to loaders.divisions.resolve
        named = {u.code for u in seed.resolved.values()}
        yield None, divisions.history_triples(seed.history, known, named)
    for a in seed.areas:
        yield a, kinds.area_triples(seed, a.record)
    for m in seed.memberships:
        yield m, kinds.membership_triples(seed, m.record)
    for z in seed.zones:
        yield z, kinds.zone_triples(seed, z.record)
    for p in seed.plans:
        yield p, kinds.plan_triples(seed, p.record)
    for g in seed.gaps:
        yield g, kinds.gap_triples(g.record)
    for c in seed.chapters:
        yield c, kinds.chapter_triples(c.record)
    for d in seed.documents:
        yield d, kinds.document_triples(seed, d.record)
    for f in seed.stated:
        yield f, kinds.stated_figure_triples(f.record)
    for n in seed.national:
        yield n, kinds.national_document_triples(n.record)
    for o in seed.organizations:
        yield o, kinds.organization_triples(seed, o.record)
    for ms in seed.modes:
        yield ms, kinds.mode_triples(ms.record)
    for i in seed.indicators:
        yield i, kinds.indicator_triples(seed, i.record)
    for r in seed.references:
        yield r, kinds.reference_triples(r.record)


def build_graph(seed: SeedData, *, with_ontology: bool = True) -> BuiltGraph:
    """Map every record of ``seed`` (and the whole gazetteer) to one graph.

    With ``with_ontology`` the OWL ontology and the SKOS vocabularies are included (the store
    can then be asked about its own classes); without, only the vocabularies are (what the
    property graph projects).
    """
    return build_graph_of(record_triples(seed), with_ontology=with_ontology)


def build_graph_of(groups: Iterable[RecordTriples], *, with_ontology: bool = True) -> BuiltGraph:
    """An rdflib graph of the ontology (or only the vocabularies) and ``groups`` of triples."""
    built = BuiltGraph(ontology_graph() if with_ontology else ontology_graph(("vocabularies.ttl",)))
    for item, triples in groups:
        _add(built, item, triples)
    return built


def ontology_triples(*, with_ontology: bool = True) -> list[Triple]:
    """The ontology (or only the vocabularies) as mapper triples (IRIs and :class:`Lit`)."""
    return list(_ontology_triples(ONTOLOGY_FILES if with_ontology else ("vocabularies.ttl",)))


@cache
def _ontology_triples(files: tuple[str, ...]) -> tuple[Triple, ...]:
    """The skolemised ontology files as mapper triples, from the derived-input cache when it
    holds them for these very files (parsing and canonical labelling cost more than the rest
    of a validation)."""
    import rdflib

    from loaders.derived_cache import cached_json, key_of

    name = "ontology-" + "+".join(f.removesuffix(".ttl") for f in files)
    extra = [f"rdflib {rdflib.__version__}", GENID_AUTHORITY, GENID_PATH]
    key = key_of(name, (ONTOLOGY_DIR / f for f in files), extra)
    stored = cached_json(name, key, lambda: _encode(_computed_ontology_triples(files)))
    try:
        return tuple((s, p, o if isinstance(o, str) else Lit(*o)) for s, p, o in stored)
    except (TypeError, ValueError):  # an entry damaged by hand: computed again
        return _computed_ontology_triples(files)


def _computed_ontology_triples(files: tuple[str, ...]) -> tuple[Triple, ...]:
    """The skolemised ontology files as mapper triples, each once (no cache)."""
    return tuple(dict.fromkeys((str(s), str(p), from_rdflib(o)) for s, p, o in _skolemised(files)))


def _encode(triples: Iterable[Triple]) -> list[list[Any]]:
    return [[s, p, o if isinstance(o, str) else list(o)] for s, p, o in triples]


def build_triples(seed: SeedData, *, with_ontology: bool = True) -> BuiltTriples:
    """Map every record of ``seed`` (and the whole gazetteer) to triples: the same triples
    :func:`build_graph` puts in an rdflib graph, without building one."""
    return build_triples_of(record_triples(seed), with_ontology=with_ontology)


def build_triples_of(
    groups: Iterable[RecordTriples], *, with_ontology: bool = True
) -> BuiltTriples:
    """The ontology (or only the vocabularies) and ``groups`` of triples, each triple once."""
    data: dict[Triple, None] = {}
    origin: dict[str, Location] = {}
    for item, triples in groups:
        for s, p, o in triples:
            triple = (_plain(s), _plain(p), o if isinstance(o, Lit) else _plain(o))
            data[triple] = None
            if item is not None and triple[0] not in origin:
                origin[triple[0]] = item.at()
    listed = list(data)
    everything = dict.fromkeys(ontology_triples(with_ontology=with_ontology))
    everything.update(data)
    return BuiltTriples(listed, list(everything), origin)


def _plain(iri: str) -> str:
    """An IRI as a plain ``str`` (a ``URIRef`` is one, but hashes differently)."""
    return iri if type(iri) is str else str.__str__(iri)


def shacl_problems(built: BuiltGraph | BuiltTriples) -> list[InputProblem]:
    """Validate against the shapes (:func:`shapes_graph`); each violation located at its record.

    The one entry to SHACL: the engine is chosen in :mod:`loaders.rdf.shacl`. Triples go to
    the ``shacl`` engine as N-Triples text, with no rdflib graph between.
    """
    from loaders.rdf.shacl import default_engine, violations

    data: Graph | bytes
    shapes: Graph | str
    if isinstance(built, BuiltTriples) and default_engine() == "shacl":
        data, shapes = built.ntriples(), shapes_text()  # no rdflib parsing or serialising
    else:
        data, shapes = built.graph, shapes_graph()
    if isinstance(built, BuiltTriples):
        origin: dict[str, Location] = built.origin
    else:
        origin = {str(s): where for s, where in built.origin.items()}
    names = built.graph.namespace_manager if isinstance(built, BuiltGraph) else None
    problems = []
    for found in violations(data, shapes):
        where = origin.get(found.focus)
        if found.path:
            names = names or new_graph().namespace_manager
            field_name: str | None = names.normalizeUri(URIRef(found.path))
        else:
            field_name = None
        location = Location(
            where.file if where else found.focus,
            where.line if where else None,
            where.record if where else None,
            field_name,
        )
        problems.append(
            InputProblem(
                location,
                f"shape violation: {found.message or 'constraint not met'} (node {found.focus})",
                found.value,
            )
        )
    return sorted(problems, key=lambda p: (p.location.file, p.location.line or 0, str(p)))
