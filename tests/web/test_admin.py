"""The admin area: accounts, the plugins page, the office settings, and who may use them."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import event, select

from advisor import create_app
from advisor.demo.loader import load_demo
from advisor.enums import Role
from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.models import Student, User, get_office_settings
from advisor.services.users import create_user
from tests.conftest import IsolatedClient, database_url
from tests.web.conftest import PASSWORD

NEW_PASSWORD = "a brand new passphrase"

GET_ROUTES = ["/admin/", "/admin/users", "/admin/users/new", "/admin/users/1",
              "/admin/plugins", "/admin/settings"]
POST_ROUTES = ["/admin/users/new", "/admin/users/1/role", "/admin/users/1/password",
               "/admin/users/1/disable", "/admin/users/1/enable", "/admin/users/1/sessions",
               "/admin/users/1/two-factor", "/admin/settings"]


def account(email: str) -> User:
    """The account as stored now (requests ran in their own sessions)."""
    db.session.expire_all()
    user = db.session.scalar(db.select(User).where(User.email == email))
    assert user is not None
    return user


def sign_in(app, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password})
    return client, response


def is_checked(page: str, field_id: str) -> bool:
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', page)
    assert tag is not None, field_id
    return " checked" in tag.group(0)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


# ----------------------------------------------------------------------------- access

@pytest.mark.parametrize("role", [Role.ADVISOR, Role.VIEWER])
def test_every_admin_page_and_action_is_forbidden_to_advisors_and_viewers(app, login, make_user,
                                                                          role):
    make_user(Role.ADMIN, "boss@office.test")  # user 1: the target of the actions
    client = login(role)
    for url in GET_ROUTES:
        assert client.get(url).status_code == 403, url
    for url in POST_ROUTES:
        assert client.post(url, data={"role-role": "admin", "pw-new_password": NEW_PASSWORD,
                                      "pw-confirm": NEW_PASSWORD,
                                      "guides_public": "y"}).status_code == 403, url
    boss = account("boss@office.test")
    assert boss.active and boss.role is Role.ADMIN
    assert not get_office_settings().guides_public


def test_admin_pages_send_people_without_an_account_to_sign_in(client, make_user):
    make_user(Role.ADMIN, "boss@office.test")
    for url in GET_ROUTES:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert client.post("/admin/users/1/disable").status_code == 302
    assert account("boss@office.test").active


def test_actions_change_nothing_on_get_and_need_the_csrf_token(app, admin_client, make_user):
    target = make_user(Role.ADVISOR, "ana@office.test")
    assert admin_client.get(f"/admin/users/{target.id}/disable").status_code == 405
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert admin_client.post(f"/admin/users/{target.id}/disable").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert account("ana@office.test").active


# ----------------------------------------------------------------------------- accounts

def test_the_account_list_shows_role_status_two_factor_and_last_sign_in(admin_client, make_user):
    user = make_user(Role.VIEWER, "vera@office.test")
    user.totp_secret = pyotp.random_base32()
    user.active = False
    db.session.commit()
    page = text(admin_client.get("/admin/users")).split("<tbody>")[1]
    row = page[page.index("vera@office.test"):].split("</tr>")[0]
    assert "Viewer" in row and "Disabled" in row and "On" in row and "never" in row
    admin_row = page[page.index("admin@office.test"):].split("</tr>")[0]
    assert "Admin" in admin_row and "Active" in admin_row and "UTC" in admin_row


def test_an_admin_creates_an_account_that_can_sign_in(app, admin_client):
    response = admin_client.post("/admin/users/new", data={
        "email": "New.Person@Office.test", "role": "advisor",
        "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, follow_redirects=True)
    assert response.status_code == 200
    assert "Account created for new.person@office.test (Advisor)." in text(response)
    assert account("new.person@office.test").role is Role.ADVISOR
    client, signed_in = sign_in(app, "new.person@office.test", NEW_PASSWORD)
    assert signed_in.status_code == 302
    assert client.get("/account").status_code == 200


def test_account_creation_errors_are_shown_beside_the_field(admin_client, make_user):
    make_user(Role.VIEWER, "taken@office.test")
    short = admin_client.post("/admin/users/new", data={
        "email": "short@office.test", "role": "viewer", "password": "seven77",
        "confirm": "seven77"})
    assert short.status_code == 400
    assert 'id="password-error">Password must be at least 8 characters.' in text(short)
    taken = admin_client.post("/admin/users/new", data={
        "email": "TAKEN@office.test", "role": "viewer", "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD})
    assert taken.status_code == 400
    assert 'id="email-error">An account for taken@office.test already exists.' in text(taken)
    assert 'value="TAKEN@office.test"' in text(taken)  # what was typed is kept
    bad_role = admin_client.post("/admin/users/new", data={
        "email": "x@office.test", "role": "overlord", "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD})
    assert bad_role.status_code == 400
    assert db.session.scalar(db.select(User).where(User.email == "x@office.test")) is None


def test_a_long_initial_password_is_accepted(app, admin_client):
    passphrase = "correct horse battery staple " * 10
    admin_client.post("/admin/users/new", data={"email": "long@office.test", "role": "viewer",
                                                 "password": passphrase, "confirm": passphrase})
    assert sign_in(app, "long@office.test", passphrase)[1].status_code == 302


def test_changing_a_role_takes_effect_at_once(app, admin_client, login):
    other = login(Role.ADMIN, "second@office.test")
    assert other.get("/admin/").status_code == 200
    user_id = account("second@office.test").id
    response = admin_client.post(f"/admin/users/{user_id}/role", data={"role-role": "advisor"},
                                 follow_redirects=True)
    assert "second@office.test is now advisor." in text(response)
    assert account("second@office.test").role is Role.ADVISOR
    assert other.get("/admin/").status_code == 403


def test_disabling_signs_the_user_out_and_blocks_sign_in_until_enabled(app, admin_client, login):
    ana = login(Role.ADVISOR, "ana@office.test")
    assert ana.get("/account").status_code == 200
    user_id = account("ana@office.test").id
    response = admin_client.post(f"/admin/users/{user_id}/disable", follow_redirects=True)
    assert "ana@office.test is disabled and was signed out everywhere." in text(response)
    assert ana.get("/account").status_code == 302
    assert sign_in(app, "ana@office.test")[1].status_code == 401
    enabled = admin_client.post(f"/admin/users/{user_id}/enable", follow_redirects=True)
    assert "can sign in again" in text(enabled)
    assert sign_in(app, "ana@office.test")[1].status_code == 302


def test_resetting_a_password_replaces_the_old_one_and_ends_sessions(app, admin_client, login):
    ana = login(Role.ADVISOR, "ana@office.test")
    user_id = account("ana@office.test").id
    response = admin_client.post(f"/admin/users/{user_id}/password", data={
        "pw-new_password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD}, follow_redirects=True)
    assert "New password set for ana@office.test." in text(response)
    assert ana.get("/account").status_code == 302
    assert sign_in(app, "ana@office.test", PASSWORD)[1].status_code == 401
    assert sign_in(app, "ana@office.test", NEW_PASSWORD)[1].status_code == 302


def test_a_password_reset_with_a_short_or_mismatched_password_is_refused(admin_client, make_user):
    user = make_user(Role.ADVISOR, "ana@office.test")
    short = admin_client.post(f"/admin/users/{user.id}/password", data={
        "pw-new_password": "short", "pw-confirm": "short"})
    assert short.status_code == 400
    assert 'id="pw-new_password-error">Password must be at least 8 characters.' in text(short)
    differ = admin_client.post(f"/admin/users/{user.id}/password", data={
        "pw-new_password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD + "!"})
    assert "The passwords differ." in text(differ)


def test_resetting_my_own_password_keeps_me_signed_in(app, admin_client):
    me = account("admin@office.test")
    admin_client.post(f"/admin/users/{me.id}/password", data={
        "pw-new_password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD})
    assert admin_client.get("/admin/").status_code == 200
    assert sign_in(app, "admin@office.test", NEW_PASSWORD)[1].status_code == 302


def test_the_last_admin_cannot_demote_or_disable_themselves(admin_client):
    me = account("admin@office.test")
    demote = admin_client.post(f"/admin/users/{me.id}/role", data={"role-role": "viewer"})
    assert demote.status_code == 400
    assert "At least one active admin must remain" in text(demote)
    disable = admin_client.post(f"/admin/users/{me.id}/disable", follow_redirects=True)
    assert "At least one active admin must remain" in text(disable)
    me = account("admin@office.test")
    assert me.role is Role.ADMIN and me.active
    assert admin_client.get("/admin/").status_code == 200


def test_a_disabled_admin_does_not_count_as_the_one_that_remains(admin_client, make_user):
    other = make_user(Role.ADMIN, "gone@office.test")
    other.active = False
    db.session.commit()
    me = account("admin@office.test")
    assert admin_client.post(f"/admin/users/{me.id}/role",
                             data={"role-role": "advisor"}).status_code == 400
    assert account("admin@office.test").role is Role.ADMIN


def test_with_another_admin_an_admin_may_step_down(admin_client, make_user):
    make_user(Role.ADMIN, "second@office.test")
    me = account("admin@office.test")
    response = admin_client.post(f"/admin/users/{me.id}/role", data={"role-role": "advisor"})
    assert response.status_code == 302
    assert account("admin@office.test").role is Role.ADVISOR
    assert admin_client.get("/admin/").status_code == 403


def test_resetting_two_factor_lets_the_user_sign_in_with_the_password_alone(app, admin_client,
                                                                            make_user):
    user = make_user(Role.ADVISOR, "lost@office.test")
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    assert sign_in(app, "lost@office.test")[1].headers["Location"].endswith("/login/code")
    response = admin_client.post(f"/admin/users/{user.id}/two-factor", follow_redirects=True)
    assert "Two-factor sign-in reset for lost@office.test." in text(response)
    assert account("lost@office.test").totp_secret is None
    assert not sign_in(app, "lost@office.test")[1].headers["Location"].endswith("/login/code")


def test_ending_sessions_signs_the_user_out_everywhere(app, admin_client, login):
    ana = login(Role.ADVISOR, "ana@office.test")
    laptop = sign_in(app, "ana@office.test")[0]
    user_id = account("ana@office.test").id
    response = admin_client.post(f"/admin/users/{user_id}/sessions", follow_redirects=True)
    assert "ana@office.test was signed out everywhere." in text(response)
    assert ana.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 302
    assert account("ana@office.test").active  # she may sign in again
    assert sign_in(app, "ana@office.test")[1].status_code == 302


def test_ending_my_own_sessions_keeps_this_one(app, admin_client):
    other_device = sign_in(app, "admin@office.test")[0]
    me = account("admin@office.test")
    response = admin_client.post(f"/admin/users/{me.id}/sessions", follow_redirects=True)
    assert "Your other sessions were signed out." in text(response)
    assert admin_client.get("/admin/").status_code == 200
    assert other_device.get("/admin/").status_code == 302


def test_an_unknown_account_is_not_found(admin_client):
    assert admin_client.get("/admin/users/999").status_code == 404
    assert admin_client.post("/admin/users/999/disable").status_code == 404


def test_user_entered_text_is_escaped(admin_client):
    # Not an address an account may have; the refusal echoes it, escaped.
    email = '"<b>bold</b>"@office.test'
    refused = admin_client.post("/admin/users/new", data={"email": email, "role": "viewer",
                                                          "password": NEW_PASSWORD,
                                                          "confirm": NEW_PASSWORD})
    assert refused.status_code == 400
    assert db.session.scalar(db.select(User).where(User.email == email)) is None
    page = text(refused)
    assert "is not an email address" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<b>bold</b>" not in page


# ----------------------------------------------------------------------------- plugins

def test_the_plugins_page_shows_versions_hooks_regions_and_recent_errors(app, admin_client):
    get_registry(app).record_error("socal", "advisor_advice", "ValueError: <b>bad</b> row")
    page = text(admin_client.get("/admin/plugins"))
    for name in ("core", "bay_area", "los_angeles", "nationwide", "pacific_coast", "socal"):
        assert f'id="plugin-{name}"' in page
    socal = page[page.index('id="plugin-socal"'):]
    assert "0.1.0" in socal and "Enabled" in socal
    assert "advisor_guide" in socal and "advisor_adjust_scores" in socal
    assert "Southern California" in socal and "<code>socal</code>" in socal
    assert "advisor_advice" in socal and "UTC" in socal
    assert "ValueError: &lt;b&gt;bad&lt;/b&gt; row" in socal
    core = page[page.index('id="plugin-core"'):page.index('id="plugin-bay_area"')]
    assert "office-wide" in core and "No errors recorded" in core


def test_the_plugins_page_shows_disabled_plugins(tmp_path, monkeypatch):
    instance = tmp_path / "other-instance"
    instance.mkdir()
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(instance))
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SEASON_YEAR": 2026,
                      "SQLALCHEMY_DATABASE_URI": database_url(instance),
                      "PLUGINS_DISABLED": "bay_area"})
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        try:
            create_user("root@office.test", PASSWORD, Role.ADMIN)
            db.session.commit()
            client, _ = sign_in(app, "root@office.test")
            page = text(client.get("/admin/plugins"))
            bay_area = page[page.index('id="plugin-bay_area"'):page.index('id="plugin-los_angeles"')]
            assert "Disabled" in bay_area and "0.1.0" in bay_area
            assert "Matching in the San Francisco Bay Area" not in text(client.get("/guides/"))
        finally:
            db.session.remove()
            db.drop_all()


# ----------------------------------------------------------------------------- settings

def test_settings_are_saved_and_take_effect(app, admin_client, login, client):
    assert client.get("/guides/").status_code == 302
    response = admin_client.post("/admin/settings", data={"guides_public": "y"},
                                 follow_redirects=True)
    assert "Settings saved." in text(response)
    assert is_checked(text(response), "guides_public")
    assert not is_checked(text(response), "require_two_factor")
    assert client.get("/guides/").status_code == 200

    # A browser sends the button (and the CSRF token) but no unticked boxes.
    cleared = admin_client.post("/admin/settings", data={"submit": "Save settings"},
                                follow_redirects=True)
    assert not is_checked(text(cleared), "guides_public")
    assert client.get("/guides/").status_code == 302
    assert not get_office_settings().guides_public


def test_a_page_asks_for_settings_never_saved_only_once(app, advisor_client):
    load_demo(2)
    student = db.session.scalars(select(Student).order_by(Student.id)).first()
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        # The two-factor check, the advice's key and the advice itself read the settings.
        assert advisor_client.get(f"/students/{student.id}/advice").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert sum("FROM office_settings" in s for s in statements) == 1


def test_requiring_two_factor_sends_everyone_without_it_to_set_it_up(admin_client, login):
    advisor = login(Role.ADVISOR, "ana@office.test")
    response = admin_client.post("/admin/settings", data={"require_two_factor": "y"},
                                 follow_redirects=True)
    assert "Settings saved." in text(response)
    db.session.expire_all()
    assert get_office_settings().require_two_factor
    blocked = advisor.get("/guides/")
    assert blocked.status_code == 302 and blocked.headers["Location"].endswith("/account")
