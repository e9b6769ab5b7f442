"""Numbers too large for the database in URLs and page numbers: a 404, never a 500."""

from __future__ import annotations

import pytest
from flask import url_for

from advisor.enums import Role
from advisor.extensions import db
from advisor.services.api_tokens import create_token

HUGE = 10**20  # past SQLite's 64-bit integers and PostgreSQL's 32-bit id columns


def test_every_route_answers_a_huge_number_in_its_address_with_404(app, make_user, sign_in):
    admin = make_user(Role.ADMIN, "boss@office.test")
    browser = sign_in("boss@office.test")
    token = create_token(admin, "out of range").secret
    db.session.commit()
    problems = []
    for rule in app.url_map.iter_rules():
        if not rule.arguments or rule.endpoint == "static":
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: HUGE for name in rule.arguments})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            headers = {"Authorization": f"Bearer {token}"} if url.startswith("/api/") else {}
            status = browser.open(url, method=method, headers=headers).status_code
            if status != 404:
                problems.append(f"{method} {url}: {status}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["/students/", "/students/deleted", "/programs/", "/admin/audit"])
def test_a_huge_page_number_is_404(app, make_user, sign_in, path):
    make_user(Role.ADMIN, "boss@office.test")
    browser = sign_in("boss@office.test")
    assert browser.get(path, query_string={"page": str(HUGE)}).status_code == 404
    assert browser.get(path, query_string={"page": "2"}).status_code == 200  # past the end
    assert browser.get(path, query_string={"page": "x"}).status_code == 200  # the first page
