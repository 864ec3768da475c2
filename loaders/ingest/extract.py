"""Run every extractor over a report: table rows by their columns, prose by sentence."""

from __future__ import annotations

from loaders.ingest import agencies, areas, figures, members, titles
from loaders.ingest.candidates import Candidate
from loaders.ingest.sentences import Piece, row_area, split
from loaders.ingest.tables import cell, column_kinds, labels
from loaders.seed import SeedData

PROSE = "正文"


class AreaIds:
    """Area name → id: the seed's ids, new ones minted from the source id."""

    def __init__(self, seed: SeedData, source_id: str) -> None:
        self.ids = {a.record.name_zh: a.record.id for a in seed.areas}
        self.source_id = source_id
        self.minted = 0

    def of(self, name: str) -> str:
        if name not in self.ids:
            self.minted += 1
            self.ids[name] = f"{self.source_id}-area-{self.minted}"
        return self.ids[name]


def extract(
    lines: list[str], seed: SeedData, source_id: str, on_date: str | None
) -> list[Candidate]:
    """Every candidate of a report's ``lines``."""
    doc = split(lines)
    ids = AreaIds(seed, source_id)
    approved = any(areas.approved_areas(s.text) for s in doc.sentences)
    out: list[Candidate] = []
    for row in doc.rows:
        if row.cells and row.header:
            out.extend(_table_row(row, ids, seed, on_date, approved))
        else:
            out.extend(_prose_row(row, ids, seed, on_date))
    return out


def _table_row(
    row: Piece, ids: AreaIds, seed: SeedData, on_date: str | None, approved: bool
) -> list[Candidate]:
    cols = column_kinds(row.header)
    if "area" not in cols:
        return []
    name, _ = cell(row, cols["area"])
    name = name.replace(" ", "")
    if not name.endswith("都市圈"):
        return []
    area_id = ids.of(name)
    out: list[Candidate] = []
    if "scope" in cols:
        scope, offset = cell(row, cols["scope"])
        release = cell(row, cols["release"])[0] if "release" in cols else None
        out.append(
            areas.extract_area_row(
                row, area_id, name, release, scope, offset, seed.gazetteer, on_date, approved
            )
        )
        if scope:
            out.extend(
                members.extract_members(row, scope, offset, area_id, name, seed.gazetteer, on_date)
            )
            extended_at = _extended_at(scope)
            out.extend(
                figures.extract_figures(
                    row, scope, offset, area_id, name, "", extended_at, extended_at is not None
                )
            )
        for kind in ("land_area", "population"):
            if kind in cols:
                text, offset = cell(row, cols[kind])
                has_ext = bool(scope) and _extended_at(scope) is not None
                out.extend(
                    figures.extract_figures(row, text, offset, area_id, name, "", None, has_ext)
                )
    if "plans" in cols:
        text, offset = cell(row, cols["plans"])
        out.extend(
            titles.extract_titles(row, text, offset, [area_id], f"{name} · 规划", labels(text))
        )
    if "documents" in cols:
        text, offset = cell(row, cols["documents"])
        out.extend(
            titles.extract_titles(
                row, text, offset, [area_id], f"{name} · 文件", None, document_table=True
            )
        )
    return out


def _extended_at(scope: str) -> int | None:
    for marker in ("规划范围拓展到", "拓展到"):
        pos = scope.find(marker)
        if pos >= 0:
            return pos
    return None


def _prose_row(row: Piece, ids: AreaIds, seed: SeedData, on_date: str | None) -> list[Candidate]:
    out: list[Candidate] = []
    name = row_area(row.text)
    area_ids = [ids.ids[name]] if name and name in ids.ids else []
    out.extend(titles.extract_titles(row, row.text, 0, area_ids, f"{PROSE} · 标题"))
    out.extend(agencies.extract_agencies(row, seed.gazetteer, f"{PROSE} · 机构"))
    if name and members.looks_like_scope(row.text) and "\t" not in row.text:
        area_id = ids.of(name)
        start = row.text.find(name)
        scope = row.text[start:]
        out.extend(
            members.extract_members(row, scope, start, area_id, name, seed.gazetteer, on_date)
        )
    return out
