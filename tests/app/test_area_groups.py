"""The overview's groups of areas (app/explorer/area_groups.py)."""

from __future__ import annotations

import pytest

from app.explorer.area_groups import groups_of


def test_areas_that_fit_are_one_group() -> None:
    assert groups_of(["甲", "乙", "丙"], size=3) == [["甲", "乙", "丙"]]
    assert groups_of([], size=3) == [[]]


def test_groups_keep_the_table_order_and_cover_every_area_once() -> None:
    names = [*(f"都市圈{i:04d}" for i in reversed(range(1100))), "都市圈0001"]  # a repeat
    groups = groups_of(names, size=40)
    assert [len(g) for g in groups] == [40] * 27 + [20]
    flat = [name for group in groups for name in group]
    assert flat == list(dict.fromkeys(names))


def test_a_group_holds_at_least_one_area() -> None:
    with pytest.raises(ValueError, match="at least one"):
        groups_of(["甲"], size=0)
