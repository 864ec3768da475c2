"""The seam's configuration errors: one line, the secret masked (no server needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.stores import GraphConfigError, Settings, masked_uri

SECRET = "s3cret-Pa55"


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        (f"bolt://neo4j:{SECRET}@127.0.0.1:9", "bolt://neo4j:***@127.0.0.1:9"),
        (f"neo4j://neo4j:{SECRET}@db.example:7687", "neo4j://neo4j:***@db.example:7687"),
        (f"redis://:{SECRET}@127.0.0.1:6379", "redis://:***@127.0.0.1:6379"),
        (f"bolt://{SECRET}@127.0.0.1:9", "bolt://***@127.0.0.1:9"),
        ("bolt://127.0.0.1:7687", "bolt://127.0.0.1:7687"),
    ],
)
def test_masked_uri_hides_the_password(uri: str, shown: str) -> None:
    assert masked_uri(uri) == shown


@pytest.mark.parametrize(
    "uri",
    [
        f"bolt://neo4j:{SECRET}@127.0.0.1:9",
        f"neo4j://neo4j:{SECRET}@127.0.0.1:9",
        f"redis://:{SECRET}@127.0.0.1:6379",
        f"http://user:{SECRET}@127.0.0.1/",
    ],
)
def test_wrong_uri_is_refused_in_one_line_without_the_secret(
    uri: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("METROKG_GRAPH_URI", uri)
    with pytest.raises(GraphConfigError) as caught:
        Settings.from_env(tmp_path)
    message = str(caught.value)
    assert SECRET not in message and "\n" not in message
    assert "METROKG_GRAPH_URI" in message and "***" in message


def test_password_file_is_read_and_not_shown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "pw").write_text(SECRET + "\n", encoding="utf-8")
    monkeypatch.setenv("METROKG_GRAPH_URI", "bolt://127.0.0.1:9")
    monkeypatch.delenv("METROKG_GRAPH_PASSWORD", raising=False)
    monkeypatch.setenv("METROKG_GRAPH_PASSWORD_FILE", str(tmp_path / "pw"))
    settings = Settings.from_env(tmp_path)
    assert settings.graph_password == SECRET
    assert SECRET not in repr(settings)


def test_unreadable_password_file_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("METROKG_GRAPH_URI", "bolt://127.0.0.1:9")
    monkeypatch.delenv("METROKG_GRAPH_PASSWORD", raising=False)
    monkeypatch.setenv("METROKG_GRAPH_PASSWORD_FILE", str(tmp_path / "missing"))
    with pytest.raises(GraphConfigError, match="METROKG_GRAPH_PASSWORD_FILE"):
        Settings.from_env(tmp_path)
