"""The generated OpenAPI document, the reference page, and schemathesis run against the app
in-process, on demo data, with an admin token."""

from __future__ import annotations

import os
import re
import tempfile
from unittest import mock

import pytest
import schemathesis
from flask import Flask
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from advisor import create_app
from advisor.demo.loader import load_demo
from advisor.enums import Role
from advisor.extensions import db
from advisor.models import Program, Student
from advisor.services.api_tokens import create_token
from tests.api.conftest import PROFILE
from tests.api.test_access import OPERATIONS

DEMO_SIZE = 400
GOOD_CSV = (b"acgme_id,name,specialty,state,zip\n"
            b"7000000001,Fuzz Test IM (fictional),internal_medicine,CA,90033\n")


def spec_of(client) -> dict:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [(method.upper(), path, op) for path, item in spec["paths"].items()
            for method, op in item.items() if method != "parameters"]


def test_the_document_covers_every_api_route_and_is_served_without_a_token(client):
    spec = spec_of(client)
    assert spec["openapi"].startswith("3.")
    documented = {(m, re.sub(r"\{\w+\}", "{}", p)) for m, p, _ in operations(spec)}
    routed = {(m, re.sub(r"\{\w+\}|1000000001", "{}", p)) for m, p, _ in OPERATIONS}
    assert documented == routed


def test_every_operation_documents_its_errors_and_needs_the_bearer_token(client):
    spec = spec_of(client)
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert spec["security"] == [{"bearerAuth": []}]
    least_role = {(m, re.sub(r"\{\w+\}|1000000001", "{}", p)): r for m, p, r in OPERATIONS}
    for method, path, op in operations(spec):
        responses = set(op["responses"])
        assert "401" in responses, (method, path)
        role = least_role[(method, re.sub(r"\{\w+\}", "{}", path))]
        assert ("403" in responses) == (role is not Role.VIEWER), (method, path)
        assert op.get("x-minimum-role", "viewer") == role.value
        if "{" in path:
            assert "404" in responses, (method, path)
        if "requestBody" in op or op.get("parameters"):
            assert "400" in responses, (method, path)
        if "requestBody" in op:
            assert "413" in responses, (method, path)
        assert op["summary"], (method, path)
    unauthorized = spec["components"]["responses"]["UNAUTHORIZED"]
    assert unauthorized["headers"]["WWW-Authenticate"]["required"] is True


def test_the_profile_schema_is_the_one_the_cli_reads(client):
    profile = spec_of(client)["components"]["schemas"]["Profile"]
    assert profile["properties"]["specialty"]["enum"][0] == "internal_medicine"
    assert profile["properties"]["publications"] == {"default": 0, "type": "integer",
                                                     "minimum": 0, "maximum": 1000}
    assert {"name", "citizenship", "graduation_year", "specialty"} <= set(profile["required"])


def test_the_reference_page_lists_every_operation_and_loads_nothing_from_elsewhere(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for method, path, _ in operations(spec_of(client)):
        assert f"<code>{method} {path}</code>" in page
    assert 'id="schema-Profile"' in page and 'id="schema-Assessment"' in page
    # Only this server's own static files: no CDN, nothing fetched from another host.
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/js/app.js" defer>']


# ------------------------------------------------------------------------------ schemathesis
#
# The document is read from a throwaway app when this module is imported, so each operation
# gets a test of its own; each test then runs against a fresh app holding demo data, with
# schema-valid (positive) and schema-violating (negative) requests.

def _served_document() -> dict:
    with tempfile.TemporaryDirectory() as folder, \
            mock.patch.dict(os.environ, {"ADVISOR_INSTANCE_PATH": folder}):
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
        return spec_of(app.test_client())


SCHEMA = schemathesis.openapi.from_dict(_served_document())
SCHEMA_OPERATIONS = [(method, path) for method, path, _ in operations(SCHEMA.raw_schema)]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


@pytest.fixture
def demo_app(app: Flask, make_user):  # type: ignore[no-untyped-def]
    """The app as WSGI, holding the demo data, and an admin token's header."""
    load_demo(size=DEMO_SIZE)
    new = create_token(make_user(Role.ADMIN, "fuzz@office.test"), "schemathesis")
    db.session.commit()

    def isolated(environ, start_response):  # type: ignore[no-untyped-def]
        # A fresh app context per request, as a real server has (the test holds one open).
        with app.app_context():
            return app.wsgi_app(environ, start_response)

    known = {
        "student_id": db.session.scalar(sa.select(sa.func.min(Student.id))),
        "acgme_id": db.session.scalar(sa.select(sa.func.min(Program.acgme_id))),
    }
    return isolated, {"Authorization": f"Bearer {new.secret}"}, known


def _known_good(method: str, path: str, known: dict) -> dict | None:
    """as_strategy() arguments that hit a demo record or send a valid profile, so positive runs
    also reach the success responses (random ids and profiles almost never do)."""
    kwargs: dict = {}
    names = [name for name in known if f"{{{name}}}" in path]
    if names:
        kwargs["path_parameters"] = {name: known[name] for name in names}
    if (method, path) in (("POST", "/api/v1/students"), ("POST", "/api/v1/assess")):
        kwargs["body"] = PROFILE
    elif method == "PUT":
        kwargs["body"] = {"version": 1, "profile": PROFILE}
    elif path == "/api/v1/programs/import":
        kwargs["body"] = {"file": GOOD_CSV}
    return kwargs or None


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=lambda mode: mode.value)
@pytest.mark.parametrize("method, path", SCHEMA_OPERATIONS,
                         ids=[f"{m} {p}" for m, p in SCHEMA_OPERATIONS])
def test_no_server_errors_and_every_response_matches_the_document(demo_app, method, path, mode):
    wsgi, headers, known = demo_app
    operation = SCHEMA[path][method]
    strategies = [operation.as_strategy(generation_mode=mode)]
    good = _known_good(method, path, known)
    if mode is GenerationMode.POSITIVE and good:
        strategies.append(operation.as_strategy(generation_mode=mode, **good))

    for cases in strategies:
        @given(case=cases)
        @settings(max_examples=15, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def requests_conform(case):  # type: ignore[no-untyped-def]
            case.call_and_validate(app=wsgi, headers=headers, checks=CHECKS)

        requests_conform()
