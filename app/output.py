"""Render result rows as a readable table, JSON (plain values) or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any, Literal

from rich.console import Console
from rich.table import Table
from rich.text import Text

OutputFormat = Literal["table", "json", "csv"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def to_json(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """An array of row objects keyed by column, plain values."""
    return json.dumps(
        [{c: row.get(c) for c in columns} for row in rows], ensure_ascii=False, indent=2
    )


def to_csv(columns: Sequence[str], rows: Sequence[dict[str, Any]], *, bom: bool = False) -> str:
    """CSV with a header row (``bom=True`` for Excel)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return ("\ufeff" if bom else "") + buf.getvalue()


def print_rows(
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]],
    fmt: OutputFormat,
    console: Console,
    *,
    truncated: bool = False,
) -> None:
    """Print rows in ``fmt``; tables end with a count line."""
    if fmt == "json":
        console.file.write(to_json(columns, rows) + "\n")
        return
    if fmt == "csv":
        console.file.write(to_csv(columns, rows))
        return
    table = Table(show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(Text(column), overflow="fold")
    for row in rows:
        table.add_row(*(Text(_cell(row.get(c))) for c in columns))
    console.print(table)
    note = " (truncated at the row cap)" if truncated else ""
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}{note}", style="dim")
