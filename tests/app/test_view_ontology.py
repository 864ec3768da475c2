"""本体 Ontology page (app/explorer/views/ontology.py)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from tests.app.conftest import texts


def test_classes_properties_and_schemes(explorer: Callable[..., AppTest]) -> None:
    at = explorer("ontology.py")
    classes = at.dataframe[0].value
    row = classes[classes["IRI"] == "mkg:MetropolitanArea"].iloc[0]
    assert row["直接实例"] == 15
    documents = classes[classes["IRI"] == "mkg:ActionDocument"].iloc[0]
    assert documents["含子类"] > documents["直接实例"]  # counted through the class tree
    assert any(str(name).startswith("　└ ") for name in classes["类"])
    properties = at.dataframe[1].value
    plan_for = properties[properties["IRI"] == "mkg:planFor"].iloc[0]
    assert "规划" in plan_for["定义域"] and "都市圈" in plan_for["值域"]
    assert "SKOS 概念体系" in texts(at)
    assert at.get("graphviz_chart")


def test_schemes_are_browsable(explorer: Callable[..., AppTest]) -> None:
    at = explorer("ontology.py")
    schemes = at.selectbox(key="on_scheme")
    theme = "https://w3id.org/metrokg/def/theme"
    at.selectbox(key="on_scheme").select(theme).run()
    concepts = at.dataframe[2].value
    assert "文化" in set(concepts["标签"])
    assert len(schemes.options) >= 10
    modes = "https://w3id.org/metrokg/id/modes/governance-modes"
    at.selectbox(key="on_scheme").select(modes).run()
    matrix = at.dataframe[3].value
    assert {"区域协同治理", "区域联盟治理"} <= set(matrix.columns)
