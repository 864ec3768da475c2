"""Titles, figures and agencies on sentences quoted from the source (fixtures/valid/*.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders.ingest.agencies import find_bodies
from loaders.ingest.figures import extract_figures
from loaders.ingest.sentences import Piece
from loaders.ingest.tables import labels
from loaders.ingest.titles import extract_titles
from loaders.seed import SeedData

VALID = Path(__file__).parent / "fixtures" / "valid"


def _cases(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((VALID / name).read_text(encoding="utf-8"))


def _piece(text: str) -> Piece:
    return Piece(line=7, start=0, end=len(text), text=text)


TITLES = _cases("titles.yaml")
FIGURES = _cases("figures.yaml")
AGENCIES = _cases("agencies.yaml")


@pytest.mark.parametrize("case", TITLES, ids=[c["case"] for c in TITLES])
def test_title(case: dict[str, Any]) -> None:
    text = case["text"]
    found = extract_titles(
        _piece(text), text, 0, ["nanjing"], "g", labels(text), bool(case.get("documents"))
    )
    c = found[case.get("index", 0)]
    expected = dict(case["expected"])
    assert c.file == expected.pop("file")
    issuer = expected.pop("issuer", None)
    if issuer:
        assert c.record["note"] == f"发布者（原文）：{issuer}"
    for key, value in expected.items():
        assert c.record[key] == value, key
    assert "year" in c.record or "year" not in expected
    assert c.evidence.line == 7
    assert text[c.evidence.start : c.evidence.end].startswith("《")


def _figure_row(rec: dict[str, Any]) -> str:
    return " ".join(
        [
            rec["measure"], rec["value"], rec["unit"], rec.get("year", "-"),
            rec.get("year_basis", "-"), rec["scope"], rec["approximate"],
        ]
    )  # fmt: skip


@pytest.mark.parametrize("case", FIGURES, ids=[c["case"] for c in FIGURES])
def test_figures(case: dict[str, Any]) -> None:
    text = case["text"]
    ext = text.find("规划范围拓展到")
    found = extract_figures(
        _piece(text), text, 0, "x", "X都市圈", "", ext if ext >= 0 else None, ext >= 0
    )
    assert [_figure_row(c.record) for c in found] == case["figures"]


@pytest.mark.parametrize("case", AGENCIES, ids=[c["case"] for c in AGENCIES])
def test_agencies(case: dict[str, Any], shipped_seed: SeedData) -> None:
    found = find_bodies(case["text"], shipped_seed.gazetteer)
    assert [f"{name} {kind}" for name, kind, _, _ in found] == case["bodies"]
