"""Fixtures for the security tests: accounts of each role and clients signed in as them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD


@pytest.fixture
def app(csrf_app: Flask) -> Flask:
    """Every security test runs with CSRF protection on (clients send the token)."""
    return csrf_app


@pytest.fixture
def sign_in(app: Flask) -> Callable[..., FlaskClient]:
    """sign_in(email) -> a new test client signed in with that account's password."""
    def open_session(email: str) -> FlaskClient:
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.data
        return client
    return open_session
