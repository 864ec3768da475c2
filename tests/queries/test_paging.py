"""Driven by the catalogue: every paged question (``#+ page:``) answers pages that, put end to
end, are its whole answer, in the same order and with the same rows in SPARQL and Cypher; the
total is the whole answer's length; a page that is not a page is a clear error."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from loaders.graph.clients import FalkorGraph
from queries.catalogue import CATALOGUE_DIR, CatalogueError, Question, load_catalogue
from queries.paging import PageError, page_of, run_cypher_page, run_sparql_page, sparql_page_text
from queries.runner import run_cypher, run_sparql

CATALOGUE = load_catalogue()
PAGED = sorted(name for name, q in CATALOGUE.items() if q.paged)
SMALL_PAGE = 3
"""A page size small enough that the shipped data spans several pages."""


def _param_sets(question: Question) -> list[dict[str, Any]]:
    sets: list[dict[str, Any]] = [{}]
    example = {p.name: p.example for p in question.parameters if p.example is not None}
    if example and len(example) == len(question.parameters):
        sets.append(example)
    return sets


def _small(question: Question) -> Question:
    return dataclasses.replace(question, page_size=SMALL_PAGE)


def test_the_catalogue_pages_the_long_questions() -> None:
    assert {
        "action-documents", "agencies", "areas", "county-links", "indicator-systems",
        "plans-by-end-year", "theme-coverage",
    } <= set(PAGED)  # fmt: skip
    for name in PAGED:
        assert CATALOGUE[name].ordered, f"{name}: pages need a stable order"


@pytest.mark.parametrize("name", PAGED)
def test_pages_end_to_end_are_the_whole_answer_in_both_languages(
    name: str, rdf_store: ox.Store, shipped_graph: FalkorGraph
) -> None:
    for params in _param_sets(CATALOGUE[name]):
        whole_sparql = run_sparql(rdf_store, CATALOGUE[name], params).rows
        whole_cypher = run_cypher(shipped_graph, CATALOGUE[name], params).rows
        assert whole_sparql == whole_cypher, f"{name} {params}: whole answers differ"
        assert len(whole_sparql) > 1, f"{name} {params}: too short to page"
        # pages shorter than the answer (the shipped data has only three agencies)
        size = min(SMALL_PAGE, len(whole_sparql) - 1)
        question = dataclasses.replace(CATALOGUE[name], page_size=size)
        pages_sparql: list[dict[str, Any]] = []
        pages_cypher: list[dict[str, Any]] = []
        number = 1
        while True:
            sparql = run_sparql_page(rdf_store, question, params, number)
            cypher = run_cypher_page(shipped_graph, question, params, number)
            assert sparql.rows == cypher.rows, f"{name} {params} page {number}"
            assert sparql.total == cypher.total == len(whole_sparql)
            assert len(sparql.rows) == min(size, len(whole_sparql) - sparql.page.offset)
            pages_sparql += sparql.rows
            pages_cypher += cypher.rows
            if not sparql.has_more:
                break
            number += 1
        assert number == sparql.pages > 1
        assert pages_sparql == whole_sparql
        assert pages_cypher == whole_cypher


@pytest.mark.parametrize("name", PAGED)
def test_the_declared_first_page_is_a_page_with_the_count(
    name: str, rdf_store: ox.Store, shipped_graph: FalkorGraph
) -> None:
    question = CATALOGUE[name]
    whole = run_sparql(rdf_store, question, {}).rows
    for answer in (
        run_sparql_page(rdf_store, question, {}),
        run_cypher_page(shipped_graph, question, {}),
    ):
        assert answer.total == len(whole)
        assert answer.rows == whole[: question.page_size]
        assert answer.first_row == 1 and answer.last_row == len(answer.rows)


@pytest.mark.parametrize("name", PAGED)
def test_a_page_past_the_last_names_the_last_page(
    name: str, rdf_store: ox.Store, shipped_graph: FalkorGraph
) -> None:
    question = _small(CATALOGUE[name])
    last = run_sparql_page(rdf_store, question, {}).pages
    for run, target in ((run_sparql_page, rdf_store), (run_cypher_page, shipped_graph)):
        with pytest.raises(PageError, match=rf"page {last + 1} is past the last page, {last} "):
            run(target, question, {}, last + 1)  # type: ignore[operator]


@pytest.mark.parametrize("bad", [0, -1, "x", "1.5", "", True, "²", "١"])
def test_a_page_number_is_a_whole_number_from_one(bad: Any) -> None:
    with pytest.raises(PageError, match="page must be a whole number from 1"):
        page_of(CATALOGUE[PAGED[0]], bad)


def test_a_page_number_stays_within_the_stores_integers() -> None:
    with pytest.raises(PageError, match="page must be at most 1,000,000,000"):
        page_of(CATALOGUE[PAGED[0]], "9" * 30)


def test_an_unpaged_question_has_no_pages() -> None:
    whole = next(q for q in CATALOGUE.values() if not q.paged)
    with pytest.raises(PageError, match="answered whole"):
        page_of(whole, 1)


def test_the_page_text_carries_only_the_runner_integers() -> None:
    question = CATALOGUE[PAGED[0]]
    text = sparql_page_text(question, page_of(question, 4))
    size = question.page_size or 0
    assert f"LIMIT {size} OFFSET {3 * size}" in text
    assert text.replace(f"LIMIT {size} OFFSET {3 * size}", "# PAGE") == question.text["sparql"]


def _copy_question(tmp_path: Path, name: str, edit: dict[str, tuple[str, str]]) -> Path:
    for ext in (".rq", ".cypher"):
        text = (CATALOGUE_DIR / f"{name}{ext}").read_text(encoding="utf-8")
        if ext in edit:
            text = text.replace(*edit[ext])
        (tmp_path / f"{name}{ext}").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({".rq": ("    # PAGE\n", "")}, r"county-links\.rq:\d+: .*exactly one '# PAGE' line"),
        ({".rq": ("#+ page: 50", "#+ page: 0")}, r"county-links\.rq:\d+: page must be"),
        ({".cypher": ("//+ page: 50", "//+ page: ten")}, r"county-links\.cypher:\d+: page must"),
        ({".cypher": ("$page_limit", "$limit")}, r"county-links\.cypher:\d+: .*\$page_offset"),
        ({".cypher": ("//+ page: 50", "//+ page: 40")}, "page sizes differ"),
    ],
)
def test_a_malformed_paged_question_is_refused_with_its_place(
    tmp_path: Path, edit: dict[str, tuple[str, str]], message: str
) -> None:
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(_copy_question(tmp_path, "county-links", edit))
