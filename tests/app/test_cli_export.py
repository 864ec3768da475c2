"""`metrokg export`: the three shapes from the command line, with the dataset record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.sharing.nested import read_nested
from loaders.sharing.record import DATASET
from tests.app.test_cli import invoke


@pytest.fixture(scope="module")
def data_dir(shipped_data_dir: Path) -> str:
    return str(shipped_data_dir)


def test_flat_export_carries_the_stamped_record(data_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    code, _, err = invoke("export", "--format", "ttl", "-o", str(target), "--data-dir", data_dir)
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "dcat:Dataset" in text and "+seed-" in text


def test_nested_export_of_nanjing(data_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "nanjing.jsonld"
    code, _, err = invoke(
        "export", "--area", "南京都市圈", "--shape", "nested", "-o", str(target),
        "--data-dir", data_dir,
    )
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["label"]["zh"] == "南京都市圈" and doc["hasMembership"]
    assert any(str(s) == DATASET for s in read_nested(text).subjects())


def test_csv_export_writes_the_package(data_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    code, _, err = invoke("export", "--format", "csv", "-o", str(out), "--data-dir", data_dir)
    assert code == 0, err
    assert (out / "datapackage.json").exists() and (out / "changes.csv").exists()
    members = (out / "members.csv").read_text(encoding="utf-8-sig").splitlines()
    assert f"members {len(members) - 1}" in " ".join(err.split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--area", "不存在的都市圈", "--shape", "nested"), "no area has this name"),
        (("--shape", "nested"), "--area"),
        (("--shape", "tree"), "unknown --shape"),
        (("--format", "csv"), "-o DIR"),
        (("--format", "xlsx"), "unknown --format"),
    ],
)
def test_bad_options_exit_2_with_a_clear_message(
    data_dir: str, args: tuple[str, ...], message: str
) -> None:
    code, _, err = invoke("export", *args, "--data-dir", data_dir)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_csv_into_a_folder_with_other_files_is_refused(data_dir: str, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep", encoding="utf-8")
    code, _, err = invoke("export", "--format", "csv", "-o", str(tmp_path), "--data-dir", data_dir)
    assert code == 2 and "mine.txt" in err
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep"
