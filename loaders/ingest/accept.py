"""A person's decision on candidates: accept (the record goes into seed/, the source is
registered with provenance to its lines) or reject (remembered, not asked again).

Accepting writes nothing unless the whole seed, with the accepted records, still reads and
cross-checks: the new files are first written to a temporary copy of seed/ and read there;
only then is each file of seed/ replaced (atomically, one rename a file). ``metrokg validate``
and ``load`` then run as for any edit.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from loaders.errors import InputError, InputProblem, Location, display_path
from loaders.ingest.candidates import Candidate
from loaders.ingest.review import (
    ReviewFile,
    dump,
    read_review,
    remember_rejections,
    write_atomic,
    write_review,
)
from loaders.readers import read_yaml_records
from loaders.seed import read_seed
from ontology.models import (
    MEMBERSHIP_COLUMNS,
    Area,
    Document,
    Figure,
    Membership,
    Organization,
    Plan,
)

SOURCES_FILE = "sources.yaml"
SOURCES_HEADER = (
    "# Written by `metrokg review accept`: the reports brought in by `metrokg ingest` (id, title,\n"
    "# date, file name, SHA-256) and the records accepted from them with their source line.\n"
)
MODEL_OF: dict[str, type[BaseModel]] = {
    "areas.yaml": Area,
    "plans.yaml": Plan,
    "documents.yaml": Document,
    "organizations.yaml": Organization,
}
TOP_SCALAR = re.compile(r"^  (?P<key>[a-z_]+):(?P<rest>.*)$")


@dataclass
class Decision:
    """What a decision changed."""

    accepted: list[Candidate] = field(default_factory=list)
    rejected: list[Candidate] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def select(review: ReviewFile, ids: list[str], group: str | None) -> list[Candidate]:
    """The pending candidates named by id or by group."""
    chosen: list[Candidate] = []
    problems = []
    for cid in ids:
        c = review.find(cid)
        if c is None:
            problems.append(InputProblem(Location(review.source.id), "no such candidate", cid))
        elif c.state == "pending":
            chosen.append(c)
    if group:
        members = [c for c in review.candidates if c.group == group]
        if not members:
            problems.append(InputProblem(Location(review.source.id), "no such group", group))
        chosen.extend(c for c in members if c.state == "pending" and c not in chosen)
    if problems:
        raise InputError(problems)
    return chosen


def reject(review_dir: Path, source_id: str, ids: list[str], group: str | None) -> Decision:
    """Reject candidates; they are remembered so a re-ingest does not ask again."""
    review = read_review(review_dir, source_id)
    chosen = select(review, ids, group)
    for c in chosen:
        c.state = "rejected"
    remember_rejections(review_dir, source_id, chosen)
    write_review(review_dir, review)
    return Decision(rejected=chosen)


def accept(
    review_dir: Path,
    seed_dir: Path,
    source_id: str,
    ids: list[str],
    group: str | None = None,
    edits: dict[str, dict[str, Any]] | None = None,
) -> Decision:
    """Accept candidates (``edits``: candidate id → fields to change first) into ``seed_dir``.

    Raises:
        InputError: a record that does not validate (named by candidate and field), or a seed
            that would no longer read; nothing is written then.
    """
    review = read_review(review_dir, source_id)
    chosen = select(review, ids, group)
    for c in chosen:
        for key, value in (edits or {}).get(c.id, {}).items():
            c.record[key] = value
    texts = _new_texts(seed_dir, review, chosen)
    _check_in_copy(seed_dir, texts)
    for name, text in texts.items():
        write_atomic(seed_dir / name, text)
    for c in chosen:
        c.state = "accepted"
    write_review(review_dir, review)
    return Decision(accepted=chosen, files=sorted(texts))


def _check_in_copy(seed_dir: Path, texts: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="metrokg-accept-") as tmp:
        copy = Path(tmp) / "seed"
        shutil.copytree(seed_dir, copy)
        for name, text in texts.items():
            (copy / name).write_text(text, encoding="utf-8")
        try:
            read_seed(copy)
        except InputError as exc:
            problems = [
                InputProblem(
                    Location(
                        str(seed_dir / Path(p.location.file).name),
                        p.location.line,
                        p.location.record,
                        p.location.field,
                    ),
                    p.reason,
                    p.value,
                    "the accepted records would make the seed invalid; nothing was written",
                )
                for p in exc.problems
            ]
            raise InputError(problems) from None


def _line_ref(source_id: str, c: Candidate) -> str:
    return f"{source_id}-l{c.evidence.line}"


def _new_texts(seed_dir: Path, review: ReviewFile, chosen: list[Candidate]) -> dict[str, str]:
    texts: dict[str, str] = {}
    problems: list[InputProblem] = []
    source_id = review.source.id
    accepted_rows: list[dict[str, str]] = []

    def current(name: str) -> str:
        if name not in texts:
            path = seed_dir / name
            texts[name] = path.read_text(encoding="utf-8") if path.is_file() else ""
        return texts[name]

    for c in chosen:
        ref = _line_ref(source_id, c)
        try:
            key = _apply(c, ref, current, texts)
        except (ValidationError, ValueError) as exc:
            problems.append(_problem(c, exc))
            continue
        accepted_rows.append({"file": c.file, "record": key, "line": str(c.evidence.line)})
    if problems:
        raise InputError(problems)
    texts[SOURCES_FILE] = _sources_text(seed_dir, review, accepted_rows)
    return texts


def _problem(c: Candidate, exc: Exception) -> InputProblem:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or None
        reason = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "missing":
            reason = "required field is missing (edit the candidate first)"
        return InputProblem(Location(f"candidate {c.id}", None, c.file, where), reason)
    return InputProblem(Location(f"candidate {c.id}", None, c.file), str(exc))


def _apply(c: Candidate, ref: str, current: Any, texts: dict[str, str]) -> str:
    """Put candidate ``c`` into the new text of its seed file; return its record key."""
    rec = dict(c.record)
    status = c.relation.status
    if c.kind == "member":
        row = {k: str(rec.get(k) or "") for k in MEMBERSHIP_COLUMNS}
        Membership.model_validate({k: (v or None) for k, v in row.items()})
        key = f"{row['area']} {row['role']} {row['unit']}"
        if status == "new":
            texts[c.file] = _append_csv(current(c.file), row)
        elif status == "differs":
            texts[c.file] = _replace_csv(current(c.file), row)
        return key
    if c.kind == "figure":
        area = str(rec.pop("area"))
        rec["source"] = ref
        Figure.model_validate(_typed(rec))
        if status == "new":
            texts[c.file] = _add_figure(current(c.file), area, rec)
        elif status == "differs":
            raise ValueError(
                "a changed figure is not rewritten automatically; edit areas.yaml by hand"
            )
        return area
    if c.kind == "agency":
        rec.pop("part_of_name", None)
    rec["sources"] = [ref]
    model = MODEL_OF[c.file]
    if status == "new":
        model.model_validate(_typed(rec))
        texts[c.file] = _append_yaml(current(c.file), rec)
    elif status == "differs":
        fields = {ch.field: rec[ch.field] for ch in c.relation.changes if ch.field in rec}
        texts[c.file] = _replace_fields(current(c.file), str(rec["id"]), fields)
    return str(rec["id"])


def _typed(rec: dict[str, Any]) -> dict[str, Any]:
    """Empty text means absent (a field the reviewer has still to fill in is missing)."""
    return {k: v for k, v in rec.items() if v not in ("", None, [])}


def _append_yaml(text: str, rec: dict[str, Any]) -> str:
    block = dump([_typed(rec)])
    sep = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    return text + sep + block


def _record_block(lines: list[str], rid: str) -> tuple[int, int]:
    start = next((i for i, ln in enumerate(lines) if ln.strip() == f"- id: {rid}"), -1)
    if start < 0:
        raise ValueError(f"record {rid!r} not found in its seed file")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- ")), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return start, end


def _scalar(value: Any) -> str:
    return dump(value).removesuffix("\n...\n").strip()


def _replace_fields(text: str, rid: str, fields: dict[str, Any]) -> str:
    lines = text.split("\n")
    start, end = _record_block(lines, rid)
    for key, value in fields.items():
        new = f"  {key}: {_scalar(value)}"
        for i in range(start + 1, end):
            m = TOP_SCALAR.match(lines[i])
            if m and m.group("key") == key:
                lines[i] = new
                break
        else:
            lines.insert(start + 1, new)
            end += 1
    return "\n".join(lines)


def _add_figure(text: str, area: str, fig: dict[str, Any]) -> str:
    lines = text.split("\n")
    start, end = _record_block(lines, area)
    item = dump([_typed(fig)]).rstrip("\n").split("\n")
    block = [f"  {ln}" for ln in item]
    if not any(ln.startswith("  figures:") for ln in lines[start:end]):
        block.insert(0, "  figures:")
    lines[end:end] = block
    return "\n".join(lines)


def _csv_line(row: dict[str, str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([row[k] for k in MEMBERSHIP_COLUMNS])
    return out.getvalue()


def _append_csv(text: str, row: dict[str, str]) -> str:
    if not text:
        text = ",".join(MEMBERSHIP_COLUMNS) + "\n"
    if not text.endswith("\n"):
        text += "\n"
    return text + _csv_line(row)


def _replace_csv(text: str, row: dict[str, str]) -> str:
    rows = list(csv.DictReader(io.StringIO(text)))
    out = [",".join(MEMBERSHIP_COLUMNS) + "\n"]
    replaced = False
    for old in rows:
        if (old["area"], old["unit"]) == (row["area"], row["unit"]) and not replaced:
            keep = {k: old.get(k) or "" for k in MEMBERSHIP_COLUMNS}
            keep.update({k: v for k, v in row.items() if k in ("role", "coverage", "excludes")})
            out.append(_csv_line(keep))
            replaced = True
        else:
            out.append(_csv_line({k: old.get(k) or "" for k in MEMBERSHIP_COLUMNS}))
    if not replaced:
        out.append(_csv_line(row))
    return "".join(out)


def _sources_text(seed_dir: Path, review: ReviewFile, rows: list[dict[str, str]]) -> str:
    path = seed_dir / SOURCES_FILE
    records: list[dict[str, Any]] = []
    if path.is_file():
        for raw in read_yaml_records(path):
            records.append(_plain(raw))
    src = review.source
    entry = next((r for r in records if r.get("id") == src.id), None)
    if entry is None:
        entry = {
            "id": src.id,
            "title": src.title,
            "date": src.date,
            "file": src.file,
            "sha256": src.sha256,
            "accepted": [],
        }
        records.append(entry)
    elif entry.get("sha256") != src.sha256:
        raise InputError(
            [
                InputProblem(
                    Location(display_path(path), None, src.id, "sha256"),
                    "source id already registered for another file",
                    src.sha256,
                    "ingest the new file under a new --source-id",
                )
            ]
        )
    accepted = entry.setdefault("accepted", [])
    for row in rows:
        if row not in accepted:
            accepted.append(row)
    return SOURCES_HEADER + dump(records)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
