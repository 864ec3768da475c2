"""Encode a projection for FalkorDB's binary bulk-insert command, ``GRAPH.BULK``.

A load writes a fresh staging graph (see :meth:`loaders.graph.clients.FalkorGraph.stage`);
sending its nodes and edges as Cypher ``UNWIND $rows`` batches cost most of a large load's time
in encoding every value as Cypher text and the server parsing it back, and every edge matched
both of its ends through the ``uri`` index. ``GRAPH.BULK`` takes the values in binary and the
edges as pairs of node ids, which are the nodes' insertion order in a new graph.

The format (FalkorDB's ``src/bulk_insert/bulk_insert.c``; the official
``falkordb-bulk-loader`` writes it; this is our own encoder):

- command: ``GRAPH.BULK key [BEGIN] node_count edge_count node_tokens edge_tokens token...``;
  ``BEGIN`` creates the graph and is refused if the key exists; later commands append, and the
  node ids of a fresh graph keep counting across them.
- token: a header — label(s) as one NUL-terminated string (several labels joined by ``:``),
  a 4-byte property count, the NUL-terminated property names — then one record per entity:
  a node is its property values in header order; an edge is its source and destination node
  ids (8 bytes each), then its property values.
- value: one type byte, then 0 = null (the property is left out), 1 = bool (1 byte),
  2 = double (8 bytes), 3 = string (UTF-8, NUL-terminated), 4 = long (8 bytes), 5 = array
  (8-byte length, then that many values). The server reads numbers in its machine's byte
  order; they are sent little-endian (x86-64 and ARM64 servers).

What the format cannot hold — a NUL character in a string or a name, an integer outside
64 bits — raises :class:`NotBulkable`; the caller then writes that projection with Cypher.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from loaders.graph.dialect import checked_name
from loaders.graph.projection import NodeRow, Projection

#: Bytes of binary data per ``GRAPH.BULK`` command. The server runs a command on its main
#: thread, so this also bounds how long a reader of the live graph waits behind one: at ~1M
#: triples (37 MB in all), the worst read during a load took ~0.2 s with 4 MB commands,
#: ~0.35 s with 16 MB and ~0.7 s with 32 MB, the whole write as fast (busy 2-core machine).
COMMAND_BYTES = 4 * 1024 * 1024

_NULL = b"\x00"
_TRUE = b"\x01\x01"
_FALSE = b"\x01\x00"
_DOUBLE = struct.Struct("<Bd").pack
_LONG = struct.Struct("<Bq").pack
_ARRAY = struct.Struct("<Bq").pack
_COUNT = struct.Struct("<I").pack
_STRING = b"\x03"
_INT64 = (-(2**63), 2**63 - 1)


class NotBulkable(ValueError):
    """A value or name ``GRAPH.BULK`` cannot carry (the load falls back to Cypher)."""


class DanglingEdge(ValueError):
    """An edge of the projection ends at an IRI that is not one of its nodes."""


@dataclass
class BulkCommand:
    """The arguments of one ``GRAPH.BULK`` call after the key (and ``BEGIN``)."""

    nodes: int = 0
    edges: int = 0
    node_tokens: list[bytes] = field(default_factory=list)
    edge_tokens: list[bytes] = field(default_factory=list)
    size: int = 0

    def add(self, token: bytes, count: int, *, edges: bool) -> None:
        """Append a token of ``count`` nodes or edges."""
        if edges:
            self.edge_tokens.append(token)
            self.edges += count
        else:
            self.node_tokens.append(token)
            self.nodes += count
        self.size += len(token)

    def arguments(self) -> list[Any]:
        """``node_count edge_count node_tokens edge_tokens token...``"""
        return [
            self.nodes,
            self.edges,
            len(self.node_tokens),
            len(self.edge_tokens),
            *self.node_tokens,
            *self.edge_tokens,
        ]


def _text(value: str) -> bytes:
    data = value.encode()
    if b"\x00" in data:
        raise NotBulkable(f"a NUL character in {value[:40]!r}")
    return data


def _header(name: str, properties: Iterable[str]) -> bytes:
    keys = list(properties)
    return b"".join(
        [_text(name), _NULL, _COUNT(len(keys)), *(_text(key) + _NULL for key in keys)]
    )


def _value(value: Any) -> bytes:
    """One property value in the bulk format (bool before int: a bool is an int)."""
    kind = type(value)
    if kind is str:
        return _STRING + _text(value) + _NULL
    if kind is bool:
        return _TRUE if value else _FALSE
    if kind is int:
        if not _INT64[0] <= value <= _INT64[1]:
            raise NotBulkable(f"an integer outside 64 bits: {value}")
        return _LONG(4, value)
    if kind is float:
        return _DOUBLE(2, value)
    if kind is list:
        return _ARRAY(5, len(value)) + b"".join(_value(item) for item in value)
    if value is None:
        return _NULL
    raise NotBulkable(f"a property value of type {kind.__name__}")


def _runs(rows: list[NodeRow]) -> Iterator[tuple[tuple[str, ...], list[NodeRow]]]:
    """Consecutive nodes whose properties have the same names in the same order, with those
    names and then ``uri`` — the order in which the Cypher load set them (``SET n =
    row.props, n.uri = row.uri``), which is the order a node's properties are read back in."""
    run: list[NodeRow] = []
    keys: tuple[str, ...] = ()
    for row in rows:
        names = tuple(row.props)
        if run and names != keys:
            yield keys, run
            run = []
        keys = names
        run.append(row)
    if run:
        yield keys, run


def _node_records(rows: list[NodeRow], keys: tuple[str, ...]) -> Iterator[tuple[bytes, int]]:
    """Each node as its values of ``keys``, then its ``uri`` (a ``uri`` among ``keys`` is the
    node's IRI, as the Cypher load's ``SET n.uri = row.uri`` made it)."""
    string, end, value = _STRING, _NULL, _value
    for row in rows:
        props = row.props
        # strings (most values) inline; anything else, and a string holding NUL, by _value
        parts = [
            string + v.encode() + end if type(v) is str and "\x00" not in v else value(v)
            for v in (row.uri if key == "uri" else props[key] for key in keys)
        ]
        if "uri" not in keys:
            parts.append(string + _text(row.uri) + end)
        yield b"".join(parts), 1


def _commands(
    tokens: Iterable[tuple[bytes, Iterable[tuple[bytes, int]]]], limit: int, *, edges: bool
) -> Iterator[BulkCommand]:
    """Commands of up to ``limit`` bytes (at least one record each) from ``tokens`` (a header
    and its records, each bytes and how many entities it holds); a token that does not fit
    is split, its header repeated. Encoded lazily, one command at a time."""
    current = BulkCommand()
    for header, records in tokens:
        chunk: list[bytes] = []
        size, count = len(header), 0
        for record, entities in records:
            started = count or current.nodes or current.edges
            if started and current.size + size + len(record) > limit:
                if count:
                    current.add(header + b"".join(chunk), count, edges=edges)
                yield current
                current = BulkCommand()
                chunk, size, count = [], len(header), 0
            chunk.append(record)
            size += len(record)
            count += entities
        if count:
            current.add(header + b"".join(chunk), count, edges=edges)
    if current.nodes or current.edges:
        yield current


#: edges per record (16 bytes each): the unit in which an edge token is split
_EDGE_RECORD = 4_096


def _edge_records(
    pairs: list[tuple[str, str]], ids: dict[str, int]
) -> Iterator[tuple[bytes, int]]:
    """Edges as their two node ids (8 bytes each, little-endian)."""
    try:
        ends = array("Q", map(ids.__getitem__, chain.from_iterable(pairs)))
    except KeyError as exc:
        raise DanglingEdge(f"an edge ends at <{exc.args[0]}>, which is not a node") from None
    if sys.byteorder != "little":  # pragma: no cover
        ends.byteswap()
    data = ends.tobytes()
    step = 16 * _EDGE_RECORD
    for start in range(0, len(data), step):
        record = data[start : start + step]
        yield record, len(record) // 16


@dataclass
class BulkPlan:
    """A projection as ``GRAPH.BULK`` commands, encoded lazily (a command while the server
    runs the previous one): first all the nodes, then all the edges — no command holds both,
    so the ``uri`` index can be created in between. ``ids`` is each IRI's node id."""

    ids: dict[str, int]
    nodes: Iterator[BulkCommand]
    edges: Iterator[BulkCommand]


def plan(projection: Projection, limit: int = COMMAND_BYTES) -> BulkPlan:
    """The ``GRAPH.BULK`` commands that write ``projection`` into a new graph.

    Nodes go in label-set order (sorted, as the Cypher load wrote them), edges by relationship
    type (sorted), each in the projection's order: the graph gets the same node ids, and each
    node its properties in the same order, as from the Cypher load. Iterating raises
    :class:`NotBulkable` and :class:`DanglingEdge`.
    """
    by_labels: dict[tuple[str, ...], list[NodeRow]] = {}
    for node in projection.nodes.values():
        by_labels.setdefault(node.labels, []).append(node)
    groups = sorted(by_labels.items())
    ids = {row.uri: number for number, row in enumerate(r for _, rows in groups for r in rows)}

    def node_tokens() -> Iterator[tuple[bytes, Iterable[tuple[bytes, int]]]]:
        for labels, rows in groups:
            name = ":".join(checked_name(label) for label in labels)
            for keys, run in _runs(rows):
                columns = keys if "uri" in keys else (*keys, "uri")
                yield _header(name, columns), _node_records(run, keys)

    def edge_tokens() -> Iterator[tuple[bytes, Iterable[tuple[bytes, int]]]]:
        for rel_type, pairs in sorted(projection.edges.items()):
            if pairs:
                yield _header(checked_name(rel_type), ()), _edge_records(pairs, ids)

    return BulkPlan(
        ids,
        _commands(node_tokens(), limit, edges=False),
        _commands(edge_tokens(), limit, edges=True),
    )


def commands(projection: Projection, limit: int = COMMAND_BYTES) -> list[BulkCommand]:
    """All of :func:`plan`'s commands, encoded (nodes, then edges)."""
    planned = plan(projection, limit)
    return [*planned.nodes, *planned.edges]
