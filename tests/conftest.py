"""Shared fixtures: an app on a fresh database per test, a CLI runner and a test client."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from advisor import create_app
from advisor.extensions import db


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


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()
