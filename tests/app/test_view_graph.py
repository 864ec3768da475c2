"""图谱 Graph browser page (app/explorer/views/graph.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from app.explorer.graph_view import offline_problems
from tests.app.conftest import CHENGDU, HOSTILE_AREA, NANJING, html_allowed, texts

SHOWING = re.compile(r"显示 (\d+) / (\d+) 个节点")


def drawing(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1
    return str(frames[0].proto.srcdoc)


def escaped(text: str) -> str:
    return json.dumps(text)[1:-1]


def showing(at: AppTest) -> tuple[int, int]:
    match = SHOWING.search(texts(at))
    assert match, texts(at)
    return int(match.group(1)), int(match.group(2))


def test_starts_at_an_area_and_draws_offline(explorer: Callable[..., AppTest]) -> None:
    at = explorer("graph.py")
    html = drawing(at)
    assert NANJING in html and "vis.Network" in html
    assert offline_problems(html) == []
    assert "bootstrap" not in html
    shown, total = showing(at)
    assert 10 < shown == total
    assert "南京都市圈" in [s.value for s in at.subheader]


def test_search_draws_the_chosen_node(explorer: Callable[..., AppTest]) -> None:
    at = explorer("graph.py")
    at.text_input(key="gb_query").input("成都").run()
    options = at.selectbox(key="gb_hit").options
    assert any("成都都市圈" in o for o in options)
    at.selectbox(key="gb_hit").select(CHENGDU).run()
    assert not at.exception
    assert "成都都市圈" in [s.value for s in at.subheader]
    html = drawing(at)
    assert CHENGDU in html and NANJING not in html
    at.text_input(key="gb_query").input("Chengdu").run()  # English, partial, any case
    assert any("成都都市圈" in o for o in at.selectbox(key="gb_hit").options)


def test_expand_and_filter(explorer: Callable[..., AppTest]) -> None:
    at = explorer("graph.py")
    before = showing(at)
    plan = "https://w3id.org/metrokg/id/plan/nanjing-development-plan"
    at.selectbox(key="gb_target").select(plan).run()
    at.button(key="gb_expand_button").click().run()
    assert not at.exception
    after = showing(at)
    assert after[1] > before[1]  # the plan's chapters and sources joined the drawing
    assert "南京都市圈发展规划（2021—2035年）" in [s.value for s in at.subheader]

    kinds = at.multiselect(key="gb_kinds")
    unit_kind = "https://w3id.org/metrokg/def#AdministrativeUnit"
    assert "行政区" in kinds.options
    kinds.set_value([unit_kind]).run()
    shown, total = showing(at)
    assert shown < total
    at.button(key="gb_reset").click().run()
    assert showing(at)[1] == before[1]


def test_details_show_properties_and_provenance(explorer: Callable[..., AppTest]) -> None:
    at = explorer("graph.py")
    tables = [df for df in (e.value for e in at.dataframe)]
    properties = tables[0]
    assert "2021-03" in set(properties["数值"])
    assert "表1-3" in texts(at)  # provenance: the source section beside its label


def test_labels_with_markup_stay_text(explorer: Callable[..., AppTest]) -> None:
    at = explorer("graph.py", node=HOSTILE_AREA)
    html = drawing(at)
    assert HOSTILE_AREA in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "\\u003cscript\\u003ealert" in html  # the label is in the data, escaped
    heading = at.subheader[0]
    assert "\\<script\\>" in heading.value  # markdown-escaped: shown literally
    assert html_allowed(at) == []


def test_pinyin_finds_a_unit_and_paths_link_two(explorer: Callable[..., AppTest]) -> None:
    at = explorer("graph.py")
    at.text_input(key="gb_query").input("jiangning").run()
    hit = at.selectbox(key="gb_hit")
    assert any(o.startswith("江宁区") for o in hit.options)
    at.text_input(key="gb_path_start").input("江宁区").run()
    at.text_input(key="gb_path_end").input("博望区").run()
    assert not at.exception
    paths = next(df.value for df in at.dataframe if "路径" in df.value.columns)
    assert "江宁区 ←SPATIAL— 江宁—博望一体化示范区规划 —SPATIAL→ 博望区" in set(paths["路径"])


def test_memberships_are_edges_labelled_by_role(explorer: Callable[..., AppTest]) -> None:
    html = drawing(explorer("graph.py", node=NANJING))
    assert '"id": "https://w3id.org/metrokg/id/membership/' not in html  # no reified nodes
    # labels are data: pyvis writes them JSON-escaped
    assert escaped("核心范围") in html and escaped("拓展范围") in html
    assert escaped("角色：核心范围") in html  # the membership's facts in the edge's tooltip
