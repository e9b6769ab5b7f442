"""Fixtures for the security tests: accounts of each role and clients signed in as them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from advisor.enums import Role
from advisor.extensions import db
from advisor.services.users import create_user

PASSWORD = "correct horse battery"


@pytest.fixture
def make_user(app: Flask) -> Callable[..., object]:
    def make(role: Role = Role.ADVISOR, email: str | None = None):  # type: ignore[no-untyped-def]
        user = create_user(email or f"{role.value}@office.test", PASSWORD, role)
        db.session.commit()
        return user
    return make


@pytest.fixture
def sign_in(app: Flask) -> Callable[..., FlaskClient]:
    """sign_in(email) -> a new test client signed in with that account's password."""
    def open_session(email: str) -> FlaskClient:
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.data
        return client
    return open_session
