"""Reliability report: inputs refused with a location, kills survived, hostile queries contained.

Run by hand (it starts its own FalkorDB servers in a temporary directory and stops them)::

    .venv/bin/python bench/reliability.py                   # CI scale, a few minutes
    .venv/bin/python bench/reliability.py --large           # shipped seed, 40 kills, …
    .venv/bin/python bench/reliability.py --synth 300       # kill drill on `metrokg synth`

It prints, section by section and then as a summary:

- inputs: how many bad inputs were tried (every invalid fixture, YAML bombs, hostile JSON-LD,
  and random corruptions of the valid files) and how many were refused with a located message
  (file, and a line inside the file) — anything else is a failure;
- kills: ``kill -9`` of ``metrokg load`` (sometimes with the FalkorDB server) at random moments,
  with what each store held afterwards and how long reopening took; ``kill -9`` of the server
  while acknowledged writes stream in — records lost must be 0;
- imports (``--only imports``): every careless or hostile input to ``metrokg import`` and
  ``metrokg load`` (empty documents, the invalid import documents, both hostile corpora, devices,
  FIFOs, files over the caps, seed files that are not regular files) run as real processes
  against a loaded store: tried, refused with a location, accepted with exit 0 and a changed
  graph (must be 0: nothing changes without ``--replace-all``), the peak memory of the worst
  input; then SIGTERM, SIGHUP and SIGINT to ``metrokg sparql`` running a long query, and the
  sandbox workers left running afterwards (orphans, must be 0);
- hostile queries through real ``metrokg sparql|cypher`` processes and through the explorer's
  consoles (AppTest, the consoles' own limits): tried, refused or contained, data changed (must
  be 0), connections to a loopback listener (must be 0), the graph server's pid unchanged, and
  the worst latency of an ordinary question asked meanwhile (should be under a second).

The figures come from the same code as ``tests/reliability`` (``tests/reliability/drills.py``).
Exit status 1 if any must-be-zero figure is not zero.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from loaders.errors import InputError, InputProblem  # noqa: E402
from loaders.graph import server  # noqa: E402
from loaders.pipeline import DEFAULT_SEED  # noqa: E402
from loaders.readers import read_jsonld  # noqa: E402
from loaders.seed import read_seed  # noqa: E402
from tests.reliability.drills import (  # noqa: E402
    CORRUPTIONS,
    MINIMAL,
    CorpusReport,
    HostileQuery,
    ack_stream_drill,
    check_outcome,
    complete_load,
    corrupt,
    hostile_corpus,
    load_kill_drill,
    run_metrokg,
    variant_of,
    watching,
)

INVALID = REPO / "tests" / "loaders" / "fixtures" / "invalid"


def say(text: str = "") -> None:
    print(text, flush=True)


def heading(text: str) -> None:
    say()
    say(text)
    say("-" * len(text))


# ----------------------------------------------------------------------------- inputs


def located(problems: list[InputProblem], files: set[str]) -> bool:
    """Every problem names a file; problems inside a file name a line too."""
    for problem in problems:
        where = problem.location
        if not where.file:
            return False
        if any(where.file.endswith(name) for name in files) and where.line is None:
            if "seed file" in problem.reason or "more problems" in problem.reason:
                continue
            return False
    return True


def inputs_section(work: Path, corruptions: int, rng: random.Random) -> dict[str, int]:
    heading("Inputs: every bad input refused with a located message")
    tried = refused = accepted = unlocated = 0
    examples: list[str] = []

    def attempt(label: str, call: Any, files: set[str]) -> None:
        nonlocal tried, refused, accepted, unlocated
        tried += 1
        try:
            call()
        except InputError as exc:
            if located(exc.problems, files):
                refused += 1
                if len(examples) < 12:
                    examples.append(f"  {label}: {str(exc.problems[0])[:150]}")
            else:
                unlocated += 1
                say(f"  UNLOCATED {label}: {exc}")
        except Exception as exc:  # anything else is a traceback a user would see
            unlocated += 1
            say(f"  CRASH {label}: {type(exc).__name__}: {exc}")
        else:
            accepted += 1

    for case in sorted(INVALID.iterdir()):
        seed = case / "seed"
        files = {p.name for p in seed.iterdir()}
        attempt(f"fixture {case.name}", lambda seed=seed: read_seed(seed), files)
    yaml_cases = {
        "alias bomb": "- id: x\n  a: &a0 [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9)),
        "deep nesting": "- id: x\n  a: " + "[" * 5000 + "]" * 5000 + "\n",
        "python tag": "- !!python/object/apply:os.system ['touch /tmp/x']\n",
        "merge key": "- &a {id: x}\n- <<: *a\n",
    }
    for label, text in yaml_cases.items():
        seed = work / "yaml" / label.replace(" ", "-")
        shutil.copytree(MINIMAL, seed)
        (seed / "areas.yaml").write_text(text, encoding="utf-8")
        attempt(f"YAML {label}", lambda seed=seed: read_seed(seed), {"areas.yaml"})
    context = {"name": "http://schema.org/name"}
    jsonld_cases: dict[str, Any] = {
        "unknown key": {"@context": context, "@id": "https://w3id.org/x", "nmae": "x"},
        "remote context": {"@context": "http://127.0.0.1:9/c.jsonld", "name": "x"},
        "file context": {"@context": "file:///etc/passwd", "name": "x"},
        "@import": {"@context": {"@import": "file:///etc/hosts", **context}, "name": "x"},
        "@vocab": {"@context": {"@vocab": "http://e/"}, "anything": 1},
        "scoped remote context": {
            "@context": {"x": {"@id": "http://e/x", "@context": "https://e/c"}},
            "x": {},
        },
        "relative @id": {"@context": context, "@id": "area/x", "name": "x"},
        "deep nesting": "[" * 5000 + "]" * 5000,
        "duplicate key": '{"@context": {}, "a": 1, "a": 2}',
        "BOM": '\ufeff{"@context": {}}',
        "GBK": '{"@context": {}, "@id": "https://w3id.org/南京"}'.encode("gbk"),
    }
    for label, doc in jsonld_cases.items():
        path = work / "jsonld" / (label.replace(" ", "-").replace("@", "") + ".jsonld")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(doc, bytes):
            path.write_bytes(doc)
        else:
            path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
        attempt(f"JSON-LD {label}", lambda path=path: read_jsonld(path), {path.name})
    names = sorted(p.name for p in MINIMAL.iterdir())
    for index in range(corruptions):
        name, how = rng.choice(names), rng.choice(CORRUPTIONS)
        seed = work / "corrupt" / str(index)
        shutil.copytree(MINIMAL, seed)
        path = seed / name
        payload = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        path.write_bytes(corrupt(path.read_bytes(), how, rng.random(), payload))
        attempt(f"corrupted {name} ({how})", lambda seed=seed: read_seed(seed), {name})
    for line in examples:
        say(line)
    say(
        f"tried {tried}: refused with a located message {refused}, still valid {accepted}"
        f" (corruptions that kept the file valid), unlocated or crashed {unlocated}"
    )
    return {"inputs_tried": tried, "inputs_refused_located": refused, "inputs_unlocated": unlocated}


# ----------------------------------------------------------------------------- imports


def _run_measured(args: list[str], timeout_s: float = 120) -> tuple[int, str, float]:
    """Run ``metrokg ARGS`` as a process: (exit code, stderr, peak RSS in MiB)."""
    import os
    import subprocess

    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout_s
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            assert process.stderr is not None
            return -9, "timed out (blocked?)", usage.ru_maxrss / 1024
        time.sleep(0.05)
    assert process.stderr is not None
    stderr = process.stderr.read()
    process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    return code, stderr, usage.ru_maxrss / 1024


def imports_section(work: Path, corpus_step: int = 1) -> dict[str, Any]:
    import os

    from loaders.rdfstore import current_generation
    from tests.reliability.drills import rdf_fingerprint
    from tests.reliability.test_signals import SLOW_QUERY, alive, children_of

    heading("Imports and loads: nothing lost without --replace-all, every input bounded")
    data_dir = work / "imports" / "data"
    code, err, _ = _run_measured(
        ["load", "--seed", str(MINIMAL), "--rdf-only", "--data-dir", str(data_dir)], 600
    )
    assert code == 0, err
    inputs: list[tuple[str, list[str]]] = []
    docs = work / "imports" / "docs"
    docs.mkdir(parents=True)
    for label, text in (
        ("empty array", "[]"),
        ("empty object", "{}"),
        ("empty @graph", '{"@context": {}, "@graph": []}'),
    ):
        path = docs / (label.replace(" ", "-").replace("@", "") + ".jsonld")
        path.write_text(text, encoding="utf-8")
        inputs.append((f"import {label}", ["import", str(path)]))
    invalid = REPO / "tests" / "reliability" / "imports" / "invalid"
    for path in sorted(invalid.glob("*.jsonld")):
        inputs.append((f"import invalid/{path.name}", ["import", str(path)]))
    corpus = hostile_corpus()
    for query in corpus[:: max(1, corpus_step)]:
        inputs.append((f"import hostile {query.path.name}", ["import", str(query.path)]))
    for device in ("zero", "urandom"):
        link = docs / f"{device}.jsonld"
        link.symlink_to(f"/dev/{device}")
        inputs.append((f"import symlink to /dev/{device}", ["import", str(link)]))
    fifo = docs / "fifo.jsonld"
    os.mkfifo(fifo)
    inputs.append(("import FIFO", ["import", str(fifo)]))
    huge = docs / "huge.jsonld"
    with open(huge, "wb") as fh:
        fh.truncate(300 * 2**20)  # sparse, never read
    inputs.append(("import 300 MB file", ["import", str(huge)]))
    for label, make in (
        ("FIFO memberships.csv", lambda p: os.mkfifo(p)),
        ("memberships.csv -> /dev/zero", lambda p: p.symlink_to("/dev/zero")),
        ("2 MB YAML scalar", None),
    ):
        seed = work / "imports" / "seeds" / label.split()[0].replace("/", "-")
        shutil.copytree(MINIMAL, seed)
        if make is None:
            areas = seed / "areas.yaml"
            areas.write_text(areas.read_text(encoding="utf-8") + "#" + "x" * 2 * 2**20 + "\n")
        else:
            (seed / "memberships.csv").unlink()
            make(seed / "memberships.csv")
        inputs.append((f"load seed with {label}", ["load", "--seed", str(seed)]))
    tried = refused = changed = 0
    worst = (0.0, "")
    for label, args in inputs:
        before = rdf_fingerprint(data_dir), current_generation(data_dir)
        code, err, rss = _run_measured([*args, "--rdf-only", "--data-dir", str(data_dir)])
        after = rdf_fingerprint(data_dir), current_generation(data_dir)
        tried += 1
        if args[0] == "import":
            named = Path(args[1]).name
        else:
            named = "memberships.csv" if "memberships" in label else "areas.yaml"
        if code != 0 and "Traceback" not in err and named in err:
            refused += 1
        elif code == 0 and after != before:
            changed += 1
            say(f"  ACCEPTED AND CHANGED THE GRAPH: {label}")
        else:
            say(f"  NOT REFUSED WITH A LOCATION: {label} (exit {code}): {err.strip()[-200:]}")
        if rss > worst[0]:
            worst = (rss, label)
        say(f"  {label}: exit {code}, {rss:.0f} MiB")
    say(
        f"tried {tried}: refused with a location {refused}, accepted with exit 0 and a changed "
        f"graph {changed}; peak memory of the worst input {worst[0]:.0f} MiB ({worst[1]})"
    )
    # the control: --replace-all goes ahead, rollback undoes it
    original = rdf_fingerprint(data_dir)
    empty = docs / "empty-array.jsonld"
    code, err, _ = _run_measured(
        ["import", str(empty), "--replace-all", "--rdf-only", "--data-dir", str(data_dir)]
    )
    replaced = code == 0 and rdf_fingerprint(data_dir) != original
    code, err, _ = _run_measured(["rollback", "--rdf-only", "--data-dir", str(data_dir)])
    rolled_back = code == 0 and rdf_fingerprint(data_dir) == original
    say(f"--replace-all went ahead: {replaced}; `metrokg rollback` restored it: {rolled_back}")
    # signals to a console with a running sandbox worker
    import signal
    import subprocess

    orphans = sent = 0
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "sparql", SLOW_QUERY, "--timeout", "300",
             "--data-dir", str(data_dir)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        workers: list[int] = []
        deadline = time.monotonic() + 120
        while not workers and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
            workers = children_of(process.pid)
        time.sleep(1.0)
        os.kill(process.pid, signum)
        sent += 1
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        time.sleep(2.0)
        left = [pid for pid in workers if alive(pid)]
        orphans += len(left)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    say(
        f"signals sent to `metrokg sparql` with a running worker {sent}; orphaned workers {orphans}"
    )
    return {
        "imports_tried": tried,
        "imports_refused_located": refused,
        "imports_accepted_changed_graph": changed,
        "imports_worst_peak_mib": round(worst[0]),
        "imports_worst_input": worst[1],
        "replace_all_ok": replaced,
        "rollback_ok": rolled_back,
        "signals_sent": sent,
        "signal_orphans": orphans,
    }


# ----------------------------------------------------------------------------- kills


def kills_section(
    work: Path, kills: int, large: bool, synth: int | None, server_kills: int
) -> dict[str, Any]:
    heading("Kill drills")
    if synth:
        sources: tuple[Any, Any] = (f"synth:{synth}:1", f"synth:{synth}:2")
        what = f"`metrokg synth --scale {synth}` (two random seeds)"
    elif large:
        sources = (DEFAULT_SEED, variant_of(DEFAULT_SEED, work / "variant-shipped"))
        what = "`metrokg load` of the shipped seed and a variant of it"
    else:
        sources = (MINIMAL, variant_of(MINIMAL, work / "variant-minimal"))
        what = "`metrokg load` of the minimal fixture and a variant of it"
    say(f"kill -9 of {what}, {kills} times; every 4th time the FalkorDB server too")
    data_dir = work / "drill" / "data"
    data_dir.parent.mkdir(parents=True)
    try:
        report = load_kill_drill(data_dir, sources, kills=kills, log=lambda m: say("  " + m))
    finally:
        server.stop(server.ServerConfig(data_dir=data_dir))
    states = {
        "RDF previous": sum(k.rdf_state == "previous" for k in report.kills),
        "RDF new": sum(k.rdf_state == "new" for k in report.kills),
        "graph previous": sum(k.graph_state == "previous" for k in report.kills),
        "graph new": sum(k.graph_state == "new" for k in report.kills),
    }
    say(
        f"{report.killed} of {len(report.kills)} loads killed mid-way "
        f"(the rest finished first and succeeded); {states}"
    )
    say(
        f"neither complete graph found: {report.records_lost}; loads after a kill: "
        f"{'all succeeded' if report.final_load_ok else 'SOME FAILED'}; worst reopen "
        f"{report.max_reopen_s:.2f} s; most unfinished generations left behind {report.max_orphans}"
    )
    say(f"kill -9 of the FalkorDB server while acknowledged writes stream in, {server_kills} times")
    ack_dir = work / "ack" / "data"
    ack_dir.parent.mkdir(parents=True)
    try:
        ack = ack_stream_drill(ack_dir, kills=server_kills, log=lambda m: say("  " + m))
    finally:
        server.stop(server.ServerConfig(data_dir=ack_dir))
    say(
        f"acknowledged {ack.acknowledged}, found after restarts {ack.found}, lost {ack.lost}; "
        f"worst restart {max(ack.restart_s):.2f} s"
    )
    return {
        "load_kills": len(report.kills),
        "load_kills_mid_way": report.killed,
        "stores_incomplete_after_kill": report.records_lost,
        "loads_after_kill_ok": report.final_load_ok,
        "worst_reopen_s": round(report.max_reopen_s, 2),
        "server_kills": ack.kills,
        "acknowledged_writes": ack.acknowledged,
        "acknowledged_writes_lost": ack.lost,
        "worst_server_restart_s": round(max(ack.restart_s), 2),
    }


# ----------------------------------------------------------------------------- hostile queries


def cli_outcome(code: int, stdout: str, stderr: str) -> tuple[str, str]:
    text = stderr.strip()
    if "Traceback" in stdout + stderr:
        return "crashed", text[-300:]
    if code == 2 and text.startswith("error: query refused"):
        return "refused", text
    if code == 2 and text.startswith("error:"):
        return "stopped", text
    if code == 0:
        return "answered", f"{len(stdout.splitlines())} lines"
    return "crashed", f"exit {code}: {text[-300:]}"


def through_processes(corpus: list[HostileQuery], data_dir: Path, work: Path) -> CorpusReport:
    report = CorpusReport()
    with watching(data_dir, report) as listener:
        for query in corpus:
            path = work / "queries" / f"{query.language}-{query.path.name}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(query.text(listener.port), encoding="utf-8", errors="surrogateescape")
            done = run_metrokg(
                query.language, "--file", str(path), "--data-dir", str(data_dir), "--format", "json"
            )
            outcome, detail = cli_outcome(done.returncode, done.stdout, done.stderr)
            check_outcome(query, outcome, detail, report)
    return report


def through_explorer(corpus: list[HostileQuery], data_dir: Path) -> CorpusReport:
    import os

    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP
    from tests.reliability.test_hostile_explorer import page_outcome

    os.environ["METROKG_DATA_DIR"] = str(data_dir)
    os.environ.pop("METROKG_GRAPH_URI", None)
    report = CorpusReport()
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    at.switch_page("views/console.py")
    at.run()
    with watching(data_dir, report) as listener:
        for language in ("sparql", "cypher"):
            at.radio(key="con_language").set_value(language).run()
            for query in (q for q in corpus if q.language == language):
                at.text_area(key=f"con_text_{language}").input(query.text(listener.port))
                at.button(key="con_run").click().run()
                outcome, detail = page_outcome(at)
                check_outcome(query, outcome, detail, report)
    return report


def summarise(name: str, corpus: list[HostileQuery], report: CorpusReport) -> dict[str, Any]:
    contained = report.count("stopped", "answered")
    say(
        f"{name}: {len(corpus)} tried in {report.seconds:.0f} s; refused {report.count('refused')},"
        f" contained {contained} (stopped by a limit {report.count('stopped')}, answered within"
        f" the limits {report.count('answered')}); problems {len(report.problems)}; data changed"
        f" {report.data_changed}; connections attempted {report.connections}; app process alive"
        f" {report.app_pid_same}; graph server same pid {report.server_pid_same}; ordinary"
        f" question answered {len(report.ordinary.latencies)} times, worst"
        f" {report.ordinary.worst * 1000:.0f} ms, failures {len(report.ordinary.failures)}"
    )
    for problem in report.problems:
        say(f"  PROBLEM {problem}")
    key = name.split()[0].lower()
    return {
        f"{key}_queries_tried": len(corpus),
        f"{key}_refused_or_contained": report.count("refused") + contained,
        f"{key}_problems": len(report.problems),
        f"{key}_data_changed": report.data_changed,
        f"{key}_connections": report.connections,
        f"{key}_server_pid_same": report.server_pid_same,
        f"{key}_ordinary_worst_ms": round(report.ordinary.worst * 1000),
        f"{key}_ordinary_failures": len(report.ordinary.failures),
    }


def queries_section(work: Path, explorer: bool) -> dict[str, Any]:
    heading("Hostile queries")
    corpus = hostile_corpus()
    data_dir = work / "hostile" / "data"
    figures: dict[str, Any] = {}
    try:
        complete_load(DEFAULT_SEED, data_dir)
        sparql = sum(1 for q in corpus if q.language == "sparql")
        say(
            f"{len(corpus)} queries ({sparql} SPARQL, {len(corpus) - sparql} Cypher) against the"
            " shipped data, default limits (10 s, 10,000 rows)"
        )
        report = through_processes(corpus, data_dir, work)
        figures.update(summarise("CLI (a metrokg process per query)", corpus, report))
        if explorer:
            report = through_explorer(corpus, data_dir)
            figures.update(summarise("Explorer consoles (AppTest)", corpus, report))
    finally:
        server.stop(server.ServerConfig(data_dir=data_dir))
    return figures


# ----------------------------------------------------------------------------- main


def failed(key: str, value: Any) -> bool:
    """Whether a figure that must be zero (or true) is not."""
    if key.endswith(("_unlocated", "_lost", "_incomplete_after_kill", "_problems")):
        return bool(value != 0)
    if key.endswith(("_changed_graph", "_orphans")):
        return bool(value != 0)
    if key.endswith(("_data_changed", "_connections", "_ordinary_failures")):
        return bool(value != 0)
    if key.endswith(("_server_pid_same", "_ok")):
        return value is not True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="kill -9 of metrokg load (20)")
    parser.add_argument("--server-kills", type=int, default=5, help="kill -9 of the server (5)")
    parser.add_argument("--corruptions", type=int, default=300, help="random corrupted files")
    parser.add_argument("--large", action="store_true", help="shipped seed, 40 kills, 20 server")
    parser.add_argument("--synth", type=int, default=None, help="kill drill on metrokg synth")
    parser.add_argument("--no-explorer", action="store_true", help="skip the AppTest consoles")
    parser.add_argument(
        "--only",
        choices=["inputs", "imports", "kills", "queries"],
        action="append",
        help="run a section",
    )
    parser.add_argument("--seed", type=int, default=20240701, help="random seed")
    parser.add_argument(
        "--corpus-step",
        type=int,
        default=1,
        help="imports: give every Nth hostile query file to `metrokg import` (1: all)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        help="also write the figures here (default bench/results/reliability[-large].json)",
    )
    args = parser.parse_args()
    if args.large:
        args.kills = max(args.kills, 40)
        args.server_kills = max(args.server_kills, 20)
    sections = set(args.only or ["inputs", "imports", "kills", "queries"])
    warnings.simplefilter("ignore")
    rng = random.Random(args.seed)
    started = time.monotonic()
    figures: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="metrokg-reliability-"))
    say(f"metrokg reliability report (work directory {work})")
    try:
        if "inputs" in sections:
            figures.update(inputs_section(work, args.corruptions, rng))
        if "imports" in sections:
            figures.update(imports_section(work, args.corpus_step))
        if "kills" in sections:
            figures.update(
                kills_section(work, args.kills, args.large, args.synth, args.server_kills)
            )
        if "queries" in sections:
            figures.update(queries_section(work, not args.no_explorer))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    heading(f"Summary ({time.monotonic() - started:.0f} s)")
    for key, value in figures.items():
        say(f"  {key:40s} {value}")
    must_be_zero = [k for k, v in figures.items() if failed(k, v)]
    out = args.json or REPO / "bench" / "results" / (
        "reliability-large.json" if args.large else "reliability.json"
    )
    record = {
        "generated_by": "bench/reliability.py (generated file; do not edit)",
        "arguments": sys.argv[1:],
        "seconds": round(time.monotonic() - started),
        "must_be_zero_failed": must_be_zero,
        "figures": figures,
    }
    out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"figures written to {out}")
    if must_be_zero:
        say(f"FAILED: {', '.join(must_be_zero)}")
        return 1
    say("all must-be-zero figures are zero")
    return 0


if __name__ == "__main__":
    sys.exit(main())
