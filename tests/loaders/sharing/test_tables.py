"""CSV tables and their Frictionless Data Package: valid, keyed, every foreign key resolves."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from frictionless import Package

from loaders.export import csv_export
from loaders.rdfstore import current_generation
from loaders.sharing.tables import (
    QUERY_DIR,
    TABLES,
    PackageError,
    TableError,
    find_area,
    read_table_query,
    table_queries,
)

NANJING = "https://w3id.org/metrokg/id/area/nanjing"


@pytest.fixture(scope="module")
def package_dir(
    rdf_store: ox.Store, shipped_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("csv") / "package"
    csv_export(rdf_store, out, current_generation(shipped_data_dir))
    return out


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", [*TABLES, "area-by-name"])
def test_every_table_query_parses(name: str) -> None:
    from rdflib.plugins.sparql import prepareQuery

    query = read_table_query(QUERY_DIR / f"{name}.rq")
    prepareQuery(query.text)
    assert query.header.title["zh"] and query.header.title["en"]
    for column in query.header.columns.values():
        assert column.zh and column.en


def test_a_bad_header_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "areas.rq"
    bad.write_text("#+ name: areas\n#+ title: {zh: 都市圈}\nSELECT * WHERE {}\n", "utf-8")
    with pytest.raises(TableError, match=r"areas\.rq"):
        read_table_query(bad)


def test_the_package_validates(package_dir: Path) -> None:
    report = Package(str(package_dir / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_every_file_starts_with_a_bom_and_keeps_chinese(package_dir: Path) -> None:
    for name in TABLES:
        data = (package_dir / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), name
    areas = rows_of(package_dir / "areas.csv")
    assert "南京都市圈" in {r["name_zh"] for r in areas}


def test_every_foreign_key_resolves(package_dir: Path) -> None:
    descriptor = json.loads((package_dir / "datapackage.json").read_text("utf-8"))
    tables = {r["name"]: rows_of(package_dir / r["path"]) for r in descriptor["resources"]}
    checked = 0
    for resource in descriptor["resources"]:
        for fk in resource["schema"].get("foreignKeys", []):
            target = fk["reference"]
            keys = {tuple(r[f] for f in target["fields"]) for r in tables[target["resource"]]}
            for row in tables[resource["name"]]:
                assert tuple(row[f] for f in fk["fields"]) in keys, (resource["name"], row)
                checked += 1
    assert checked > 100


def test_the_descriptor_carries_the_record_and_keys(package_dir: Path) -> None:
    descriptor = json.loads((package_dir / "datapackage.json").read_text("utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == list(TABLES)
    assert all(r["schema"]["primaryKey"] for r in descriptor["resources"])
    assert descriptor["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "+seed-" in descriptor["version"]
    assert "dcat:Dataset" in json.dumps(descriptor["dcat"])


def test_tables_match_the_store(package_dir: Path, rdf_store: ox.Store) -> None:
    def count(cls: str) -> int:
        result = rdf_store.query(
            "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c",
            substitutions={ox.Variable("c"): ox.NamedNode(f"https://w3id.org/metrokg/def#{cls}")},
        )
        assert isinstance(result, ox.QuerySolutions)
        return int(next(iter(result))["n"].value)  # type: ignore[union-attr]

    assert len(rows_of(package_dir / "areas.csv")) == count("MetropolitanArea")
    assert len(rows_of(package_dir / "members.csv")) == count("ScopeMembership")
    assert len(rows_of(package_dir / "figures.csv")) == count("Observation")
    changes = rows_of(package_dir / "changes.csv")
    ended = rdf_store.query(
        "PREFIX mkg: <https://w3id.org/metrokg/def#> PREFIX dct: <http://purl.org/dc/terms/>"
        " SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?u a mkg:AdministrativeUnit ."
        " { ?u <http://schema.org/endDate> ?e } UNION { ?u dct:isReplacedBy ?b }"
        " UNION { ?u mkg:validUntil ?v } }"
    )
    assert isinstance(ended, ox.QuerySolutions)
    assert len(changes) == int(next(iter(ended))["n"].value)  # type: ignore[union-attr]
    jiangbei = [r for r in changes if r["code"] == "500105"]  # 江北区 → 两江新区 (2025)
    assert [(r["valid_until"], r["replaced_by"]) for r in jiangbei] == [
        ("2025", "https://w3id.org/metrokg/id/unit/500157")
    ]


def test_one_area_binds_the_parameter(rdf_store: ox.Store, tmp_path: Path) -> None:
    counts = csv_export(rdf_store, tmp_path / "nj", None, NANJING)
    assert counts["areas"] == 1
    assert {r["area_id"] for r in rows_of(tmp_path / "nj" / "members.csv")} == {NANJING}
    assert find_area(rdf_store, "南京都市圈") == NANJING
    assert find_area(rdf_store, "Nanjing Metropolitan Area") == NANJING
    assert find_area(rdf_store, "南京都市圈' || true") is None


def test_a_folder_with_other_files_is_refused(rdf_store: ox.Store, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(PackageError, match=r"notes\.txt"):
        csv_export(rdf_store, tmp_path, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_queries_are_in_package_order() -> None:
    assert list(table_queries()) == list(TABLES)
