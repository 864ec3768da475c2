"""总览 Overview page (app/explorer/views/overview.py)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from tests.app.conftest import texts


def test_overview_shows_counts_table_map_and_gaps(explorer: Callable[..., AppTest]) -> None:
    at = explorer("overview.py")
    metrics = {m.label: m.value for m in at.get("metric")}
    assert metrics["都市圈"] == "15"
    assert int(metrics["成员单位"].replace(",", "")) > 100
    table = at.dataframe[0].value
    assert len(table) == 15
    assert "南京都市圈" in set(table.iloc[:, 0])
    nanjing = table[table.iloc[:, 0] == "南京都市圈"].iloc[0]
    # a column with a missing cell is text: "—" or the reason (资料未给出, 资料未注明年份)
    assert str(nanjing["面积 km²"]) == "27000" and str(nanjing["人口年份"]) == "2019"
    assert nanjing["面积年份"] == "资料未注明年份" and nanjing["GDP 亿元"] == "资料未给出"
    assert not table.isna().any().any()
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3  # bars, map, gap matrix
    assert "都市圈比较" in texts(at) and "规划体系缺口一览" in texts(at)


def test_the_chart_follows_the_measure(explorer: Callable[..., AppTest]) -> None:
    at = explorer("overview.py")
    before = at.get("vega_lite_chart")[0].proto.spec
    at.radio(key="ov_measure").set_value("population").run()
    assert not at.exception
    after = at.get("vega_lite_chart")[0].proto.spec
    assert before != after and "population" in after


def test_english_labels(explorer: Callable[..., AppTest]) -> None:
    at = explorer("overview.py", lang="en")
    metrics = {m.label: m.value for m in at.get("metric")}
    assert metrics["Areas"] == "15"
    assert "Nanjing Metropolitan Area" in set(at.dataframe[0].value.iloc[:, 0])
