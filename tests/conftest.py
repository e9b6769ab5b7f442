"""Shared fixtures: an app on a fresh database per test, a CLI runner and a test client."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from advisor import create_app
from advisor.enums import Role
from advisor.extensions import db
from advisor.services.users import create_user

# The password make_user gives every account.
PASSWORD = "correct horse battery"


def pytest_configure(config: pytest.Config) -> None:
    """On PostgreSQL, give each xdist worker a database of its own.

    Workers would otherwise create and drop the same tables under each other. The worker's
    database (`<name>_gw0`, ...) is made afresh through a maintenance connection, and
    ADVISOR_DATABASE_URL is pointed at it for the whole worker process.
    """
    url = os.environ.get("ADVISOR_DATABASE_URL", "")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url.startswith("postgresql") or not worker:
        return
    import sqlalchemy as sa

    base = sa.make_url(url)
    name = f"{base.database}_{worker}"
    maintenance = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with maintenance.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    maintenance.dispose()
    os.environ["ADVISOR_DATABASE_URL"] = base.set(database=name).render_as_string(
        hide_password=False)


def pytest_report_header(config: pytest.Config) -> str:
    from tests.hostile.seed import describe

    return describe()


def database_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    """ADVISOR_DATABASE_URL when set (e.g. PostgreSQL in CI), else a SQLite file per test."""
    return os.environ.get("ADVISOR_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"


class IsolatedClient(FlaskClient):
    """Runs every request in its own app context, as a real server does.

    The `app` fixture keeps an app context open for the test body; without this, requests
    would share its `g` and database session, and stale state could hide real bugs.
    """

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        with self.application.app_context():
            return super().open(*args, **kwargs)


class CsrfClient(IsolatedClient):
    """Sends the session's CSRF token with every state-changing request, as a page of the app
    would; `csrf=False` leaves it out, as a forged cross-site form would."""

    def open(self, *args, csrf: bool = True, **kwargs):  # type: ignore[no-untyped-def]
        if csrf and str(kwargs.get("method", "GET")).upper() in ("POST", "PUT", "PATCH", "DELETE"):
            kwargs["headers"] = {"X-CSRFToken": self.csrf_token(), **dict(kwargs.get("headers") or {})}
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        """The token a form rendered now, for this client's session, would carry."""
        from flask.ctx import RequestContext
        from flask.testing import EnvironBuilder
        from flask_wtf.csrf import generate_csrf

        app = self.application
        with self.session_transaction() as session:
            environ = EnvironBuilder(app).get_environ()
            # A fresh app context: generate_csrf caches the token in `g`.
            with app.app_context(), RequestContext(app, environ, session=session):
                return generate_csrf()


@pytest.fixture
def csrf_app(app: Flask) -> Flask:
    """`app` with CSRF protection on, as in production, and clients that send the token."""
    app.config["WTF_CSRF_ENABLED"] = True
    app.test_client_class = CsrfClient
    return app


@pytest.fixture
def app(tmp_path, monkeypatch) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    instance = tmp_path / "instance"
    instance.mkdir()
    # Keep the developer's own instance/config.py and secret out of the tests.
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(instance))
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "SEASON_YEAR": 2026,
        "WTF_CSRF_ENABLED": False,
    })
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        # Close pooled connections now: PostgreSQL has a fixed number of connection slots,
        # and a few hundred apps each keeping a pool would use them all up.
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., object]:
    """make_user(role, email) -> a committed account with PASSWORD (email from the role)."""
    def make(role: Role = Role.ADVISOR, email: str | None = None):  # type: ignore[no-untyped-def]
        user = create_user(email or f"{role.value}@office.test", PASSWORD, role)
        db.session.commit()
        return user
    return make


@pytest.fixture
def sign_in(advisor_app: Flask) -> Callable[[Role], FlaskClient]:
    """sign_in(role) -> a client of `advisor_app` (the pytest plugin's app, with its small
    catalog) signed in with a new account of that role."""
    def make(role: Role) -> FlaskClient:
        email = f"{role.value}@office.test"
        create_user(email, PASSWORD, role)
        db.session.commit()
        client = advisor_app.test_client()
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, f"the test {role.value} could not sign in"
        return client
    return make
