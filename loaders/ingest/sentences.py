"""Cut a report into located pieces: lines, table rows and sentences with their spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TABLE_CAPTION = re.compile(r"^\s*表\s*(\d+)\s*[-－—]\s*(\d+)")
AREA_NAME = re.compile(r"([\u4e00-\u9fff]{2,6}?)都市圈")
SENTENCE_END = re.compile(r"[。；！？]")


@dataclass(frozen=True)
class Piece:
    """A located piece of text: 1-based line, character span within that line."""

    line: int
    start: int
    end: int
    text: str
    table: str | None = None
    header: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()
    area: str | None = None


@dataclass
class Document:
    """A report as rows (whole lines, table rows split into cells) and sentences."""

    rows: list[Piece] = field(default_factory=list)
    sentences: list[Piece] = field(default_factory=list)


def row_area(text: str) -> str | None:
    """The first area name (…都市圈) a row speaks of."""
    m = AREA_NAME.search(text)
    return m.group(0) if m else None


def split(lines: list[str]) -> Document:
    """Cut ``lines`` into rows and sentences; table rows remember their table and header."""
    doc = Document()
    table: str | None = None
    header: tuple[str, ...] = ()
    for number, raw in enumerate(lines, start=1):
        text = raw.rstrip()
        if not text.strip():
            continue
        caption = TABLE_CAPTION.match(text)
        if caption:
            table, header = f"{caption.group(1)}-{caption.group(2)}", ()
            continue
        cells: tuple[str, ...] = ()
        if "\t" in text:
            cells = tuple(c.strip() for c in text.split("\t"))
            if table and (not header or cells[0] == header[0]):
                header = cells
                continue
        elif table and not text.startswith(("续表", "①", "(", "（")) and len(text) > 60:
            table, header = None, ()  # prose after a table closes it
        area = row_area(text)
        piece_table = table if cells else None
        doc.rows.append(
            Piece(number, 0, len(text), text, piece_table, header if cells else (), cells, area)
        )
        start = 0
        for m in SENTENCE_END.finditer(text):
            _add_sentence(doc, number, text, start, m.end(), piece_table, area)
            start = m.end()
        if start < len(text):
            _add_sentence(doc, number, text, start, len(text), piece_table, area)
    return doc


def _add_sentence(
    doc: Document, line: int, text: str, start: int, end: int, table: str | None, area: str | None
) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if chunk:
        doc.sentences.append(
            Piece(line, start + lead, start + lead + len(chunk), chunk, table, (), (), area)
        )
