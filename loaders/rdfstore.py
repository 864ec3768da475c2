"""The embedded RDF store: Oxigraph on disk, replaced atomically on every load.

Layout under the data directory::

    rdf/stores/<generation>/   one Oxigraph (RocksDB) directory per load
    rdf/CURRENT                the name of the generation readers open
    rdf/meta/<generation>.json when it was made current first, and by what (load, import, …)
    load.lock                  held (flock) by the one process that loads
    cache/                     derived, read-only inputs (see :mod:`loaders.derived_cache`)

A load writes a complete new generation, checks it (triple count), then switches ``CURRENT``
with ``os.replace`` — atomic on POSIX — so after any failure, including ``kill -9``, readers
see exactly the previous graph. Oxigraph allows one read-write process per directory; readers
(the explorer, the consoles) open the current generation read-only and notice a switch by
comparing :func:`current_generation`.

The last ``$METROKG_KEEP_GENERATIONS`` generations made current (default 5, at least 3) are
kept, so that ``metrokg rollback`` can undo a load or an import.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from loaders.checks import record_rdf_checks
from loaders.rdf.kinds import Triple
from loaders.rdf.terms import Lit, normalise_lang
from loaders.store_paths import (
    StoreError,
    current_generation,
    current_store_path,
    open_read_only,
    rdf_dir,
)

KEEP_ENV = "METROKG_KEEP_GENERATIONS"
DEFAULT_KEEP = 5
MIN_KEEP = 3


def keep_count() -> int:
    """How many generations to keep: ``$METROKG_KEEP_GENERATIONS`` (at least 3), default 5."""
    raw = os.environ.get(KEEP_ENV, "").strip()
    if not raw:
        return DEFAULT_KEEP
    if not raw.isascii() or not raw.isdigit() or len(raw) > 4:
        raise StoreError(
            f"{KEEP_ENV}={raw!r} 不是整数 / is not a whole number; "
            f"give a number of generations to keep (at least {MIN_KEEP})"
        )
    return max(MIN_KEEP, int(raw))


def meta_dir(data_dir: Path) -> Path:
    """The folder holding one JSON note per generation (when and by what it was made)."""
    return rdf_dir(data_dir) / "meta"


def read_meta(data_dir: Path, name: str) -> dict[str, object] | None:
    """The note of generation ``name``, or None (a generation never made current has none)."""
    try:
        raw = json.loads((meta_dir(data_dir) / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return raw if isinstance(raw, dict) else None


def _write_meta(data_dir: Path, name: str, origin: str) -> None:
    folder = meta_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    note = {"created": time.time(), "origin": origin}
    tmp = folder / f"{name}.json.tmp"
    tmp.write_text(json.dumps(note, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / f"{name}.json")


def recorded_generations(data_dir: Path) -> list[str]:
    """Generations that were made current and are still on disk, oldest first."""
    stores = rdf_dir(data_dir) / "stores"
    found: list[tuple[float, str]] = []
    if not stores.is_dir():
        return []
    for path in stores.iterdir():
        note = read_meta(data_dir, path.name) if path.is_dir() else None
        if note is not None:
            created = note.get("created")
            found.append((float(created) if isinstance(created, int | float) else 0.0, path.name))
    return [name for _, name in sorted(found)]


__all__ = [
    "StoreError",
    "current_generation",
    "current_store_path",
    "discard_generation",
    "keep_count",
    "load_lock",
    "ntriples_of",
    "open_read_only",
    "quads_of",
    "rdf_dir",
    "read_meta",
    "recorded_generations",
    "replace_graph",
    "replace_graph_ntriples",
    "switch_current",
    "to_ox",
    "write_generation_ntriples",
]


def to_ox(term: Node) -> ox.NamedNode | ox.Literal:
    """Convert an rdflib term (no blank nodes allowed) to a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=normalise_lang(term.language))
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        raise ValueError(f"blank node {term} in the graph: every node needs an IRI")
    raise TypeError(f"unsupported term {term!r}")


def quads_of(graph: Graph) -> Iterator[ox.Quad]:
    """The graph's triples as quads of the default graph."""
    for s, p, o in graph:
        subject = to_ox(s)
        assert isinstance(subject, ox.NamedNode)
        predicate = to_ox(p)
        assert isinstance(predicate, ox.NamedNode)
        yield ox.Quad(subject, predicate, to_ox(o), ox.DefaultGraph())


@contextmanager
def load_lock(data_dir: Path) -> Iterator[None]:
    """Hold the single-writer lock, or raise :class:`StoreError` naming the holder."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "load.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise StoreError(
                f"另一个加载（进程 {holder}）正在运行，请在它结束后重试 / another load "
                f"(pid {holder}) is running; try again when it ends"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_graph(
    data_dir: Path, quads: Iterable[ox.Quad], expected: int, origin: str = "load"
) -> Path:
    """Write ``quads`` as a new generation and make it current, atomically.

    The caller holds :func:`load_lock`. On any failure the new generation is removed and
    ``CURRENT`` still names the previous one. ``origin`` says what made it (kept in its note).
    """
    return _replace(data_dir, lambda store: store.bulk_extend(quads), expected, origin)


def replace_graph_ntriples(
    data_dir: Path, data: bytes, expected: int, origin: str = "load"
) -> Path:
    """As :func:`replace_graph`, from N-Triples text (see :func:`write_generation_ntriples`)."""
    name = write_generation_ntriples(data_dir, data, expected)
    try:
        switch_current(data_dir, name, origin)
    except BaseException:
        discard_generation(data_dir, name)
        raise
    return rdf_dir(data_dir) / "stores" / name


def write_generation_ntriples(data_dir: Path, data: bytes, expected: int) -> str:
    """Write N-Triples text as a new generation, checked but not yet current; its name.

    Oxigraph's bulk loader parses the text (several times faster than quads made in Python;
    it releases the GIL, so another thread can write the property graph meanwhile). The text
    must come from :func:`ntriples_of`: IRIs are not validated again (``lenient``). Make it
    current with :func:`switch_current`, or remove it with :func:`discard_generation`.
    """
    return _write_generation(
        data_dir,
        lambda store: store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True),
        expected,
    )


def discard_generation(data_dir: Path, name: str) -> None:
    """Remove a generation that was written but never made current."""
    shutil.rmtree(rdf_dir(data_dir) / "stores" / name, ignore_errors=True)


def _replace(data_dir: Path, write: Callable[[ox.Store], None], expected: int, origin: str) -> Path:
    name = _write_generation(data_dir, write, expected)
    try:
        switch_current(data_dir, name, origin)
    except BaseException:
        discard_generation(data_dir, name)
        raise
    return rdf_dir(data_dir) / "stores" / name


def _write_generation(data_dir: Path, write: Callable[[ox.Store], None], expected: int) -> str:
    stores = rdf_dir(data_dir) / "stores"
    stores.mkdir(parents=True, exist_ok=True)
    name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    path = stores / name
    try:
        store = ox.Store(str(path))
        write(store)
        store.flush()
        count = len(store)
        if count != expected:
            del store
            raise StoreError(
                f"存储检查失败：写入 {count} 个三元组，应为 {expected} 个 / store check failed: "
                f"wrote {count} triples, expected {expected}"
            )
        # what the data lacks, computed from what was just written (loaders.checks)
        record_rdf_checks(store)
        store.flush()
        del store
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return name


def _escape(text: str) -> str:
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\n" in text or "\r" in text:
        text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text


def ntriples_of(triples: Iterable[Triple]) -> bytes:
    """Mapper triples (IRIs and :class:`Lit`, no blank nodes) as N-Triples, UTF-8."""
    lines: list[str] = []
    append = lines.append
    for s, p, o in triples:
        if isinstance(o, Lit):
            lit = o
            value = _escape(lit.value)
            if lit.lang is not None:
                append(f'<{s}> <{p}> "{value}"@{lit.lang} .\n')
            elif lit.datatype is not None:
                append(f'<{s}> <{p}> "{value}"^^<{lit.datatype}> .\n')
            else:
                append(f'<{s}> <{p}> "{value}" .\n')
        else:
            append(f"<{s}> <{p}> <{o}> .\n")
    return "".join(lines).encode("utf-8")


def switch_current(data_dir: Path, name: str, origin: str | None = "load") -> None:
    """Point ``CURRENT`` at generation ``name``: write a temp file, fsync, rename (atomic).

    ``origin`` (what made the generation: load, import, restore, synth) is noted first; None
    keeps the note it has (a rollback to an older generation). Then generations are pruned:
    kept are the new one, the one ``CURRENT`` named before (a reader that opened it just before
    the switch may still be using it) and the newest :func:`keep_count` generations that were
    ever made current. A generation left half written by a killed load is never kept. Call it
    holding :func:`load_lock`.
    """
    keep = keep_count()
    previous = current_generation(data_dir)
    if origin is not None:
        _write_meta(data_dir, name, origin)
    pointer = rdf_dir(data_dir) / "CURRENT"
    tmp = pointer.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, pointer)
    _fsync_dir(rdf_dir(data_dir))
    kept = {name, *recorded_generations(data_dir)[-keep:]}
    if previous:
        kept.add(previous)
    _prune(data_dir, kept)


def _prune(data_dir: Path, keep: set[str]) -> None:
    """Remove every generation (and its note) not named in ``keep``."""
    for path in (rdf_dir(data_dir) / "stores").iterdir():
        if path.is_dir() and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
    notes = meta_dir(data_dir)
    if notes.is_dir():
        for note in notes.iterdir():
            if note.name.removesuffix(".json") not in keep:
                note.unlink(missing_ok=True)
