"""Figures of an area: area (万平方公里/平方公里), resident population (万人), GDP (万亿元/亿元),
coastline (公里) and shares of the province, with their year, year basis and scope."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.ingest.candidates import Candidate
from loaders.ingest.evidence import evidence
from loaders.ingest.rules import rules
from loaders.ingest.sentences import Piece

YEAR = r"(?:(?P<y>\d{4})\s*年\s*(?P<b>末|底)?[^0-9。；\t]{0,12}?)?"
AREA = re.compile(
    r"(?P<label>平坝|丘陵|山地|陆域国土|陆域|土地|总)?面积\s*(?P<a>约)?\s*"
    r"(?P<v>[0-9][0-9 ]*(?:\.[0-9]+)?)\s*(?P<u>万平方公里|平方公里)"
)
POPULATION = re.compile(
    YEAR + r"常住(?:总)?人口(?:规模为|规模)?\s*(?P<a>约)?\s*(?P<v>[0-9][0-9.]*)\s*(?P<u>万)"
)
GDP = re.compile(
    YEAR + r"(?:地区生产总值|经济总量|GDP)\s*(?P<a>约)?\s*(?P<v>[0-9][0-9.]*)\s*(?P<u>万亿元|亿元)"
)
COASTLINE = re.compile(r"海岸线\s*(?P<a>约)?\s*(?P<v>[0-9][0-9.]*)\s*(?P<u>公里)")
SHARE = re.compile(
    r"(?P<each>分别)?占(?:全省|[\u4e00-\u9fff]{2,4}?)的\s*(?P<list>[0-9.]+%(?:[、和][0-9.]+%)*)"
)
YEAR_ONLY = re.compile(r"(?:截至\s*)?(?P<y>\d{4})\s*年\s*(?P<b>末|底)?")


@dataclass
class Figure:
    """A figure found in a text (offsets within it)."""

    measure: str
    value: str
    unit: str
    year: str | None
    basis: str | None
    approximate: bool
    start: int
    end: int


def _figure(
    measure: str, m: re.Match[str], unit: str, year: str | None, basis: str | None
) -> Figure:
    value = m.group("v").replace(" ", "")
    return Figure(measure, value, unit, year, basis, bool(m.group("a")), m.start(), m.end())


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order."""
    labels = rules("figures")["area_labels"]
    found: list[Figure] = []
    for m in AREA.finditer(text):
        found.append(_figure(labels[m.group("label") or ""], m, m.group("u"), None, None))
    for m in POPULATION.finditer(text):
        year, basis = m.group("y"), m.group("b")
        if year is None:
            back = list(YEAR_ONLY.finditer(text, max(0, m.start() - 16), m.start()))
            if back:
                year, basis = back[-1].group("y"), back[-1].group("b")
        found.append(_figure("population", m, "万人", year, _basis(year, basis)))
    for m in GDP.finditer(text):
        year = m.group("y")
        if year is None:
            back = list(YEAR_ONLY.finditer(text, max(0, m.start() - 40), m.start()))
            year = back[-1].group("y") if back else None
        found.append(_figure("gdp", m, m.group("u"), year, "year" if year else None))
    for m in COASTLINE.finditer(text):
        found.append(_figure("coastline", m, "公里", None, None))
    found.sort(key=lambda f: f.start)
    found.extend(_shares(text, found))
    found.sort(key=lambda f: f.start)
    return found


def _basis(year: str | None, mark: str | None) -> str | None:
    if year is None:
        return None
    return "end_of_year" if mark else "year"


def _shares(text: str, figures: list[Figure]) -> list[Figure]:
    share_of = rules("figures")["share_of"]
    out = []
    for m in SHARE.finditer(text):
        values = re.findall(r"[0-9.]+", m.group("list"))
        before = [f for f in figures if f.end <= m.start() and f.measure in share_of]
        targets = before[-len(values) :] if m.group("each") else before[-1:]
        for value, target in zip(values, targets, strict=False):
            out.append(
                Figure(
                    share_of[target.measure],
                    value,
                    "百分比",
                    target.year,
                    target.basis,
                    False,
                    m.start(),
                    m.end(),
                )
            )
    return out


def figure_record(area_id: str, f: Figure, scope: str, words: str) -> dict[str, str]:
    """An areas.yaml figure (with the area it belongs to)."""
    record = {"area": area_id, "measure": f.measure, "value": f.value, "unit": f.unit}
    if f.year:
        record["year"] = f.year
    if f.basis:
        record["year_basis"] = f.basis
    record["scope"] = scope
    record["approximate"] = "yes" if f.approximate else "no"
    record["source_words"] = words
    return record


def extract_figures(
    piece: Piece,
    text: str,
    offset: int,
    area_id: str,
    area_name: str,
    source: str,
    extended_at: int | None = None,
    has_extended: bool = False,
) -> list[Candidate]:
    """Figure candidates of ``text`` (at ``offset`` in ``piece``); figures after
    ``extended_at`` belong to the extended scope."""
    out = []
    for f in find_figures(text):
        if extended_at is not None and f.start >= extended_at:
            scope = "extended"
        else:
            scope = "core" if has_extended else "whole"
        words = text[f.start : f.end].strip("，,。 ")
        record = figure_record(area_id, f, scope, words)
        record["source"] = source
        out.append(
            Candidate(
                kind="figure",
                group=f"{area_name} · 指标",
                file="areas.yaml",
                record=record,
                evidence=evidence(
                    piece, offset + f.start, offset + f.end, f"figure-{f.measure}", 0.85
                ),
            )
        )
    return out
