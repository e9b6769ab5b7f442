"""Alembic environment, run by Flask-Migrate inside the app context (`flask --app advisor db ...`)."""

import logging
from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context
from flask import current_app

from advisor.database import bind_migrations

# Importing the models registers every table on the metadata that autogenerate compares against.
import advisor.models  # noqa: F401

config = context.config

# Keep loggers configured before us (the app's, pytest's) working.
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

bind_migrations(current_app._get_current_object())  # e.g. the migration tests' plain app
db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def _render_item(type_, obj, autogen_context):  # type: ignore[no-untyped-def]
    # Render app column types by what they store, so revisions never import application code.
    if type_ == "type" and isinstance(obj, sa.Enum) and not obj.native_enum:
        return f"sa.String(length={obj.length})"
    if type_ == "type" and isinstance(obj, sa.types.TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


def _configure_args() -> dict:
    args = dict(current_app.extensions["migrate"].configure_args)
    # Batch mode so ALTERs work on SQLite (table copy); the same scripts then run on PostgreSQL.
    args.setdefault("render_as_batch", True)
    args.setdefault("compare_type", True)
    args.setdefault("process_revision_directives", _skip_empty_autogenerate)
    args.setdefault("render_item", _render_item)
    return args


def _skip_empty_autogenerate(context, revision, directives):  # type: ignore[no-untyped-def]
    # `db migrate` with no model changes should not leave an empty revision behind.
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=db.metadata,
        literal_binds=True,
        **_configure_args(),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # A caller (e.g. the migration tests) may hand us an engine or a connection to use.
    given = config.attributes.get("connection") or db.engine
    if isinstance(given, sa.Connection):
        _run_on(given)
        return
    with given.connect() as connection:
        _run_on(connection)


def _run_on(connection: sa.Connection) -> None:
    context.configure(connection=connection, target_metadata=db.metadata, **_configure_args())
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
