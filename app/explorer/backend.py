"""The explorer's access to the stores, without Streamlit.

A :class:`Backend` holds the settings (from :func:`loaders.stores.Settings.from_env`), one
read-only reader of the embedded RDF store and, opened on first use, the property-graph client.

The RDF reader follows ``metrokg load``: every load writes a new store generation and switches
the ``CURRENT`` pointer (see :mod:`loaders.rdfstore`). :meth:`Backend.snapshot` compares the
pointer with the generation it has open and reopens read-only when it changed, so a running
explorer shows the new data without a restart while the load itself can run beside it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import pyoxigraph as ox

from app.explorer import generation_cache
from app.explorer.memory_copy import MemoryCopies, limit_from_env
from loaders.graph.clients import GraphStore
from loaders.rdfstore import StoreError, current_generation, rdf_dir
from loaders.stores import Settings, open_console_graph, open_graph
from ontology.namespaces import BASE_DEF, BASE_ID, VOC_BASE
from queries.explorer_queries import SELECT_PREFIXES, explorer_query, prefix_declarations
from queries.runner import sparql_term, term_value

PREFIXES = prefix_declarations(SELECT_PREFIXES)

MKG = BASE_DEF
ID = BASE_ID
KNOWN_PREFIXES = {
    MKG: "mkg:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://schema.org/": "schema:",
    "http://purl.org/dc/terms/": "dct:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/2003/01/geo/wgs84_pos#": "wgs:",
    "http://www.w3.org/ns/org#": "org:",
    "http://data.europa.eu/eli/ontology#": "eli:",
    "http://purl.org/linked-data/sdmx/2009/dimension#": "sdmx-dimension:",
    "http://purl.org/linked-data/sdmx/2009/measure#": "sdmx-measure:",
    "http://purl.org/linked-data/cube#": "qb:",
    "http://www.opengis.net/ont/geosparql#": "geo:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    VOC_BASE: "mkgv:",
    ID: "id:",
}


def curie(iri: str) -> str:
    """A short form of ``iri`` with the project's prefixes (the IRI itself if none fits)."""
    for base, prefix in sorted(KNOWN_PREFIXES.items(), key=lambda kv: -len(kv[0])):
        if iri.startswith(base):
            return prefix + iri[len(base) :]
    return iri


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def select(
    store: ox.Store, query: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run a selecting query (the project's prefixes prepended) with bound parameters; plain rows.

    A parameter is an :class:`pyoxigraph.NamedNode` (an IRI) or a plain value (a literal). It
    is bound, never pasted into the text; pyoxigraph binds only variables the query projects.
    """
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): value if isinstance(value, ox.NamedNode) else sparql_term(value)
        for name, value in (params or {}).items()
    }
    result = store.query(PREFIXES + query, substitutions=substitutions)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a query that selects rows")
    names = [v.value for v in result.variables]
    return [{n: term_value(solution[n]) for n in names} for solution in result]


def tuples(store: ox.Store, query: str, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Rows of a selecting query without parameters as tuples of plain values, in the order of
    ``columns`` (which must be the query's projection, in order): about half the time of
    :func:`select`'s dicts, for the label index's hundreds of thousands of rows at 1M."""
    result = store.query(PREFIXES + query)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a query that selects rows")
    found = tuple(v.value for v in result.variables)
    if found != columns:
        raise ValueError(f"the query selects {found}, not {columns}")
    return [tuple(map(term_value, solution)) for solution in result]


@dataclass(frozen=True)
class Snapshot:
    """One generation of the RDF store: opened read-only on disk, or its copy in memory."""

    data_dir: Path
    generation: str
    store: ox.Store = field(compare=False, repr=False)
    in_memory: bool = False

    @property
    def path(self) -> Path:
        """The generation's store directory (for the console sandbox)."""
        return rdf_dir(self.data_dir) / "stores" / self.generation


class Backend:
    """Settings, the RDF reader (reopened on a new generation) and the graph client.

    ``memory_copy_limit``: the most triples of a generation copied into memory for reads
    (see :mod:`app.explorer.memory_copy`; 0: always read the store on disk). ``warm_index``:
    read or build a newly opened generation's label index in a background thread, so that the
    first page a person opens finds it ready (or waits for that one build).
    """

    def __init__(
        self, settings: Settings, memory_copy_limit: int = 0, warm_index: bool = False
    ) -> None:
        self.settings = settings
        self._warm_index = warm_index
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._graph: GraphStore | None = None
        self._console_graph: GraphStore | None = None
        self._copies = MemoryCopies(memory_copy_limit)
        self.opened = 0  # how many generations this backend has opened (for tests)

    @classmethod
    def from_env(cls, data_dir: Path | None = None) -> Backend:
        """A backend for ``data_dir`` (default ``$METROKG_DATA_DIR``), copying a generation
        into memory up to ``$METROKG_MEMORY_COPY_LIMIT`` triples."""
        return cls(
            Settings.from_env(data_dir), memory_copy_limit=limit_from_env(), warm_index=True
        )

    @property
    def data_dir(self) -> Path:
        """The data directory."""
        return self.settings.data_dir

    def generation(self) -> str | None:
        """The generation a reader should see now (None before the first load)."""
        return current_generation(self.data_dir)

    def snapshot(self) -> Snapshot:
        """The current generation, reopened read-only when ``metrokg load`` switched it.

        Raises:
            StoreError: nothing was loaded yet, or the store cannot be opened.
        """
        with self._lock:
            generation = self.generation()
            if generation is None:
                raise StoreError(
                    f"{self.data_dir} 中尚未加载数据，请先运行 `metrokg load` / no graph loaded "
                    f"in {self.data_dir} yet; run `metrokg load` first"
                )
            current = self._snapshot
            if current is not None and current.generation == generation:
                copy = None if current.in_memory else self._copies.ready(generation)
                if copy is None:
                    return current
                return self._use(Snapshot(self.data_dir, generation, copy, in_memory=True))
            path = rdf_dir(self.data_dir) / "stores" / generation
            try:
                store = ox.Store.read_only(str(path))
            except (OSError, RuntimeError, ValueError) as exc:
                raise StoreError(
                    f"无法打开存储 {path}（{exc}） / cannot open the store {path}: {exc}"
                ) from exc
            opened = self._use(Snapshot(self.data_dir, generation, store))
            self._copies.request(generation, store)
            if self._warm_index:
                threading.Thread(
                    target=index_of, args=(store,), name=f"index-{generation}", daemon=True
                ).start()
            self.opened += 1
            return opened

    def _use(self, snapshot: Snapshot) -> Snapshot:
        """Read ``snapshot`` from now on (returned); what was derived from the store before is
        dropped, or handed over when ``snapshot`` is the same generation's memory copy."""
        previous = self._snapshot
        self._snapshot = snapshot
        remember_home(snapshot.store, snapshot.data_dir, snapshot.generation)
        if previous is not None and previous.generation == snapshot.generation:
            hand_over_store(previous.store, snapshot.store)  # the same triples, in memory
        elif previous is not None:
            forget_store(previous.store)
        return snapshot

    def wait_for_memory_copy(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds until reads come from the memory copy of the current
        generation; True when they do (False: no copy is made, or it is not done yet)."""
        snapshot = self.snapshot()
        if snapshot.in_memory:
            return True
        self._copies.wait(snapshot.generation, timeout)
        return self.snapshot().in_memory

    def memory_copy_failure(self) -> str | None:
        """Why the current generation could not be copied into memory, or None."""
        snapshot = self._snapshot
        return None if snapshot is None else self._copies.failure(snapshot.generation)

    def graph(self) -> GraphStore:
        """The property-graph client (the bundled FalkorDB server is started if needed).

        Raises:
            RuntimeError, ValueError, OSError: the server cannot be reached or started.
        """
        with self._lock:
            if self._graph is None:
                self._graph = open_graph(self.settings)
            return self._graph

    def console_graph(self) -> GraphStore:
        """The graph the Cypher console runs on (a read-only replica, started if needed).

        Raises:
            RuntimeError, ValueError, OSError: the server cannot be reached or started.
        """
        with self._lock:
            if self._console_graph is None:
                self._console_graph = open_console_graph(self.settings)
            return self._console_graph

    def forget_graph(self) -> None:
        """Drop the graph clients (after a connection error), so the next call reconnects."""
        with self._lock:
            self._graph = None
            self._console_graph = None


LABEL_PREDICATES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)
_INDEX_QUERY = explorer_query("index-labels")
_TYPES_QUERY = explorer_query("index-types")
_PARENTS_QUERY = explorer_query("index-parents")
_PLACES_QUERY = explorer_query("index-places")
_LEVELS_QUERY = explorer_query("index-levels")
LEVEL_BASE = "https://w3id.org/metrokg/def/level/"
# Nodes without a label of their own get one composed from what they link (zh, en templates).
_DERIVED_LABELS = (
    (explorer_query("derived-label-membership"), ("{a}（{b}）", "{a} ({b})")),
    (explorer_query("derived-label-observation"), ("{a} {b}{c}", "{a} {b} {c}")),
    (explorer_query("derived-label-availability"), ("{a}：{b}", "{a}: {b}")),
    (explorer_query("derived-label-facet-value"), ("{a}", "{a}")),
)


@dataclass(frozen=True)
class Index:
    """Labels, types and the class hierarchy of one store generation, for quick lookups."""

    labels: dict[str, tuple[str, str]]
    types: dict[str, tuple[str, ...]]
    parents: dict[str, tuple[str, ...]]
    places: dict[str, tuple[str, ...]] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)

    def places_at(self, iri: str, level: str) -> list[str]:
        """The units at ``level`` (province, prefecture, county) that contain ``iri`` or are it.

        Follows ``schema:containedInPlace`` and, for a special zone, ``mkg:liesIn``.
        """
        found: list[str] = []
        seen: set[str] = set()
        todo = [iri]
        while todo:
            current = todo.pop(0)
            if current in seen:
                continue
            seen.add(current)
            if self.levels.get(current) == LEVEL_BASE + level:
                found.append(current)
                continue
            todo.extend(self.places.get(current, ()))
        return found

    def label(self, iri: str | None, lang: str = "zh") -> str:
        """The label of ``iri`` in ``lang`` (English falls back to Chinese), else a short id."""
        if iri is None:
            return ""
        zh, en = self.labels.get(iri, ("", ""))
        if lang == "en" and en:
            return en
        if zh or en:
            return zh or en
        return short_id(iri)

    def has_label(self, iri: str) -> bool:
        """True when the node has a label, title or preferred label."""
        return iri in self.labels

    def ancestors(self, cls: str) -> set[str]:
        """``cls`` and all its superclasses."""
        seen: set[str] = set()
        todo = [cls]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            todo.extend(self.parents.get(current, ()))
        return seen

    def kind(self, iri: str) -> str | None:
        """The most specific class of ``iri`` (a local class preferred), or None."""
        types = self.types.get(iri, ())
        if not types:
            return None
        specific = [
            t
            for t in types
            if not any(t != other and t in self.ancestors(other) for other in types)
        ]
        local = [t for t in specific if t.startswith(MKG)]
        return sorted(local or specific)[0]

    def is_a(self, iri: str, cls: str) -> bool:
        """True when one of the node's types is ``cls`` or a subclass of it."""
        return any(cls in self.ancestors(t) for t in self.types.get(iri, ()))


def short_id(iri: str) -> str:
    """A readable id for a node without a label: its path under the instance base."""
    if iri.startswith(ID):
        return iri[len(ID) :]
    return curie(iri)


def _label_rank(predicate: str) -> int:
    return (
        LABEL_PREDICATES.index(predicate)
        if predicate in LABEL_PREDICATES
        else len(LABEL_PREDICATES)
    )


def build_index(store: ox.Store) -> Index:
    """Read every label, type and subclass link of ``store`` once."""
    labels: dict[str, tuple[str, str]] = {}
    result = store.query(_INDEX_QUERY)
    assert isinstance(result, ox.QuerySolutions)
    best: dict[str, dict[str, tuple[int, str]]] = {}
    for solution in result:
        x, p, lit = solution["x"], solution["p"], solution["l"]
        if not isinstance(x, ox.NamedNode) or not isinstance(lit, ox.Literal):
            continue
        assert isinstance(p, ox.NamedNode)
        lang = "en" if (lit.language or "").lower().startswith("en") else "zh"
        rank = _label_rank(p.value)
        slot = best.setdefault(x.value, {})
        if lang not in slot or (rank, lit.value) < slot[lang]:
            slot[lang] = (rank, lit.value)
    for iri, slot in best.items():
        labels[iri] = (slot.get("zh", (0, ""))[1], slot.get("en", (0, ""))[1])

    def part(value: Any, lang: int) -> str:
        if isinstance(value, str) and value in labels:
            zh, en = labels[value]
            return (en or zh) if lang else (zh or en)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return "" if value is None else str(value)

    for query, templates in _DERIVED_LABELS:
        for x, a, b, c in tuples(store, query, ("x", "a", "b", "c")):
            if x in labels:
                continue
            labels[x] = tuple(  # type: ignore[assignment]
                templates[lang].format(a=part(a, lang), b=part(b, lang), c=part(c, lang)).strip()
                for lang in (0, 1)
            )
    types: dict[str, list[str]] = {}
    for x, t in tuples(store, _TYPES_QUERY, ("x", "t")):
        if isinstance(t, str):
            types.setdefault(x, []).append(t)
    parents: dict[str, list[str]] = {}
    for c, p in tuples(store, _PARENTS_QUERY, ("c", "p")):
        parents.setdefault(c, []).append(p)
    places: dict[str, list[str]] = {}
    for u, p in tuples(store, _PLACES_QUERY, ("u", "p")):
        if isinstance(p, str):
            places.setdefault(u, []).append(p)
    levels = dict(tuples(store, _LEVELS_QUERY, ("u", "level")))
    return Index(
        labels=labels,
        types={k: tuple(sorted(v)) for k, v in types.items()},
        parents={k: tuple(sorted(v)) for k, v in parents.items()},
        places={k: tuple(sorted(v)) for k, v in places.items()},
        levels=levels,
    )


T = TypeVar("T")


class PerStore(Generic[T]):
    """What ``build`` makes of a store, built once per store object (the last ``keep`` kept).

    Callers asking while it is being built wait for that build instead of starting another.
    """

    def __init__(self, build: Callable[[ox.Store], T], keep: int = 4) -> None:
        self._build = build
        self._keep = keep
        self._made: dict[int, tuple[ox.Store, T]] = {}
        self._building: dict[int, threading.Event] = {}
        self._lock = threading.Lock()
        _per_store.add(self)

    def forget(self, store: ox.Store) -> None:
        """Drop what was built for ``store`` (a store no longer read: free its memory)."""
        with self._lock:
            hit = self._made.get(id(store))
            if hit is not None and hit[0] is store:
                del self._made[id(store)]

    def hand_over(self, old: ox.Store, new: ox.Store) -> None:
        """Keep what was built for ``old`` as ``new``'s (a copy of the same generation)."""
        with self._lock:
            hit = self._made.pop(id(old), None)
            if hit is not None and hit[0] is old:
                self._made[id(new)] = (new, hit[1])

    def __call__(self, store: ox.Store) -> T:
        while True:
            with self._lock:
                hit = self._made.get(id(store))
                if hit is not None and hit[0] is store:
                    return hit[1]
                running = self._building.get(id(store))
                if running is None:
                    running = self._building[id(store)] = threading.Event()
                    break
            running.wait()
        try:
            made = self._build(store)
            with self._lock:
                if len(self._made) >= self._keep:
                    self._made.pop(next(iter(self._made)))
                self._made[id(store)] = (store, made)
        finally:
            with self._lock:
                del self._building[id(store)]
            running.set()
        return made


_per_store: weakref.WeakSet[PerStore[Any]] = weakref.WeakSet()


def forget_store(store: ox.Store) -> None:
    """Drop every reference the explorer's caches hold to ``store`` (it is no longer read)."""
    for cache in list(_per_store):
        cache.forget(store)
    with _homes_lock:
        home = _homes.get(id(store))
        if home is not None and home[0] is store:
            del _homes[id(store)]


def hand_over_store(old: ox.Store, new: ox.Store) -> None:
    """What the caches built for ``old`` serves ``new``, a copy of the same generation."""
    for cache in list(_per_store):
        cache.hand_over(old, new)
    forget_store(old)


_INDEX_KEY = generation_cache.key_of(
    "index",
    [_INDEX_QUERY, _TYPES_QUERY, _PARENTS_QUERY, _PLACES_QUERY, _LEVELS_QUERY]
    + [query + "".join(templates) for query, templates in _DERIVED_LABELS],
)
_homes: dict[int, tuple[ox.Store, Path, str]] = {}
_homes_lock = threading.Lock()


def remember_home(store: ox.Store, data_dir: Path, generation: str) -> None:
    """Record that ``store`` is ``generation`` of ``data_dir`` (so its index can be kept on
    disk); the last few stores are remembered."""
    with _homes_lock:
        while len(_homes) >= 8:
            _homes.pop(next(iter(_homes)))
        _homes[id(store)] = (store, data_dir, generation)


def index_to_json(index: Index) -> dict[str, Any]:
    """The index as JSON-able data (lists for tuples)."""
    return {
        "labels": index.labels,
        "types": index.types,
        "parents": index.parents,
        "places": index.places,
        "levels": index.levels,
    }


def index_from_json(value: dict[str, Any]) -> Index:
    """The :class:`Index` :func:`index_to_json` gave."""
    return Index(
        labels={k: (v[0], v[1]) for k, v in value["labels"].items()},
        types={k: tuple(v) for k, v in value["types"].items()},
        parents={k: tuple(v) for k, v in value["parents"].items()},
        places={k: tuple(v) for k, v in value["places"].items()},
        levels=dict(value["levels"]),
    )


def stored_index(store: ox.Store) -> Index:
    """The store's index: read from the generation's cache on disk when the store is one a
    :class:`Backend` opened (built and stored there the first time), else built."""
    with _homes_lock:
        home = _homes.get(id(store))
    if home is None or home[0] is not store:
        return build_index(store)
    _, data_dir, generation = home
    value = generation_cache.cached(
        data_dir, generation, "index", _INDEX_KEY, lambda: index_to_json(build_index(store))
    )
    return index_from_json(value)


index_of = PerStore(stored_index)
"""The :class:`Index` of a store, built (or read from disk) once per store object."""
