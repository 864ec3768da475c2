"""Coverage of the source by the graph: computed from the report's text, gaps located."""

from __future__ import annotations

import dataclasses

from loaders.coverage import ITEM_KINDS, coverage
from loaders.seed import SeedData
from loaders.source_reader import compact, parts


def test_every_table_row_is_held(shipped_seed: SeedData, source_text: str) -> None:
    report = coverage(shipped_seed, source_text)
    held, stated = report.totals()["rows"]
    assert stated >= 15 * 4  # 表1-3 … 表1-6 have a row per area
    assert held == stated


def test_every_gap_is_on_its_line(shipped_seed: SeedData, source_text: str) -> None:
    lines = source_text.splitlines()
    report = coverage(shipped_seed, source_text)
    for part in report.parts:
        assert sum(part.stated.values()) - sum(part.held.values()) == len(part.gaps)
        for gap in part.gaps:
            assert compact(gap.text) in compact(lines[gap.line - 1]), gap


def test_a_plan_left_out_becomes_a_gap_at_its_line(
    shipped_seed: SeedData, source_text: str
) -> None:
    dropped = next(p for p in shipped_seed.plans if "table-1-5" in p.record.sources)
    seed = dataclasses.replace(
        shipped_seed, plans=[p for p in shipped_seed.plans if p is not dropped]
    )
    before = coverage(shipped_seed, source_text)
    after = coverage(seed, source_text)
    assert after.totals()["titles"][0] < before.totals()["titles"][0]
    gaps = [g for part in after.parts for g in part.gaps if g.kind == "titles"]
    assert any(compact(g.text) == compact(dropped.record.title) for g in gaps)


def test_parts_cover_the_tables_and_boxes_once(source_text: str) -> None:
    headings = [p.heading for p in parts(source_text)]
    for number in range(1, 7):
        assert sum(h.startswith(f"表 1-{number}") for h in headings) == 1
    assert sum(h.startswith("专栏") for h in headings) == 2


def test_json_form_has_totals_and_parts(shipped_seed: SeedData, source_text: str) -> None:
    data = coverage(shipped_seed, source_text).as_json()
    assert set(data["totals"]) == set(ITEM_KINDS)
    assert data["totals"]["rows"]["share"] == 1.0
    assert all({"heading", "first_line", "stated", "held", "gaps"} <= set(p) for p in data["parts"])
