"""`metrokg ingest` and `metrokg review` from the command line: exit codes and what is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from app.cli import app
from loaders.pipeline import DEFAULT_SEED

runner = CliRunner()
FIXTURES = Path(__file__).parents[1] / "loaders" / "ingest" / "fixtures"
BAD = yaml.safe_load((FIXTURES / "invalid" / "expected.yaml").read_text(encoding="utf-8"))


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def seed_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seed"
    shutil.copytree(DEFAULT_SEED, target)
    return target


def _ingest(file: Path, seed: Path, source_id: str = "cli-test") -> tuple[int, str, str]:
    return invoke(
        "ingest", str(file), "--source-id", source_id, "--title", "测试", "--date", "2025-06",
        "--seed", str(seed),
    )  # fmt: skip


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_exits_2_naming_the_file_and_writes_nothing(name: str, seed_copy: Path) -> None:
    code, _, err = _ingest(FIXTURES / "invalid" / name, seed_copy)
    assert code == 2
    assert name in err and BAD[name] in err
    assert "Traceback" not in err
    assert not (seed_copy.parent / "review").exists()


def test_bad_options_exit_2(seed_copy: Path) -> None:
    code, _, err = invoke(
        "ingest", str(FIXTURES / "valid" / "fuzhou-2025.md"), "--source-id", "Bad Id",
        "--title", "t", "--date", "2025-13", "--seed", str(seed_copy),
    )  # fmt: skip
    assert code == 2
    assert "--source-id" in err and "--date" in err


def test_ingest_list_accept_reject(seed_copy: Path) -> None:
    code, out, _ = _ingest(FIXTURES / "valid" / "fuzhou-2025.md", seed_copy)
    assert code == 0, out
    assert "成员 member: 已有 same 10" in out
    review_file = seed_copy.parent / "review" / "cli-test.yaml"
    assert review_file.is_file()
    code, out, _ = invoke(
        "review", "list", "cli-test", "--kind", "title", "--format", "json",
        "--seed", str(seed_copy),
    )  # fmt: skip
    assert code == 0
    assert "不同" in out and "period_end: 2035 → 2030" in out
    code, out, _ = invoke("review", "accept", "cli-test", "c0011", "--seed", str(seed_copy))
    assert code == 0, out
    assert "plans.yaml" in out
    code, out, _ = invoke(
        "review", "reject", "cli-test", "--group", "福州都市圈 · 成员", "--seed", str(seed_copy)
    )
    assert code == 0 and "已拒绝 rejected 10" in out
    code, _, err = invoke("review", "accept", "cli-test", "--seed", str(seed_copy))
    assert code == 2 and "--group" in err
    code, _, err = invoke("review", "list", "nothing-here", "--seed", str(seed_copy))
    assert code == 2 and "no review file" in err
