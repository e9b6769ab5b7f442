"""Sign-in throttling: repeated failures get 429 and an audit entry, and the limit expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from advisor.auth import throttle
from advisor.enums import Role
from advisor.extensions import db
from advisor.models.audit import AuditEntry
from advisor.models.columns import utcnow

PASSWORD = "correct horse battery"  # what the make_user fixture sets

WRONG = "not the password at all"


def attempt(client, email: str, password: str = WRONG, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def actions(name: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == name)))


@pytest.fixture
def ana(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.ADVISOR, "ana@office.test")


def test_five_failures_then_429_even_with_the_right_password(app, client, ana):
    for _ in range(5):
        assert attempt(client, "Ana@Office.test").status_code == 401
    refused = attempt(client, "ana@office.test", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.get_data(as_text=True)
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60 + 1
    assert client.get("/students/").status_code == 302  # still signed out
    throttled = actions("sign_in_throttled")
    assert len(throttled) == 1 and throttled[0].detail == "ana@office.test"


def test_failures_and_successes_are_audited_without_the_password(app, client, ana):
    attempt(client, "ana@office.test")
    assert attempt(client, "ana@office.test", PASSWORD).status_code == 302
    failed, = actions("sign_in_failed")
    assert failed.detail == "ana@office.test" and failed.ip == "10.0.0.1"
    success, = actions("sign_in")
    assert success.actor_id == ana.id
    texts = " ".join(f"{e.actor} {e.detail} {e.object_id}" for e in db.session.scalars(select(AuditEntry)))
    assert WRONG not in texts and PASSWORD not in texts


def test_the_limit_expires_so_nobody_is_locked_out_for_good(app, client, ana, monkeypatch):
    for _ in range(5):
        attempt(client, "ana@office.test")
    for _ in range(10):  # hammering while refused does not extend the lock
        assert attempt(client, "ana@office.test").status_code == 429
    later = utcnow() + timedelta(minutes=16)
    monkeypatch.setattr(throttle, "now", lambda: later)
    assert attempt(client, "ana@office.test", PASSWORD).status_code == 302


def test_one_account_being_attacked_does_not_lock_out_another(app, client, ana, make_user):
    make_user(Role.ADVISOR, "ben@office.test")
    for _ in range(5):
        attempt(client, "ana@office.test", ip="10.0.0.9")
    assert attempt(client, "ben@office.test", PASSWORD, ip="10.0.0.9").status_code == 302
    # ...and Ben's success did not reset the count against Ana.
    assert attempt(app.test_client(), "ana@office.test", PASSWORD).status_code == 429


def test_a_success_clears_only_its_own_accounts_count(app, client, ana):
    for _ in range(4):
        attempt(client, "ana@office.test")
    assert attempt(client, "ana@office.test", PASSWORD).status_code == 302
    other = app.test_client()
    for _ in range(4):
        assert attempt(other, "ana@office.test").status_code == 401


def test_one_address_trying_many_accounts_is_throttled(app, client):
    limit = app.config["SIGNIN_MAX_FAILURES_PER_IP"]
    for number in range(limit):
        assert attempt(client, f"guess{number}@office.test", ip="10.9.9.9").status_code == 401
    assert attempt(client, "another@office.test", ip="10.9.9.9").status_code == 429
    assert attempt(client, "another@office.test", ip="10.1.1.1").status_code == 401


def test_wrong_two_factor_codes_count_as_failures(app, client, ana):
    import pyotp

    ana.totp_secret = pyotp.random_base32()
    db.session.commit()
    attempt(client, "ana@office.test", PASSWORD)
    for _ in range(5):
        assert client.post("/login/code", data={"code": "000000"},
                           environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 200
    code = pyotp.TOTP(ana.totp_secret).now()
    assert client.post("/login/code", data={"code": code}).status_code == 429


def forwarded_attempt(client, email: str):  # type: ignore[no-untyped-def]
    """A failed sign-in arriving through a proxy on loopback, for client 203.0.113.7."""
    return client.post("/login", data={"email": email, "password": WRONG},
                       headers={"X-Forwarded-For": "203.0.113.7"},
                       environ_base={"REMOTE_ADDR": "127.0.0.1"})


def test_a_forged_forwarded_for_header_is_ignored_by_default(app, client, ana):
    forwarded_attempt(client, "ana@office.test")
    failed, = actions("sign_in_failed")
    assert failed.ip == "127.0.0.1"


def test_behind_a_trusted_proxy_the_client_address_is_throttled_and_audited(tmp_path, monkeypatch):
    from advisor import create_app

    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ADVISOR_PROXY_HOPS", "1")
    proxied = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxy.sqlite3'}"})
    with proxied.app_context():
        db.create_all()
        client = proxied.test_client()
        for number in range(20):
            assert forwarded_attempt(client, f"guess{number}@office.test").status_code == 401
        assert forwarded_attempt(client, "another@office.test").status_code == 429
        # Other clients behind the same proxy are not locked out with that one.
        other = client.post("/login", data={"email": "another@office.test", "password": WRONG},
                            headers={"X-Forwarded-For": "198.51.100.2"},
                            environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert other.status_code == 401
        assert {e.ip for e in actions("sign_in_failed")} == {"203.0.113.7", "198.51.100.2"}
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("typed", [PASSWORD, "P@ssw0rd!", "hunter2@home", " \x00=cmd|' /C calc'!A0"])
def test_a_password_typed_into_the_email_field_is_not_audited(app, client, ana, typed):
    for _ in range(6):  # failed, then throttled
        attempt(client, typed)
    entries = [e for e in db.session.scalars(select(AuditEntry)) if e.action.startswith("sign_in")]
    assert len(entries) == 6
    for entry in entries:
        assert entry.detail == "(not an email address)"
        assert typed.strip().lower() not in f"{entry.actor} {entry.detail} {entry.object_id}".lower()
