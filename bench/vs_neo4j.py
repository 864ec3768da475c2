"""Neo4j beside FalkorDB on the same synthetic data (a script; development infrastructure).

    .venv/bin/python bench/vs_neo4j.py --scale 80 --runs 10   # ~100k triples
    .venv/bin/python bench/vs_neo4j.py --scale 1100 --runs 5  # ~1M triples (bench/results/neo4j.md)

One synthetic graph (``metrokg synth``'s generator, fixed seed) is loaded twice through
:func:`loaders.pipeline.load_triples`, once with the bundled FalkorDB server and once with a
real Neo4j 5 Community server (``devtools/neo4j``), each with a data directory of its own in a
temporary folder. Then every catalogue question runs ``--runs`` times on each (the same
parameter sets, drawn from the data as in ``bench/run.py``): p50/p95. Server memory is each
server's peak resident set (``VmHWM``). Writes ``--out``/neo4j.json and prints a table.

A metrokg load into Neo4j is one transaction (readers see the old graph until it commits), so
its whole state is held in the server's memory: the server gets a heap and transaction limits
sized for the graph (``--heap-mb``, ``--tx-memory-mb``; the test server's defaults are far
smaller) and the optimising JIT (the tests' server starts with the quick one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.run import (  # noqa: E402
    _load_synth,
    _now,
    _param_pools,
    _param_sets,
    _percentile,
    _server_peak_mb,
)


def _time_cypher(store: Any, graphs: dict[str, Any], runs: int) -> dict[str, Any]:
    """Every catalogue question's Cypher ``runs`` times on each graph, interleaved question by
    question (the same parameter sets on both), with the rows compared."""
    import statistics

    from queries.catalogue import load_catalogue
    from queries.runner import run_cypher

    pools = _param_pools(store)
    out: dict[str, Any] = {name: {} for name in graphs}
    out["same_rows"] = {}
    for qname, question in sorted(load_catalogue().items()):
        sets = _param_sets(question, pools, runs)
        answers: dict[str, list[Any]] = {}
        for name, graph in graphs.items():
            run_cypher(graph, question, sets[0])  # warm-up
            times, rows = [], []
            for params in sets:
                begun = _now()
                answer = run_cypher(graph, question, params)
                times.append((_now() - begun) * 1000)
                rows.append(sorted(json.dumps(r, sort_keys=True, default=str) for r in answer.rows))
            answers[name] = rows
            out[name][qname] = {
                "runs": len(times),
                "p50_ms": statistics.median(times),
                "p95_ms": _percentile(times, 95),
                "max_ms": max(times),
                "rows_median": statistics.median(len(r) for r in rows),
            }
        first, *rest = answers.values()
        out["same_rows"][qname] = all(other == first for other in rest)
        line = " | ".join(
            f"{name} p50 {out[name][qname]['p50_ms']:8.1f} p95 {out[name][qname]['p95_ms']:8.1f}"
            for name in graphs
        )
        print(f"  {qname:34s} {line} ms same rows: {out['same_rows'][qname]}", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=80)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--heap-mb", type=int, default=8192, help="Neo4j's JVM heap")
    parser.add_argument(
        "--tx-memory-mb", type=int, default=6144, help="Neo4j: one transaction's memory limit"
    )
    parser.add_argument(
        "--tx-total-mb", type=int, default=6144, help="Neo4j: all transactions' memory limit"
    )
    parser.add_argument("--pagecache-mb", type=int, default=1024, help="Neo4j's page cache")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()

    import neo4j

    from devtools.neo4j import server as neo4j_server
    from loaders.graph import server
    from loaders.graph.clients import FalkorGraph, Neo4jGraph
    from loaders.rdfstore import open_read_only

    result: dict[str, Any] = {
        "scale": args.scale,
        "runs": args.runs,
        "neo4j_settings": {
            "heap_mb": args.heap_mb,
            "tx_memory_mb": args.tx_memory_mb,
            "tx_total_mb": args.tx_total_mb,
            "pagecache_mb": args.pagecache_mb,
            "jvm": "-XX:+UseParallelGC, tiered JIT",
            "load": "one transaction",
        },
        "load_average_before": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory(prefix="metrokg-bench-neo4j-") as work:
        root = Path(work)
        falkor_dir, neo4j_dir = root / "falkordb-data", root / "neo4j-data"
        config = server.ServerConfig(data_dir=falkor_dir)
        info = server.start(config)
        neo = neo4j_server.start(
            root / "neo4j",
            watch_pid=os.getpid(),
            tx_memory_mb=args.tx_memory_mb,
            tx_total_mb=args.tx_total_mb,
            heap_mb=args.heap_mb,
            pagecache_mb=args.pagecache_mb,
            full_jit=True,
        )
        driver = neo4j.GraphDatabase.driver(
            neo.bolt_uri, auth=(neo4j_server.USER, neo.password), notifications_min_severity="OFF"
        )
        try:
            falkor = FalkorGraph(server.connect(info))
            neo4j_graph = Neo4jGraph(driver)
            for name, data_dir, graph in (
                ("falkordb", falkor_dir, falkor),
                ("neo4j", neo4j_dir, neo4j_graph),
            ):
                began = time.perf_counter()
                loaded = _load_synth(data_dir, graph, args.scale)
                result[f"{name}_load"] = {
                    "graph_write_s": loaded["graph_write_s"],
                    "total_s": time.perf_counter() - began,
                    "triples": loaded["triples"],
                    "nodes": loaded["nodes"],
                    "edges": loaded["edges"],
                }
                result[f"{name}_load"]["load_average_after"] = os.getloadavg()
                print(f"{name}: graph write {loaded['graph_write_s']:.1f} s", flush=True)
            store = open_read_only(falkor_dir)
            result["load_average_before_questions"] = os.getloadavg()
            timed = _time_cypher(store, {"falkordb": falkor, "neo4j": neo4j_graph}, args.runs)
            result["falkordb_questions"] = timed["falkordb"]
            result["neo4j_questions"] = timed["neo4j"]
            result["same_rows"] = timed["same_rows"]
            result["falkordb_server_peak_mb"] = _server_peak_mb(info.pid)
            result["neo4j_server_peak_mb"] = _server_peak_mb(neo.pid)
        finally:
            driver.close()
            neo4j_server.stop(root / "neo4j")
            server.stop(config)
    result["load_average_after"] = os.getloadavg()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "neo4j.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"\nscale {args.scale}: {result['neo4j_load']['triples']} triples")
    print(f"{'':34s} {'FalkorDB p50/p95 ms':>22s} {'Neo4j p50/p95 ms':>22s}")
    for q, f in result["falkordb_questions"].items():
        n = result["neo4j_questions"][q]
        faster = " Neo4j faster" if n["p50_ms"] < f["p50_ms"] else ""
        print(
            f"{q:34s} {f['p50_ms']:10.1f}/{f['p95_ms']:<10.1f} "
            f"{n['p50_ms']:10.1f}/{n['p95_ms']:<10.1f}{faster}"
        )
    for name in ("falkordb", "neo4j"):
        print(
            f"{name}: graph write {result[f'{name}_load']['graph_write_s']:.1f} s,"
            f" server peak {result[f'{name}_server_peak_mb']} MB"
        )


if __name__ == "__main__":
    main()
