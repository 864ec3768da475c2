"""Cells as a person reads them: a missing value is "—" (or the reason the data gives),
never ``None``, ``null`` or ``nan``."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def is_missing(value: Any) -> bool:
    """True for None, NaN, pandas' NA/NaT and the empty string."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def fill_missing(
    frame: pd.DataFrame, dash: str = "—", reasons: dict[str, pd.Series | str] | None = None
) -> pd.DataFrame:
    """``frame`` with every missing cell replaced by ``dash`` or the column's reason.

    ``reasons`` maps a column to the text shown where it is missing: one text for the column,
    or a series (aligned with ``frame``) of per-row reasons. A column with a missing cell
    becomes a text column (numbers written plainly: 27000, 1838.9; lists joined with "; ").
    """
    shown = frame.copy()
    for column in shown.columns:
        mask = shown[column].map(is_missing).astype(bool)
        if not mask.any():
            continue
        reason = (reasons or {}).get(str(column), dash)
        values = shown[column].astype(object)
        if isinstance(reason, pd.Series):
            filler = reason.reindex(shown.index).map(lambda r: dash if is_missing(r) else r)
        else:
            filler = pd.Series(reason, index=shown.index)
        shown[column] = values.where(~mask, filler).map(_plain)
    return shown


def _plain(value: Any) -> str:
    """A cell as text once its column holds text too (2021.0 -> "2021")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)
