"""The questions page's maps (app/explorer/question_maps.py), driven by the catalogue: every
question whose rows name units gets a map of polygons for its default parameters."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest

from app.explorer import geo, qa, question_maps
from queries.catalogue import Question

WIRE_BUDGET = 150_000  # bytes of one map's spec, its inline data included
QUESTIONS = [q for q in qa.questions() if q.kind == "question"]
MAPPED = [q for q in QUESTIONS if question_maps.names_units(q)]


def defaults(question: Question) -> tuple[tuple[str, Any], ...]:
    given = []
    for param in question.parameters:
        value = param.default if param.default is not None else param.example
        given.append((param.name, int(value) if param.type == "integer" else value))
    return tuple(sorted(given))


def named_codes(question: Question, result: qa.Result) -> set[str]:
    """The division codes the rows give in the header's code columns."""
    columns = [c.code for c in question_maps.unit_columns(question)]
    return {
        str(r[c])
        for r in result.rows
        for c in columns
        if question_maps.DIVISION_CODE.match(str(r.get(c) or ""))
    }


def test_the_catalogue_has_questions_naming_units() -> None:
    names = {q.name for q in MAPPED}
    # by their headers: division-code columns, or lists of linked units
    assert {"area-members", "unit-areas", "changed-members", "unit-history"} <= names
    assert "county-links" in names
    for question in QUESTIONS:
        codes = [c for c in question.columns if c == "code" or c.endswith("_code")]
        assert bool(codes) <= question_maps.names_units(question), question.name


def test_code_columns_pair_with_the_columns_naming_their_units() -> None:
    catalogue = qa.catalogue()
    history = question_maps.unit_columns(catalogue["unit-history"])
    assert [(c.code, c.name) for c in history] == [("old_code", "old"), ("new_code", "new")]
    changed = question_maps.unit_columns(catalogue["changed-members"])
    assert [(c.code, c.name) for c in changed] == [
        ("code", "unit"),
        ("successor_code", "successor"),
    ]
    assert question_maps.area_parameters(catalogue["area-members"]) == ["area"]


@pytest.mark.parametrize("question", MAPPED, ids=lambda q: q.name)
def test_every_question_naming_units_maps_them_as_polygons(
    rdf_store: ox.Store, question: Question
) -> None:
    result = qa.run_on_store(rdf_store, question.name, defaults(question))
    assert result.rows, question.name
    drawn = question_maps.question_map(rdf_store, question, result, "zh")
    assert drawn is not None
    assert drawn.polygons >= 1
    assert geo.wire_size(drawn.chart) <= WIRE_BUDGET
    spec = json.dumps(drawn.chart.to_dict(), ensure_ascii=False)
    assert "示意图" in spec and '"url"' not in spec  # labelled schematic, all data inline
    if question.columns.get("units") == "list":
        assert drawn.lines >= 1  # county-links: a line between each linked pair
        return
    codes = named_codes(question, result)
    with_boundary = {c for c in codes if c in geo.boundaries()}
    # each unit once: a polygon where a boundary exists, else a point, else counted as unplaced
    assert drawn.polygons == len(with_boundary)
    zones = {
        str(r.get(c.name))
        for r in result.rows
        for c in question_maps.unit_columns(question)
        if c.name and not r.get(c.code) and r.get(c.name)
    }
    assert drawn.points + drawn.unplaced <= len(codes - with_boundary) + len(zones)
    assert drawn.points + drawn.unplaced >= len(codes - with_boundary)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q not in MAPPED], ids=str)
def test_a_question_naming_no_units_has_no_boundary_map(
    rdf_store: ox.Store, question: Question
) -> None:
    result = qa.run_on_store(rdf_store, question.name, defaults(question))
    assert question_maps.question_map(rdf_store, question, result, "zh") is None


def test_every_area_s_members_map_within_budget_shaded_by_role(rdf_store: ox.Store) -> None:
    question = qa.catalogue()["area-members"]
    partial_seen = False
    for area in qa.choices(rdf_store, "areas"):
        result = qa.run_on_store(rdf_store, "area-members", (("area", area), ("as_of", "2024")))
        drawn = question_maps.question_map(rdf_store, question, result, "zh")
        if not result.rows:  # the source lists no members (武汉, 郑州): no map
            assert drawn is None
            continue
        assert drawn is not None and drawn.polygons >= 1, area
        assert geo.wire_size(drawn.chart) <= WIRE_BUDGET, area
        layers = drawn.chart.to_dict()["layer"]
        roles = {str(r["role"]) for r in result.rows}
        legend = next(layer for layer in layers if "color" in layer.get("encoding", {}))
        assert set(legend["encoding"]["color"]["scale"]["domain"]) == roles, area
        # partial coverage: its own dashed layer
        if any(r["coverage"] != "全域" for r in result.rows if r.get("code")):
            partial_seen = True
            assert any(layer["mark"].get("strokeDash") for layer in layers), area
        # the central city marked (a diamond) where the source names one
        known = area in question_maps.places_of(rdf_store).centres
        marked = any(layer["mark"].get("shape") == "diamond" for layer in layers)
        assert marked == known, area
    assert partial_seen


def test_english_roles_and_the_central_city_in_the_english_ui(rdf_store: ox.Store) -> None:
    question = qa.catalogue()["area-members"]
    result = qa.run_on_store(rdf_store, "area-members", defaults(question))
    frame, unplaced = question_maps.unit_rows(rdf_store, question, result, "en")
    assert unplaced == 0
    members = frame[~frame["central"]]
    assert "Core scope" in set(members["role"]) and "core" in set(members["role_key"])
    assert not any("范围" in str(r) for r in members["role"])
    assert list(frame[frame["central"]]["iri"]) == [geo.UNIT_PREFIX + "320100"]  # 南京市


def test_unit_history_shades_units_by_the_column_naming_them(rdf_store: ox.Store) -> None:
    question = qa.catalogue()["unit-history"]
    result = qa.run_on_store(rdf_store, "unit-history", defaults(question))
    frame, _ = question_maps.unit_rows(rdf_store, question, result, "zh")
    assert set(frame["role"]) <= {"变更前单位", "变更后单位"}
    drawn = question_maps.map_of(rdf_store, "unit-history", defaults(question), "zh")
    assert drawn is not None
    legend = next(layer for layer in drawn.spec["layer"] if "color" in layer.get("encoding", {}))
    assert legend["encoding"]["color"]["title"] == "所列单元"
