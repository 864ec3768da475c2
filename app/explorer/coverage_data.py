"""Tables for the 覆盖度 (coverage) page: the report against what the graph holds."""

from __future__ import annotations

import pandas as pd

from loaders.coverage import ITEM_KINDS, CoverageReport, coverage
from loaders.pipeline import DEFAULT_SEED
from loaders.seed import read_seed
from loaders.source_reader import read_source


def shipped_report() -> CoverageReport:
    """Coverage of the shipped report by the shipped seed (what ``metrokg load`` loads)."""
    return coverage(read_seed(DEFAULT_SEED), read_source())


def _share(held: int, stated: int) -> str:
    return f"{held}/{stated}（{held / stated:.0%}）" if stated else "—"


def totals(report: CoverageReport) -> dict[str, str]:
    """Per kind, ``held/stated (share)``."""
    return {k: _share(h, s) for k, (h, s) in report.totals().items()}


def parts_frame(report: CoverageReport) -> pd.DataFrame:
    """One row per part that states something: heading, first line, held/stated per kind."""
    rows = []
    for part in report.parts:
        if not any(part.stated.values()):
            continue
        row: dict[str, object] = {"part": part.heading, "line": part.first_line}
        for kind in ITEM_KINDS:
            row[kind] = _share(part.held[kind], part.stated[kind])
        rows.append(row)
    return pd.DataFrame(rows, columns=["part", "line", *ITEM_KINDS])


def gaps_frame(report: CoverageReport, kind_labels: dict[str, str]) -> pd.DataFrame:
    """One row per gap: line, kind (as labelled), the words, the part."""
    rows = [
        {"line": g.line, "kind": kind_labels[g.kind], "text": g.text, "part": part.heading}
        for part in report.parts
        for g in part.gaps
    ]
    return pd.DataFrame(rows, columns=["line", "kind", "text", "part"]).sort_values("line")
