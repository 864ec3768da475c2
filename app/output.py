"""Render result rows as a readable table, JSON (plain values) or CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rich.console import Console

OutputFormat = Literal["table", "json", "csv"]

_NAMED_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control character (C0, DEL, C1) and every bidirectional control
    escaped (``\\r``, ``\\b``, ``\\u001b``, ``\\u202e`` …): nothing in a value can move the
    cursor, clear the screen or reorder what the terminal shows."""
    return _UNSAFE.sub(_escape_one, text)


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
    text = json.dumps(
        [{c: row.get(c) for c in columns} for row in rows], ensure_ascii=False, indent=2
    )
    # json escapes C0 controls itself; DEL, C1 and bidirectional controls become \uXXXX too
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
    count_line: str | None = None,
) -> None:
    """Print rows in ``fmt``; tables end with a count line (``count_line`` when given: a
    paged answer's "共 N 行，显示第 a–b 行")."""
    if fmt == "json":
        console.file.write(to_json(columns, rows) + "\n")
        return
    if fmt == "csv":
        text = to_csv(columns, rows)
        if console.file.isatty():  # to a terminal escaped; to a file or pipe, the data as is
            text = "\n".join(terminal_safe(line) for line in text.split("\n"))
        console.file.write(text)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(Text(terminal_safe(column)), overflow="fold")
    for row in rows:
        table.add_row(*(Text(terminal_safe(_cell(row.get(c)))) for c in columns))
    console.print(table)
    if count_line is not None:
        console.print(Text(count_line), style="dim")
        return
    n = len(rows)
    note_zh, note = (
        ("（已达行数上限，截断）", " (truncated at the row cap)") if truncated else ("", "")
    )
    console.print(f"{n} 行{note_zh} / {n} row{'s' if n != 1 else ''}{note}", style="dim")
