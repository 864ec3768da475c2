"""The rdflib baseline of ``bench/run.py``: parse an N-Triples dump into rdflib's in-memory
dataset (its default graph), then run every catalogue question's SPARQL with the same
parameters the Oxigraph runs used (bound as ``initBindings``, the same terms the runner binds).

Each question runs in a forked child (the parsed graph is shared copy-on-write) that is killed
after ``--timeout`` seconds: a question that times out is reported as such, and its ratio is a
lower bound. At most ``--runs`` runs per question, fewer when they would exceed the timeout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import select
import signal
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def _rdflib_term(value: Any) -> Any:
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    from queries.runner import sparql_term

    term = sparql_term(value)
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _run_question(
    graph: Any, question: Any, sets: list[dict[str, Any]], runs: int, budget: float
) -> dict[str, Any]:
    from rdflib import Variable

    text = question.text["sparql"]
    times, rows = [], []
    spent = 0.0
    for params in sets[:runs]:
        bindings = {Variable(k): _rdflib_term(v) for k, v in params.items()}
        begun = time.perf_counter()
        result = graph.query(text, initBindings=bindings)
        count = sum(1 for _ in result)
        elapsed = time.perf_counter() - begun
        times.append(elapsed * 1000)
        rows.append(count)
        spent += elapsed
        if spent + elapsed > budget:
            break
    return {
        "runs": len(times),
        "p50_ms": statistics.median(times),
        "max_ms": max(times),
        "rows_median": statistics.median(rows),
    }


def _peak_mb() -> float:
    """This process's own peak resident memory (``VmHWM``; ``ru_maxrss`` would include the
    parent's peak, inherited across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nt", type=Path, required=True)
    parser.add_argument("--plan", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()

    from rdflib import Dataset

    from queries.catalogue import load_catalogue

    catalogue = load_catalogue()
    plan: dict[str, list[dict[str, Any]]] = json.loads(args.plan.read_text(encoding="utf-8"))
    begun = time.perf_counter()
    # a dataset whose default graph holds the dump (the store's default graph): questions that
    # read the checks' named graph (GRAPH …) run on it, find no checks and check in full, as
    # on a store without them; rdflib refuses GRAPH on a plain Graph
    graph = Dataset()
    graph.parse(str(args.nt), format="nt")
    parse_s = time.perf_counter() - begun
    print(f"  rdflib parsed {len(graph)} triples in {parse_s:.1f} s", flush=True)
    out: dict[str, Any] = {"parse_s": parse_s, "triples": len(graph), "questions": {}}
    for name, sets in sorted(plan.items()):
        question = catalogue[name]
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: run, report, exit without cleanup
            os.close(read_end)
            try:
                found = _run_question(graph, question, sets, args.runs, args.timeout * 0.8)
                payload = json.dumps(found).encode()
            except Exception as exc:
                payload = json.dumps({"error": f"{type(exc).__name__}: {exc}"[:300]}).encode()
            os.write(write_end, payload)
            os._exit(0)
        os.close(write_end)
        deadline = time.monotonic() + args.timeout
        data = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([read_end], [], [], 0.1)
            if ready:
                chunk = os.read(read_end, 1 << 16)
                if not chunk:
                    break
                data += chunk
        os.close(read_end)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        entry = json.loads(data) if data else {"timed_out": True, "timeout_s": args.timeout}
        out["questions"][name] = entry
        shown = (
            f"timed out after {args.timeout:.0f} s"
            if entry.get("timed_out")
            else entry.get("error") or f"p50 {entry['p50_ms']:.1f} ms ({entry['runs']} runs)"
        )
        print(f"  rdflib {name:34s} {shown}", flush=True)
    out["peak_rss_mb"] = _peak_mb()
    args.out.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
