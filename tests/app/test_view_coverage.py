"""覆盖度 Coverage page (app/explorer/views/coverage.py)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from app.explorer.i18n import tr
from tests.app.conftest import texts


def test_coverage_page_shows_totals_parts_and_that_nothing_is_missing(
    explorer: Callable[..., AppTest],
) -> None:
    """The shipped seed holds everything the report states (issue 11, part 2), so the page
    shows full totals and says so instead of a gaps table; located gaps are tested on the
    report itself in tests/loaders/test_coverage.py."""
    at = explorer("coverage.py")
    assert "覆盖度" in texts(at)
    assert [m.label for m in at.metric] == ["表格行", "《》标题", "机构", "数字"]
    assert all(m.value.endswith("（100%）") for m in at.metric)
    parts = at.dataframe[0].value
    assert "表 1-3 已批复国家级都市圈规划范围及相关情况" in set(parts["部分"])
    assert "None" not in parts.to_string() and "nan" not in parts.to_string()
    assert len(at.dataframe) == 1
    assert [s.value for s in at.success] == [tr("cov_no_gaps", "zh")]


def test_coverage_texts_exist_in_both_languages() -> None:
    for key in (
        "page_coverage",
        "cov_hint",
        "cov_parts",
        "cov_gaps",
        "cov_kind_rows",
        "cov_kind_titles",
        "cov_kind_bodies",
        "cov_kind_numbers",
        "cov_col_line",
    ):
        zh, en = tr(key, "zh"), tr(key, "en")
        assert zh and en and zh != en, key
