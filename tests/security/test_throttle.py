"""Sign-in throttling per (account, address) pair: 429 with a growing Retry-After, slow-downs
per account and per address that never lock an owner out for good, and an attempt counted
before its password is checked."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from advisor.auth import throttle
from advisor.enums import Role
from advisor.extensions import db
from advisor.models.audit import AuditEntry
from advisor.models.columns import utcnow
from advisor.services import users
from tests.conftest import CsrfClient

PASSWORD = "correct horse battery"  # what the make_user fixture sets

WRONG = "not the password at all"
HOME, ATTACKER = "10.0.0.1", "10.6.6.6"


def attempt(client, email: str, password: str = WRONG, ip: str = HOME):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def actions(name: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == name)))


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:  # type: ignore[no-untyped-def]
    fake = Clock()
    monkeypatch.setattr(throttle, "now", fake)
    return fake


@pytest.fixture(autouse=True)
def no_sleeping(monkeypatch):  # type: ignore[no-untyped-def]
    """A throttle that slept would hold a worker thread per attempt: refusals must be a 429."""
    def refuse(_seconds: float) -> None:
        raise AssertionError("the sign-in path slept")
    monkeypatch.setattr(time, "sleep", refuse)


@pytest.fixture
def ana(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.ADVISOR, "ana@office.test")


def test_five_failures_from_one_address_then_429_even_with_the_right_password(app, client, ana):
    for _ in range(5):
        assert attempt(client, "Ana@Office.test").status_code == 401
    refused = attempt(client, "ana@office.test", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.get_data(as_text=True)
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert client.get("/students/").status_code == 302  # still signed out
    throttled = actions("sign_in_throttled")
    assert len(throttled) == 1 and throttled[0].detail == "ana@office.test"


def test_each_further_failure_doubles_the_wait(app, client, ana, clock):
    for _ in range(5):
        attempt(client, "ana@office.test")
    waits = []
    for _ in range(4):
        waits.append(int(attempt(client, "ana@office.test").headers["Retry-After"]))
        clock.advance(waits[-1])
        assert attempt(client, "ana@office.test").status_code == 401  # one try per lock
    assert waits == [60, 120, 240, 480]
    for _ in range(10):
        clock.advance(int(attempt(client, "ana@office.test").headers["Retry-After"]))
        attempt(client, "ana@office.test")
    assert int(attempt(client, "ana@office.test").headers["Retry-After"]) == 60 * 60  # the cap


def test_the_lock_ends_so_nobody_is_locked_out_for_good(app, client, ana, clock):
    for _ in range(5):
        attempt(client, "ana@office.test")
    for _ in range(10):  # hammering while refused does not extend the lock
        assert attempt(client, "ana@office.test").status_code == 429
    clock.advance(61)
    assert attempt(client, "ana@office.test", PASSWORD).status_code == 302


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(app, client, ana):
    for _ in range(30):
        attempt(app.test_client(), "ana@office.test", ip=ATTACKER)
    assert attempt(app.test_client(), "ana@office.test", ip=ATTACKER).status_code == 429
    assert attempt(client, "ana@office.test", PASSWORD, ip=HOME).status_code == 302


def test_failures_spread_over_many_addresses_slow_new_addresses_but_not_the_owners(
        app, client, ana, clock):
    assert attempt(client, "ana@office.test", PASSWORD, ip=HOME).status_code == 302  # known
    limit = app.config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"]
    for number in range(limit):  # 4 tries from each of 5 addresses: no pair reaches its limit
        assert attempt(app.test_client(), "ana@office.test",
                       ip=f"10.7.0.{number // 4}").status_code == 401
    newcomer = attempt(app.test_client(), "ana@office.test", ip="10.8.0.1")
    assert newcomer.status_code == 429 and 0 < int(newcomer.headers["Retry-After"]) <= 60
    # The owner, from where they signed in before, is not slowed at all.
    assert attempt(app.test_client(), "ana@office.test", PASSWORD, ip=HOME).status_code == 302
    # Slowed, never locked for good: a new address gets its turn when the wait is over.
    clock.advance(61)
    assert attempt(app.test_client(), "ana@office.test", PASSWORD, ip="10.8.0.1").status_code == 302


def test_one_address_trying_many_accounts_slows_down_only_for_accounts_new_there(
        app, client, make_user):
    make_user(Role.ADVISOR, "ben@office.test")
    assert attempt(app.test_client(), "ben@office.test", PASSWORD, ip=ATTACKER).status_code == 302
    limit = app.config["SIGNIN_MAX_FAILURES_PER_IP"]
    for number in range(limit):
        assert attempt(client, f"guess{number}@office.test", ip=ATTACKER).status_code == 401
    assert attempt(client, "another@office.test", ip=ATTACKER).status_code == 429
    # Ben signed in from this (office) address before: not locked out with it.
    assert attempt(app.test_client(), "ben@office.test", PASSWORD, ip=ATTACKER).status_code == 302
    assert attempt(client, "another@office.test", ip="10.1.1.1").status_code == 401


def test_a_success_clears_only_its_own_pair(app, client, ana, make_user):
    make_user(Role.ADVISOR, "ben@office.test")
    for _ in range(4):
        attempt(client, "ana@office.test")
    assert attempt(client, "ben@office.test", PASSWORD).status_code == 302
    assert attempt(app.test_client(), "ana@office.test").status_code == 401
    assert attempt(app.test_client(), "ana@office.test").status_code == 429  # Ben's did not help
    ana_elsewhere = app.test_client()
    for _ in range(4):
        attempt(ana_elsewhere, "ana@office.test", ip="10.0.0.2")
    assert attempt(ana_elsewhere, "ana@office.test", PASSWORD, ip="10.0.0.2").status_code == 302
    for _ in range(4):  # Ana's success from there cleared that pair's count
        assert attempt(app.test_client(), "ana@office.test", ip="10.0.0.2").status_code == 401


def test_parallel_tries_get_no_more_passwords_checked_than_the_limit(app, ana, monkeypatch):
    checked = []
    real = users.verify_password

    def counting(password_hash: str, password: str) -> bool:
        checked.append(password)
        return real(password_hash, password)
    monkeypatch.setattr(users, "verify_password", counting)
    start = threading.Barrier(40)
    statuses: list[int] = []

    def one_try() -> None:
        client = app.test_client()
        start.wait()
        statuses.append(attempt(client, "ana@office.test", ip=ATTACKER).status_code)
    threads = [threading.Thread(target=one_try) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(statuses)) == [401, 429], statuses
    assert len(checked) == app.config["SIGNIN_MAX_FAILURES"] == statuses.count(401)


def test_failures_and_successes_are_audited_without_the_password(app, client, ana):
    attempt(client, "ana@office.test")
    assert attempt(client, "ana@office.test", PASSWORD).status_code == 302
    failed, = actions("sign_in_failed")
    assert failed.detail == "ana@office.test" and failed.ip == HOME
    success, = actions("sign_in")
    assert success.actor_id == ana.id
    texts = " ".join(f"{e.actor} {e.detail} {e.object_id}" for e in db.session.scalars(select(AuditEntry)))
    assert WRONG not in texts and PASSWORD not in texts


@pytest.mark.parametrize("typed", [PASSWORD, "P@ssw0rd!", "hunter2@home", " \x00=cmd|' /C calc'!A0"])
def test_a_password_typed_into_the_email_field_is_not_stored(app, client, ana, typed):
    for _ in range(6):  # failed, then throttled
        attempt(client, typed)
    entries = [e for e in db.session.scalars(select(AuditEntry)) if e.action.startswith("sign_in")]
    assert [e.action for e in entries] == ["sign_in_failed"] * 5 + ["sign_in_throttled"]
    for entry in entries:
        assert entry.detail == "(not an email address)"
        assert typed.strip().lower() not in f"{entry.actor} {entry.detail} {entry.object_id}".lower()
    counters = db.session.execute(select(throttle.SignInCounter.account)).scalars().all()
    assert counters and not any(typed.strip().lower() in account for account in counters)


def test_wrong_two_factor_codes_count_and_the_password_does_not_reset_them(app, client, ana):
    ana.totp_secret = pyotp.random_base32()
    db.session.commit()
    for _ in range(2):  # the right password again does not buy more code guesses
        assert attempt(client, "ana@office.test", PASSWORD).status_code == 302
        for _ in range(2):
            assert client.post("/login/code", data={"code": "000000"},
                               environ_base={"REMOTE_ADDR": HOME}).status_code == 200
    assert attempt(client, "ana@office.test", PASSWORD).status_code == 302
    assert client.post("/login/code", data={"code": "000000"},
                       environ_base={"REMOTE_ADDR": HOME}).status_code == 200
    code = pyotp.TOTP(ana.totp_secret).now()
    assert client.post("/login/code", data={"code": code},
                       environ_base={"REMOTE_ADDR": HOME}).status_code == 429


def test_a_signed_in_session_cannot_guess_the_password_on_the_account_page(app, client, ana):
    attempt(client, "ana@office.test", PASSWORD)
    for _ in range(5):
        page = client.post("/account", data={"pw-current_password": WRONG,
                                             "pw-new_password": "a fresh passphrase 41c",
                                             "pw-confirm": "a fresh passphrase 41c",
                                             "pw-submit": "1"},
                           environ_base={"REMOTE_ADDR": HOME})
        assert b"This is not your current password" in page.data
    refused = client.post("/account", data={"pw-current_password": PASSWORD,
                                            "pw-new_password": "a fresh passphrase 41c",
                                            "pw-confirm": "a fresh passphrase 41c",
                                            "pw-submit": "1"},
                          environ_base={"REMOTE_ADDR": HOME})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0


def forwarded_attempt(client, email: str, client_ip: str = "203.0.113.7"):  # type: ignore[no-untyped-def]
    """A failed sign-in arriving through a proxy on loopback, for `client_ip`."""
    return client.post("/login", data={"email": email, "password": WRONG},
                       headers={"X-Forwarded-For": client_ip},
                       environ_base={"REMOTE_ADDR": "127.0.0.1"})


def test_a_forged_forwarded_for_header_is_ignored_by_default(app, client, ana):
    for number in range(5):
        forwarded_attempt(client, "ana@office.test", f"198.51.100.{number}")
    assert {e.ip for e in actions("sign_in_failed")} == {"127.0.0.1"}
    # A new forged address is not a new pair: still the same, locked one.
    assert forwarded_attempt(client, "ana@office.test", "198.51.100.99").status_code == 429


def test_behind_a_trusted_proxy_the_client_address_is_throttled_and_audited(
        tmp_path, monkeypatch):
    from advisor import create_app
    from advisor.services.users import create_user

    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ADVISOR_PROXY_HOPS", "1")
    proxied = create_app({"TESTING": True,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxy.sqlite3'}"})
    proxied.test_client_class = CsrfClient
    with proxied.app_context():
        db.create_all()
        create_user("ana@office.test", PASSWORD, Role.ADVISOR)
        db.session.commit()
        client = proxied.test_client()
        for _ in range(5):
            assert forwarded_attempt(client, "ana@office.test").status_code == 401
        assert forwarded_attempt(client, "ana@office.test").status_code == 429
        # Ana herself, behind the same proxy, is not locked out with that client.
        own = client.post("/login", data={"email": "ana@office.test", "password": PASSWORD},
                          headers={"X-Forwarded-For": "198.51.100.2"},
                          environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert own.status_code == 302
        assert {e.ip for e in actions("sign_in_failed")} == {"203.0.113.7"}
        assert {e.ip for e in actions("sign_in")} == {"198.51.100.2"}
        db.session.remove()
        db.engine.dispose()
