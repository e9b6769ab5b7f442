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

from advisor import create_app, serving
from advisor.__main__ import main
from advisor.enums import Specialty
from advisor.extensions import db
from advisor.models import Program
from advisor.services.catalog_cache import get_catalog_cache


@pytest.fixture
def unfreeze() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_serve_runs_gunicorn_with_one_worker_of_eight_threads_and_the_warm_up(
        tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    for name in list(os.environ):
        if name.startswith(("ADVISOR_", "FLASK_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    assert CliRunner().invoke(main, ["setup"]).exit_code == 0
    for name in ("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_"):
        monkeypatch.setenv(name, "")  # so that it is removed again afterwards
        monkeypatch.delenv(name)
    executed: list[list[str]] = []
    monkeypatch.setattr(os, "execv", lambda _, args: executed.append(args))
    result = CliRunner().invoke(main, ["serve", "--port", "5099"])
    assert result.exit_code == 0, result.output

    # Read the command line the way gunicorn will.
    from gunicorn.app.wsgiapp import WSGIApplication

    python, dash_m, module, *options = executed[0]
    assert (python, dash_m, module) == (sys.executable, "-m", "gunicorn")
    monkeypatch.setattr(sys, "argv", ["gunicorn", *options])
    settings = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").cfg
    assert settings.bind == ["127.0.0.1:5099"]
    assert (settings.workers, settings.threads) == (1, 8)
    assert settings.control_socket_disable is True
    assert settings.post_worker_init is serving.post_worker_init
    # Fewer malloc arenas for the 8 threads keep the worker smaller (glibc reads it at start).
    assert os.environ["MALLOC_ARENA_MAX"] == "2"
    # Large buffers (rendered pages) go back to the system when freed, so the worker stays flat.
    assert os.environ["MALLOC_MMAP_THRESHOLD_"] == "131072"


def test_the_worker_reads_the_catalog_before_its_first_request_and_freezes_it(
        app, unfreeze):  # type: ignore[no-untyped-def]
    db.session.add(Program(acgme_id="0001", name="Program 0001", state="CA", zip="90033",
                           specialty=Specialty.INTERNAL_MEDICINE))
    db.session.commit()

    serving.post_worker_init(SimpleNamespace(wsgi=app))

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
        serving.post_worker_init(SimpleNamespace(wsgi=empty))
    assert "warm-up skipped" in caplog.text
