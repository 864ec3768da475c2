"""总览 Overview: counts, the areas compared, a map of the areas and members, plan-system gaps."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.explorer import area_groups, charts, data, display, ui

lang = ui.lang()
st.title(ui.t("app_title"))
ui.require_data()

# counts
numbers = ui.cached(data.counts)
columns = st.columns(len(numbers))
for column, (key, value) in zip(columns, numbers.items(), strict=True):
    column.metric(ui.t(f"count_{key}"), f"{value:,}")

# the areas compared
st.subheader(ui.t("ov_compare"))
st.caption(ui.t("ov_compare_hint"))
frame = ui.cached(data.comparison, lang)
all_areas = ui.cached(data.areas, lang)
unlisted = [a.name for a in all_areas if a.core + a.extended + a.other == 0]
not_public = {a.name for a in all_areas if a.release_public is False or not a.release}


def year_reason(value_column: str) -> pd.Series:
    """Where a figure is given without its year: say so; where the figure is missing: "—"."""
    return frame[value_column].map(
        lambda v: ui.t("missing") if display.is_missing(v) else ui.t("reason_no_year")
    )


members_reason = frame["area"].map(
    lambda a: ui.t("reason_no_members") if a in unlisted else ui.t("missing")
)
ui.table(
    frame,
    {
        "area": "col_area",
        "central_city": "col_central",
        "provinces": "col_provinces",
        "release": "col_release",
        "core": "col_core",
        "extended": "col_extended",
        "land_km2": "col_land",
        "land_year": "col_land_year",
        "population": "col_pop",
        "population_year": "col_pop_year",
        "gdp": "col_gdp",
        "gdp_year": "col_gdp_year",
    },
    key="ov_table",
    reasons={
        "land_year": year_reason("land_km2"),
        "population_year": year_reason("population"),
        "gdp_year": year_reason("gdp"),
        "land_km2": ui.t("reason_not_given"),
        "population": ui.t("reason_not_given"),
        "gdp": ui.t("reason_not_given"),
        "release": frame["area"].map(
            lambda a: ui.t("reason_not_public") if a in not_public else ui.t("missing")
        ),
        "central_city": ui.t("reason_not_given"),
        "provinces": members_reason,
    },
)
if unlisted:
    st.caption(ui.t("ov_no_members", areas="、".join(ui.md_escape(a) for a in unlisted)))
# at national scale the charts, the map and the gap matrix show one group of areas at a time
groups = area_groups.groups_of([str(a) for a in frame["area"]])
shown_areas = groups[0]
if len(groups) > 1:
    st.caption(ui.t("ov_groups_hint", total=f"{len(frame):,}", size=len(groups[0])))
    group = st.selectbox(
        ui.t("ov_group"),
        range(len(groups)),
        format_func=lambda i: ui.t(
            "ov_group_item", n=i + 1, first=groups[i][0], last=groups[i][-1], count=len(groups[i])
        ),
        key="ov_group",
    )
    shown_areas = groups[group]
drawn = frame[frame["area"].isin(shown_areas)]
measures = {"land_km2": "measure_land", "population": "measure_population", "gdp": "measure_gdp"}
years = {"land_km2": "land_year", "population": "population_year", "gdp": "gdp_year"}
measure = st.radio(
    ui.t("ov_chart_measure"),
    list(measures),
    format_func=lambda m: ui.t(measures[m]),
    horizontal=True,
    key="ov_measure",
)
st.altair_chart(
    charts.bar_chart(drawn, measure, years[measure], "area", ui.t(measures[measure])),
    width="stretch",
)
without = [str(a) for a, v in zip(drawn["area"], drawn[measure], strict=True) if pd.isna(v)]
if without:  # every area is named: those the chart cannot draw, with the reason
    st.caption(ui.t("ov_without_figure", areas="、".join(ui.md_escape(a) for a in without)))

# the map
st.subheader(ui.t("ov_map"))
st.caption(ui.t("ov_map_hint"))
points = ui.cached(data.member_points, lang, None)
points = points[points["area"].isin(shown_areas)]
backdrop = ui.cached(data.unit_points)
st.altair_chart(
    charts.points_map(points, backdrop, "area", ui.t("col_area"), label_all=False, height=700),
    width="stretch",
)
if unlisted_shown := [a for a in unlisted if a in shown_areas]:
    st.caption(ui.t("ov_no_members", areas="、".join(ui.md_escape(a) for a in unlisted_shown)))

# plan-system gaps
st.subheader(ui.t("ov_gaps"))
st.caption(ui.t("ov_gaps_hint"))
gaps = ui.cached(data.gap_matrix, lang)
gaps = gaps[gaps["area"].isin(shown_areas)]
st.altair_chart(charts.gap_heatmap(gaps, lang), width="stretch")
with st.expander(ui.t("col_titles")):
    shown = gaps.assign(
        kind=gaps["kind"].map(lambda k: ui.t(f"kind_{k}")),
        state=gaps["state"].map(lambda s: ui.t(f"state_{s}")),
    )
    ui.table(
        shown,
        {
            "area": "col_area",
            "kind": "col_kind",
            "state": "col_state",
            "count": "col_count",
            "titles": "col_titles",
            "source_words": "col_source_words",
        },
        key="ov_gaps_table",
    )
