"""What a command imports: `metrokg --help` loads none of the heavy modules (the stores' clients,
rdflib, pydantic, YAML, rich's help renderer); each is imported by the commands that use it.

typer is held below 0.26 (pyproject.toml): 0.29 imports pydantic to coerce the parameters of
any subcommand, which the tests below would see."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HEAVY = (
    "rdflib",
    "pyoxigraph",
    "pydantic",
    "redis",
    "falkordb",
    "yaml",
    "pyshacl",
    "shacl",
    "streamlit",
    "markdown_it",
    "pygments",
    "ontology.models",
    "loaders.seed",
)

# app() rather than main(): main() ends `validate` and `load` with os._exit (SHORT_LIVED)
PROBE = """
import json, sys
sys.argv = ["metrokg", *json.loads(sys.argv[1])]
from app.cli import app
try:
    app()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def loaded_by(args: list[str], data_dir: Path) -> set[str]:
    """The top-level packages and project modules a fresh ``metrokg ARGS`` has imported."""
    env = {**os.environ, "METROKG_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    return {m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY}


def test_help_imports_no_heavy_module(tmp_path: Path) -> None:
    assert loaded_by(["--help"], tmp_path) == set()


@pytest.mark.parametrize(
    "args", [["query", "--help"], ["load", "--help"], ["graph", "stop", "--help"]]
)
def test_command_help_imports_no_heavy_module(args: list[str], tmp_path: Path) -> None:
    assert loaded_by(args, tmp_path) == set()


def test_query_list_needs_no_store_client_rdflib_nor_pydantic(tmp_path: Path) -> None:
    loaded = {m.split(".")[0] for m in loaded_by(["query", "--list"], tmp_path)}
    assert not loaded & {"rdflib", "pyoxigraph", "redis", "falkordb", "pyshacl", "shacl"}
    assert "pydantic" not in loaded


def test_validate_needs_no_graph_client(tmp_path: Path) -> None:
    loaded = {m.split(".")[0] for m in loaded_by(["validate"], tmp_path)}
    assert "pydantic" in loaded  # it does read the seed: the probe sees what it imports
    assert not loaded & {"redis", "falkordb", "streamlit"}
