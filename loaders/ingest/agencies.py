"""Agencies and bodies: 领导小组（办公室）, 事务中心, 联席会议, 委员会, 办公室 … and what they lead.

A name ends in a suffix of ``rules/bodies.yaml``; it starts at the first place name (a
province or city of the gazetteer) or head word (国家, 中央 …) of the run of Chinese characters
before the suffix. A run without such a start is not taken (too often a generic mention).
"""

from __future__ import annotations

import re

from loaders.gazetteer import Gazetteer
from loaders.ingest.candidates import Candidate
from loaders.ingest.evidence import evidence
from loaders.ingest.resolve import short_name
from loaders.ingest.rules import rules
from loaders.ingest.sentences import Piece

CJK = re.compile(r"[\u4e00-\u9fff]")
COLLECTIVE = re.compile(r"[两三四五六各][省市]|各级")
OFFICE_AFTER = re.compile(r"[（(]办公室[）)]")
LEADS = re.compile(r"[^。；]{0,6}?(?:负责|统筹|协调|推进)(?P<what>[^。；，]{2,30})")


_HEADS: dict[int, tuple[str, ...]] = {}


def _heads(gaz: Gazetteer) -> tuple[str, ...]:
    cached = _HEADS.get(id(gaz))
    if cached is not None:
        return cached
    heads = set(rules("bodies")["heads"])
    for unit in gaz.units.values():
        if unit.level != "county":
            heads.add(unit.name)
            short = short_name(unit)
            if short:
                heads.add(short)
    _HEADS[id(gaz)] = tuple(sorted(heads, key=len, reverse=True))
    return _HEADS[id(gaz)]


def _inside_title(text: str, pos: int) -> bool:
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def find_bodies(text: str, gaz: Gazetteer) -> list[tuple[str, str, int, int]]:
    """(name, kind, start, end) of every body named in ``text``."""
    cfg = rules("bodies")
    suffixes = [(s["suffix"], s["kind"]) for s in cfg["suffixes"]]
    heads = _heads(gaz)
    max_len = int(cfg["max_length"])
    stops = list(cfg["stop_before"])
    found: list[tuple[str, str, int, int]] = []
    taken: set[int] = set()
    for suffix, kind in suffixes:
        for m in re.finditer(re.escape(suffix), text):
            end = m.end()
            if end in taken or _inside_title(text, m.start()):
                continue
            left = m.start()
            while left > 0 and CJK.match(text[left - 1]) and m.start() - left < max_len:
                left -= 1
            run = text[left : m.start()]
            for stop in stops:
                cut = run.rfind(stop)
                if cut >= 0:
                    left += cut + len(stop)
                    run = run[cut + len(stop) :]
            start = None
            for i in range(len(run)):
                if any(run.startswith(h, i) for h in heads):
                    start = left + i
                    break
            if start is None:
                continue
            name = text[start:end]
            if COLLECTIVE.search(name):
                continue
            taken.add(end)
            found.append((name, kind, start, end))
            office = OFFICE_AFTER.match(text, end)
            if office and kind == "leading_group":
                found.append((name + "办公室", "office", start, office.end()))
    for row in cfg["fixed"]:
        for m in re.finditer(re.escape(row["name"]), text):
            if not _inside_title(text, m.start()):
                found.append((row["name"], row["kind"], m.start(), m.end()))
    # a shorter name inside a longer one found at the same end is the same body
    found.sort(key=lambda f: (f[2], -len(f[0])))
    return found


def extract_agencies(piece: Piece, gaz: Gazetteer, group: str) -> list[Candidate]:
    """Agency candidates of a piece of text."""
    out = []
    seen: set[str] = set()
    for name, kind, start, end in find_bodies(piece.text, gaz):
        if name in seen:
            continue
        seen.add(name)
        record: dict[str, object] = {"id": "", "name_zh": name, "kind": kind}
        if kind == "office" and name.endswith("办公室"):
            parent = name.removesuffix("办公室")
            if parent.endswith("领导小组"):
                record["part_of_name"] = parent
        leads = LEADS.match(piece.text, end)
        if leads:
            record["note"] = f"职责（原文）：{leads.group('what')}"
        record["source_words"] = evidence(piece, start, end, "", 0).sentence
        out.append(
            Candidate(
                kind="agency",
                group=group,
                file="organizations.yaml",
                record=record,
                evidence=evidence(piece, start, end, f"body-{kind}", 0.8),
            )
        )
    return out
