"""Match Advisor: residency application strategy for International Medical Graduates."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Mapping

# Flask is imported inside create_app, so plugins importing the plugin kit (advisor.hooks)
# load neither Flask nor the host's internals.
if TYPE_CHECKING:
    from flask import Flask

__version__ = "0.1.0"

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: config, extensions, database pragmas, plugins, commands."""
    from flask import Flask

    from advisor.collector import tune_collector

    tune_collector()
    app = Flask(
        __name__,
        instance_path=os.environ.get("ADVISOR_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )

    from advisor.config import ConfigError, load_config

    try:
        load_config(app, test_config)
    except ConfigError as problem:
        from advisor.cli.setup_needed import setup_needed_app

        return setup_needed_app(app, problem)  # raises it again unless run by `flask`
    hops = app.config["PROXY_HOPS"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Flask's documented way to add WSGI middleware is to replace the method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from advisor.database import init_database
    from advisor.extensions import csrf

    init_database(app)
    csrf.init_app(app)

    # Plugins load here, once per app, never at import time.
    from advisor.plugin_registry import init_plugins

    init_plugins(app)

    from advisor.services.plugin_errors import init_plugin_errors

    init_plugin_errors(app)

    from advisor.web import id_bounds, register_web

    id_bounds.install(app)
    register_web(app)

    from advisor.api import register_api

    register_api(app)

    from advisor.cli import register_commands

    register_commands(app)

    # An import whose process was killed would otherwise hold the import lock and its file.
    from advisor.services.import_jobs import recover_interrupted_jobs

    recover_interrupted_jobs(app)
    return app
