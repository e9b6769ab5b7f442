"""Security headers, generic error pages, cookie flags and same-site redirects."""

from __future__ import annotations

import pathlib
import re
import secrets

import pytest
from flask import Flask

from advisor import create_app
from advisor.enums import Role
from advisor.extensions import db
from advisor.profile_schema import parse_profile
from advisor.pytest_plugin import BASE_PROFILE
from advisor.services.api_tokens import create_token
from advisor.services.students import create_student
from advisor.web.security import CONTENT_SECURITY_POLICY

PASSWORD = "correct horse battery"  # what the make_user fixture sets


@pytest.mark.parametrize("path", ["/login", "/api/v1/docs", "/api/v1/students", "/nowhere"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert csp == CONTENT_SECURITY_POLICY
    for directive in ("script-src 'self';", "object-src 'none'", "base-uri 'none'",
                      "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers  # plain http


def test_no_dynamic_response_may_be_cached_and_static_files_may(app, client, make_user):
    admin = make_user(Role.ADMIN, "boss@office.test")
    student = create_student(parse_profile(BASE_PROFILE))
    token = create_token(admin, "cache test").secret
    db.session.commit()
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    client.post("/login", data={"email": "boss@office.test", "password": PASSWORD})
    for path in ("/account", f"/students/{student.id}", f"/students/{student.id}/advice",
                 f"/students/{student.id}/advice.csv", "/admin/audit", "/programs/export.csv",
                 "/nowhere"):
        response = client.get(path)
        assert response.headers.get("Cache-Control") == "no-store", (path, response.status_code)
    api = app.test_client()
    for path in (f"/api/v1/students/{student.id}", "/api/v1/students/999", "/api/v1/openapi.json"):
        response = api.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.headers.get("Cache-Control") == "no-store", path
    static = client.get("/static/css/app.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("Cache-Control", "")


def test_hsts_only_over_https(client):
    assert client.get("/login", base_url="https://localhost").headers[
        "Strict-Transport-Security"].startswith("max-age=")


# Inline script or style, which the Content-Security-Policy would block (and which would
# need 'unsafe-inline' to work): script elements without src, event-handler attributes,
# javascript: URLs, style attributes and style elements.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=|(?:href|src|action)\s*=\s*[\"']?\s*"
                    r"javascript:|\sstyle\s*=|<style", re.IGNORECASE)


def test_no_template_has_inline_script_or_style(app):
    import flask_smorest

    # Every page template the app or a plugin can render; flask-smorest's own Swagger/ReDoc
    # pages are not served here (the reference page is the app's own).
    unused = str(pathlib.Path(flask_smorest.__file__).parent)
    found, checked = [], []
    for name in app.jinja_env.list_templates():
        source, filename, _ = app.jinja_env.loader.get_source(app.jinja_env, name)
        if not name.endswith(".html") or (filename or "").startswith(unused):
            continue
        checked.append(name)
        found += [f"{name}: {match.group(0)!r}" for match in INLINE.finditer(source)]
    assert len(checked) > 30 and {"base.html", "auth/account.html", "errors/error.html"} <= set(checked)
    assert not found, found


def test_the_inline_check_finds_what_it_looks_for():
    for html in ('<script>alert(1)</script>', '<a href="javascript:x()">', '<b onclick="x()">',
                 '<p style="color:red">', "<style>p{}</style>", "<SCRIPT >x</SCRIPT>"):
        assert INLINE.search(html), html
    for html in ('<script src="/static/app.js"></script>', '<a href="/on=1">', '<p class="x">'):
        assert not INLINE.search(html), html


def test_the_shared_page_sends_no_referrer(app, client):
    # Unknown links get the same page as real ones (see the advice tests).
    assert client.get("/shared/not-a-real-secret").headers["Referrer-Policy"] == "no-referrer"


def test_session_cookie_is_httponly_and_lax_and_secure_in_production(tmp_path, monkeypatch,
                                                                    client, make_user):
    make_user(Role.VIEWER, "v@office.test")
    cookie = client.post("/login", data={"email": "v@office.test", "password": PASSWORD}) \
        .headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    production = {"SECRET_KEY": secrets.token_hex(32),
                  "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}"}
    assert create_app(production).config["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("ADVISOR_SESSION_COOKIE_SECURE", "False")
    assert create_app(production).config["SESSION_COOKIE_SECURE"] is False
    monkeypatch.setenv("ADVISOR_SESSION_COOKIE_SECURE", "true")
    assert create_app({**production, "DEBUG": True}).config["SESSION_COOKIE_SECURE"] is True


def test_an_unexpected_error_gets_the_generic_page_without_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    app: Flask = create_app({"SECRET_KEY": secrets.token_hex(32),
                             "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e.sqlite3'}"})
    assert not app.debug and not app.testing

    @app.get("/boom")
    def boom():  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internals at /srv/advisor/x.py line 3")

    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "Traceback" not in html and "secret internals" not in html and "RuntimeError" not in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "javascript:alert(1)", "http:/evil.example",
                                    "/students/\r\nSet-Cookie: planted=1", "/\n/evil.example",
                                    "/students/\x00", "/ /evil.example"])
def test_sign_in_only_redirects_within_the_site(client, make_user, target):
    make_user(Role.VIEWER, "n@office.test")
    response = client.post("/login", query_string={"next": target},
                           data={"email": "n@office.test", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_an_expired_session_brings_the_user_back_only_within_the_site(app, client, make_user,
                                                                     monkeypatch):
    """The whole loop: expired session -> sign-in page -> signed in again -> back where they
    were, with the address they were at coming from the request itself."""
    from advisor.web import security

    make_user(Role.VIEWER, "n@office.test")
    client.post("/login", data={"email": "n@office.test", "password": PASSWORD})
    later = security.clock() + 31 * 60
    monkeypatch.setattr(security, "clock", lambda: later)
    expired = client.get("/students/?q=a", headers={"Referer": "https://evil.example/"})
    assert expired.status_code == 302
    login_url = expired.headers["Location"]
    back = client.post(login_url, data={"email": "n@office.test", "password": PASSWORD})
    assert back.headers["Location"] == "/students/?q=a"
