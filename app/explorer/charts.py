"""Charts for the pages: altair (bars, maps without tiles, the gap matrix, a timeline) and a
Graphviz tree of an area's plan system.

Maps are vega-lite charts with a Mercator projection of the gazetteer's coordinates: every
unit is a faint backdrop point and the members are drawn and labelled over it, so a map needs
no basemap tiles and no network. Text from the data reaches vega as data values (drawn as
text) and Graphviz as escaped quoted strings (drawn as SVG text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import altair as alt
import pandas as pd

from app.explorer.data import GAP_KINDS, GAP_STATES, PlanRow
from app.explorer.i18n import Lang, tr

STATE_COLOURS = {
    "exists": "#2ca02c",
    "in_preparation": "#ffbf00",
    "guideline_only": "#9ecae1",
    "none": "#d62728",
    "unknown": "#d9d9d9",
}
ROLE_COLOURS = {
    "core": "#d62728",
    "extended": "#1f77b4",
    "task-related": "#9467bd",
    "central": "#000000",
}
FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, sans-serif"


def _config(chart: alt.LayerChart) -> alt.LayerChart:
    return chart.configure(font=FONT).configure_view(strokeWidth=0)


def bar_chart(
    frame: pd.DataFrame, value: str, year: str | None, label: str, title: str
) -> alt.LayerChart:
    """Horizontal bars of ``value`` per ``label``, largest first, the year in the tooltip."""
    data = frame.dropna(subset=[value])
    tooltip = [
        alt.Tooltip(f"{label}:N", title=""),
        alt.Tooltip(f"{value}:Q", title=title, format=",.0f"),
    ]
    if year:
        tooltip.append(alt.Tooltip(f"{year}:N", title=""))
    bars = (
        alt.Chart(data)
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X(f"{value}:Q", title=title),
            y=alt.Y(
                f"{label}:N",
                sort="-x",
                title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=260),
            ),
            tooltip=tooltip,
        )
    )
    text = bars.mark_text(align="left", dx=3, color="#333333").encode(
        text=alt.Text(f"{value}:Q", format=",.0f")
    )
    return _config((bars + text).properties(height=max(120, 26 * len(data))))


def period_chart(frame: pd.DataFrame, label: str, titles: dict[str, str]) -> alt.LayerChart:
    """One bar per row from its period's first to its last year (years on the axis, not 0…)."""
    data = frame.dropna(subset=["period_end"]).copy()
    data["period_end"] = data["period_end"].astype(int)
    data["period_start"] = data["period_start"].fillna(data["period_end"]).astype(int)
    low, high = int(data["period_start"].min()), int(data["period_end"].max())
    x_scale = alt.Scale(domain=[low - 1, high + 1], nice=False, zero=False)
    tooltip = [
        alt.Tooltip(f"{label}:N", title=titles.get(label, "")),
        alt.Tooltip("period_start:O", title=titles.get("period_start", "")),
        alt.Tooltip("period_end:O", title=titles.get("period_end", "")),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(color="#4c78a8", height=14)
        .encode(
            x=alt.X(
                "period_start:Q",
                scale=x_scale,
                title=f"{titles.get('period_start', '')} — {titles.get('period_end', '')}",
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            x2="period_end:Q",
            y=alt.Y(
                f"{label}:N",
                sort=alt.SortField("period_start"),
                title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=360),
            ),
            tooltip=tooltip,
        )
    )
    return _config(bars.properties(height=max(120, 24 * len(data))))


def points_map(
    points: pd.DataFrame,
    backdrop: pd.DataFrame,
    colour: str,
    colour_title: str,
    label_all: bool,
    height: int = 520,
    domain: Sequence[str] | None = None,
    colours: Sequence[str] | None = None,
) -> alt.LayerChart:
    """Labelled points over a faint backdrop of every unit, Mercator, no tiles.

    ``points`` has lat, lon, name, central (bool) and the ``colour`` column; with
    ``label_all`` every point is labelled, else only the central ones.
    """
    if not points.empty:
        lat_min, lat_max = points["lat"].min(), points["lat"].max()
        lon_min, lon_max = points["lon"].min(), points["lon"].max()
        pad = max(0.6, 0.15 * max(lat_max - lat_min, lon_max - lon_min))
        backdrop = backdrop[
            backdrop["lat"].between(lat_min - pad, lat_max + pad)
            & backdrop["lon"].between(lon_min - pad, lon_max + pad)
        ]
    base = (
        alt.Chart(backdrop)
        .mark_circle(size=6, color="#cfcfcf", opacity=0.7)
        .encode(longitude="lon:Q", latitude="lat:Q")
    )
    scale = (
        alt.Scale(domain=list(domain), range=list(colours))
        if domain and colours
        else alt.Scale(scheme="category20")
    )
    members = points[~points["central"]] if "central" in points else points
    centres = points[points["central"]] if "central" in points else points.iloc[0:0]
    dots = (
        alt.Chart(members)
        .mark_circle(size=45, opacity=0.85)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            color=alt.Color(
                f"{colour}:N", title=colour_title, scale=scale, legend=alt.Legend(labelLimit=320)
            ),
            tooltip=[
                alt.Tooltip("name:N", title=""),
                alt.Tooltip(f"{colour}:N", title=colour_title),
            ],
        )
    )
    big = (
        alt.Chart(centres)
        .mark_point(size=160, shape="diamond", filled=True, color="#000000")
        .encode(longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("name:N", title="")])
    )
    labelled = points if label_all else centres
    labels = (
        alt.Chart(labelled)
        .mark_text(dy=-10, fontSize=11, color="#222222")
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    )
    chart = (base + dots + big + labels).project(type="mercator").properties(height=height)
    return _config(chart)


def gap_heatmap(gaps: pd.DataFrame, lang: Lang) -> alt.LayerChart:
    """Areas × plan kinds, coloured by state, with the count of what exists in each cell."""
    data = gaps.copy()
    data["kind_label"] = data["kind"].map(lambda k: tr(f"kind_{k}", lang))
    data["state_label"] = data["state"].map(lambda s: tr(f"state_{s}", lang))
    data["cell"] = [
        (str(c) if c else tr(f"cell_{s}", lang)) if s == "exists" else tr(f"cell_{s}", lang)
        for c, s in zip(data["count"], data["state"], strict=True)
    ]
    kinds = [tr(f"kind_{k}", lang) for k in GAP_KINDS]
    states = [tr(f"state_{s}", lang) for s in GAP_STATES]
    areas = list(dict.fromkeys(data["area"]))
    base = alt.Chart(data).encode(
        # headers broken into lines at spaces (English) so six columns' labels never overlap
        x=alt.X(
            "kind_label:N",
            sort=kinds,
            title=None,
            axis=alt.Axis(
                orient="top",
                labelAngle=0,
                labelExpr="split(datum.label, ' ')",
                labelLimit=0,
                labelOverlap=False,
            ),
        ),
        y=alt.Y("area:N", sort=areas, title=None, axis=alt.Axis(labelLimit=320)),
    )
    rect = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color(
            "state_label:N",
            scale=alt.Scale(domain=states, range=[STATE_COLOURS[s] for s in GAP_STATES]),
            title=tr("col_state", lang),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("area:N", title=tr("col_area", lang)),
            alt.Tooltip("kind_label:N", title=tr("col_kind", lang)),
            alt.Tooltip("state_label:N", title=tr("col_state", lang)),
            alt.Tooltip("titles:N", title=tr("col_titles", lang)),
            alt.Tooltip("source_words:N", title=tr("col_source_words", lang)),
        ],
    )
    text = base.mark_text(fontSize=12, color="#111111").encode(text="cell:N")
    return _config((rect + text).properties(height=30 * len(areas) + 90))


KIND_PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)


def timeline(docs: pd.DataFrame, lang: Lang, kinds: Sequence[str] = ()) -> alt.LayerChart:
    """One row per document, ordered by year: a dot at its year, a bar over its period.

    ``kinds`` is every document kind in a fixed order: each keeps its colour whichever area
    is shown (a kind not in it takes the next free colour).
    """
    data = docs.dropna(subset=["year"]).copy()
    data["year"] = data["year"].astype(int)
    data["start"] = data["start"].fillna(data["year"]).astype(int)
    data["end"] = data["end"].fillna(data["year"]).astype(int)
    data["short"] = data["title"].map(lambda s: s if len(s) <= 30 else s[:29] + "…")
    order = data.sort_values(["year", "title"])["short"].tolist()
    low, high = int(data[["start", "year"]].min().min()), int(data[["end", "year"]].max().max())
    x_scale = alt.Scale(domain=[low - 0.5, high + 0.5], nice=False)
    tooltip = [
        alt.Tooltip("title:N", title=tr("col_title", lang)),
        alt.Tooltip("year:O", title=tr("col_year", lang)),
        alt.Tooltip("kind:N", title=tr("col_kind", lang)),
        alt.Tooltip("tier:N", title=tr("col_tier", lang)),
        alt.Tooltip("period:N", title=tr("col_period", lang)),
    ]
    y = alt.Y("short:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False, labelLimit=320))
    domain = list(dict.fromkeys([*kinds, *sorted(data["kind"].unique())]))
    palette = [KIND_PALETTE[i % len(KIND_PALETTE)] for i in range(len(domain))]
    used = [k for k in domain if k in set(data["kind"])]
    colour = alt.Color(
        "kind:N",
        title=tr("col_kind", lang),
        scale=alt.Scale(domain=used, range=[palette[domain.index(k)] for k in used]),
    )
    span = (
        alt.Chart(data)
        .mark_rule(strokeWidth=6, opacity=0.35)
        .encode(
            x=alt.X(
                "start:Q",
                scale=x_scale,
                title=tr("col_year", lang),
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            x2="end:Q",
            y=y,
            color=colour,
            tooltip=tooltip,
        )
    )
    dots = (
        alt.Chart(data)
        .mark_circle(size=130, opacity=1)
        .encode(x=alt.X("year:Q", scale=x_scale), y=y, color=colour, tooltip=tooltip)
    )
    return _config((span + dots).properties(height=max(130, 30 * len(data) + 50)))


def dot_string(text: str) -> str:
    """A Graphviz quoted string: backslashes and quotes escaped, newlines kept as breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


_TOKENS = re.compile(
    r"[（(][^（）()]{0,14}[）)]"  # a short bracketed group: （2021—2035年）
    r"|[A-Za-z0-9'’.\-]+\s*"  # a Latin word or a number, with the space after it
    r"|\s+|."  # anything else, one character (a CJK character breaks anywhere)
)


def _cells(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def wrap(text: str, width: int = 16) -> str:
    """Break a long title into lines about ``width`` CJK characters wide.

    Lines break between Chinese characters or at spaces, never inside a Latin word, a number
    or a short bracketed group such as a plan's period.
    """
    limit = 2 * width
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if line and _cells(line + token.rstrip()) > limit:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines) or " "


def _box(label: str) -> str:
    """Width and height (inches) that fit ``label`` (Graphviz underestimates CJK text)."""
    lines = label.split("\n")
    widest = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in lines)
    return f"width={0.085 * widest + 0.3:.2f}, height={0.2 * len(lines) + 0.2:.2f}"


def plan_tree_dot(
    area_name: str, plans: Sequence[PlanRow], lang: Lang, gaps: dict[str, str] | None = None
) -> str:
    """The "1+1+N" plan system as a left-to-right tree: area → kind → plans (dashed: based on).

    ``gaps`` gives the state of the development and spatial plan slots (exists, in_preparation,
    none, unknown) so a missing "1" shows as such.
    """
    lines = [
        "digraph plans {",
        "  rankdir=LR; nodesep=0.12; ranksep=0.45;",
        f'  node [shape=box, style="rounded,filled", fontname={dot_string(FONT)}, fontsize=10,'
        ' margin="0.08,0.04"];',
        f'  edge [color="#888888", fontname={dot_string(FONT)}, fontsize=9];',
        f"  area [label={dot_string(wrap(area_name, 12))}, {_box(wrap(area_name, 12))},"
        ' fillcolor="#d62728", fontcolor="#ffffff"];',
    ]
    ids = {p.iri: f"p{i}" for i, p in enumerate(plans)}
    groups: dict[str, list[PlanRow]] = {"development": [], "spatial": []}
    for plan in plans:
        groups.setdefault(plan.gap_kind or "special", []).append(plan)
    colours = {"development": "#c7e9c0", "spatial": "#c6dbef", "special": "#fdd0a2"}
    for n, (kind, members) in enumerate(groups.items()):
        gid = f"g{n}"
        if not members:
            state = (gaps or {}).get(kind, "unknown")
            title = f"{tr(f'kind_{kind}', lang)} · {tr(f'state_{state}', lang)}"
            fill = STATE_COLOURS.get(state, "#d9d9d9")
            lines.append(
                f"  {gid} [label={dot_string(title)}, {_box(title)}, fillcolor={dot_string(fill)},"
                ' style="rounded,filled,dashed"];'
            )
            lines.append(f"  area -> {gid} [style=dashed];")
            continue
        state = (gaps or {}).get(kind, "exists")
        shown = str(len(members)) if state == "exists" else tr(f"state_{state}", lang)
        title = f"{tr(f'kind_{kind}', lang)} · {shown}"
        lines.append(f'  {gid} [label={dot_string(title)}, {_box(title)}, fillcolor="#eeeeee"];')
        lines.append(f"  area -> {gid};")
        for plan in members:
            detail = " · ".join(x for x in (plan.kind, plan.step, plan.period) if x)
            label = wrap(plan.title, 18) + ("\n" + detail if detail else "")
            colour = colours.get(kind, "#fdd0a2")
            lines.append(
                f"  {ids[plan.iri]} [label={dot_string(label)}, {_box(label)},"
                f" fillcolor={dot_string(colour)}];"
            )
            lines.append(f"  {gid} -> {ids[plan.iri]};")
    for plan in plans:
        for base in plan.based_on:
            if base in ids:
                lines.append(
                    f"  {ids[base]} -> {ids[plan.iri]}"
                    ' [style=dashed, color="#2ca02c", constraint=false];'
                )
    lines.append("}")
    return "\n".join(lines)
