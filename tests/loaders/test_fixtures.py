"""Driven by the fixture folders: every valid seed loads, every invalid one is refused with
a message naming file, line, record and field, and leaves the store as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loaders.checks import data_triple_count
from loaders.errors import InputError
from loaders.pipeline import load
from loaders.rdfstore import current_generation, open_read_only
from loaders.seed import read_seed

FIXTURES = Path(__file__).parent / "fixtures"
VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def test_there_are_fixtures() -> None:
    assert len(VALID) >= 1
    assert len(INVALID) >= 10


@pytest.mark.parametrize("seed_dir", VALID, ids=[p.name for p in VALID])
def test_valid_fixture_loads(seed_dir: Path, tmp_path: Path) -> None:
    result = load(seed_dir, tmp_path)
    store = open_read_only(tmp_path)
    assert data_triple_count(store) == result.triples > 0


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, set[str]]:
    """A data directory holding the minimal valid graph."""
    data_dir = tmp_path_factory.mktemp("baseline")
    load(FIXTURES / "valid" / "minimal", data_dir)
    generation = current_generation(data_dir)
    assert generation is not None
    triples = {str(q) for q in open_read_only(data_dir)}
    return data_dir, generation, triples


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture_is_refused_and_located(
    case: Path, baseline: tuple[Path, str, set[str]]
) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    with pytest.raises(InputError) as info:
        read_seed(case / "seed")
    first = info.value.problems[0]
    assert Path(first.location.file).name == expected["file"]
    assert Path(first.location.file).parent.name == "seed"
    if "line" in expected:
        assert first.location.line == expected["line"]
    if "record" in expected:
        assert first.location.record == expected["record"]
    if "field" in expected:
        assert first.location.field == expected["field"]
    if "value" in expected:
        assert first.value == expected["value"]
    message = str(first)
    assert expected["reason"] in message
    # Chinese first: the reason's Chinese form, then its English one
    assert expected["reason_zh"] in message
    said = message.removeprefix(str(first.location))  # the reason and hint, not the path
    assert said.index(expected["reason_zh"]) < said.index(expected["reason"])
    assert expected.get("hint", "") in message

    data_dir, generation, triples = baseline
    with pytest.raises(InputError):
        load(case / "seed", data_dir)
    assert current_generation(data_dir) == generation
    assert {str(q) for q in open_read_only(data_dir)} == triples
