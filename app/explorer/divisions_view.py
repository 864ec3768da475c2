"""Divisions over time in the explorer: an area's members that have changed since the report
(badge rows), and a unit's history as a timeline. Both answer catalogue questions
(``changed-members``, ``unit-history``), so the explorer shows what the CLI shows."""

from __future__ import annotations

import pandas as pd
import pyoxigraph as ox

from app.explorer.backend import index_of
from app.explorer.qa import run_on_store

CHANGED_COLUMNS = ("unit", "code", "change", "year", "date", "document", "successor", "badge")
HISTORY_COLUMNS = ("year", "date", "change", "document", "old", "new", "title")


def changed_members(store: ox.Store, area: str) -> pd.DataFrame:
    """Members of ``area`` (its IRI) whose unit has changed since the report, one row each,
    with a badge text: the change, its date or year, its document and the successor."""
    name = index_of(store).label(area, "zh")
    rows = [r for r in run_on_store(store, "changed-members", ()).rows if r["area"] == name]
    out = []
    for r in sorted(rows, key=lambda r: (r["year"] or 0, r["code"] or "")):
        when = r["date"] or str(r["year"])
        successor = f"{r['successor']}（{r['successor_code']}）"
        document = f" {r['document']}" if r["document"] else ""
        out.append(
            {
                **{c: r.get(c) or "" for c in CHANGED_COLUMNS if c != "badge"},
                "successor": successor,
                "badge": f"{r['change']} {when}{document} → {successor}",
            }
        )
    return pd.DataFrame(out, columns=list(CHANGED_COLUMNS))


def unit_history(store: ox.Store, code: str) -> pd.DataFrame:
    """The changes of the units that held ``code``, oldest first (one row per change, the
    units before and after joined)."""
    rows = run_on_store(store, "unit-history", (("unit", code),)).rows
    merged: dict[tuple[object, ...], dict[str, object]] = {}
    for r in rows:
        key = (r["year"], r["date"], r["change"], r["document"], r["title"])
        item = merged.setdefault(
            key,
            {
                "year": r["year"],
                "date": r["date"] or "",
                "change": r["change"] or "",
                "document": r["document"] or "",
                "title": r["title"] or "",
                "old": [],
                "new": [],
            },
        )
        for side, name, c in (("old", r["old"], r["old_code"]), ("new", r["new"], r["new_code"])):
            label = f"{name}（{c}）" if name else ""
            bucket = item[side]
            assert isinstance(bucket, list)
            if label and label not in bucket:
                bucket.append(label)
    out = [
        {**item, "old": "、".join(item["old"]), "new": "、".join(item["new"])}  # type: ignore[arg-type]
        for item in merged.values()
    ]
    frame = pd.DataFrame(out, columns=list(HISTORY_COLUMNS))
    return frame.sort_values(["year", "date"]).reset_index(drop=True)
