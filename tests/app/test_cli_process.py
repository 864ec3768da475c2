"""`metrokg` as the console script runs it (main()): `validate` and `load` end the process
without the interpreter's teardown, and still print everything and keep their exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INVALID = REPO / "tests" / "loaders" / "fixtures" / "invalid"


def metrokg(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "METROKG_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_validate_prints_its_verdict_through_a_pipe(tmp_path: Path) -> None:
    done = metrokg("validate", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("triples conform to the shapes)")


@pytest.mark.parametrize("case", ["duplicate-key", "unknown-unit"])
def test_validate_of_bad_input_prints_every_problem_and_exits_2(case: str, tmp_path: Path) -> None:
    done = metrokg("validate", "--seed", str(INVALID / case / "seed"), data_dir=tmp_path)
    assert done.returncode == 2
    assert done.stderr.rstrip().endswith("nothing was loaded")
    assert "Traceback" not in done.stderr


def test_load_rdf_only_writes_the_store_and_says_so(tmp_path: Path) -> None:
    done = metrokg("load", "--rdf-only", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("已将 ") and " / loaded " in done.stdout
    assert (tmp_path / "rdf" / "CURRENT").read_text(encoding="utf-8").strip()
    stats = metrokg("stats", data_dir=tmp_path)
    assert stats.returncode == 0 and "triples" in stats.stdout
