"""The catalogue of named questions: one file per question and language, a ``#+`` YAML header.

A question ``NAME`` lives in ``queries/catalogue/NAME.rq`` (SPARQL) and ``NAME.cypher``. Each
file starts with header lines ``#+ key: value`` (Cypher files use ``//+``), YAML once the marker
is stripped::

    #+ name: area-members
    #+ title: {zh: 都市圈成员单位, en: Member units of an area}
    #+ description: {zh: …, en: …}
    #+ parameters:
    #+   - {name: area, label: {zh: 都市圈, en: Area}, type: string, default: 南京都市圈, …}
    #+ columns:
    #+   unit: {type: string, zh: 行政单元, en: Unit}
    #+ ordered: false

A question that returns thousands of rows at scale declares itself paged with ``#+ page: 50``
(its page size): it answers one page in a stable order plus the total count (see
``queries.paging``). Its SPARQL projects ``?total`` and holds exactly one comment line
``# PAGE`` where the page's subquery takes its ``LIMIT``/``OFFSET`` (SPARQL has no parameters
there: the runner writes the two validated integers of the page asked for, never user text; the
file as it stands, the marker a comment, answers the whole question); its Cypher returns
``total`` and slices its ordered keys with the bound parameters ``$page_offset`` and
``$page_limit`` (``null``: every row).

Everything a person reads comes in Chinese and English: the title, the description, every
column's label and every parameter's label. The loader refuses a question without one, naming
the file, the header line and the field.

Column types normalise values so both languages compare equal: ``list`` columns are sorted lists
(SPARQL returns them ``|``-joined from ``GROUP_CONCAT``), ``integer``/``float``/``boolean`` are
converted, ``string`` stays text. The loader refuses an unknown header key, a duplicate name,
a question in one language only, columns that differ between the two, and (with
``check_syntax``, as the tests do for every file) SPARQL that does not parse. Oxigraph parses each
query when it runs anyway; re-parsing all of them with rdflib on every read cost a command seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
HEADER_KEYS = frozenset(
    {
        "name",
        "title",
        "description",
        "parameters",
        "columns",
        "ordered",
        "kind",
        "display",
        "source",
        "page",
    }
)
PARAM_KEYS = frozenset({"name", "label", "type", "default", "example", "description", "choices"})
COLUMN_TYPES = ("string", "integer", "float", "boolean", "list")
PARAM_TYPES = ("string", "integer")
LIST_SEPARATOR = "|"
Language = Literal["sparql", "cypher"]
EXTENSIONS: dict[str, Language] = {".rq": "sparql", ".cypher": "cypher"}
MARKERS: dict[Language, str] = {"sparql": "#+", "cypher": "//+"}
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PAGE_MARKER = re.compile(r"^(?P<indent>[ \t]*)# PAGE\b.*$", re.MULTILINE)
"""The comment line of a paged question's SPARQL where the page's LIMIT and OFFSET go."""
PAGE_PARAMETERS = ("page_offset", "page_limit")
"""The Cypher parameters a paged question slices its ordered keys with (the runner's)."""
MAX_PAGE_SIZE = 1000
HEADER_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the pure-Python one took half a second for the
catalogue's headers, on every command."""


class CatalogueError(ValueError):
    """A catalogue file is malformed; the message names the file."""


@dataclass(frozen=True)
class Parameter:
    """A declared query parameter."""

    name: str
    type: str
    default: Any = None
    example: Any = None
    description: str = ""
    choices: str | None = None  # a catalogue question whose first column lists valid values
    label_zh: str = ""
    label_en: str = ""

    def label(self, lang: str) -> str:
        """The parameter's label in ``lang`` (``zh`` or ``en``)."""
        return (self.label_en if lang == "en" else self.label_zh) or self.name

    def convert(self, raw: Any) -> Any:
        """Convert a user-supplied value (text from the command line) to the declared type."""
        if self.type == "integer":
            try:
                return int(str(raw).strip())
            except ValueError:
                raise CatalogueError(
                    f"parameter {self.name!r} takes an integer, got {raw!r}"
                ) from None
        return str(raw)


@dataclass(frozen=True)
class Question:
    """A named question in both languages."""

    name: str
    title_zh: str
    title_en: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: dict[str, str]
    ordered: bool
    kind: str
    display: str
    source: str
    text: dict[Language, str] = field(default_factory=dict)
    files: dict[Language, Path] = field(default_factory=dict)
    description_zh: str = ""
    column_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    page_size: int | None = None
    """Rows a page (``#+ page: N``); None for a question answered whole."""

    @property
    def paged(self) -> bool:
        """Whether the question answers a page at a time (a first page and a count)."""
        return self.page_size is not None

    def column_label(self, column: str, lang: str) -> str:
        """The column's label in ``lang`` (``zh`` or ``en``), else its name."""
        return self.column_labels.get(column, {}).get(lang, column)

    def describe(self, lang: str) -> str:
        """The description in ``lang`` (the English one where no Chinese is given)."""
        return self.description_zh if lang == "zh" and self.description_zh else self.description

    def title(self, lang: str) -> str:
        """The title in ``lang`` (``zh`` or ``en``)."""
        return self.title_en if lang == "en" else self.title_zh

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Check and convert parameters, filling defaults; unknown or missing ones are errors."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(given) - set(known))
        if unknown:
            names = ", ".join(known) or "none"
            raise CatalogueError(
                f"{self.name}: unknown parameter {unknown[0]!r} (parameters: {names})"
            )
        bound: dict[str, Any] = {}
        for p in self.parameters:
            if p.name in given:
                bound[p.name] = p.convert(given[p.name])
            elif p.default is not None:
                bound[p.name] = p.convert(p.default)
            else:
                raise CatalogueError(f"{self.name}: parameter {p.name!r} is required")
        return bound

    def normalise(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows keyed by the declared columns, values converted to the declared types."""
        return [
            {c: normalise_value(row.get(c), t) for c, t in self.columns.items()} for row in rows
        ]


def normalise_value(value: Any, kind: str) -> Any:
    """Convert one result value to a column type (None stays None, '' in a list column is [])."""
    if kind == "list":
        if value is None:
            return []
        items = value if isinstance(value, list) else str(value).split(LIST_SEPARATOR)
        return sorted({str(v) for v in items if v is not None and str(v) != ""})
    if isinstance(value, list):  # a multi-valued property read as one column
        value = "; ".join(sorted(str(v) for v in value)) if value else None
    if value is None or value == "":
        return None
    if kind == "integer":
        return int(float(value)) if not isinstance(value, bool) else int(value)
    if kind == "float":
        return round(float(value), 6)
    if kind == "boolean":
        return value if isinstance(value, bool) else str(value).lower() in ("true", "1")
    return str(value)


def _line_of(path: Path, key: str, within: str | None = None) -> int:
    """The 1-based line of ``path`` where header ``key`` (optionally after ``within``) is given."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if within is not None:
        start = next((i for i, line in enumerate(lines) if _names_key(line, within)), 0)
    for i in range(start, len(lines)):
        if _names_key(lines[i], key):
            return i + 1
    return start + 1


def _names_key(line: str, key: str) -> bool:
    body = line.lstrip("#/+ ").lstrip("- {")
    return body.startswith(f"{key}:") or f"{{name: {key}," in line or f"{{name: {key}}}" in line


def _where(path: Path, key: str, within: str | None = None) -> str:
    """``file:line`` of a header key, for error messages."""
    return f"{path.name}:{_line_of(path, key, within)}"


def _both_languages(path: Path, raw: Any, what: str, key: str, within: str | None = None) -> None:
    """Refuse ``raw`` unless it is ``{zh: …, en: …}`` with both texts non-empty."""
    if not isinstance(raw, dict) or any(not str(raw.get(k) or "").strip() for k in ("zh", "en")):
        raise CatalogueError(f"{_where(path, key, within)}: {what} needs zh and en")


def read_header(path: Path, language: Language) -> tuple[dict[str, Any], str]:
    """Split a catalogue file into its header (parsed) and the query text."""
    marker = MARKERS[language]
    header_lines: list[str] = []
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith(marker):
            header_lines.append(line[len(marker) :].removeprefix(" "))
        elif line.strip() == "" and not header_lines:
            continue
        else:
            break
    if not header_lines:
        raise CatalogueError(f"{path.name}: no '{marker}' header")
    try:
        header = yaml.load("\n".join(header_lines), Loader=HEADER_LOADER)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name}: header is not valid YAML: {exc}") from exc
    if not isinstance(header, dict):
        raise CatalogueError(f"{path.name}: header must be a mapping")
    unknown = sorted(set(header) - HEADER_KEYS)
    if unknown:
        raise CatalogueError(f"{path.name}: unknown header key {unknown[0]!r}")
    return header, text


def _parameters(path: Path, raw: Any) -> tuple[Parameter, ...]:
    params = []
    for item in raw or []:
        if not isinstance(item, dict) or "name" not in item or "type" not in item:
            raise CatalogueError(f"{path.name}: each parameter needs a name and a type")
        unknown = sorted(set(item) - PARAM_KEYS)
        if unknown:
            raise CatalogueError(f"{path.name}: unknown parameter key {unknown[0]!r}")
        if item["name"] in PAGE_PARAMETERS:
            raise CatalogueError(f"{path.name}: parameter name {item['name']!r} is the runner's")
        if item["type"] not in PARAM_TYPES:
            raise CatalogueError(f"{path.name}: parameter type must be one of {PARAM_TYPES}")
        label: dict[str, Any] = item.get("label") or {}
        _both_languages(
            path, label, f"parameter {item['name']!r}: label", str(item["name"]), "parameters"
        )
        params.append(
            Parameter(
                name=str(item["name"]),
                type=str(item["type"]),
                default=item.get("default"),
                example=item.get("example"),
                description=str(item.get("description", "")),
                choices=item.get("choices"),
                label_zh=str(label["zh"]),
                label_en=str(label["en"]),
            )
        )
    return tuple(params)


def _columns(path: Path, raw: Any) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Column types and labels, each ``name: {type: …, zh: …, en: …}``."""
    if not isinstance(raw, dict) or not raw:
        raise CatalogueError(f"{path.name}: columns must be a mapping of name to type")
    types: dict[str, str] = {}
    labels: dict[str, dict[str, str]] = {}
    for name, spec in raw.items():
        kind = spec.get("type") if isinstance(spec, dict) else spec
        if kind not in COLUMN_TYPES:
            raise CatalogueError(f"{path.name}: column {name!r} has unknown type {kind!r}")
        types[str(name)] = str(kind)
        _both_languages(path, spec, f"column {name!r}: label", str(name), "columns")
        unknown = sorted(set(spec) - {"type", "zh", "en"})
        if unknown:
            raise CatalogueError(f"{path.name}: column {name!r}: unknown key {unknown[0]!r}")
        labels[str(name)] = {k: str(spec[k]) for k in ("zh", "en")}
    return types, labels


def _description(path: Path, raw: Any) -> tuple[str, str]:
    """(en, zh) of a description given as ``{zh: …, en: …}``."""
    _both_languages(path, raw, "description", "description")
    return str(raw["en"]).strip(), str(raw["zh"]).strip()


def _question(path: Path, header: dict[str, Any], language: Language, text: str) -> Question:
    for key in ("name", "title", "description", "columns"):
        if key not in header:
            raise CatalogueError(f"{path.name}: header lacks {key!r}")
    name = str(header["name"])
    if name != path.stem or not NAME_RE.match(name):
        raise CatalogueError(f"{path.name}: name {name!r} must be the file name without extension")
    title = header["title"]
    _both_languages(path, title, "title", "title")
    kind = str(header.get("kind", "violation" if name.endswith("-violation") else "question"))
    columns, column_labels = _columns(path, header["columns"])
    description, description_zh = _description(path, header["description"])
    page_size = _page_size(path, header.get("page"), language, text)
    return Question(
        name=name,
        title_zh=str(title["zh"]),
        title_en=str(title["en"]),
        description=description,
        description_zh=description_zh,
        column_labels=column_labels,
        parameters=_parameters(path, header.get("parameters")),
        columns=columns,
        ordered=bool(header.get("ordered", False)),
        kind=kind,
        display=str(header.get("display", "table")),
        source=str(header.get("source", "")),
        text={language: text},
        files={language: path},
        page_size=page_size,
    )


def _page_size(path: Path, raw: Any, language: Language, text: str) -> int | None:
    """The declared page size, checked with what paging needs of the query text."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw <= MAX_PAGE_SIZE:
        raise CatalogueError(
            f"{_where(path, 'page')}: page must be a whole number of rows from 1 to "
            f"{MAX_PAGE_SIZE}, got {raw!r}"
        )
    if language == "sparql":
        markers = len(PAGE_MARKER.findall(text))
        if markers != 1:
            raise CatalogueError(
                f"{_where(path, 'page')}: a paged question's SPARQL needs exactly one '# PAGE' "
                f"line where the page's LIMIT and OFFSET go (found {markers})"
            )
        if not re.search(r"\?total\b", text):
            raise CatalogueError(f"{_where(path, 'page')}: a paged question projects ?total")
    else:
        missing = [p for p in PAGE_PARAMETERS if f"${p}" not in text]
        if missing or not re.search(r"\bAS total\b", text):
            raise CatalogueError(
                f"{_where(path, 'page')}: a paged question's Cypher slices its keys with "
                "$page_offset and $page_limit and returns total"
            )
    return raw


def check_sparql_syntax(path: Path, text: str) -> None:
    """Parse SPARQL without running it (rdflib's parser; nothing is fetched)."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(text)
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CatalogueError(f"{path.name}: SPARQL does not parse: {first}") from exc


def load_catalogue(
    directory: Path = CATALOGUE_DIR, *, check_syntax: bool = False
) -> dict[str, Question]:
    """Read and cross-check every question of ``directory``; with ``check_syntax`` also parse
    every SPARQL file with rdflib's parser (slow: the tests do it, not every command)."""
    halves: dict[str, dict[Language, Question]] = {}
    for path in sorted(directory.iterdir()):
        language = EXTENSIONS.get(path.suffix)
        if language is None:
            continue
        header, text = read_header(path, language)
        question = _question(path, header, language, text)
        if check_syntax and language == "sparql":
            check_sparql_syntax(path, text)
        if language in halves.setdefault(question.name, {}):
            raise CatalogueError(f"{path.name}: duplicate question name {question.name!r}")
        halves[question.name][language] = question
    catalogue: dict[str, Question] = {}
    for name, by_lang in sorted(halves.items()):
        if set(by_lang) != {"sparql", "cypher"}:
            have = next(iter(by_lang))
            raise CatalogueError(f"question {name!r} exists in {have} only; write both languages")
        sparql, cypher = by_lang["sparql"], by_lang["cypher"]
        if sparql.columns != cypher.columns or sparql.column_labels != cypher.column_labels:
            raise CatalogueError(f"question {name!r}: columns differ between SPARQL and Cypher")
        if [p.name for p in sparql.parameters] != [p.name for p in cypher.parameters]:
            raise CatalogueError(f"question {name!r}: parameters differ between SPARQL and Cypher")
        if sparql.page_size != cypher.page_size:
            raise CatalogueError(f"question {name!r}: page sizes differ between SPARQL and Cypher")
        catalogue[name] = Question(
            **{
                **sparql.__dict__,
                "text": {"sparql": sparql.text["sparql"], "cypher": cypher.text["cypher"]},
                "files": {"sparql": sparql.files["sparql"], "cypher": cypher.files["cypher"]},
            }
        )
    return catalogue
