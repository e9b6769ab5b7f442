"""`python -m advisor serve`: the gunicorn settings it runs with, and the worker's warm-up."""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from advisor import create_app, serving, sqlite_wal_bug
from advisor.__main__ import main
from advisor.enums import Specialty
from advisor.extensions import db
from advisor.models import Program
from advisor.services.catalog_cache import get_catalog_cache
from advisor.sqlite_wal_bug import has_wal_reset_bug, wal_reset_bug_warning


@pytest.fixture
def unfreeze() -> Iterator[None]:
    yield
    gc.unfreeze()


def _run_serve(tmp_path, monkeypatch, *options: str,  # type: ignore[no-untyped-def]
               env: dict[str, str] | None = None):
    """`python -m advisor serve` with a fresh instance and `env`; returns the CLI result and
    the settings gunicorn reads from the command line it would have run (None when it did not)."""
    for name in list(os.environ):
        if name.startswith(("ADVISOR_", "FLASK_", "GUNICORN_")):
            monkeypatch.delenv(name)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    assert CliRunner().invoke(main, ["setup"]).exit_code == 0
    for name in ("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_"):
        monkeypatch.setenv(name, "")  # so that it is removed again afterwards
        monkeypatch.delenv(name)
    executed: list[list[str]] = []
    monkeypatch.setattr(os, "execv", lambda _, args: executed.append(args))
    result = CliRunner().invoke(main, ["serve", *options])
    if not executed:
        return result, None

    # Read the command line the way gunicorn will, with advisor.serving read afresh (gunicorn
    # runs it as a new process would).
    from gunicorn.app.wsgiapp import WSGIApplication

    python, dash_m, module, *arguments = executed[0]
    assert (python, dash_m, module) == (sys.executable, "-m", "gunicorn")
    monkeypatch.setattr(sys, "argv", ["gunicorn", *arguments])
    monkeypatch.delitem(sys.modules, "advisor.serving")
    return result, WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").cfg


def test_serve_runs_gunicorn_with_a_worker_per_cpu_and_the_warm_up(
        tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    result, settings = _run_serve(tmp_path, monkeypatch, "--port", "5099")
    assert result.exit_code == 0, result.output
    assert settings.bind == ["127.0.0.1:5099"]
    assert (settings.workers, settings.threads) == (2, 4)
    assert settings.control_socket_disable is True
    assert settings.post_worker_init.__module__ == "advisor.serving"
    assert settings.post_worker_init.__name__ == "post_worker_init"
    # Fewer malloc arenas for the 8 threads keep the worker smaller (glibc reads it at start).
    assert os.environ["MALLOC_ARENA_MAX"] == "2"
    # Large buffers (rendered pages) go back to the system when freed, so the worker stays flat.
    assert os.environ["MALLOC_MMAP_THRESHOLD_"] == "131072"


def test_the_office_sets_workers_and_threads_and_gunicorns_own_arguments_win(
        tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    office = {serving.WORKERS_VARIABLE: "3", serving.THREADS_VARIABLE: "5"}
    _, settings = _run_serve(tmp_path, monkeypatch, env=office)
    assert (settings.workers, settings.threads) == (3, 5)

    _, settings = _run_serve(tmp_path, monkeypatch, env={
        **office, "GUNICORN_CMD_ARGS": "--workers 1 --threads 8"})
    assert (settings.workers, settings.threads) == (1, 8)


@pytest.mark.parametrize(("variable", "value"), [
    (serving.WORKERS_VARIABLE, "two"), (serving.WORKERS_VARIABLE, "0"),
    (serving.THREADS_VARIABLE, "-4"), (serving.THREADS_VARIABLE, "65"),
])
def test_serve_refuses_a_bad_worker_or_thread_count_naming_the_variable(
        tmp_path, monkeypatch, variable, value):  # type: ignore[no-untyped-def]
    result, settings = _run_serve(tmp_path, monkeypatch, env={variable: value})
    assert settings is None
    assert result.exit_code != 0
    assert f"{variable} must be a whole number from 1 to 64" in result.output
    assert repr(value) in result.output


@pytest.mark.parametrize(("cpus", "expected"), [
    (1, (1, 8)), (2, (2, 4)), (3, (3, 3)), (4, (4, 2)), (64, (4, 2)),
])
def test_one_worker_per_cpu_up_to_four_with_about_eight_threads_in_all(cpus, expected):  # type: ignore[no-untyped-def]
    assert serving.server_size({}, cpus) == expected


def test_a_set_worker_count_gets_about_eight_threads_in_all_unless_threads_are_set_too():
    assert serving.server_size({serving.WORKERS_VARIABLE: "8"}, 2) == (8, 1)
    assert serving.server_size({serving.WORKERS_VARIABLE: " 2 "}, 16) == (2, 4)
    assert serving.server_size({serving.THREADS_VARIABLE: "16"}, 1) == (1, 16)
    assert serving.server_size({serving.WORKERS_VARIABLE: "", serving.THREADS_VARIABLE: ""},
                               2) == (2, 4)


def test_the_cpus_are_those_the_process_may_run_on(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {3}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert serving.usable_cpus() == 1
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    assert serving.usable_cpus() == 16


def test_the_worker_reads_the_catalog_before_its_first_request_and_freezes_it(
        app, unfreeze):  # type: ignore[no-untyped-def]
    db.session.add(Program(acgme_id="0001", name="Program 0001", state="CA", zip="90033",
                           specialty=Specialty.INTERNAL_MEDICINE))
    db.session.commit()

    serving.post_worker_init(SimpleNamespace(wsgi=app, age=2))

    # The cache hands out the programs it read at warm-up, and the cycle collector no longer
    # walks them (frozen objects are left out of gc.get_objects()).
    [program] = get_catalog_cache(app).programs([Specialty.INTERNAL_MEDICINE])
    assert program.county == "Los Angeles County"
    assert all(obj is not program for obj in gc.get_objects())
    # The pages' templates are compiled before the first request, not by it.
    assert {"advice/_content.html", "students/form.html"} <= {
        name for _, name in app.jinja_env.cache.keys()}


def test_a_worker_whose_database_cannot_be_read_still_starts(
        tmp_path, monkeypatch, caplog, unfreeze):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    empty = create_app({"TESTING": True, "SEASON_YEAR": 2026,
                        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})
    with caplog.at_level(logging.WARNING, logger="gunicorn.error"):
        serving.post_worker_init(SimpleNamespace(wsgi=empty, age=2))
    assert "warm-up skipped" in caplog.text


@pytest.mark.parametrize(("version", "affected"), [
    ("3.6.23", False), ("3.7.0", True), ("3.40.1", True), ("3.44.5", True), ("3.44.6", False),
    ("3.45.0", True), ("3.50.6", True), ("3.50.7", False), ("3.51.2", True),
    ("3.51.3", False), ("3.52.0", False),
])
def test_the_sqlite_releases_with_the_wal_reset_bug(version, affected):  # type: ignore[no-untyped-def]
    assert has_wal_reset_bug(version) is affected


def test_the_first_worker_warns_once_about_an_sqlite_with_the_wal_reset_bug(
        app, monkeypatch, caplog, unfreeze):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sqlite_wal_bug.sqlite3, "sqlite_version", "3.40.1")
    monkeypatch.setattr(sqlite_wal_bug.wal_reset_bug_warning, "__defaults__", ("3.40.1",))
    with caplog.at_level(logging.WARNING, logger="gunicorn.error"):
        serving.post_worker_init(SimpleNamespace(wsgi=app, age=1))
        serving.post_worker_init(SimpleNamespace(wsgi=app, age=2))
    warnings = [r.getMessage() for r in caplog.records if "WAL-reset bug" in r.getMessage()]
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert len(warnings) == 1
        assert "SQLite 3.40.1" in warnings[0] and "3.51.3" in warnings[0]
    else:  # PostgreSQL has no such bug
        assert warnings == []


def test_no_warning_for_a_fixed_sqlite_or_for_postgresql():
    assert wal_reset_bug_warning("sqlite:////srv/advisor.sqlite3", "3.51.3") is None
    assert wal_reset_bug_warning("sqlite:////srv/advisor.sqlite3", "3.50.7") is None
    assert wal_reset_bug_warning("postgresql+psycopg://u@h/db", "3.40.1") is None
    assert "3.40.1" in (wal_reset_bug_warning("sqlite:////srv/advisor.sqlite3", "3.40.1") or "")
