"""都市圈 Area profile: members (table and map), the "1+1+N" plan system, action documents on a
timeline, agreements and the units they link, agencies, figures with their sources."""

from __future__ import annotations

import streamlit as st

from app.explorer import charts, data, divisions_view, geo, notes, ui

lang = ui.lang()
ui.require_data()
area = ui.area_choice("area_choice")
if area is None:
    st.stop()
areas = {a.iri: a for a in ui.cached(data.areas, lang)}
st.query_params["area"] = areas[area].key

info = ui.cached(data.area_info, area, lang)
st.header(ui.md_escape(info.name))
if info.name_other:
    ui.say(info.name_other, caption=True)
left, middle, right = st.columns(3)
left.metric(ui.t("col_central"), info.central_city or "—")
middle.metric(ui.t("col_release"), info.release or "—")
right.markdown(f"{ui.t('approved_by')}  \n**{ui.md_escape('、'.join(info.approved_by) or '—')}**")
if info.scope_text:
    with st.expander(ui.t("area_scope")):
        ui.say(info.scope_text)
        for note in info.notes:
            ui.say(notes.render(note, lang), caption=True)
        ui.say(" · ".join(info.sources), caption=True)

# members
st.subheader(ui.t("area_members"))
st.caption(ui.t("area_members_hint"))
members = ui.cached(data.members, area, lang)
roles = list(dict.fromkeys(members["role"]))
chosen_roles = (
    roles
    if not roles
    else st.multiselect(ui.t("area_role_filter"), roles, default=roles, key=f"area_roles_{area}")
)
shown = members[members["role"].isin(chosen_roles)]
if members.empty:
    st.info(ui.t("area_no_members"))
elif shown.empty:
    st.info(ui.t("none_recorded"))
else:
    ui.table(
        shown,
        {
            "province": "col_province",
            "city": "col_city",
            "unit": "col_unit",
            "code": "col_code",
            "level": "col_level",
            "role": "col_role",
            "coverage": "col_coverage",
            "partial": "col_partial",
            "excludes": "col_excludes",
            "source_words": "col_source_words",
        },
        key="area_members_table",
    )
    # --- issue 11: members changed since the report, and a unit's history ---
    changed = ui.cached(divisions_view.changed_members, area)
    for badge in changed["badge"]:
        st.warning(f"{ui.t('div_changed')}：{ui.md_escape(badge)}")
    unit_names = dict(zip(shown["code"], shown["unit"], strict=True))
    history_code = st.selectbox(
        ui.t("div_history_of"),
        [c for c in unit_names if c],
        index=None,
        placeholder=ui.t("div_history_pick"),
        format_func=lambda c: f"{unit_names[c]} {c}",
        key=f"div_history_{area}",
    )
    if history_code:
        timeline = ui.cached(divisions_view.unit_history, history_code)
        if timeline.empty:
            st.info(ui.t("div_no_history"))
        for item in timeline.itertuples():
            when = item.date or str(item.year)
            st.markdown(
                f"**{ui.md_escape(when)}** · {ui.md_escape(item.change)} "
                f"{ui.md_escape(item.document)}  \n"
                f"{ui.md_escape(item.old or '—')} → {ui.md_escape(item.new or '—')}"
            )
            if item.title:
                st.caption(ui.md_escape(item.title))
    st.markdown(f"**{ui.t('area_map')}**")
    ui.map_with_caption(ui.cached(geo.member_map, area, lang, tuple(shown["iri"])))

# plan system
st.subheader(ui.t("area_plan_system"))
plans = ui.cached(data.plans, area, lang)
if plans:
    gaps = ui.cached(data.gap_matrix, lang)
    slots = {
        str(r["kind"]): str(r["state"]) for r in gaps[gaps["area_iri"] == area].to_dict("records")
    }
    st.graphviz_chart(charts.plan_tree_dot(info.name, plans, lang, slots), width="content")
    with st.expander(ui.t("area_plans_table")):
        import pandas as pd

        plan_frame = pd.DataFrame(
            [
                {
                    "title": p.title,
                    "kind": p.kind,
                    "step": p.step,
                    "publication": p.publication,
                    "period": p.period,
                    "release": p.release,
                    "based_on": "、".join(x.title for x in plans if x.iri in p.based_on),
                    "units": "、".join(p.spatial),
                }
                for p in plans
            ]
        )
        ui.table(
            plan_frame,
            {
                "title": "col_title",
                "kind": "col_kind",
                "step": "col_step",
                "publication": "col_publication",
                "period": "col_period",
                "release": "col_release",
                "based_on": "col_based_on",
                "units": "col_units",
            },
            key="area_plans_table",
        )
else:
    st.info(ui.t("none_recorded"))

# action documents
documents = ui.cached(data.documents, area, lang)
actions = documents[~documents["agreement"]]
st.subheader(ui.t("area_timeline"))
if actions.empty:
    st.info(ui.t("none_recorded"))
else:
    if actions["year"].notna().any():
        kinds = ui.cached(data.document_kinds, lang)
        st.altair_chart(charts.timeline(actions, lang, kinds), width="stretch")
    ui.table(
        actions,
        {
            "year": "col_year",
            "title": "col_title",
            "kind": "col_kind",
            "tier": "col_tier",
            "period": "col_period",
            "units": "col_units",
        },
        key="area_actions_table",
    )

# agreements
st.subheader(ui.t("area_agreements"))
agreements = documents[documents["agreement"]]
if agreements.empty:
    st.info(ui.t("none_recorded"))
else:
    ui.table(
        agreements,
        {
            "year": "col_year",
            "title": "col_title",
            "kind": "col_kind",
            "parties": "col_parties",
            "units": "col_units",
            "tier": "col_tier",
        },
        key="area_agreements_table",
    )

# agencies
st.subheader(ui.t("area_agencies"))
agencies = ui.cached(data.agencies, area, lang)
if agencies.empty:
    st.info(ui.t("none_recorded"))
else:
    agencies = agencies.assign(
        relation=agencies["relation_keys"].map(
            lambda keys: "、".join(ui.t(f"rel_{k}") for k in keys.split(","))
        )
    )
    ui.table(
        agencies,
        {
            "name": "col_name",
            "kind": "col_kind",
            "relation": "col_relation",
            "parent": "col_parent",
        },
        key="area_agencies_table",
    )

# figures
st.subheader(ui.t("area_figures"))
figures = ui.cached(data.figures, lang, area)
if figures.empty:
    st.info(ui.t("none_recorded"))
else:
    ui.table(
        figures.assign(approximate=figures["approximate"].map(lambda a: "≈" if a else "")),
        {
            "measure": "col_measure",
            "value": "col_value",
            "unit": "col_unit_text",
            "year": "col_year",
            "scope": "col_scope",
            "approximate": "col_approx",
            "source_words": "col_source_words",
            "sources": "col_sources",
        },
        key="area_figures_table",
        reasons={"year": ui.t("reason_no_year")},
    )

systems = ui.cached(data.indicator_systems, area, lang)
if systems:
    st.subheader(ui.t("area_indicators"))
    for name, lines in systems:
        with st.expander(ui.md_escape(name)):
            for depth, component, kind in lines:
                ui.say(("　" * depth) + component + (f" ({kind})" if kind else ""))
