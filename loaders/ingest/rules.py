"""The rules kept as data (``rules/*.yaml``), read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).resolve().parent / "rules"


@cache
def rules(name: str) -> Any:
    """The rule file ``rules/<name>.yaml``, every scalar read as text."""
    text = (RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)


def zone_aliases() -> dict[str, str]:
    """Zone alias → zone id."""
    return {row["alias"]: row["zone"] for row in rules("zones")}
