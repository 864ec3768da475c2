"""Relate each candidate to the current graph (the seed): new, same (which record) or differs
(which fields, old and new value)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from loaders.ingest.candidates import Candidate, Change, Relation
from loaders.ingest.titles import PERIOD
from loaders.seed import SeedData

BARE_PERIOD_END = re.compile(r"[0-9]{4}\s*[—–\-－]+\s*[0-9]{4}\s*年?$")


def normal_title(title: str) -> str:
    """A title without its period, spaces and width differences (the key titles match by)."""
    title = PERIOD.sub("", title)
    title = BARE_PERIOD_END.sub("", title)
    return unicodedata.normalize("NFKC", title).replace(" ", "").strip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


class Matcher:
    """Indexes of the seed by the keys candidates are matched on."""

    def __init__(self, seed: SeedData) -> None:
        self.areas = {a.record.name_zh: a.record for a in seed.areas}
        self.members: dict[tuple[str, str], list[Any]] = {}
        for m in seed.memberships:
            self.members.setdefault((m.record.area, m.record.unit), []).append(m.record)
        self.figures: dict[tuple[str, str, str], list[Any]] = {}
        for a in seed.areas:
            for f in a.record.figures:
                self.figures.setdefault((a.record.id, f.measure, f.scope), []).append(f)
        self.titles: dict[str, tuple[str, Any]] = {}
        for p in seed.plans:
            self.titles.setdefault(normal_title(p.record.title), ("plans.yaml", p.record))
        for d in seed.documents:
            self.titles.setdefault(normal_title(d.record.title), ("documents.yaml", d.record))
        self.orgs = {o.record.name_zh: o.record for o in seed.organizations}

    def relate(self, c: Candidate) -> Relation:
        """The relation of ``c`` to the seed; sets the record id of a matched record."""
        rec = c.record
        if c.kind == "area":
            old = self.areas.get(str(rec["name_zh"]))
            if old is None:
                return Relation()
            rec["id"] = old.id
            return _compare(old.id, old, rec, ("central_city", "release", "release_public"))
        if c.kind == "member":
            olds = self.members.get((str(rec["area"]), str(rec["unit"])), [])
            key = f"{rec['area']} {rec['role']} {rec['unit']}"
            for old in olds:
                if old.role == rec["role"]:
                    return _compare(key, old, rec, ("coverage", "excludes"))
            if olds:
                return _compare(key, olds[0], rec, ("role", "coverage", "excludes"))
            return Relation()
        if c.kind == "figure":
            olds = self.figures.get((str(rec["area"]), str(rec["measure"]), str(rec["scope"])), [])
            key = f"{rec['area']} {rec['measure']} {rec['scope']}"
            same_year = [f for f in olds if (f.year or "") == rec.get("year", "")]
            for old in same_year:
                if old.value == rec["value"]:
                    return _compare(key, old, rec, ("unit", "approximate"))
            if same_year:
                return _compare(key, same_year[0], rec, ("value", "unit"))
            return Relation()
        if c.kind == "title":
            found = self.titles.get(normal_title(str(rec["title"])))
            if found is None:
                return Relation()
            file, old = found
            rec["id"] = old.id
            fields: tuple[str, ...] = ("period_start", "period_end")
            if file == c.file:
                fields += ("kind",) if file == "plans.yaml" else ("year",)
            relation = _compare(old.id, old, rec, fields)
            if relation.changes and old.title != rec["title"]:
                relation.changes.append(Change(field="title", old=old.title, new=str(rec["title"])))
            return relation
        if c.kind == "agency":
            org = self.orgs.get(str(rec["name_zh"]))
            if org is None:
                return Relation()
            rec["id"] = org.id
            return _compare(org.id, org, rec, ("kind",))
        return Relation()


def _compare(key: str, old: Any, new: dict[str, Any], fields: tuple[str, ...]) -> Relation:
    changes = []
    for name in fields:
        if name not in new:
            continue
        before, after = _text(getattr(old, name, None)), _text(new[name])
        if before != after:
            changes.append(Change(field=name, old=before, new=after))
    return Relation(status="differs" if changes else "same", record=key, changes=changes)
