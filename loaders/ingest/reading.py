"""Read a report to ingest: UTF-8 text or Markdown, or PDF through pypdf.

Refused with a clear error naming the file (nothing is written): a missing file, an empty file,
a file over 20 MB, a binary file that is not a PDF, text that is not UTF-8 (GBK/GB18030 is
named as such), a PDF without extractable text.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import InputError, InputProblem, Location, display_path

MAX_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ""})


@dataclass(frozen=True)
class SourceText:
    """The text of a report with what identifies the file."""

    file: str
    name: str
    sha256: str
    text: str
    lines: list[str]


def _refuse(path: Path, reason: str, hint: str = "") -> InputError:
    return InputError([InputProblem(Location(display_path(path)), reason, hint=hint)])


def _looks_gbk(data: bytes) -> bool:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def _pdf_text(path: Path, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not for the user

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise _refuse(path, f"not a readable PDF ({exc})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise _refuse(
            path, "the PDF has no extractable text", "a scanned PDF needs OCR before ingest"
        )
    return text


def decode_text(path: Path, data: bytes) -> str:
    """Decode ``data`` as UTF-8 (a BOM is dropped), refusing binary and GBK input."""
    if b"\x00" in data[:8192]:
        raise _refuse(path, "a binary file, not text", "ingest reads UTF-8 text, Markdown or PDF")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if _looks_gbk(data):
            raise InputError(
                [
                    InputProblem(
                        Location(display_path(path), line),
                        "not UTF-8: the bytes look like GBK/GB18030",
                        hint="convert it first, e.g. iconv -f GB18030 -t UTF-8",
                    )
                ]
            ) from None
        raise InputError(
            [
                InputProblem(
                    Location(display_path(path), line),
                    "not UTF-8 text (a binary file?)",
                    hint="ingest reads UTF-8 text, Markdown or PDF",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def read_source(path: Path) -> SourceText:
    """Read ``path`` into a :class:`SourceText`, or raise a located :class:`InputError`."""
    if not path.is_file():
        raise _refuse(path, "file not found")
    size = path.stat().st_size
    if size == 0:
        raise _refuse(path, "the file is empty")
    if size > MAX_BYTES:
        raise _refuse(path, f"the file is {size / 1e6:.1f} MB; ingest reads at most 20 MB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(path, f"cannot read the file ({exc.strerror})") from None
    text = _pdf_text(path, data) if data.startswith(PDF_MAGIC) else decode_text(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _refuse(path, "the file holds no text (only white space)")
    return SourceText(
        file=display_path(path),
        name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        lines=text.split("\n"),
    )
