"""Every input is bounded: an import, a seed file or a query file that is not a regular file (a
FIFO, which would block; ``/dev/zero`` or ``/dev/urandom``, which never end) or is over its
documented cap is refused before it is read, the file named, and nothing is written. Run as
real processes with a time limit, so that a blocking read fails the test instead of hanging it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.drills import MINIMAL, REPO

TIME_LIMIT_S = 120


def metrokg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT_S,
        env={**os.environ, **(env or {})},
        check=False,
    )


def _special(tmp_path: Path, kind: str, name: str) -> Path:
    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(f"/dev/{kind}")
    return path


@pytest.mark.parametrize("kind", ["zero", "urandom", "fifo"])
def test_an_import_that_is_not_a_regular_file_is_refused(kind: str, tmp_path: Path) -> None:
    path = _special(tmp_path, kind, "input.jsonld")
    data_dir = tmp_path / "data"
    done = metrokg("import", str(path), "--rdf-only", "--data-dir", str(data_dir))
    assert done.returncode == 2, done.stderr
    assert "input.jsonld" in done.stderr and "not a regular file" in done.stderr
    assert not (data_dir / "rdf").exists()


def test_an_import_over_the_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonld"
    with open(path, "wb") as fh:
        fh.truncate(3 * 2**20)  # sparse: 3 MiB of NUL bytes, never read
    done = metrokg(
        "import", str(path), "--rdf-only", "--data-dir", str(tmp_path / "data"),
        env={"METROKG_MAX_IMPORT_MB": "2"},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "big.jsonld" in done.stderr and "over the cap" in done.stderr
    assert "METROKG_MAX_IMPORT_MB" in done.stderr


@pytest.mark.parametrize("value", ["0", "-1", "lots", "1e9"])
def test_a_bad_cap_is_named(value: str, tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonld"
    path.write_text("{}", encoding="utf-8")
    done = metrokg(
        "import", str(path), "--rdf-only", "--data-dir", str(tmp_path / "data"),
        env={"METROKG_MAX_IMPORT_MB": value},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "METROKG_MAX_IMPORT_MB" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", ["zero", "fifo"])
def test_a_seed_file_that_is_not_a_regular_file_is_refused(kind: str, tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(MINIMAL, seed)
    (seed / "memberships.csv").unlink()
    _special(seed, kind, "memberships.csv")
    done = metrokg("validate", "--seed", str(seed))
    assert done.returncode == 2, done.stderr
    assert "memberships.csv" in done.stderr and "not a regular file" in done.stderr


def test_a_seed_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(MINIMAL, seed)
    text = (seed / "areas.yaml").read_text(encoding="utf-8")
    (seed / "areas.yaml").write_text(text + "#" + "x" * 2**20 + "\n", encoding="utf-8")
    done = metrokg("validate", "--seed", str(seed))
    assert done.returncode == 2, done.stderr
    assert "areas.yaml" in done.stderr and "METROKG_MAX_SEED_FILE_MB" in done.stderr


def test_a_query_file_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    path = _special(tmp_path, "fifo", "query.rq")
    done = metrokg("sparql", "--file", str(path), "--data-dir", str(tmp_path / "data"))
    assert done.returncode == 2, done.stderr
    assert "query.rq" in done.stderr and "not a regular file" in done.stderr
