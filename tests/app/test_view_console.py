"""SPARQL and Cypher consoles (app/explorer/views/console.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest


def run(at: AppTest, text: str | None = None, language: str = "sparql") -> AppTest:
    if at.radio(key="con_language").value != language:
        at.radio(key="con_language").set_value(language).run()
    if text is not None:
        at.text_area(key=f"con_text_{language}").input(text).run()
    at.button(key="con_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_prefilled_query_runs(explorer: Callable[..., AppTest]) -> None:
    at = explorer("console.py")
    assert "MetropolitanArea" in at.text_area(key="con_text_sparql").value
    run(at)
    assert not at.error
    assert len(at.dataframe[0].value) == 15


def test_prefill_from_the_catalogue_with_defaults(explorer: Callable[..., AppTest]) -> None:
    at = explorer("console.py")
    at.selectbox(key="con_prefill_sparql").select("plan-system").run()
    text = at.text_area(key="con_text_sparql").value
    assert '"成都都市圈"' in text and "#+" not in text
    run(at)
    assert not at.error and len(at.dataframe[0].value) > 0


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("sparql", "SELEC ?x WHERE { ?x ?p ?o }", "查询"),
        ("sparql", "INSERT DATA { <http://a> <http://b> <http://c> }", "拒绝"),
        ("sparql", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "拒绝"),
        ("cypher", "MATCH (n RETURN n", "查询"),
        ("cypher", "CREATE (n:Resource {uri: 'x'}) RETURN n", "拒绝"),
    ],
)
def test_bad_or_refused_query_gives_a_message(
    explorer: Callable[..., AppTest], language: str, text: str, expected: str
) -> None:
    at = run(explorer("console.py"), text, language)
    assert len(at.error) == 1
    message = at.error[0].value
    assert expected in message and "Traceback" not in message and "\n" not in message.strip()


def test_cypher_console(explorer: Callable[..., AppTest]) -> None:
    at = run(
        explorer("console.py"),
        "MATCH (a:MetropolitanArea) RETURN a.label AS area ORDER BY area",
        "cypher",
    )
    assert not at.error
    assert len(at.dataframe[0].value) == 15


def test_empty_query(explorer: Callable[..., AppTest]) -> None:
    at = run(explorer("console.py"), "   ")
    assert "请输入查询" in at.error[0].value


def test_picker_follows_the_text_and_a_link_shares_it(explorer: Callable[..., AppTest]) -> None:
    at = explorer("console.py")
    assert at.selectbox(key="con_prefill_sparql").value == "areas"
    own = "SELECT ?area WHERE { ?area a <https://w3id.org/metrokg/def#MetropolitanArea> }"
    at.text_area(key="con_text_sparql").input(own).run()
    assert at.selectbox(key="con_prefill_sparql").value == ""  # no longer names the example
    links = [m.value for m in at.markdown if "console?" in m.value]
    assert links and "query=SELECT" in links[0]
    shared = explorer("console.py", query=own, ql="sparql")
    assert shared.text_area(key="con_text_sparql").value == own
    run(shared)
    assert len(shared.dataframe[0].value) == 15


def test_completion_inserts_a_prefix_line_and_declares_a_used_one(
    explorer: Callable[..., AppTest],
) -> None:
    at = explorer("console.py")
    at.text_area(key="con_text_sparql").input("PREFIX mk").run()
    line = "PREFIX mkg: <https://w3id.org/metrokg/def#>"
    offer = at.button(key="con_offer_sparql_0")
    assert offer.label.replace("\\", "") == line
    offer.click().run()
    assert at.text_area(key="con_text_sparql").value == line + "\n"
    at.text_area(key="con_text_sparql").input("SELECT ?a WHERE { ?a a mkg:Metro").run()
    assert "都市圈" in at.button(key="con_offer_sparql_0").label
    at.button(key="con_offer_sparql_0").click().run()
    declared = at.button(key="con_offer_sparql_0")
    assert declared.label.replace("\\", "") == line, "the undeclared mkg: is offered (only)"
    declared.click().run()
    text = at.text_area(key="con_text_sparql").value
    assert text == line + "\nSELECT ?a WHERE { ?a a mkg:MetropolitanArea"
    run(at, text + " }")
    assert not at.error and len(at.dataframe[0].value) == 15
