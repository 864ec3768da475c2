"""问答 Questions page (app/explorer/views/questions.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from streamlit.testing.v1 import AppTest

from app.explorer import qa
from tests.app.conftest import texts

QUESTION = "plan-system"  # an area parameter with choices, rows in both languages


def result(at: AppTest) -> Any:
    """The result table (the page's first table)."""
    return at.dataframe[0].value


def test_gallery_lists_the_catalogue(explorer: Callable[..., AppTest]) -> None:
    at = explorer("questions.py")
    shown = texts(at)
    for question in qa.questions():
        assert question.title_zh in shown
    assert at.button(key=f"qa_open_{QUESTION}")
    at.text_input(key="qa_filter").input("1+1+N").run()
    keys = [b.key for b in at.button]
    assert f"qa_open_{QUESTION}" in keys and len(keys) < len(qa.questions())


def test_running_a_question_shows_its_rows(explorer: Callable[..., AppTest]) -> None:
    at = explorer("questions.py")
    at.button(key=f"qa_open_{QUESTION}").click().run()
    assert not at.exception
    area = at.selectbox(key=f"qp_{QUESTION}_area")
    assert "南京都市圈" in area.options
    first = result(at)
    assert len(first) > 0 and "标题" in first.columns  # the column by its Chinese label
    area.select("南京都市圈").run()
    nanjing = result(at)
    assert "南京都市圈发展规划（2021—2035年）" in set(nanjing["标题"])
    assert set(nanjing["标题"]) != set(first["标题"])
    assert at.query_params["q"] in (QUESTION, [QUESTION])
    assert at.query_params["p_area"] in ("南京都市圈", ["南京都市圈"])
    link = next(c.value for c in at.code if c.value.startswith("http"))
    query = parse_qs(urlsplit(link).query)
    assert query == {"q": [QUESTION], "p_area": ["南京都市圈"]}

    at.radio(key="qa_language").set_value("cypher").run()
    assert not at.exception, [e.value for e in at.exception]
    assert set(result(at)["标题"]) == set(nanjing["标题"])


def test_the_shared_link_reopens_the_same_question(explorer: Callable[..., AppTest]) -> None:
    at = explorer("questions.py", q=QUESTION, p_area="南京都市圈")
    assert at.selectbox(key=f"qp_{QUESTION}_area").value == "南京都市圈"
    assert "南京都市圈发展规划（2021—2035年）" in set(result(at)["标题"])
    graph_or_map = [str(t.label) for t in at.tabs]
    assert graph_or_map[0] == "表格"


def test_a_graph_question_is_drawn(explorer: Callable[..., AppTest]) -> None:
    at = explorer("questions.py", q="neighbourhood")
    frames = at.get("iframe")
    assert frames and "vis.Network" in frames[0].proto.srcdoc


def test_a_question_about_units_has_a_map(explorer: Callable[..., AppTest]) -> None:
    at = explorer("questions.py", q="areas")
    labels = [str(t.label) for t in at.tabs]
    assert "地图" in labels and "图表" in labels
