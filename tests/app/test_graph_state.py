"""The graph browser's view as a value, and its URL form (app/explorer/graph_state.py)."""

from __future__ import annotations

from app.explorer.graph_state import DEFAULT_LIMIT, Expansion, View, from_params

AREA = "https://w3id.org/metrokg/id/area/nanjing"
PLAN = "https://w3id.org/metrokg/id/plan/nanjing-development-plan"
UNIT = "https://w3id.org/metrokg/id/unit/320115"
SPATIAL = "http://purl.org/dc/terms/spatial"
KIND = "https://w3id.org/metrokg/def#AdministrativeUnit"


def as_lists(view: View) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in view.to_params().items()}


def test_a_view_survives_its_url() -> None:
    view = View().start_at(AREA).expand(UNIT, [SPATIAL]).expand(PLAN).select(UNIT)
    view = View(view.centres, view.selected, (KIND,), 300)
    assert from_params(as_lists(view)) == view


def test_expand_by_relation_then_all_collapse_and_start_over() -> None:
    view = View().start_at(AREA).expand(UNIT, [SPATIAL])
    assert view.centres == (Expansion(AREA), Expansion(UNIT, (SPATIAL,)))
    assert view.expand(UNIT).centres[-1] == Expansion(UNIT, ())  # all relations
    collapsed = view.collapse(UNIT)
    assert collapsed.centres == (Expansion(AREA),) and collapsed.selected == AREA
    assert collapsed.collapse(AREA) == collapsed  # the first node stays


def test_odd_urls_are_dropped_not_obeyed() -> None:
    assert from_params({}) is None
    assert from_params({"node": ["", "x" * 5000]}) is None
    view = from_params({"node": [AREA], "max": ["abc"], "sel": [""]})
    assert view == View((Expansion(AREA),), AREA, (), DEFAULT_LIMIT)
    assert from_params({"node": [AREA], "max": ["7"]}).limit == DEFAULT_LIMIT  # type: ignore[union-attr]
