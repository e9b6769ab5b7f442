"""`python -m advisor setup|serve`: first-run setup and the production server."""

from __future__ import annotations

import os
import sys

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from advisor import create_app
from advisor.config import ConfigError, ensure_secret_key_file
from advisor.database import bind_migrations
from advisor.extensions import db
from advisor.models import Program
from advisor.private_files import private_folder


@click.group(help="Set up and serve Match Advisor.")
def main() -> None:
    pass


@main.command(short_help="Prepare the instance folder and database.",
              help="Create the instance folder and secret key, migrate the database and, "
                   "with --demo, load the demo data into an empty catalog.")
@click.option("--demo/--no-demo", default=False, show_default=True,
              help="Load the fictional demo catalog and students if the catalog is empty.")
def setup(demo: bool) -> None:
    # The folder holds the key and the database: only its owner may open it.
    private_folder(_instance_path())
    # The key must exist before create_app, which refuses to start without one.
    key_file = ensure_secret_key_file(_instance_path())
    click.echo(f"Secret key: {key_file}")
    app = create_app()
    bind_migrations(app)
    with app.app_context():
        upgrade()
        click.echo(f"Database at the latest schema: {db.engine.url.render_as_string()}")
        _refresh_default_strategy_tiers()
        if demo:
            _load_demo_if_empty()
            _ensure_demo_admin()


def _instance_path() -> str:
    # The same folder create_app will use: the env override, else Flask's default for us.
    return os.environ.get("ADVISOR_INSTANCE_PATH") or Flask("advisor").instance_path


def _load_demo_if_empty() -> None:
    programs = db.session.scalar(select(func.count()).select_from(Program)) or 0
    if programs:
        click.echo(f"Demo data skipped: the catalog already has programs ({programs}).")
        return
    try:
        from advisor.demo.loader import load_demo
    except ImportError as exc:
        raise click.ClickException(f"the demo data loader is not available ({exc})") from exc
    click.echo(f"Demo data loaded: {load_demo()}")


DEMO_ADMIN_EMAIL = "admin@demo.example"
DEMO_CREDENTIALS_FILE = "demo-admin-password.txt"


def _ensure_demo_admin() -> None:
    """Create the demo admin with a random password, kept in the instance folder (0600) so
    every demo start can say how to sign in. Not for real data: create real accounts with
    `flask --app advisor users create`."""
    import secrets
    from pathlib import Path

    from advisor.auth.passwords import verify_password
    from advisor.enums import Role
    from advisor.services.users import create_user, find_user

    credentials = Path(_instance_path()) / DEMO_CREDENTIALS_FILE
    user = find_user(DEMO_ADMIN_EMAIL)
    if user is None:
        password = secrets.token_urlsafe(12)
        create_user(DEMO_ADMIN_EMAIL, password, Role.ADMIN)
        db.session.commit()
        credentials.touch(mode=0o600)
        credentials.write_text(password + "\n")
    password = credentials.read_text().strip() if credentials.exists() else ""
    if user is not None and not (password and verify_password(user.password_hash, password)):
        click.echo(f"Demo admin: {DEMO_ADMIN_EMAIL} (its password was changed since setup).")
        return
    click.echo(f"Demo admin: sign in as {DEMO_ADMIN_EMAIL} with password {password}")


@main.command(short_help="Serve the app.",
              help="Serve the app with gunicorn: one worker process per CPU (up to 4), about 8 "
                   "threads in all; ADVISOR_SERVER_WORKERS and ADVISOR_SERVER_THREADS set them.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    from advisor.serving import server_size, usable_cpus

    try:  # fail here with the reason, not inside a gunicorn worker's traceback
        server_size(os.environ, usable_cpus())
        app = create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    with app.app_context():
        _refresh_default_strategy_tiers()
    click.echo(f"Match Advisor at http://{host}:{port}/  (Ctrl+C stops it)")
    if app.config["SESSION_COOKIE_SECURE"]:
        click.echo("Sign-in cookies travel over HTTPS only; browsers also accept them from "
                   "http://127.0.0.1 and localhost. To serve plain http to other machines, set "
                   "ADVISOR_SESSION_COOKIE_SECURE=false (better: put a TLS proxy in front).")
    # glibc gives each thread that allocates its own malloc arena, up to 8 per core, and memory
    # freed in one is not reused by the others: two arenas kept the worker about 14 MiB smaller
    # serving 8 clients, at the same speed. Read when gunicorn starts, so set here.
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    # Blocks of 128 KiB and more (a rendered advice page is about 1 MB as text) always come
    # from mmap and go back to the system when freed. By default glibc raises that threshold
    # after the first such free, and the pages' buffers then stayed in the arenas: the worker
    # grew by 16 MiB over 1,000 advice pages, against none with this.
    os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(128 * 1024))
    # Workers, threads and the worker's warm-up are in advisor/serving.py.
    args = [sys.executable, "-m", "gunicorn", "--config", "python:advisor.serving",
            "--bind", f"{host}:{port}", "advisor:create_app()"]
    os.execv(sys.executable, args)


def _refresh_default_strategy_tiers() -> None:
    """A changed ADVISOR_DEFAULT_STRATEGIES takes effect at a restart: re-judge the stored
    tiers of the students who follow the defaults, so the list and its filter agree."""
    from advisor.services.students import refresh_default_strategy_tiers

    refreshed = refresh_default_strategy_tiers()
    db.session.commit()
    if refreshed:
        click.echo(f"Applicant tiers refreshed for {refreshed} students on the office's "
                   "default strategies.")


if __name__ == "__main__":
    main()
