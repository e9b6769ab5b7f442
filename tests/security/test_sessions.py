"""Session lifecycle: rotated at sign-in, dead after sign-out, disabling or "end sessions",
and ended by the idle and absolute timeouts."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from advisor.enums import Role
from advisor.web import security

PASSWORD = "correct horse battery"  # what the make_user fixture sets


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture
def clock(monkeypatch) -> Clock:  # type: ignore[no-untyped-def]
    fake = Clock()
    monkeypatch.setattr(security, "clock", fake)
    return fake


def copied(app, client):  # type: ignore[no-untyped-def]
    """A second client holding a copy of `client`'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_nothing_from_before_sign_in_survives_it(app, client, make_user):
    make_user(Role.VIEWER, "v@office.test")
    with client.session_transaction() as sess:
        sess["planted"] = "by someone else"
    before = client.get_cookie("session").value
    client.post("/login", data={"email": "v@office.test", "password": PASSWORD})
    assert client.get_cookie("session").value != before
    with client.session_transaction() as sess:
        assert "planted" not in sess


def test_a_copied_cookie_dies_when_the_account_is_disabled(app, make_user, sign_in):
    make_user(Role.ADMIN, "boss@office.test")
    victim = make_user(Role.ADVISOR, "a@office.test")
    user = sign_in("a@office.test")
    thief = copied(app, user)
    assert thief.get("/students/").status_code == 200
    sign_in("boss@office.test").post(f"/admin/users/{victim.id}/disable")
    assert thief.get("/students/").status_code == 302


def test_a_copied_cookie_dies_when_an_admin_ends_the_sessions(app, make_user, sign_in):
    make_user(Role.ADMIN, "boss@office.test")
    victim = make_user(Role.ADVISOR, "a@office.test")
    thief = copied(app, sign_in("a@office.test"))
    sign_in("boss@office.test").post(f"/admin/users/{victim.id}/sessions")
    assert thief.get("/students/").status_code == 302


def test_a_copied_cookie_dies_at_sign_out(app, make_user, sign_in):
    make_user(Role.ADVISOR, "a@office.test")
    user = sign_in("a@office.test")
    thief = copied(app, user)
    user.post("/logout")
    assert thief.get("/students/").status_code == 302


def test_an_idle_session_expires_and_says_so(app, make_user, sign_in, clock):
    make_user(Role.VIEWER, "v@office.test")
    client = sign_in("v@office.test")
    clock.advance(29)
    assert client.get("/students/").status_code == 200  # activity restarts the idle clock
    clock.advance(29)
    assert client.get("/students/").status_code == 200
    clock.advance(31)
    expired = client.get("/students/?q=ana")
    assert expired.status_code == 302
    location = urlsplit(expired.headers["Location"])
    assert location.path == "/login" and parse_qs(location.query)["next"] == ["/students/?q=ana"]
    page = client.get(expired.headers["Location"]).get_data(as_text=True)
    assert "Your session expired" in page
    assert client.get("/students/").status_code == 302  # signed out for good


def test_a_busy_session_still_ends_after_the_absolute_limit(app, make_user, sign_in, clock):
    make_user(Role.VIEWER, "v@office.test")
    client = sign_in("v@office.test")
    for _ in range(12 * 4 - 1):  # every 15 minutes for just under 12 hours
        clock.advance(15)
        assert client.get("/students/").status_code == 200
    clock.advance(16)
    assert client.get("/students/").status_code == 302


def test_the_limits_are_settings(app, make_user, sign_in, clock):
    app.config["SESSION_IDLE_MINUTES"] = 5
    make_user(Role.VIEWER, "v@office.test")
    client = sign_in("v@office.test")
    clock.advance(6)
    assert client.get("/students/").status_code == 302
