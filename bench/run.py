"""metrokg benchmark: load, query and explorer times at three sizes, against rdflib (a script).

    /work/venv/bin/python bench/run.py                 # source, ~100k, ~1M triples (~10 min)
    /work/venv/bin/python bench/run.py --sizes source  # one size
    /work/venv/bin/python bench/run.py --runs 20 --out bench/results

Each size runs in a child process of its own (so each has its own peak memory), in a fresh
temporary data directory with a FalkorDB server of its own (never the default data directory):

1. load — the shipped seed through ``metrokg load``'s pipeline (read, map, full SHACL, both
   stores), or ``metrokg synth`` data (generate and validate the records, SHACL on a sample,
   then both stores through :func:`loaders.pipeline.load_triples`); each step timed;
2. every catalogue question, warm, ``--runs`` times in SPARQL (embedded Oxigraph store, on
   disk, read-only) and in Cypher (FalkorDB), parameters drawn from the loaded data (the same
   sequence for both languages): p50 and p95;
3. the same SPARQL with the same parameters on rdflib's in-memory graph holding the same
   triples (parsed from an N-Triples dump of the store), in a separate process; each question
   runs in a forked child with a time limit (a timed-out question gives a lower bound);
4. every explorer page rendered with Streamlit's AppTest: first render (cold caches) and a
   warm rerun;
5. peak resident memory of the process (after loading and querying, and after the explorer
   pages) and of the FalkorDB server (``VmHWM``).

Writes ``--out``/latest.json and latest.md and prints the table.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SIZES: dict[str, int | None] = {"source": None, "100k": 80, "1m": 1100}
PAGES = ("overview", "area", "graph", "questions", "console", "ontology", "export")
TARGET_MS = 100.0
# SPARQL on the explorer's memory copy, SPARQL on the store on disk (`metrokg query`), Cypher
LANGUAGES = ("sparql", "sparql_disk", "cypher")
LANGUAGE_NAMES = {"sparql": "SPARQL", "sparql_disk": "SPARQL on disk", "cypher": "Cypher"}
TARGET_LOAD_S = 15.0
TARGET_PAGE_S = 1.0
PAGES_SECTION = "## Pages in a browser"  # written by bench/pages.py
TARGET_RATIO = 100.0
SEED = 20240701


def _now() -> float:
    return time.perf_counter()


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def _peak_rss_mb() -> float:
    """This process's own peak resident memory (``VmHWM``: unlike ``ru_maxrss`` it is not
    inherited from the parent across fork and exec)."""
    own = _server_peak_mb(os.getpid())
    return own if own is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mb(pid: int, key: str) -> float | None:
    """A memory figure (``VmHWM``, ``VmRSS``) of process ``pid`` from /proc, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _server_peak_mb(pid: int) -> float | None:
    """Peak resident memory (``VmHWM``) of process ``pid``, in MB."""
    return _status_mb(pid, "VmHWM")


def _current_rss_mb() -> float:
    """This process's resident memory now (``VmRSS``), in MB (0 where /proc is missing)."""
    return _status_mb(os.getpid(), "VmRSS") or 0.0


# --- one size (child process) -----------------------------------------------------------------


def _load_source(data_dir: Path, graph: Any) -> dict[str, Any]:
    from loaders.pipeline import DEFAULT_SEED, load

    marks: list[tuple[float, str]] = []
    started = _now()
    result = load(DEFAULT_SEED, data_dir, lambda m: marks.append((_now(), m)), graph)
    total = _now() - started
    stamps = [t for t, _ in marks] + [started + total]
    steps = {}
    names = ["read", "map", "shacl", "graph_write", "rdf_write"]
    for i, (_, message) in enumerate(marks):
        key = names[i] if i < len(names) else message
        steps[key] = stamps[i + 1] - stamps[i]
    return {
        "kind": "source",
        "triples": result.triples,
        "nodes": result.graph_nodes,
        "edges": result.graph_edges,
        "seconds": {**steps, "total": total},
        "load_s": steps.get("graph_write", 0.0) + steps.get("rdf_write", 0.0),
        "rdf_write_s": steps.get("rdf_write"),
        "graph_write_s": steps.get("graph_write"),
        "validation": "full SHACL (the shacl engine, see loaders/rdf/shacl.py) on the whole graph",
    }


def _load_synth(data_dir: Path, graph: Any, scale: int) -> dict[str, Any]:
    from loaders.pipeline import load_triples
    from loaders.synth import check_sample, data_triples, generate, mark

    seconds: dict[str, float] = {}
    begun = _now()
    data = generate(scale, SEED)
    seconds["generate_and_validate_records"] = _now() - begun
    begun = _now()
    problems = check_sample(data)
    seconds["shacl_sample"] = _now() - begun
    if problems:
        raise SystemExit(f"the synthetic sample violates the shapes: {problems[:3]}")
    mark(data_dir, data)
    gc.collect()
    begun = _now()
    gc.disable()
    try:
        triples = list(data_triples(data))
    finally:
        gc.enable()
    seconds["map_records"] = _now() - begun
    result = load_triples(triples, data_dir, graph=graph)
    seconds.update({f"load_{k}": v for k, v in result.seconds.items()})
    load_s = seconds["map_records"] + result.seconds["total"]
    return {
        "kind": "synthetic",
        "scale": scale,
        "records": data.record_count,
        "triples": result.triples,
        "nodes": result.graph_nodes,
        "edges": result.graph_edges,
        "seconds": seconds,
        "load_s": load_s,
        "rdf_write_s": result.seconds["rdf_write"],
        "graph_write_s": result.seconds.get("graph_write"),
        "validation": "pydantic models + cross-references on every record; SHACL on a sample",
    }


def _param_pools(store: Any) -> dict[str, list[Any]]:
    from app.explorer.backend import select

    rng = random.Random(SEED)

    def sample(query: str, k: int) -> list[Any]:
        values = sorted({r["v"] for r in select(store, query) if r["v"] is not None}, key=str)
        rng.shuffle(values)
        return values[:k]

    areas = sample(
        'SELECT ?v WHERE { ?a a mkg:MetropolitanArea ; rdfs:label ?v FILTER(LANG(?v) = "zh") }',
        30,
    )
    area_iris = sample("SELECT ?v WHERE { ?v a mkg:MetropolitanArea }", 10)
    plans = sample("SELECT ?v WHERE { ?v mkg:planFor ?a }", 10)
    units = sample(
        'SELECT ?v WHERE { ?m mkg:member ?u . ?u rdfs:label ?v FILTER(LANG(?v) = "zh") }', 30
    )
    years = sample("SELECT ?v WHERE { ?p mkg:periodEnd ?v }", 10)
    themes = sample(
        "SELECT ?v WHERE { ?t skos:inScheme <https://w3id.org/metrokg/def/theme> ;"
        ' skos:prefLabel ?l FILTER(LANG(?l) = "zh") BIND(SUBSTR(STR(?l), 1, 2) AS ?v) }',
        10,
    )
    return {
        "area": areas,
        "unit": units,
        "node": [*area_iris, *plans, *areas[:5]],
        "depth": [1, 2],
        "year": [int(y) for y in years],
        "theme": themes,
    }


def _param_sets(question: Any, pools: dict[str, list[Any]], runs: int) -> list[dict[str, Any]]:
    """``runs`` parameter sets: the declared defaults first, then values drawn from the data."""
    rng = random.Random(f"{SEED}-{question.name}")
    sets = [question.bind({})]
    while len(sets) < runs:
        given = {}
        for p in question.parameters:
            pool = pools.get(p.name) or [p.default]
            given[p.name] = rng.choice(pool)
        sets.append(question.bind(given))
    return sets[:runs]


def _time_questions(
    store: Any, disk: Any, graph: Any, runs: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every question in SPARQL on the explorer's memory copy (``store``), in SPARQL on the
    store on disk as ``metrokg query`` reads it (``disk``) and in Cypher; and the parameters."""
    from queries.catalogue import load_catalogue
    from queries.paging import run_cypher_page, run_sparql_page
    from queries.runner import run_cypher, run_sparql

    catalogue = load_catalogue()
    pools = _param_pools(store)

    def timed(run: Any, target: Any, question: Any, sets: list[dict[str, Any]]) -> dict[str, Any]:
        run(target, question, sets[0])  # warm-up
        times, rows = [], []
        for params in sets:
            begun = _now()
            answer = run(target, question, params)
            times.append((_now() - begun) * 1000)
            rows.append(getattr(answer, "total", len(answer.rows)))
        return {
            "runs": len(times),
            "p50_ms": statistics.median(times),
            "p95_ms": _percentile(times, 95),
            "max_ms": max(times),
            "rows_median": statistics.median(rows),
            "rows_max": max(rows),
        }

    out: dict[str, Any] = {}
    plan: dict[str, Any] = {}
    for name, question in sorted(catalogue.items()):
        sets = _param_sets(question, pools, runs)
        plan[name] = sets
        entry: dict[str, Any] = {}
        for language in LANGUAGES:
            run = run_cypher if language == "cypher" else run_sparql
            target = {"sparql": store, "sparql_disk": disk, "cypher": graph}[language]
            if question.paged:
                # what a person waits for: the first page and the count; the whole answer
                # (exports, --all) beside it for reference
                page = run_cypher_page if language == "cypher" else run_sparql_page
                entry[language] = timed(page, target, question, sets)
                entry[language]["paged"] = True
                whole = timed(run, target, question, sets)
                entry[language]["whole_p50_ms"] = whole["p50_ms"]
                entry[language]["whole_p95_ms"] = whole["p95_ms"]
            else:
                entry[language] = timed(run, target, question, sets)
        out[name] = entry
        print(
            f"  {name:34s} sparql p50 {entry['sparql']['p50_ms']:8.1f} p95"
            f" {entry['sparql']['p95_ms']:8.1f} | on disk p50"
            f" {entry['sparql_disk']['p50_ms']:8.1f} p95 {entry['sparql_disk']['p95_ms']:8.1f}"
            f" | cypher p50 {entry['cypher']['p50_ms']:8.1f} p95 {entry['cypher']['p95_ms']:8.1f}"
            " ms",
            flush=True,
        )
    return out, plan


def _rdflib_baseline(
    store: Any, plan: dict[str, Any], work: Path, runs: int, timeout_s: float
) -> dict[str, Any]:
    """Dump the store, run the worker (parse + questions) in its own process."""
    import pyoxigraph as ox

    nt = work / "graph.nt"
    store.dump(str(nt), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    out_file = work / "rdflib.json"
    command = [
        sys.executable,
        str(Path(__file__).with_name("rdflib_worker.py")),
        "--nt",
        str(nt),
        "--plan",
        str(plan_file),
        "--out",
        str(out_file),
        "--runs",
        str(runs),
        "--timeout",
        str(timeout_s),
    ]
    subprocess.run(command, check=True)
    result: dict[str, Any] = json.loads(out_file.read_text(encoding="utf-8"))
    return result


def _pages(data_dir: Path) -> dict[str, Any]:
    import logging

    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)

    os.environ["METROKG_DATA_DIR"] = str(data_dir)
    os.environ.pop("METROKG_GRAPH_URI", None)
    app = REPO / "app" / "explorer" / "app.py"
    out: dict[str, Any] = {}
    for page in PAGES:
        at = AppTest.from_file(str(app), default_timeout=600)
        begun = _now()
        at.run()
        if page != "overview":
            at.switch_page(f"views/{page}.py")
            at.run()
        first = _now() - begun
        warm = []
        for _ in range(3):
            begun = _now()
            at.run()
            warm.append(_now() - begun)
        errors = [str(e.value)[:200] for e in at.exception]
        out[page] = {
            "first_s": first,
            "warm_s": statistics.median(warm),
            "errors": errors,
        }
        print(
            f"  page {page:10s} first {first:6.2f} s, warm {statistics.median(warm):6.2f} s"
            + (f" ERRORS {errors}" if errors else ""),
            flush=True,
        )
    return out


def run_size(
    label: str, runs: int, rdflib_timeout: float, out_file: Path, rdflib_skip: dict[str, str]
) -> None:
    """Benchmark one size; write its JSON to ``out_file`` (runs in a child process).

    ``rdflib_skip``: questions rdflib failed on at a smaller size (name → that size's error),
    not run on rdflib again (at ~1M each would only run into the timeout before failing)."""
    from app.explorer.memory_copy import copy_of
    from loaders.graph import server
    from loaders.graph.clients import FalkorGraph
    from loaders.rdfstore import open_read_only

    scale = SIZES[label]
    work = Path(tempfile.mkdtemp(prefix=f"metrokg-bench-{label}-"))
    data_dir = work / "data"
    config = server.ServerConfig(data_dir=data_dir)
    result: dict[str, Any] = {"size": label}
    try:
        info = server.start(config)
        graph = FalkorGraph(server.connect(info))
        print(f"[{label}] loading", flush=True)
        result["load"] = (
            _load_source(data_dir, graph) if scale is None else _load_synth(data_dir, graph, scale)
        )
        load = result["load"]
        print(
            f"[{label}] {load['triples']} triples, {load['nodes']} nodes, {load['edges']} edges;"
            f" load {load['load_s']:.1f} s",
            flush=True,
        )
        disk = open_read_only(data_dir)
        print(f"[{label}] the explorer's memory copy", flush=True)
        before_mb = _current_rss_mb()
        begun = _now()
        store = copy_of(disk)
        result["memory_copy"] = {"s": _now() - begun, "mb": _current_rss_mb() - before_mb}
        print(f"[{label}] questions ({runs} runs each, both languages)", flush=True)
        result["questions"], plan = _time_questions(store, disk, graph, runs)
        result["process_peak_rss_mb"] = _peak_rss_mb()
        result["server_peak_rss_mb"] = _server_peak_mb(info.pid)
        print(f"[{label}] rdflib baseline", flush=True)
        tried = {name: sets for name, sets in plan.items() if name not in rdflib_skip}
        result["rdflib"] = _rdflib_baseline(store, tried, work, runs, rdflib_timeout)
        for name, error in rdflib_skip.items():
            result["rdflib"]["questions"][name] = {"error": error, "not_run": True}
        del store, disk
        print(f"[{label}] explorer pages", flush=True)
        result["pages"] = _pages(data_dir)
        result["explorer_peak_rss_mb"] = _peak_rss_mb()
        result["server_peak_rss_mb"] = _server_peak_mb(info.pid)
    finally:
        server.stop(config)
        shutil.rmtree(work, ignore_errors=True)
    out_file.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


# --- report -----------------------------------------------------------------------------------


def _rdflib_cannot(results: list[dict[str, Any]]) -> set[str]:
    """Questions whose SPARQL rdflib cannot run: it raised an error at some size. At a larger
    size rdflib may run out of time before reaching the step that fails (its sort of unbound
    values, checked at ~100k triples), so a timeout there is no lower bound of a ratio: the
    question is not compared at any size."""
    return {
        name
        for size in results
        for name, entry in size.get("rdflib", {}).get("questions", {}).items()
        if "error" in entry
    }


def _ratio(
    size: dict[str, Any], name: str, cannot: set[str] | frozenset[str] = frozenset()
) -> tuple[float | None, bool]:
    """rdflib p50 / Oxigraph p50 for a question, and whether it is a lower bound (None when
    rdflib cannot run the question: ``cannot``, or an error at this size)."""
    base = size["rdflib"]["questions"].get(name)
    timed = size["questions"][name]["sparql"]
    ox_ms = timed.get("whole_p50_ms", timed["p50_ms"])  # rdflib answers the whole question
    if not base or ox_ms <= 0 or "error" in base or name in cannot:
        return None, False
    if base.get("timed_out"):
        return base["timeout_s"] * 1000 / ox_ms, True
    return base["p50_ms"] / ox_ms, False


def _paged_note(results: list[dict[str, Any]], names: list[str]) -> list[str]:
    """For paged questions: the times above are the first page and the count; the whole
    answer's p50 / p95 (exports, --all) for reference, and the ×rdflib ratio is against it."""
    lines = []
    for name in names:
        cells = []
        for size in results:
            q = size["questions"].get(name, {})
            if q.get("sparql", {}).get("paged"):
                cells.append(
                    f"{size['size']}: "
                    + ", ".join(
                        f"{LANGUAGE_NAMES[language]} {q[language]['whole_p50_ms']:.1f} /"
                        f" {q[language]['whole_p95_ms']:.1f}"
                        for language in LANGUAGES
                    )
                )
        if cells:
            lines.append(f"- {name} (paged): whole answer p50 / p95 ms — " + "; ".join(cells))
    if lines:
        lines = [
            "",
            "Paged questions are timed as a person waits for them: the first page and the"
            " count. The whole answer (exports, `--all`), for reference; ×rdflib compares it:",
            *lines,
        ]
    return lines


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _load_note(meta: dict[str, Any]) -> str:
    """The machine's load average before and after the run (1, 5, 15 min), when recorded."""
    load = meta.get("load_average")
    if not load:
        return ""
    shown = [" / ".join(f"{x:.1f}" for x in load[k]) for k in ("before", "after")]
    return f" Load average (1/5/15 min) before the run {shown[0]}, after it {shown[1]}."


def report(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    """The Markdown tables of a run."""
    lines = [
        "# metrokg benchmark",
        "",
        f"Run {meta['when']} on {meta['machine']} ({meta['cpus']} CPUs), Python {meta['python']},"
        f" {meta['runs']} warm runs per question and language. Generated by `bench/run.py`;"
        " see `bench/README.md` for what is measured and how."
        + _load_note(meta),
        "",
        "## Sizes and loads",
        "",
        "| size | triples | nodes | edges | validation | load both stores (s) | RDF write (s)"
        " | graph write (s) | triples/s | nodes+edges/s"
        " | process peak: load+queries / +pages (MB) | server peak (MB) |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in results:
        load = size["load"]
        rdf_s, graph_s = load.get("rdf_write_s") or 0, load.get("graph_write_s") or 0
        lines.append(
            f"| {size['size']} | {load['triples']:,} | {load['nodes']:,} | {load['edges']:,}"
            f" | {load['validation']} | {load['load_s']:.2f} | {_fmt(rdf_s, 2)}"
            f" | {_fmt(graph_s, 2)} | {load['triples'] / rdf_s:,.0f}"
            f" | {(load['nodes'] + load['edges']) / graph_s:,.0f}"
            f" | {size.get('process_peak_rss_mb', 0):,.0f}"
            f" / {size.get('explorer_peak_rss_mb', 0):,.0f}"
            f" | {_fmt(size.get('server_peak_rss_mb'), 0)} |"
        )
    lines += [""]
    for size in results:
        load = size["load"]
        steps = ", ".join(f"{k} {v:.2f} s" for k, v in load["seconds"].items())
        lines.append(f"- **{size['size']}** steps: {steps}")
        copy = size.get("memory_copy")
        if copy:
            lines.append(
                f"  the explorer's memory copy: {copy['s']:.2f} s, {copy['mb']:,.0f} MB"
            )
        base = size.get("rdflib", {})
        if base:
            lines.append(
                f"  rdflib: parse {base['parse_s']:.1f} s, peak {base['peak_rss_mb']:,.0f} MB"
            )
    lines += [
        "",
        "## Catalogue questions (ms; p50 / p95; ratio = rdflib p50 ÷ Oxigraph p50)",
        "",
    ]
    names = sorted(results[0]["questions"]) if results else []
    cannot = _rdflib_cannot(results)
    header = "| question |" + "".join(
        f" {s['size']} SPARQL | {s['size']} SPARQL on disk | {s['size']} Cypher"
        f" | {s['size']} ×rdflib |"
        for s in results
    )
    lines += [header, "|---|" + "---:|---:|---:|---:|" * len(results)]
    for name in names:
        row = f"| {name} |"
        for size in results:
            q = size["questions"].get(name)
            if q is None:
                row += " — | — | — | — |"
                continue
            ratio, bound = _ratio(size, name, cannot)
            failed = name in cannot
            shown = ("≥" if bound else "") + _fmt(ratio, 0) if ratio else "—"
            for language in LANGUAGES:
                flag = " ✗" if q[language]["p95_ms"] > TARGET_MS else ""
                row += f" {q[language]['p50_ms']:.1f} / {q[language]['p95_ms']:.1f}{flag} |"
            row += f" {'rdflib fails' if failed else shown} |"
        lines.append(row)
    row = "| **median ratio** |"
    for size in results:
        ratios = [r for r, _ in (_ratio(size, n, cannot) for n in names) if r]
        row += f" | | | {_fmt(statistics.median(ratios), 0) if ratios else '—'} |"
    lines.append(row)
    lines += [
        "",
        "SPARQL: on the in-memory copy of the store the explorer reads from (see"
        " `app/explorer/memory_copy.py`); SPARQL on disk: the store on disk, opened read-only, as"
        " `metrokg query` reads it. ×rdflib compares the in-memory copy with rdflib's in-memory"
        " graph. ✗: p95 above the 100 ms target (the target applies at ~1M triples). rdflib"
        " fails: rdflib cannot run that SPARQL (an error at some size, e.g. its sort of"
        " unbound values; at 1M it runs out of time before the step that fails, so the question"
        " is compared at no size and left out of the median).",
        *_paged_note(results, names),
        "",
        "## Explorer pages (AppTest; s; first render with cold caches / warm rerun)",
        "",
        "| page |" + "".join(f" {s['size']} |" for s in results),
        "|---|" + "---:|" * len(results),
    ]
    for page in PAGES:
        row = f"| {page} |"
        for size in results:
            p = size.get("pages", {}).get(page)
            if p is None:
                row += " — |"
                continue
            flag = " ✗" if p["warm_s"] > TARGET_PAGE_S else ""
            err = " (error)" if p["errors"] else ""
            row += f" {p['first_s']:.2f} / {p['warm_s']:.2f}{flag}{err} |"
        lines.append(row)
    lines += ["", "✗: warm rerun above the 1 s target.", ""]
    lines += _targets(results, cannot)
    return "\n".join(lines) + "\n"


def _targets(results: list[dict[str, Any]], cannot: set[str]) -> list[str]:
    big = next((s for s in results if s["size"] == "1m"), None)
    if big is None:
        return []
    out = ["## Targets at ~1M triples", ""]
    load = big["load"]["load_s"]
    out.append(
        f"- full load into both stores ≤ {TARGET_LOAD_S:.0f} s: {load:.1f} s"
        f" — {'met' if load <= TARGET_LOAD_S else 'missed'}"
    )
    for language in LANGUAGES:
        misses = [
            f"{n} ({q[language]['p95_ms']:.0f} ms)"
            for n, q in sorted(big["questions"].items())
            if q[language]["p95_ms"] > TARGET_MS
        ]
        out.append(
            f"- every question p95 ≤ {TARGET_MS:.0f} ms in {LANGUAGE_NAMES[language]}: "
            + ("met" if not misses else f"missed by {len(misses)}: " + ", ".join(misses))
        )
    ratios = {n: _ratio(big, n, cannot) for n in big["questions"]}
    low = [f"{n} (×{r:.0f})" for n, (r, b) in sorted(ratios.items()) if r and r < TARGET_RATIO]
    known = [r for r, _ in ratios.values() if r]
    out.append(
        f"- ≥ {TARGET_RATIO:.0f}× faster than rdflib per question: "
        + ("met" if not low else f"missed by {len(low)}: " + ", ".join(low))
        + (f"; median ×{statistics.median(known):.0f}" if known else "")
    )
    slow = [
        f"{p} ({v['warm_s']:.2f} s)"
        for p, v in big.get("pages", {}).items()
        if v["warm_s"] > TARGET_PAGE_S
    ]
    out.append(
        f"- every explorer page ≤ {TARGET_PAGE_S:.0f} s (warm): "
        + ("met" if not slow else "missed: " + ", ".join(slow))
    )
    return [*out, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated: source,100k,1m")
    parser.add_argument("--runs", type=int, default=20, help="warm runs per question and language")
    parser.add_argument("--rdflib-timeout", type=float, default=12.0, help="seconds per question")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    parser.add_argument("--one-size", help=argparse.SUPPRESS)
    parser.add_argument("--one-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rdflib-skip", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_size:
        skip = json.loads(args.rdflib_skip.read_text(encoding="utf-8")) if args.rdflib_skip else {}
        run_size(args.one_size, args.runs, args.rdflib_timeout, args.one_out, skip)
        return
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; choose from {', '.join(SIZES)}")
    results = []
    started = _now()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="metrokg-bench-") as tmp:
        failed: dict[str, str] = {}  # questions rdflib failed on at a smaller size
        for label in sizes:
            part = Path(tmp) / f"{label}.json"
            skip_file = Path(tmp) / f"{label}-rdflib-skip.json"
            skip_file.write_text(json.dumps(failed, ensure_ascii=False), encoding="utf-8")
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--one-size",
                    label,
                    "--one-out",
                    str(part),
                    "--runs",
                    str(args.runs),
                    "--rdflib-timeout",
                    str(args.rdflib_timeout),
                    "--rdflib-skip",
                    str(skip_file),
                ],
                check=True,
            )
            results.append(json.loads(part.read_text(encoding="utf-8")))
            for name, entry in results[-1].get("rdflib", {}).get("questions", {}).items():
                if "error" in entry and name not in failed:
                    failed[name] = f"rdflib failed at size {label}: {entry['error']}"
    meta = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "runs": args.runs,
        "seconds": _now() - started,
        "load_average": {"before": load_before, "after": os.getloadavg()},
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(
        json.dumps({"meta": meta, "sizes": results}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    table = report(results, meta)
    latest = args.out / "latest.md"
    # bench/pages.py's browser section is its own run's: keep it (it says when and on what)
    old = latest.read_text(encoding="utf-8") if latest.is_file() else ""
    if (kept := old.find(PAGES_SECTION)) >= 0:
        table = table.rstrip("\n") + "\n\n" + old[kept:]
    latest.write_text(table, encoding="utf-8")
    print(table)
    print(f"benchmark took {meta['seconds']:.0f} s; wrote {args.out / 'latest.md'}")


if __name__ == "__main__":
    main()
