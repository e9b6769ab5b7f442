"""Fixtures for view tests: accounts of each role and clients signed in as them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from advisor.enums import Role

from tests.conftest import PASSWORD


@pytest.fixture
def login(app: Flask, make_user) -> Callable[..., FlaskClient]:  # type: ignore[no-untyped-def]
    """login(role) -> a new test client signed in as a fresh user of that role."""
    def sign_in(role: Role = Role.ADVISOR, email: str | None = None) -> FlaskClient:
        user = make_user(role, email)
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.data
        return client
    return sign_in


@pytest.fixture
def admin_client(login):  # type: ignore[no-untyped-def]
    return login(Role.ADMIN)


@pytest.fixture
def advisor_client(login):  # type: ignore[no-untyped-def]
    return login(Role.ADVISOR)


@pytest.fixture
def viewer_client(login):  # type: ignore[no-untyped-def]
    return login(Role.VIEWER)


@pytest.fixture
def assessments(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """The ids of the students the advice pages assess (each costs tens of milliseconds on a
    real catalog; a page served from the cache assesses no one)."""
    from advisor.web import advice_page

    calls: list[int] = []
    real = advice_page.assess_student

    def counted(student, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(student.id)
        return real(student, *args, **kwargs)

    monkeypatch.setattr(advice_page, "assess_student", counted)
    return calls
