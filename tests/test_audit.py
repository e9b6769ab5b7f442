"""The audit log: every audited action leaves one entry with the right actor and object, a
failed change leaves none, and no password, token or share-link secret ever reaches it."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select

from advisor.demo.loader import load_demo
from advisor.enums import Role
from advisor.extensions import db
from advisor.models import ApiToken, AuditEntry, Student, User
from advisor.services import api_tokens
from advisor.services.users import create_user

ADMIN_PASSWORD = "admin passphrase 7c1e"
NEW_PASSWORD = "first password 93ad1f"
RESET_PASSWORD = "reset password 5be20d"
CLI_PASSWORD = "cli password 0f4a7e"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def entries(action: str | None = None) -> list[AuditEntry]:
    db.session.expire_all()
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def one(action: str, object_id: object = None) -> AuditEntry:
    found = [e for e in entries(action) if object_id is None or e.object_id == str(object_id)]
    assert len(found) == 1, (action, object_id, [(e.actor, e.object_id) for e in entries()])
    return found[0]


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def signed_in(app: Flask, email: str, password: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    return client


@pytest.fixture
def audited(app: Flask, runner) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Every audited action, done the way staff do it, with known secrets."""
    app.config["IMPORT_JOBS_SYNC"] = True
    load_demo(50)
    student = db.session.scalars(select(Student).order_by(Student.id)).first()
    admin = create_user("admin@office.test", ADMIN_PASSWORD, Role.ADMIN)
    db.session.commit()
    web = signed_in(app, admin.email, ADMIN_PASSWORD)

    # Accounts, by an admin in the browser.
    assert web.post("/admin/users/new", data={
        "email": "staff@office.test", "role": "advisor", "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD}).status_code == 302
    staff = db.session.scalar(select(User).where(User.email == "staff@office.test"))
    assert web.post(f"/admin/users/{staff.id}/role", data={"role-role": "viewer"}).status_code == 302
    assert web.post(f"/admin/users/{staff.id}/password", data={
        "pw-new_password": RESET_PASSWORD, "pw-confirm": RESET_PASSWORD}).status_code == 302
    assert web.post(f"/admin/users/{staff.id}/disable").status_code == 302
    assert web.post(f"/admin/users/{staff.id}/enable").status_code == 302
    assert web.post(f"/admin/users/{staff.id}/sessions").status_code == 302
    db.session.get(User, staff.id).totp_secret = TOTP_SECRET
    db.session.commit()
    assert web.post(f"/admin/users/{staff.id}/two-factor").status_code == 302
    # ... and on the command line.
    result = runner.invoke(args=["users", "create", "cli@office.test", "--role", "viewer",
                                 "--password", CLI_PASSWORD])
    assert result.exit_code == 0, result.output

    # An API token, made in the browser and used.
    html = web.post("/admin/tokens", data={"token-user": str(admin.id),
                                           "token-name": "SIS"}).get_data(as_text=True)
    token = re.search(r'value="(ma_[A-Za-z0-9_-]+)"', html).group(1)
    api = app.test_client()
    profile = {"name": "Audit: A.", "citizenship": "non_us", "visa_needed": "j1",
               "step1": {"result": "pass", "attempts": 1, "score": None},
               "step2ck": {"score": 224, "attempts": 1}, "step3": {"score": None, "passed": None},
               "graduation_year": 2023, "clinical_experience": [], "us_letters": [],
               "publications": 0, "languages": [], "ties": [], "specialty": "internal_medicine",
               "backup_specialty": None, "target_regions": []}
    created = api.post("/api/v1/students", json=profile, headers=bearer(token))
    assert created.status_code == 201, created.data
    api_id = created.get_json()["id"]
    assert api.get(f"/api/v1/students/{api_id}", headers=bearer(token)).status_code == 200
    assert api.get(f"/api/v1/students/{api_id}/assessment",
                   headers=bearer(token)).status_code == 200
    assert api.put(f"/api/v1/students/{api_id}", json={"version": 1, "profile": profile},
                   headers=bearer(token)).status_code == 200
    # A stale version is refused: nothing saved, so nothing audited.
    assert api.put(f"/api/v1/students/{api_id}", json={"version": 1, "profile": profile},
                   headers=bearer(token)).status_code == 409
    assert api.delete(f"/api/v1/students/{api_id}", headers=bearer(token)).status_code == 204
    token_row = db.session.scalar(select(ApiToken).where(ApiToken.name == "SIS"))

    # A student in the browser: viewed, advice, export, restored; a share link made, used, revoked.
    assert web.get(f"/students/{student.id}").status_code == 200
    assert web.get(f"/students/{student.id}/advice").status_code == 200
    assert web.get(f"/students/{student.id}/advice.csv").status_code == 200
    assert web.post(f"/students/{api_id}/restore").status_code == 302
    html = web.post(f"/students/{student.id}/share", data={"days": "30"}).get_data(as_text=True)
    share_secret = re.search(r'>http://localhost/shared/([A-Za-z0-9_-]+)</textarea>', html).group(1)
    assert app.test_client().get(f"/shared/{share_secret}").status_code == 200
    link_id = one("share_link_created").object_id
    assert web.post(f"/students/{student.id}/share/{link_id}/revoke").status_code == 302
    assert app.test_client().get(f"/shared/{share_secret}").status_code == 404

    # The catalog: exported, and a file uploaded (checked only).
    assert web.get("/programs/export.csv").status_code == 200
    csv = b"acgme_id,name,specialty,state,zip\n7000000001,Audit IM,internal_medicine,CA,90033\n"
    assert web.post("/programs/upload", data={"file": (io.BytesIO(csv), "c.csv"),
                                              "dry_run": "y"},
                    content_type="multipart/form-data").status_code == 302

    assert web.post(f"/admin/tokens/{token_row.id}/revoke").status_code == 302
    return {"admin": admin.id, "staff": staff.id, "student": student.id, "api_student": api_id,
            "token": token_row.id, "link": link_id,
            "secrets": [ADMIN_PASSWORD, NEW_PASSWORD, RESET_PASSWORD, CLI_PASSWORD, TOTP_SECRET,
                        token, share_secret]}


def test_no_password_token_or_share_secret_reaches_the_log(audited):
    found = entries()
    assert {"account_created", "account_password_changed", "account_two_factor_reset",
            "token_created", "token_used", "share_link_created", "share_link_used",
            "share_link_revoked"} <= {e.action for e in found}
    columns = [c.key for c in AuditEntry.__table__.columns]
    for entry in found:
        for column in columns:
            value = str(getattr(entry, column))
            for secret in audited["secrets"]:
                assert secret not in value, (entry.action, column)


def test_account_changes_name_the_admin_and_the_account(audited):
    admin, staff = audited["admin"], audited["staff"]
    for action in ("account_created", "account_role_changed", "account_password_changed",
                   "account_disabled", "account_enabled", "account_sessions_ended",
                   "account_two_factor_reset"):
        entry = one(action, staff)
        assert (entry.actor, entry.actor_id, entry.object_type) == \
            ("admin@office.test", admin, "user"), action
        assert entry.at.utcoffset() == timedelta(0)
        assert entry.ip == "127.0.0.1"
    assert "advisor -> viewer" in one("account_role_changed", staff).detail
    cli = [e for e in entries("account_created") if e.detail.startswith("cli@office.test")]
    assert [(e.actor, e.actor_id, e.ip) for e in cli] == [("cli", None, None)]


def test_student_changes_views_and_exports_name_who_and_which(audited):
    admin, student, api_student = audited["admin"], audited["student"], audited["api_student"]
    for action in ("student_created", "student_updated", "student_deleted", "student_restored"):
        entry = one(action, api_student)
        assert (entry.actor_id, entry.object_type) == (admin, "student"), action
    views = [(e.object_id, e.detail) for e in entries("student_viewed")]
    assert views == [(str(api_student), "API"), (str(api_student), "API assessment"),
                     (str(student), "student page"), (str(student), "advice page")]
    assert all(e.actor == "admin@office.test" for e in entries("student_viewed"))
    assert one("student_exported", student).detail == "advice CSV"


def test_share_links_and_tokens_are_audited_by_id(audited):
    link, token = audited["link"], audited["token"]
    assert one("share_link_created", link).actor == "admin@office.test"
    used = one("share_link_used", link)  # the second, refused opening adds nothing
    assert (used.actor, used.actor_id) == ("share link", None)
    assert one("share_link_revoked", link).actor == "admin@office.test"
    for action in ("token_created", "token_revoked"):
        assert one(action, token).actor == "admin@office.test"
    # Five API calls within a minute: one "token_used" entry.
    used = one("token_used", token)
    assert (used.actor, used.object_type) == ("admin@office.test", "api_token")


def test_catalog_upload_and_export_are_audited(audited):
    assert one("catalog_exported").actor == "admin@office.test"
    upload = one("catalog_uploaded")
    assert (upload.object_type, upload.detail) == ("import_job", "c.csv (check only)")


def test_a_refused_change_leaves_no_entry(app: Flask, audited):
    # The stale API update above was refused: only the accepted one is in the log.
    assert len(entries("student_updated")) == 1
    # Disabling the last admin is refused, and so not recorded.
    client = signed_in(app, "admin@office.test", ADMIN_PASSWORD)
    assert client.post(f"/admin/users/{audited['admin']}/disable").status_code == 302
    assert db.session.get(User, audited["admin"]).active
    assert not [e for e in entries("account_disabled") if e.object_id == str(audited["admin"])]


def test_token_use_is_recorded_again_after_a_minute(app: Flask):
    user = create_user("api@office.test", ADMIN_PASSWORD, Role.VIEWER)
    new = api_tokens.create_token(user, "poller")
    db.session.commit()
    start = new.token.created_at
    for seconds in (0, 30, 59, 61, 90, 125):
        with app.test_request_context():
            assert api_tokens.authenticate(new.secret, now=start + timedelta(seconds=seconds))
    assert len(entries("token_used")) == 3


def test_recording_a_read_does_not_read_the_user_or_the_student_again(app: Flask):
    load_demo(3)
    student = db.session.scalars(select(Student).order_by(Student.id)).first()
    create_user("advisor@office.test", ADMIN_PASSWORD, Role.ADVISOR)
    db.session.commit()
    web = signed_in(app, "advisor@office.test", ADMIN_PASSWORD)
    pages = [f"/students/{student.id}", f"/students/{student.id}/advice"]
    for page in pages:  # the advice is built and cached on the first opening
        assert web.get(page).status_code == 200
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        for page in pages:
            statements.clear()
            assert web.get(page).status_code == 200
            # Loads of the row itself (other queries count students, e.g. for the evidence).
            reads = {table: sum(1 for s in statements if s.startswith(f"SELECT {table}.id,"))
                     for table in ("user_account", "student")}
            assert reads == {"user_account": 1, "student": 1}, page
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert [e.detail for e in entries("student_viewed")][-2:] == ["student page", "advice page"]
