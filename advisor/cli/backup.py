"""`flask --app advisor backup PATH` and `restore PATH`: copies of the SQLite database."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from advisor.extensions import db
from advisor.services.backup import BackupError, PostgresTools, backup, restore

_PATH = click.Path(dir_okay=False, path_type=Path)


@click.command("backup", short_help="Copy the database to a file, safely while the app runs.")
@click.argument("path", type=_PATH)
@click.option("--force", is_flag=True,
              help="Overwrite PATH if it is an existing file (never the database itself, its "
                   "-wal, -shm or -journal file, or anything but a regular file).")
@with_appcontext
def backup_command(path: Path, force: bool) -> None:
    """Copy the SQLite database to PATH, a single self-contained file.

    Safe while the app is serving: the copy is one consistent snapshot. On PostgreSQL this
    prints how to use pg_dump instead.
    """
    copied = _run(backup, path, force)
    click.echo(f"Backed up {copied.source} to {copied.target} ({copied.describe()}).")


@click.command("restore", short_help="Replace the database with a backup file.")
@click.argument("path", type=_PATH)
@click.option("--force", is_flag=True,
              help="Restore even a file that does not look like a Match Advisor database.")
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """Replace the SQLite database's contents with the backup at PATH.

    Stop the app first: edits made while restoring are lost. Run `flask --app advisor db
    upgrade` afterwards if the backup is from an older version. On PostgreSQL this prints
    how to use pg_restore instead.
    """
    copied = _run(restore, path, force)
    # Connections pooled before the restore may cache the old schema.
    db.engine.dispose()
    click.echo(f"Restored {copied.source} into {copied.target} ({copied.describe()}).")


def _run(action, path: Path, force: bool):
    try:
        return action(current_app.config["SQLALCHEMY_DATABASE_URI"], path, force=force)
    except PostgresTools as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
