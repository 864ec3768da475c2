"""本体 Ontology: classes with instance counts and the class tree; properties with domain and
range; the SKOS schemes (themes, levels, statuses, modes, indicator systems) browsable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.explorer import charts, schema, ui

lang = ui.lang()
ui.require_data()

st.subheader(ui.t("on_classes"))
classes = ui.cached(schema.classes, lang)
tree = schema.class_tree(classes)
frame = pd.DataFrame(
    [
        {
            "class": "　" * depth + ("└ " if depth else "") + row.label,
            "curie": row.curie,
            "direct": row.direct,
            "total": row.total,
            "definition": row.definition,
        }
        for depth, row in tree
    ]
)
ui.table(
    frame,
    {
        "class": "col_class",
        "curie": "col_iri",
        "direct": "col_direct",
        "total": "col_total",
        "definition": "col_definition",
    },
    key="on_classes_table",
)
with st.expander(ui.t("on_class_tree")):
    lines = ["digraph classes {", "  rankdir=LR; node [shape=box, style=rounded, fontsize=10];"]
    ids = {row.iri: f"c{i}" for i, row in enumerate(classes)}
    for row in classes:
        label = f"{row.label}\n{row.curie} · {row.total}"
        lines.append(f"  {ids[row.iri]} [label={charts.dot_string(label)}];")
        for parent in row.parents:
            if parent in ids:
                lines.append(f"  {ids[parent]} -> {ids[row.iri]};")
    lines.append("}")
    st.graphviz_chart("\n".join(lines), width="stretch")

st.subheader(ui.t("on_properties"))
properties = ui.cached(schema.properties, lang)
ui.table(
    properties.assign(functional=properties["functional"].map(lambda f: "✓" if f else "")),
    {
        "curie": "col_iri",
        "label": "col_label",
        "kind": "col_prop_kind",
        "domain": "col_domain",
        "range": "col_range",
        "super": "col_parent",
        "functional": "col_functional",
    },
    key="on_properties_table",
)

st.subheader(ui.t("on_schemes"))
schemes = ui.cached(schema.schemes, lang)
if not schemes:
    st.info(ui.t("none_recorded"))
    st.stop()
by_iri = {s.iri: s for s in schemes}
if st.session_state.get("on_scheme") not in by_iri:
    st.session_state["on_scheme"] = schemes[0].iri
scheme = st.selectbox(
    ui.t("on_scheme"),
    list(by_iri),
    key="on_scheme",
    format_func=lambda iri: f"{by_iri[iri].label} ({by_iri[iri].concepts})",
)
ui.say(scheme, caption=True)
concepts = ui.cached(schema.concepts, scheme, lang)
if concepts.empty:
    st.info(ui.t("none_recorded"))
else:
    ui.table(
        concepts,
        {
            "tree": "col_label",
            "en": "col_label_en",
            "notation": "col_notation",
            "kind": "col_kind",
            "definition": "col_definition",
        },
        key="on_concepts_table",
    )
if by_iri[scheme].group == "modes":
    st.markdown(f"**{ui.t('on_modes')}**")
    matrix = ui.cached(schema.mode_matrix, scheme, lang)
    st.dataframe(
        matrix.rename(columns={"facet": ui.t("col_facet")}),
        hide_index=True,
        width="stretch",
        key="on_modes_table",
    )
