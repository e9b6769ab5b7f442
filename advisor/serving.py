"""Gunicorn settings for Match Advisor: `gunicorn -c python:advisor.serving 'advisor:create_app()'`.

`python -m advisor serve` uses them. Options given on gunicorn's command line win, e.g.
`--workers 4 --threads 4` on PostgreSQL.
"""

from __future__ import annotations

import logging
from typing import Any

# One worker: SQLite allows one writer at a time. Its threads serve requests side by side.
workers = 1
threads = 8
# No control socket: we do not use it, and it would be written into the user's home folder.
control_socket_disable = True


def post_worker_init(worker: Any) -> None:
    """Before the worker's first request: load what the pages read, then freeze it.

    Here and not in the master because the app is not preloaded: each worker loads its own.
    Nothing request-scoped exists yet, so everything frozen stays alive anyway.
    """
    from advisor.collector import freeze_long_lived

    warm_up(worker.wsgi)
    freeze_long_lived()


def warm_up(app: Any) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from advisor.auth.passwords import dummy_hash
    from advisor.geo import load_table
    from advisor.services.catalog_cache import get_catalog_cache
    from advisor.services.evidence import office_evidence

    load_table()
    dummy_hash()  # so the first unknown email takes no longer than the others
    # Compiled once here: the first requests would otherwise compile the large advice
    # templates, each of the 8 threads on its own, while the others wait for the interpreter.
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
