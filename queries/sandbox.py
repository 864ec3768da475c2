"""Run console queries where a crash, a runaway or a network call cannot hurt the app.

SPARQL (:func:`run_sparql_sandboxed`): the query is checked by :func:`queries.guard.check_sparql`
(again, even if the caller already did), then run in a fresh child process
(``python -I queries/sandbox_worker.py``) on ``pyoxigraph.Store.read_only`` with an address-space
limit, a CPU limit, a wall-clock limit enforced by the kernel (``SIGALRM``) and by this process
(kill), a row cap, no file writes, and a seccomp filter that refuses non-local sockets. Parameters
travel as data and are bound with pyoxigraph's ``substitutions`` (never pasted into the text).
Every failure becomes :class:`QueryFailed` with one line for the user; no traceback escapes.

Measured on this machine: a child starts, opens a small store and answers in ~0.1-0.2 s; a
query with 3,000 nested braces kills its child with SIGSEGV (the parent reports it); pyoxigraph
binds a parameter only to a variable of the SELECT projection (it raises otherwise; the message
says so).

Cypher (:func:`run_cypher_capped`): :func:`queries.guard.check_cypher`, then the graph's
read-only path (``GRAPH.RO_QUERY``) with the server-side time limit, the rows capped *by the
server*: the query runs as ``CALL { <query> } RETURN * LIMIT <cap + 1>``. Measured on the shipped
data (FalkorDB 4.16): ``MATCH (a), (b) RETURN a.uri, b.uri`` read whole took 92 s — the server's
time limit does not cover sending the 16.9 million rows — and grew the reading process to
10.5 GB before a cap applied there could cut it; wrapped, it answers 10,001 rows in 0.02 s.
The catalogue's questions give the same rows (and order) wrapped and unwrapped.
(:func:`run_cypher_guarded` is the older variant for a raw ``falkordb.Graph``, capping rows
after they arrived.)
"""

from __future__ import annotations

import json
import math
import re
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Protocol

from queries.guard import (
    CYPHER_ALLOWED_PROCEDURES,
    MAX_QUERY_BYTES,
    ConsoleError,
    QueryRefused,
    check_cypher,
    cypher_return_columns,
    sparql_query_form,
)

__all__ = [
    "MIN_MEMORY_MB",
    "CypherResult",
    "Iri",
    "QueryFailed",
    "SparqlResult",
    "run_cypher_capped",
    "run_cypher_guarded",
    "run_sparql_sandboxed",
]

MIN_MEMORY_MB: Final = 512
"""RocksDB reserves ~460 MB of address space when a store opens; less cannot work."""

MAX_PARAM_BYTES: Final = MAX_QUERY_BYTES * 4
"""Largest total size of parameter values (UTF-8 bytes of their JSON encoding)."""

_STARTUP_GRACE_S: Final = 5.0
"""Extra wall time the parent allows for the child to start before killing it itself."""

_WORKER: Final = Path(__file__).with_name("sandbox_worker.py")
_VARNAME: Final = re.compile(r"[^\W][\w\u00b7\u0300-\u036f\u203f\u2040]*")
_NOT_PROJECTED: Final = re.compile(r"does not contains? variable \?(\S+) in its SELECT projection")


class QueryFailed(ConsoleError, RuntimeError):
    """A checked query could not be run to the end."""


class Iri(str):
    """Marks a parameter value as an IRI (a plain ``str`` is bound as an ``xsd:string``)."""

    __slots__ = ()


@dataclass(frozen=True)
class SparqlResult:
    """Rows of a sandboxed SPARQL query, as plain Python values.

    Attributes:
        columns: Variable names for SELECT; ``["ask"]`` for ASK; ``["subject", "predicate",
            "object"]`` for CONSTRUCT and DESCRIBE.
        rows: One dict per row keyed by column: IRIs as ``str``, blank nodes as ``"_:id"``,
            literals as ``int`` / ``float`` (also ``xsd:decimal``) / ``bool`` / ``str`` by
            datatype (language tags dropped), unbound as ``None``.
        truncated: True when the row cap cut the answer.
        form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
    """

    columns: list[str]
    rows: list[dict[str, object]]
    truncated: bool
    form: str = "SELECT"


@dataclass(frozen=True)
class CypherResult:
    """Rows of a guarded Cypher query; nodes and edges as their property dicts.

    Attributes:
        columns: Column names in order.
        rows: One dict per row keyed by column.
        truncated: True when the row cap cut the answer.
    """

    columns: list[str]
    rows: list[dict[str, object]] = field(default_factory=list)
    truncated: bool = False


ParamValue = str | int | float | bool


def _encode_params(params: dict[str, ParamValue] | None) -> dict[str, dict[str, object]]:
    """Validate parameters and encode them for the worker.

    Raises:
        QueryRefused: On a bad name, value type, IRI, or total size.
    """
    encoded: dict[str, dict[str, object]] = {}
    for raw_name, value in (params or {}).items():
        name = str(raw_name)
        name = name[1:] if name[:1] in ("?", "$") else name
        if not isinstance(raw_name, str) or not _VARNAME.fullmatch(name):
            raise QueryRefused(f"invalid parameter name {raw_name!r}: use a SPARQL variable name")
        spec: dict[str, object]
        if isinstance(value, Iri):
            spec = {"type": "iri", "value": _checked_iri(name, str(value))}
        elif isinstance(value, bool):
            spec = {"type": "boolean", "value": "true" if value else "false"}
        elif isinstance(value, int):
            spec = {"type": "integer", "value": str(value)}
        elif isinstance(value, float):
            spec = {"type": "double", "value": _double_lexical(value)}
        elif isinstance(value, str):
            spec = {"type": "string", "value": value}
        else:
            raise QueryRefused(f"parameter ?{name}: unsupported value type {type(value).__name__}")
        encoded[name] = spec
    size = len(json.dumps(encoded, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    if size > MAX_PARAM_BYTES:
        raise QueryRefused(f"parameters total {size:,} bytes; the limit is {MAX_PARAM_BYTES:,}")
    return encoded


def _checked_iri(name: str, value: str) -> str:
    """Return ``value`` when pyoxigraph accepts it as an IRI."""
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(value)
    except ValueError as exc:
        raise QueryRefused(f"parameter ?{name}: not a valid IRI ({exc})") from exc
    return value


def _double_lexical(value: float) -> str:
    """The ``xsd:double`` lexical form of a Python float."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(value)


def _crash_reason(returncode: int, stderr: str, timeout_s: float, memory_mb: int) -> str:
    """One line explaining how the child ended without a reply."""
    text = stderr.lower()
    if returncode == -signal.SIGALRM or returncode == -signal.SIGXCPU:
        return _time_limit(timeout_s)
    if "overflowed its stack" in text or "stack overflow" in text:
        return "the query is nested too deeply for the engine (stack overflow)"
    memory_words = ("memory allocation", "bad_alloc", "cannot allocate", "mmap", "out of memory")
    if any(word in text for word in memory_words):
        return f"memory limit of {memory_mb} MB reached"
    if returncode == -signal.SIGSEGV:
        return (
            "the query engine crashed (SIGSEGV), most likely a stack overflow from deeply "
            "nested syntax"
        )
    if returncode == -signal.SIGKILL:
        return "the query process was killed (memory or CPU limit of the machine)"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"the query engine crashed ({name})"
    return f"the query process failed (exit status {returncode})"


def _time_limit(timeout_s: float) -> str:
    """The time-limit message."""
    return f"time limit of {timeout_s:g} s reached"


def _run_worker(request: dict[str, Any], *, timeout_s: float, memory_mb: int) -> dict[str, Any]:
    """Run the worker on ``request`` and return its reply object.

    This runs whatever query it is given: callers check it first.

    Raises:
        QueryFailed: On timeout, crash, or a reply with an error.
    """
    payload = json.dumps(request, ensure_ascii=False).encode("utf-8", "surrogatepass")
    process = subprocess.Popen(
        [sys.executable, "-I", str(_WORKER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={
            "LC_ALL": "C.UTF-8",
            "LANG": "C.UTF-8",
            "PATH": "/usr/bin:/bin",
            # glibc gives each thread its own 64 MB malloc arena (address space); with
            # RocksDB's threads under the address-space limit, measured here, about one child
            # in 60 then failed to start a thread (std::system_error EAGAIN, SIGABRT): 0 in 400
            # with two arenas.
            "MALLOC_ARENA_MAX": "2",
        },
        close_fds=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(payload, timeout=timeout_s + _STARTUP_GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise QueryFailed(_time_limit(timeout_s)) from None
    finally:
        if process.poll() is None:  # KeyboardInterrupt or any other exit path
            process.kill()
            process.wait()
    lines = stdout.decode("utf-8", "replace").strip().splitlines()
    if not lines:
        reason = _crash_reason(
            process.returncode, stderr.decode("utf-8", "replace"), timeout_s, memory_mb
        )
        raise QueryFailed(reason)
    try:
        reply: dict[str, Any] = json.loads(lines[-1])
    except json.JSONDecodeError:
        raise QueryFailed("the query process sent an unreadable reply") from None
    if "error" in reply:
        raise QueryFailed(_explain_error(str(reply["error"])))
    return reply


def _explain_error(message: str) -> str:
    """Make the engine's known messages say what to do."""
    missing = _NOT_PROJECTED.search(message)
    if missing:
        name = missing.group(1)
        return (
            f"parameter ?{name} must be a variable of the SELECT clause (pyoxigraph binds "
            f"parameters only to projected variables): list ?{name} or use SELECT *"
        )
    return message


def run_sparql_sandboxed(
    store_path: Path,
    query: str,
    params: dict[str, ParamValue] | None = None,
    *,
    timeout_s: float = 10,
    memory_mb: int = 1024,
    row_cap: int = 10_000,
) -> SparqlResult:
    """Check ``query`` and run it on a read-only view of the store in a confined child process.

    Args:
        store_path: Directory of an on-disk Oxigraph store (not open read-write elsewhere while
            this runs: pyoxigraph calls that undefined behaviour).
        query: SPARQL text as typed; checked with :func:`queries.guard.check_sparql` here too.
        params: Values bound to variables with pyoxigraph's ``substitutions`` (names with or
            without ``?``): ``str`` -> ``xsd:string``, ``int`` -> ``xsd:integer``, ``float`` ->
            ``xsd:double``, ``bool`` -> ``xsd:boolean``, :class:`Iri` -> IRI. pyoxigraph binds
            only variables of the SELECT projection (or ``SELECT *``), and ASK/CONSTRUCT.
        timeout_s: Wall-clock limit for the query (the child is ended when it is reached).
        memory_mb: Address-space limit of the child, at least :data:`MIN_MEMORY_MB`.
        row_cap: Most rows returned; more sets ``truncated``.

    Returns:
        The rows as plain Python values.

    Raises:
        QueryRefused: When the guard refuses the query or a parameter.
        QueryFailed: On a syntax error, the time or memory limit, a crash of the child, or any
            engine error; the reason is one line.
        ValueError: On limits out of range (a programming error, not user input).
    """
    if not timeout_s > 0:
        raise ValueError("timeout_s must be positive")
    if memory_mb < MIN_MEMORY_MB:
        raise ValueError(f"memory_mb must be at least {MIN_MEMORY_MB}")
    if row_cap < 0:
        raise ValueError("row_cap must not be negative")
    form = sparql_query_form(query)
    encoded = _encode_params(params)
    store = Path(store_path)
    if not store.is_dir():
        raise QueryFailed(f"no store at {store}")
    request = {
        "store": str(store.resolve()),
        "query": query,
        "form": form,
        "params": encoded,
        "row_cap": row_cap,
        "timeout_s": float(timeout_s),
        "memory_mb": int(memory_mb),
    }
    reply = _run_worker(request, timeout_s=float(timeout_s), memory_mb=int(memory_mb))
    return SparqlResult(
        columns=list(reply["columns"]),
        rows=list(reply["rows"]),
        truncated=bool(reply["truncated"]),
        form=form,
    )


# ----------------------------------------------------------------------------- Cypher


class ReadOnlyGraph(Protocol):
    """The part of ``falkordb.Graph`` used here."""

    def ro_query(
        self, q: str, params: dict[str, object] | None = None, timeout: int | None = None
    ) -> Any:
        """Run a read-only query."""
        ...


def _plain_graph_value(value: Any) -> object:
    """Convert FalkorDB client values to plain Python values.

    Nodes and edges become their property dicts (the project's convention: every node carries
    its ``uri``); paths become ``{"nodes": [...], "edges": [...]}``; lists and maps recurse.
    """
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain_graph_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain_graph_value(item) for key, item in value.items()}
    properties = getattr(value, "properties", None)
    if isinstance(properties, dict):
        return {str(key): _plain_graph_value(item) for key, item in properties.items()}
    nodes, edges = getattr(value, "nodes", None), getattr(value, "edges", None)
    if callable(nodes) and callable(edges):
        return {
            "nodes": [_plain_graph_value(node) for node in nodes()],
            "edges": [_plain_graph_value(edge) for edge in edges()],
        }
    return str(value)


def _graph_error_reason(exc: BaseException, timeout_ms: int) -> str:
    """One line for a FalkorDB / client error."""
    text = str(exc).strip()
    lower = text.lower()
    if "timed out" in lower or "timeout" in lower:
        return f"time limit of {timeout_ms} ms reached"
    if "read-only" in lower:
        return "the console is read-only: the query would write"
    if type(exc).__name__ in ("ConnectionError", "ConnectionRefusedError"):
        return "the graph database is not reachable"
    first = text.splitlines()[0] if text else type(exc).__name__
    first = re.sub(r"\s*errCtx:.*$", "", first)
    return first if len(first) <= 300 else first[:297] + "..."


def run_cypher_guarded(
    graph: ReadOnlyGraph,
    query: str,
    params: dict[str, object] | None,
    *,
    timeout_ms: int,
    row_cap: int,
) -> CypherResult:
    """Check ``query`` and run it through FalkorDB's read-only path with a time limit.

    Args:
        graph: A ``falkordb.Graph`` (anything with ``ro_query(q, params, timeout=ms)``).
        query: Cypher text as typed; checked with :func:`queries.guard.check_cypher`.
        params: Values bound as Cypher parameters (``$name``), sent as data.
        timeout_ms: Server-side time limit (it does not cover parsing: the guard's nesting
            limit does).
        row_cap: Most rows returned; more sets ``truncated`` (the server still sends them all).

    Returns:
        The rows, nodes and edges as property dicts.

    Raises:
        QueryRefused: When the guard refuses the query.
        QueryFailed: On any database or client error; the reason is one line.
    """
    check_cypher(query)
    try:
        result = graph.ro_query(query, dict(params or {}), timeout=int(timeout_ms))
        columns = [str(column[1]) for column in result.header]
        raw_rows = list(result.result_set)
    except QueryRefused:
        raise
    except Exception as exc:  # the client raises plain redis errors and OSErrors
        raise QueryFailed(_graph_error_reason(exc, timeout_ms)) from None
    truncated = len(raw_rows) > row_cap
    rows = [
        {column: _plain_graph_value(value) for column, value in zip(columns, row, strict=False)}
        for row in raw_rows[:row_cap]
    ]
    return CypherResult(columns=columns, rows=rows, truncated=truncated)


class GraphReader(Protocol):
    """The part of :class:`loaders.graph.clients.GraphStore` used here."""

    def read(
        self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int = 10_000
    ) -> Any:
        """Run a read-only query; a result with ``columns`` and ``rows``."""
        ...


_STANDALONE_CALL: Final = re.compile(r"^\s*CALL\s+([\w.`]+)\s*\(\s*\)\s*$", re.IGNORECASE)


_COMMENT_LINE = re.compile(r"(?m)^[ \t]*//[^\n]*(?:\n|$)")


def without_comment_lines(query: str) -> str:
    """``query`` without its lines that hold only a ``//`` comment.

    FalkorDB 4.16 closes the connection (the server goes down) on some queries that begin with a
    comment line inside ``CALL { … }`` (found with the catalogue's theme-coverage and
    cross-province-areas; the same text runs alone), so the capped wrapper drops comment lines.
    A comment after code on the same line stays.
    """
    return _COMMENT_LINE.sub("", query)


def run_cypher_capped(
    graph: GraphReader, query: str, *, timeout_ms: int, row_cap: int
) -> CypherResult:
    """Check ``query``, then run it read-only with the rows capped by the server.

    The query runs as ``CALL { <query> } RETURN * LIMIT <row_cap + 1>``, so at most
    ``row_cap + 1`` rows are produced and sent, whatever the query would make; the columns keep
    the order of the query's ``RETURN``. A standalone ``CALL`` of an allowed procedure (a few
    dozen rows at most) runs as it is.

    Args:
        graph: A graph store (``read(query, params, timeout_ms=…)``).
        query: Cypher text as typed.
        timeout_ms: Server-side time limit.
        row_cap: Most rows returned; one more sets ``truncated``.

    Raises:
        QueryRefused: When the guard refuses the query.
        QueryFailed: On any database or client error (one line).
    """
    check_cypher(query)
    if row_cap < 0:
        raise ValueError("row_cap must not be negative")
    standalone = _STANDALONE_CALL.match(query)
    if standalone and standalone.group(1).replace("`", "").lower() in CYPHER_ALLOWED_PROCEDURES:
        text = query
    else:
        text = f"CALL {{\n{without_comment_lines(query)}\n}}\nRETURN * LIMIT {row_cap + 1}"
    try:
        result = graph.read(text, {}, timeout_ms=timeout_ms)
    except Exception as exc:  # GraphError and whatever a client raises
        raise QueryFailed(_graph_error_reason(exc, timeout_ms)) from None
    columns = [str(c) for c in result.columns]
    wanted = cypher_return_columns(query)
    if wanted is not None and sorted(wanted) == sorted(columns):
        columns = wanted
    rows = [{c: _plain_graph_value(row.get(c)) for c in columns} for row in result.rows]
    return CypherResult(columns=columns, rows=rows[:row_cap], truncated=len(rows) > row_cap)
