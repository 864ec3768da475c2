"""导入审核 Ingest review: accept, edit or reject the candidates of `metrokg ingest`, one by
one or a whole group. Seed and review directories: $METROKG_SEED_DIR (default: the shipped
seed/) and $METROKG_REVIEW_DIR (default: review/ beside the seed)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import streamlit as st

from app.explorer import ui
from loaders.errors import InputError
from loaders.ingest.accept import accept, reject
from loaders.ingest.candidates import Candidate
from loaders.ingest.review import default_review_dir, list_reviews, read_review, summary
from loaders.pipeline import DEFAULT_SEED

seed_dir = Path(os.environ.get("METROKG_SEED_DIR") or DEFAULT_SEED)
review_dir = Path(os.environ.get("METROKG_REVIEW_DIR") or default_review_dir(seed_dir))


def field_label(name: str) -> str:
    key = f"rv_f_{name}"
    try:
        return ui.t(key)
    except KeyError:
        return name


def relation_text(c: Candidate) -> str:
    rel = c.relation
    head = ui.t(f"rv_status_{rel.status}", record=rel.record or "")
    changes = [
        ui.t("rv_change", field=field_label(ch.field), old=ch.old or "—", new=ch.new or "—")
        for ch in rel.changes
    ]
    return "；".join([head, *changes])


def show_errors(exc: InputError) -> None:
    st.error(ui.t("rv_failed") + "\n\n" + "\n\n".join(f"- {p}" for p in exc.problems))


st.title(ui.t("page_review"))
st.caption(ui.t("rv_intro"))
sources = list_reviews(review_dir)
if not sources:
    st.info(ui.t("rv_none"))
    st.stop()

source_id = st.selectbox(ui.t("rv_source"), sources, key="rv_source")
try:
    review = read_review(review_dir, source_id)
except InputError as exc:
    show_errors(exc)
    st.stop()
src = review.source
st.caption(
    ui.t("rv_source_line", title=src.title, date=src.date, file=src.file, sha=src.sha256[:12])
)
states = [c.state for c in review.candidates]
st.write(
    ui.t(
        "rv_counts",
        pending=states.count("pending"),
        accepted=states.count("accepted"),
        rejected=states.count("rejected"),
        remembered=review.remembered_rejections,
    )
)

col_group, col_state = st.columns([3, 1])
groups = list(dict.fromkeys(c.group for c in review.candidates))
group = col_group.selectbox(ui.t("rv_group"), groups, key="rv_group")
state = col_state.selectbox(
    ui.t("rv_state"),
    ["pending", "accepted", "rejected"],
    format_func=lambda s: ui.t(f"rv_state_{s}"),
    key="rv_state",
)
shown = [c for c in review.candidates if c.group == group and c.state == state]
pending = [c for c in review.candidates if c.group == group and c.state == "pending"]

rows: list[dict[str, Any]] = [
    {
        ui.t("rv_col_id"): c.id,
        ui.t("rv_col_kind"): ui.t(f"rv_kind_{c.kind}"),
        ui.t("rv_col_record"): summary(c),
        ui.t("rv_col_relation"): relation_text(c),
        ui.t("rv_col_line"): c.evidence.line,
        ui.t("rv_col_confidence"): c.evidence.confidence,
        ui.t("rv_col_state"): ui.t(f"rv_state_{c.state}"),
    }
    for c in shown
]
if rows:
    st.dataframe(rows, hide_index=True, use_container_width=True)
else:
    st.info(ui.t("rv_empty_group"))

if pending:
    b1, b2 = st.columns(2)
    if b1.button(ui.t("rv_accept_group", n=len(pending)), key="rv_accept_group", type="primary"):
        try:
            done = accept(review_dir, seed_dir, source_id, [], group)
            st.success(ui.t("rv_accepted", n=len(done.accepted), files=", ".join(done.files)))
        except InputError as exc:
            show_errors(exc)
    if b2.button(ui.t("rv_reject_group", n=len(pending)), key="rv_reject_group"):
        try:
            gone = reject(review_dir, source_id, [], group)
            st.success(ui.t("rv_rejected", n=len(gone.rejected)))
        except InputError as exc:
            show_errors(exc)

for c in shown[:50]:
    with st.expander(f"{c.id} · {ui.t(f'rv_kind_{c.kind}')} · {summary(c)}"):
        ev = c.evidence
        st.markdown(
            ui.t(
                "rv_evidence",
                line=ev.line,
                start=ev.start,
                end=ev.end,
                rule=ev.rule,
                conf=ev.confidence,
            )
        )
        st.info(ev.sentence)
        st.markdown(f"**{ui.t('rv_relation')}**：{relation_text(c)}")
        if c.state != "pending":
            continue
        with st.form(f"rv_form_{c.id}"):
            edits: dict[str, Any] = {}
            for name, value in c.record.items():
                if isinstance(value, str):
                    new = st.text_input(field_label(name), value, key=f"rv_{c.id}_{name}")
                    if new != value:
                        edits[name] = new
            ok = st.form_submit_button(ui.t("rv_accept"), type="primary")
            no = st.form_submit_button(ui.t("rv_reject"))
        if ok:
            try:
                done = accept(review_dir, seed_dir, source_id, [c.id], None, {c.id: edits})
                st.success(ui.t("rv_accepted", n=len(done.accepted), files=", ".join(done.files)))
            except InputError as exc:
                show_errors(exc)
        if no:
            gone = reject(review_dir, source_id, [c.id], None)
            st.success(ui.t("rv_rejected", n=len(gone.rejected)))
