"""Signing in and out, roles, two-factor codes, account changes."""

from __future__ import annotations

import pyotp
import pytest

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import User
from advisor.models.office_settings import office_settings_for_update
from tests.web.conftest import PASSWORD


def test_sign_in_with_email_in_any_case_and_out_again(app, make_user):
    make_user(Role.ADVISOR, "Ana@Office.test")
    client = app.test_client()
    response = client.post("/login", data={"email": "ANA@office.TEST", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/account").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(app, make_user):
    make_user(Role.ADVISOR, "ana@office.test")
    client = app.test_client()
    response = client.post("/login", data={"email": "ana@office.test", "password": "nope nope"})
    assert response.status_code == 401
    assert b"Email or password is not right" in response.data
    unknown = client.post("/login", data={"email": "who@office.test", "password": "nope nope"})
    assert b"Email or password is not right" in unknown.data


def test_a_disabled_account_cannot_sign_in_and_its_sessions_end(app, make_user, login):
    client = login(Role.ADVISOR, "ana@office.test")
    user = db.session.scalar(db.select(User).where(User.email == "ana@office.test"))
    from advisor.services.users import set_active
    set_active(user, False)
    db.session.commit()
    assert client.get("/account").status_code == 302
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": "ana@office.test", "password": PASSWORD}).status_code == 401


def test_signing_out_makes_a_copied_cookie_useless(app, login):
    client = login(Role.ADVISOR)
    cookie = client.get_cookie("session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/account").status_code == 302


def test_long_passphrases_are_accepted_and_short_passwords_refused(app, make_user):
    from advisor.services.users import AccountError, create_user
    passphrase = ("the quiet lighthouse keeper counts sixty seven blue herons each spring, " * 5)[:300]
    user = create_user("long@office.test", passphrase, Role.VIEWER)
    db.session.commit()
    client = app.test_client()
    assert client.post("/login", data={"email": user.email, "password": passphrase}).status_code == 302
    try:
        create_user("short@office.test", "seven77", Role.VIEWER)
    except AccountError as exc:
        assert "at least 8" in str(exc)
    else:
        raise AssertionError("a 7-character password was accepted")


COMMON = ["12345678", "password", "aaaaaaaa", "qwertyuiop", "Password1!", "x" * 300,
          "matchadvisor"]


def test_a_password_made_of_the_accounts_own_email_is_refused(runner):
    result = runner.invoke(args=["users", "create", "vera.lind@office.test",
                                 "--password", "vera.lind@office.test"])
    assert result.exit_code == 1 and "too common or too easy to guess" in result.output


@pytest.mark.parametrize("common", COMMON)
def test_common_or_guessable_passwords_are_refused_everywhere(app, runner, make_user, login,
                                                              common):
    refused = runner.invoke(args=["users", "create", "new@office.test", "--password", common])
    assert refused.exit_code == 1 and "password: is too common or too easy to guess" in refused.output
    assert db.session.scalar(db.select(User).where(User.email == "new@office.test")) is None

    admin = login(Role.ADMIN, "boss@office.test")
    form = admin.post("/admin/users/new", data={"email": "new@office.test", "role": "viewer",
                                                "password": common, "confirm": common})
    assert form.status_code == 400 and b"too common or too easy to guess" in form.data

    ana = make_user(Role.ADVISOR, "ana@office.test")
    target = admin.post(f"/admin/users/{ana.id}/password",
                        data={"pw-new_password": common, "pw-confirm": common})
    assert target.status_code == 400 and b"too common or too easy to guess" in target.data
    cli = runner.invoke(args=["users", "set-password", "ana@office.test", "--password", common])
    assert cli.exit_code == 1 and "too common" in cli.output

    own = app.test_client()
    own.post("/login", data={"email": "ana@office.test", "password": PASSWORD})
    page = own.post("/account", data={"pw-current_password": PASSWORD, "pw-new_password": common,
                                      "pw-confirm": common, "pw-submit": "1"})
    assert b"too common or too easy to guess" in page.data
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": "ana@office.test", "password": common}).status_code == 401


def test_passwords_are_stored_as_argon2_hashes(make_user):
    user = make_user(Role.VIEWER)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_two_factor_sign_in_asks_for_a_code(app, make_user):
    user = make_user(Role.ADVISOR, "tf@office.test")
    secret = pyotp.random_base32()
    user.totp_secret = secret
    db.session.commit()
    client = app.test_client()
    first = client.post("/login", data={"email": "tf@office.test", "password": PASSWORD})
    assert first.headers["Location"].endswith("/login/code")
    assert client.get("/account").status_code == 302  # not signed in yet
    wrong = client.post("/login/code", data={"code": "000000"})
    assert b"That code is not right" in wrong.data
    right = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert right.status_code == 302
    assert client.get("/account").status_code == 200


def test_office_wide_two_factor_requirement_sends_users_to_set_it_up(app, login):
    client = login(Role.ADVISOR)
    office_settings_for_update().require_two_factor = True
    db.session.commit()
    response = client.get("/students/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account")
    page = client.get("/account")
    assert b"requires two-factor" in page.data
    db.session.expire_all()
    secret = db.session.scalar(db.select(User).where(User.email == "advisor@office.test")) \
        .totp_pending_secret
    client.post("/account/two-factor", data={"tf-code": pyotp.TOTP(secret).now(),
                                             "tf-current_password": PASSWORD})
    assert client.get("/students/").status_code == 200


def test_next_parameter_only_redirects_within_the_site(app, make_user):
    make_user(Role.ADVISOR, "n@office.test")
    client = app.test_client()
    evil = client.post("/login?next=https://evil.example/", data={"email": "n@office.test", "password": PASSWORD})
    assert evil.headers["Location"] == "/"
    client.post("/logout")
    good = client.post("/login?next=/programs/", data={"email": "n@office.test", "password": PASSWORD})
    assert good.headers["Location"] == "/programs/"


def test_users_create_command(runner):
    result = runner.invoke(args=["users", "create", "Boss@Office.test", "--role", "admin",
                                 "--password", "a long enough password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "boss@office.test"))
    assert user.role is Role.ADMIN
    again = runner.invoke(args=["users", "create", "boss@office.test", "--password", "whatever123"])
    assert again.exit_code == 1 and "already exists" in again.output


def test_the_site_has_an_icon_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")  # signed out, like a browser's first request
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an icon file
    # The same for everyone, so a browser may keep it.
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert '<link rel="icon" href="/favicon.ico">' in client.get("/login").get_data(as_text=True)
