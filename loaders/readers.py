"""Strict readers for the seed files: nothing is silently dropped or coerced.

The usual parsers lose input without a word (see DESIGN.md, "Reading input without losing any
of it"): PyYAML keeps the last of two duplicate keys and turns ``NO`` into ``False``, ``0123``
into 83 and ``2001-02-03`` into a date; ``csv`` swallows lines after an unclosed quote and keeps
a BOM in the first header. These readers compose YAML nodes themselves (every scalar stays the
text it was, duplicate keys are errors) and read CSV strictly, and they remember the line of
every record and field so that later validation can point at it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml

from loaders.errors import InputError, InputProblem, Location, display_path

BOM = b"\xef\xbb\xbf"


class LocatedDict(dict[str, Any]):
    """A mapping that remembers its own line and the line of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}


class LocatedList(list[Any]):
    """A sequence that remembers its line."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


def read_text(path: Path) -> str:
    """Read ``path`` as UTF-8 without BOM, or raise a located :class:`InputError`."""
    name = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            [InputProblem(Location(name), f"cannot read file: {exc.strerror}")]
        ) from exc
    if data.startswith(BOM):
        raise InputError(
            [
                InputProblem(
                    Location(name, 1),
                    "file starts with a UTF-8 byte-order mark (BOM)",
                    hint="save it as UTF-8 without BOM",
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "save it as UTF-8"
        try:
            data.decode("gb18030")
            hint = "the file looks GBK/GB18030-encoded; re-save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise InputError(
            [InputProblem(Location(name, line), "file is not valid UTF-8", hint=hint)]
        ) from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError([InputProblem(Location(name, line), "file contains a NUL byte")])
    return text


def _convert(node: yaml.Node, name: str) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.tag.endswith(":null"):
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = LocatedList(line)
        items.extend(_convert(child, name) for child in node.value)
        return items
    if isinstance(node, yaml.MappingNode):
        mapping = LocatedDict(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    [InputProblem(Location(name, key_line), "a mapping key must be plain text")]
                )
            key = key_node.value
            if key == "<<":
                raise InputError(
                    [InputProblem(Location(name, key_line), "YAML merge keys (<<) are not allowed")]
                )
            if key in mapping:
                rid = mapping.get("id") if isinstance(mapping.get("id"), str) else None
                raise InputError(
                    [
                        InputProblem(
                            Location(name, key_line, rid, key),
                            f"duplicate key (first given on line {mapping.lines[key]})",
                            hint="keep one of them",
                        )
                    ]
                )
            mapping[key] = _convert(value_node, name)
            mapping.lines[key] = key_line
        return mapping
    raise InputError([InputProblem(Location(name, line), "unsupported YAML node")])


def read_yaml_records(path: Path) -> list[LocatedDict]:
    """Read a YAML file whose top level is a list of mappings.

    Every scalar is returned as text (or ``None`` for an empty plain value). Raises
    :class:`InputError` naming the file and line for a syntax error, a duplicate key, a BOM,
    a non-UTF-8 file or a top level that is not a list of mappings.
    """
    name = display_path(path)
    text = read_text(path)
    try:
        root = yaml.compose(io.StringIO(text), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = f"YAML syntax error: {exc.problem or exc.context}"
        raise InputError([InputProblem(Location(name, line), reason)]) from exc
    except yaml.YAMLError as exc:
        raise InputError([InputProblem(Location(name), f"YAML error: {exc}")]) from exc
    if root is None:
        return []
    data = _convert(root, name)
    if not isinstance(data, LocatedList):
        raise InputError(
            [InputProblem(Location(name, 1), "the top level must be a list of records")]
        )
    problems = [
        InputProblem(Location(name, getattr(item, "line", data.line)), "a record must be a mapping")
        for item in data
        if not isinstance(item, LocatedDict)
    ]
    if problems:
        raise InputError(problems)
    return list(data)


def read_csv_records(path: Path, columns: tuple[str, ...]) -> list[LocatedDict]:
    """Read a CSV file with exactly ``columns`` as its header, strictly.

    Returns one :class:`LocatedDict` per data row, empty cells as ``None``. A wrong header, a
    row with too many or too few fields, or an unclosed quote is a located error.
    """
    name = display_path(path)
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[LocatedDict] = []
    problems: list[InputProblem] = []
    last_line = 0
    try:
        header = next(reader, None)
        last_line = reader.line_num
        if header is None:
            raise InputError([InputProblem(Location(name, 1), "empty CSV file (no header)")])
        if tuple(h.strip() for h in header) != columns:
            raise InputError(
                [
                    InputProblem(
                        Location(name, 1),
                        "unexpected header",
                        value=",".join(header),
                        hint=f"expected {','.join(columns)}",
                    )
                ]
            )
        for row in reader:
            line = last_line + 1
            last_line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if row_newlines(row):
                problems.append(
                    InputProblem(
                        Location(name, line),
                        "a quoted field runs over several lines",
                        hint="check for an unclosed quote",
                    )
                )
                continue
            if len(row) != len(columns):
                problems.append(
                    InputProblem(
                        Location(name, line),
                        f"expected {len(columns)} fields, found {len(row)}",
                        value=",".join(row),
                        hint="quote a field that contains a comma",
                    )
                )
                continue
            record = LocatedDict(line)
            for column, cell in zip(columns, row, strict=True):
                value = cell.strip()
                record[column] = value or None
                record.lines[column] = line
            records.append(record)
    except csv.Error as exc:
        raise InputError(
            [
                InputProblem(
                    Location(name, last_line + 1),
                    f"CSV syntax error: {exc} (the record starting here)",
                    hint="check for an unclosed quote",
                )
            ]
        ) from exc
    if problems:
        raise InputError(problems)
    return records


def row_newlines(row: list[str]) -> int:
    """Count the line breaks inside the fields of a CSV row."""
    return sum(cell.count("\n") for cell in row)
