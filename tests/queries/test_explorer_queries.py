"""Driven by ``queries/explorer/``: every query of the explorer's own parses, declares what it
projects, binds its parameters as values and answers on the shipped data; the pages' library
holds no query text of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from app.explorer.backend import select
from queries.catalogue import CatalogueError
from queries.explorer_queries import (
    EXPLORER_DIR,
    ExplorerQuery,
    load_explorer_queries,
    read_query,
)

QUERIES = load_explorer_queries()
INVALID = sorted((Path(__file__).parent / "explorer_invalid").glob("*.rq"))
REPO = Path(__file__).resolve().parents[2]


def _bound(query: ExplorerQuery, optional: bool = True) -> dict[str, object]:
    return {
        p.name: ox.NamedNode(str(p.example)) if p.type == "iri" else p.example
        for p in query.parameters
        if optional or not p.optional
    }


def test_every_file_is_a_query() -> None:
    assert sorted(QUERIES) == sorted(p.stem for p in EXPLORER_DIR.iterdir())


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_the_query_answers_with_its_declared_columns(name: str, rdf_store: ox.Store) -> None:
    query = QUERIES[name]
    rows = select(rdf_store, query.text, _bound(query))
    assert rows, f"{name} answers nothing on the shipped data with its examples"
    assert all(tuple(row) == query.columns for row in rows)
    for parameter in query.parameters:
        value = rows[0].get(parameter.name)
        if parameter.type == "iri" and parameter.name in query.columns and value is not None:
            assert value == parameter.example, "the bound value is the one the rows are about"
    if any(p.optional for p in query.parameters):  # unbound: every area, at least as many rows
        assert len(select(rdf_store, query.text, _bound(query, optional=False))) >= len(rows)


PARAMETERISED = sorted(n for n, q in QUERIES.items() if q.parameters)


@pytest.mark.parametrize("name", PARAMETERISED)
def test_a_value_naming_nothing_is_bound_not_pasted(name: str, rdf_store: ox.Store) -> None:
    """A value is a term the query looks up: one naming nothing finds nothing."""
    query = QUERIES[name]
    hostile = {p.name: ox.NamedNode("urn:x:%7D%20DROP%20ALL") for p in query.parameters}
    assert select(rdf_store, query.text, hostile) == []
    assert len(rdf_store) > 0


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_a_malformed_query_file_is_refused(path: Path) -> None:
    with pytest.raises(CatalogueError, match=path.name):
        read_query(path)


MODULES = sorted(str(p.relative_to(REPO)) for p in (REPO / "app" / "explorer").rglob("*.py"))
QUERY_TEXT = re.compile(
    r"\bSELECT\b|\bASK\s*\{|\bCONSTRUCT\b|\bWHERE\s*\{|^\s*PREFIX\s+[\w-]*:|MATCH \(", re.M
)


def test_every_query_describes_itself_in_both_languages() -> None:
    for query in QUERIES.values():
        assert query.description["zh"] != query.description["en"]
        assert re.search(r"[\u4e00-\u9fff]", query.description["zh"]), query.name


@pytest.mark.parametrize("module", MODULES)
def test_the_library_holds_no_query_text(module: str) -> None:
    """Every query of the explorer's library (pages, maps, index, ontology page) is a file."""
    text = (REPO / module).read_text(encoding="utf-8")
    assert not QUERY_TEXT.search(text), QUERY_TEXT.search(text)
