"""覆盖度 Coverage: what the report states against what the graph holds, gaps by line."""

from __future__ import annotations

import streamlit as st

from app.explorer import coverage_data, ui

st.title(ui.t("page_coverage"))
st.caption(ui.t("cov_hint"))
report = st.cache_data(show_spinner=False)(coverage_data.shipped_report)()
labels = {k: ui.t(f"cov_kind_{k}") for k in ("rows", "titles", "bodies", "numbers")}
totals = coverage_data.totals(report)
for column, (kind, value) in zip(st.columns(len(totals)), totals.items(), strict=True):
    column.metric(labels[kind], value)

st.subheader(ui.t("cov_parts"))
ui.table(
    coverage_data.parts_frame(report),
    {
        "part": "cov_col_part",
        "line": "cov_col_line",
        "rows": "cov_kind_rows",
        "titles": "cov_kind_titles",
        "bodies": "cov_kind_bodies",
        "numbers": "cov_kind_numbers",
    },
    key="cov_parts",
)
st.subheader(ui.t("cov_gaps"))
gaps = coverage_data.gaps_frame(report, labels)
if gaps.empty:
    st.success(ui.t("cov_no_gaps"))
else:
    ui.table(
        gaps,
        {
            "line": "cov_col_line",
            "kind": "cov_col_kind",
            "text": "cov_col_text",
            "part": "cov_col_part",
        },
        key="cov_gaps",
    )
