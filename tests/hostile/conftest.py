"""Fixtures for hostile-input tests: signed-in clients, API tokens and database snapshots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, seed, settings
from sqlalchemy import select

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import Program, Student
from advisor.services.api_tokens import create_token
from advisor.services.users import create_user

from .seed import ci_seed, describe

PASSWORD = "correct horse battery"

# Bounded so the whole directory stays fast; the same app (and database) serves every example
# of one test, which is what lets the snapshot comparisons catch a write that leaked through.
# Not derandomized: each run tries new inputs. In CI the seed comes from the commit.
# derandomize is stated because Hypothesis's own "ci" profile (loaded when CI is set) turns it on.
_SETTINGS = settings(max_examples=25, deadline=None, derandomize=False,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
_SEED = ci_seed()


def HOSTILE(test: Callable[..., Any]) -> Callable[..., Any]:  # noqa: N802 (reads as a setting)
    """Decorate a @given test: hostile settings, and CI's seed when there is one."""
    test = _SETTINGS(test)
    return seed(_SEED)(test) if _SEED is not None else test


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """A failing hostile test says which seed found it."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when == "call":
        report.sections.append(("Hypothesis seed", describe()))


def snapshot(model: Any) -> list[tuple[Any, ...]]:
    """Every row of a table, every column, in primary-key order."""
    db.session.expire_all()
    columns = [c.name for c in model.__table__.columns]
    rows = db.session.execute(select(model.__table__).order_by(*model.__table__.primary_key))
    return [tuple(row._mapping[c] for c in columns) for row in rows]


def catalog_snapshot() -> list[tuple[Any, ...]]:
    return snapshot(Program)


def students_snapshot() -> list[tuple[Any, ...]]:
    return snapshot(Student)


@pytest.fixture
def app(csrf_app: Flask) -> Flask:
    """Every hostile-input test runs with CSRF protection on (clients send the token)."""
    return csrf_app


@pytest.fixture
def web_as(app: Flask):  # type: ignore[no-untyped-def]
    """web_as(role) -> a test client signed in as a fresh account of that role."""
    count = iter(range(1, 1000))

    def sign_in(role: Role):  # type: ignore[no-untyped-def]
        user = create_user(f"{role.value}-web-{next(count)}@office.test", PASSWORD, role)
        db.session.commit()
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.data[:300]
        return client
    return sign_in


@pytest.fixture
def token_for(app: Flask):  # type: ignore[no-untyped-def]
    """token_for(role) -> Authorization headers of a fresh account of that role."""
    count = iter(range(1, 1000))

    def make(role: Role) -> dict[str, str]:
        user = create_user(f"{role.value}-api-{next(count)}@office.test", PASSWORD, role)
        new = create_token(user, "hostile tests")
        db.session.commit()
        return {"Authorization": f"Bearer {new.secret}"}
    return make
