"""Wall time of the commands a person types, against a baseline commit, in one run.

    .venv/bin/python bench/cli.py                      # baseline 0ac0129, 3 runs each
    .venv/bin/python bench/cli.py --baseline main --runs 5 --out bench/results/cli.json

The baseline's source is unpacked with ``git archive`` into a temporary directory and run with
this checkout's interpreter (``PYTHONPATH`` puts it first), so both sides share the installed
packages; runs alternate baseline/current, each command in a fresh process, so both meet the
same machine state. The stores are loaded once first (source scale, both stores: this starts
the bundled FalkorDB server, which every ``load`` then finds running; it is stopped at the end).
Both trees are byte-compiled first and ``PYTHONDONTWRITEBYTECODE`` is dropped, as a person's
installed copy runs from its ``.pyc`` files. Prints medians, the ratio current ÷ baseline, the
target and the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMANDS: list[tuple[str, list[str], float]] = [
    ("--help", ["--help"], 0.3),
    ("query --list", ["query", "--list"], 0.5),
    ("query areas-without-spatial-plan", ["query", "areas-without-spatial-plan"], 0.5),
    ("validate", ["validate"], 1.0),
    ("load --rdf-only", ["load", "--rdf-only"], 3.0),
    ("load", ["load"], 3.0),
]
PACKAGES = ("app", "loaders", "queries", "ontology")


def unpack(ref: str, target: Path) -> None:
    """The tree of ``ref`` (any git revision) under ``target``."""
    archive = target / "tree.tar"
    with archive.open("wb") as sink:
        subprocess.run(["git", "archive", ref], cwd=REPO, stdout=sink, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    archive.unlink()


def compile_tree(tree: Path) -> None:
    """Byte-compile ``tree``'s packages (what the first run of an installed copy leaves)."""
    packages = [str(tree / name) for name in PACKAGES if (tree / name).is_dir()]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True)


def run(tree: Path, args: list[str], data_dir: Path) -> float:
    """Seconds of wall time of ``metrokg ARGS`` run from ``tree``'s source."""
    env = {**os.environ, "PYTHONPATH": str(tree), "METROKG_DATA_DIR": str(data_dir)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["COLUMNS"] = "80"
    command = [sys.executable, "-c", "from app.cli import main; main()", *args]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{tree}: metrokg {' '.join(args)} failed:\n{done.stderr.decode()}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="0ac0129", help="git revision to compare with")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command and tree")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="metrokg-bench-cli-") as scratch:
        base, data = Path(scratch) / "baseline", Path(scratch) / "data"
        base.mkdir()
        unpack(options.baseline, base)
        compile_tree(base)
        compile_tree(REPO)
        run(REPO, ["load"], data)
        try:
            load_before = os.getloadavg()
            times: dict[str, dict[str, list[float]]] = {}
            for label, args, _ in COMMANDS:
                times[label] = {"baseline": [], "current": []}
                for _ in range(options.runs):
                    times[label]["baseline"].append(run(base, args, data))
                    times[label]["current"].append(run(REPO, args, data))
            load_after = os.getloadavg()
        finally:
            run(REPO, ["graph", "stop"], data)
    rows = []
    for label, _, target in COMMANDS:
        before = statistics.median(times[label]["baseline"])
        after = statistics.median(times[label]["current"])
        rows.append(
            {
                "command": f"metrokg {label}",
                "baseline_s": round(before, 3),
                "current_s": round(after, 3),
                "ratio": round(after / before, 3),
                "target_s": target,
                "met": after <= target,
            }
        )
    print(f"baseline {options.baseline}; median of {options.runs} runs; wall seconds")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)")
    print(f"{'command':42} {'baseline':>9} {'current':>8} {'ratio':>6} {'target':>7}")
    for row in rows:
        mark = "ok" if row["met"] else "missed"
        print(
            f"{row['command']:42} {row['baseline_s']:9.2f} {row['current_s']:8.2f}"
            f" {row['ratio']:6.2f} {row['target_s']:7.1f} {mark}"
        )
    if options.out is not None:
        figures = {
            "baseline": options.baseline,
            "runs": options.runs,
            "load_average": {"before": load_before, "after": load_after},
            "commands": rows,
            "samples": times,
        }
        options.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
