"""Member units from scope sentences quoted from the source (fixtures/valid/members.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders.ingest.members import ScopeScanner, member_records, prune_parents
from loaders.seed import SeedData

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "valid" / "members.yaml").read_text(encoding="utf-8")
)


def _rows(seed: SeedData, area: str, text: str) -> list[str]:
    scanner = ScopeScanner(seed.gazetteer, None)
    rows = []
    for _, rec in member_records(scanner.scan(text), area, seed.gazetteer, text):
        row = f"{rec['role']} {rec['unit']} {rec['coverage']}"
        rows.append(f"{row} {rec['excludes']}" if rec["excludes"] else row)
    return rows


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_scope_sentence_gives_exactly_the_expected_members(
    case: dict[str, Any], shipped_seed: SeedData
) -> None:
    assert _rows(shipped_seed, case["area"], case["text"]) == case["members"]


def test_members_keep_their_words_and_span(shipped_seed: SeedData) -> None:
    text = CASES[0]["text"]
    scanner = ScopeScanner(shipped_seed.gazetteer, None)
    found = scanner.scan(text)
    jianou = next(m for m in found if m.unit is not None and m.unit.name == "建瓯市")
    assert text[jianou.start : jianou.end] == "建瓯市部分地区"
    assert jianou.unit is not None and jianou.unit.code == "350783"


def test_parent_pruning_drops_only_a_whole_parent_with_listed_children(
    shipped_seed: SeedData,
) -> None:
    scanner = ScopeScanner(shipped_seed.gazetteer, None)
    # without pruning the lead-in's 德阳市 would be a whole member next to its districts
    raw = scanner.scan("德阳市、眉山市共同组成。德阳市旌阳区")
    names = [m.unit.name for m in raw if m.unit is not None]
    assert names == ["眉山市", "旌阳区"]
    central = scanner.scan("株洲市中心城区及醴陵市")
    assert [m.unit.name for m in prune_parents(central) if m.unit] == ["株洲市", "醴陵市"]


def test_a_county_name_without_a_parent_in_view_is_not_taken(shipped_seed: SeedData) -> None:
    # 和县 is a county of 马鞍山市; with no city named before it, 和 is a conjunction
    assert _rows(shipped_seed, "nanjing", "主要包括：镇江市丹徒区和县城周边") == [
        "core 江苏省/镇江市/丹徒区 whole"
    ]
