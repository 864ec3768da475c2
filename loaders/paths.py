"""Where metrokg's files are: the shipped seed and the data directory (no heavy imports, so the
command line can name its defaults without loading the pipeline)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEED = REPO_ROOT / "seed"


def default_data_dir() -> Path:
    """``$METROKG_DATA_DIR``, else ``~/.local/share/metrokg``."""
    env = os.environ.get("METROKG_DATA_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "metrokg"
