"""Every word the command line writes itself has a Chinese form, Chinese first.

Driven by the source: every message given to ``fail`` or printed with ``out.print`` /
``err.print`` / ``_progress``, every ``help=`` text and every command's first help line in the
command modules is read from the syntax tree, so a message added later in English only fails
here. Details that come from elsewhere (an exception's text, a file name) are not literals and
are not checked; the frame around them is.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app

REPO = Path(__file__).resolve().parents[2]
MODULES = [
    REPO / "app" / "cli.py",
    REPO / "app" / "ingest_cli.py",
    REPO / "loaders" / "pipeline.py",
]
CJK = re.compile(r"[\u4e00-\u9fff]")
WORDS = re.compile(r"[A-Za-z]{3,}")
MESSAGE_CALLS = {"fail", "_progress", "progress"}
PRINT_OWNERS = {"out", "err"}


def _literal_text(node: ast.expr) -> str | None:
    """The literal parts of a string or f-string argument (None for other expressions)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    return None


def _messages(path: Path) -> list[tuple[int, str]]:
    """(line, literal text) of every message the module writes for a person to read."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        is_message = isinstance(func, ast.Name) and func.id in MESSAGE_CALLS
        is_print = (
            isinstance(func, ast.Attribute)
            and func.attr == "print"
            and isinstance(func.value, ast.Name)
            and func.value.id in PRINT_OWNERS
        )
        if not (is_message or is_print):
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.args:
            arg = arg.args[0]  # Text(...), terminal_safe(...)
            if isinstance(arg, ast.Call) and arg.args:
                arg = arg.args[0]
        text = _literal_text(arg)
        if text is not None and WORDS.search(text):
            found.append((node.lineno, text))
    return found


def _helps(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every ``help=`` and every command's first docstring line."""
    found: list[tuple[int, str]] = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "help":
            text = _literal_text(node.value)
            if text is not None:
                found.append((node.value.lineno, text))
        if isinstance(node, ast.FunctionDef) and any(
            isinstance(d, ast.Call)
            and isinstance(d.func, ast.Attribute)
            and d.func.attr == "command"
            for d in node.decorator_list
        ):
            doc = ast.get_docstring(node) or ""
            found.append((node.lineno, doc.split("\n", 1)[0]))
    return found


MESSAGES = [(p.name, line, text) for p in MODULES for line, text in _messages(p)]
HELPS = [(p.name, line, text) for p in MODULES[:2] for line, text in _helps(p)]


def test_the_source_has_messages_to_check() -> None:
    # the walk finds the messages (a broken walk would pass every check below vacuously)
    assert len(MESSAGES) > 60 and len(HELPS) > 50


@pytest.mark.parametrize(("module", "line", "text"), MESSAGES)
def test_every_message_is_chinese_first(module: str, line: int, text: str) -> None:
    assert CJK.search(text), f"{module}:{line}: no Chinese in {text!r}"
    # "中文 / English": the Chinese form first, then the English one
    if " / " in text:
        zh, _, en = text.partition(" / ")
        assert CJK.search(zh) and WORDS.search(en), f"{module}:{line}: {text!r}"


@pytest.mark.parametrize(("module", "line", "text"), HELPS)
def test_every_help_text_is_chinese_first(module: str, line: int, text: str) -> None:
    assert CJK.match(text) or CJK.search(text.split(" / ")[0]), f"{module}:{line}: {text!r}"


def test_an_error_reads_chinese_then_english() -> None:
    done = CliRunner().invoke(app, ["query", "no-such-question"])
    assert done.exit_code == 2
    assert done.stderr.startswith("错误 error: 没有名为 'no-such-question' 的问题")
    assert "/ no question named 'no-such-question'" in done.stderr


def test_the_command_list_reads_chinese() -> None:
    done = CliRunner().invoke(app, ["--help"])
    assert done.exit_code == 0
    lines = [ln.strip() for ln in done.stdout.splitlines() if ln.startswith("  ")]
    commands = [ln for ln in lines if ln.split(" ", 1)[0] in {"validate", "load", "query"}]
    assert len(commands) == 3
    for line in commands:
        assert CJK.search(line.split(None, 1)[1]), line
