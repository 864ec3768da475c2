"""Property-graph clients: FalkorDB over its native protocol, Neo4j over Bolt.

Both take an already-made connection (the seam in :mod:`loaders.stores` makes it) and offer the
same three things: a read-only query with bound parameters and a time limit, replacing the
whole projection, and node/edge counts.

FalkorDB: a load writes a staging graph and ``RENAME``s it over the live one — atomic in the
server, so readers see the old or the new graph, never a mix, and no stale node survives.
Neo4j: a load deletes the old projection and writes the new one in batches, all in one write
transaction, checks the node and edge counts inside it, and commits only then — readers see the
old or the new graph, and a failed load (any error, a failed check, a lost connection) is rolled
back by the server, leaving the previous graph. The server's per-transaction memory limit must
therefore hold one whole load (measured in ``bench/``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import redis

from loaders.graph.bulk import COMMAND_BYTES, BulkCommand, DanglingEdge, NotBulkable, plan
from loaders.graph.dialect import FALKORDB, NEO4J, Dialect, checked_name
from loaders.graph.projection import Projection

BATCH = 2_000
CREATE_BATCH = 5_000  # rows per statement when FalkorDB writes a fresh staging graph
GRAPH_NAME = "metrokg"
LOAD_TIMEOUT_S = 3_600  # a Neo4j load is one transaction: it may run past the server's default


@dataclass(frozen=True)
class GraphResult:
    """Rows of a Cypher query, values plain (nodes and edges as property dicts)."""

    columns: list[str]
    rows: list[dict[str, Any]]


class GraphError(RuntimeError):
    """A query or write failed; the message is one line for the user."""


class GraphStore(Protocol):
    """What the rest of metrokg needs from a property-graph database."""

    dialect: Dialect

    def read(
        self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int = 10_000
    ) -> GraphResult:
        """Run a read-only query."""
        ...

    def replace(self, projection: Projection) -> None:
        """Replace the whole projection."""
        ...

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) of the live graph."""
        ...


def _batches(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write_statements(
    dialect: Dialect, projection: Projection, size: int = BATCH
) -> Iterator[tuple[str, dict[str, Any]]]:
    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for node in projection.nodes.values():
        by_labels.setdefault(node.labels, []).append({"uri": node.uri, "props": node.props})
    for labels, rows in sorted(by_labels.items()):
        for batch in _batches(rows, size):
            yield dialect.merge_nodes(labels), {"rows": list(batch)}
    for rel_type, pairs in sorted(projection.edges.items()):
        rows = [{"s": s, "o": o} for s, o in pairs]
        for batch in _batches(rows, size):
            yield dialect.merge_edges(rel_type), {"rows": list(batch)}


def _fresh_statements(
    dialect: Dialect, projection: Projection, size: int = BATCH
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``CREATE`` batches for a graph emptied in the same transaction (Neo4j loads)."""
    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for node in projection.nodes.values():
        by_labels.setdefault(node.labels, []).append({"uri": node.uri, "props": node.props})
    for labels, rows in sorted(by_labels.items()):
        for batch in _batches(rows, size):
            yield dialect.create_nodes(labels), {"rows": list(batch)}
    for rel_type, pairs in sorted(projection.edges.items()):
        edge_rows = [{"s": s, "o": o} for s, o in pairs]
        for batch in _batches(edge_rows, size):
            yield dialect.create_edges(rel_type), {"rows": list(batch)}


def _node_statements(
    projection: Projection, size: int = CREATE_BATCH
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``CREATE`` batches of the nodes for an empty graph (FalkorDB staging), by label set."""
    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for node in projection.nodes.values():
        by_labels.setdefault(node.labels, []).append({"uri": node.uri, "props": node.props})
    for labels, rows in sorted(by_labels.items()):
        names = ":".join(checked_name(label) for label in labels)
        statement = f"UNWIND $rows AS row CREATE (n:{names}) SET n = row.props, n.uri = row.uri"
        for batch in _batches(rows, size):
            yield statement, {"rows": list(batch)}


def _edge_statements(
    projection: Projection, size: int = CREATE_BATCH
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``CREATE`` batches of the edges, by type, each end matched through the ``uri`` index."""
    for rel_type, pairs in sorted(projection.edges.items()):
        statement = (
            "UNWIND $rows AS row "
            "MATCH (a:Resource {uri: row[0]}) MATCH (b:Resource {uri: row[1]}) "
            f"CREATE (a)-[:{checked_name(rel_type)}]->(b)"
        )
        pair_rows = [[s, o] for s, o in pairs]
        for batch in _batches(pair_rows, size):
            yield statement, {"rows": list(batch)}


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _scalar(cell: Any, graph: Any) -> Any:
    """A value of a compact FalkorDB result as a plain Python value (see :func:`plain`)."""
    kind, value = cell[0], cell[1]
    if kind == 2:
        return value.decode() if isinstance(value, bytes) else value
    if kind == 1:
        return None
    if kind == 3:
        return int(value)
    if kind == 5:
        return float(value)
    if kind == 4:
        return _text(value) == "true"
    if kind == 6:
        return [_scalar(item, graph) for item in value]
    from falkordb.query_result import parse_scalar

    return plain(parse_scalar(cell, graph))


def plain(value: Any) -> Any:
    """Convert driver objects (nodes, edges, paths) to plain Python values."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    props = getattr(value, "properties", None)
    if isinstance(props, dict):
        return {k: plain(v) for k, v in props.items()}
    if hasattr(value, "items") and hasattr(value, "labels"):  # neo4j Node
        return {k: plain(v) for k, v in value.items()}
    return value


class FalkorGraph:
    """A FalkorDB graph reached with the ``falkordb`` client (native protocol)."""

    dialect = FALKORDB
    #: bytes of binary data per ``GRAPH.BULK`` command (see :mod:`loaders.graph.bulk`)
    bulk_bytes = COMMAND_BYTES

    def __init__(self, db: Any, name: str = GRAPH_NAME) -> None:
        self.db = db
        self.name = name

    def read(
        self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int = 10_000
    ) -> GraphResult:
        """Run ``query`` through ``GRAPH.RO_QUERY`` (the server refuses writes)."""
        if self.name not in self.db.list_graphs():
            raise GraphError("the property graph is empty; run `metrokg load` first")
        graph = self.db.select_graph(self.name)
        try:
            # The client's own parameter header (values bound as Cypher literals, the way
            # FalkorDB takes parameters), then the compact result read here: the client's
            # generic row parser costs more than the query on large answers.
            text = graph._build_params_header(params or {}) + query
            response = graph.execute_command(
                "GRAPH.RO_QUERY", self.name, text, "--compact", "timeout", timeout_ms
            )
            if response and isinstance(response[0], Exception):
                raise response[0]
            if response and isinstance(response[-1], Exception):
                raise response[-1]
            if len(response) < 3:
                return GraphResult([], [])
            columns = [_text(h[1]) for h in response[0]]
            rows = [
                dict(zip(columns, [_scalar(cell, graph) for cell in row], strict=True))
                for row in response[1]
            ]
        except GraphError:
            raise
        except Exception as exc:  # the client raises plain redis errors
            raise GraphError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
        return GraphResult(columns, rows)

    def replace(self, projection: Projection) -> None:
        """Write a staging graph, then rename it over the live one (atomic)."""
        self.stage(projection)
        self.publish()

    @property
    def staging_name(self) -> str:
        """The graph a load writes before it is renamed over the live one."""
        return f"{self.name}__staging"

    def stage(self, projection: Projection) -> None:
        """Write ``projection`` as the staging graph (the live graph is untouched) and check
        its node and edge counts. The staging graph starts empty, so nodes and edges are
        created, not merged: the projection holds each node and each edge once.

        Written with ``GRAPH.BULK`` (see :mod:`loaders.graph.bulk`); a projection holding what
        that format cannot carry is written with Cypher instead (:meth:`stage_by_queries`)."""
        bulk = plan(projection, self.bulk_bytes)
        graph = self._fresh_staging()
        try:
            self._send_bulk(graph.name, bulk.nodes, begin=True)
            # the index after the nodes (built once over all of them, as the Cypher load did),
            # filled by the server while the edges are encoded and written
            graph.query(self.dialect.create_uri_index)
            self._send_bulk(graph.name, bulk.edges, begin=False)
        except NotBulkable:
            self.stage_by_queries(projection)
            return
        except DanglingEdge as exc:
            self.discard()
            raise GraphError(f"projection check failed: {exc}") from exc
        _await_indexes(graph)
        self._check(graph, projection, bulk.ids)

    def _send_bulk(self, key: str, commands: Iterator[BulkCommand], *, begin: bool) -> None:
        """Send ``GRAPH.BULK`` ``commands`` on one connection, encoding each while the server
        runs the one before (at most one awaits its reply). The first refusal is raised at
        once; nothing after it is sent. An error while encoding is raised once the command
        before it has been answered (nothing is left running behind the caller)."""
        pool = self.db.connection.connection_pool
        connection = pool.get_connection()
        pending = False
        try:
            stream = iter(commands)
            while True:
                try:
                    command = next(stream)
                except StopIteration:
                    break
                except BaseException:
                    if pending:
                        connection.read_response()
                    raise
                if pending:
                    connection.read_response()
                first = ["BEGIN"] if begin else []
                connection.send_command("GRAPH.BULK", key, *first, *command.arguments())
                begin, pending = False, True
            if pending:
                connection.read_response()
        except BaseException:
            connection.disconnect()  # a reply may be unread: never reuse this connection
            raise
        finally:
            pool.release(connection)

    def stage_by_queries(self, projection: Projection) -> None:
        """Write the staging graph with Cypher ``UNWIND $rows`` batches: nodes, then the
        ``uri`` index, then edges matched through it (the load before ``GRAPH.BULK``)."""
        graph = self._fresh_staging()
        self._send_all(graph, _node_statements(projection))
        # the index after the nodes, before the edges that match through it: built once over
        # all nodes, it made the node writes of the shipped seed 2–3× faster than an index
        # kept up to date row by row (measured on FalkorDB 4.16)
        graph.query(self.dialect.create_uri_index)
        _await_indexes(graph)
        self._send_all(graph, _edge_statements(projection))
        self._check(graph, projection)

    def _fresh_staging(self) -> Any:
        staging = self.staging_name
        if staging in self.db.list_graphs():
            self.db.select_graph(staging).delete()
        return self.db.select_graph(staging)

    def _check(self, graph: Any, projection: Projection, ids: dict[str, int] | None = None) -> None:
        """Compare the staging graph's node and edge counts with the projection's and, after
        a bulk write, that sampled node ids hold the IRIs the edges were written for; drop the
        staging graph and raise if not."""
        nodes, edges = self.counts_of(graph.name)
        problem = None
        if (nodes, edges) != (len(projection.nodes), projection.edge_count):
            problem = (
                f"wrote {nodes} nodes and {edges} edges, expected "
                f"{len(projection.nodes)} and {projection.edge_count}"
            )
        elif ids:
            uris = list(ids)
            sample = sorted({0, len(uris) // 2, len(uris) - 1, *range(0, len(uris), 9_973)})
            found = dict(
                graph.ro_query(
                    "UNWIND $ids AS i MATCH (n) WHERE id(n) = i RETURN i, n.uri",
                    {"ids": sample},
                ).result_set
            )
            wrong = [i for i in sample if found.get(i) != uris[i]]
            if wrong:
                problem = f"node {wrong[0]} holds {found.get(wrong[0])!r}, not {uris[wrong[0]]!r}"
        if problem:
            graph.delete()
            raise GraphError(f"projection check failed: {problem}")

    def _send_all(self, graph: Any, statements: Iterator[tuple[str, dict[str, Any]]]) -> None:
        """Send write ``statements`` to ``graph`` in one pipeline: the server runs them in order
        while the next are encoded and sent (the shipped seed's ~110 statements took ~30 %
        less time than one round trip each). The first error is raised once all have run."""
        pipe = self.db.connection.pipeline(transaction=False)
        for statement, params in statements:
            text = graph._build_params_header(params) + statement
            pipe.execute_command("GRAPH.QUERY", graph.name, text, "--compact")
        pipe.execute()

    def publish(self) -> None:
        """Rename the staging graph over the live one (atomic in the server), then compact the
        server's append-only log (see :func:`compact_log`)."""
        self.db.connection.execute_command("RENAME", self.staging_name, self.name)
        compact_log(self.db.connection)

    def discard(self) -> None:
        """Drop the staging graph (after a failed load)."""
        if self.staging_name in self.db.list_graphs():
            self.db.select_graph(self.staging_name).delete()

    def counts_of(self, name: str) -> tuple[int, int]:
        graph = self.db.select_graph(name)
        nodes = graph.ro_query("MATCH (n) RETURN count(n)").result_set[0][0]
        edges = graph.ro_query("MATCH ()-[r]->() RETURN count(r)").result_set[0][0]
        return int(nodes), int(edges)

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) of the live graph; (0, 0) before the first load."""
        if self.name not in self.db.list_graphs():
            return 0, 0
        return self.counts_of(self.name)


#: How long a load waits for the ``uri`` index before matching edges without it (still right,
#: only slower).
INDEX_WAIT_S = 300.0


def _await_indexes(graph: Any, limit_s: float = INDEX_WAIT_S) -> None:
    """Wait until FalkorDB has built the graph's indexes: an index created over existing nodes
    is filled in the background ("UNDER CONSTRUCTION"), and a ``MATCH`` meanwhile scans every
    node of the label — right, but quadratic over a large load's edges."""
    deadline = time.monotonic() + limit_s
    pause = 0.002
    while time.monotonic() < deadline:
        rows = graph.ro_query("CALL db.indexes()").result_set
        if not any("UNDER CONSTRUCTION" in str(cell) for row in rows for cell in row):
            return
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def compact_log(connection: Any) -> bool:
    """Ask the server to rewrite its append-only file as a snapshot (in the background).

    Measured on FalkorDB 4.16: without it a restart replays every load ever made (20 s for one
    load of the shipped seed logged as queries); after it, a restart takes ~0.03 s.

    Returns:
        True if a rewrite was started or scheduled; False if the server refused (for example
        because append-only persistence is off). Never raises for a refusal.
    """
    try:
        connection.execute_command("BGREWRITEAOF")
    except redis.exceptions.RedisError:  # refused (no append-only file), or busy
        return False
    return True


class Neo4jGraph:
    """A Neo4j 5 server or cluster (or any Bolt server) reached with the official driver."""

    def __init__(
        self,
        driver: Any,
        database: str | None = None,
        *,
        dialect: Dialect = NEO4J,
        batch: int = BATCH,
    ) -> None:
        self.driver = driver
        self.database = database
        self.dialect = dialect
        self.batch = batch
        self._staged: tuple[Any, Any] | None = None

    def _session(self, read: bool) -> Any:
        import neo4j

        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self.driver.session(database=self.database, default_access_mode=mode)

    def read(
        self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int = 10_000
    ) -> GraphResult:
        """Run ``query`` in a READ transaction with a server-side timeout."""
        import neo4j

        @neo4j.unit_of_work(timeout=timeout_ms / 1000)
        def work(tx: Any) -> GraphResult:
            try:
                result = tx.run(query, params or {})
                columns = list(result.keys())
                rows = [{c: plain(record[c]) for c in columns} for record in result]
            except neo4j.exceptions.Neo4jError as exc:
                if str(getattr(exc, "code", "")).endswith(_NO_RETRY):
                    # The driver retries "transient" errors for ~30 s; a query over the
                    # server's memory limit would only fail again: stop at once.
                    raise GraphError(_neo4j_message(exc)) from exc
                raise
            return GraphResult(columns, rows)

        try:
            with self._session(read=True) as session:
                out: GraphResult = session.execute_read(work)
                return out
        except neo4j.exceptions.Neo4jError as exc:
            raise GraphError(_neo4j_message(exc)) from exc
        except (neo4j.exceptions.DriverError, OSError) as exc:
            raise GraphError(f"the Neo4j server could not be reached: {_first_line(exc)}") from exc

    def replace(self, projection: Projection) -> None:
        """Replace the projection in one write transaction (see :meth:`stage`), committed."""
        self.stage(projection)
        self.publish()

    def stage(self, projection: Projection) -> None:
        """Open one write transaction, delete the previous projection in it, write the new one
        in ``UNWIND $rows`` batches and check the counts; :meth:`publish` commits it,
        :meth:`discard` rolls it back. Until then readers see the previous graph."""
        import neo4j

        self.discard()
        session = None
        try:
            self._ensure_schema()
            session = self._session(read=False)
            tx = session.begin_transaction(timeout=LOAD_TIMEOUT_S)
            self._staged = (session, tx)
            tx.run("MATCH (n:Resource) DETACH DELETE n").consume()
            for statement, params in _fresh_statements(self.dialect, projection, self.batch):
                tx.run(statement, params).consume()
            nodes = tx.run("MATCH (n:Resource) RETURN count(n) AS c").single(strict=True)["c"]
            edges = tx.run(
                "MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS c"
            ).single(strict=True)["c"]
        except neo4j.exceptions.Neo4jError as exc:
            self.discard(session)
            raise GraphError(f"the graph load was rolled back: {_neo4j_message(exc)}") from exc
        except (neo4j.exceptions.DriverError, OSError) as exc:
            self.discard(session)
            raise GraphError(f"the graph load was rolled back: {_first_line(exc)}") from exc
        if (nodes, edges) != (len(projection.nodes), projection.edge_count):
            self.discard()
            raise GraphError(
                f"projection check failed: wrote {nodes} nodes and {edges} edges, "
                f"expected {len(projection.nodes)} and {projection.edge_count}"
            )

    def publish(self) -> None:
        """Commit the staged load (the new graph becomes visible at once)."""
        import neo4j

        if self._staged is None:
            raise GraphError("no staged graph load to publish")
        session, tx = self._staged
        self._staged = None
        try:
            tx.commit()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as exc:
            raise GraphError(f"the graph load was not committed: {_first_line(exc)}") from exc
        finally:
            session.close()

    def discard(self, session: Any = None) -> None:
        """Roll back a staged load, if any (the previous graph stays)."""
        staged, self._staged = self._staged, None
        for item in ((staged[1], staged[0]) if staged else ()) + ((session,) if session else ()):
            try:
                if hasattr(item, "rollback"):
                    item.rollback()
                else:
                    item.close()
            except Exception:
                pass

    def _ensure_schema(self) -> None:
        """The dialect's constraint/index DDL (schema changes are their own transactions)."""
        import neo4j

        for ddl in self.dialect.schema_statements:
            with self._session(read=False) as session:
                try:
                    session.run(ddl).consume()
                except neo4j.exceptions.Neo4jError:
                    # Neo4j's DDL says IF NOT EXISTS; FalkorDB's has no such clause and, over
                    # Bolt, reports an existing index only as an unknown error.
                    if not self.dialect.ddl_fails_when_present:
                        raise

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) of the projection."""
        nodes = self.read("MATCH (n:Resource) RETURN count(n) AS c").rows[0]["c"]
        edges = self.read("MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS c").rows[0]["c"]
        return int(nodes), int(edges)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


_NO_RETRY = ("MemoryPoolOutOfMemoryError",)  # Neo4j error codes not worth retrying


def _neo4j_message(exc: Any) -> str:
    """One line from a Neo4j server error: its message, else its code."""
    message = getattr(exc, "message", None) or str(exc) or getattr(exc, "code", None) or ""
    text = str(message).strip()
    return text.splitlines()[0] if text else type(exc).__name__
