"""Located input errors: every rejected input names its file, line, record and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a value came from: a file, a 1-based line, the record id and the field."""

    file: str
    line: int | None = None
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.record:
            parts.append(f"记录 record {self.record!r}")
        if self.field:
            parts.append(f"字段 field {self.field!r}")
        return ", ".join(parts)


@dataclass(frozen=True)
class InputProblem:
    """One located problem with an input record."""

    location: Location
    reason: str
    value: object = None
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.reason}"
        if self.value is not None:
            shown = repr(self.value)
            if len(shown) > 80:
                shown = shown[:77] + "..."
            text += f"（值 value {shown}）"
        if self.hint:
            text += f"；{self.hint}"
        return text


class InputError(Exception):
    """One or more located input problems; nothing was loaded."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_path(path: Path) -> str:
    """Return a short, stable name for ``path`` (relative to the cwd where possible)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
