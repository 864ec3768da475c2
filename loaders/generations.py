"""Store generations a person can see and go back to, and the guard against losing the graph.

- :func:`removal_of` / :func:`check_removal`: a load or an import that would remove most of
  the instances of the current graph (or leave none) stops with :class:`WouldRemoveMost`,
  which names what it would remove, class by class; it goes ahead only when asked to
  (``--replace-all``).
- :func:`list_generations`: the generations kept on disk (see :func:`loaders.rdfstore.keep_count`),
  newest first, each with its date, what made it and its instances per class.
- :func:`rollback`: make a kept generation current again in both stores, through the same
  atomic switch as a load (the property graph is projected from that generation first; if
  that fails, neither store has changed).
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, URIRef

from loaders.checks import data_triple_count
from loaders.rdf.kinds import Triple
from loaders.rdfstore import (
    StoreError,
    current_generation,
    load_lock,
    rdf_dir,
    read_meta,
    recorded_generations,
    switch_current,
)
from ontology.namespaces import BASE_DEF, RDF

if TYPE_CHECKING:
    from loaders.graph.clients import GraphStore

#: A load or import may remove at most this share of the current instances without --replace-all.
MAX_REMOVED_SHARE = 0.5

_INSTANCES = f"""
SELECT ?s ?class WHERE {{
  ?s <{RDF.type}> ?class .
  FILTER(STRSTARTS(STR(?class), "{BASE_DEF}"))
}}
"""


def _curie(iri: str) -> str:
    return "mkg:" + iri.removeprefix(BASE_DEF)


def instances_of_store(store: ox.Store) -> dict[str, set[str]]:
    """Subjects of every local class of ``store`` (direct types), by class IRI."""
    found: dict[str, set[str]] = {}
    result = store.query(_INSTANCES)
    assert isinstance(result, ox.QuerySolutions)
    for row in result:
        subject, cls = row["s"], row["class"]
        if isinstance(subject, ox.NamedNode) and isinstance(cls, ox.NamedNode):
            found.setdefault(cls.value, set()).add(subject.value)
    return found


def instances_of_graph(graph: Graph) -> dict[str, set[str]]:
    """Subjects of every local class of ``graph`` (direct types), by class IRI."""
    found: dict[str, set[str]] = {}
    for subject, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and str(cls).startswith(BASE_DEF):
            found.setdefault(str(cls), set()).add(str(subject))
    return found


def _open(path: Path) -> dict[str, set[str]]:
    # The store is closed when its last reference goes (it is in no reference cycle); no
    # gc.collect() here: a load calls this with the collector paused (loaders.gc_pause), when
    # a full collection walks every object of the checked seed (a tenth of a second or more).
    store = ox.Store.read_only(str(path))
    try:
        return instances_of_store(store)
    finally:
        del store


def current_instances(data_dir: Path) -> dict[str, set[str]]:
    """Instances by class of the current generation (empty before the first load)."""
    name = current_generation(data_dir)
    path = rdf_dir(data_dir) / "stores" / name if name else None
    if path is None or not path.is_dir():
        return {}
    return _open(path)


@dataclass(frozen=True)
class Removal:
    """What replacing the current graph by a new one would remove."""

    current: int
    kept: int
    new: int
    by_class: tuple[tuple[str, int, int], ...]  # (class CURIE, removed, of current)

    @property
    def removed(self) -> int:
        return self.current - self.kept

    @property
    def most(self) -> bool:
        """True when the new graph holds no instance, or most current instances would go."""
        if self.new == 0:
            return True
        return self.current > 0 and self.removed > self.current * MAX_REMOVED_SHARE


def removal_of(before: dict[str, set[str]], after: dict[str, set[str]]) -> Removal:
    """Compare instances by class: how many of ``before`` are not instances in ``after``."""
    after_all = set().union(*after.values()) if after else set()
    before_all = set().union(*before.values()) if before else set()
    by_class = []
    for cls in sorted(before):
        gone = len(before[cls] - after.get(cls, set()))
        if gone:
            by_class.append((_curie(cls), gone, len(before[cls])))
    by_class.sort(key=lambda item: -item[1])
    return Removal(
        current=len(before_all),
        kept=len(before_all & after_all),
        new=len(after_all),
        by_class=tuple(by_class),
    )


class WouldRemoveMost(Exception):
    """A load or import would remove most of the graph; nothing was changed."""

    def __init__(self, removal: Removal) -> None:
        self.removal = removal
        super().__init__(self.message())

    def message(self) -> str:
        r = self.removal
        classes = "; ".join(f"{c} {gone:,}/{of:,}" for c, gone, of in r.by_class[:12])
        if len(r.by_class) > 12:
            classes += f"; … ({len(r.by_class) - 12} more classes)"
        if r.new == 0:
            head = (
                f"新数据不含任何实例，将删除全部 {r.current:,} 个实例 / the new data holds no "
                f"instance of the ontology's classes and would remove all {r.current:,}"
            )
        else:
            head = (
                f"将删除当前图中 {r.removed:,} / {r.current:,} 个实例 / this would remove "
                f"{r.removed:,} of the {r.current:,} instances of the current graph"
            )
        lines = [head]
        if classes:
            lines.append(f"按类 / by class (removed/current): {classes}")
        lines.append(
            "未做任何更改；确认替换请加 --replace-all / nothing was changed; "
            "add --replace-all to replace the graph anyway (`metrokg rollback` undoes it)"
        )
        return "\n".join(lines)


def instances_of_triples(triples: Iterable[Triple]) -> dict[str, set[str]]:
    """Subjects of every local class of mapper ``triples`` (direct types), by class IRI."""
    found: dict[str, set[str]] = {}
    rdf_type = str(RDF.type)
    for subject, predicate, cls in triples:
        if predicate == rdf_type and isinstance(cls, str) and cls.startswith(BASE_DEF):
            found.setdefault(cls, set()).add(subject)
    return found


def check_removal(data_dir: Path, new: Graph | list[Triple], replace_all: bool) -> Removal:
    """Raise :class:`WouldRemoveMost` unless ``replace_all`` or the load keeps most instances.

    ``new`` is the graph to load, or its mapper triples. Call it holding
    :func:`loaders.rdfstore.load_lock`.
    """
    after = instances_of_graph(new) if isinstance(new, Graph) else instances_of_triples(new)
    removal = removal_of(current_instances(data_dir), after)
    if removal.most and not replace_all and (removal.current > 0 or removal.new == 0):
        raise WouldRemoveMost(removal)
    return removal


@dataclass(frozen=True)
class Generation:
    """One kept generation of the store."""

    name: str
    created: str
    origin: str
    current: bool
    triples: int
    classes: tuple[tuple[str, int], ...]  # (class CURIE, instances), largest first


def list_generations(data_dir: Path) -> list[Generation]:
    """The kept generations, newest first."""
    current = current_generation(data_dir)
    names = recorded_generations(data_dir)
    if current and current not in names and (rdf_dir(data_dir) / "stores" / current).is_dir():
        names.append(current)  # made current before generations were noted
    found = []
    for name in reversed(names):
        note = read_meta(data_dir, name) or {}
        created = note.get("created")
        when = (
            time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(created))
            if isinstance(created, int | float)
            else "?"
        )
        path = rdf_dir(data_dir) / "stores" / name
        store = ox.Store.read_only(str(path))
        try:
            triples = data_triple_count(store)
            counts = Counter({_curie(c): len(s) for c, s in instances_of_store(store).items()})
        finally:
            del store
            gc.collect()
        found.append(
            Generation(
                name=name,
                created=when,
                origin=str(note.get("origin", "?")),
                current=name == current,
                triples=triples,
                classes=tuple(counts.most_common()),
            )
        )
    return found


def projection_graph(path: Path) -> Graph:
    """What the property graph holds for the generation at ``path``: its triples without the
    OWL ontology (the vocabularies stay), as a load projects them."""
    from loaders.export import graph_from_store
    from loaders.rdf.build import ontology_graph

    store = ox.Store.read_only(str(path))
    try:
        graph = graph_from_store(store)
    finally:
        del store
        gc.collect()
    vocabularies = ontology_graph(("vocabularies.ttl",))
    for triple in ontology_graph():
        if triple not in vocabularies:
            graph.remove(triple)
    return graph


def rollback(data_dir: Path, name: str | None, graph: GraphStore | None = None) -> str:
    """Make generation ``name`` (default: the one made before the current one) current again
    in both stores; its name.

    Raises:
        StoreError: no such generation, or nothing to go back to.
    """
    from loaders.graph.load import load_graph

    with load_lock(data_dir):
        current = current_generation(data_dir)
        names = recorded_generations(data_dir)
        if name is None:
            older = names[: names.index(current)] if current in names else names[:-1]
            if not older:
                raise StoreError(
                    "没有更早的版本可回退 / there is no earlier generation to go back to "
                    "(`metrokg generations` lists them)"
                )
            name = older[-1]
        path = rdf_dir(data_dir) / "stores" / name
        if "/" in name or name not in names or not path.is_dir():
            raise StoreError(
                f"没有版本 {name!r} / no generation {name!r} is kept "
                "(`metrokg generations` lists them)"
            )
        if graph is not None:
            load_graph(graph, projection_graph(path))
        switch_current(data_dir, name, origin=None)
    return name


__all__ = [
    "MAX_REMOVED_SHARE",
    "Generation",
    "Removal",
    "WouldRemoveMost",
    "check_removal",
    "list_generations",
    "removal_of",
    "rollback",
]
