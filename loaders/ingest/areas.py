"""Metropolitan areas: names ending in 都市圈, their central city, release and approval."""

from __future__ import annotations

import re

from loaders.gazetteer import Gazetteer
from loaders.ingest.candidates import Candidate
from loaders.ingest.evidence import evidence
from loaders.ingest.members import ScopeScanner
from loaders.ingest.sentences import Piece
from loaders.ingest.units import unit_path

CENTRE = re.compile(r"以(?P<c>[\u4e00-\u9fff]{2,12}?)为中心")
RELEASE = re.compile(r"^(?P<y>\d{4})[.．年-](?P<m>\d{1,2})月?$")
APPROVAL = re.compile(r"国家发展改革委[^。]{0,8}?(函复同意|批复|同意)")
NOT_PUBLIC = "暂未公开"


def central_city(text: str, gaz: Gazetteer, on_date: str | None) -> tuple[str, int, int] | None:
    """The unit path of the centre named in ``以…为中心`` and its span."""
    m = CENTRE.search(text)
    if not m:
        return None
    scanner = ScopeScanner(gaz, on_date)
    words = m.group("c")
    context = None
    found = None
    i = 0
    while i < len(words):
        hit = scanner._match(words, i, context)
        if hit is None or hit.unit is None:
            i += 1
            continue
        context = hit.unit
        found = hit.unit
        i += len(hit.name)
    if found is None or found.level == "county":
        return None
    return unit_path(gaz, found), m.start("c"), m.end("c")


def release_of(cell: str) -> tuple[str | None, bool]:
    """表1-3's 规划发布时间 cell → (``YYYY-MM`` or None, public)."""
    cell = cell.strip()
    if NOT_PUBLIC in cell or not cell:
        return None, False
    m = RELEASE.match(cell)
    if not m:
        return None, True
    return f"{m.group('y')}-{int(m.group('m')):02d}", True


def area_record(
    area_id: str,
    name: str,
    centre: str | None,
    release: str | None,
    public: bool,
    scope_words: str | None,
    approved: bool,
) -> dict[str, object]:
    """An areas.yaml record (name_en is for the reviewer to fill in)."""
    record: dict[str, object] = {"id": area_id, "name_zh": name, "name_en": ""}
    if centre:
        record["central_city"] = centre
    if release:
        record["release"] = release
    record["release_public"] = "yes" if public else "no"
    record["approved_by"] = "ndrc" if approved else ""
    if scope_words:
        record["scope_words"] = scope_words
    return record


def extract_area_row(
    piece: Piece,
    area_id: str,
    name: str,
    release_cell: str | None,
    scope_cell: str,
    scope_offset: int,
    gaz: Gazetteer,
    on_date: str | None,
    approved: bool,
) -> Candidate:
    """The area candidate of a table row (表1-3 layout)."""
    centre = central_city(scope_cell, gaz, on_date)
    release, public = release_of(release_cell or "")
    record = area_record(
        area_id, name, centre[0] if centre else None, release, public, scope_cell or None, approved
    )
    start = piece.text.find(name)
    return Candidate(
        kind="area",
        group="都市圈",
        file="areas.yaml",
        record=record,
        evidence=evidence(piece, max(start, 0), max(start, 0) + len(name), "table-area-row", 0.95),
    )


def approved_areas(text: str) -> bool:
    """Whether a sentence says NDRC approved (函复同意) areas' plans."""
    return bool(APPROVAL.search(text))
