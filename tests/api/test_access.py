"""Who may call what: bearer tokens only (never the session cookie), role scoping, no CSRF."""

from __future__ import annotations

import pytest

from advisor.enums import Role
from advisor.extensions import db
from advisor.services import api_tokens
from advisor.services.users import set_active
from tests.api.conftest import PASSWORD, error_of, profile


def test_no_token_is_401_with_a_bearer_challenge(client):
    response = client.get("/api/v1/students")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="Match Advisor API"'
    assert error_of(response)["message"].startswith("Authorization: missing")


@pytest.mark.parametrize("header, error", [
    ("Basic YWRtaW46YWRtaW4=", "invalid_request"),
    ("Bearer", "invalid_request"),
    ("Bearer ma_not-a-real-token", "invalid_token"),
    ("Bearer " + "x" * 5000, "invalid_token"),
])
def test_a_bad_authorization_header_is_401_naming_the_problem(client, header, error):
    response = client.get("/api/v1/plugins", headers={"Authorization": header})
    assert response.status_code == 401
    assert f'error="{error}"' in response.headers["WWW-Authenticate"]
    assert error_of(response)["errors"][0]["field"] == "Authorization"


def test_a_revoked_token_stops_working(viewer_api):
    assert viewer_api.get("/api/v1/plugins").status_code == 200
    token = api_tokens.find_by_prefix(viewer_api.secret[:11])[0]
    api_tokens.revoke_token(token)
    db.session.commit()
    response = viewer_api.get("/api/v1/plugins")
    assert response.status_code == 401
    assert error_of(response)["message"] == "Authorization: the token was revoked"


def test_a_disabled_accounts_tokens_stop_working_while_it_is_disabled(viewer_api):
    set_active(viewer_api.user, False)
    db.session.commit()
    response = viewer_api.get("/api/v1/plugins")
    assert response.status_code == 401
    assert "disabled account" in error_of(response)["message"]
    set_active(viewer_api.user, True)
    db.session.commit()
    assert viewer_api.get("/api/v1/plugins").status_code == 200


def test_a_signed_in_browser_session_does_not_authenticate_the_api(app, make_user):
    user = make_user(Role.ADMIN, "boss@office.test")
    browser = app.test_client()
    assert browser.post("/login", data={"email": user.email,
                                        "password": PASSWORD}).status_code == 302
    assert browser.get("/students/").status_code == 200  # the session works for pages
    assert browser.get("/api/v1/students").status_code == 401
    assert browser.post("/api/v1/students", json=profile()).status_code == 401


def test_token_requests_need_no_csrf_token_while_forms_still_do(app, advisor_api):
    app.config["WTF_CSRF_ENABLED"] = True
    response = advisor_api.post("/api/v1/students", json=profile())
    assert response.status_code == 201, response.data
    # The same setting does protect the browser's forms (so the check above is real).
    assert app.test_client().post("/login", data={"email": "x", "password": "y"}).status_code == 400


# Every operation and the least powerful role that may call it.
OPERATIONS = [
    ("GET", "/api/v1/programs", Role.VIEWER),
    ("GET", "/api/v1/programs/1000000001", Role.VIEWER),
    ("POST", "/api/v1/programs/import", Role.ADMIN),
    ("GET", "/api/v1/students", Role.VIEWER),
    ("POST", "/api/v1/students", Role.ADVISOR),
    ("GET", "/api/v1/students/{id}", Role.VIEWER),
    ("PUT", "/api/v1/students/{id}", Role.ADVISOR),
    ("GET", "/api/v1/students/{id}/assessment", Role.VIEWER),
    ("DELETE", "/api/v1/students/{id}", Role.ADVISOR),
    ("GET", "/api/v1/students/{id}/working-list", Role.VIEWER),
    ("PATCH", "/api/v1/students/{id}/working-list", Role.ADVISOR),
    ("POST", "/api/v1/assess", Role.ADVISOR),
    ("GET", "/api/v1/plugins", Role.VIEWER),
]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_exactly_what_it_may(api_as, advisor_api, catalog, role):
    caller = api_as(role)
    for method, path, needed in OPERATIONS:
        # A fresh student each time, so a DELETE earlier in the loop cannot hide a 403.
        student = advisor_api.post("/api/v1/students", json=profile()).get_json()
        url = path.format(id=student["id"])
        body = {"version": student["version"], "profile": profile()} if method == "PUT" else profile()
        if method == "PATCH":
            body = {"version": 0, "entries": [{"acgme_id": "1000000001", "note": "Call"}]}
        kwargs = {"json": body} if method in ("POST", "PUT", "PATCH") else {}
        response = caller._send(method, url, **kwargs)
        if caller.user.can(needed):
            assert response.status_code not in (401, 403), (method, url, response.data)
        else:
            assert response.status_code == 403, (method, url)
            assert error_of(response)["message"].startswith(f"role: this needs the {needed.value}")


def test_every_api_route_is_in_the_access_table(app):
    documented = {(method, path.replace("{id}", "<id>")) for method, path, _ in OPERATIONS}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint.startswith("api_") \
                and rule.endpoint != "api_reference.reference":
            path = rule.rule.replace("<int:student_id>", "<id>")
            path = path.replace("<string(maxlength=32):acgme_id>", "1000000001")
            routes |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented
