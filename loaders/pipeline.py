"""The load pipeline: seed files → records → RDF → SHACL → embedded store (atomically).

Nothing is written unless every step before the write succeeds; the write itself replaces the
previous graph atomically (see :mod:`loaders.rdfstore`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import InputError, InputProblem
from loaders.graph.clients import GraphStore
from loaders.graph.load import load_graph
from loaders.rdf.build import BuiltGraph, build_graph, shacl_problems
from loaders.rdfstore import load_lock, quads_of, replace_graph
from loaders.seed import SeedData, read_seed

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEED = REPO_ROOT / "seed"

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
    built: BuiltGraph
    graph_nodes: int | None = None
    graph_edges: int | None = None


def default_data_dir() -> Path:
    """``$METROKG_DATA_DIR``, else ``~/.local/share/metrokg``."""
    env = os.environ.get("METROKG_DATA_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "metrokg"


def _noop(_: str) -> None:
    return None


def check_seed(seed_dir: Path, progress: Progress = _noop) -> tuple[SeedData, BuiltGraph]:
    """Read, map and validate; raise :class:`InputError` or :class:`ValidationFailed`."""
    progress(f"reading {seed_dir}")
    seed = read_seed(seed_dir)
    progress("mapping records to RDF")
    built = build_graph(seed)
    progress(f"checking {len(built.graph)} triples against the SHACL shapes")
    problems = shacl_problems(built)
    if problems:
        raise ValidationFailed(problems)
    return seed, built


def load(
    seed_dir: Path,
    data_dir: Path,
    progress: Progress = _noop,
    graph: GraphStore | None = None,
) -> LoadResult:
    """Validate ``seed_dir`` and replace the graph in ``data_dir`` (and in ``graph``) with it.

    One load at a time holds the data directory's lock for both writes. The property graph is
    written first (its own replace is atomic), then the RDF store switches: if the graph write
    fails, neither store has changed.
    """
    seed, built = check_seed(seed_dir, progress)
    nodes = edges = None
    with load_lock(data_dir):
        if graph is not None:
            progress("projecting into the property graph")
            counts = load_graph(graph, build_graph(seed, with_ontology=False).graph)
            nodes, edges = counts.nodes, counts.edges
        progress(f"writing {len(built.graph)} triples to the embedded store")
        path = replace_graph(data_dir, quads_of(built.graph), expected=len(built.graph))
    return LoadResult(len(built.graph), path, seed, built, nodes, edges)


__all__ = [
    "DEFAULT_SEED",
    "InputError",
    "LoadResult",
    "ValidationFailed",
    "check_seed",
    "default_data_dir",
    "load",
]
