"""The ``metrokg`` command line.

Exit codes: 0 ok; 1 validation failures (the data does not conform); 2 usage or input error
(unreadable input, unknown name, refused query, missing store); 3 a load or import refused
because it would remove most of the graph (``--replace-all`` goes ahead). Every input error
names the file, the record or line, and the field.
"""

from __future__ import annotations

import contextlib
import math
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from app.output import OutputFormat, print_rows, terminal_safe
from loaders.errors import InputError, InputProblem
from loaders.paths import DEFAULT_SEED, default_data_dir
from loaders.store_paths import StoreError

# Heavy modules (rdflib, pyoxigraph, pyshacl, redis, the pydantic models, yaml, rich's tables)
# are imported inside the commands that use them: `metrokg --help` and `metrokg query` start in
# a fraction of a second (tests/app/test_cli_imports.py checks what `--help` imports). Help is
# click's plain help (rich_markup_mode=None): typer's rich help imports markdown-it, pygments and
# rich's traceback machinery, more than the rest of `--help` together.

if TYPE_CHECKING:
    from rdflib import Graph

    from loaders.generations import WouldRemoveMost
    from loaders.graph.clients import GraphStore
    from queries.catalogue import Question
    from queries.paging import PagedAnswer
    from queries.runner import Answer

app = typer.Typer(
    name="metrokg",
    help="metrokg — a knowledge graph of China's metropolitan areas (都市圈).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

EXIT_OK, EXIT_INVALID, EXIT_INPUT, EXIT_WOULD_REMOVE = 0, 1, 2, 3

SeedOption = Annotated[
    Path, typer.Option("--seed", help="Seed directory to read.", file_okay=False)
]
DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Data directory of the stores (default: $METROKG_DATA_DIR or ~/.local/share/metrokg).",
        file_okay=False,
    ),
]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="Output format: table, json or csv.")
]
RdfOnlyOption = Annotated[
    bool,
    typer.Option("--rdf-only", help="Only the embedded RDF store, not the property graph."),
]
ReplaceAllOption = Annotated[
    bool,
    typer.Option(
        "--replace-all",
        help="Go ahead even when this would remove most of the current graph.",
    ),
]


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    """Print a one-line error (or several) and exit with ``code``."""
    err.print(Text(terminal_safe(f"error: {message}")), style="red")
    raise typer.Exit(code)


def report_problems(problems: list[InputProblem], code: int) -> NoReturn:
    """Print located problems, one a line, then exit."""
    for problem in problems:
        err.print(Text(terminal_safe(str(problem))), style="red")
    err.print(
        Text(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}; nothing was loaded")
    )
    raise typer.Exit(code)


def refuse_removal(exc: WouldRemoveMost, source: Path) -> NoReturn:
    """Say what a load or import of ``source`` would remove, and exit without changing anything."""
    first, *rest = exc.message().splitlines()
    err.print(Text(terminal_safe(f"error: {source}: {first}")), style="red")
    for line in rest:
        err.print(Text(line))
    raise typer.Exit(EXIT_WOULD_REMOVE)


def data_dir_of(option: Path | None) -> Path:
    """The data directory from ``--data-dir`` or the environment."""
    return option if option is not None else default_data_dir()


def _graph_unless(rdf_only: bool, data_dir: Path) -> GraphStore | None:
    """The configured property graph (its server started if needed), or None with --rdf-only."""
    from loaders.stores import Settings, open_graph

    return None if rdf_only else open_graph(Settings.from_env(data_dir))


def _graph_in_background(rdf_only: bool, data_dir: Path) -> Callable[[], GraphStore | None]:
    """Start :func:`_graph_unless` in a thread (importing the client, starting the server take
    a second or more); the function returned waits for it and returns the graph or raises
    its error. A daemon thread: a command that stops early does not wait for the server."""
    import threading

    outcome: dict[str, Any] = {}

    def open_graph() -> None:
        try:
            outcome["graph"] = _graph_unless(rdf_only, data_dir)
        except BaseException as exc:  # re-raised by the caller
            outcome["error"] = exc

    opener = threading.Thread(target=open_graph, name="metrokg-graph-open", daemon=True)
    opener.start()

    def opened() -> GraphStore | None:
        opener.join()
        if "error" in outcome:
            raise outcome["error"]
        graph: GraphStore | None = outcome["graph"]
        return graph

    return opened


#: The consoles' time limit: more than zero, at most ten minutes.
MAX_TIMEOUT_S = 600.0


def checked_timeout(value: float) -> float:
    """Check ``--timeout`` (seconds): a finite number in (0, :data:`MAX_TIMEOUT_S`]."""
    if not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT_S:
        fail(
            f"--timeout 须为 0 到 {MAX_TIMEOUT_S:g} 秒之间的数 / --timeout must be a number of "
            f"seconds above 0 and at most {MAX_TIMEOUT_S:g}, not {value!r}"
        )
    return value


def checked_limit(value: int) -> int:
    """Check ``--limit`` (rows): 1 to 1,000,000."""
    if not 1 <= value <= 1_000_000:
        fail(f"--limit 须为 1 到 1000000 / --limit must be 1 to 1,000,000 rows, not {value}")
    return value


def output_format(value: str) -> OutputFormat:
    """Check ``--format``."""
    if value not in ("table", "json", "csv"):
        fail(f"unknown --format {value!r}; choose table, json or csv")
    return value  # type: ignore[return-value]


def _progress(message: str) -> None:
    err.print(Text(f"… {message}"), style="dim")


@app.command("validate")
def validate_cmd(seed: SeedOption = DEFAULT_SEED) -> None:
    """Check the seed files: records, references, units and SHACL shapes. Writes nothing."""
    from loaders.pipeline import ValidationFailed, check_seed

    try:
        _, built = check_seed(seed, _progress)
    except InputError as exc:
        report_problems(exc.problems, EXIT_INPUT)
    except ValidationFailed as exc:
        report_problems(exc.problems, EXIT_INVALID)
    out.print(f"{seed}: valid ({len(built)} triples conform to the shapes)")


@app.command("load")
def load_cmd(
    seed: SeedOption = DEFAULT_SEED,
    data_dir: DataDirOption = None,
    rdf_only: RdfOnlyOption = False,
    replace_all: ReplaceAllOption = False,
) -> None:
    """Validate the seed, then replace the graph in the embedded store and the property graph.

    Each store is replaced atomically: after a failure it holds exactly what it held before.
    A load that would remove most of the current graph stops and says what it would remove
    (exit 3) unless --replace-all; `metrokg rollback` undoes a load.
    The property graph is FalkorDB (started on 127.0.0.1 when not running) unless
    METROKG_GRAPH_URI names a Bolt server.
    """
    from loaders.generations import WouldRemoveMost
    from loaders.graph.clients import GraphError
    from loaders.pipeline import ValidationFailed, check_seed, load_checked

    target = data_dir_of(data_dir)
    opened = _graph_in_background(rdf_only, target)  # while the seed is read and checked
    try:
        checked_seed, built = check_seed(seed, _progress)
    except (InputError, ValidationFailed) as exc:
        # the server start under way ends before the command does (as it did when the server
        # was started first): no server is left starting after `metrokg load` has returned
        with contextlib.suppress(Exception):
            opened()
        code = EXIT_INPUT if isinstance(exc, InputError) else EXIT_INVALID
        report_problems(exc.problems, code)
    try:
        graph = opened()
    except (GraphError, RuntimeError, ValueError, OSError) as exc:
        fail(f"cannot reach the property graph ({exc}); nothing was loaded")
    try:
        result = load_checked(seed, checked_seed, built, target, _progress, graph, replace_all)
    except WouldRemoveMost as exc:
        refuse_removal(exc, seed)
    except StoreError as exc:
        fail(str(exc))
    except GraphError as exc:
        fail(f"the property graph refused the load ({exc}); neither store has changed")
    out.print(f"loaded {result.triples} triples into {result.store_path}")
    if result.graph_nodes is not None:
        out.print(f"property graph: {result.graph_nodes} nodes, {result.graph_edges} relationships")


@app.command("import")
def import_cmd(
    file: Annotated[
        Path, typer.Argument(help="A JSON-LD file (as `metrokg export --format jsonld` writes).")
    ],
    data_dir: DataDirOption = None,
    rdf_only: RdfOnlyOption = False,
    replace_all: ReplaceAllOption = False,
) -> None:
    """Import a JSON-LD document: check it, validate it, then replace both stores with it.

    An import that would remove most of the current graph (an empty document, a fragment)
    stops and says what it would remove, class by class (exit 3), unless --replace-all;
    `metrokg rollback` undoes an import.

    Read strictly, nothing else opened: a key the document's context does not define, a
    context given by reference (URL or file), nesting deeper than 64, a duplicate key or a
    relative IRI is refused with its file and line. The ontology is added (a change to it in
    the document is refused), the result checked against the SHACL shapes, then written as a
    load writes (one writer at a time; each store replaced atomically).
    """
    from loaders.graph.clients import GraphError
    from loaders.pipeline import ValidationFailed

    try:
        graph_data, store_data = _jsonld_to_graphs(file)
    except InputError as exc:
        report_problems(exc.problems, EXIT_INPUT)
    except ValidationFailed as exc:
        report_problems(exc.problems, EXIT_INVALID)
    target = data_dir_of(data_dir)
    try:
        graph = _graph_unless(rdf_only, target)
    except (GraphError, RuntimeError, ValueError, OSError) as exc:
        fail(f"cannot reach the property graph ({exc}); nothing was imported")
    from loaders.generations import WouldRemoveMost, check_removal
    from loaders.graph.load import load_graph
    from loaders.rdfstore import load_lock, quads_of, replace_graph

    try:
        with load_lock(target):
            check_removal(target, store_data, replace_all)
            counts = None
            if graph is not None:
                _progress("projecting into the property graph")
                counts = load_graph(graph, graph_data)
            _progress(f"writing {len(store_data)} triples to the embedded store")
            path = replace_graph(target, quads_of(store_data), len(store_data), f"import {file}")
    except WouldRemoveMost as exc:
        refuse_removal(exc, file)
    except StoreError as exc:
        fail(str(exc))
    except GraphError as exc:
        fail(f"the property graph refused the import ({exc}); neither store has changed")
    except (ValueError, KeyError) as exc:
        fail(f"{file}: cannot be projected into the property graph ({exc}); nothing changed")
    out.print(f"imported {len(store_data)} triples into {path}")
    if counts is not None:
        out.print(f"property graph: {counts.nodes} nodes, {counts.edges} relationships")


def _jsonld_to_graphs(file: Path) -> tuple[Graph, Graph]:
    """Read ``file`` (JSON-LD) and return (property-graph data, RDF store graph), validated.

    Raises:
        InputError: unreadable or refused input, or a change to the ontology (located).
        ValidationFailed: the graph does not conform to the SHACL shapes (located).
    """
    from rdflib import URIRef

    from loaders.closed_import import closed_problems
    from loaders.errors import Location
    from loaders.export import unstamp_generation
    from loaders.pipeline import ValidationFailed
    from loaders.rdf.build import BuiltGraph, new_graph, ontology_graph, shacl_problems
    from loaders.readers import read_jsonld
    from ontology.namespaces import BASE_DEF, VOC_BASE

    _progress(f"reading {file}")
    doc = read_jsonld(file)
    ontology = ontology_graph()
    vocabularies = ontology_graph(("vocabularies.ttl",))
    definitions = (BASE_DEF, VOC_BASE)
    problems: list[InputProblem] = []
    store = new_graph()
    store += ontology
    data = new_graph()
    data += vocabularies
    imported = new_graph()
    for s, p, o in doc.graph:
        if (s, p, o) in ontology:
            continue
        if not isinstance(s, URIRef):
            problems.append(
                InputProblem(
                    Location(doc.file),
                    "blank nodes are not accepted: every node needs an IRI",
                    str(s),
                )
            )
            break
        if str(s).startswith(definitions):
            line = doc.subject_lines.get(str(s))
            problems.append(
                InputProblem(
                    Location(doc.file, line, str(s)),
                    "the import may not change the ontology or its vocabularies",
                    f"{p} {o}",
                    "remove this statement (the ontology comes from metrokg itself)",
                )
            )
            continue
        store.add((s, p, o))
        data.add((s, p, o))
        imported.add((s, p, o))
    if not problems:
        problems = closed_problems(imported, doc.file, doc.subject_lines)
    if problems:
        raise InputError(problems[:200])
    unstamp_generation(store)
    unstamp_generation(data)
    _progress(f"checking {len(store)} triples against the SHACL shapes")
    origin = {URIRef(iri): Location(doc.file, line) for iri, line in doc.subject_lines.items()}
    violations = shacl_problems(BuiltGraph(store, origin))
    if violations:
        raise ValidationFailed(violations)
    return data, store


def _read_query(query: str | None, file: Path | None) -> str:
    if (query is None) == (file is None):
        fail("give a query, or --file F, but not both")
    if file is not None:
        from loaders.readers import QUERY_FILE_LIMIT, read_bounded

        try:
            return read_bounded(file, QUERY_FILE_LIMIT).decode("utf-8")
        except InputError as exc:
            fail("; ".join(str(problem) for problem in exc.problems))
        except UnicodeDecodeError as exc:
            fail(f"{file}: cannot read the query ({exc})")
    assert query is not None
    return query


@app.command("sparql")
def sparql_cmd(
    query: Annotated[
        str | None, typer.Argument(help="A SPARQL SELECT/ASK/CONSTRUCT query.")
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the query from a file.")] = None,
    fmt: FormatOption = "table",
    data_dir: DataDirOption = None,
    timeout: Annotated[float, typer.Option(help="Time limit in seconds.")] = 10.0,
    limit: Annotated[int, typer.Option(help="Row cap.")] = 10_000,
) -> None:
    """Run a read-only SPARQL query on the embedded store (refuses updates, SERVICE, FROM)."""
    from loaders.store_paths import current_store_path
    from queries.console import QueryFailed, QueryRefused, run_sparql_console

    fmt_checked = output_format(fmt)
    timeout, limit = checked_timeout(timeout), checked_limit(limit)
    text = _read_query(query, file)
    try:
        path = current_store_path(data_dir_of(data_dir))
        result = run_sparql_console(path, text, timeout_s=timeout, row_cap=limit)
    except QueryRefused as exc:
        fail(f"query refused: {exc.reason}")
    except QueryFailed as exc:
        fail(f"query failed: {exc}")
    except StoreError as exc:
        fail(str(exc))
    print_rows(result.columns, result.rows, fmt_checked, out, truncated=result.truncated)


@app.command("cypher")
def cypher_cmd(
    query: Annotated[str | None, typer.Argument(help="A read-only Cypher query.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the query from a file.")] = None,
    fmt: FormatOption = "table",
    data_dir: DataDirOption = None,
    timeout: Annotated[float, typer.Option(help="Time limit in seconds.")] = 10.0,
    limit: Annotated[int, typer.Option(help="Row cap.")] = 10_000,
) -> None:
    """Run a read-only Cypher query on the property graph (refuses writes, DDL, LOAD CSV)."""
    from loaders.graph.clients import GraphError
    from loaders.stores import Settings, open_console_graph
    from queries.console import run_cypher_console
    from queries.guard import QueryRefused
    from queries.sandbox import QueryFailed

    fmt_checked = output_format(fmt)
    timeout, limit = checked_timeout(timeout), checked_limit(limit)
    text = _read_query(query, file)
    started = time.monotonic()
    try:
        graph = open_console_graph(Settings.from_env(data_dir_of(data_dir)))
        started = time.monotonic()
        result = run_cypher_console(graph, text, timeout_ms=int(timeout * 1000), row_cap=limit)
    except QueryRefused as exc:
        fail(f"query refused: {exc.reason}")
    except (QueryFailed, GraphError) as exc:
        elapsed = time.monotonic() - started
        if str(exc).startswith("time limit") and elapsed < 0.9 * timeout:
            fail(
                f"query failed: the graph server stopped it after {elapsed:.1f} s, before the "
                f"--timeout of {timeout:g} s (a limit of the server itself)"
            )
        fail(f"query failed: {exc}")
    except (RuntimeError, ValueError, OSError) as exc:
        fail(str(exc))
    print_rows(result.columns, result.rows, fmt_checked, out, truncated=result.truncated)


@app.command("query")
def query_cmd(
    name: Annotated[str | None, typer.Argument(help="The question's name (see --list).")] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A parameter as key=value (repeatable)."),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="sparql (embedded store) or cypher (property graph).")
    ] = "sparql",
    fmt: FormatOption = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the questions.")] = False,
    data_dir: DataDirOption = None,
    page: Annotated[
        str | None,
        typer.Option(
            "--page",
            help="Page N of a paged question (a table shows page 1 unless asked; json and csv"
            " give every row unless a page is asked for).",
        ),
    ] = None,
    all_rows: Annotated[
        bool, typer.Option("--all", help="Every row of a paged question, in one answer.")
    ] = False,
    ui_lang: Annotated[
        str,
        typer.Option(
            "--ui-lang",
            envvar="METROKG_UI_LANG",
            help="Language of the count line: zh or en.",
        ),
    ] = "zh",
) -> None:
    """Answer a named question from the catalogue.

    Parameters take full official names (area=南京都市圈, not 南京).

    A value that names nothing is refused with the closest names (exit 2). A question that
    returns thousands of rows at scale is paged: a table shows its first page and the count
    ("共 N 行，显示第 1–50 行"); --page N shows another page, --all every row.
    """
    from queries.catalogue import CatalogueError, load_catalogue

    try:
        catalogue = load_catalogue()
    except CatalogueError as exc:
        fail(str(exc))
    if list_ or name is None:
        _print_catalogue(catalogue)
        return
    if name not in catalogue:
        fail(f"no question named {name!r}; `metrokg query --list` lists them")
    if lang not in ("sparql", "cypher"):
        fail(f"unknown --lang {lang!r}; choose sparql or cypher")
    fmt_checked = output_format(fmt)
    if ui_lang not in ("zh", "en"):
        fail(f"unknown --ui-lang {ui_lang!r}; choose zh or en")
    given: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            fail(f"--param takes key=value, got {item!r}")
        given[key.strip()] = value
    question = catalogue[name]
    if page is not None and all_rows:
        fail("--page and --all exclude each other: ask for one page or for every row")
    # a table shows a paged question a page at a time; json and csv give the whole answer
    # unless a page is asked for
    wanted = page if page is not None else ("1" if fmt_checked == "table" else None)
    if not question.paged and page is not None:
        fail(f"--page: {question.name} is answered whole, not in pages (no --page needed)")
    if all_rows or not question.paged:
        wanted = None
    try:
        answer = _answer(question, given, catalogue, lang, data_dir_of(data_dir), wanted)
    except CatalogueError as exc:
        fail(f"--page: {exc}" if type(exc).__name__ == "PageError" else str(exc))
    except (StoreError, RuntimeError, OSError) as exc:
        fail(str(exc))
    from queries.paging import PagedAnswer

    if not isinstance(answer, PagedAnswer):
        print_rows(list(question.columns), answer.rows, fmt_checked, out)
        return
    from app.explorer.i18n import Lang, tr

    ui: Lang = "en" if ui_lang == "en" else "zh"
    line = (
        tr(
            "page_count",
            ui,
            total=answer.total,
            first=answer.first_row,
            last=answer.last_row,
            page=answer.page.number,
            pages=answer.pages,
        )
        if answer.total
        else tr("page_empty", ui)
    )
    if answer.has_more:
        line += "  " + tr("page_more_hint", ui, next=answer.page.number + 1)
    if fmt_checked == "table":
        print_rows(list(question.columns), answer.rows, fmt_checked, out, count_line=line)
    else:  # the data on stdout stays machine-readable; the count goes to stderr
        print_rows(list(question.columns), answer.rows, fmt_checked, out)
        err.print(line, style="dim")


def _print_catalogue(catalogue: dict[str, Question]) -> None:
    """The questions as a table whose names are never cut (piped or at 80 columns)."""
    from rich.table import Table

    widest = max((len(q.name) for q in catalogue.values()), default=4)
    table = Table(header_style="bold")
    table.add_column("name", no_wrap=True, min_width=widest)
    for header in ("标题", "title", "parameters"):
        table.add_column(header, overflow="fold")
    for q in catalogue.values():
        params = ", ".join(f"{p.name} ({p.type}, default {p.default!r})" for p in q.parameters)
        table.add_row(Text(q.name), Text(q.title_zh), Text(q.title_en), Text(params))
    out.print(table)


def _answer(
    question: Question,
    given: dict[str, str],
    catalogue: dict[str, Question],
    lang: str,
    data: Path,
    page: str | None = None,
) -> Answer | PagedAnswer:
    """Run ``question`` in ``lang`` after checking parameters that name things (``choices``):
    the whole answer, or page ``page`` of a paged question with the total count.

    Raises:
        CatalogueError: a parameter is unknown, missing, mistyped or names nothing; PageError
            (one) for a page that is not a page of the answer.
        StoreError, RuntimeError, OSError: a store cannot be opened or refused the query.
    """
    from queries.choices import check_choices
    from queries.paging import page_of, run_cypher_page, run_sparql_page
    from queries.runner import run_cypher, run_sparql

    if page is not None:
        page_of(question, page)  # a bad page number is refused before any store is opened
    params = question.bind(given)
    named = {key: params[key] for key in given}  # defaults are valid by construction
    if lang == "sparql":
        from loaders.store_paths import open_read_only

        store = open_read_only(data)
        check_choices(question, named, catalogue, lambda q: run_sparql(store, q).rows)
        if page is not None:
            return run_sparql_page(store, question, given, page)
        return run_sparql(store, question, given)
    from loaders.graph.clients import GraphError
    from loaders.stores import Settings, open_graph

    try:
        graph = open_graph(Settings.from_env(data))
        check_choices(question, named, catalogue, lambda q: run_cypher(graph, q).rows)
        if page is not None:
            return run_cypher_page(graph, question, given, page)
        return run_cypher(graph, question, given)
    except GraphError as exc:
        raise RuntimeError(str(exc)) from exc


@app.command("synth")
def synth_cmd(
    scale: Annotated[
        int, typer.Option("--scale", help="How many synthetic metropolitan areas (1–5000).")
    ],
    data_dir: Annotated[
        Path,
        typer.Option(
            "--data-dir",
            help="A data directory of its own (never the default one, never one with real data).",
            file_okay=False,
        ),
    ],
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same data).")] = (
        20240701
    ),
    rdf_only: RdfOnlyOption = False,
) -> None:
    """Generate a national-scale synthetic graph on the real gazetteer and load it (benchmarks).

    Every synthetic IRI has an id starting with synth-, every label is marked （合成） or
    Synthetic. The records are validated with the seed's models and cross-checks, a sample
    of areas against the SHACL shapes; then both stores of DATA_DIR are replaced.
    """
    from loaders.graph.clients import GraphError
    from loaders.pipeline import load_triples
    from loaders.synth import SynthTargetError, check_sample, check_target, data_triples, generate
    from loaders.synth import mark as mark_synthetic

    if not 1 <= scale <= 5000:
        fail(f"--scale must be in 1..5000, not {scale}")
    try:
        check_target(data_dir)
    except SynthTargetError as exc:
        fail(str(exc))
    _progress(f"generating {scale} synthetic areas (seed {seed})")
    try:
        data = generate(scale, seed)
    except InputError as exc:
        report_problems(exc.problems, EXIT_INVALID)
    _progress(f"{data.record_count} records; checking a sample against the SHACL shapes")
    problems = check_sample(data)
    if problems:
        report_problems(problems, EXIT_INVALID)
    try:
        graph = _graph_unless(rdf_only, data_dir)
    except (GraphError, RuntimeError, ValueError, OSError) as exc:
        fail(f"cannot reach the property graph ({exc}); nothing was loaded")
    mark_synthetic(data_dir, data)
    try:
        result = load_triples(list(data_triples(data)), data_dir, _progress, graph)
    except StoreError as exc:
        fail(str(exc))
    except GraphError as exc:
        fail(f"the property graph refused the load ({exc}); neither store has changed")
    out.print(
        f"loaded {result.triples} synthetic triples into {result.store_path}"
        f" in {result.seconds['total']:.1f} s"
    )
    if result.graph_nodes is not None:
        out.print(f"property graph: {result.graph_nodes} nodes, {result.graph_edges} relationships")


graph_app = typer.Typer(
    help="Manage the bundled FalkorDB server (127.0.0.1, password-protected).",
    rich_markup_mode=None,
)
app.add_typer(graph_app, name="graph")


@graph_app.command("start")
def graph_start(data_dir: DataDirOption = None) -> None:
    """Start the server (or find the running one)."""
    from loaders.graph import server

    try:
        info = server.start(server.ServerConfig(data_dir=data_dir_of(data_dir)))
    except (server.ServerStartError, OSError, ValueError) as exc:
        fail(str(exc))
    out.print(f"FalkorDB running on {info.host}:{info.port} (pid {info.pid})")


@graph_app.command("stop")
def graph_stop(data_dir: DataDirOption = None) -> None:
    """Stop the server (and the consoles' read-only replica)."""
    from loaders.graph import server

    stopped = server.stop(server.ServerConfig(data_dir=data_dir_of(data_dir)))
    out.print("stopped" if stopped else "not running")


@graph_app.command("status")
def graph_status(data_dir: DataDirOption = None) -> None:
    """Say whether the server runs, where, and how big the graph is."""
    from loaders.graph import server
    from loaders.graph.clients import FalkorGraph

    info = server.status(server.ServerConfig(data_dir=data_dir_of(data_dir)))
    if info is None:
        out.print("not running")
        raise typer.Exit(EXIT_OK)
    nodes, edges = FalkorGraph(server.connect(info)).counts()
    out.print(
        f"running on {info.host}:{info.port} (pid {info.pid}); {nodes} nodes, {edges} relationships"
    )
    replica = server.status(server.ServerConfig.for_console(data_dir_of(data_dir)))
    if replica is not None:
        out.print(
            f"console replica (read-only) on {replica.host}:{replica.port} (pid {replica.pid})"
        )


@app.command("export")
def export_cmd(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonld, ttl, nt, or csv (tables, with -o DIR).")
    ] = "jsonld",
    shape: Annotated[
        str,
        typer.Option(
            "--shape", help="flat (a list of nodes) or nested (one area, framed; JSON-LD)."
        ),
    ] = "flat",
    area: Annotated[
        str | None,
        typer.Option("--area", help="Only this area (Chinese or English name, or its IRI)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write to this file (for csv: this folder)."),
    ] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Export the graph with its dataset record: whole or one area, flat or nested, or tables.

    Flat JSON-LD (compact, with the context), Turtle or N-Triples; nested JSON-LD of one area
    (--shape nested --area 南京都市圈); or CSV tables with a Frictionless Data Package
    descriptor (--format csv -o DIR).
    """
    from loaders.export import FORMATS, csv_export, flat_export, nested_export, write_export
    from loaders.rdfstore import current_generation, open_read_only
    from loaders.sharing.tables import PackageError, find_area

    if fmt not in (*FORMATS, "csv"):
        fail(f"unknown --format {fmt!r}; choose one of {', '.join([*FORMATS, 'csv'])}")
    if shape not in ("flat", "nested"):
        fail(f"unknown --shape {shape!r}; choose flat or nested")
    if shape == "nested" and (fmt != "jsonld" or area is None):
        fail("--shape nested gives JSON-LD of one area: use it with --area and --format jsonld")
    if fmt == "csv" and output is None:
        fail("--format csv writes a folder of tables: give it with -o DIR")
    try:
        store = open_read_only(data_dir_of(data_dir))
    except StoreError as exc:
        fail(str(exc))
    generation = current_generation(data_dir_of(data_dir))
    area_iri = None
    if area is not None:
        area_iri = find_area(store, area)
        if area_iri is None:
            fail(f"--area {area!r}: no area has this name (see `metrokg query areas`)")
    if fmt == "csv":
        assert output is not None
        try:
            counts = csv_export(store, output, generation, area_iri)
        except (PackageError, OSError) as exc:
            fail(str(exc))
        rows = ", ".join(f"{name} {n}" for name, n in counts.items())
        err.print(Text(f"wrote {len(counts)} tables and datapackage.json to {output} ({rows})"))
        return
    if shape == "nested":
        assert area_iri is not None
        text, count = nested_export(store, area_iri, generation)
    else:
        text, count = flat_export(store, fmt, generation, area_iri)  # type: ignore[arg-type]
    write_export(text, output)
    if output is not None:
        err.print(Text(f"wrote {count} triples to {output}"))


@app.command("stats")
def stats_cmd(data_dir: DataDirOption = None) -> None:
    """Count instances per class (local classes of the ontology) and triples in all."""
    from rich.table import Table

    from loaders.checks import data_triple_count
    from loaders.rdfstore import open_read_only
    from queries.stats import class_counts

    try:
        store = open_read_only(data_dir_of(data_dir))
    except StoreError as exc:
        fail(str(exc))
    counts = class_counts(store)
    table = Table("class", "label", "instances", header_style="bold")
    for row in counts:
        table.add_row(Text(row.curie), Text(row.label), str(row.count))
    out.print(table)
    out.print(f"{data_triple_count(store)} triples", style="dim")


KIND_LABELS = {"rows": "表格行 rows", "titles": "《》标题 titles", "bodies": "机构 bodies",
               "numbers": "数字 numbers"}


@app.command("coverage")
def coverage_cmd(
    seed: SeedOption = DEFAULT_SEED,
    source: Annotated[
        Path | None, typer.Option("--source", help="The report's text (default: the shipped one).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """What the report states (rows, titles, bodies, numbers) against what the graph holds."""
    import json

    from rich.table import Table

    from loaders.coverage import coverage
    from loaders.seed import read_seed
    from loaders.source_reader import SOURCE_FILE, read_source

    if fmt not in ("table", "json"):
        fail(f"--format must be table or json, not {fmt!r}")
    path = source or SOURCE_FILE
    try:
        text = read_source(path)
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: cannot read the report ({exc}); it must be UTF-8 text")
    try:
        report = coverage(read_seed(seed), text)
    except InputError as exc:
        report_problems(exc.problems, EXIT_INPUT)
    if fmt == "json":
        sys.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("部分 part", "行 line", *KIND_LABELS.values(), header_style="bold")
    for part in report.parts:
        cells = [
            f"{part.held[k]}/{part.stated[k]}" if part.stated[k] else "" for k in KIND_LABELS
        ]
        table.add_row(Text(part.heading), str(part.first_line), *cells)
    totals = report.totals()
    table.add_row(
        Text("合计 total", style="bold"),
        "",
        *[f"{h}/{s} ({h / s:.0%})" if s else "" for h, s in totals.values()],
    )
    out.print(table)
    gaps = [(g, part.heading) for part in report.parts for g in part.gaps]
    if gaps:
        gap_table = Table(
            "行 line", "类别 kind", "未收录 not held", "部分 part", header_style="bold"
        )
        for gap, heading in sorted(gaps, key=lambda x: x[0].line):
            gap_table.add_row(str(gap.line), KIND_LABELS[gap.kind], Text(gap.text), Text(heading))
        out.print(gap_table)


@app.command("backup")
def backup_cmd(
    target: Annotated[
        Path, typer.Argument(help="A new (or empty) directory for the backup.", file_okay=False)
    ],
    data_dir: DataDirOption = None,
    rdf_only: RdfOnlyOption = False,
) -> None:
    """Back up both stores (the current RDF generation and the property graph)."""
    from loaders.backup import backup
    from loaders.graph.clients import GraphError

    source = data_dir_of(data_dir)
    try:
        graph = _graph_unless(rdf_only, source)
        manifest = backup(source, target, graph)
    except (StoreError, GraphError, RuntimeError, OSError) as exc:
        fail(str(exc))
    nodes = (
        ""
        if manifest.graph_nodes is None
        else f", {manifest.graph_nodes} nodes, {manifest.graph_edges} relationships"
    )
    out.print(f"backed up {manifest.triples} triples{nodes} to {target}")


@app.command("restore")
def restore_cmd(
    source: Annotated[
        Path, typer.Argument(help="A directory written by `metrokg backup`.", file_okay=False)
    ],
    data_dir: DataDirOption = None,
    rdf_only: RdfOnlyOption = False,
) -> None:
    """Restore both stores from a backup (each switched atomically, checked first)."""
    from loaders.backup import restore
    from loaders.graph.clients import GraphError

    target = data_dir_of(data_dir)
    try:
        graph = _graph_unless(rdf_only, target)
        manifest = restore(target, source, graph)
    except (StoreError, GraphError, RuntimeError, OSError) as exc:
        fail(str(exc))
    out.print(
        f"restored {manifest.triples} triples (generation {manifest.generation}) from {source}"
    )


@app.command("generations")
def generations_cmd(data_dir: DataDirOption = None) -> None:
    """List the kept store generations, newest first: date, what made them, counts per class.

    $METROKG_KEEP_GENERATIONS generations are kept (default 5, at least 3).
    """
    from loaders.generations import list_generations

    try:
        found = list_generations(data_dir_of(data_dir))
    except (StoreError, OSError) as exc:
        fail(str(exc))
    if not found:
        out.print(Text("尚无版本 / no generation yet; run `metrokg load` first"))
        return
    for gen in found:
        mark = "  * 当前 current" if gen.current else ""
        out.print(
            Text(f"{gen.name}  {gen.created}  {gen.origin}  {gen.triples:,} 三元组 triples{mark}")
        )
        classes = ", ".join(f"{c} {n:,}" for c, n in gen.classes)
        out.print(Text(f"    {classes or '无实例 / no instances'}"))


@app.command("rollback")
def rollback_cmd(
    generation: Annotated[
        str | None,
        typer.Argument(help="The generation to go back to (default: the one before the current)."),
    ] = None,
    data_dir: DataDirOption = None,
    rdf_only: RdfOnlyOption = False,
) -> None:
    """Make an earlier generation current again in both stores (the same atomic switch as a
    load); `metrokg generations` lists them."""
    from loaders.generations import rollback
    from loaders.graph.clients import GraphError

    target = data_dir_of(data_dir)
    try:
        graph = _graph_unless(rdf_only, target)
    except (GraphError, RuntimeError, ValueError, OSError) as exc:
        fail(f"cannot reach the property graph ({exc}); nothing was changed")
    try:
        name = rollback(target, generation, graph)
    except StoreError as exc:
        fail(str(exc))
    except GraphError as exc:
        fail(f"the property graph refused the rollback ({exc}); neither store has changed")
    out.print(Text(f"已回退到版本 {name} / rolled back to generation {name}"))


@app.command("explore")
def explore_cmd(
    data_dir: DataDirOption = None,
    port: Annotated[int, typer.Option("--port", help="TCP port of the explorer.")] = 8501,
    address: Annotated[
        str, typer.Option("--address", help="Address to listen on (default: loopback only).")
    ] = "127.0.0.1",
) -> None:
    """Open the explorer (Streamlit) on http://ADDRESS:PORT; it reads the store read-only.

    The app notices a later `metrokg load` and shows the new data without a restart.
    """
    import os

    if not 1 <= port <= 65535:
        fail(f"--port must be in 1..65535, not {port}")
    target = data_dir_of(data_dir)
    script = Path(__file__).resolve().parent / "explorer" / "app.py"
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.address", address,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
        # No source watching: every browser session would walk all imported modules after
        # each run to watch their files (half the server's time of a warm page visit).
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    env = {**os.environ, "METROKG_DATA_DIR": str(target)}
    err.print(Text(f"metrokg explorer on http://{address}:{port} (data: {target}); Ctrl-C stops"))
    raise typer.Exit(run_child_until_signalled(command, env))


STOP_GRACE_SECONDS = 4.0


def run_child_until_signalled(command: list[str], env: dict[str, str]) -> int:
    """Run ``command`` as a child; SIGTERM or SIGINT to this process stops the child too.

    The child (Streamlit) gets the same signal, then ``STOP_GRACE_SECONDS`` to exit before it
    is killed, so the port is closed within 5 s whichever way ``metrokg explore`` is stopped
    (a terminal's Ctrl-C signals the whole group; ``kill PID`` only this process).
    """
    import signal
    import subprocess

    child = subprocess.Popen(command, env=env)
    stopping: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        stopping.append(signum)
        if child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            try:
                code = child.wait(timeout=0.2 if not stopping else STOP_GRACE_SECONDS)
                break
            except subprocess.TimeoutExpired:
                if stopping:
                    child.kill()
                    code = child.wait()
                    break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if stopping else code


def _register_ingest() -> None:
    """``metrokg ingest`` and ``metrokg review`` (issue 12) live in app/ingest_cli.py."""
    from app.ingest_cli import ingest_cmd, review_app

    app.command("ingest")(ingest_cmd)
    app.add_typer(review_app, name="review")


if __name__ != "__main__":  # `python -m app.cli` runs the module below as app.cli instead
    _register_ingest()


_signals_received: list[int] = []


def _stop(signum: int, _frame: object) -> None:
    """SIGTERM or SIGHUP: raised like Ctrl-C so that every child is stopped on the way out."""
    _signals_received.append(signum)
    raise KeyboardInterrupt(signum)


#: Commands whose work builds about a million Python objects (a checked seed) and whose process
#: ends with them: :func:`main` runs them with the cyclic garbage collector off and ends the
#: process without the interpreter's teardown (stdout and stderr flushed first). Measured on
#: `metrokg validate`: a quarter to a third of its CPU time was the collector walking those
#: objects again and the teardown freeing them one by one. Reference counting frees memory as
#: usual; the commands' own ``finally`` blocks and lock releases run before :func:`main` ends.
SHORT_LIVED = frozenset({"validate", "load"})


def main() -> None:
    """Entry point of the ``metrokg`` command.

    SIGTERM and SIGHUP end it as Ctrl-C does: the ``finally`` blocks that stop its children
    (the SPARQL sandbox worker, the explorer) run, then it exits 128 + the signal number.
    """
    import gc

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    short_lived = sys.argv[1:2] and sys.argv[1] in SHORT_LIVED
    if short_lived:
        gc.disable()
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except SystemExit as done:
        if _signals_received:
            sys.exit(128 + _signals_received[0])
        if short_lived and isinstance(done.code, int | None):
            _end_now(done.code or 0)
        raise


def _end_now(code: int) -> NoReturn:
    """Flush what was printed and end the process at once (no teardown; see SHORT_LIVED)."""
    import os

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to show
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    # app.ingest_cli imports app.cli: run that one module, not this __main__ copy of it
    from app.cli import main as _main

    _main()
