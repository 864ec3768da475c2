"""Nothing lost: every input record is loaded, or rejected with a located reason.

- Every record of the shipped seed is accounted for (as many loaded as the files hold).
- Several bad rows in one file are each reported (none silently skipped).
- The pitfalls of the usual parsers — a YAML duplicate key, a CSV quote that runs on, a BOM, a
  GBK file, full-width digits, ``NO`` (which stays the text it was), an unknown field — are
  refused by ``metrokg validate`` with the file and line, and exit 2.
- YAML that would hang or crash a parser (an alias bomb, deep nesting, Python tags) is refused
  with a line, quickly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from loaders.errors import InputError
from loaders.pipeline import DEFAULT_SEED
from loaders.readers import read_csv_records, read_yaml_records
from loaders.seed import CSV_FILES, YAML_FILES, read_seed
from tests.reliability.drills import MINIMAL, REPO

INVALID = REPO / "tests" / "loaders" / "fixtures" / "invalid"
ATTRIBUTES = {
    "areas.yaml": "areas",
    "special_zones.yaml": "zones",
    "plans.yaml": "plans",
    "plan_gaps.yaml": "gaps",
    "chapters.yaml": "chapters",
    "documents.yaml": "documents",
    "national_documents.yaml": "national",
    "stated_figures.yaml": "stated",
    "sources.yaml": "sources",
    "organizations.yaml": "organizations",
    "modes.yaml": "modes",
    "indicator_systems.yaml": "indicators",
    "references.yaml": "references",
    "memberships.csv": "memberships",
    "units_supplement.csv": "supplement",
}


def test_every_record_of_the_shipped_seed_is_accounted_for() -> None:
    data = read_seed(DEFAULT_SEED)
    assert set(ATTRIBUTES) == set(YAML_FILES) | set(CSV_FILES)
    counted = 0
    for name, attribute in ATTRIBUTES.items():
        path = DEFAULT_SEED / name
        if not path.exists():
            assert getattr(data, attribute) == []
            continue
        if name in YAML_FILES:
            raw = read_yaml_records(path)
        else:
            raw = read_csv_records(path, CSV_FILES[name][1])
        loaded = getattr(data, attribute)
        assert len(loaded) == len(raw), name
        assert [item.line for item in loaded] == [record.line for record in raw], name
        counted += len(raw)
    assert counted > 300


def test_each_bad_row_is_reported(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(MINIMAL, seed)
    path = seed / "memberships.csv"
    good = path.read_text(encoding="utf-8").splitlines()
    bad = [
        "nanjing,core,江苏省/南京市,whole,,江苏省南京市,,,extra",  # a field too many
        "nanjing,core,江苏省/南京市",  # fields missing
        "nanjing,核心,江苏省/镇江市/句容市,whole,,句容市,,",  # an unknown role
    ]
    path.write_text("\n".join([*good, *bad]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_seed(seed)
    lines = {p.location.line for p in refused.value.problems if p.location.file.endswith(".csv")}
    first = len(good) + 1
    assert {first, first + 1} <= lines  # both malformed rows, not only the first
    # (the third row is checked once the file reads: one problem per record, each located)
    path.write_text("\n".join([*good, bad[2], bad[2].replace("核心", "外围")]) + "\n", "utf-8")
    with pytest.raises(InputError) as refused:
        read_seed(seed)
    lines = {p.location.line for p in refused.value.problems if p.location.file.endswith(".csv")}
    assert lines == {first, first + 1}


CASES = {
    "duplicate-key": ("areas.yaml:7", "duplicate key"),
    "csv-unclosed-quote": ("memberships.csv:3", "quote"),
    "bom": ("byte-order mark", ""),
    "gbk-encoded": ("GBK", "documents.yaml:2"),
    "fullwidth-year": ("full-width digits", "documents.yaml:4"),
    "yes-no-not-coerced": ("（值 value 'NO'）", "areas.yaml:6"),
    "unknown-field": ("unknown field", "plans.yaml:15"),
    "broken-yaml": ("YAML syntax error", ".yaml:"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_parser_pitfalls_are_refused_with_their_location(case: str) -> None:
    result = CliRunner().invoke(app, ["validate", "--seed", str(INVALID / case / "seed")])
    assert result.exit_code == 2, result.stderr
    for needle in CASES[case]:
        assert needle in result.stderr, result.stderr
    assert "nothing was loaded" in result.stderr
    assert "Traceback" not in result.stderr


def _bomb(levels: int) -> str:
    lines = ["- id: nanjing", "  x0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"  x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "needle", "line"),
    [
        (_bomb(9), "anchors and aliases", 2),  # 9**9 values if expanded
        ("- id: x\n  a: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than 32", 2),
        ("- !!python/object/apply:os.system ['touch /tmp/x']\n", "tags are not allowed", 1),
        ("- id: nanjing\n  name_zh: !!binary aGVsbG8=\n", "tags are not allowed", 2),
        ("- &a {id: x}\n- <<: *a\n", "merge keys", 2),
        ("- id: nanjing\n  name_zh: 南京\x06都市圈\n", "U+0006 is not allowed", 2),
        ("- id: nanjing\n\n  name_zh: x\x07\n", "U+0007 is not allowed", 3),
    ],
)
def test_yaml_that_would_hang_or_crash_a_parser_is_refused(
    tmp_path: Path, text: str, needle: str, line: int
) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(MINIMAL, seed)
    (seed / "areas.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_seed(seed)
    problem = refused.value.problems[0]
    assert needle in problem.reason
    assert problem.location.file.endswith("areas.yaml") and problem.location.line == line
