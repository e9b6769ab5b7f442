"""Two-factor sign-in: each code works once, turning it on takes the password, the secret
being set up stays on the server, and the half-signed-in step expires."""

from __future__ import annotations

import threading
import time

import pyotp
import pytest

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import User
from advisor.web import security

PASSWORD = "correct horse battery"  # what the make_user fixture sets


@pytest.fixture
def ana(make_user):  # type: ignore[no-untyped-def]
    user = make_user(Role.ADVISOR, "ana@office.test")
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    return user


def password_step(app):  # type: ignore[no-untyped-def]
    client = app.test_client()
    response = client.post("/login", data={"email": "ana@office.test", "password": PASSWORD})
    assert response.headers["Location"].endswith("/login/code")
    return client


def signed_in(client) -> bool:  # type: ignore[no-untyped-def]
    return client.get("/account").status_code == 200


def test_a_code_signs_in_once_and_never_again(app, ana):
    code = pyotp.TOTP(ana.totp_secret).now()
    first = password_step(app)
    assert first.post("/login/code", data={"code": code}).status_code == 302
    assert signed_in(first)
    replay = password_step(app)
    response = replay.post("/login/code", data={"code": code})
    assert response.status_code == 200 and b"was used already" in response.data
    assert not signed_in(replay)


def test_an_older_code_is_refused_after_a_newer_one(app, ana):
    totp = pyotp.TOTP(ana.totp_secret)
    now = time.time()
    assert password_step(app).post("/login/code", data={"code": totp.at(now)}).status_code == 302
    previous = password_step(app)
    assert previous.post("/login/code", data={"code": totp.at(now - 30)}).status_code == 200
    assert not signed_in(previous)


def test_the_same_code_sent_twice_at_once_works_once(app, ana):
    code = pyotp.TOTP(ana.totp_secret).now()
    clients = [password_step(app) for _ in range(8)]
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def send(client) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        statuses.append(client.post("/login/code", data={"code": code}).status_code)
    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(302) == 1, statuses


def test_the_half_signed_in_step_expires_after_a_few_minutes(app, ana, monkeypatch):
    moment = [time.time()]
    monkeypatch.setattr(security, "clock", lambda: moment[0])
    client = password_step(app)
    moment[0] += app.config["TWO_FACTOR_PENDING_MINUTES"] * 60 + 1
    response = client.post("/login/code", data={"code": pyotp.TOTP(ana.totp_secret).now()})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert b"ran out" in client.get("/login").data
    assert not signed_in(client)
    assert client.get("/login/code").headers["Location"].endswith("/login")  # gone for good


def test_a_code_entered_within_the_time_signs_in(app, ana, monkeypatch):
    moment = [time.time()]
    monkeypatch.setattr(security, "clock", lambda: moment[0])
    client = password_step(app)
    moment[0] += app.config["TWO_FACTOR_PENDING_MINUTES"] * 60 - 5
    assert client.post("/login/code",
                       data={"code": pyotp.TOTP(ana.totp_secret).now()}).status_code == 302


@pytest.fixture
def ben(app, make_user, sign_in):  # type: ignore[no-untyped-def]
    """Signed in, two-factor off, the account page open (which shows a secret to set up)."""
    make_user(Role.ADVISOR, "ben@office.test")
    client = sign_in("ben@office.test")
    assert client.get("/account").status_code == 200
    return client


def pending_secret() -> str:
    db.session.expire_all()
    user = db.session.scalar(db.select(User).where(User.email == "ben@office.test"))
    return user.totp_pending_secret


def two_factor_on() -> bool:
    db.session.expire_all()
    return db.session.scalar(db.select(User).where(User.email == "ben@office.test")) \
        .two_factor_enabled


def test_the_secret_being_set_up_is_on_the_server_not_in_the_cookie(app, ben):
    secret = pending_secret()
    assert secret and secret.encode() in ben.get("/account").data  # shown to its owner
    assert ben.get("/account").data.count(secret.encode()) >= 1 and pending_secret() == secret
    cookie = ben.get_cookie("session").value
    session = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert secret not in repr(session)


def test_turning_two_factor_on_needs_the_password(app, ben):
    secret = pending_secret()
    code = pyotp.TOTP(secret).now()
    for password in ("", "not my password"):
        response = ben.post("/account/two-factor",
                            data={"tf-code": code, "tf-current_password": password})
        assert response.status_code == 400 and not two_factor_on()
    assert ben.post("/account/two-factor", data={"tf-code": code,
                                                 "tf-current_password": PASSWORD}).status_code == 302
    assert two_factor_on() and pending_secret() is None
    # The code that turned it on cannot also sign in.
    client = app.test_client()
    client.post("/login", data={"email": "ben@office.test", "password": PASSWORD})
    assert client.post("/login/code", data={"code": code}).status_code == 200
