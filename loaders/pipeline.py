"""The load pipeline: seed files → records → RDF → SHACL → embedded store (atomically).

Nothing is written unless every step before the write succeeds; the write itself replaces the
previous graph atomically (see :mod:`loaders.rdfstore`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loaders.errors import InputError, InputProblem
from loaders.gc_pause import paused_gc
from loaders.generations import WouldRemoveMost, check_removal
from loaders.paths import DEFAULT_SEED, default_data_dir
from loaders.rdf.build import BuiltTriples, build_triples, ontology_triples, shacl_problems
from loaders.rdf.kinds import Triple
from loaders.rdfstore import (
    discard_generation,
    load_lock,
    ntriples_of,
    rdf_dir,
    switch_current,
    write_generation_ntriples,
)
from loaders.seed import SeedData, read_seed

if TYPE_CHECKING:  # the property graph's modules are imported by the loads that use them
    from loaders.graph.clients import GraphStore
    from loaders.graph.projection import Projection

Progress = Callable[[str], None]


class ValidationFailed(Exception):
    """The graph does not conform to the shapes; nothing was written."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class LoadResult:
    """What a load wrote."""

    triples: int
    store_path: Path
    seed: SeedData
    built: BuiltTriples
    graph_nodes: int | None = None
    graph_edges: int | None = None


def _noop(_: str) -> None:
    return None


def check_seed(seed_dir: Path, progress: Progress = _noop) -> tuple[SeedData, BuiltTriples]:
    """Read, map and validate; raise :class:`InputError` or :class:`ValidationFailed`."""
    with paused_gc():
        progress(f"读取 {seed_dir} / reading {seed_dir}")
        seed = read_seed(seed_dir)
        progress("将记录映射为 RDF / mapping records to RDF")
        built = build_triples(seed)
        progress(
            f"按 SHACL 形状检查 {len(built)} 个三元组 / checking {len(built)} triples against the "
            "SHACL shapes"
        )
        problems = shacl_problems(built)
    if problems:
        raise ValidationFailed(problems)
    return seed, built


def load(
    seed_dir: Path,
    data_dir: Path,
    progress: Progress = _noop,
    graph: GraphStore | None = None,
    replace_all: bool = False,
) -> LoadResult:
    """Validate ``seed_dir`` and replace the graph in ``data_dir`` (and in ``graph``) with it
    (:func:`check_seed`, then :func:`load_checked`)."""
    seed, built = check_seed(seed_dir, progress)
    return load_checked(seed_dir, seed, built, data_dir, progress, graph, replace_all)


def load_checked(
    seed_dir: Path,
    seed: SeedData,
    built: BuiltTriples,
    data_dir: Path,
    progress: Progress = _noop,
    graph: GraphStore | None = None,
    replace_all: bool = False,
) -> LoadResult:
    """Replace the graph in ``data_dir`` (and in ``graph``) with a seed :func:`check_seed` has
    read and validated.

    One load at a time holds the data directory's lock for both writes. A load that would
    remove most of the current instances raises :class:`WouldRemoveMost` (nothing written)
    unless ``replace_all``. Both stores are written side by side (:func:`_write_both`) and
    switch only when both writes succeeded: after a failure neither store has changed.
    """
    with load_lock(data_dir), paused_gc():
        check_removal(data_dir, built.triples, replace_all)
        progress(
            f"向内嵌存储写入 {len(built)} 个三元组 / writing {len(built)} triples to the embedded "
            "store"
        )
        name, nodes, edges = _write_both(
            data_dir,
            built.ntriples(),
            len(built),
            built.without_ontology if graph is not None else None,
            graph,
            progress,
            {},
        )
        _switch(data_dir, name, graph, f"load {seed_dir}")
    path = rdf_dir(data_dir) / "stores" / name
    return LoadResult(len(built), path, seed, built, nodes, edges)


@dataclass(frozen=True)
class FastLoadResult:
    """What :func:`load_triples` wrote, and how long each step took (seconds)."""

    triples: int
    store_path: Path
    graph_nodes: int | None
    graph_edges: int | None
    seconds: dict[str, float]


def load_triples(
    data: list[Triple],
    data_dir: Path,
    progress: Progress = _noop,
    graph: GraphStore | None = None,
    origin: str = "synth",
) -> FastLoadResult:
    """Replace both stores with ``data`` (mapper triples of instances, no ontology) — the
    path for large, already validated graphs (``metrokg synth``).

    The ontology joins ``data`` in the RDF store (the vocabularies only in the property
    graph), as in :func:`load`; both are written side by side (:func:`_write_both`). Python's
    cyclic garbage collector is paused meanwhile (a million tuples make each of its passes
    slow, and nothing here makes cycles).
    """
    seconds: dict[str, float] = {}
    with paused_gc(), load_lock(data_dir):
        started = time.perf_counter()
        rdf_triples = list(dict.fromkeys([*ontology_triples(with_ontology=True), *data]))
        text = ntriples_of(rdf_triples)
        seconds["serialise"] = time.perf_counter() - started
        progress(
            f"向内嵌存储写入 {len(rdf_triples)} 个三元组 / writing {len(rdf_triples)} triples to "
            "the embedded store"
        )

        def graph_triples() -> list[Triple]:
            return list(dict.fromkeys([*ontology_triples(with_ontology=False), *data]))

        name, nodes, edges = _write_both(
            data_dir,
            text,
            len(rdf_triples),
            graph_triples if graph is not None else None,
            graph,
            progress,
            seconds,
        )
        _switch(data_dir, name, graph, origin)
        seconds["total"] = time.perf_counter() - started
    path = rdf_dir(data_dir) / "stores" / name
    return FastLoadResult(len(rdf_triples), path, nodes, edges, seconds)


def _write_both(
    data_dir: Path,
    ntriples: bytes,
    count: int,
    graph_triples: Callable[[], list[Triple]] | None,
    graph: GraphStore | None,
    progress: Progress,
    seconds: dict[str, float],
) -> tuple[str, int | None, int | None]:
    """Write a new store generation of ``ntriples`` (not yet current) and, side by side, the
    projection of ``graph_triples()`` to ``graph``'s staging graph; return the generation's
    name and the graph's node and edge counts.

    Oxigraph bulk-loads the N-Triples in a thread (its parser and writer release the GIL)
    while this thread projects and writes the property graph (mostly waiting on the server).
    On any failure the new generation and the staging graph are dropped, then the error is
    raised: neither store has changed. The caller switches both (:func:`_switch`).
    """
    outcome: dict[str, Any] = {}

    def write_rdf() -> None:
        begun = time.perf_counter()
        try:
            outcome["name"] = write_generation_ntriples(data_dir, ntriples, count)
        except BaseException as exc:  # re-raised in the calling thread
            outcome["error"] = exc
        outcome["seconds"] = time.perf_counter() - begun

    writer = threading.Thread(target=write_rdf, name="metrokg-rdf-load")
    writer.start()
    nodes = edges = None
    try:
        if graph is not None and graph_triples is not None:
            from loaders.graph.load import projection_of_triples

            begun = time.perf_counter()
            projection = projection_of_triples(graph_triples())
            seconds["project"] = time.perf_counter() - begun
            progress(
                f"向属性图写入 {len(projection.nodes)} 个节点和 {projection.edge_count} 条关系 / "
                f"writing {len(projection.nodes)} nodes and {projection.edge_count}"
                " relationships to the property graph"
            )
            begun = time.perf_counter()
            _stage(graph, projection)
            seconds["graph_write"] = time.perf_counter() - begun
            nodes, edges = len(projection.nodes), projection.edge_count
    except BaseException:
        writer.join()
        if "name" in outcome:
            discard_generation(data_dir, outcome["name"])
        _discard(graph)
        raise
    writer.join()
    seconds["rdf_write"] = outcome["seconds"]
    if "error" in outcome:
        _discard(graph)
        raise outcome["error"]
    return outcome["name"], nodes, edges


def _switch(data_dir: Path, name: str, graph: GraphStore | None, origin: str) -> None:
    """Make the written generation and the staging graph current: the graph is renamed over
    the live one, then ``CURRENT`` names the generation. If either fails, the generation is
    dropped (the RDF store is as it was)."""
    try:
        if graph is not None:
            _publish(graph)
        switch_current(data_dir, name, origin)
    except BaseException:
        discard_generation(data_dir, name)
        raise


def _stage(graph: GraphStore, projection: Projection) -> None:
    stage = getattr(graph, "stage", None)
    if stage is None:  # a server without staging (Neo4j) is replaced in place
        graph.replace(projection)
    else:
        stage(projection)


def _publish(graph: GraphStore) -> None:
    publish = getattr(graph, "publish", None)
    if publish is not None:
        publish()


def _discard(graph: GraphStore | None) -> None:
    discard = getattr(graph, "discard", None)
    if discard is not None:
        discard()


__all__ = [
    "DEFAULT_SEED",
    "FastLoadResult",
    "InputError",
    "LoadResult",
    "ValidationFailed",
    "WouldRemoveMost",
    "check_seed",
    "default_data_dir",
    "load",
    "load_checked",
    "load_triples",
]
