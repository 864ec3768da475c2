"""How well `metrokg ingest` reads the shipped report: recall, precision and "same" correctness
per kind against the curated seed, and the time of the whole report (issue 12).

    .venv/bin/python bench/ingest.py [--out bench/results]

The report is cut into sections (its headings 一、/1./表 …) and each section is ingested on its
own; the candidates are compared with the seed records of the same kind:
members (area, role, unit, coverage, excludes), titles (plans and documents, by title without
its period), periods (start and end of the titles found), documents per area and year, figures
(area, measure, value, unit, year, scope), agencies (name), areas (name, central city, release).
A candidate marked "same" is correct when the record it names is equal to the candidate on the
compared fields. Then the whole report is ingested once through `ingest()` and timed.
Writes results/ingest.json and results/ingest.md (generated).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from loaders.ingest.candidates import Candidate  # noqa: E402
from loaders.ingest.extract import extract  # noqa: E402
from loaders.ingest.matching import Matcher, normal_title  # noqa: E402
from loaders.ingest.pipeline import _dedupe, ingest  # noqa: E402
from loaders.pipeline import DEFAULT_SEED  # noqa: E402
from loaders.seed import SeedData, read_seed  # noqa: E402

SOURCE = REPO.parent / "shared" / "source" / "000_342a4c6929c9433e.txt"
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+\.\s|表\s*\d+\s*[-－—]\s*\d+|专栏)")
TARGETS = {
    "members": 0.95, "titles": 0.95, "periods": 0.90, "documents_per_area_year": 0.90,
    "agencies": 0.90, "figures": 0.90, "areas": 0.90,
}  # fmt: skip


def sections(lines: list[str]) -> list[list[str]]:
    """The report cut at its headings; other lines blanked so line numbers stay."""
    starts = [i for i, ln in enumerate(lines) if HEADING.match(ln.strip())]
    bounds = [0, *starts, len(lines)]
    out = []
    for a, b in itertools.pairwise(bounds):
        if a < b:
            out.append(["" if not a <= i < b else ln for i, ln in enumerate(lines)])
    return out


def truth(seed: SeedData) -> dict[str, set[Any]]:
    """The curated records of each kind, as comparable keys."""
    t: dict[str, set[Any]] = {}
    t["members"] = {
        (m.record.area, m.record.role, m.record.unit, m.record.coverage,
         ";".join(m.record.excludes))
        for m in seed.memberships
    }  # fmt: skip
    t["titles"] = {normal_title(p.record.title) for p in seed.plans} | {
        normal_title(d.record.title) for d in seed.documents
    }
    t["periods"] = {
        (normal_title(r.title), r.period_start, r.period_end)
        for r in [*(p.record for p in seed.plans), *(d.record for d in seed.documents)]
        if r.period_start or r.period_end
    }
    t["documents_per_area_year"] = {
        (a, d.record.year, normal_title(d.record.title))
        for d in seed.documents
        for a in d.record.areas
    }
    t["figures"] = {
        (a.record.id, f.measure, f.value, f.unit, f.year or "", f.scope)
        for a in seed.areas
        for f in a.record.figures
    }
    t["agencies"] = {o.record.name_zh for o in seed.organizations}
    t["areas"] = {
        (a.record.name_zh, a.record.central_city or "", a.record.release or "") for a in seed.areas
    }
    return t


def keys(c: Candidate) -> dict[str, Any]:
    """The comparable keys of a candidate, by the kinds it counts in."""
    r = c.record
    if c.kind == "member":
        return {"members": (r["area"], r["role"], r["unit"], r["coverage"], r["excludes"])}
    if c.kind == "figure":
        key = (r["area"], r["measure"], r["value"], r["unit"], r.get("year", ""), r["scope"])
        return {"figures": key}
    if c.kind == "agency":
        return {"agencies": r["name_zh"]}
    if c.kind == "area":
        return {"areas": (r["name_zh"], r.get("central_city", ""), r.get("release", ""))}
    if c.kind == "title":
        title = normal_title(str(r["title"]))
        out: dict[str, Any] = {"titles": title}
        if r.get("period_start") or r.get("period_end"):
            out["periods"] = (title, r.get("period_start"), r.get("period_end"))
        if c.file == "documents.yaml" and r.get("year"):
            out["documents_per_area_year"] = {(a, r["year"], title) for a in r["areas"]}
        return out
    return {}


def score(candidates: Iterable[Candidate], t: dict[str, set[Any]]) -> dict[str, Any]:
    """Recall, precision and same-correctness per kind, and the misses."""
    found: dict[str, set[Any]] = {k: set() for k in t}
    same_total: dict[str, int] = dict.fromkeys(t, 0)
    same_right: dict[str, int] = dict.fromkeys(t, 0)
    for c in candidates:
        for kind, key in keys(c).items():
            values = key if isinstance(key, set) else {key}
            found[kind] |= values
            if c.relation.status == "same":
                same_total[kind] += 1
                same_right[kind] += all(v in t[kind] for v in values)
    result: dict[str, Any] = {}
    for kind, expected in t.items():
        hits = found[kind] & expected
        result[kind] = {
            "expected": len(expected),
            "found": len(found[kind]),
            "recall": round(len(hits) / len(expected), 4) if expected else None,
            "precision": round(len(hits) / len(found[kind]), 4) if found[kind] else None,
            "same": same_total[kind],
            "same_correct": round(same_right[kind] / same_total[kind], 4)
            if same_total[kind]
            else None,
            "target_recall": TARGETS[kind],
            "missed": sorted(map(str, expected - found[kind])),
            "extra": sorted(map(str, found[kind] - expected)),
        }
    return result


def markdown(res: dict[str, Any]) -> str:
    lines = [
        "<!-- Generated by bench/ingest.py; do not edit. -->",
        "# Ingest benchmark: the shipped report against the curated seed",
        "",
        f"Run {res['run']} on {res['machine']}, load average {res['load_average']}.",
        f"Whole report through `ingest()`: **{res['whole_report_seconds']} s** (target ≤ 10 s;"
        f" reading the seed {res['seed_read_seconds']} s of it); "
        f"{res['candidates']} candidates.",
        "",
        f"Baseline (the issue's, same run): cpca-new `transform_text_with_addrs` on "
        f"{res['baseline']['cells']} scope cells of 表1-3 (南京, 福州, 成都) "
        f"{res['baseline']['cpca_seconds']} s ({res['baseline']['cpca_codes']} codes, parents "
        f"of the lead-in included); the scope scanner {res['baseline']['scanner_seconds']} s "
        f"({res['baseline']['scanner_members']} members after pruning): "
        f"**{res['baseline']['speedup']}×**.",
        "",
        "| kind | expected | found | recall | target | precision | same | same correct |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, r in res["kinds"].items():
        lines.append(
            f"| {kind} | {r['expected']} | {r['found']} | {r['recall']} | "
            f"≥{r['target_recall']} | {r['precision']} | {r['same']} | {r['same_correct']} |"
        )
    lines += ["", "## Misses (in the seed, not found) and extras (found, not in the seed)", ""]
    for kind, r in res["kinds"].items():
        lines.append(f"### {kind}")
        lines.append("missed: " + ("; ".join(r["missed"]) or "none"))
        lines.append("")
        lines.append("extra: " + ("; ".join(r["extra"]) or "none"))
        lines.append("")
    return "\n".join(lines)


def baseline(lines: list[str], seed: SeedData) -> dict[str, Any]:
    """The issue's baseline, in the same run: cpca-new's ``transform_text_with_addrs`` on three
    scope cells of 表1-3 (南京, 福州, 成都) against our scope scanner on the same cells."""
    from loaders.ingest.members import ScopeScanner

    cells = [
        ln.split("\t")[3]
        for ln in lines
        if ln.split("\t")[1:2] and ln.split("\t")[1] in ("南京都市圈", "福州都市圈", "成都都市圈")
    ]
    t0 = time.perf_counter()
    import cpca_new

    codes: set[str] = set()
    for cell in cells:
        frame = cpca_new.transform_text_with_addrs(cell)
        codes |= {str(c)[:6] for c in frame["adcode"] if c}
    cpca_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours: set[str] = set()
    for cell in cells:
        for m in ScopeScanner(seed.gazetteer, None).scan(cell):
            ours.add(m.unit.code if m.unit else f"zone:{m.zone}")
    ours_seconds = time.perf_counter() - t0
    return {
        "cells": len(cells),
        "cpca_seconds": round(cpca_seconds, 3),
        "cpca_codes": len(codes),
        "scanner_seconds": round(ours_seconds, 3),
        "scanner_members": len(ours),
        "speedup": round(cpca_seconds / ours_seconds, 1) if ours_seconds else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()
    t0 = time.perf_counter()
    seed = read_seed(DEFAULT_SEED)
    seed_seconds = time.perf_counter() - t0
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    matcher = Matcher(seed)
    candidates: list[Candidate] = []
    for part in sections(lines):
        for c in extract(part, seed, "bench", "2024-07"):
            c.relation = matcher.relate(c)
            candidates.append(c)
    candidates = _dedupe(candidates)
    kinds = score(candidates, truth(seed))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        whole = ingest(SOURCE, "bench", "bench", "2024-07", DEFAULT_SEED, Path(tmp))
        whole_seconds = time.perf_counter() - t0
    res = {
        "run": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()} ({os.cpu_count()} CPUs),"
        f" Python {platform.python_version()}",
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "whole_report_seconds": round(whole_seconds, 2),
        "seed_read_seconds": round(seed_seconds, 2),
        "candidates": len(whole.review.candidates),
        "sections": len(sections(lines)),
        "kinds": kinds,
        "baseline": baseline(lines, seed),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ingest.json").write_text(
        json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    text = markdown(res)
    (args.out / "ingest.md").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
