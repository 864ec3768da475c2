"""What the source report states against what the graph holds, part by part.

Read from the report's text with :mod:`loaders.source_reader` (the reader the fidelity tests
use): per table and section, its rows, the titles in 《》, the named bodies and the numbers it
states, each with its line; "held" means the loaded records carry the same words (compared
without white space), so a gap is named by its line and words. Nothing here is a hand-kept list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from loaders.seed import SeedData
from loaders.source_reader import BODY, NUMBER, PERIOD, TITLE, Part, compact, parts

ItemKind = Literal["rows", "titles", "bodies", "numbers"]
ITEM_KINDS: tuple[ItemKind, ...] = ("rows", "titles", "bodies", "numbers")


@dataclass(frozen=True)
class Gap:
    """Something the source states that the graph does not hold."""

    line: int
    kind: ItemKind
    text: str


@dataclass
class PartCoverage:
    """One part of the report: per kind, how many items it states and how many are held."""

    heading: str
    part_kind: str
    first_line: int
    stated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ITEM_KINDS, 0))
    held: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ITEM_KINDS, 0))
    gaps: list[Gap] = field(default_factory=list)


@dataclass
class CoverageReport:
    """The whole report's coverage: its parts and the totals per kind."""

    parts: list[PartCoverage]

    def totals(self) -> dict[str, tuple[int, int]]:
        """Per kind: (held, stated) over all parts (rows: over the tables)."""
        out: dict[str, tuple[int, int]] = {}
        for kind in ITEM_KINDS:
            held = sum(p.held[kind] for p in self.parts)
            stated = sum(p.stated[kind] for p in self.parts)
            out[kind] = (held, stated)
        return out

    def as_json(self) -> dict[str, Any]:
        """A plain structure for ``--format json``."""
        return {
            "totals": {
                k: {"held": h, "stated": s, "share": round(h / s, 4) if s else None}
                for k, (h, s) in self.totals().items()
            },
            "parts": [asdict(p) for p in self.parts],
        }


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        yield from _strings(value.model_dump())
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple | set):
        for v in value:
            yield from _strings(v)


def held_corpus(seed: SeedData) -> str:
    """Every text the loaded records carry (compacted, one string), with the units' names."""
    texts: list[str] = []
    for items in (
        seed.areas,
        seed.memberships,
        seed.zones,
        seed.plans,
        seed.gaps,
        seed.chapters,
        seed.documents,
        seed.national,
        seed.stated,
        seed.organizations,
        seed.modes,
        seed.indicators,
        seed.references,
    ):
        for item in items:
            texts.extend(_strings(item.record))
    texts.extend(u.name for u in seed.resolved.values())
    return "\u0001".join(compact(t) for t in texts)


def _held(corpus: str, words: str) -> bool:
    words = compact(words)
    return bool(words) and (words in corpus or PERIOD.sub("", words) in corpus)


def _row_key(cells: list[str]) -> str:
    """The cell that names a row: the first that is not a bare number."""
    for cell in cells:
        if cell.strip() and not cell.strip().isdigit():
            return cell.strip()
    return ""


def _cover_part(part: Part, corpus: str) -> PartCoverage:
    cov = PartCoverage(part.heading, part.kind, part.first_line)

    def count(kind: ItemKind, line: int, words: str, held: bool) -> None:
        cov.stated[kind] += 1
        if held:
            cov.held[kind] += 1
        else:
            cov.gaps.append(Gap(line, kind, words))

    header = next((line for _, line in part.lines if "\t" in line), None)
    for number, line in part.lines:
        line_titles = TITLE.findall(line)
        line_numbers = [m.group(0) for m in NUMBER.finditer(line)]
        for title in line_titles:
            count("titles", number, title, _held(corpus, title))
        for body in {m.group(0) for m in BODY.finditer(line)}:
            count("bodies", number, body, _held(corpus, body))
        for num in line_numbers:
            count("numbers", number, num, _held(corpus, num))
        if part.kind == "table" and "\t" in line and line != header:
            key = _row_key(line.split("\t"))
            whole = _held(corpus, key) and all(_held(corpus, t) for t in line_titles)
            count("rows", number, key, whole)
    return cov


def coverage(seed: SeedData, source_text: str) -> CoverageReport:
    """Compare the report's text with what ``seed`` loads into the graph."""
    corpus = held_corpus(seed)
    return CoverageReport([_cover_part(p, corpus) for p in parts(source_text)])
