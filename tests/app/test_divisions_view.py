"""Divisions over time in the explorer: changed members of an area (badges) and a unit's
history timeline (app/explorer/divisions_view.py, the area page)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from app.explorer import divisions_view
from loaders.rdfstore import open_read_only
from tests.app.conftest import NANJING

CHONGQING = "https://w3id.org/metrokg/id/area/chongqing"


def test_changed_members_of_chongqing_and_none_in_nanjing(app_data_dir: Path) -> None:
    store = open_read_only(app_data_dir)
    changed = divisions_view.changed_members(store, CHONGQING)
    assert list(changed["unit"]) == ["江北区", "渝北区"]
    assert all("2025" in b and "两江新区（500157）" in b for b in changed["badge"])
    assert divisions_view.changed_members(store, NANJING).empty


def test_history_timeline_of_jiangning(app_data_dir: Path) -> None:
    store = open_read_only(app_data_dir)
    timeline = divisions_view.unit_history(store, "320121")
    first = timeline.iloc[0]
    assert (first["date"], first["document"]) == ("2000-12-21", "国函〔2000〕131号")
    assert first["new"] == "江宁区（320115）"
    assert list(timeline["year"]) == sorted(timeline["year"])


def test_area_page_badges_changed_members(explorer: Callable[..., AppTest]) -> None:
    at = explorer("area.py")
    at.selectbox(key="area_choice").select(CHONGQING).run()
    assert not at.exception
    badges = [w.value for w in at.warning]
    assert sum("两江新区" in b and "渝府发〔2025〕15号" in b for b in badges) == 2
    at.selectbox(key=f"div_history_{CHONGQING}").select("500105").run()
    assert not at.exception
    assert any("渝府发〔2025〕15号" in m.value for m in at.markdown)
