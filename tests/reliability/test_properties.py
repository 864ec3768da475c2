"""Property tests: random records and random corruptions of valid files never produce an
unlocated error — every outcome is a result, or an :class:`InputError` whose problems name the
file (and, inside a file, a line within it)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from loaders.errors import InputError, InputProblem
from loaders.gazetteer import Gazetteer
from loaders.readers import (
    LocatedDict,
    LocatedList,
    parse_json_located,
    read_csv_records,
    read_jsonld,
    read_yaml_records,
)
from loaders.seed import CSV_FILES, YAML_FILES, read_seed, validate_records
from tests.reliability.drills import CORRUPTIONS, MINIMAL, corrupt

GAZETTEER = Gazetteer.from_package()
MODELS: list[type[BaseModel]] = [*YAML_FILES.values(), *(m for m, _ in CSV_FILES.values())]
SEED_FILES = sorted(p.name for p in MINIMAL.iterdir())
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# text that has tripped parsers: full-width digits, YAML words, control and bidi characters …
TRICKY = st.sampled_from(
    [
        "２０２１",
        "NO",
        "yes",
        "0123",
        "2001-02-03",
        "~",
        "",
        " ",
        "\x00",
        "\u202e",
        "南京都市圈",
        "江苏省/南京市/鼓楼区",
        "zone:x",
        "1e400",
        "-0",
        "2021-13",
        "https://example.org/x",
        "a,b",
        '"',
    ]
)
SCALARS = st.one_of(st.none(), st.text(max_size=30), TRICKY)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=12), TRICKY), inner, max_size=4),
    ),
    max_leaves=12,
)


def located(value: Any, line: int = 1) -> Any:
    """``value`` as the readers return it (located containers, text scalars)."""
    if isinstance(value, dict):
        out = LocatedDict(line)
        for offset, (key, item) in enumerate(value.items()):
            out[str(key)] = located(item, line + offset + 1)
            out.lines[str(key)] = line + offset + 1
        return out
    if isinstance(value, list):
        items = LocatedList(line)
        items.extend(located(item, line + i + 1) for i, item in enumerate(value))
        return items
    return value


def assert_located(problems: list[InputProblem], file: str | None = None) -> None:
    assert problems, "an error must say what was wrong"
    for problem in problems:
        assert problem.location.file, problem
        if file is not None:
            assert problem.location.file == file, problem
        assert problem.reason and "Traceback" not in problem.reason
        assert str(problem)


@st.composite
def records(draw: st.DrawFn) -> tuple[type[BaseModel], dict[str, Any]]:
    model = draw(st.sampled_from(MODELS))
    names = list(model.model_fields)
    keys = draw(st.lists(st.sampled_from(names) | st.text(max_size=10), max_size=len(names) + 2))
    return model, {key: draw(VALUES) for key in keys}


@PROPERTY_SETTINGS
@given(records())
def test_random_records_are_loaded_or_rejected_with_a_location(
    case: tuple[type[BaseModel], dict[str, Any]],
) -> None:
    model, raw = case
    problems: list[InputProblem] = []
    loaded = validate_records([located(raw, 3)], model, "records.yaml", problems)
    assert len(loaded) + (1 if problems else 0) == 1, "accounted for exactly once"
    if problems:
        assert_located(problems, "records.yaml")
        for problem in problems:
            assert problem.location.line is not None and problem.location.line >= 3
            assert problem.location.field


@PROPERTY_SETTINGS
@given(
    st.sampled_from(SEED_FILES),
    st.sampled_from(CORRUPTIONS),
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.binary(min_size=1, max_size=8),
)
def test_corrupted_seed_files_load_or_fail_with_a_location(
    name: str, how: str, position: float, payload: bytes
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed"
        shutil.copytree(MINIMAL, seed)
        path = seed / name
        path.write_bytes(corrupt(path.read_bytes(), how, position, payload))
        lines = path.read_bytes().count(b"\n") + 1
        try:
            read_seed(seed, gazetteer=GAZETTEER)
        except InputError as exc:
            assert_located(exc.problems)
            for problem in exc.problems:
                if problem.location.file.endswith(name) and problem.location.line is not None:
                    assert 1 <= problem.location.line <= lines, problem


CONTROL = st.sampled_from(
    [chr(c) for c in [*range(1, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0)]]
    + ["\ufeff", "\ufffe", "\u2028", "\u202e"]
)


@PROPERTY_SETTINGS
@given(st.sampled_from(SEED_FILES), CONTROL, st.floats(min_value=0, max_value=1))
def test_a_control_character_anywhere_is_located(name: str, char: str, position: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed"
        shutil.copytree(MINIMAL, seed)
        path = seed / name
        text = path.read_text(encoding="utf-8")
        at = int(position * len(text))
        path.write_text(text[:at] + char + text[at:], encoding="utf-8")
        try:
            read_seed(seed, gazetteer=GAZETTEER)
        except InputError as exc:
            assert_located(exc.problems)
            for problem in exc.problems:
                if problem.location.file.endswith(name):
                    assert problem.location.line is not None, problem


@PROPERTY_SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["x.yaml", "memberships.csv"]))
def test_the_readers_take_any_bytes(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            if name.endswith(".yaml"):
                read_yaml_records(path)
            else:
                read_csv_records(path, CSV_FILES["memberships.csv"][1])
        except InputError as exc:
            assert_located(exc.problems)


JSON_TEXT = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.one_of(st.text(max_size=8), st.sampled_from(["@context", "@id", "@type", "id"])),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=10,
)


@PROPERTY_SETTINGS
@given(JSON_TEXT, st.sampled_from(["", "[", "{", "}", ",", '"', "NaN", "\x00"]), st.floats(0, 1))
def test_json_ld_reader_takes_any_document(doc: Any, noise: str, position: float) -> None:
    import json

    text = json.dumps(doc, ensure_ascii=False)
    at = int(position * len(text))
    text = text[:at] + noise + text[at:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.jsonld"
        path.write_text(text, encoding="utf-8")
        try:
            parse_json_located(text, "doc.jsonld")
            read_jsonld(path)
        except InputError as exc:
            assert_located(exc.problems)
