"""Plan and document titles in 《》: period (YYYY—YYYY年, ASCII hyphens, full-width digits),
kind (from the title, or the label it stands under in a table), year and issuer."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from loaders.ingest.candidates import Candidate
from loaders.ingest.evidence import evidence
from loaders.ingest.rules import rules
from loaders.ingest.sentences import Piece

TITLE = re.compile(r"《(?P<t>[^《》]{2,120})》")
PERIOD = re.compile(
    r"[（(]\s*(?P<s>[0-9０-９]{4})\s*(?:年)?\s*[—–\-－~～至]+\s*(?P<e>[0-9０-９]{4})\s*年?\s*[）)]"
)
BARE_PERIOD = re.compile(r"(?P<s>[0-9０-９]{4})\s*[—–\-－]+\s*(?P<e>[0-9０-９]{4})\s*年?$")
YEAR_BEFORE = re.compile(r"(?P<y>[0-9０-９]{4})\s*年\s*$")
ISSUER = re.compile(r"(?P<i>[\u4e00-\u9fff、]{2,30}?)(?:联合)?(?:印发|发布|出台|制定)了?\s*$")
REVISED = re.compile(r"\s*[（(]\s*(?P<y>[0-9]{4})\s*年修[改订正][）)]")


def ascii_digits(text: str) -> str:
    """Full-width digits to ASCII (２０２１ → 2021)."""
    return "".join(unicodedata.normalize("NFKC", c) if "０" <= c <= "９" else c for c in text)


@dataclass
class Title:
    """A title found in a text (offsets within it)."""

    title: str
    start: int
    end: int
    period_start: str | None
    period_end: str | None
    year: str | None
    issuer: str | None


def find_titles(text: str) -> list[Title]:
    """Every 《title》 of ``text`` with its period, year before it and issuer."""
    out = []
    for m in TITLE.finditer(text):
        title = m.group("t").strip()
        start, end = m.start(), m.end()
        period = PERIOD.search(title) or BARE_PERIOD.search(title)
        after = PERIOD.match(text, end)
        if period is None and after is not None:
            period = after
            end = after.end()
        ps = ascii_digits(period.group("s")) if period else None
        pe = ascii_digits(period.group("e")) if period else None
        before = text[max(0, start - 40) : start]
        # a run of titles (《a》《b》) shares the year before the first
        k = start
        while k > 0 and text[k - 1] == "》":
            k = text.rfind("《", 0, k - 1)
            if k < 0:
                break
            before = text[max(0, k - 40) : k]
        year_m = YEAR_BEFORE.search(before)
        issuer_m = ISSUER.search(text[max(0, start - 40) : start])
        out.append(
            Title(
                title=title,
                start=start,
                end=end,
                period_start=ps,
                period_end=pe,
                year=ascii_digits(year_m.group("y")) if year_m else None,
                issuer=issuer_m.group("i").strip("、") if issuer_m else None,
            )
        )
    return out


def kind_of(title: str, label: str | None) -> tuple[str, str]:
    """(``plan`` or ``document``, kind): a table label decides first, then the title."""
    cfg = rules("kinds")
    for row in cfg["overrides"]:
        if row["keyword"] in title:
            return "plan", row["kind"]
    for row in cfg["documents"]:
        if row["keyword"] in title and label not in cfg["labels"]:
            return "document", row["kind"]
    if label and label in cfg["labels"]:
        return "plan", cfg["labels"][label]
    for row in cfg["plans"]:
        if row["keyword"] in title:
            return "plan", row["kind"]
    return "plan", "special"


def title_record(
    t: Title, what: str, kind: str, area_ids: list[str], words: str, revised: str | None
) -> dict[str, object]:
    """A plans.yaml or documents.yaml record (the id is for the reviewer or the matcher)."""
    record: dict[str, object] = {"id": "", "title": t.title, "kind": kind, "areas": area_ids}
    if what == "document":
        if t.year:
            record["year"] = t.year
        record["tier"] = "area"
    if t.period_start:
        record["period_start"] = t.period_start
    if t.period_end:
        record["period_end"] = t.period_end
    if what == "plan":
        record["publication"] = "unknown"
    if revised:
        record["revised"] = revised
    if t.issuer:
        record["note"] = f"发布者（原文）：{t.issuer}"
    record["source_words"] = words
    return record


def extract_titles(
    piece: Piece,
    text: str,
    offset: int,
    area_ids: list[str],
    group: str,
    label_at: list[tuple[int, str]] | None = None,
    document_table: bool = False,
) -> list[Candidate]:
    """Title candidates of ``text``; ``label_at`` gives the table labels (发展规划：…) by offset."""
    out = []
    for t in find_titles(text):
        label = None
        for pos, name in label_at or []:
            if pos <= t.start:
                label = name
        what, kind = kind_of(t.title, label)
        if document_table and what == "plan":
            what, kind = "document", "action_plan"
            for row in rules("kinds")["documents"]:
                if row["keyword"] in t.title:
                    kind = row["kind"]
                    break
            if "规划" in t.title or "指引" in t.title:
                what, kind = kind_of(t.title, None)
        revised_m = REVISED.match(text, t.end)
        words = text[t.start : t.end]
        if t.year and what == "document":
            words = f"{t.year}年{words}"
        record = title_record(
            t,
            what,
            kind,
            area_ids,
            words.replace("《", "").replace("》", "") if what == "plan" else words,
            revised_m.group("y") if revised_m else None,
        )
        confidence = 0.9 if label or document_table else 0.7
        out.append(
            Candidate(
                kind="title",
                group=group,
                file="plans.yaml" if what == "plan" else "documents.yaml",
                record=record,
                evidence=evidence(
                    piece, offset + t.start, offset + t.end, f"title-{what}-{kind}", confidence
                ),
            )
        )
    return out
