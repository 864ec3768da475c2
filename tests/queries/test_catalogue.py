"""Driven by the catalogue: every question parses, runs in both languages with the same rows,
binds its parameters as values, and answers as the source report does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml

from loaders.graph.clients import FalkorGraph
from queries.catalogue import CATALOGUE_DIR, CatalogueError, Question, load_catalogue
from queries.runner import run_cypher, run_sparql

CATALOGUE = load_catalogue()
NAMES = sorted(CATALOGUE)
EXPECTED_DIR = Path(__file__).parent / "expected"
REQUIRED = {
    "areas",
    "area-members",
    "areas-without-spatial-plan",
    "cross-province-areas",
    "plan-system",
    "county-links",
    "agencies",
    "action-documents",
    "plans-by-end-year",
    "theme-coverage",
    "unit-areas",
    "indicator-systems",
    "governance-modes",
    "neighbourhood",
}
HOSTILE_VALUES = [
    "Xi'an",
    'say "hi"',
    "} ; DROP ALL",
    "') OR 1=1 --",
    "南京都市圈' OR '1'='1",
    "MATCH (n) DETACH DELETE n",
    "$area",
    "\\u0027",
    "{{x}}",
    "南京都市圈\\",
]


def _key(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def _same(question: Question, a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    if question.ordered:
        return a == b
    return sorted(map(_key, a)) == sorted(map(_key, b))


def test_catalogue_has_the_required_questions() -> None:
    assert set(CATALOGUE) >= REQUIRED
    assert any(q.kind == "violation" for q in CATALOGUE.values())


def test_every_catalogue_file_belongs_to_a_question() -> None:
    files = {p.name for p in CATALOGUE_DIR.iterdir() if p.suffix in (".rq", ".cypher")}
    assert files == {f"{n}{ext}" for n in NAMES for ext in (".rq", ".cypher")}


@pytest.mark.parametrize("name", NAMES)
def test_cypher_parses(name: str, shipped_graph: FalkorGraph) -> None:
    graph = shipped_graph.db.select_graph(shipped_graph.name)
    question = CATALOGUE[name]
    plan = graph.explain(question.text["cypher"], question.bind({}))
    assert plan is not None


def _param_sets(question: Question) -> list[dict[str, Any]]:
    sets = [{}] if all(p.default is not None for p in question.parameters) else []
    example = {p.name: p.example for p in question.parameters if p.example is not None}
    if example and len(example) == len(question.parameters):
        sets.append(example)
    return sets or [{}]


@pytest.mark.parametrize("name", NAMES)
def test_both_languages_give_the_same_rows(
    name: str, rdf_store: ox.Store, shipped_graph: FalkorGraph
) -> None:
    question = CATALOGUE[name]
    for params in _param_sets(question):
        sparql = run_sparql(rdf_store, question, params).rows
        cypher = run_cypher(shipped_graph, question, params).rows
        assert _same(question, sparql, cypher), f"{name} {params}"
        if question.kind == "violation":
            assert sparql == [], f"data-quality check {name} found {sparql[:3]}"
        elif name != "neighbourhood" or params:
            assert sparql, f"{name} {params} answered nothing on the shipped data"


@pytest.mark.parametrize(
    "name", [n for n in NAMES if any(p.type == "string" for p in CATALOGUE[n].parameters)]
)
def test_parameters_are_values_not_query_text(
    name: str, rdf_store: ox.Store, shipped_graph: FalkorGraph
) -> None:
    question = CATALOGUE[name]
    before_nodes = shipped_graph.counts()
    before_triples = len(rdf_store)
    for value in HOSTILE_VALUES:
        params = {p.name: (value if p.type == "string" else p.default) for p in question.parameters}
        assert run_sparql(rdf_store, question, params).rows == [], value
        assert run_cypher(shipped_graph, question, params).rows == [], value
    assert shipped_graph.counts() == before_nodes
    assert len(rdf_store) == before_triples


EXPECTED = sorted(EXPECTED_DIR.glob("*.yaml"))


def test_every_question_has_expectations_from_the_source() -> None:
    assert {p.stem for p in EXPECTED} == set(NAMES)


def _matches(row: dict[str, Any], want: dict[str, Any]) -> bool:
    for column, value in want.items():
        got = row.get(column)
        if isinstance(value, list) and isinstance(got, list):
            if sorted(map(str, value)) != sorted(map(str, got)):
                return False
        elif isinstance(value, float) or isinstance(got, float):
            if got is None or value is None or abs(float(got) - float(value)) > 1e-6:
                return False
        elif got != value:
            return False
    return True


@pytest.mark.parametrize("path", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_answers_match_the_source(path: Path, rdf_store: ox.Store) -> None:
    """Each case says where in the source its expectation comes from (``source:``)."""
    question = CATALOGUE[path.stem]
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(cases, list) and cases
    for case in cases:
        assert case.get("source"), f"{path.name}: every case names its source"
        rows = run_sparql(rdf_store, question, case.get("params") or {}).rows
        label = f"{path.name} {case.get('params')}"
        if "count" in case:
            assert len(rows) == case["count"], label
        for want in case.get("contains", []):
            assert any(_matches(r, want) for r in rows), f"{label}: no row like {want}"
        for unwanted in case.get("excludes", []):
            assert not any(_matches(r, unwanted) for r in rows), f"{label}: unexpected {unwanted}"
        if "first" in case:
            assert rows and _matches(rows[0], case["first"]), label


HEADERS_DIR = Path(__file__).parent / "headers"
INVALID_HEADERS = sorted((HEADERS_DIR / "invalid").iterdir())


@pytest.mark.parametrize("case", sorted((HEADERS_DIR / "valid").iterdir()), ids=lambda p: p.name)
def test_a_header_in_both_languages_loads(case: Path) -> None:
    question = load_catalogue(case)["demo"]
    assert question.column_label("code", "zh") == "区划代码"
    assert question.parameters[0].label("en") == "Area"
    assert question.describe("zh") and question.describe("en")


@pytest.mark.parametrize("case", INVALID_HEADERS, ids=lambda p: p.name)
def test_a_header_missing_a_language_is_refused_with_its_place(case: Path) -> None:
    """Each invalid pair names the message (file:line: field) the loader must give."""
    expected = (case / "expected-error.txt").read_text(encoding="utf-8").strip()
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(case)
    assert str(caught.value) == expected


@pytest.mark.parametrize("name", NAMES)
def test_every_question_reads_in_chinese_and_english(name: str) -> None:
    question = CATALOGUE[name]
    for lang in ("zh", "en"):
        assert question.title(lang) and question.describe(lang)
        assert all(question.column_label(c, lang) for c in question.columns)
        assert all(p.label_zh and p.label_en for p in question.parameters)
    zh_labels = "".join(question.column_labels[c]["zh"] for c in question.columns)
    assert not any(ch.isascii() and ch.isalpha() for ch in zh_labels), "zh labels are Chinese"
