"""/admin/audit: admins browse the log newest first, filter it, and page through it."""

from __future__ import annotations

import html
import re
from datetime import datetime, UTC

import pytest

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import AuditEntry


def add(action: str, actor: str, at: datetime, object_type: str | None = None,
        object_id: str | None = None) -> None:
    db.session.add(AuditEntry(action=action, actor=actor, at=at, object_type=object_type,
                              object_id=object_id))
    db.session.commit()


def rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Each entry's cells as text: when, actor, action, object, detail, IP address."""
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    found = re.findall(r'<tr class="audit-entry">(.*?)</tr>', html, re.S)
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split())
             for cell in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in found]


@pytest.fixture
def log(app) -> None:  # type: ignore[no-untyped-def]
    day = lambda d, h=12: datetime(2026, 3, d, h, tzinfo=UTC)  # noqa: E731
    add("student_viewed", "ana@office.test", day(1), "student", "7")
    add("student_updated", "ana@office.test", day(2), "student", "8")
    add("share_link_used", "share link", day(3), "share_link", "2")
    add("token_used", "bo@office.test", day(4, 23), "api_token", "1")


def test_admins_see_the_log_newest_first_linked_from_the_admin_page(log, admin_client):
    assert 'href="/admin/audit"' in admin_client.get("/admin/").get_data(as_text=True)
    # (Signing in may add entries of its own, dated now.)
    listed = [r for r in rows(admin_client.get("/admin/audit")) if r[0].startswith("2026-03")]
    assert [r[2] for r in listed] == ["token_used", "share_link_used", "student_updated",
                                      "student_viewed"]
    assert listed[0][:4] == ["2026-03-04 23:00:00", "bo@office.test", "token_used", "api_token 1"]
    # Student 7 was never stored here (an erased student reads the same way).
    assert listed[-1][3] == "student 7 (no longer stored)"


def test_entries_name_the_student_and_link_to_them(app, admin_client):
    from advisor.profile_schema import parse_profile
    from advisor.services.students import create_student, delete_student

    def student(name: str):  # type: ignore[no-untyped-def]
        return create_student(parse_profile({
            "name": name, "citizenship": "us_citizen", "step1": {"result": "pass"},
            "step2ck": {"score": 230}, "graduation_year": 2022,
            "specialty": "internal_medicine"}))

    ana, ben = student("Ana Lopez"), student("Ben <Okafor>")
    delete_student(ben)
    db.session.commit()
    page = admin_client.get("/admin/audit?object_type=student")
    objects = [(r[2], html.unescape(r[3])) for r in rows(page)]
    assert objects == [("student_deleted", f"Ben <Okafor> (student {ben.id}, deleted)"),
                       ("student_created", f"Ben <Okafor> (student {ben.id}, deleted)"),
                       ("student_created", f"Ana Lopez (student {ana.id})")]
    source = page.get_data(as_text=True)
    assert f'<a href="/students/{ana.id}">Ana Lopez</a>' in source
    assert "Ben &lt;Okafor&gt;" in source and "<Okafor>" not in source


@pytest.mark.parametrize(("query", "expected"), [
    ("actor=ANA@", ["student_updated", "student_viewed"]),
    ("actor=share", ["share_link_used"]),
    ("action=token_used", ["token_used"]),
    ("object_type=student&object_id=7", ["student_viewed"]),
    ("object_id=2", ["share_link_used"]),
    ("since=2026-03-02&until=2026-03-03", ["share_link_used", "student_updated"]),
    ("since=2026-03-04&until=2026-03-04", ["token_used"]),  # 23:00 UTC that day counts
    ("until=2026-03-01", ["student_viewed"]),
])
def test_filters(log, admin_client, query, expected):
    listed = rows(admin_client.get(f"/admin/audit?{query}"))
    assert [r[2] for r in listed] == expected


def test_a_bad_filter_is_explained_and_not_applied(log, admin_client):
    response = admin_client.get("/admin/audit?action=nonsense&since=2026-03-05&until=2026-03-01")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose an action from the list." in html
    assert "The end date is before the start date." in html


def test_the_log_is_paginated(app, admin_client):
    for n in range(60):
        add("student_viewed", "ana@office.test", datetime(2026, 1, 1, 0, n, tzinfo=UTC),
            "student", str(n))
    first = rows(admin_client.get("/admin/audit?actor=ana"))
    second = rows(admin_client.get("/admin/audit?actor=ana&page=2"))
    assert len(first) == 50 and len(second) == 10
    assert first[0][0] == "2026-01-01 00:59:00" and second[-1][0] == "2026-01-01 00:00:00"


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ADVISOR])
def test_only_admins_see_the_log(log, login, role):
    response = login(role).get("/admin/audit")
    assert response.status_code == 403
    assert "ana@office.test" not in response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/audit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
