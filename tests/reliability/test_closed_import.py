"""``metrokg import`` takes only what the ontology defines: every invalid document under
``imports/invalid/`` (``@included``, ``@reverse``, an IRI with a space, a foreign node, type,
property or IRI, an untyped node, a 5,000-digit number) is refused with exit 2, its file and
line and the words of ``expected.yaml``, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from app.cli import EXIT_INPUT, app
from loaders.rdfstore import current_generation

INVALID = Path(__file__).parent / "imports" / "invalid"
EXPECTED: dict[str, dict[str, object]] = yaml.safe_load(
    (INVALID / "expected.yaml").read_text(encoding="utf-8")
)
runner = CliRunner()


def test_every_invalid_document_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in INVALID.glob("*.jsonld"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_invalid_document_is_refused_where_it_goes_wrong(name: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = runner.invoke(
        app, ["import", str(INVALID / name), "--data-dir", str(data_dir), "--rdf-only"]
    )
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert result.exit_code == EXIT_INPUT, result.stderr
    expected = EXPECTED[name]
    assert f"{name}:{expected['line']}" in result.stderr
    assert str(expected["says"]) in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert current_generation(data_dir) is None
