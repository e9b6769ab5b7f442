"""Gunicorn settings for Match Advisor: `gunicorn -c python:advisor.serving 'advisor:create_app()'`.

`python -m advisor serve` uses them. Workers and threads follow the CPUs the server may use
(`server_size`); ADVISOR_SERVER_WORKERS and ADVISOR_SERVER_THREADS set them, and gunicorn's own
command line and GUNICORN_CMD_ARGS (`--workers 3 --threads 4`) win over both.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Mapping
from typing import Any, NamedTuple

# One worker process per CPU, so requests run on every core (threads of one process share the
# interpreter's lock, hence one core), up to this many: each worker holds its own ZIP table,
# catalog and page cache, about 130 MiB.
MAX_DEFAULT_WORKERS = 4
# Threads across all workers: enough for pages that wait on the database to overlap.
TOTAL_THREADS = 8
MAX_WORKERS = 64
MAX_THREADS = 64
# Read from the environment, not the app's config: gunicorn's master reads these settings
# before any app exists.
WORKERS_VARIABLE = "ADVISOR_SERVER_WORKERS"
THREADS_VARIABLE = "ADVISOR_SERVER_THREADS"


class ServerSize(NamedTuple):
    workers: int
    threads: int


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask), else the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform (macOS)
        return os.cpu_count() or 1


def server_size(environ: Mapping[str, str], cpus: int) -> ServerSize:
    """Workers and threads per worker: as ADVISOR_SERVER_WORKERS / ADVISOR_SERVER_THREADS say,
    else one worker per CPU up to MAX_DEFAULT_WORKERS, with about TOTAL_THREADS threads in all.
    Raises ConfigError naming the variable when one is not a whole number in range."""
    workers = _whole_number(environ, WORKERS_VARIABLE, MAX_WORKERS, "gunicorn worker processes")
    threads = _whole_number(environ, THREADS_VARIABLE, MAX_THREADS, "threads per worker")
    if workers is None:
        workers = max(1, min(cpus, MAX_DEFAULT_WORKERS))
    if threads is None:
        threads = max(1, math.ceil(TOTAL_THREADS / workers))
    return ServerSize(workers, threads)


def _whole_number(environ: Mapping[str, str], variable: str, high: int,
                  meaning: str) -> int | None:
    text = environ.get(variable, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= high:
        # Imported here: the master process need not load Flask for a valid setting.
        from advisor.config import ConfigError

        raise ConfigError(f"{variable} must be a whole number from 1 to {high} ({meaning}), "
                          f"not {text!r}.")
    return int(text)


workers, threads = server_size(os.environ, usable_cpus())
# No control socket: we do not use it, and it would be written into the user's home folder.
control_socket_disable = True


def post_worker_init(worker: Any) -> None:
    """Before the worker's first request: load what the pages read, then freeze it.

    Here and not in the master because the app is not preloaded: each worker loads its own.
    Nothing request-scoped exists yet, so everything frozen stays alive anyway. The first
    worker of the server (age 1) also warns about an SQLite with the WAL-reset bug, once.
    """
    from advisor.collector import freeze_long_lived

    if worker.age == 1:
        warn_about_sqlite(worker.wsgi)
    warm_up(worker.wsgi)
    freeze_long_lived()


def warn_about_sqlite(app: Any) -> None:
    from advisor.sqlite_wal_bug import wal_reset_bug_warning

    warning = wal_reset_bug_warning(app.config["SQLALCHEMY_DATABASE_URI"])
    if warning:
        logging.getLogger("gunicorn.error").warning("%s", warning)


def warm_up(app: Any) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from advisor.auth.passwords import dummy_hash
    from advisor.geo import load_table
    from advisor.services.catalog_cache import get_catalog_cache
    from advisor.services.evidence import office_evidence

    load_table()
    dummy_hash()  # so the first unknown email takes no longer than the others
    # Compiled once here: the first requests would otherwise compile the large advice
    # templates, each of the worker's threads on its own, while the others wait for the
    # interpreter.
    env = app.jinja_env
    for name in env.list_templates(extensions=("html",)):
        env.get_template(name)
    with app.app_context():
        try:
            get_catalog_cache(app).programs(())
            office_evidence()
        except SQLAlchemyError as exc:
            # The first request will say what is wrong with the database; serve it anyway.
            logging.getLogger("gunicorn.error").warning("warm-up skipped: %s", exc)
