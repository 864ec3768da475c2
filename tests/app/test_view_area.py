"""都市圈 Area profile page (app/explorer/views/area.py)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from tests.app.conftest import CHENGDU, NANJING, texts


def members_table(at: AppTest) -> object:
    return next(df for df in (e.value for e in at.dataframe) if "区划代码" in df.columns)


def test_choosing_an_area_shows_its_members(explorer: Callable[..., AppTest]) -> None:
    at = explorer("area.py")
    assert at.selectbox(key="area_choice").value == NANJING  # the first released area
    nanjing = members_table(at)
    assert {"江宁区", "宣州区"} & set(nanjing["单位"]) or "南京市" in set(nanjing["单位"])
    assert set(nanjing["范围"]) == {"核心范围", "拓展范围"}

    at.selectbox(key="area_choice").select(CHENGDU).run()
    assert not at.exception
    chengdu = members_table(at)
    assert "成都都市圈" in texts(at)
    assert set(chengdu["省份"]) == {"四川省"}
    assert not set(chengdu["单位"]) & set(nanjing["单位"])
    assert at.query_params["area"] in ("chengdu", ["chengdu"])


def test_profile_sections(explorer: Callable[..., AppTest]) -> None:
    at = explorer("area.py")
    shown = texts(at)
    for heading in (
        "“1+1+N”规划体系",
        "行动文件时间线",
        "合作协议及其涉及单位",
        "协调与相关机构",
        "统计数据及来源",
    ):
        assert heading in shown
    dot = at.get("graphviz_chart")[0].proto.spec
    assert "南京都市圈发展规划" in dot and "国土空间规划 · 暂无" in dot
    figures = next(
        df
        for df in (e.value for e in at.dataframe)
        if "原文" in df.columns and "指标" in df.columns
    )
    assert "2019年末常住人口约2000万" in set(figures["原文"])
    assert any("表1-3" in s for s in figures["来源"])


def test_scope_filter_and_partial_coverage(explorer: Callable[..., AppTest]) -> None:
    at = explorer("area.py")
    at.multiselect(key=f"area_roles_{NANJING}").set_value(["拓展范围"]).run()
    assert not at.exception
    assert set(members_table(at)["范围"]) == {"拓展范围"}
    at.selectbox(key="area_choice").select("https://w3id.org/metrokg/id/area/xiazhangquan").run()
    marks = set(members_table(at)["部分"])
    assert "◐" in marks  # 泉州市, 漳州市: part of the city only


def test_an_area_from_the_link(explorer: Callable[..., AppTest]) -> None:
    at = explorer("area.py", area="chengdu")
    assert at.selectbox(key="area_choice").value == CHENGDU
