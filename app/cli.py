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
    help="metrokg 都市圈知识图谱 / a knowledge graph of China's metropolitan areas.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

EXIT_OK, EXIT_INVALID, EXIT_INPUT, EXIT_WOULD_REMOVE = 0, 1, 2, 3

SeedOption = Annotated[
    Path, typer.Option("--seed", help="种子数据目录 / Seed directory to read.", file_okay=False)
]
DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help=(
            "存储所在的数据目录（默认 $METROKG_DATA_DIR 或 ~/.local/share/metrokg） / "
            "Data directory of the stores."
        ),
        file_okay=False,
    ),
]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="输出格式 / Output format: table, json, csv.")
]
RdfOnlyOption = Annotated[
    bool,
    typer.Option(
        "--rdf-only",
        help=(
            "只写内嵌 RDF 存储，不写属性图 / Only the embedded RDF store, not the property graph."
        ),
    ),
]
ReplaceAllOption = Annotated[
    bool,
    typer.Option(
        "--replace-all",
        help=(
            "即使会删除当前图的大部分也继续 / "
            "Go ahead even when this would remove most of the current graph."
        ),
    ),
]


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    """Print a one-line error (or several) and exit with ``code``."""
    err.print(Text(terminal_safe(f"错误 error: {message}")), style="red")
    raise typer.Exit(code)


def report_problems(problems: list[InputProblem], code: int) -> NoReturn:
    """Print located problems, one a line, then exit."""
    for problem in problems:
        err.print(Text(terminal_safe(str(problem))), style="red")
    n = len(problems)
    err.print(
        Text(f"{n} 个问题，未写入任何数据 / {n} problem{'s' if n != 1 else ''}; nothing was loaded")
    )
    raise typer.Exit(code)


def refuse_removal(exc: WouldRemoveMost, source: Path) -> NoReturn:
    """Say what a load or import of ``source`` would remove, and exit without changing anything."""
    first, *rest = exc.message().splitlines()
    err.print(Text(terminal_safe(f"错误 error: {source}: {first}")), style="red")
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
        fail(
            f"未知的 --format {value!r}，可选 table、json 或 csv / unknown --format {value!r}; "
            "choose table, json or csv"
        )
    return value  # type: ignore[return-value]


def _progress(message: str) -> None:
    err.print(Text(f"… {message}"), style="dim")


@app.command("validate")
def validate_cmd(seed: SeedOption = DEFAULT_SEED) -> None:
    """校验种子数据：记录、引用、单位与 SHACL 形状，不写入任何内容。

    Check the seed files: records, references, units and SHACL shapes. Writes nothing."""
    from loaders.pipeline import ValidationFailed, check_seed

    try:
        _, built = check_seed(seed, _progress)
    except InputError as exc:
        report_problems(exc.problems, EXIT_INPUT)
    except ValidationFailed as exc:
        report_problems(exc.problems, EXIT_INVALID)
    out.print(
        f"{seed}：有效，{len(built)} 个三元组符合形状约束 / valid ({len(built)} triples conform to "
        "the shapes)"
    )


@app.command("load")
def load_cmd(
    seed: SeedOption = DEFAULT_SEED,
    data_dir: DataDirOption = None,
    rdf_only: RdfOnlyOption = False,
    replace_all: ReplaceAllOption = False,
) -> None:
    """校验种子数据，然后替换内嵌存储和属性图中的图。

    Validate the seed, then replace the graph in the embedded store and the property graph.

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
        fail(
            f"无法连接属性图（{exc}），未加载任何数据 / cannot reach the property graph ({exc}); "
            "nothing was loaded"
        )
    try:
        result = load_checked(seed, checked_seed, built, target, _progress, graph, replace_all)
    except WouldRemoveMost as exc:
        refuse_removal(exc, seed)
    except StoreError as exc:
        fail(str(exc))
    except GraphError as exc:
        fail(
            f"属性图拒绝了加载（{exc}），两个存储均未改变 / the property graph refused the load "
            f"({exc}); neither store has changed"
        )
    out.print(
        f"已将 {result.triples} 个三元组加载到 {result.store_path} / loaded {result.triples} "
        f"triples into {result.store_path}"
    )
    if result.graph_nodes is not None:
        out.print(
            f"属性图：{result.graph_nodes} 个节点，{result.graph_edges} 条关系 / property graph: "
            f"{result.graph_nodes} nodes, {result.graph_edges} relationships"
        )


@app.command("import")
def import_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            help=("JSON-LD 文件（`metrokg export --format jsonld` 所写格式） / A JSON-LD file.")
        ),
    ],
    data_dir: DataDirOption = None,
    rdf_only: RdfOnlyOption = False,
    replace_all: ReplaceAllOption = False,
) -> None:
    """导入 JSON-LD 文档：检查、校验，再用它替换两个存储。

    Import a JSON-LD document: check it, validate it, then replace both stores with it.

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
        fail(
            f"无法连接属性图（{exc}），未导入任何数据 / cannot reach the property graph ({exc}); "
            "nothing was imported"
        )
    from loaders.generations import WouldRemoveMost, check_removal
    from loaders.graph.load import load_graph
    from loaders.rdfstore import load_lock, quads_of, replace_graph

    try:
        with load_lock(target):
            check_removal(target, store_data, replace_all)
            counts = None
            if graph is not None:
                _progress("写入属性图 / projecting into the property graph")
                counts = load_graph(graph, graph_data)
            _progress(
                f"向内嵌存储写入 {len(store_data)} 个三元组 / writing {len(store_data)} triples to "
                "the embedded store"
            )
            path = replace_graph(target, quads_of(store_data), len(store_data), f"import {file}")
    except WouldRemoveMost as exc:
        refuse_removal(exc, file)
    except StoreError as exc:
        fail(str(exc))
    except GraphError as exc:
        fail(
            f"属性图拒绝了导入（{exc}），两个存储均未改变 / the property graph refused the import "
            f"({exc}); neither store has changed"
        )
    except (ValueError, KeyError) as exc:
        fail(
            f"{file}：无法写入属性图（{exc}），未做任何更改 / cannot be projected into the "
            f"property graph ({exc}); nothing changed"
        )
    out.print(
        f"已将 {len(store_data)} 个三元组导入 {path} / imported {len(store_data)} triples into "
        f"{path}"
    )
    if counts is not None:
        out.print(
            f"属性图：{counts.nodes} 个节点，{counts.edges} 条关系 / property graph: "
            f"{counts.nodes} nodes, {counts.edges} relationships"
        )


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

    _progress(f"读取 {file} / reading {file}")
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
    _progress(
        f"按 SHACL 形状检查 {len(store)} 个三元组 / checking {len(store)} triples against the "
        "SHACL shapes"
    )
    origin = {URIRef(iri): Location(doc.file, line) for iri, line in doc.subject_lines.items()}
    violations = shacl_problems(BuiltGraph(store, origin))
    if violations:
        raise ValidationFailed(violations)
    return data, store


def _read_query(query: str | None, file: Path | None) -> str:
    if (query is None) == (file is None):
        fail("请给出查询文本或 --file F，二者只能选一 / give a query, or --file F, but not both")
    if file is not None:
        from loaders.readers import QUERY_FILE_LIMIT, read_bounded

        try:
            return read_bounded(file, QUERY_FILE_LIMIT).decode("utf-8")
        except InputError as exc:
            fail("; ".join(str(problem) for problem in exc.problems))
        except UnicodeDecodeError as exc:
            fail(f"{file}：无法读取查询（{exc}） / cannot read the query ({exc})")
    assert query is not None
    return query


@app.command("sparql")
def sparql_cmd(
    query: Annotated[
        str | None, typer.Argument(help="SPARQL 查询（SELECT/ASK/CONSTRUCT） / A SPARQL query.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help=("从文件读取查询 / Read the query from a file."))
    ] = None,
    fmt: FormatOption = "table",
    data_dir: DataDirOption = None,
    timeout: Annotated[float, typer.Option(help="时间上限（秒） / Time limit in seconds.")] = 10.0,
    limit: Annotated[int, typer.Option(help="行数上限 / Row cap.")] = 10_000,
) -> None:
    """在内嵌存储上运行只读 SPARQL 查询（拒绝更新、SERVICE、FROM）。

    Run a read-only SPARQL query on the embedded store (refuses updates, SERVICE, FROM)."""
    from loaders.store_paths import current_store_path
    from queries.console import QueryFailed, QueryRefused, run_sparql_console

    fmt_checked = output_format(fmt)
    timeout, limit = checked_timeout(timeout), checked_limit(limit)
    text = _read_query(query, file)
    try:
        path = current_store_path(data_dir_of(data_dir))
        result = run_sparql_console(path, text, timeout_s=timeout, row_cap=limit)
    except QueryRefused as exc:
        fail(f"查询被拒绝 / query refused: {exc.reason}")
    except QueryFailed as exc:
        fail(f"查询失败 / query failed: {exc}")
    except StoreError as exc:
        fail(str(exc))
    print_rows(result.columns, result.rows, fmt_checked, out, truncated=result.truncated)


@app.command("cypher")
def cypher_cmd(
    query: Annotated[
        str | None, typer.Argument(help=("只读 Cypher 查询 / A read-only Cypher query."))
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help=("从文件读取查询 / Read the query from a file."))
    ] = None,
    fmt: FormatOption = "table",
    data_dir: DataDirOption = None,
    timeout: Annotated[float, typer.Option(help="时间上限（秒） / Time limit in seconds.")] = 10.0,
    limit: Annotated[int, typer.Option(help="行数上限 / Row cap.")] = 10_000,
) -> None:
    """在属性图上运行只读 Cypher 查询（拒绝写入、DDL、LOAD CSV）。

    Run a read-only Cypher query on the property graph (refuses writes, DDL, LOAD CSV)."""
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
        fail(f"查询被拒绝 / query refused: {exc.reason}")
    except (QueryFailed, GraphError) as exc:
        elapsed = time.monotonic() - started
        if str(exc).startswith("time limit") and elapsed < 0.9 * timeout:
            fail(
                f"查询失败：图服务器在 {elapsed:.1f} 秒后终止了查询，"
                f"早于 --timeout 的 {timeout:g} 秒（服务器自身的限制） / query failed: the graph "
                f"server stopped it after {elapsed:.1f} s, before the --timeout of {timeout:g} s "
                "(a limit of the server itself)"
            )
        fail(f"查询失败 / query failed: {exc}")
    except (RuntimeError, ValueError, OSError) as exc:
        fail(str(exc))
    print_rows(result.columns, result.rows, fmt_checked, out, truncated=result.truncated)


@app.command("query")
def query_cmd(
    name: Annotated[
        str | None,
        typer.Argument(help=("问题名称（见 --list） / The question's name (see --list).")),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help=("参数，格式 键=值，可重复 / A parameter as key=value (repeatable)."),
        ),
    ] = None,
    lang: Annotated[
        str,
        typer.Option("--lang", help="sparql（内嵌存储）或 cypher（属性图） / sparql or cypher."),
    ] = "sparql",
    fmt: FormatOption = "table",
    list_: Annotated[
        bool, typer.Option("--list", help="列出全部问题 / List the questions.")
    ] = False,
    data_dir: DataDirOption = None,
    page: Annotated[
        str | None,
        typer.Option(
            "--page",
            help="分页问题的第 N 页（表格默认第 1 页；json 和 csv 默认全部行） / Page N of a paged"
            " question (a table shows page 1 unless asked; json and csv give every row).",
        ),
    ] = None,
    all_rows: Annotated[
        bool, typer.Option("--all", help="分页问题的全部行 / Every row of a paged question.")
    ] = False,
    ui_lang: Annotated[
        str,
        typer.Option(
            "--ui-lang",
            envvar="METROKG_UI_LANG",
            help="行数说明的语言：zh 或 en / Language of the count line.",
        ),
    ] = "zh",
) -> None:
    """回答问题目录中的一个具名问题。

    Answer a named question from the catalogue.

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
        fail(
            f"没有名为 {name!r} 的问题，`metrokg query --list` 列出全部 / no question named "
            f"{name!r}; `metrokg query --list` lists them"
        )
    if lang not in ("sparql", "cypher"):
        fail(
            f"未知的 --lang {lang!r}，可选 sparql 或 cypher / unknown --lang {lang!r}; choose "
            "sparql or cypher"
        )
    fmt_checked = output_format(fmt)
    if ui_lang not in ("zh", "en"):
        fail(
            f"未知的 --ui-lang {ui_lang!r}，可选 zh 或 en / unknown --ui-lang {ui_lang!r}; choose "
            "zh or en"
        )
    given: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            fail(f"--param 的格式为 键=值，收到 {item!r} / --param takes key=value, got {item!r}")
        given[key.strip()] = value
    question = catalogue[name]
    if page is not None and all_rows:
        fail(
            "--page 与 --all 不能同时使用：请求一页或全部行 / --page and --all exclude each "
            "other: ask for one page or for every row"
        )
    # a table shows a paged question a page at a time; json and csv give the whole answer
    # unless a page is asked for
    wanted = page if page is not None else ("1" if fmt_checked == "table" else None)
    if not question.paged and page is not None:
        fail(
            f"--page：{question.name} 一次给出全部答案，不分页（无需 --page） / {question.name} is "
            "answered whole, not in pages (no --page needed)"
        )
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
    table.add_column("名称 name", no_wrap=True, min_width=widest)
    for header in ("标题", "title", "参数 parameters"):
        table.add_column(header, overflow="fold")
    for q in catalogue.values():
        params = ", ".join(
            f"{p.name}（{p.type}，默认 default {p.default!r}）" for p in q.parameters
        )
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
        int,
        typer.Option(
            "--scale", help="合成都市圈的数量（1–5000） / How many synthetic areas (1–5000)."
        ),
    ],
    data_dir: Annotated[
        Path,
        typer.Option(
            "--data-dir",
            help=(
                "单独的数据目录（不能是默认目录或含真实数据的目录） / A data directory of its own."
            ),
            file_okay=False,
        ),
    ],
    seed: Annotated[
        int,
        typer.Option(
            "--seed", help=("随机种子（同一种子，同一数据） / Random seed (same seed, same data).")
        ),
    ] = (20240701),
    rdf_only: RdfOnlyOption = False,
) -> None:
    """在真实行政区划上生成全国规模的合成图并加载（用于基准测试）。

    Generate a national-scale synthetic graph on the real gazetteer and load it (benchmarks).

    Every synthetic IRI has an id starting with synth-, every label is marked （合成） or
    Synthetic. The records are validated with the seed's models and cross-checks, a sample
    of areas against the SHACL shapes; then both stores of DATA_DIR are replaced.
    """
    from loaders.graph.clients import GraphError
    from loaders.pipeline import load_triples
    from loaders.synth import SynthTargetError, check_sample, check_target, data_triples, generate
    from loaders.synth import mark as mark_synthetic

    if not 1 <= scale <= 5000:
        fail(
            f"--scale 须在 1 到 5000 之间，不能是 {scale} / --scale must be in 1..5000, not {scale}"
        )
    try:
        check_target(data_dir)
    except SynthTargetError as exc:
        fail(str(exc))
    _progress(
        f"生成 {scale} 个合成都市圈（随机种子 {seed}） / generating {scale} synthetic areas (seed "
        f"{seed})"
    )
    try:
        data = generate(scale, seed)
    except InputError as exc:
        report_problems(exc.problems, EXIT_INVALID)
    _progress(
        f"{data.record_count} 条记录，按 SHACL 形状检查样本 / {data.record_count} records; "
        "checking a sample against the SHACL shapes"
    )
    problems = check_sample(data)
    if problems:
        report_problems(problems, EXIT_INVALID)
    try:
        graph = _graph_unless(rdf_only, data_dir)
    except (GraphError, RuntimeError, ValueError, OSError) as exc:
        fail(
            f"无法连接属性图（{exc}），未加载任何数据 / cannot reach the property graph ({exc}); "
            "nothing was loaded"
        )
    mark_synthetic(data_dir, data)
    try:
        result = load_triples(list(data_triples(data)), data_dir, _progress, graph)
    except StoreError as exc:
        fail(str(exc))
    except GraphError as exc:
        fail(
            f"属性图拒绝了加载（{exc}），两个存储均未改变 / the property graph refused the load "
            f"({exc}); neither store has changed"
        )
    out.print(
        f"已在 {result.seconds['total']:.1f} 秒内将 {result.triples} 个合成三元组加载到 "
        f"{result.store_path} / loaded {result.triples} synthetic triples into "
        f"{result.store_path} in {result.seconds['total']:.1f} s"
    )
    if result.graph_nodes is not None:
        out.print(
            f"属性图：{result.graph_nodes} 个节点，{result.graph_edges} 条关系 / property graph: "
            f"{result.graph_nodes} nodes, {result.graph_edges} relationships"
        )


graph_app = typer.Typer(
    help="管理内置的 FalkorDB 服务器（127.0.0.1，有密码） / Manage the bundled FalkorDB server.",
    rich_markup_mode=None,
)
app.add_typer(graph_app, name="graph")


@graph_app.command("start")
def graph_start(data_dir: DataDirOption = None) -> None:
    """启动服务器（或找到正在运行的服务器）。

    Start the server (or find the running one)."""
    from loaders.graph import server

    try:
        info = server.start(server.ServerConfig(data_dir=data_dir_of(data_dir)))
    except (server.ServerStartError, OSError, ValueError) as exc:
        fail(str(exc))
    out.print(
        f"FalkorDB 运行于 {info.host}:{info.port}（进程 {info.pid}） / FalkorDB running on "
        f"{info.host}:{info.port} (pid {info.pid})"
    )


@graph_app.command("stop")
def graph_stop(data_dir: DataDirOption = None) -> None:
    """停止服务器（及控制台的只读副本）。

    Stop the server (and the consoles' read-only replica)."""
    from loaders.graph import server

    stopped = server.stop(server.ServerConfig(data_dir=data_dir_of(data_dir)))
    out.print("已停止 / stopped" if stopped else "未运行 / not running")


@graph_app.command("status")
def graph_status(data_dir: DataDirOption = None) -> None:
    """显示服务器是否运行、地址及图的规模。

    Say whether the server runs, where, and how big the graph is."""
    from loaders.graph import server
    from loaders.graph.clients import FalkorGraph

    info = server.status(server.ServerConfig(data_dir=data_dir_of(data_dir)))
    if info is None:
        out.print("未运行 / not running")
        raise typer.Exit(EXIT_OK)
    nodes, edges = FalkorGraph(server.connect(info)).counts()
    out.print(
        f"运行于 {info.host}:{info.port}（进程 {info.pid}），{nodes} 个节点，{edges} 条关系 / "
        f"running on {info.host}:{info.port} (pid {info.pid}); {nodes} nodes, {edges} relationships"
    )
    replica = server.status(server.ServerConfig.for_console(data_dir_of(data_dir)))
    if replica is not None:
        out.print(
            f"控制台只读副本运行于 {replica.host}:{replica.port}（进程 {replica.pid}） / "
            f"console replica (read-only) on {replica.host}:{replica.port} (pid {replica.pid})"
        )


@app.command("export")
def export_cmd(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=("格式 / format: jsonld, ttl, nt, csv（表格，需 -o DIR / tables, with -o DIR）."),
        ),
    ] = "jsonld",
    shape: Annotated[
        str,
        typer.Option(
            "--shape",
            help="flat（节点列表）或 nested（单个都市圈，嵌套 JSON-LD） / flat or nested.",
        ),
    ] = "flat",
    area: Annotated[
        str | None,
        typer.Option(
            "--area", help="只导出这个都市圈（中英文名称或 IRI） / Only this area (name or IRI)."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="写入此文件（csv 为文件夹） / Write to this file (csv: folder)."
        ),
    ] = None,
    data_dir: DataDirOption = None,
) -> None:
    """导出图及其数据集记录：全部或单个都市圈，平铺或嵌套，或表格。

    Export the graph with its dataset record: whole or one area, flat or nested, or tables.

    Flat JSON-LD (compact, with the context), Turtle or N-Triples; nested JSON-LD of one area
    (--shape nested --area 南京都市圈); or CSV tables with a Frictionless Data Package
    descriptor (--format csv -o DIR).
    """
    from loaders.export import FORMATS, csv_export, flat_export, nested_export, write_export
    from loaders.rdfstore import current_generation, open_read_only
    from loaders.sharing.tables import PackageError, find_area

    if fmt not in (*FORMATS, "csv"):
        fail(
            f"未知的 --format {fmt!r}，可选 {'、'.join([*FORMATS, 'csv'])} / unknown --format "
            f"{fmt!r}; choose one of {', '.join([*FORMATS, 'csv'])}"
        )
    if shape not in ("flat", "nested"):
        fail(
            f"未知的 --shape {shape!r}，可选 flat 或 nested / unknown --shape {shape!r}; choose "
            "flat or nested"
        )
    if shape == "nested" and (fmt != "jsonld" or area is None):
        fail(
            "--shape nested 给出单个都市圈的 JSON-LD，请与 --area 和 --format jsonld 一起使用 / "
            "--shape nested gives JSON-LD of one area: use it with --area and --format jsonld"
        )
    if fmt == "csv" and output is None:
        fail(
            "--format csv 写出一个表格文件夹，请用 -o DIR 指定 / --format csv writes a folder of "
            "tables: give it with -o DIR"
        )
    try:
        store = open_read_only(data_dir_of(data_dir))
    except StoreError as exc:
        fail(str(exc))
    generation = current_generation(data_dir_of(data_dir))
    area_iri = None
    if area is not None:
        area_iri = find_area(store, area)
        if area_iri is None:
            fail(
                f"--area {area!r}：没有这个名称的都市圈（见 `metrokg query areas`） / no area has "
                "this name (see `metrokg query areas`)"
            )
    if fmt == "csv":
        assert output is not None
        try:
            counts = csv_export(store, output, generation, area_iri)
        except (PackageError, OSError) as exc:
            fail(str(exc))
        rows = ", ".join(f"{name} {n}" for name, n in counts.items())
        err.print(
            Text(
                f"已将 {len(counts)} 个表格和 datapackage.json 写入 {output}（{rows}） / "
                f"wrote {len(counts)} tables and datapackage.json to {output} ({rows})"
            )
        )
        return
    if shape == "nested":
        assert area_iri is not None
        text, count = nested_export(store, area_iri, generation)
    else:
        text, count = flat_export(store, fmt, generation, area_iri)  # type: ignore[arg-type]
    write_export(text, output)
    if output is not None:
        err.print(Text(f"已将 {count} 个三元组写入 {output} / wrote {count} triples to {output}"))


@app.command("stats")
def stats_cmd(data_dir: DataDirOption = None) -> None:
    """按类统计实例数（本体中的类）及三元组总数。

    Count instances per class (local classes of the ontology) and triples in all."""
    from rich.table import Table

    from loaders.checks import data_triple_count
    from loaders.rdfstore import open_read_only
    from queries.stats import class_counts

    try:
        store = open_read_only(data_dir_of(data_dir))
    except StoreError as exc:
        fail(str(exc))
    counts = class_counts(store)
    table = Table("类 class", "名称 label", "实例数 instances", header_style="bold")
    for row in counts:
        table.add_row(Text(row.curie), Text(row.label), str(row.count))
    out.print(table)
    out.print(f"{data_triple_count(store)} 个三元组 triples", style="dim")


KIND_LABELS = {
    "rows": "表格行 rows",
    "titles": "《》标题 titles",
    "bodies": "机构 bodies",
    "numbers": "数字 numbers",
}


@app.command("coverage")
def coverage_cmd(
    seed: SeedOption = DEFAULT_SEED,
    source: Annotated[
        Path | None,
        typer.Option("--source", help="报告文本（默认随附的报告） / The report's text."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table 或 json / table or json.")] = "table",
) -> None:
    """报告所述内容（表格行、标题、机构、数字）与图中已收录内容的对照。

    What the report states (rows, titles, bodies, numbers) against what the graph holds."""
    import json

    from rich.table import Table

    from loaders.coverage import coverage
    from loaders.seed import read_seed
    from loaders.source_reader import SOURCE_FILE, read_source

    if fmt not in ("table", "json"):
        fail(
            f"--format 须为 table 或 json，不能是 {fmt!r} / --format must be table or json, not "
            f"{fmt!r}"
        )
    path = source or SOURCE_FILE
    try:
        text = read_source(path)
    except (OSError, UnicodeDecodeError) as exc:
        fail(
            f"{path}：无法读取报告（{exc}），报告须为 UTF-8 文本 / cannot read the report ({exc}); "
            "it must be UTF-8 text"
        )
    try:
        report = coverage(read_seed(seed), text)
    except InputError as exc:
        report_problems(exc.problems, EXIT_INPUT)
    if fmt == "json":
        sys.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("部分 part", "行 line", *KIND_LABELS.values(), header_style="bold")
    for part in report.parts:
        cells = [f"{part.held[k]}/{part.stated[k]}" if part.stated[k] else "" for k in KIND_LABELS]
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
        Path,
        typer.Argument(
            help=("新的（或空的）备份目录 / A new (or empty) directory for the backup."),
            file_okay=False,
        ),
    ],
    data_dir: DataDirOption = None,
    rdf_only: RdfOnlyOption = False,
) -> None:
    """备份两个存储（当前 RDF 版本与属性图）。

    Back up both stores (the current RDF generation and the property graph)."""
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
    nodes_zh = (
        ""
        if manifest.graph_nodes is None
        else f"、{manifest.graph_nodes} 个节点、{manifest.graph_edges} 条关系"
    )
    out.print(
        f"已将 {manifest.triples} 个三元组{nodes_zh}备份到 {target} / "
        f"backed up {manifest.triples} triples{nodes} to {target}"
    )


@app.command("restore")
def restore_cmd(
    source: Annotated[
        Path,
        typer.Argument(
            help=("`metrokg backup` 写出的目录 / A directory written by `metrokg backup`."),
            file_okay=False,
        ),
    ],
    data_dir: DataDirOption = None,
    rdf_only: RdfOnlyOption = False,
) -> None:
    """从备份恢复两个存储（先检查，再原子切换）。

    Restore both stores from a backup (each switched atomically, checked first)."""
    from loaders.backup import restore
    from loaders.graph.clients import GraphError

    target = data_dir_of(data_dir)
    try:
        graph = _graph_unless(rdf_only, target)
        manifest = restore(target, source, graph)
    except (StoreError, GraphError, RuntimeError, OSError) as exc:
        fail(str(exc))
    out.print(
        f"已从 {source} 恢复 {manifest.triples} 个三元组（版本 {manifest.generation}） / "
        f"restored {manifest.triples} triples (generation {manifest.generation}) from {source}"
    )


@app.command("generations")
def generations_cmd(data_dir: DataDirOption = None) -> None:
    """列出保留的存储版本（新的在前）：日期、来源、各类数量。

    List the kept store generations, newest first: date, what made them, counts per class.

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
        typer.Argument(
            help="要回退到的版本（默认当前版本的前一个） / The generation to go back to."
        ),
    ] = None,
    data_dir: DataDirOption = None,
    rdf_only: RdfOnlyOption = False,
) -> None:
    """在两个存储中回退到较早的版本。

    Make an earlier generation current again in both stores (the same atomic switch as a
    load); `metrokg generations` lists them."""
    from loaders.generations import rollback
    from loaders.graph.clients import GraphError

    target = data_dir_of(data_dir)
    try:
        graph = _graph_unless(rdf_only, target)
    except (GraphError, RuntimeError, ValueError, OSError) as exc:
        fail(
            f"无法连接属性图（{exc}），未做任何更改 / cannot reach the property graph ({exc}); "
            "nothing was changed"
        )
    try:
        name = rollback(target, generation, graph)
    except StoreError as exc:
        fail(str(exc))
    except GraphError as exc:
        fail(
            f"属性图拒绝了回退（{exc}），两个存储均未改变 / the property graph refused the "
            f"rollback ({exc}); neither store has changed"
        )
    out.print(Text(f"已回退到版本 {name} / rolled back to generation {name}"))


@app.command("explore")
def explore_cmd(
    data_dir: DataDirOption = None,
    port: Annotated[
        int, typer.Option("--port", help=("浏览器的 TCP 端口 / TCP port of the explorer."))
    ] = 8501,
    address: Annotated[
        str,
        typer.Option(
            "--address",
            help=("监听地址（默认仅本机） / Address to listen on (default: loopback only)."),
        ),
    ] = "127.0.0.1",
) -> None:
    """在 http://ADDRESS:PORT 打开浏览器（Streamlit），只读访问存储。

    Open the explorer (Streamlit) on http://ADDRESS:PORT; it reads the store read-only.

    The app notices a later `metrokg load` and shows the new data without a restart.
    """
    import os

    if not 1 <= port <= 65535:
        fail(f"--port 须在 1 到 65535 之间，不能是 {port} / --port must be in 1..65535, not {port}")
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
    err.print(
        Text(
            f"metrokg 浏览器：http://{address}:{port}（数据：{target}），Ctrl-C 停止 / "
            f"metrokg explorer on http://{address}:{port} (data: {target}); Ctrl-C stops"
        )
    )
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
        err.print("已中断 / interrupted")
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
