"""Text from the data is shown as text on every page of the explorer, the graph browser and the
question graphs included.

The explorer's data gives the Zhengzhou area a label full of markup (``<script>``, ``<img
onerror>``, Markdown, ``:red[…]``, ``$…$``). On each page where it can appear: no element lets
HTML through, no Markdown element carries the markup unescaped, every drawing (pyvis in an
iframe) holds it only JSON-escaped, and the label is still there, literally, for the reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import HOSTILE_AREA, HOSTILE_LABEL, frames, html_allowed, texts

MARKUP = ("<script", "<img", "onerror=")
MARKDOWN_KINDS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "text",
    "info",
    "error",
    "warning",
    "success",
)


def drawings(at: AppTest) -> list[str]:
    return [str(element.proto.srcdoc) for element in at.get("iframe")]


def unescaped_markup(at: AppTest) -> list[str]:
    """Markdown-rendered values that carry the label's markup without escapes."""
    found = []
    for kind in MARKDOWN_KINDS:
        for element in at.get(kind):
            value = str(element.value)
            if any(re.search(r"(?<!\\)" + re.escape(m), value) for m in MARKUP):
                found.append(f"{kind}: {value[:120]}")
    return found


def shows_label(at: AppTest) -> bool:
    """The hostile label appears literally: in the page's text or in a table."""
    if HOSTILE_LABEL in texts(at):
        return True
    for frame in frames(at):
        values = frame.astype(str).to_numpy().ravel() if hasattr(frame, "astype") else []
        if any(HOSTILE_LABEL in str(v) for v in values):
            return True
    return False


def check(at: AppTest, *, label_expected: bool = True) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert html_allowed(at) == []
    assert unescaped_markup(at) == []
    for html in drawings(at):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'alert("metrokg")</script>' not in html
    if label_expected:
        assert shows_label(at) or any(
            "\\u003cscript\\u003ealert" in html for html in drawings(at)
        ), "the label should still be shown, as text"


PAGES: dict[str, Callable[[Callable[..., AppTest]], AppTest]] = {}


def page(name: str) -> Callable[[Any], Any]:
    def register(fn: Callable[[Callable[..., AppTest]], AppTest]) -> Any:
        PAGES[name] = fn
        return fn

    return register


@page("overview")
def _overview(explorer: Callable[..., AppTest]) -> AppTest:
    return explorer("overview.py")


@page("area")
def _area(explorer: Callable[..., AppTest]) -> AppTest:
    return explorer("area.py", area="zhengzhou")


@page("graph")
def _graph(explorer: Callable[..., AppTest]) -> AppTest:
    return explorer("graph.py", node=HOSTILE_AREA)


@page("questions-table")
def _questions(explorer: Callable[..., AppTest]) -> AppTest:
    return explorer("questions.py", q="areas")


@page("questions-graph")
def _questions_graph(explorer: Callable[..., AppTest]) -> AppTest:
    return explorer("questions.py", q="neighbourhood", p_node=HOSTILE_AREA)


@page("questions-cypher")
def _questions_cypher(explorer: Callable[..., AppTest]) -> AppTest:
    return explorer("questions.py", q="areas", ql="cypher")


@page("console-sparql")
def _console_sparql(explorer: Callable[..., AppTest]) -> AppTest:
    at = explorer("console.py")
    at.text_area(key="con_text_sparql").input(
        f"SELECT ?label WHERE {{ <{HOSTILE_AREA}> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    )
    return at.button(key="con_run").click().run()


@page("console-cypher")
def _console_cypher(explorer: Callable[..., AppTest]) -> AppTest:
    at = explorer("console.py")
    at.radio(key="con_language").set_value("cypher").run()
    at.text_area(key="con_text_cypher").input(
        f"MATCH (a:Resource {{uri: '{HOSTILE_AREA}'}}) RETURN a.label AS label"
    )
    return at.button(key="con_run").click().run()


@page("export")
def _export(explorer: Callable[..., AppTest]) -> AppTest:
    at = explorer("export.py")
    at.selectbox(key="ex_area").select(HOSTILE_AREA).run()
    return at.button(key="ex_prepare").click().run()


@page("ontology")
def _ontology(explorer: Callable[..., AppTest]) -> AppTest:
    return explorer("ontology.py")


@page("coverage")
def _coverage(explorer: Callable[..., AppTest]) -> AppTest:
    return explorer("coverage.py")  # counted from the source text and the seed, not the store


@page("review")
def _review(explorer: Callable[..., AppTest]) -> AppTest:
    return explorer("review.py")  # candidates of an ingest, not the store's labels


def test_every_view_is_covered() -> None:
    from tests.app.conftest import VIEWS

    views = {p.stem for p in VIEWS.glob("*.py") if p.stem != "__init__"}
    covered = {name.split("-")[0] for name in PAGES}
    assert views <= covered, views - covered


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_label_is_text_on_every_page(explorer: Callable[..., AppTest], name: str) -> None:
    at = PAGES[name](explorer)
    check(at, label_expected=name not in ("ontology", "export", "coverage", "review"))
