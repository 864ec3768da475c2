"""Servers listen on 127.0.0.1 only; the database wants a password, generated on first start
and kept with the data (mode 0600), never in the repository."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
import redis
from typer.testing import CliRunner

from app import cli
from app.cli import app
from loaders.graph import server
from tests.reliability.drills import REPO


def listening_addresses(port: int) -> set[str]:
    found = set()
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        for line in Path(table).read_text(encoding="ascii").splitlines()[1:]:
            fields = line.split()
            address, local = fields[1].rsplit(":", 1)
            if fields[3] != "0A" or int(local, 16) != port:
                continue
            raw = bytes.fromhex(address)
            words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(socket.inet_ntop(family, words))
    return found


def test_the_graph_server_is_loopback_only_and_password_protected(app_data_dir: Path) -> None:
    info = server.status(server.ServerConfig(data_dir=app_data_dir))
    assert info is not None
    assert listening_addresses(info.port) == {"127.0.0.1"}
    password = app_data_dir / "falkordb" / "password"
    assert stat.S_IMODE(password.stat().st_mode) == 0o600
    assert password.read_text().strip() == info.password and len(info.password) >= 32
    anonymous = redis.Redis(host="127.0.0.1", port=info.port, socket_timeout=5)
    with pytest.raises(redis.exceptions.AuthenticationError):
        anonymous.execute_command("GRAPH.LIST")
    anonymous.close()


def test_the_explorer_listens_on_loopback_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    commands: list[list[str]] = []

    def fake_run(command: list[str], env: dict[str, str]) -> int:
        commands.append(command)
        return 0

    monkeypatch.setattr(cli, "run_child_until_signalled", fake_run)
    result = CliRunner().invoke(app, ["explore", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    command = commands[0]
    assert command[command.index("--server.address") + 1] == "127.0.0.1"


def test_no_password_or_database_files_in_the_repository() -> None:
    skip = {".git", ".venv", "node_modules", ".hypothesis", ".mypy_cache", ".ruff_cache"}
    found = []
    for root, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in files:
            if name in ("password", "redis.conf", "state.json") or name.endswith((".aof", ".rdb")):
                found.append(os.path.join(root, name))
    assert found == []
