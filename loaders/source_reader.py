"""Read the source report's text: its parts (sections, tables, boxes), the rows of its tables and
what it names (titles in 《》, bodies, numbers), each with its line.

The fidelity tests (tests/loaders/test_source_fidelity.py) and ``metrokg coverage`` read the
report through these functions, so what the tests check and what coverage counts agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCE_FILE = REPO_ROOT.parent / "shared" / "source" / "000_342a4c6929c9433e.txt"

PERIOD = re.compile(r"[（(](\d{4})\s*—\s*(\d{4})\s*年?[）)]")
HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+节\s.*|[一二三四五六七八九十]+、.*|表\s*1-\d+.*|专栏[：:].*|图\s*1-\d+.*|参考文献.*)$"
)
TITLE = re.compile(r"《([^》]+)》")
BODY = re.compile(
    r"(国务院|国家发展改革委|自然资源部|住房和城乡建设部|中共中央"
    r"|[\u4e00-\u9fff]{2,12}?(?:人民政府|领导小组办公室|领导小组|事务中心|委员会|研究院|研究中心))"
)
NUMBER = re.compile(
    r"\d+(?:\.\d+)?\s*(?:万亿元|亿元|万平方公里|平方公里|km²|千万人|万人|%|个城市|个县|个)"
)


def compact(text: str) -> str:
    """Drop white space and unify ASCII/full-width brackets and colons, as the PDF text varies."""
    table = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，"})
    return re.sub(r"\s+", "", text).translate(table)


def section(text: str, start: str, end: str) -> str:
    """The text from ``start`` up to (not including) the next ``end``."""
    i = text.index(start)
    return text[i : text.index(end, i)]


def table_1_3_rows(text: str) -> dict[str, str]:
    """Each area's row of 表1-3 (from its number to the next row), keyed by the area's name."""
    body = section(text, "表 1-3 已批复国家级都市圈规划范围", "图 1-1")
    rows = {}
    for match in re.finditer(r"^(\d{1,2})\t(\S+都市圈)\t(.*)$", body, re.M):
        rows[match.group(2)] = compact(match.group(3))
    return rows


def titles(block: str) -> list[str]:
    """Every title in 《》 of ``block``, compacted."""
    return [compact(t) for t in TITLE.findall(block)]


@dataclass(frozen=True)
class Part:
    """A headed part of the report: a section, a table, a box, a figure or the references."""

    heading: str
    kind: str  # section | table | box | figure | references
    first_line: int
    lines: tuple[tuple[int, str], ...]


def _kind(heading: str) -> str:
    if heading.startswith("表"):
        return "table"
    if heading.startswith("专栏"):
        return "box"
    if heading.startswith("图"):
        return "figure"
    if heading.startswith("参考文献"):
        return "references"
    return "section"


def parts(text: str) -> list[Part]:
    """The report split at its headings, each part with its numbered lines (1-based).

    A table ends at its first line of running text (no tab, long); a figure is its caption
    line alone. The running text after either continues the section before them.
    """
    out: list[Part] = []
    heading, first = "（开头）", 1
    body: list[tuple[int, str]] = []
    last_section = heading

    def close() -> None:
        if body or _kind(heading) != "section":
            out.append(Part(heading, _kind(heading), first, tuple(body)))

    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if HEADING.match(stripped):
            close()
            heading, first, body = stripped, number, []
            if _kind(heading) == "section":
                last_section = heading
            continue
        kind = _kind(heading)
        if kind == "figure" or (kind == "table" and "\t" not in line and len(stripped) > 60):
            close()
            heading, first, body = f"{last_section}（续）", number, []
        body.append((number, line))
    close()
    return out


def read_source(path: Path = SOURCE_FILE) -> str:
    """The source report's text."""
    return path.read_text(encoding="utf-8")
