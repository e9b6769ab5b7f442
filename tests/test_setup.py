"""`python -m advisor setup`, run as a newcomer would: a fresh instance folder, no settings."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from advisor.__main__ import main
from advisor.config import SECRET_KEY_FILE


def _run_setup(instance: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "FLASK_"))}
    env["ADVISOR_INSTANCE_PATH"] = str(instance)
    return subprocess.run([sys.executable, "-m", "advisor", "setup", "--no-demo"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def _tables(database: Path) -> set[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


def test_setup_creates_the_secret_and_a_migrated_database_and_is_repeatable(
        tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    result = _run_setup(instance)
    assert result.returncode == 0, result.stderr

    key_file = instance / SECRET_KEY_FILE
    secret = key_file.read_text()
    assert secret.strip()
    assert {"alembic_version", "program", "student", "clinical_experience"} <= _tables(
        instance / "advisor.sqlite3")

    # Only the owner may read the key, the database and the folder holding them.
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert stat.S_IMODE((instance / "advisor.sqlite3").stat().st_mode) == 0o600

    again = _run_setup(instance)
    assert again.returncode == 0, again.stderr
    assert key_file.read_text() == secret


@pytest.fixture
def fake_loader(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """Stand in for the demo loader and record its calls."""
    calls: list[int | None] = []

    def load_demo(size: int | None = None) -> str:
        calls.append(size)
        return "42 demo programs"

    module = types.ModuleType("advisor.demo.loader")
    module.load_demo = load_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "advisor.demo.loader", module)
    return calls


@pytest.fixture
def quiet_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith(("ADVISOR_", "FLASK_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    return tmp_path / "instance"


def test_setup_demo_loads_into_an_empty_catalog(quiet_instance: Path,
                                                fake_loader: list[int | None]) -> None:
    result = CliRunner().invoke(main, ["setup", "--demo"])
    assert result.exit_code == 0, result.output
    assert fake_loader == [None]
    assert "42 demo programs" in result.output


def test_setup_demo_leaves_an_existing_catalog_alone(quiet_instance: Path,
                                                     fake_loader: list[int | None]) -> None:
    assert CliRunner().invoke(main, ["setup"]).exit_code == 0
    with sqlite3.connect(quiet_instance / "advisor.sqlite3") as connection:
        connection.execute("INSERT INTO program (acgme_id, name, specialty, updated_at) "
                           "VALUES ('1', 'Existing', 'internal_medicine', '2026-01-01')")

    result = CliRunner().invoke(main, ["setup", "--demo"])
    assert result.exit_code == 0, result.output
    assert fake_loader == []
    assert "catalog already has programs (1)" in result.output


def _flask(instance: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "FLASK_"))}
    env["ADVISOR_INSTANCE_PATH"] = str(instance)
    return subprocess.run([sys.executable, "-m", "flask", "--app", "advisor", *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_command_list_before_setup_lists_the_commands_and_says_to_run_setup(tmp_path):
    listed = _flask(tmp_path, "--help")
    assert listed.returncode == 0, listed.stderr
    assert "Traceback" not in listed.stderr
    commands = [line.split()[0] for line in listed.stdout.split("Commands:")[1].splitlines()
                if line.strip()]
    for command in ("assess", "db", "demo", "programs", "users", "tokens", "backup"):
        assert command in commands
    assert "Match Advisor is not set up yet" in listed.stderr
    assert "run `python -m advisor setup`" in listed.stderr
    # A command's own help still shows; running it does nothing and says why.
    assert "Import and export the program catalog" in _flask(tmp_path, "programs", "--help").stdout
    run = _flask(tmp_path, "users", "create", "a@office.test", "--role", "admin")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "Nothing was done: set Match Advisor up first" in run.stderr
    assert not (tmp_path / "advisor.sqlite3").exists()


def test_before_setup_only_the_flask_command_gets_the_command_list(tmp_path, monkeypatch):
    import click
    from flask.cli import ScriptInfo

    from advisor import create_app
    from advisor.config import ConfigError

    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("ADVISOR_SECRET_KEY", raising=False)
    # A server (or any other caller) is still refused outright.
    with pytest.raises(ConfigError, match="no secret key is set"):
        create_app()
    # Under `flask`, a development server would serve only the reason.
    with click.Context(click.Command("flask"), obj=ScriptInfo()):
        app = create_app()
    response = app.test_client().get("/login")
    assert response.status_code == 503
    assert b"Match Advisor is not set up yet" in response.data
