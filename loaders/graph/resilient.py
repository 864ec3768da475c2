"""A FalkorDB client that survives server restarts and never sends a write twice.

:func:`loaders.stores.open_graph` hands out a :class:`ResilientFalkorGraph` for the bundled
server. It behaves like :class:`~loaders.graph.clients.FalkorGraph` (same ``read``, ``replace``,
``counts``) with three differences:

- **Reconnect, then send once.** Every read and every load first checks its connection with a
  ``PING``; when that fails (the server was restarted, killed, or its port changed) the server
  is found again through the data directory (:func:`loaders.graph.server.start`, which also
  restarts a dead one, or :func:`~loaders.graph.server.status` when starting is not wanted) and
  a new connection made. Only then is the query sent, once: a connection lost *during* a query
  ends that query with :class:`GraphUnavailable` (it may have been the query that brought the
  server down — measured: some read-only queries crash FalkorDB 4.16 — and a second try would
  crash it again); the next query reconnects.
- **Writes are sent at most once.** The redis client under ``falkordb`` retries *every* command
  three times on a connection error by default (redis-py 8: ``Retry(ExponentialWithJitter
  Backoff, 3)``), writes included: a write the server executed but whose reply was lost would be
  executed again. :func:`loaders.graph.server.connect` builds the client with
  ``Retry(NoBackoff(), 0)``, and a load checks the
  connection (a ``PING``, which may reconnect) *before* its first write; once a write has been
  sent, a lost connection ends the load with :class:`GraphError` and nothing is re-sent. The
  load replaces the graph through a staging graph and one ``RENAME``, so after such an error the
  live graph is the previous one or the new one, complete.
- **The consoles' replica brings its server back.** Typed Cypher runs on a read-only replica
  (:meth:`loaders.graph.server.ServerConfig.for_console`). When the data directory's server is
  down the replica answers the ``PING`` sent before each read with ``MASTERDOWN``; that server
  is then started again and the read sent once the replica has resynced.
- **Restarts stay quick.** Measured here (FalkorDB 4.16): a server restarted after kill -9
  replays its append-only file, and replaying the ``UNWIND … MERGE`` batches of a load is
  quadratic (the uri index is not used during replay): 20 s for one load of the shipped seed,
  48 s for six small loads, more with every load — and :func:`loaders.graph.server.start`
  gives up after 30 s and kills the replaying server, so the database never came back. Two
  measures: the server runs with ``EFFECTS_THRESHOLD 0`` (:mod:`loaders.graph.server`), so
  FalkorDB logs the *effects* of each write instead of the query (replaying a whole load then
  takes 0.4 s instead of 20 s; the load itself is as fast), and every publish ends with
  ``BGREWRITEAOF`` (:func:`loaders.graph.clients.compact_log`), which compacts the log into a
  snapshot of the live graph (a restart then takes ~0.03 s, however many loads came before).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import redis

from loaders.graph import server
from loaders.graph.clients import GRAPH_NAME, FalkorGraph, GraphError, GraphResult
from loaders.graph.dialect import FALKORDB
from loaders.graph.projection import Projection

__all__ = [
    "GraphUnavailable",
    "ResilientFalkorGraph",
    "connection_lost",
]

T = TypeVar("T")

SOCKET_TIMEOUT_MARGIN_S = 60.0
"""Added to the server's ``TIMEOUT_MAX``: a reply slower than that means the server hangs."""


class GraphUnavailable(GraphError):
    """The graph server cannot be reached (and, where allowed, could not be started)."""


def connection_lost(exc: BaseException) -> bool:
    """True if ``exc`` (or what it wraps) says the connection to the server broke.

    A query error, a time-out of a query or a refused password is not a lost connection.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, redis.exceptions.TimeoutError):
            return False
        if isinstance(current, redis.exceptions.AuthenticationError):
            return False
        if isinstance(current, redis.exceptions.ConnectionError | ConnectionError | EOFError):
            return True
        current = current.__cause__ or current.__context__
    return False


class ResilientFalkorGraph:
    """The data directory's FalkorDB graph, reconnecting for reads, writing at most once.

    Args:
        config: The server configuration of the data directory.
        start: Start the server when it is not running (as ``metrokg`` commands do); with
            False, only a running server is used.
        name: The graph's name.
        connect: Builds a client from :class:`~loaders.graph.server.ServerInfo` (tests use it
            to put a proxy in between); default :func:`loaders.graph.server.connect` with a
            socket time-out.
    """

    dialect = FALKORDB

    def __init__(
        self,
        config: server.ServerConfig,
        *,
        start: bool = True,
        name: str = GRAPH_NAME,
        connect: Callable[[server.ServerInfo], Any] | None = None,
    ) -> None:
        self.config = config
        self.start = start
        self.name = name
        timeout = config.timeout_max_ms / 1000 + SOCKET_TIMEOUT_MARGIN_S
        self._connect = connect or (lambda info: server.connect(info, socket_timeout=timeout))
        self._lock = threading.Lock()
        self._inner: FalkorGraph | None = None
        self._port: int | None = None
        self.reconnects = 0
        """How many times a lost connection was replaced (for tests and the drills)."""

    # --- connection --------------------------------------------------------------------------

    def _find_server(self) -> server.ServerInfo:
        try:
            info = server.start(self.config) if self.start else server.status(self.config)
        except (server.ServerStartError, OSError) as exc:
            raise GraphUnavailable(f"the graph server cannot be started: {exc}") from exc
        if info is None:
            raise GraphUnavailable("the graph server is not running; run `metrokg graph start`")
        return info

    def client(self) -> FalkorGraph:
        """The current client, connecting (and starting the server if allowed) when needed."""
        with self._lock:
            if self._inner is None:
                info = self._find_server()
                self._inner = FalkorGraph(self._connect(info), self.name)
                self._port = info.port
            return self._inner

    def _moved(self) -> bool:
        """True when the server now runs on another port than the one connected to.

        Read from the data directory's ``state.json`` (no network): a restarted server may
        have had to take another port, and a stranger may meanwhile listen on the old one.
        """
        state = server._read_state(self.config.paths)
        return state is not None and self._port is not None and state.port != self._port

    @property
    def db(self) -> Any:
        """The underlying ``falkordb.FalkorDB`` client."""
        return self.client().db

    def drop_connection(self) -> None:
        """Forget the current client; the next call connects afresh."""
        with self._lock:
            inner, self._inner, self._port = self._inner, None, None
        if inner is not None:
            with contextlib.suppress(Exception):
                inner.db.connection.close()

    def _connected(self) -> FalkorGraph:
        """A client whose connection answered ``PING`` just now.

        A connection broken by a server restart is found here, before any query is sent, and
        replaced (the server found again through the data directory, or started).
        """
        inner = self.client()
        try:
            if self._moved():
                raise redis.exceptions.ConnectionError("the server moved to another port")
            inner.db.connection.ping()
            return inner
        except redis.exceptions.MasterDownError as exc:
            if not (self.start and self.config.console):
                raise GraphUnavailable(
                    "the graph server is not running; run `metrokg graph start`"
                ) from exc
            # The consoles' replica is up but the data directory's server is down: start that
            # again (start() of the replica does, and waits for the replica to resync).
            self._find_server()
            return inner
        except Exception as exc:
            if not connection_lost(exc):
                raise GraphError(_one_line(exc)) from exc
            self.drop_connection()
        self.reconnects += 1
        inner = self.client()
        try:
            inner.db.connection.ping()
        except Exception as exc:
            self.drop_connection()
            raise GraphUnavailable(
                f"the graph server is not reachable ({_one_line(exc)}); try again"
            ) from exc
        return inner

    def _read(self, action: Callable[[FalkorGraph], T]) -> T:
        """Run a read-only ``action`` once, on a connection checked just before.

        The query itself is never sent twice: a connection lost *during* it may mean the query
        brought the server down (some do, see :mod:`queries.guard`), and sending it again would
        do so again. The next call reconnects.
        """
        inner = self._connected()
        try:
            return action(inner)
        except Exception as exc:
            if not connection_lost(exc):
                raise
            self.drop_connection()
            raise GraphUnavailable(
                "the graph server closed the connection during the query (it was restarted, or "
                f"the query brought it down: {_one_line(exc)}); the next query reconnects"
            ) from exc

    # --- the GraphStore interface ----------------------------------------------------------

    def read(
        self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int = 10_000
    ) -> GraphResult:
        """Run a read-only query (``GRAPH.RO_QUERY``), reconnecting once if the server restarted."""
        return self._read(lambda inner: inner.read(query, params, timeout_ms=timeout_ms))

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) of the live graph, reconnecting once if needed."""
        return self._read(lambda inner: inner.counts())

    def ping(self) -> None:
        """Check the connection (reconnecting once); nothing is written."""
        self._connected()

    def replace(self, projection: Projection) -> None:
        """Replace the live graph: :meth:`stage`, then :meth:`publish`.

        Raises:
            GraphError: The server refused a write, or the connection broke after a write was
                sent (the live graph is then the previous or the new one, complete).
        """
        self.stage(projection)
        self.publish()

    def stage(self, projection: Projection) -> None:
        """Write the staging graph (the live graph is untouched); no write is sent twice."""
        self.ping()  # a restarted server is found here, before anything is written
        inner = self.client()

        self._write(lambda: inner.stage(projection))

    def publish(self) -> None:
        """Rename the staging graph over the live one (atomic), then compact the server's log.

        The staging graph outlives a server restart (it is in the append-only file), so the
        connection is checked (and renewed) before the one ``RENAME`` is sent.
        """
        self.ping()
        inner = self.client()
        self._write(inner.publish)

    def discard(self) -> None:
        """Drop the staging graph after a failed load (deleting twice is harmless)."""
        self._read(lambda inner: inner.discard())

    def _write(self, action: Callable[[], None]) -> None:
        try:
            action()
        except GraphError:
            raise
        except Exception as exc:
            if connection_lost(exc):
                self.drop_connection()
                raise GraphError(
                    "the connection to the graph server broke during the load "
                    f"({_one_line(exc)}); nothing was sent again. The live graph is the previous "
                    "or the new one, complete; run the load again"
                ) from exc
            raise GraphError(_one_line(exc)) from exc


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
