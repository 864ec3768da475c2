"""Strict readers for the seed files: nothing is silently dropped or coerced.

The usual parsers lose input without a word (see DESIGN.md, "Reading input without losing any
of it"): PyYAML keeps the last of two duplicate keys and turns ``NO`` into ``False``, ``0123``
into 83 and ``2001-02-03`` into a date; ``csv`` swallows lines after an unclosed quote and keeps
a BOM in the first header. These readers compose YAML nodes themselves (every scalar stays the
text it was, duplicate keys are errors) and read CSV strictly, and they remember the line of
every record and field so that later validation can point at it.

JSON-LD (:func:`read_jsonld`, for ``metrokg import``): JSON parsed here with lines, duplicate
keys and depth checked (no recursion); then every key must be known to the document's own
inline context — a JSON-LD processor silently drops keys it cannot expand — and a context given
by reference (a URL, a ``file:`` IRI, a path) is refused, never fetched or opened.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import os
import re
import stat
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml
from rdflib import Graph

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


#: Size caps (MiB), each configurable by its environment variable; an input over its cap is
#: refused before it is read.
SEED_FILE_LIMIT = ("METROKG_MAX_SEED_FILE_MB", 1)
IMPORT_LIMIT = ("METROKG_MAX_IMPORT_MB", 64)
QUERY_FILE_LIMIT = ("METROKG_MAX_QUERY_FILE_MB", 1)


def size_limit(limit: tuple[str, int]) -> int:
    """The cap in bytes: ``$VARIABLE`` MiB (a whole number, at least 1), else the default."""
    variable, default = limit
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default * 2**20
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        raise InputError(
            [
                InputProblem(
                    Location(variable),
                    f"{variable} must be a whole number of MiB (1 or more)",
                    raw,
                )
            ]
        )
    return int(raw) * 2**20


def read_bounded(path: Path, limit: tuple[str, int] = SEED_FILE_LIMIT) -> bytes:
    """The bytes of ``path`` if it is a regular file no larger than ``limit``.

    Refused before reading, the file named: anything that is not a regular file (a FIFO,
    which would block; a device such as ``/dev/zero``, which never ends; a directory, a
    socket — followed through symbolic links) and a file over the cap. The file is opened
    without blocking and checked on the open descriptor, so it cannot be swapped in between.

    Raises:
        InputError: naming the file.
    """
    name = display_path(path)
    cap = size_limit(limit)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise InputError(
            [InputProblem(Location(name), f"无法读取文件 / cannot read file: {exc.strerror}")]
        ) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise InputError(
                [
                    InputProblem(
                        Location(name),
                        (
                            f"不是普通文件（{kind}），未读取 / "
                            f"not a regular file ({kind}): refused without reading"
                        ),
                        hint="请给出普通文件 / give a regular file",
                    )
                ]
            )
        if info.st_size > cap:
            raise InputError(
                [
                    InputProblem(
                        Location(name),
                        f"文件 {info.st_size:,} 字节，超过上限 {cap:,} 字节，未读取 / "
                        f"file of {info.st_size:,} bytes is over the cap of {cap:,} bytes "
                        f"(${limit[0]}, in MiB): refused without reading",
                    )
                ]
            )
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(cap + 1)
        if len(data) > cap:
            raise InputError(
                [
                    InputProblem(
                        Location(name),
                        (
                            f"文件增长超过上限 {cap:,} 字节 / "
                            f"file grew over the cap of {cap:,} bytes"
                        ),
                    )
                ]
            )
        return data
    except OSError as exc:
        raise InputError(
            [InputProblem(Location(name), f"无法读取文件 / cannot read file: {exc.strerror}")]
        ) from exc
    finally:
        os.close(fd)


_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a directory",
    stat.S_IFSOCK: "a socket",
}


def read_text(path: Path, limit: tuple[str, int] = SEED_FILE_LIMIT) -> str:
    """Read ``path`` as UTF-8 without BOM (see :func:`read_bounded`), or raise a located
    :class:`InputError`."""
    name = display_path(path)
    data = read_bounded(path, limit)
    if data.startswith(BOM):
        raise InputError(
            [
                InputProblem(
                    Location(name, 1),
                    (
                        "文件以 UTF-8 字节顺序标记（BOM）开头 / "
                        "file starts with a UTF-8 byte-order mark (BOM)"
                    ),
                    hint="请另存为不带 BOM 的 UTF-8 / save it as UTF-8 without BOM",
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "请另存为 UTF-8 / save it as UTF-8"
        try:
            data.decode("gb18030")
            hint = (
                "文件似为 GBK/GB18030 编码，请另存为 UTF-8 / "
                "the file looks GBK/GB18030-encoded; re-save it as UTF-8"
            )
        except UnicodeDecodeError:
            pass
        raise InputError(
            [
                InputProblem(
                    Location(name, line),
                    ("文件不是有效的 UTF-8 / file is not valid UTF-8"),
                    hint=hint,
                )
            ]
        ) from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(
            [InputProblem(Location(name, line), ("文件含有 NUL 字节 / file contains a NUL byte"))]
        )
    return text


def _convert(node: yaml.Node, name: str) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.tag.endswith(":null"):  # plain: None, or "" from libyaml
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
                    [
                        InputProblem(
                            Location(name, key_line),
                            ("映射的键须为纯文本 / a mapping key must be plain text"),
                        )
                    ]
                )
            key = key_node.value
            if key == "<<":
                raise InputError(
                    [
                        InputProblem(
                            Location(name, key_line),
                            ("不允许 YAML 合并键（<<） / YAML merge keys (<<) are not allowed"),
                        )
                    ]
                )
            if key in mapping:
                rid = mapping.get("id") if isinstance(mapping.get("id"), str) else None
                raise InputError(
                    [
                        InputProblem(
                            Location(name, key_line, rid, key),
                            (
                                f"重复的键（首次出现在第 {mapping.lines[key]} 行） / "
                                f"duplicate key (first given on line {mapping.lines[key]})"
                            ),
                            hint="请只保留一个 / keep one of them",
                        )
                    ]
                )
            mapping[key] = _convert(value_node, name)
            mapping.lines[key] = key_line
        return mapping
    raise InputError(
        [InputProblem(Location(name, line), ("不支持的 YAML 节点 / unsupported YAML node"))]
    )


def _yaml_error(exc: yaml.YAMLError, text: str, name: str) -> InputError:
    """A located :class:`InputError` for a YAML error that carries no mark (a character the
    YAML reader refuses carries its position in the text instead)."""
    if isinstance(exc, yaml.reader.ReaderError):
        position = max(0, min(int(exc.position), len(text)))
        line = text.count("\n", 0, position) + 1
        character = exc.character
        code = ord(character) if isinstance(character, str) else int(character)
        shown = f"U+{code:04X}"
        return InputError(
            [
                InputProblem(
                    Location(name, line),
                    (
                        f"YAML 文件中不允许字符 {shown} / "
                        f"the character {shown} is not allowed in a YAML file"
                    ),
                    hint="请删除（控制字符不是文本） / remove it (control characters are not text)",
                )
            ]
        )
    return InputError([InputProblem(Location(name), f"YAML 错误 / YAML error: {exc}")])


YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (the pure-Python one read the shipped seed
in 1.3–2.6 s, most of `metrokg validate`); the same events, nodes and marks."""

MAX_YAML_DEPTH = 32
"""Deepest nesting of mappings and sequences in a seed file (the seed nests 4 deep). PyYAML
composes recursively: measured, 1,000 nested ``[`` end in a RecursionError."""


def _mark_line(mark: yaml.Mark | None, text: str) -> int | None:
    """The 1-based line of a YAML error mark, within the file (libyaml marks an error at the
    end of a file without a final newline one line past its last)."""
    if mark is None:
        return None
    return min(mark.line + 1, text.count("\n") + 1)


def _check_yaml_events(text: str, name: str) -> None:
    """Refuse what the seed format never needs and a parser cannot survive, from the event
    stream (read without recursion): anchors and aliases (an alias bomb expands exponentially:
    six levels of nine took 0.2 s, nine would take hours), explicit tags (``!!python/…``), and
    nesting deeper than :data:`MAX_YAML_DEPTH`."""
    depth = 0
    found: list[InputProblem] = []
    try:
        for event in yaml.parse(io.StringIO(text), Loader=YAML_LOADER):
            mark = event.start_mark
            line = mark.line + 1 if mark is not None else 1
            if isinstance(event, yaml.ScalarEvent) and event.value == "<<" and not event.style:
                raise InputError(
                    [
                        InputProblem(
                            Location(name, line),
                            ("不允许 YAML 合并键（<<） / YAML merge keys (<<) are not allowed"),
                        )
                    ]
                )
            if not found and (isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)):
                found.append(
                    InputProblem(
                        Location(name, line),
                        (
                            "不允许 YAML 锚点和别名（&name、*name） / "
                            "YAML anchors and aliases (&name, *name) are not allowed"
                        ),
                        hint="请在需要处写出值 / write the value out where it is needed",
                    )
                )
            tag = getattr(event, "tag", None)
            if not found and tag is not None:
                found.append(
                    InputProblem(
                        Location(name, line),
                        "不允许 YAML 标签 / YAML tags are not allowed",
                        value=tag,
                        hint="请把值写成纯文本 / write the value as plain text",
                    )
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise InputError(
                        [
                            InputProblem(
                                Location(name, line),
                                (
                                    f"映射和列表嵌套超过 {MAX_YAML_DEPTH} 层 / "
                                    f"mappings and lists are nested more than {MAX_YAML_DEPTH} deep"
                                ),
                            )
                        ]
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        reason = f"YAML 语法错误 / YAML syntax error: {exc.problem or exc.context}"
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own limit, met first
            reason = (
                f"映射和列表嵌套超过 {MAX_YAML_DEPTH} 层 / "
                f"mappings and lists are nested more than {MAX_YAML_DEPTH} deep"
            )
        raise InputError([InputProblem(Location(name, _mark_line(where, text)), reason)]) from exc
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, name) from exc
    if found:
        raise InputError(found)


def read_yaml_records(path: Path) -> list[LocatedDict]:
    """Read a YAML file whose top level is a list of mappings.

    Every scalar is returned as text (or ``None`` for an empty plain value). Raises
    :class:`InputError` naming the file and line for a syntax error, a duplicate key, a BOM,
    a non-UTF-8 file, an anchor, alias or explicit tag, nesting deeper than
    :data:`MAX_YAML_DEPTH`, or a top level that is not a list of mappings.
    """
    name = display_path(path)
    text = read_text(path)
    _check_yaml_events(text, name)
    try:
        root = yaml.compose(io.StringIO(text), Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = _mark_line(mark, text)
        reason = f"YAML 语法错误 / YAML syntax error: {exc.problem or exc.context}"
        raise InputError([InputProblem(Location(name, line), reason)]) from exc
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, name) from exc
    if root is None:
        return []
    data = _convert(root, name)
    if not isinstance(data, LocatedList):
        raise InputError(
            [
                InputProblem(
                    Location(name, 1),
                    ("顶层须为记录列表 / the top level must be a list of records"),
                )
            ]
        )
    problems = [
        InputProblem(
            Location(name, getattr(item, "line", data.line)),
            ("每条记录须为映射 / a record must be a mapping"),
        )
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
            raise InputError(
                [
                    InputProblem(
                        Location(name, 1),
                        ("空的 CSV 文件（没有表头） / empty CSV file (no header)"),
                    )
                ]
            )
        if tuple(h.strip() for h in header) != columns:
            raise InputError(
                [
                    InputProblem(
                        Location(name, 1),
                        "表头与预期不符 / unexpected header",
                        value=",".join(header),
                        hint=f"应为 / expected {','.join(columns)}",
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
                        "带引号的字段跨越多行 / a quoted field runs over several lines",
                        hint="请检查未闭合的引号 / check for an unclosed quote",
                    )
                )
                continue
            if len(row) != len(columns):
                problems.append(
                    InputProblem(
                        Location(name, line),
                        (
                            f"应有 {len(columns)} 个字段，实有 {len(row)} 个 / "
                            f"expected {len(columns)} fields, found {len(row)}"
                        ),
                        value=",".join(row),
                        hint="含逗号的字段请加引号 / quote a field that contains a comma",
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
                    (
                        "CSV 语法错误（从此处开始的记录） / "
                        f"CSV syntax error: {exc} (the record starting here)"
                    ),
                    hint="请检查未闭合的引号 / check for an unclosed quote",
                )
            ]
        ) from exc
    if problems:
        raise InputError(problems)
    return records


def row_newlines(row: list[str]) -> int:
    """Count the line breaks inside the fields of a CSV row."""
    return sum(cell.count("\n") for cell in row)


# ----------------------------------------------------------------------------- JSON and JSON-LD

MAX_JSON_DEPTH = 64
"""Deepest nesting of objects and arrays a JSON(-LD) input may have. A metrokg export nests 5
deep; JSON-LD nested 5,000 deep overflows the stack of the Python process that expands it."""

MAX_REPORTED = 200
"""Most problems listed for one file (the count of the rest is given)."""

#: Digits of a JSON number read (Python refuses to convert integers of more than 4,300).
MAX_NUMBER_CHARS = 100
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.__dict__["scanstring"]
_JSON_WS = re.compile(r"[ \t\n\r]*")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


class _Frame:
    """An open JSON object or array while parsing."""

    __slots__ = ("container", "key", "key_line")

    def __init__(self, container: LocatedDict | LocatedList) -> None:
        self.container = container
        self.key: str | None = None
        self.key_line = 0


def parse_json_located(text: str, name: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON text into :class:`LocatedDict` / :class:`LocatedList` (lines remembered).

    Stricter than :mod:`json`: a duplicate key in an object (``json`` keeps the last one
    silently), ``NaN`` / ``Infinity``, and nesting deeper than ``max_depth`` are located errors.
    The parser does not recurse, so no depth of input can overflow the stack.

    Raises:
        InputError: naming the file and line.
    """
    newlines = [i for i, char in enumerate(text) if char == "\n"]
    length = len(text)

    def line_of(pos: int) -> int:
        return bisect.bisect_right(newlines, pos - 1) + 1

    def fail(pos: int, reason: str, hint: str = "") -> NoReturn:
        raise InputError([InputProblem(Location(name, line_of(pos)), reason, hint=hint)])

    def skip(pos: int) -> int:
        match = _JSON_WS.match(text, pos)
        assert match is not None
        return match.end()

    def read_key(frame: _Frame, pos: int) -> int:
        if pos >= length or text[pos] != '"':
            fail(pos, "JSON syntax error: expected a key in double quotes")
        try:
            key, end = _scanstring(text, pos + 1, True)
        except json.JSONDecodeError as exc:
            fail(pos, f"JSON syntax error: {exc.msg}")
        assert isinstance(frame.container, LocatedDict)
        if key in frame.container:
            fail(
                pos,
                f"duplicate key {key!r} (first given on line {frame.container.lines[key]})",
                "keep one of them",
            )
        frame.key, frame.key_line = key, line_of(pos)
        end = skip(end)
        if end >= length or text[end] != ":":
            fail(end, "JSON syntax error: expected ':' after a key")
        return skip(end + 1)

    stack: list[_Frame] = []
    pos = skip(0)
    while True:
        if pos >= length:
            fail(pos, "JSON syntax error: the file ends where a value was expected")
        char = text[pos]
        value: Any
        if char in "{[":
            if len(stack) >= max_depth:
                fail(
                    pos,
                    f"objects and arrays are nested more than {max_depth} deep",
                    "flatten the document (a metrokg export nests 5 deep)",
                )
            container: LocatedDict | LocatedList = (
                LocatedDict(line_of(pos)) if char == "{" else LocatedList(line_of(pos))
            )
            pos = skip(pos + 1)
            closer = "}" if char == "{" else "]"
            if pos < length and text[pos] == closer:
                value, pos = container, pos + 1
            else:
                frame = _Frame(container)
                stack.append(frame)
                if char == "{":
                    pos = read_key(frame, pos)
                continue
        elif char == '"':
            try:
                value, pos = _scanstring(text, pos + 1, True)
            except json.JSONDecodeError as exc:
                fail(pos, f"JSON syntax error: {exc.msg}")
        elif text.startswith("true", pos):
            value, pos = True, pos + 4
        elif text.startswith("false", pos):
            value, pos = False, pos + 5
        elif text.startswith("null", pos):
            value, pos = None, pos + 4
        else:
            match = _JSON_NUMBER.match(text, pos)
            if match is None:
                if text.startswith(("NaN", "Infinity", "-Infinity"), pos):
                    fail(pos, "NaN and Infinity are not JSON numbers")
                fail(pos, "JSON syntax error: expected a value")
            number = match.group()
            if len(number) > MAX_NUMBER_CHARS:
                fail(
                    pos,
                    f"a number of {len(number):,} digits (at most {MAX_NUMBER_CHARS} are read)",
                    "write very long numbers as strings",
                )
            value = float(number) if any(c in number for c in ".eE") else int(number)
            pos = match.end()
        # a complete value: attach it, closing every container it completes
        while True:
            if not stack:
                pos = skip(pos)
                if pos != length:
                    fail(pos, "JSON syntax error: extra data after the document")
                return value
            frame = stack[-1]
            if isinstance(frame.container, LocatedDict):
                assert frame.key is not None
                frame.container[frame.key] = value
                frame.container.lines[frame.key] = frame.key_line
            else:
                frame.container.append(value)
            pos = skip(pos)
            closer = "}" if isinstance(frame.container, LocatedDict) else "]"
            if pos < length and text[pos] == ",":
                pos = skip(pos + 1)
                if isinstance(frame.container, LocatedDict):
                    pos = read_key(frame, pos)
                break
            if pos < length and text[pos] == closer:
                value = stack.pop().container
                pos += 1
                continue
            fail(pos, f"JSON syntax error: expected ',' or '{closer}'")


JSONLD_KEYWORDS = frozenset(
    {
        "@context",
        "@id",
        "@type",
        "@value",
        "@language",
        "@direction",
        "@graph",
        "@list",
        "@set",
        "@reverse",
        "@index",
        "@included",
        "@nest",
        "@json",
    }
)
_CONTEXT_KEYWORDS_REFUSED = {
    "@import": "@import loads another context document",
    "@vocab": "@vocab would turn any unknown key into a property",
    "@base": "@base changes how relative IRIs resolve",
}
_ABSOLUTE_SCHEMES = ("http://", "https://", "urn:")
_KEYWORDS_REFUSED = {
    "@included": "@included adds nodes outside the document's graph",
    "@reverse": "@reverse adds statements about other nodes from inside this one",
}
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


@dataclass
class _Context:
    """What a JSON-LD context defines: terms, keyword aliases and container kinds."""

    terms: dict[str, Any] = field(default_factory=dict)

    def with_definitions(self, definitions: dict[str, Any]) -> _Context:
        merged = dict(self.terms)
        for key, value in definitions.items():
            if not key.startswith("@"):
                merged[key] = value
        return _Context(merged)

    def keyword(self, key: str) -> str | None:
        """The keyword ``key`` stands for (``id`` -> ``@id``), or None."""
        if key.startswith("@"):
            return key
        value = self.terms.get(key)
        if isinstance(value, str) and value.startswith("@"):
            return value
        return None

    def container(self, key: str) -> set[str]:
        value = self.terms.get(key)
        if isinstance(value, dict):
            kind = value.get("@container")
            if isinstance(kind, str):
                return {kind}
            if isinstance(kind, list):
                return {k for k in kind if isinstance(k, str)}
        return set()

    def iri_valued(self, key: str) -> bool:
        value = self.terms.get(key)
        return isinstance(value, dict) and value.get("@type") in ("@id", "@vocab")

    def expand(self, text: str) -> str:
        """``text`` with a prefix or term of the context expanded (as far as this checker
        needs: for naming subjects in messages)."""
        value = self.terms.get(text)
        if isinstance(value, str) and not value.startswith("@"):
            return self.expand(value) if value != text else value
        prefix, colon, rest = text.partition(":")
        base = self.terms.get(prefix) if colon and not rest.startswith("//") else None
        if isinstance(base, str) and base != text:
            return self.expand(base) + rest
        return text

    def known_iri(self, text: str) -> bool:
        """True for an absolute IRI, a blank node, a term, or a compact IRI of a known prefix."""
        if text in self.terms or text.startswith("_:"):
            return True
        if text.startswith(_ABSOLUTE_SCHEMES):
            return True
        prefix, colon, _ = text.partition(":")
        return bool(colon) and prefix in self.terms


class _JsonLdChecker:
    """Walks a located JSON-LD document and collects located problems."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[InputProblem] = []
        self.subjects: dict[str, int] = {}

    def add(self, line: int, reason: str, value: object = None, hint: str = "") -> None:
        self.problems.append(InputProblem(Location(self.name, line), reason, value, hint))

    def context(self, active: _Context, ctx: Any, line: int) -> _Context:
        """Check an ``@context`` value and return the context it makes active."""
        items = ctx if isinstance(ctx, list) else [ctx]
        for item in items:
            where = getattr(item, "line", line)
            if item is None:
                active = _Context()
            elif isinstance(item, str):
                self.add(
                    where,
                    "a context given by reference (a URL or a file) is refused: metrokg never "
                    "fetches or opens a context",
                    item,
                    "inline the context object (as `metrokg export --format jsonld` writes it)",
                )
            elif isinstance(item, LocatedDict):
                for key, reason in _CONTEXT_KEYWORDS_REFUSED.items():
                    if key in item:
                        self.add(item.lines[key], f"{key} is refused in a context: {reason}")
                for definition in item.values():
                    if isinstance(definition, LocatedDict) and "@context" in definition:
                        # a scoped context: checked (never fetched); applies inside the term
                        self.context(active, definition["@context"], definition.lines["@context"])
                active = active.with_definitions(item)
            else:
                self.add(where, "a context must be an object", item)
        return active

    def node(self, value: Any, active: _Context, line: int) -> None:
        """Check a node object, a value object, or a list of them."""
        todo: list[tuple[Any, _Context, int]] = [(value, active, line)]
        while todo:
            current, ctx, _ = todo.pop()
            if isinstance(current, LocatedList):
                todo.extend((item, ctx, getattr(item, "line", current.line)) for item in current)
                continue
            if not isinstance(current, LocatedDict):
                continue
            if "@context" in current:
                ctx = self.context(ctx, current["@context"], current.lines["@context"])
            for key, item in current.items():
                key_line = current.lines.get(key, current.line)
                if key == "@context":
                    continue
                keyword = ctx.keyword(key)
                if keyword is not None:
                    if keyword not in JSONLD_KEYWORDS:
                        self.add(key_line, f"unknown JSON-LD keyword {key!r}", key)
                    elif keyword in _KEYWORDS_REFUSED:
                        self.add(
                            key_line,
                            f"key {key!r} is refused: {_KEYWORDS_REFUSED[keyword]}",
                            key,
                            "describe each node in @graph with its own @id",
                        )
                    elif keyword == "@id":
                        self.iri(item, ctx, key_line, "@id", subject=True)
                    elif keyword == "@type" and "@value" not in current:
                        for kind in item if isinstance(item, list) else [item]:
                            self.iri(kind, ctx, key_line, "@type")
                    elif keyword in ("@graph", "@list", "@set", "@reverse", "@included", "@nest"):
                        todo.append((item, ctx, key_line))
                    continue
                if not ctx.known_iri(key) or (":" in key and key.startswith("_:")):
                    self.add(
                        key_line,
                        f"key {key!r} is not defined by the context: a JSON-LD processor would "
                        "drop it without a word",
                        key,
                        "use a property of the context, a prefixed name (mkg:…) or a full IRI",
                    )
                    continue
                containers = ctx.container(key)
                if "@language" in containers:
                    continue  # a language map: its keys are language tags
                if ctx.iri_valued(key):
                    for target in item if isinstance(item, list) else [item]:
                        if isinstance(target, str):
                            self.iri(target, ctx, key_line, key)
                        else:
                            todo.append((target, ctx, key_line))
                    continue
                if containers & {"@index", "@id", "@type", "@graph"} and isinstance(
                    item, LocatedDict
                ):
                    todo.extend((v, ctx, key_line) for v in item.values())
                    continue
                todo.append((item, ctx, key_line))

    def iri(self, value: Any, ctx: _Context, line: int, what: str, subject: bool = False) -> None:
        if not isinstance(value, str):
            self.add(line, f"{what} must be a string", value)
            return
        bad = _NOT_IN_IRI.search(value)
        if bad is not None:
            self.add(
                line,
                f"{what} {value!r} holds {bad.group()!r}, which an IRI may not contain "
                "(a JSON-LD processor would drop the node without a word)",
                value,
            )
            return
        if not ctx.known_iri(value):
            self.add(
                line,
                f"{what} {value!r} is neither a full IRI nor a term or prefix of the context "
                "(a relative IRI would be resolved against the file's own location)",
                value,
                "write the full IRI, e.g. https://w3id.org/metrokg/id/…",
            )
        elif subject:
            self.subjects.setdefault(ctx.expand(value), line)


@dataclass
class JsonLdDocument:
    """A checked JSON-LD document: its graph and the line where each subject is described."""

    graph: Graph
    subject_lines: dict[str, int]
    file: str


def read_jsonld(path: Path, max_depth: int = MAX_JSON_DEPTH) -> JsonLdDocument:
    """Read a JSON-LD file strictly, without opening anything else, into an rdflib graph.

    Refused, each with its file and line: everything :func:`read_text` refuses (BOM, not
    UTF-8 — GBK named as such —, NUL bytes), JSON syntax errors, duplicate keys, nesting deeper
    than ``max_depth``, a context given by reference (``http:``, ``https:``, ``file:`` or a
    path: never fetched or opened) or using ``@import``, ``@vocab`` or ``@base``, a key the
    context does not define (a JSON-LD processor drops such keys silently), an unknown
    keyword, and an ``@id`` or ``@type`` that is not a full IRI, term or prefixed name.

    Raises:
        InputError: listing every problem found (at most :data:`MAX_REPORTED`, then a count).
    """
    return read_jsonld_text(read_text(path, IMPORT_LIMIT), display_path(path), max_depth)


def read_jsonld_text(text: str, name: str, max_depth: int = MAX_JSON_DEPTH) -> JsonLdDocument:
    """Check and read JSON-LD ``text`` as :func:`read_jsonld` does; ``name`` is shown in errors.

    Raises:
        InputError: listing every problem found.
    """
    doc = parse_json_located(text, name, max_depth)
    checker = _JsonLdChecker(name)
    if isinstance(doc, LocatedDict):
        active = _Context()
        if "@context" in doc:
            active = checker.context(active, doc["@context"], doc.lines["@context"])
        if not checker.problems:
            checker.node(doc, active, doc.line)
    elif isinstance(doc, LocatedList):
        checker.node(doc, _Context(), doc.line)
    else:
        checker.add(1, "a JSON-LD document must be an object or an array")
    problems = checker.problems
    if problems:
        if len(problems) > MAX_REPORTED:
            rest = len(problems) - MAX_REPORTED
            problems = [
                *problems[:MAX_REPORTED],
                InputProblem(Location(name), f"… and {rest} more problems like these"),
            ]
        raise InputError(problems)
    graph = Graph(bind_namespaces="none")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own ConjunctiveGraph
            graph.parse(data=text, format="json-ld")
    except Exception as exc:  # rdflib's JSON-LD parser raises many kinds of errors
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError([InputProblem(Location(name), f"not valid JSON-LD: {message}")]) from exc
    return JsonLdDocument(graph, checker.subjects, name)
