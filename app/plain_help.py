"""Help as click prints it: ``TEXT``, ``INTEGER``, ``DIRECTORY`` after an option, nothing after a
flag or an argument — not the type tags (``<bool>``, ``<list[str]>``) typer 0.29 adds."""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperGroup, TyperOption

CLICK_NAMES = {
    "str": "TEXT",
    "int": "INTEGER",
    "float": "FLOAT",
    "bool": "",
    "dir": "DIRECTORY",
    "directory": "DIRECTORY",
    "file": "FILE",
    "path": "PATH",
}


def click_metavar(tag: str) -> str:
    """Click's name for typer's type tag: ``<list[str]>`` → ``TEXT``, ``<bool>`` → ``""``."""
    inner = tag.strip().removeprefix("<").removesuffix(">")
    inner = inner.removeprefix("list[").removesuffix("]")
    return CLICK_NAMES.get(inner, inner.upper())


def _no_type(ctx: Any) -> str:
    return ""


def make_plain(command: Any, ctx: Any) -> None:
    """Give every option of ``command`` (its help option too) click's metavar; arguments show
    their name in the usage line only."""
    if not hasattr(TyperOption, "display_type"):  # typer before 0.29 prints plain help itself
        return
    params = [*command.params, command.get_help_option(ctx)]
    for param in params:
        if isinstance(param, TyperOption) and param.metavar is None:
            param.metavar = "" if param.is_flag else click_metavar(param.display_type(ctx))
        elif isinstance(param, TyperArgument) and param.metavar is None:
            param.metavar = (param.name or "").upper()
            param.display_type_rich = _no_type  # type: ignore[method-assign]


class PlainHelpGroup(TyperGroup):
    """A command group whose commands (and itself) print plain help."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            make_plain(command, ctx)
        return command

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None and option.metavar is None:
            option.metavar = ""
        return option
