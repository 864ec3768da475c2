"""One page of a paged question (``#+ page: N``): a stable order, the page's rows and the total.

A person reads the first page and the count; "more" asks for the next page. The page number is
checked here (a whole number from 1); the SPARQL text gets the page's ``LIMIT``/``OFFSET`` as
the two integers computed from it (SPARQL has no parameters there), Cypher gets them as the bound
parameters ``$page_offset`` and ``$page_limit``. A page past the last one is an error naming the
last page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from queries.catalogue import PAGE_MARKER, CatalogueError, Language, Question
from queries.runner import select_rows

if TYPE_CHECKING:
    from loaders.graph.clients import GraphStore


MAX_PAGE = 1_000_000_000
"""The highest page number asked for (far past any answer's last page)."""


class PageError(CatalogueError):
    """A page number that is not a page of the answer."""


@dataclass(frozen=True)
class Page:
    """Page ``number`` (1-based) of ``size`` rows."""

    number: int
    size: int

    @property
    def offset(self) -> int:
        """Rows before this page."""
        return (self.number - 1) * self.size


@dataclass(frozen=True)
class PagedAnswer:
    """One page of a question's rows and the number of rows of the whole answer."""

    question: Question
    language: Language
    params: dict[str, Any]
    page: Page
    rows: list[dict[str, Any]]
    total: int

    @property
    def pages(self) -> int:
        """How many pages the answer has (at least one, empty or not)."""
        return max(1, -(-self.total // self.page.size))

    @property
    def first_row(self) -> int:
        """1-based number of the page's first row (0 when the page is empty)."""
        return self.page.offset + 1 if self.rows else 0

    @property
    def last_row(self) -> int:
        """1-based number of the page's last row (0 when the page is empty)."""
        return self.page.offset + len(self.rows)

    @property
    def has_more(self) -> bool:
        """Whether a next page exists."""
        return self.page.number < self.pages


def page_of(question: Question, number: Any) -> Page:
    """Page ``number`` of ``question``, checked: a paged question and a whole number ≥ 1."""
    if question.page_size is None:
        raise PageError(f"{question.name}: this question is answered whole, not in pages")
    text = str(number).strip()
    if isinstance(number, bool) or not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise PageError(f"{question.name}: page must be a whole number from 1, got {number!r}")
    if int(text) > MAX_PAGE:  # an offset the stores' 64-bit integers still hold
        raise PageError(f"{question.name}: page must be at most {MAX_PAGE:,}, got {text}")
    return Page(int(text), question.page_size)


def sparql_page_text(question: Question, page: Page) -> str:
    """The question's SPARQL with the page's LIMIT and OFFSET on its ``# PAGE`` line."""
    limit = f"LIMIT {int(page.size)} OFFSET {int(page.offset)}"
    text, count = PAGE_MARKER.subn(
        lambda marker: marker.group("indent") + limit, question.text["sparql"], count=1
    )
    if count != 1:
        raise PageError(f"{question.files['sparql'].name}: no '# PAGE' line")
    return text


def _total(raw: list[dict[str, Any]]) -> int | None:
    return int(raw[0]["total"]) if raw and raw[0].get("total") is not None else None


def _checked(
    question: Question,
    language: Language,
    params: dict[str, Any],
    page: Page,
    raw: list[dict[str, Any]],
    total: int | None,
) -> PagedAnswer:
    if total is None:
        total = 0
    answer = PagedAnswer(question, language, params, page, question.normalise(raw), total)
    if page.number > answer.pages:
        raise PageError(
            f"{question.name}: page {page.number} is past the last page, {answer.pages} "
            f"({total} rows, {page.size} a page)"
        )
    return answer


def run_sparql_page(
    store: ox.Store, question: Question, given: dict[str, Any] | None, number: Any = 1
) -> PagedAnswer:
    """Page ``number`` of ``question`` from the embedded store, with the total count."""
    page = page_of(question, number)
    params = question.bind(given or {})
    raw = select_rows(store, sparql_page_text(question, page), params)
    total = _total(raw)
    if total is None and page.number > 1:  # past the end: the first page knows the total
        total = _total(select_rows(store, sparql_page_text(question, Page(1, page.size)), params))
    return _checked(question, "sparql", params, page, raw, total)


def run_cypher_page(
    graph: GraphStore, question: Question, given: dict[str, Any] | None, number: Any = 1
) -> PagedAnswer:
    """Page ``number`` of ``question`` from the property graph, with the total count."""
    page = page_of(question, number)
    params = question.bind(given or {})
    raw = graph.read(
        question.text["cypher"],
        {**params, "page_offset": page.offset, "page_limit": page.size},
    ).rows
    total = _total(raw)
    if total is None and page.number > 1:
        first = {**params, "page_offset": 0, "page_limit": page.size}
        total = _total(graph.read(question.text["cypher"], first).rows)
    return _checked(question, "cypher", params, page, raw, total)
