"""Tests for queries.sandbox: the hostile corpus end to end, bound parameters, limits, crashes.

A small on-disk Oxigraph store (44 triples) is built once per module; every query runs in a
child process on a read-only view of it. A TCP listener on 127.0.0.1 stands in for "the
network": the hostile files point their SERVICE / FROM / LOAD IRIs at it.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from queries import sandbox_worker
from queries.guard import QueryRefused, check_sparql
from queries.sandbox import (
    CypherResult,
    Iri,
    QueryFailed,
    SparqlResult,
    _run_worker,
    run_cypher_guarded,
    run_sparql_sandboxed,
    without_comment_lines,
)
from tests.network import Listener, listening

HOSTILE_SPARQL = sorted((Path(__file__).parent / "hostile" / "sparql").glob("*.rq"))
CORPUS_TIMEOUT_S = 2.0

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
AREAS = [
    # key, zh label, en label, population (10k), GDP (trillion yuan), plan public, plan year
    ("chengdu", "成都都市圈", "Chengdu", 2988, "2.55", True, "2021"),
    ("xian", "西安都市圈", "Xi'an", 1802, "1.31", True, "2022"),
    ("nanjing", "南京都市圈", "Nanjing", 3500, "4.17", False, "2021"),
    ("fuzhou", "福州都市圈", "Fuzhou", 1300, "1.50", True, "2021"),
    ("chongqing", "重庆都市圈", "Chongqing", 2440, "2.07", False, "2022"),
]
TRIPLES = len(AREAS) * 8 + len(AREAS) - 1
PREFIXES = (
    "PREFIX ex: <http://example.org/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)


def _literal(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store of five metropolitan areas (44 triples), closed before use."""
    path = tmp_path_factory.mktemp("sandbox") / "store"
    store = ox.Store(str(path))
    quads: list[ox.Quad] = []
    nodes = []
    for key, zh, en, population, gdp, public, year in AREAS:
        area = ox.NamedNode(f"{EX}area/{key}")
        nodes.append(area)
        quads += [
            ox.Quad(area, RDF_TYPE, ox.NamedNode(EX + "MetropolitanArea")),
            ox.Quad(area, RDFS_LABEL, ox.Literal(zh, language="zh")),
            ox.Quad(area, RDFS_LABEL, ox.Literal(en, language="en")),
            ox.Quad(area, ox.NamedNode(EX + "name"), ox.Literal(en)),
            ox.Quad(area, ox.NamedNode(EX + "population"), _literal(str(population), "integer")),
            ox.Quad(area, ox.NamedNode(EX + "gdp"), _literal(gdp, "decimal")),
            ox.Quad(area, ox.NamedNode(EX + "public"), _literal(str(public).lower(), "boolean")),
            ox.Quad(area, ox.NamedNode(EX + "planYear"), _literal(year, "gYear")),
        ]
    quads += [ox.Quad(a, ox.NamedNode(EX + "next"), b) for a, b in itertools.pairwise(nodes)]
    store.extend(quads)
    store.flush()
    assert len(store) == TRIPLES
    del store  # one read-write handle, closed before any read-only child opens the directory
    gc.collect()
    return path


def _fingerprint(path: Path) -> dict[str, str]:
    """Name -> SHA-256 of every file in the store directory."""
    return {
        item.name: hashlib.sha256(item.read_bytes()).hexdigest()
        for item in sorted(path.iterdir())
        if item.is_file()
    }


def _triple_count(path: Path) -> int:
    result = run_sparql_sandboxed(path, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(result.rows[0]["n"])  # type: ignore[call-overload]


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A thread accepting (and recording) connections on a free loopback port."""
    with listening() as state:
        yield state


# ----------------------------------------------------------------------------- hostile corpus


def test_hostile_sparql_corpus_is_refused_or_contained(
    store_path: Path, listener: Listener
) -> None:
    """Every hostile file is refused by the guard or contained by the sandbox, nothing leaves.

    Contained means a one-line QueryFailed (time or memory limit, crash, syntax error) or a
    truncated answer. Afterwards the store is byte-for-byte unchanged, still holds its triples,
    this process is alive, and the listener saw no connection.
    """
    assert len(HOSTILE_SPARQL) >= 45
    fingerprint = _fingerprint(store_path)
    pid = os.getpid()
    outcomes: dict[str, str] = {}
    problems: list[str] = []
    started = time.monotonic()
    for path in HOSTILE_SPARQL:
        raw = path.read_text(encoding="utf-8", errors="surrogateescape")
        text = raw.replace("{{PORT}}", str(listener.port))
        expected = "refused" if "# expect: refused" in raw else "contained"
        try:
            result = run_sparql_sandboxed(store_path, text, timeout_s=CORPUS_TIMEOUT_S)
        except QueryRefused as refused:
            outcome = "refused"
            detail = refused.reason
        except QueryFailed as failed:
            outcome = "contained"
            detail = failed.reason
        else:
            outcome = "contained" if result.truncated else "ANSWERED"
            detail = f"{len(result.rows)} rows, truncated={result.truncated}"
        outcomes[path.stem] = f"{outcome}: {detail}"
        if outcome != expected or "\n" in detail or not detail:
            problems.append(f"{path.name}: expected {expected}, got {outcome} ({detail})")
    elapsed = time.monotonic() - started
    print(f"\nhostile SPARQL corpus: {len(HOSTILE_SPARQL)} files in {elapsed:.1f} s")
    for name, outcome in outcomes.items():
        print(f"  {name}: {outcome}")
    assert not problems, "\n".join(problems)
    assert listener.connections == []
    assert os.getpid() == pid
    assert _fingerprint(store_path) == fingerprint
    assert _triple_count(store_path) == TRIPLES


def test_service_is_blocked_in_the_child_even_without_the_guard(
    store_path: Path, listener: Listener
) -> None:
    """Second line of defence: an unguarded SERVICE cannot open a socket in the child."""
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/s> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryRefused):
        check_sparql(query)
    request = {
        "store": str(store_path),
        "query": query,
        "form": "SELECT",
        "params": {},
        "row_cap": 10,
        "timeout_s": 5.0,
        "memory_mb": 1024,
    }
    with pytest.raises(QueryFailed) as failed:
        _run_worker(request, timeout_s=5.0, memory_mb=1024)
    assert "permission denied" in failed.value.reason.lower()
    assert listener.connections == []


def test_the_child_reports_its_network_block(store_path: Path) -> None:
    """On Linux x86_64 / aarch64 the seccomp filter is in place for every query."""
    request = {
        "store": str(store_path),
        "query": "ASK { ?s ?p ?o }",
        "form": "ASK",
        "params": {},
        "row_cap": 10,
        "timeout_s": 5.0,
        "memory_mb": 1024,
    }
    reply = _run_worker(request, timeout_s=5.0, memory_mb=1024)
    assert reply["network_blocked"] is True
    assert reply["rows"] == [{"ask": True}]


def test_the_seccomp_filter_refuses_inet_sockets_but_not_unix_ones(listener: Listener) -> None:
    """In a process that installed the filter, AF_INET/AF_INET6 sockets fail, AF_UNIX works."""
    program = (
        "import socket, sys\n"
        f"sys.path.insert(0, {str(Path(sandbox_worker.__file__).parent)!r})\n"
        "import sandbox_worker\n"
        "assert sandbox_worker.block_network_syscalls()\n"
        "socket.socketpair(socket.AF_UNIX)\n"
        "for family in (socket.AF_INET, socket.AF_INET6):\n"
        "    try:\n"
        "        socket.socket(family).connect(('127.0.0.1', %d))\n"
        "    except PermissionError:\n"
        "        continue\n"
        "    sys.exit('a socket was allowed')\n"
        "print('blocked')\n"
    ) % listener.port
    completed = subprocess.run(
        [sys.executable, "-I", "-c", program], capture_output=True, text=True, timeout=60
    )
    assert completed.stdout.strip() == "blocked", completed.stderr
    assert listener.connections == []


def test_the_audit_hook_refuses_python_level_network_and_processes() -> None:
    """The audit hook raises for socket and process events (native code does not raise them)."""
    for event in ("socket.connect", "socket.getaddrinfo", "subprocess.Popen"):
        with pytest.raises(PermissionError):
            sandbox_worker._audit(event, ())
    sandbox_worker._audit("open", ("x", "r", 0))


def test_a_parser_crash_kills_only_the_child(store_path: Path) -> None:
    """3,000 nested braces overflow Oxigraph's stack: the child dies, this process reports it."""
    request = {
        "store": str(store_path),
        "query": "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000,
        "form": "SELECT",
        "params": {},
        "row_cap": 10,
        "timeout_s": 5.0,
        "memory_mb": 1024,
    }
    with pytest.raises(QueryFailed) as failed:
        _run_worker(request, timeout_s=5.0, memory_mb=1024)
    assert "crashed" in failed.value.reason or "stack overflow" in failed.value.reason
    assert "\n" not in failed.value.reason
    assert _triple_count(store_path) == TRIPLES


# ----------------------------------------------------------------------------- ordinary queries


def test_select_with_a_bound_parameter(store_path: Path) -> None:
    """A string parameter is bound as a value and selects the matching row."""
    result = run_sparql_sandboxed(
        store_path,
        PREFIXES + "SELECT ?area ?name WHERE { ?area ex:name ?name }",
        {"name": "Chengdu"},
    )
    assert result == SparqlResult(
        columns=["area", "name"],
        rows=[{"area": f"{EX}area/chengdu", "name": "Chengdu"}],
        truncated=False,
        form="SELECT",
    )


def test_values_come_back_as_plain_python(store_path: Path) -> None:
    """IRIs as str, integers as int, decimals as float, booleans as bool, language dropped."""
    result = run_sparql_sandboxed(
        store_path,
        PREFIXES + "SELECT ?area ?pop ?gdp ?public ?year ?zh WHERE { ?area ex:population ?pop ; "
        "ex:gdp ?gdp ; ex:public ?public ; ex:planYear ?year ; rdfs:label ?zh "
        'FILTER(LANG(?zh) = "zh") } ORDER BY ?area',
        {"?area": Iri(f"{EX}area/xian")},
    )
    assert result.rows == [
        {
            "area": f"{EX}area/xian",
            "pop": 1802,
            "gdp": 1.31,
            "public": True,
            "year": 2022,
            "zh": "西安都市圈",
        }
    ]
    row = result.rows[0]
    assert isinstance(row["pop"], int)
    assert isinstance(row["gdp"], float)
    assert isinstance(row["public"], bool)


def test_integer_boolean_and_float_parameters(store_path: Path) -> None:
    """int, bool and float parameters are typed literals and match typed data."""
    query = PREFIXES + "SELECT ?area ?pop WHERE { ?area ex:population ?pop }"
    assert run_sparql_sandboxed(store_path, query, {"pop": 3500}).rows == [
        {"area": f"{EX}area/nanjing", "pop": 3500}
    ]
    public = run_sparql_sandboxed(
        store_path,
        PREFIXES + "SELECT ?area ?public WHERE { ?area ex:public ?public } ORDER BY ?area",
        {"public": False},
    )
    assert [row["area"] for row in public.rows] == [f"{EX}area/chongqing", f"{EX}area/nanjing"]
    none = run_sparql_sandboxed(store_path, query, {"pop": 3500.5})
    assert none.rows == []


def test_ask_and_construct_with_a_bound_parameter(store_path: Path) -> None:
    """ASK answers a boolean row; CONSTRUCT answers subject/predicate/object rows."""
    ask = run_sparql_sandboxed(
        store_path, PREFIXES + "ASK { ?area ex:name ?name }", {"name": "Fuzhou"}
    )
    assert (ask.form, ask.columns, ask.rows) == ("ASK", ["ask"], [{"ask": True}])
    missing = run_sparql_sandboxed(
        store_path, PREFIXES + "ASK { ?area ex:name ?name }", {"name": "Atlantis"}
    )
    assert missing.rows == [{"ask": False}]
    construct = run_sparql_sandboxed(
        store_path,
        PREFIXES + "CONSTRUCT { ?area ex:called ?name } WHERE { ?area ex:name ?name }",
        {"name": "Nanjing"},
    )
    assert construct.form == "CONSTRUCT"
    assert construct.columns == ["subject", "predicate", "object"]
    assert construct.rows == [
        {"subject": f"{EX}area/nanjing", "predicate": f"{EX}called", "object": "Nanjing"}
    ]


@pytest.mark.parametrize("value", ["Xi'an ", "} ; DROP ALL ; #", '" } INSERT DATA { }', "\\u0022"])
def test_hostile_values_bound_as_parameters_are_just_values(store_path: Path, value: str) -> None:
    """A value is never pasted into the text: quotes and braces match nothing and break nothing."""
    result = run_sparql_sandboxed(
        store_path, PREFIXES + "SELECT ?area ?name WHERE { ?area ex:name ?name }", {"name": value}
    )
    assert result.rows == []
    assert result.truncated is False


def test_xian_bound_as_a_parameter_matches_exactly(store_path: Path) -> None:
    """The apostrophe in Xi'an is data: the exact value finds its area."""
    result = run_sparql_sandboxed(
        store_path, PREFIXES + "SELECT ?area ?name WHERE { ?area ex:name ?name }", {"name": "Xi'an"}
    )
    assert result.rows == [{"area": f"{EX}area/xian", "name": "Xi'an"}]


def test_a_parameter_must_be_projected(store_path: Path) -> None:
    """pyoxigraph binds only projected variables; the failure says what to do."""
    with pytest.raises(QueryFailed) as failed:
        run_sparql_sandboxed(
            store_path, PREFIXES + "SELECT ?area WHERE { ?area ex:name ?name }", {"name": "x"}
        )
    assert "?name" in failed.value.reason
    assert "SELECT" in failed.value.reason


def test_bad_parameters_are_refused_before_running(store_path: Path) -> None:
    """Bad names, bad IRIs and unsupported types never reach the child."""
    query = "SELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(QueryRefused):
        run_sparql_sandboxed(store_path, query, {"o o": "x"})
    with pytest.raises(QueryRefused):
        run_sparql_sandboxed(store_path, query, {"s": Iri("not an iri")})
    with pytest.raises(QueryRefused):
        run_sparql_sandboxed(store_path, query, {"o": [1, 2]})  # type: ignore[dict-item]


def test_row_cap_truncates_and_says_so(store_path: Path) -> None:
    """More rows than the cap: exactly the cap comes back, flagged as truncated."""
    query = "SELECT * WHERE { ?s ?p ?o }"
    capped = run_sparql_sandboxed(store_path, query, row_cap=5)
    assert len(capped.rows) == 5
    assert capped.truncated is True
    full = run_sparql_sandboxed(store_path, query, row_cap=TRIPLES)
    assert len(full.rows) == TRIPLES
    assert full.truncated is False
    construct = run_sparql_sandboxed(store_path, "CONSTRUCT WHERE { ?s ?p ?o }", row_cap=3)
    assert (len(construct.rows), construct.truncated) == (3, True)


def test_time_limit_stops_a_runaway_query_promptly(store_path: Path) -> None:
    """A cartesian product is stopped at the limit, with the time-limit reason."""
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { "
        + " . ".join(f"?s{i} ?p{i} ?o{i}" for i in range(6))
        + " }"
    )
    started = time.monotonic()
    with pytest.raises(QueryFailed) as failed:
        run_sparql_sandboxed(store_path, query, timeout_s=1)
    elapsed = time.monotonic() - started
    assert failed.value.reason == "time limit of 1 s reached"
    assert elapsed < 1 + 2


def test_memory_limit_is_reported(store_path: Path) -> None:
    """Sorting a huge cross product hits the address-space limit (or, slower, the time limit)."""
    query = (
        "SELECT * WHERE { "
        + " . ".join(f"?s{i} ?p{i} ?o{i}" for i in range(5))
        + " } ORDER BY ?o0 ?o1 ?o2 ?o3 ?o4"
    )
    with pytest.raises(QueryFailed) as failed:
        run_sparql_sandboxed(store_path, query, timeout_s=10, memory_mb=1024)
    assert failed.value.reason in ("memory limit of 1024 MB reached", "time limit of 10 s reached")


def test_syntax_errors_are_one_line(store_path: Path) -> None:
    """The child's parse is the syntax check; its message comes back on one line."""
    with pytest.raises(QueryFailed) as failed:
        run_sparql_sandboxed(store_path, "SELECT * WHERE { ?s ?p }")
    assert failed.value.reason.startswith("SPARQL syntax error")
    assert "\n" not in failed.value.reason


def test_guard_refusals_pass_through(store_path: Path) -> None:
    """run_sparql_sandboxed checks again: an unchecked SERVICE never reaches a child."""
    with pytest.raises(QueryRefused):
        run_sparql_sandboxed(store_path, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> {} }")


def test_limits_out_of_range_are_programming_errors(store_path: Path) -> None:
    """Too little memory for RocksDB, a non-positive timeout or a negative cap are ValueErrors."""
    query = "ASK { ?s ?p ?o }"
    with pytest.raises(ValueError, match="memory_mb"):
        run_sparql_sandboxed(store_path, query, memory_mb=128)
    with pytest.raises(ValueError, match="timeout_s"):
        run_sparql_sandboxed(store_path, query, timeout_s=0)
    with pytest.raises(ValueError, match="row_cap"):
        run_sparql_sandboxed(store_path, query, row_cap=-1)


def test_a_missing_store_fails_cleanly(tmp_path: Path) -> None:
    """No store directory: a one-line failure, no child started."""
    with pytest.raises(QueryFailed, match="no store"):
        run_sparql_sandboxed(tmp_path / "absent", "ASK { ?s ?p ?o }")


# ----------------------------------------------------------------------------- Cypher


class _FakeNode:
    def __init__(self, properties: dict[str, Any]) -> None:
        self.id = 1
        self.labels = ["Resource"]
        self.properties = properties


class _FakeEdge:
    def __init__(self, properties: dict[str, Any]) -> None:
        self.id = 7
        self.relation = "MEMBER_OF"
        self.src_node = 1
        self.dest_node = 2
        self.properties = properties


class _FakePath:
    def __init__(self, nodes: list[_FakeNode], edges: list[_FakeEdge]) -> None:
        self._nodes, self._edges = nodes, edges

    def nodes(self) -> list[_FakeNode]:
        return self._nodes

    def edges(self) -> list[_FakeEdge]:
        return self._edges


class _FakeResult:
    def __init__(self, header: list[list[object]], result_set: list[list[object]]) -> None:
        self.header = header
        self.result_set = result_set


class _FakeGraph:
    """Stands in for falkordb.Graph: records calls, answers canned rows or raises."""

    def __init__(self, result: _FakeResult | None = None, error: Exception | None = None) -> None:
        self.result = result
        self.error = error
        self.calls: list[tuple[str, dict[str, object] | None, int | None]] = []

    def ro_query(
        self, q: str, params: dict[str, object] | None = None, timeout: int | None = None
    ) -> _FakeResult:
        self.calls.append((q, params, timeout))
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


def test_cypher_rows_are_plain_dicts() -> None:
    """Nodes and edges become property dicts, paths nodes/edges lists, keyed by column."""
    a, b = _FakeNode({"uri": "u:a"}), _FakeNode({"uri": "u:b"})
    edge = _FakeEdge({"role": "core"})
    graph = _FakeGraph(
        _FakeResult(
            [[1, "a"], [1, "r"], [1, "p"], [1, "xs"]],
            [[a, edge, _FakePath([a, b], [edge]), [1, {"k": b}]]],
        )
    )
    result = run_cypher_guarded(
        graph,
        "MATCH p = (a)-[r]->(b) RETURN a, r, p, [1] AS xs",
        {"x": 1},
        timeout_ms=500,
        row_cap=10,
    )
    assert result == CypherResult(
        columns=["a", "r", "p", "xs"],
        rows=[
            {
                "a": {"uri": "u:a"},
                "r": {"role": "core"},
                "p": {"nodes": [{"uri": "u:a"}, {"uri": "u:b"}], "edges": [{"role": "core"}]},
                "xs": [1, {"k": {"uri": "u:b"}}],
            }
        ],
        truncated=False,
    )
    assert graph.calls == [("MATCH p = (a)-[r]->(b) RETURN a, r, p, [1] AS xs", {"x": 1}, 500)]


def test_cypher_row_cap() -> None:
    """Rows past the cap are dropped and the result says so."""
    graph = _FakeGraph(_FakeResult([[1, "n"]], [[i] for i in range(5)]))
    result = run_cypher_guarded(
        graph, "UNWIND range(0, 4) AS n RETURN n", None, timeout_ms=500, row_cap=3
    )
    assert result.rows == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert result.truncated is True


def test_cypher_is_guarded_before_the_server_sees_it() -> None:
    """A refused query never reaches ro_query."""
    graph = _FakeGraph(_FakeResult([], []))
    with pytest.raises(QueryRefused):
        run_cypher_guarded(
            graph,
            "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r",
            None,
            timeout_ms=500,
            row_cap=10,
        )
    assert graph.calls == []


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (RuntimeError("Query timed out"), "time limit of 500 ms reached"),
        (
            RuntimeError("graph.RO_QUERY is to be executed only on read-only queries"),
            "the console is read-only: the query would write",
        ),
        (
            RuntimeError("errMsg: Invalid input 'X': expected MATCH line: 1 errCtx: X\nmore"),
            "errMsg: Invalid input 'X': expected MATCH line: 1",
        ),
        (ConnectionRefusedError("refused"), "the graph database is not reachable"),
    ],
)
def test_cypher_errors_become_one_line_failures(error: Exception, reason: str) -> None:
    """Driver and server errors become QueryFailed with one line."""
    with pytest.raises(QueryFailed) as failed:
        run_cypher_guarded(
            _FakeGraph(error=error), "MATCH (n) RETURN n", None, timeout_ms=500, row_cap=10
        )
    assert failed.value.reason == reason


def test_the_capped_wrapper_drops_whole_comment_lines_only() -> None:
    query = (
        "// the areas\n"
        "  // indented, too\n"
        "MATCH (a:MetropolitanArea) // kept: after code\n"
        "RETURN a.label AS x, 'http://example.org//not a comment' AS y\n"
        "// last"
    )
    assert without_comment_lines(query) == (
        "MATCH (a:MetropolitanArea) // kept: after code\n"
        "RETURN a.label AS x, 'http://example.org//not a comment' AS y\n"
    )
