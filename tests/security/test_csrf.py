"""Every browser route that changes state refuses a request without the session's CSRF token
(these suites run with CSRF on, so a `csrf.exempt` on a blueprint or view shows here)."""

from __future__ import annotations

from flask import url_for

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import User

from .test_access_matrix import ROUTES


def test_the_security_suite_runs_with_csrf_protection_on(app):
    assert app.config["WTF_CSRF_ENABLED"] is True


def test_every_state_changing_browser_route_needs_the_csrf_token(app, make_user, sign_in):
    make_user(Role.ADMIN, "boss@office.test")
    target = make_user(Role.VIEWER, "target@office.test")
    admin = sign_in("boss@office.test")
    anonymous = app.test_client()
    checked, problems = [], []
    for rule in app.url_map.iter_rules():
        who, _ = ROUTES[rule.endpoint]
        if isinstance(who, tuple):  # the API: bearer tokens, never cookies, so no CSRF
            continue
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            with app.test_request_context():
                url = url_for(rule.endpoint, **{name: target.id if name.endswith("_id") else 1
                                                for name in rule.arguments})
            client = anonymous if who == "public" else admin
            response = client.open(url, method=method, data={"email": "boss@office.test"},
                                   csrf=False)
            checked.append(f"{method} {url}")
            if response.status_code != 400 or b"CSRF" not in response.data and \
                    b"could not be understood" not in response.data:
                problems.append(f"{method} {url} ({rule.endpoint}): {response.status_code}")
    assert "POST /login" in checked and "POST /admin/users/new" in checked
    assert not problems, "\n".join(problems)
    db.session.expire_all()
    assert db.session.get(User, target.id).active  # nothing was done
    assert admin.get("/account").status_code == 200  # still signed in: logout was refused
