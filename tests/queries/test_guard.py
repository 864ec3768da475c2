"""Tests for queries.guard: hostile corpus, reasons, ordinary queries, and a differential check.

The differential check runs every guard-accepted query built from known bypass pieces on an
in-memory Oxigraph store whose SERVICE targets are a local listener: the guard must never accept
a query that Oxigraph would send out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.guard import (
    MAX_CYPHER_DEPTH,
    MAX_CYPHER_NESTING_COST,
    MAX_QUERY_BYTES,
    MAX_SPARQL_DEPTH,
    QueryRefused,
    check_cypher,
    check_sparql,
    sparql_query_form,
)
from tests.network import Listener, listening

HOSTILE = Path(__file__).parent / "hostile"
CATALOGUE = Path(__file__).resolve().parents[2] / "queries" / "catalogue"


def _expectation(path: Path) -> str:
    """The ``expect:`` header line of a corpus file."""
    for line in path.read_text(encoding="utf-8", errors="surrogateescape").splitlines()[:3]:
        if "expect:" in line:
            return line.split("expect:", 1)[1].strip()
    raise AssertionError(f"{path.name} has no 'expect:' header")


def _corpus_text(path: Path, port: int = 9) -> str:
    """A corpus file with its listener placeholder filled in."""
    return path.read_text(encoding="utf-8", errors="surrogateescape").replace("{{PORT}}", str(port))


SPARQL_FILES = sorted((HOSTILE / "sparql").glob("*.rq"))
CYPHER_FILES = sorted((HOSTILE / "cypher").glob("*.cypher"))


def test_corpus_is_large_enough() -> None:
    """The brief asks for at least 45 hostile queries; every file says what to expect."""
    assert len(SPARQL_FILES) + len(CYPHER_FILES) >= 45
    assert len(SPARQL_FILES) >= 45
    assert {_expectation(path) for path in SPARQL_FILES} == {"refused", "contained"}
    assert {_expectation(path) for path in CYPHER_FILES} == {"refused"}


@pytest.mark.parametrize(
    "path",
    [*CYPHER_FILES, *(path for path in SPARQL_FILES if _expectation(path) == "refused")],
    ids=lambda path: f"{path.suffix[1:]}-{path.stem}",
)
def test_hostile_query_marked_refused_is_refused_by_the_guard(path: Path) -> None:
    """Every Cypher file, and every SPARQL file marked ``refused``, is refused before it reaches
    a parser, with a one-line reason."""
    check = check_cypher if path.suffix == ".cypher" else check_sparql
    with pytest.raises(QueryRefused) as refused:
        check(_corpus_text(path))
    assert refused.value.reason
    assert "\n" not in refused.value.reason


@pytest.mark.parametrize(
    "path",
    [path for path in SPARQL_FILES if _expectation(path) == "contained"],
    ids=lambda path: path.stem,
)
def test_hostile_sparql_marked_contained_passes_the_guard(path: Path) -> None:
    """Runaway queries are legal SPARQL: only the sandbox can stop them (test_sandbox does)."""
    check_sparql(_corpus_text(path))


# ----------------------------------------------------------------------------- reasons


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "SERVICE is not allowed"),
        ("SELECT * WHERE { ?s ?p 1SERVICE<http://x/>{} }", "'1SERVICE'"),
        ("SELECT * WHERE { \\u0053ERVICE <http://x/> {} }", "SERVICE"),
        ("SELECT * FROM <http://x/> WHERE { ?s ?p ?o }", "FROM / FROM NAMED"),
        ("SELECT * FROM NAMED <http://x/> WHERE { ?s ?p ?o }", "FROM / FROM NAMED"),
        ("DROP ALL", "DROP is not allowed"),
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "read-only"),
        ("WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH is not allowed"),
        ("SELECT * WHERE { ?s ?p ?o }\x00", "NUL byte"),
        ("SELECT * WHERE { ?s ?p ?o }\x07", "U+0007"),
        ("SELECT * WHERE " + "{" * 40 + "?s ?p ?o" + "}" * 40, f"more than {MAX_SPARQL_DEPTH}"),
        ("SELECT * WHERE { ?s ?p ?o ", "unclosed '{'"),
        ("SELECT * WHERE { ?s ?p ?o ) }", "unbalanced ')'"),
        ('SELECT * WHERE { ?s ?p "abc }', "unterminated string"),
        ("SELECT * WHERE { ?s ?p ?o FILTER(?o<?p#>\n) }", "ambiguous '<'"),
        ("{ ?s ?p ?o }", "only SELECT, ASK, CONSTRUCT and DESCRIBE"),
        ("   \n", "empty"),
        ("SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY_BYTES, "the limit is 16,384 bytes"),
    ],
)
def test_sparql_refusal_reasons(query: str, needle: str) -> None:
    """Each refusal says what was wrong, on one line, with a location where there is one."""
    with pytest.raises(QueryRefused) as refused:
        check_sparql(query)
    assert needle in refused.value.reason
    assert "\n" not in refused.value.reason


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("CREATE (n)", "CREATE is not allowed"),
        ("match (n) detach delete n", "DETACH is not allowed"),
        ("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", "LOAD CSV is not allowed"),
        ("CALL dbms.procedures()", "CALL dbms.procedures"),
        ("CALL `dbms`.`procedures`()", "CALL dbms.procedures"),
        ("MATCH (n) RETURN n; MATCH (m) RETURN m", "one statement per query"),
        ("RETURN 1;", "one statement per query"),
        ("RETURN " + "(" * 11 + "1" + ")" * 11, f"more than {MAX_CYPHER_DEPTH}"),
        ("RETURN " + "-" * 11 + "1", f"more than {MAX_CYPHER_DEPTH}"),
        ("MATCH (n) WHERE " + "NOT " * 11 + "n.x RETURN n", f"more than {MAX_CYPHER_DEPTH}"),
        ("RETURN [" + ", ".join(["-" * 9 + "1"] * 40) + "]", "too many deeply nested"),
        ("RETURN 'abc", "unterminated string"),
        ("RETURN 1 /* CREATE (n)", "unterminated /* comment"),
        ("RETURN 1 // c\rCREATE (m)", "CREATE"),
        ("RETURN 1\x00", "NUL byte"),
    ],
)
def test_cypher_refusal_reasons(query: str, needle: str) -> None:
    """Cypher refusals say what was wrong, on one line."""
    with pytest.raises(QueryRefused) as refused:
        check_cypher(query)
    assert needle in refused.value.reason
    assert "\n" not in refused.value.reason


# ----------------------------------------------------------------------------- ordinary queries

ORDINARY_SPARQL = [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE <http://example.org/area/chengdu>",
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
    "SELECT ?x ?src WHERE { ?x prov:wasDerivedFrom ?src }",
    "PREFIX schema: <http://schema.org/>\nSELECT ?a WHERE { ?a schema:address ?addr }",
    "SELECT ?s WHERE { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?t }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o = <http://example.org/x#y>) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?p IN (<http://a.org/#b>, <http://c.org/#d>)) }",
    "SELECT * WHERE { VALUES (?a ?b) { (<http://a.org/#b> <http://c.org/#d>) (UNDEF 1) } }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<5&&?o>1) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 5 && ?o >= 1 || ?o<=?s) }",
    'SELECT * WHERE { ?s ?p ?o FILTER(?o = "1"^^<http://www.w3.org/2001/XMLSchema#integer>) }',
    "SELECT * WHERE { ?s ?p \"Xi'an\"@en , '西安'@zh-Hans }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { } ; DROP ALL" }',
    "SELECT * WHERE { ?s ?p '''FROM NAMED\nINSERT DATA''' }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> and DROP ALL in a comment",
    "SELECT * WHERE { ?s <http://example.org/service/add-from> ?o }",
    "SELECT ?service ?from WHERE { ?service ?drop ?from }",
    "SELECT ?x (COUNT(*) AS ?n) WHERE { ?x ?p ?o } GROUP BY ?x HAVING(COUNT(*) > 1) "
    "ORDER BY DESC(?n) LIMIT 5 OFFSET 1",
    "SELECT * WHERE { ?s (<http://e/p>|^<http://e/q>)/<http://e/r>* ?o }",
    "SELECT * WHERE { ?s ?p ?o MINUS { ?s a <http://e/T> } OPTIONAL { ?s ?q ?r } }",
    "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s <http://e/p> [] } }",
    "SELECT * WHERE { ?s ?p ?o BIND(STRLEN(STR(?o)) AS ?len) FILTER(?len < 10) }",
    'SELECT * WHERE { ?s ?p ?o FILTER(LANGMATCHES(LANG(?o), "zh")) }',
    "SELECT * WHERE { ?s ?p (1 2 3) }",
    "SELECT * WHERE { ?s ?p [ <http://e/q> [ <http://e/r> 1 ] ] }",
    "BASE <http://example.org/>\nSELECT * WHERE { <area/xian> ?p ?o }",
    "PREFIX : <http://example.org/>\nSELECT * WHERE { :a :b :c. }",
    "PREFIX delete: <http://example.org/>\nSELECT * WHERE { ?s delete:p ?o }",
    "PREFIX insertdata: <http://example.org/>\nASK { insertdata:a ?p ?o }",
    "select distinct ?s where { ?s ?p ?o . } order by ?s",
    "SELECT * WHERE " + "{" * MAX_SPARQL_DEPTH + "?s ?p ?o" + "}" * MAX_SPARQL_DEPTH,
    "SELECT * WHERE { ?s ?p ?o } #" + "x" * (MAX_QUERY_BYTES - 30),
]


@pytest.mark.parametrize("query", ORDINARY_SPARQL)
def test_ordinary_sparql_is_accepted(query: str) -> None:
    """Keywords in strings, comments, IRIs, variables and local names are not keywords."""
    check_sparql(query)


def test_query_form_is_reported() -> None:
    """The form after the prologue is what the sandbox labels the result with."""
    assert sparql_query_form("PREFIX e: <http://e/>\nask { ?s ?p ?o }") == "ASK"
    assert sparql_query_form("BASE <http://e/> CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert sparql_query_form("SELECT*{?s ?p ?o}") == "SELECT"
    assert sparql_query_form("DESCRIBE <http://e/x>") == "DESCRIBE"


ORDINARY_CYPHER = [
    "MATCH (a:Resource {uri: $uri})-[:MEMBER_OF]->(b) RETURN a.uri, b.uri",
    "MATCH (n) WHERE n.name = 'CREATE (m)' RETURN n // DETACH DELETE n",
    'MATCH (n) WHERE n.note = "a;b" RETURN n /* ; SET */',
    "MATCH (n) RETURN n.`set` AS `delete`",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "CALL db.relationshipTypes()",
    "CALL db.propertyKeys()",
    "CALL { MATCH (n) RETURN n LIMIT 1 } RETURN n",
    "MATCH p = (a)-[*1..3]->(b) WHERE NOT (a)-->(b) RETURN length(p)",
    "MATCH (n) RETURN -n.x - -1, [x IN range(1, 3) WHERE x > 1 | x * 2] AS xs",
    "UNWIND $rows AS row MATCH (n {uri: row.uri}) RETURN count(n)",
    "MATCH (n) RETURN n.offset, n.dataset, n.settlement, n.createdAt",
    "RETURN " + "(" * MAX_CYPHER_DEPTH + "1" + ")" * MAX_CYPHER_DEPTH,
]


def test_cypher_nesting_budget_allows_a_few_deep_groups_not_many() -> None:
    """Sixteen groups at the depth limit fit the budget; twice as many do not."""
    unit = "(" * (MAX_CYPHER_DEPTH - 1) + "1" + ")" * (MAX_CYPHER_DEPTH - 1)
    assert 2 ** (MAX_CYPHER_DEPTH + 1) * 16 <= MAX_CYPHER_NESTING_COST
    check_cypher("RETURN [" + ", ".join([unit] * 15) + "]")
    with pytest.raises(QueryRefused):
        check_cypher("RETURN [" + ", ".join([unit] * 32) + "]")


@pytest.mark.parametrize("query", ORDINARY_CYPHER)
def test_ordinary_cypher_is_accepted(query: str) -> None:
    """Keywords inside strings, comments and backticks are not keywords."""
    check_cypher(query)


def test_the_catalogue_passes_the_guard() -> None:
    """Every named question of the project's catalogue is an ordinary, accepted query."""
    files = sorted(CATALOGUE.glob("*.rq")) + sorted(CATALOGUE.glob("*.cypher"))
    assert files, "the query catalogue is missing"
    for path in files:
        text = path.read_text(encoding="utf-8")
        (check_sparql if path.suffix == ".rq" else check_cypher)(text)


# ----------------------------------------------------------------------------- robustness


SPARQLISH = st.lists(
    st.sampled_from(
        [
            *"<>(){}[]\"'#?$@:._-\\/ \n\r\tuU0123456789aeSERVICselctwh;`*!=&|^+,%~é中\u00b7",
            *("\\u0053", "SELECT ", "SERVICE", "'''", '"""', "/*", "*/", "//", "VALUES", "FILTER("),
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(SPARQLISH)
def test_guards_only_ever_raise_query_refused(text: str) -> None:
    """Arbitrary text never crashes a guard: it passes or is refused with one line."""
    for check in (check_sparql, check_cypher):
        try:
            check(text)
        except QueryRefused as refused:
            assert refused.reason
            assert "\n" not in refused.reason


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    """A local listener that every SERVICE target of the differential test points at."""
    with listening() as state:
        yield state


@pytest.fixture(scope="module")
def oracle_store() -> ox.Store:
    """An in-memory store whose triples match every glue piece below."""
    store = ox.Store()
    subject, predicate = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
    for obj in (
        ox.Literal("a"),
        ox.Literal(1),
        ox.Literal(1.5),
        ox.Literal(True),
        ox.NamedNode("http://e/o"),
        ox.NamedNode("http://e/x"),
    ):
        store.add(ox.Quad(subject, predicate, obj))
    return store


# (before, after) pieces that put SERVICE in every position the parser accepts it
_GLUE = [
    ("", ""),
    ("?s ?p ?o ", ""),
    ("?s ?p ?o .", ""),
    ("?s ?p ?o.", ""),
    ("?s ?p 1", ""),
    ("?s ?p 1.5", ""),
    ("?s ?p true", ""),
    ('?s ?p "a"', ""),
    ("?s ?p <http://e/x>", ""),
    ("?s ?p e:o .", ""),
    ("?s ?p ?o FILTER(1<2)", ""),
    ("?s ?p ?o FILTER(?o!=1)", ""),
    ("?s ?p ?o FILTER(?o<?o||1<2)", ""),
    ("?s ?p ?o FILTER(1<1#>\n||true)", ""),
    ("?s ?p ?o #c\n", ""),
    ("?s ?p ?o OPTIONAL {", "}"),
    ("{ ?s ?p ?o } UNION {", "}"),
    ("?s ?p ?o FILTER EXISTS {", "}"),
    ("{ SELECT * WHERE {", "} }"),
]
_SERVICE_WORDS = [
    "SERVICE",
    "service",
    "SeRvIcE",
    "SERVICE SILENT",
    "SERVICESILENT",
    "SERVICE#c\nSILENT",
    "\\u0053ERVICE",
    "SERVIC\\u0045",
    "SERV#x\nICE",
    "SERVICE/**/",
]
_SEPARATORS = ["", " ", "\t", "\n", "\r", "#x\n", "#>\n"]
_TARGETS = ["<{iri}>", "f:x", "f:", "<\\u0068ttp{rest}>", "?svc"]
_GROUPS = ["{ ?s ?p ?o }", "{}", "{?s ?p ?o}"]


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    glue=st.sampled_from(_GLUE),
    word=st.sampled_from(_SERVICE_WORDS),
    sep1=st.sampled_from(_SEPARATORS),
    target=st.sampled_from(_TARGETS),
    sep2=st.sampled_from(_SEPARATORS),
    group=st.sampled_from(_GROUPS),
)
def test_guard_never_accepts_what_oxigraph_would_send_out(
    listener: Listener,
    oracle_store: ox.Store,
    glue: tuple[str, str],
    word: str,
    sep1: str,
    target: str,
    sep2: str,
    group: str,
) -> None:
    """Differential test: any accepted query, run by Oxigraph, contacts nobody."""
    iri = f"http://127.0.0.1:{listener.port}/sparql"
    target_text = target.format(iri=iri, rest=iri[1:])
    query = (
        f"PREFIX e: <http://e/> PREFIX f: <http://127.0.0.1:{listener.port}/x>\n"
        f"SELECT * WHERE {{ {glue[0]}{word}{sep1}{target_text}{sep2}{group}{glue[1]} }}"
    )
    try:
        check_sparql(query)
    except QueryRefused:
        return
    before = len(listener.connections)
    try:
        result = oracle_store.query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    assert len(listener.connections) == before, f"guard accepted an outgoing query: {query!r}"


def test_the_oracle_sees_a_service_call(listener: Listener, oracle_store: ox.Store) -> None:
    """The differential test is not vacuous: an unguarded SERVICE reaches the listener."""
    before = len(listener.connections)
    query = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/s> {{}} }}"
    list(oracle_store.query(query))  # type: ignore[arg-type]
    assert len(listener.connections) == before + 1
