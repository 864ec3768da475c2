"""Member units of an area from a scope sentence: units with GB/T 2260 codes, zones, role and
coverage.

The scope is scanned left to right. A province or a city directly followed by one of its
units only sets the context (``镇江市京口区``: 镇江市 is the parent of 京口区, not a member);
a city followed by a separator or a coverage word is a member. A coverage word after a list of
cities applies to the whole list (``福州、莆田两市全域``), after a county only to it
(``建瓯市部分地区``). ``除…以外`` excludes units from the cities of the list before it, which
become partial members. Role markers (``规划范围拓展到`` …) switch the role; the lead-in before
``包括`` only names the centre and the parent cities. Afterwards a parent city whose units are
listed in the same role is dropped (parent pruning). Rules: ``rules/scope.yaml``,
``rules/zones.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.gazetteer import Gazetteer, Unit
from loaders.ingest.candidates import Candidate
from loaders.ingest.evidence import evidence
from loaders.ingest.resolve import _short_index, resolve_unit, under
from loaders.ingest.rules import rules, zone_aliases
from loaders.ingest.sentences import Piece
from loaders.ingest.units import unit_path

MAX_NAME = 14
SCOPE_HINT = re.compile(r"都市圈(?:范围包括|规划范围主要包括|由以[^。]{2,30}?为中心)")
GAP_NOISE = re.compile(r"[0-9一二三四五六七八九十两个设区市、和及与]+")


@dataclass
class Member:
    """A member found in a scope text (offsets within the scanned text)."""

    unit: Unit | None
    zone: str | None
    role: str
    start: int
    end: int
    name: str
    coverage: str = "whole"
    excludes: list[Unit] = field(default_factory=list)
    short: bool = False


@dataclass
class _Match:
    name: str
    unit: Unit | None
    zone: str | None
    short: bool


class ScopeScanner:
    """Scans one scope text for members."""

    def __init__(self, gaz: Gazetteer, on_date: str | None) -> None:
        self.gaz = gaz
        self.on_date = on_date
        self.zones = zone_aliases()
        self.short = _short_index(gaz)
        cfg = rules("scope")
        self.roles = [(r["marker"], r["role"]) for r in cfg["roles"]]
        self.core_starts = list(cfg["core_starts"])
        self.coverage = [
            (c["word"], c["coverage"], c.get("after_shi") == "true") for c in cfg["coverage"]
        ]
        self.excl_start = cfg["exclusion"]["start"]
        self.excl_end = cfg["exclusion"]["end"]

    def _match(self, text: str, i: int, context: Unit | None) -> _Match | None:
        for length in range(min(MAX_NAME, len(text) - i), 1, -1):
            name = text[i : i + length]
            if name in self.zones:
                return _Match(name, None, self.zones[name], False)
            if name in self.gaz.by_name:
                unit = resolve_unit(name, context, self.on_date, self.gaz)
                if unit is not None and (unit.level != "county" or context is not None):
                    return _Match(name, unit, None, False)
            if name in self.short:
                unit = resolve_unit(name, context, self.on_date, self.gaz)
                if unit is not None and unit.level != "county":
                    return _Match(name, unit, None, True)
        return None

    def _child_follows(self, text: str, i: int, parent: Unit) -> bool:
        m = self._match(text, i, parent)
        return m is not None and m.unit is not None and under(m.unit, parent)

    def _list_follows(self, text: str, i: int) -> bool:
        rest = text[i : i + 6]
        if rest[:1] in ("、", "，", "；", "。", "", "（", ",") or rest.startswith(
            ("和", "及", "与")
        ):
            return True
        if any(rest.startswith(w) for w, _, _ in self.coverage):
            return True
        return bool(re.match(r"[0-9一二三四五六七八九两]+(个设区)?市", rest)) or rest.startswith(
            ("三个设区市", "两市", "为中心")
        )

    def scan(self, text: str) -> list[Member]:
        """Every member named in ``text`` (one scope: an area's 规划范围)."""
        start = 0
        for marker in self.core_starts:
            pos = text.find(marker)
            if pos >= 0:
                start = pos + len(marker)
                break
        role = "core"
        members: list[Member] = []
        run: list[Member] = []
        province: Unit | None = None
        city: Unit | None = None
        last_end = start
        i = start
        while i < len(text):
            switched = next((r for m, r in self.roles if text.startswith(m, i)), None)
            if switched:
                marker = next(m for m, r in self.roles if text.startswith(m, i))
                role, run, city = switched, [], None
                i += len(marker)
                last_end = i
                continue
            if text.startswith(self.excl_start, i) and run:
                end = text.find(self.excl_end, i)
                if end > 0:
                    self._exclude(text[i + 1 : end], run)
                    i = end + len(self.excl_end)
                    run = []
                    continue
            cover = next(((w, c) for w, c, _ in self.coverage if text.startswith(w, i)), None)
            if cover and members and members[-1].end in (i, i + 1) and cover[1] != "districts_only":
                last = members[-1]
                targets = [m for m in run if m.unit is not None and m.unit.level != "county"]
                for m in (
                    targets if last.unit is not None and last.unit.level != "county" else [last]
                ):
                    m.coverage = cover[1]
                    m.end = max(m.end, i + len(cover[0])) if m is last else m.end
                i += len(cover[0])
                last_end = i
                run = []
                continue
            context = city or province
            match = self._match(text, i, context)
            if match is None:
                i += 1
                continue
            end = i + len(match.name)
            unit = match.unit
            if unit is not None and unit.level == "province":
                province, city = unit, None
                i = end
                continue
            if unit is not None and unit.level == "prefecture":
                province = self.gaz.units.get(unit.code[:2] + "0000", province)
                if self._child_follows(text, end, unit):
                    city = unit
                    i = end
                    continue
                if match.short and not self._list_follows(text, end):
                    i = end
                    continue
                city = unit
            member = Member(unit, match.zone, role, i, end, match.name, short=match.short)
            if (
                unit is not None
                and unit.level == "prefecture"
                and text.startswith("辖区", end)
                and match.name.endswith("市")
            ):
                member.coverage = "districts_only"
                member.end = end + 2
                end += 2
            gap = GAP_NOISE.sub("", text[last_end:i])
            if gap:
                run = []
            run.append(member)
            members.append(member)
            last_end = end
            i = end
        return prune_parents(_first_of_each(members))

    def _exclude(self, text: str, run: list[Member]) -> None:
        i = 0
        cities = [m for m in run if m.unit is not None and m.unit.level == "prefecture"]
        while i < len(text):
            hit = None
            for m in cities:
                found = self._match(text, i, m.unit)
                if (
                    found
                    and found.unit is not None
                    and m.unit is not None
                    and under(found.unit, m.unit)
                ):
                    hit = (m, found)
                    break
            if hit is None:
                i += 1
                continue
            owner, found = hit
            assert found.unit is not None
            owner.excludes.append(found.unit)
            owner.coverage = "part"
            i += len(found.name)


def _first_of_each(members: list[Member]) -> list[Member]:
    """One member per role and unit (a centre named in the lead-in and listed again)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for m in members:
        key = (m.role, m.zone or (m.unit.code if m.unit else ""))
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def prune_parents(members: list[Member]) -> list[Member]:
    """Drop a whole city whose own units are listed as members in the same role."""
    listed = {
        (m.role, m.unit.parent_code)
        for m in members
        if m.unit is not None and m.unit.level == "county"
    }
    return [
        m
        for m in members
        if not (
            m.unit is not None
            and m.unit.level == "prefecture"
            and m.coverage == "whole"
            and (m.role, m.unit.code) in listed
        )
    ]


def member_records(
    members: list[Member], area_id: str, gaz: Gazetteer, text: str
) -> list[tuple[Member, dict[str, str]]]:
    """Seed rows (memberships.csv) of ``members``."""
    out = []
    for m in members:
        unit = f"zone:{m.zone}" if m.zone else unit_path(gaz, m.unit) if m.unit else ""
        record = {
            "area": area_id,
            "role": m.role,
            "unit": unit,
            "coverage": m.coverage,
            "excludes": ";".join(unit_path(gaz, u) for u in m.excludes),
            "source_words": text[m.start : m.end],
        }
        out.append((m, record))
    return out


def extract_members(
    piece: Piece,
    scope_text: str,
    offset: int,
    area_id: str,
    area_name: str,
    gaz: Gazetteer,
    on_date: str | None,
) -> list[Candidate]:
    """Member candidates of the scope text ``scope_text`` (at ``offset`` in ``piece``)."""
    scanner = ScopeScanner(gaz, on_date)
    found = scanner.scan(scope_text)
    out = []
    for m, record in member_records(found, area_id, gaz, scope_text):
        confidence = 0.8 if m.short else 0.9 if m.zone else 0.95
        rule = (
            "scope-zone-alias" if m.zone else "scope-short-name" if m.short else "scope-gazetteer"
        )
        out.append(
            Candidate(
                kind="member",
                group=f"{area_name} · 成员",
                file="memberships.csv",
                record=record,
                evidence=evidence(piece, offset + m.start, offset + m.end, rule, confidence),
            )
        )
    return out


def looks_like_scope(text: str) -> bool:
    """Whether a prose line states an area's scope."""
    return bool(SCOPE_HINT.search(text))
