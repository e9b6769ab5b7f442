"""Fixtures for API tests: accounts with tokens, a client that sends them, a small catalog."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from advisor.enums import ProgramType, Role, Specialty
from advisor.extensions import db
from advisor.models import Program
from advisor.services.api_tokens import create_token

from tests.conftest import PASSWORD  # noqa: F401  (tests import it from here)

PROFILE: dict[str, Any] = {
    "name": "Test: R.",
    "citizenship": "non_us",
    "visa_needed": "j1",
    "step1": {"result": "pass", "attempts": 1, "score": None},
    "step2ck": {"score": 224, "attempts": 1},
    "step3": {"score": None, "passed": None},
    "graduation_year": 2023,
    "training_gap": {"months": 14, "explained": True},
    "english": {"oet": "passed", "spoken": "adequate"},
    "ecfmg_status": "in_progress",
    "clinical_experience": [{"kind": "elective", "months": 2.0, "specialty": "internal_medicine",
                             "state": "CA", "zip": "90033"}],
    "us_letters": [{"specialty": "internal_medicine", "state": "CA", "zip": "90033"}],
    "publications": 0,
    "languages": ["spanish"],
    "ties": [{"kind": "family", "state": "CA", "zip": "90012"}],
    "specialty": "internal_medicine",
    "backup_specialty": "family_medicine",
    "target_regions": ["los_angeles"],
}

LA, LA_FM, SF, PDX, NYC = ("1000000001", "1000000002", "1000000003", "1000000004",
                           "1000000005")
SEED: dict[str, dict[str, Any]] = {
    LA: dict(name="Eastside IM", institution="Eastside Hospital (fictional)", zip="90033",
             state="CA", city="Los Angeles", specialty=Specialty.INTERNAL_MEDICINE,
             program_type=ProgramType.COUNTY, img_share=0.55, visa_j1=True, visa_h1b=False,
             step2_min=220, step2_median=232, positions=40),
    LA_FM: dict(name="Boyle Heights FM", zip="90033", state="CA", city="Los Angeles",
                specialty=Specialty.FAMILY_MEDICINE, program_type=ProgramType.COMMUNITY),
    SF: dict(name="Mission IM", zip="94110", state="CA", city="San Francisco",
             specialty=Specialty.INTERNAL_MEDICINE, program_type=ProgramType.ACADEMIC,
             img_share=0.10, visa_j1=False, visa_h1b=True, step2_min=240, positions=60),
    PDX: dict(name="Portland IM", zip="97201", state="OR", city="Portland",
              specialty=Specialty.INTERNAL_MEDICINE, img_share=0.30, visa_j1=True,
              step2_min=210, positions=12),
    NYC: dict(name="Chelsea IM", zip="10001", state="NY", city="New York",
              specialty=Specialty.INTERNAL_MEDICINE, program_type=ProgramType.COMMUNITY,
              img_share=0.70, visa_j1=True, visa_h1b=True, positions=30),
}


def profile(**changes: Any) -> dict[str, Any]:
    """A fresh copy of the valid test profile, with top-level changes."""
    return {**copy.deepcopy(PROFILE), **changes}


class TokenClient:
    """A test client that sends `Authorization: Bearer <token>` with every request."""

    def __init__(self, client: FlaskClient, secret: str, user: Any) -> None:
        self.client, self.secret, self.user = client, secret, user

    def _send(self, method: str, url: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        headers = {"Authorization": f"Bearer {self.secret}", **kwargs.pop("headers", {})}
        return self.client.open(url, method=method, headers=headers, **kwargs)

    def get(self, url: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        return self._send("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        return self._send("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        return self._send("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        return self._send("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        return self._send("DELETE", url, **kwargs)



@pytest.fixture
def api_as(app: Flask, make_user) -> Callable[[Role], TokenClient]:  # type: ignore[no-untyped-def]
    """api_as(role) -> a client carrying a fresh token of a fresh account of that role."""
    count = iter(range(1, 1000))

    def make(role: Role) -> TokenClient:
        user = make_user(role, f"{role.value}-api-{next(count)}@office.test")
        new = create_token(user, f"{role.value} tests")
        db.session.commit()
        return TokenClient(app.test_client(), new.secret, user)
    return make


@pytest.fixture
def viewer_api(api_as):  # type: ignore[no-untyped-def]
    return api_as(Role.VIEWER)


@pytest.fixture
def advisor_api(api_as):  # type: ignore[no-untyped-def]
    return api_as(Role.ADVISOR)


@pytest.fixture
def admin_api(api_as):  # type: ignore[no-untyped-def]
    return api_as(Role.ADMIN)


@pytest.fixture
def catalog(app: Flask) -> None:
    for acgme_id, values in SEED.items():
        db.session.add(Program(acgme_id=acgme_id, **values))
    db.session.commit()


def error_of(response) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The error envelope's body, checking that it is one."""
    assert response.is_json, response.data[:500]
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == response.status_code
    return body["error"]
