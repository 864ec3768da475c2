"""Property-graph clients: FalkorDB over its native protocol, Neo4j over Bolt.

Both take an already-made connection (the seam in :mod:`loaders.stores` makes it) and offer the
same three things: a read-only query with bound parameters and a time limit, replacing the
whole projection, and node/edge counts.

FalkorDB: a load writes a staging graph and ``RENAME``s it over the live one — atomic in the
server, so readers see the old or the new graph, never a mix, and no stale node survives.
Neo4j: a load deletes the old projection and writes the new one in batches (one transaction per
batch); readers may see a partial graph while it runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from loaders.graph.dialect import FALKORDB, NEO4J, Dialect
from loaders.graph.projection import Projection

BATCH = 2_000
GRAPH_NAME = "metrokg"


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

    def __init__(self, db: Any, name: str = GRAPH_NAME) -> None:
        self.db = db
        self.name = name

    def read(
        self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int = 10_000
    ) -> GraphResult:
        """Run ``query`` through ``GRAPH.RO_QUERY`` (the server refuses writes)."""
        if self.name not in self.db.list_graphs():
            raise GraphError("the property graph is empty; run `metrokg load` first")
        try:
            result = self.db.select_graph(self.name).ro_query(
                query, params or {}, timeout=timeout_ms
            )
        except Exception as exc:  # the client raises plain redis errors
            raise GraphError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
        columns = [str(h[1]) for h in result.header]
        rows = [
            dict(zip(columns, (plain(v) for v in row), strict=True)) for row in result.result_set
        ]
        return GraphResult(columns, rows)

    def replace(self, projection: Projection) -> None:
        """Write a staging graph, then rename it over the live one (atomic)."""
        staging = f"{self.name}__staging"
        if staging in self.db.list_graphs():
            self.db.select_graph(staging).delete()
        graph = self.db.select_graph(staging)
        graph.query(self.dialect.create_uri_index)
        for statement, params in _write_statements(self.dialect, projection):
            graph.query(statement, params)
        nodes, edges = self.counts_of(staging)
        if (nodes, edges) != (len(projection.nodes), projection.edge_count):
            graph.delete()
            raise GraphError(
                f"projection check failed: wrote {nodes} nodes and {edges} edges, expected "
                f"{len(projection.nodes)} and {projection.edge_count}"
            )
        self.db.connection.execute_command("RENAME", staging, self.name)

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

    def _session(self, read: bool) -> Any:
        import neo4j

        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self.driver.session(database=self.database, default_access_mode=mode)

    def read(
        self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int = 10_000
    ) -> GraphResult:
        """Run ``query`` in a read transaction with a server-side timeout."""
        import neo4j

        @neo4j.unit_of_work(timeout=timeout_ms / 1000)
        def work(tx: Any) -> GraphResult:
            result = tx.run(query, params or {})
            columns = list(result.keys())
            rows = [{c: plain(record[c]) for c in columns} for record in result]
            return GraphResult(columns, rows)

        try:
            with self._session(read=True) as session:
                out: GraphResult = session.execute_read(work)
                return out
        except neo4j.exceptions.Neo4jError as exc:
            raise GraphError(exc.message or str(exc)) from exc

    def replace(self, projection: Projection) -> None:
        """Delete the previous projection, then write the new one in batches."""
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
        with self._session(read=False) as session:
            while True:
                summary = session.run(
                    "MATCH (n:Resource) WITH n LIMIT $n DETACH DELETE n RETURN count(*) AS c",
                    {"n": 10_000},
                ).single()
                if not summary or summary["c"] == 0:
                    break
            for statement, params in _write_statements(self.dialect, projection, self.batch):
                session.run(statement, params).consume()

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) of the projection."""
        nodes = self.read("MATCH (n:Resource) RETURN count(n) AS c").rows[0]["c"]
        edges = self.read("MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS c").rows[0]["c"]
        return int(nodes), int(edges)
