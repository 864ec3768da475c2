"""The synthetic national-scale generator (``metrokg synth``) and the fast load path it uses:
deterministic for a seed, conforming to the shapes, marked synthetic everywhere, kept out of
the default data directory, and loaded exactly as the curated path would load it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from app.cli import app
from loaders.graph.load import projection_of, projection_of_triples
from loaders.pipeline import LoadResult, load_triples
from loaders.rdf.build import build_graph, ontology_triples, record_triples
from loaders.rdf.terms import Lit
from loaders.rdfstore import open_read_only
from loaders.synth import (
    EN_MARK,
    MARKER,
    SYNTH_PREFIX,
    ZH_MARK,
    check_sample,
    data_triples,
    generate,
    synth_graph,
)

ID = "https://w3id.org/metrokg/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"


@pytest.fixture(scope="module")
def small() -> object:
    return generate(8, seed=7)


def test_the_same_seed_gives_the_same_data(small: object) -> None:
    again = generate(8, seed=7)
    assert list(data_triples(again)) == list(data_triples(small))  # type: ignore[arg-type]
    other = generate(8, seed=8)
    assert set(data_triples(other)) != set(data_triples(small))  # type: ignore[arg-type]


def test_a_sample_conforms_to_the_shapes(small: object) -> None:
    # all eight areas, the monitoring system of areas 4 and 8 and its yearly observations
    assert check_sample(small, areas=8) == []  # type: ignore[arg-type]


def test_the_data_has_what_the_issue_asks_for(small: object) -> None:
    data = small
    seed = data.seed  # type: ignore[attr-defined]
    assert len(seed.areas) == 8
    assert all(
        len([m for m in seed.memberships if m.record.area == a.record.id]) >= 3 for a in seed.areas
    )
    kinds = {p.record.kind for p in seed.plans}
    assert {"development", "special"} <= kinds
    assert any(
        p.record.period_start and p.record.period_end
        for p in seed.plans
        if p.record.kind == "special"
    )
    agreements = [d.record for d in seed.documents if d.record.tier == "adjacent_county"]
    assert agreements and all(2 <= len(d.concerns) <= 3 for d in agreements)
    assert {o.record.kind for o in seed.organizations} >= {"leading_group", "office"}
    years = {o.year for o in data.observations}  # type: ignore[attr-defined]
    indicators = {o.indicator for o in data.observations}  # type: ignore[attr-defined]
    assert len(years) == 10 and len(indicators) >= 20


def test_everything_synthetic_is_marked(small: object) -> None:
    triples = list(data_triples(small))  # type: ignore[arg-type]
    subjects = {s for s, _, _ in triples}
    real = (f"{ID}unit/", f"{ID}source/")
    for subject in subjects:
        if subject.startswith(real):
            continue
        assert subject.startswith(ID), subject
        key = subject.removeprefix(ID).split("/", 1)[1]
        assert key.startswith(SYNTH_PREFIX), subject
    for s, p, o in triples:
        if p == RDFS_LABEL and isinstance(o, Lit) and not s.startswith(real):
            if o.lang == "zh":
                assert o.value.endswith(ZH_MARK) or "第" in o.value, (s, o)
            else:
                assert o.value.startswith(EN_MARK), (s, o)
        if p == PROV and not s.startswith(f"{ID}unit/"):
            assert o == f"{ID}source/synthetic", (s, o)


def test_the_default_data_directory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("METROKG_DATA_DIR", str(tmp_path / "real"))
    runner = CliRunner()
    result = runner.invoke(app, ["synth", "--scale", "1", "--data-dir", str(tmp_path / "real")])
    assert result.exit_code == 2
    assert "default data directory" in result.output
    assert not (tmp_path / "real").exists()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    result = runner.invoke(
        app, ["synth", "--scale", "1", "--data-dir", str(tmp_path / "xdg" / "metrokg")]
    )
    assert result.exit_code == 2


def test_a_directory_with_real_data_is_refused(shipped_data_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["synth", "--scale", "1", "--data-dir", str(shipped_data_dir), "--rdf-only"]
    )
    assert result.exit_code == 2
    assert "not synthetic" in result.output


def test_synth_loads_a_marked_data_directory(tmp_path: Path) -> None:
    target = tmp_path / "synthetic"
    result = CliRunner().invoke(
        app, ["synth", "--scale", "3", "--data-dir", str(target), "--rdf-only"]
    )
    assert result.exit_code == 0, result.output
    assert (target / MARKER).is_file()
    store = open_read_only(target)
    labels = store.query(
        "SELECT ?l WHERE { ?a a <https://w3id.org/metrokg/def#MetropolitanArea> ;"
        ' <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(LANG(?l) = "zh") }'
    )
    assert isinstance(labels, ox.QuerySolutions)
    names = sorted(str(row["l"].value) for row in labels)  # type: ignore[union-attr]
    assert names == [f"合成都市圈000{i}{ZH_MARK}" for i in (1, 2, 3)]
    # a second run replaces the synthetic graph (the directory is marked synthetic)
    again = CliRunner().invoke(
        app, ["synth", "--scale", "2", "--data-dir", str(target), "--rdf-only"]
    )
    assert again.exit_code == 0, again.output


def _quads(store: ox.Store) -> set[str]:
    """The data: the default graph (the checks every write records are compared elsewhere)."""
    return {str(q) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def test_the_fast_path_loads_what_the_curated_path_loads(
    tmp_path: Path, shipped_load: LoadResult, shipped_data_dir: Path
) -> None:
    """The shipped seed through :func:`load_triples` (N-Triples, Oxigraph's bulk loader) gives
    the very store :func:`loaders.pipeline.load` gives, and the projection from mapper triples
    is the projection of the rdflib graph."""
    data = [t for _, group in record_triples(shipped_load.seed) for t in group]
    load_triples(data, tmp_path)
    assert _quads(open_read_only(tmp_path)) == _quads(open_read_only(shipped_data_dir))
    vocab_and_data = list(dict.fromkeys([*ontology_triples(with_ontology=False), *data]))
    fast = projection_of_triples(vocab_and_data)
    slow = projection_of(build_graph(shipped_load.seed, with_ontology=False).graph)
    assert {u: (n.labels, n.props) for u, n in fast.nodes.items()} == {
        u: (n.labels, n.props) for u, n in slow.nodes.items()
    }
    assert {k: sorted(v) for k, v in fast.edges.items()} == {
        k: sorted(v) for k, v in slow.edges.items()
    }


def test_the_synthetic_fast_path_matches_rdflib(small: object, tmp_path: Path) -> None:
    load_triples(list(data_triples(small)), tmp_path)  # type: ignore[arg-type]
    expected = ox.Store()
    for s, p, o in synth_graph(small).graph:  # type: ignore[arg-type]
        from loaders.rdfstore import to_ox

        expected.add(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()))  # type: ignore[arg-type]
    assert _quads(open_read_only(tmp_path)) == _quads(expected)


class _RefusingGraph:
    """A property graph whose staging write fails."""

    discarded = False

    def stage(self, projection: object) -> None:
        raise RuntimeError("graph refused the write (simulated)")

    def discard(self) -> None:
        self.discarded = True


def test_a_failed_graph_write_leaves_both_stores_as_they_were(
    small: object, tmp_path: Path
) -> None:
    from loaders.rdfstore import current_generation

    data = list(data_triples(small))  # type: ignore[arg-type]
    load_triples(data[:1000], tmp_path)
    before = current_generation(tmp_path)
    graph = _RefusingGraph()
    with pytest.raises(RuntimeError, match="simulated"):
        load_triples(data, tmp_path, graph=graph)  # type: ignore[arg-type]
    assert graph.discarded
    assert current_generation(tmp_path) == before
    assert [p.name for p in (tmp_path / "rdf" / "stores").iterdir()] == [before]
