"""Rows of tab-separated tables (表1-3, 表1-5, 表1-6 …): the column header decides the kind
of each cell (``rules/kinds.yaml`` columns)."""

from __future__ import annotations

import re

from loaders.ingest.rules import rules
from loaders.ingest.sentences import Piece

LABEL = re.compile(r"(发展规划|国土空间规划|专项规划|重点区域规划|次区域规划)\s*[:：]")


def column_kinds(header: tuple[str, ...]) -> dict[str, int]:
    """Kind of value → column index, from the header cells."""
    columns = rules("kinds")["columns"]
    out: dict[str, int] = {}
    for index, cell in enumerate(header):
        compact = cell.replace(" ", "")
        for key, kind in columns.items():
            if key in compact and kind not in out:
                out[kind] = index
                break
    return out


def cell(piece: Piece, index: int) -> tuple[str, int]:
    """The text of cell ``index`` of a table row and its offset in the row."""
    offset = 0
    for i, value in enumerate(piece.text.split("\t")):
        if i == index:
            stripped = value.strip()
            return stripped, offset + (len(value) - len(value.lstrip()))
        offset += len(value) + 1
    return "", len(piece.text)


def labels(text: str) -> list[tuple[int, str]]:
    """The 表1-5 labels of a cell (发展规划：…) with their offsets."""
    return [(m.start(), m.group(1)) for m in LABEL.finditer(text)]
