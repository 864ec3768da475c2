"""The embedded RDF store: Oxigraph on disk, replaced atomically on every load.

Layout under the data directory::

    rdf/stores/<generation>/   one Oxigraph (RocksDB) directory per load
    rdf/CURRENT                the name of the generation readers open
    load.lock                  held (flock) by the one process that loads

A load writes a complete new generation, checks it (triple count), then switches ``CURRENT``
with ``os.replace`` — atomic on POSIX — so after any failure, including ``kill -9``, readers
see exactly the previous graph. Oxigraph allows one read-write process per directory; readers
(the explorer, the consoles) open the current generation read-only and notice a switch by
comparing :func:`current_generation`.
"""

from __future__ import annotations

import fcntl
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

from loaders.generations import (
    StoreError,
    current_generation,
    current_store_path,
    open_read_only,
    rdf_dir,
)
from loaders.rdf.kinds import Triple
from loaders.rdf.terms import Lit, normalise_lang

__all__ = [
    "StoreError",
    "current_generation",
    "current_store_path",
    "discard_generation",
    "load_lock",
    "ntriples_of",
    "open_read_only",
    "quads_of",
    "rdf_dir",
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
                f"another load (pid {holder}) is running; try again when it ends"
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


def replace_graph(data_dir: Path, quads: Iterable[ox.Quad], expected: int) -> Path:
    """Write ``quads`` as a new generation and make it current, atomically.

    The caller holds :func:`load_lock`. On any failure the new generation is removed and
    ``CURRENT`` still names the previous one.
    """
    return _replace(data_dir, lambda store: store.bulk_extend(quads), expected)


def replace_graph_ntriples(data_dir: Path, data: bytes, expected: int) -> Path:
    """As :func:`replace_graph`, from N-Triples text (see :func:`write_generation_ntriples`)."""
    name = write_generation_ntriples(data_dir, data, expected)
    try:
        switch_current(data_dir, name)
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


def _replace(data_dir: Path, write: Callable[[ox.Store], None], expected: int) -> Path:
    name = _write_generation(data_dir, write, expected)
    try:
        switch_current(data_dir, name)
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
        del store
        if count != expected:
            raise StoreError(f"store check failed: wrote {count} triples, expected {expected}")
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


def switch_current(data_dir: Path, name: str) -> None:
    """Point ``CURRENT`` at generation ``name``: write a temp file, fsync, rename (atomic).

    Then every other generation is removed except the one ``CURRENT`` named before (a reader
    that opened it just before the switch may still be using it). A generation left half
    written by a killed load is never kept in its place. Call it holding :func:`load_lock`.
    """
    previous = current_generation(data_dir)
    pointer = rdf_dir(data_dir) / "CURRENT"
    tmp = pointer.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, pointer)
    _fsync_dir(rdf_dir(data_dir))
    _prune(rdf_dir(data_dir) / "stores", keep={name} | ({previous} if previous else set()))


def _prune(stores: Path, keep: set[str]) -> None:
    """Remove every generation not named in ``keep``."""
    for path in stores.iterdir():
        if path.is_dir() and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
