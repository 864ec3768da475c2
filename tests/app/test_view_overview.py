"""总览 Overview page (app/explorer/views/overview.py)."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow.ipc
import pytest
from streamlit.testing.v1 import AppTest

from app.explorer import area_groups
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


def test_many_areas_are_drawn_a_group_at_a_time(
    explorer: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With groups of 6, the 15 areas make three groups: the table keeps all 15, the charts,
    the map and the gap matrix draw only the chosen group's areas."""
    monkeypatch.setattr(area_groups, "GROUP_SIZE", 6)
    at = explorer("overview.py")
    assert not at.exception
    assert len(at.dataframe[0].value) == 15
    areas = list(at.dataframe[0].value.iloc[:, 0])
    choice = at.selectbox(key="ov_group")
    assert len(choice.options) == 3
    assert choice.options[0].startswith(f"第 1 组：{areas[0]} 至 {areas[5]}（6 个）")
    assert "共 15 个都市圈" in texts(at)

    def drawn(at: AppTest) -> list[set[str]]:
        """The areas each chart's data sets name (bars, map, gap matrix)."""
        shown = []
        for chart in at.get("vega_lite_chart"):
            names: set[str] = set()
            for dataset in chart.proto.datasets:
                table = pyarrow.ipc.open_stream(dataset.data.data).read_all()
                if "area" in table.column_names:
                    names |= {str(v) for v in table.column("area").to_pylist()}
            shown.append(names)
        return shown

    for group, members in ((0, areas[:6]), (2, areas[12:])):
        choice.set_value(group).run()
        assert not at.exception
        charts = drawn(at)
        assert len(charts) == 3 and all(names <= set(members) for names in charts)
        assert charts[2] == set(members)  # the gap matrix has a row for every area
        assert charts[1]  # the map draws the group's members
    assert len(at.dataframe[0].value) == 15


def test_few_areas_need_no_group_choice(explorer: Callable[..., AppTest]) -> None:
    at = explorer("overview.py")
    assert not [s for s in at.selectbox if s.key == "ov_group"]
