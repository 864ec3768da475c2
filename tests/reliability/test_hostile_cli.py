"""The hostile corpus through ``metrokg sparql`` / ``metrokg cypher`` (and injection strings
through ``metrokg query -p``): every query refused or contained, both stores unchanged, no
connection to the loopback listener, this process and the graph server alive, and an ordinary
question asked meanwhile still answered.

Most queries go through the command in-process (``CliRunner``: the same code; the SPARQL
sandbox still runs each query in a child process); a few through a real ``metrokg`` process.
Time limits are 2 s here (``--timeout 2``) to keep the suite fast; ``bench/reliability.py`` runs
the same corpus with the default 10 s.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from tests.reliability.drills import (
    CorpusReport,
    HostileQuery,
    assert_all_contained,
    check_outcome,
    hostile_corpus,
    run_metrokg,
    watching,
)

runner = CliRunner()
CORPUS = hostile_corpus()


def cli_outcome(code: int, stdout: str, stderr: str) -> tuple[str, str]:
    """Classify what the command did: refused, stopped (a limit or an error), answered."""
    text = (stderr or "").strip()
    if "Traceback" in stdout + stderr:
        return "crashed", stdout + stderr
    if code == 2 and text.startswith("错误 error: 查询被拒绝 / query refused"):
        return "refused", text
    if code == 2 and text.startswith("错误 error:"):
        return "stopped", text
    if code == 0:
        return "answered", f"{len(stdout.splitlines())} lines; {text[-200:]}"
    return "crashed", f"exit {code}: {text[-300:]}"


def run_in_process(query: HostileQuery, text: str, data_dir: Path, tmp: Path) -> tuple[str, str]:
    file = tmp / f"{query.language}-{query.path.name}"
    file.write_text(text, encoding="utf-8", errors="surrogateescape")
    result = runner.invoke(
        app,
        [
            query.language,
            "--file",
            str(file),
            "--data-dir",
            str(data_dir),
            "--timeout",
            "2",
            "--format",
            "json",
        ],
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return "crashed", f"{type(result.exception).__name__}: {result.exception}"
    return cli_outcome(result.exit_code, result.stdout, result.stderr)


def test_the_corpus_is_large_and_covers_the_issue() -> None:
    names = {q.name for q in CORPUS}
    assert len(CORPUS) >= 60
    for needed in (
        "sparql/update_insert_data",
        "sparql/update_load",
        "sparql/service_plain",
        "sparql/from",
        "sparql/nesting_braces_40",
        "sparql/nesting_braces_3000",
        "sparql/nesting_braces_100000",
        "sparql/size_20kb",
        "sparql/cartesian_count",
        "sparql/order_by_cross_product",
        "sparql/nul_byte",
        "cypher/create",
        "cypher/create_index",
        "cypher/load_csv_file",
        "cypher/load_csv_http",
        "cypher/deep_parens_40",
        "cypher/deep_parens_3000",
        "cypher/deep_parens_100000",
        "cypher/size_20kb",
        "cypher/cartesian_count",
        "cypher/sort_cartesian",
        "cypher/nul_byte",
        "cypher/reduce_string_doubling",
    ):
        assert needed in names, needed


def test_hostile_corpus_through_the_command_line(app_data_dir: Path, tmp_path: Path) -> None:
    report = CorpusReport()
    with watching(app_data_dir, report) as listener:
        for query in CORPUS:
            text = query.text(listener.port)
            outcome, detail = run_in_process(query, text, app_data_dir, tmp_path)
            check_outcome(query, outcome, detail, report)
    assert_all_contained(report, len(CORPUS), "the CLI")


INJECTIONS = [
    "Xi'an",
    '南京都市圈" } ; DROP ALL ; SELECT * WHERE { "',
    "'}) DETACH DELETE n //",
    "} UNION { ?s ?p ?o }",
    "\\u0022 } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #",
    "$area ${area} {{PORT}} %s %(x)s",
    "南京都市圈\x00",
    "x" * 5000,
]


@pytest.mark.parametrize("lang", ["sparql", "cypher"])
def test_injection_strings_in_parameters_are_values(app_data_dir: Path, lang: str) -> None:
    report = CorpusReport()
    with watching(app_data_dir, report):
        for value in INJECTIONS:
            for question, name in (("area-members", "area"),):
                result = runner.invoke(
                    app,
                    [
                        "query",
                        question,
                        "-p",
                        f"{name}={value}",
                        "--lang",
                        lang,
                        "--format",
                        "json",
                        "--data-dir",
                        str(app_data_dir),
                    ],
                )
                out = result.stdout + result.stderr
                assert "Traceback" not in out
                assert result.exception is None or isinstance(result.exception, SystemExit)
                # a value matches nothing (an empty answer) or is refused with a reason
                assert (result.exit_code == 0 and result.stdout.strip() == "[]") or (
                    result.exit_code == 2 and result.stderr.startswith("错误 error:")
                ), out[:500]
    assert report.data_changed == 0
    assert report.connections == 0
    assert report.server_pid_same


@pytest.mark.parametrize(
    "name",
    [
        "sparql/nesting_braces_100000",
        "sparql/service_plain",
        "sparql/nul_byte",
        "sparql/update_load_file",
        "cypher/load_csv_http",
        "cypher/reduce_string_doubling",
        "cypher/deep_parens_3000",
    ],
)
def test_a_real_metrokg_process_refuses(app_data_dir: Path, tmp_path: Path, name: str) -> None:
    query = next(q for q in CORPUS if q.name == name)
    file = tmp_path / query.path.name
    file.write_text(query.text(9), encoding="utf-8", errors="surrogateescape")
    done = run_metrokg(query.language, "--file", str(file), "--data-dir", str(app_data_dir))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("错误 error: 查询被拒绝 / query refused"), done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert os.getpid() > 0
