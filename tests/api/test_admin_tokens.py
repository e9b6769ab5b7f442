"""Admin > API tokens: create for an account (shown once), list, revoke; admins only."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import ApiToken
from advisor.services.users import set_active
from tests.api.conftest import PASSWORD

TOKEN = re.compile(r'value="(ma_[A-Za-z0-9_-]{43})"')


@pytest.fixture
def admin_browser(app, make_user):  # type: ignore[no-untyped-def]
    admin = make_user(Role.ADMIN, "boss@office.test")
    browser = app.test_client()
    assert browser.post("/login", data={"email": admin.email,
                                        "password": PASSWORD}).status_code == 302
    return browser


def create_in_ui(browser, user_id: int, name: str):  # type: ignore[no-untyped-def]
    return browser.post("/admin/tokens", data={"token-user": str(user_id), "token-name": name})


def test_an_admin_creates_a_token_that_is_shown_once_and_works(admin_browser, client, make_user):
    advisor = make_user(Role.ADVISOR, "ada@office.test")
    response = create_in_ui(admin_browser, advisor.id, "SIS sync")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    secret = TOKEN.search(page).group(1)
    assert "not shown again" in page
    api = client.post("/api/v1/students", headers={"Authorization": f"Bearer {secret}"},
                      json={"name": "x"})
    assert api.status_code == 400  # authenticated as an advisor; the profile is what is wrong

    listing = admin_browser.get("/admin/tokens").get_data(as_text=True)
    assert secret not in listing
    assert secret[:11] + "…" in listing and "SIS sync" in listing and "ada@office.test" in listing
    token = db.session.scalar(sa.select(ApiToken))
    assert token.created_by.email == "boss@office.test"


def test_revoking_in_the_ui_ends_the_token(admin_browser, client, make_user):
    viewer = make_user(Role.VIEWER, "vic@office.test")
    secret = TOKEN.search(create_in_ui(admin_browser, viewer.id, "dash").get_data(as_text=True)).group(1)
    token = db.session.scalar(sa.select(ApiToken))
    response = admin_browser.post(f"/admin/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert "Revoked" in admin_browser.get(response.headers["Location"]).get_data(as_text=True)
    assert client.get("/api/v1/plugins",
                      headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert admin_browser.post("/admin/tokens/999/revoke").status_code == 404


@pytest.mark.parametrize("form, field, message", [
    ({"token-name": "x"}, "user", "Choose an account."),
    ({"token-user": "999", "token-name": "x"}, "user", "Choose an active account from the list."),
    ({"token-user": "{id}", "token-name": ""}, "name", "Say what the token is for"),
    ({"token-user": "{id}", "token-name": "x" * 101}, "name", "100 characters"),
])
def test_a_bad_request_is_400_with_the_problem_beside_the_field(admin_browser, make_user, form,
                                                                field, message):
    viewer = make_user(Role.VIEWER, "vic@office.test")
    data = {key: value.format(id=viewer.id) for key, value in form.items()}
    response = admin_browser.post("/admin/tokens", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_disabled_accounts_are_not_offered(admin_browser, make_user):
    gone = make_user(Role.VIEWER, "gone@office.test")
    set_active(gone, False)
    db.session.commit()
    page = admin_browser.get("/admin/tokens").get_data(as_text=True)
    assert "gone@office.test" not in page
    assert create_in_ui(admin_browser, gone.id, "x").status_code == 400


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ADVISOR])
def test_only_admins_manage_tokens(app, make_user, role):
    user = make_user(role, f"{role.value}@office.test")
    browser = app.test_client()
    browser.post("/login", data={"email": user.email, "password": PASSWORD})
    assert browser.get("/admin/tokens").status_code == 403
    assert create_in_ui(browser, user.id, "mine").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/tokens")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
