"""Curators' notes read as sentences, and missing cells read as "—" or a reason: driven by
every note and interpretation of the shipped seed."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from app.explorer.display import fill_missing
from app.explorer.notes import FIELDS, render
from loaders.rdf.kinds import SOURCE_SECTIONS

SEED = Path(__file__).resolve().parents[2] / "seed"
NOTE_KEYS = ("note", "interpretation", "tier_interpretation")


def _notes() -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in NOTE_KEYS and isinstance(item, str):
                    found.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(SEED.glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


NOTES = _notes()
SECTION_KEY = re.compile(r"\b(" + "|".join(map(re.escape, SOURCE_SECTIONS)) + r")\b")
# the seed's field names with an underscore are never words of prose; none may be shown, and
# no note may start with any field name
FIELD_NAME = re.compile(r"\b(" + "|".join(re.escape(f) for f in FIELDS if "_" in f) + r")\b")


def test_the_seed_has_notes_to_render() -> None:
    assert len(NOTES) > 50
    assert any(n.startswith("process_step issued and publication public:") for n in NOTES)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_note_shows_a_field_name_or_a_section_key(lang: str) -> None:
    for note in NOTES:
        shown = render(note, lang)  # type: ignore[arg-type]
        assert not SECTION_KEY.search(shown), shown
        assert not FIELD_NAME.search(shown), shown
        assert shown.split(" ", 1)[0] not in FIELDS, shown


def test_the_nanjing_plan_reads_as_a_sentence() -> None:
    note = "approved_by ndrc: section-1-2-1 “2021—2024年，国家发展改革委已函复同意了15个都市圈”."
    assert render(note, "zh").startswith(
        "批复机关：国家发展改革委。说明：第二节 一、都市圈规划编制的战略引领 “2021—2024年"
    )
    assert render(note, "en").startswith("Approved by: the NDRC. Note: Section 2.1 “2021")
    step = "process_step issued and publication public: 表1-3 gives a 规划发布时间 (2021.3)."
    assert render(step, "zh").startswith("进展阶段：已印发；文本公开情况：公开。说明：表1-3")


def test_a_key_is_named_or_left_out_never_shown() -> None:
    note = "led_by nanjing-metro-group: the text says “启动”."
    assert render(note, "zh", {"nanjing-metro-group": "南京市地铁集团"}.get).startswith(
        "牵头单位：南京市地铁集团。"
    )
    assert "nanjing-metro-group" not in render(note, "zh")


def test_missing_cells_read_as_a_dash_or_the_reason() -> None:
    frame = pd.DataFrame(
        {
            "area": ["南京都市圈", "武汉都市圈"],
            "land": [27000.0, math.nan],
            "land_year": pd.array([None, None], dtype="Int64"),
            "plan": [None, "x"],
        }
    )
    reasons = {"land_year": pd.Series(["资料未注明年份", None]), "land": "资料未给出"}
    shown = fill_missing(frame, "—", reasons)  # type: ignore[arg-type]
    assert shown.to_dict("records") == [
        {"area": "南京都市圈", "land": "27000", "land_year": "资料未注明年份", "plan": "—"},
        {"area": "武汉都市圈", "land": "资料未给出", "land_year": "—", "plan": "x"},
    ]
    text = shown.to_string()
    assert not re.search(r"\b(None|nan|NaN|<NA>)\b", text)
