"""Binds the database to the app, sets per-connection SQLite pragmas, keeps the SQLite file
private to its owner, and binds the migrations (Alembic, through Flask-Migrate) when a command
needs them."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from advisor.extensions import db
from advisor.private_files import private_sqlite_database


def init_database(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _install_sqlite_pragmas(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"],
                                    app.config["SQLITE_SYNCHRONOUS"])
            _keep_sqlite_file_private(engine, app.instance_path)


def bind_migrations(app: Flask) -> None:
    """Flask-Migrate's set-up for `app`, once: its config and its `flask db` commands.

    Only the commands that migrate call this: importing Alembic (with Mako and Pygments) cost
    every command 0.15 s and every server worker 11 MiB.
    """
    if "migrate" in app.extensions:
        return
    from flask_migrate import Migrate

    from advisor import MIGRATIONS_DIR

    Migrate(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)


def _install_sqlite_pragmas(engine: Engine, busy_timeout_ms: int, synchronous: str) -> None:
    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # Checked in load_config: FULL or NORMAL.
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()


def _keep_sqlite_file_private(engine: Engine, instance_path: str) -> None:
    database = engine.url.database
    if not database or database == ":memory:" or engine.url.query.get("uri"):
        return

    @event.listens_for(engine, "do_connect")
    def before_connecting(*_args: Any) -> None:
        # Before SQLite opens (and perhaps creates) the file: it would make it 0644.
        private_sqlite_database(database, instance_path)
