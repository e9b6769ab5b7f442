"""The student's shared page under load: served from a cache until something it shows changes,
throttled per link (429 with Retry-After), and audited as one entry per link and hour."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from advisor.demo.loader import load_demo
from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.models import AuditEntry, Outcome, ShareLink, Student
from advisor.models.catalog_state import bump_catalog_revision
from advisor.models.columns import utcnow
from advisor.services import share_links

ANA = "Demo: Ana R."


@pytest.fixture
def ana(app) -> Student:  # type: ignore[no-untyped-def]
    load_demo(300)
    return db.session.scalar(select(Student).where(Student.name == ANA))


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """The share links' notion of now, moved by the test."""
    class Clock:
        now = utcnow()

        def advance(self, **delta: float) -> None:
            self.now += timedelta(**delta)

    fixed = Clock()
    monkeypatch.setattr(share_links, "utcnow", lambda: fixed.now)
    return fixed


def new_link(student: Student) -> str:
    _, secret = share_links.create_link(student, None)
    db.session.commit()
    return secret


def body(client, secret: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/shared/{secret}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_a_repeated_view_comes_from_the_cache_until_what_it_shows_changes(
        app, client, ana, assessments, clock):
    secret = new_link(ana)
    first = body(client, secret)
    assert body(client, secret) == first
    assert len(assessments) == 1
    # Another link of the same student shows the same page.
    assert body(client, new_link(ana)) == first
    assert len(assessments) == 1

    changes = {
        "the student": lambda: setattr(db.session.get(Student, ana.id), "publications", 7),
        "the catalog": lambda: bump_catalog_revision(db.session),
        "the office's outcomes": lambda: db.session.add(Outcome(
            student_id=ana.id, season=2024, acgme_id="0000000001",
            profile={"step2ck": {"score": 221}, "citizenship": "non_us", "visa_needed": "j1"})),
    }
    for what, change in changes.items():
        before = len(assessments)
        change()
        db.session.commit()
        clock.advance(seconds=61)  # keep clear of the per-link limit
        body(client, secret)
        assert len(assessments) == before + 1, f"a change of {what} did not refresh the page"
        body(client, secret)
        assert len(assessments) == before + 1

    before = len(assessments)
    get_registry().unregister("socal")
    clock.advance(seconds=61)
    assert 'id="strategy-socal"' not in body(client, secret)
    assert len(assessments) == before + 1

    app.config["DEFAULT_STRATEGIES"] = "pacific_coast"
    clock.advance(seconds=61)
    body(client, secret)
    assert len(assessments) == before + 2

    app.config["INTERVIEW_GOALS"] = "internal_medicine=12"
    clock.advance(seconds=61)
    body(client, secret)
    assert len(assessments) == before + 3, "a change of interview goals did not refresh the page"


def test_the_cached_part_carries_nothing_of_the_viewer(app, ana, advisor_client, client):
    secret = new_link(ana)
    staff_view = body(advisor_client, secret)  # a signed-in advisor opens it first
    student_view = body(client, secret)
    assert "advisor@office.test" not in staff_view + student_view
    assert "Sign out" not in student_view


def test_each_link_is_throttled_with_429_and_retry_after(app, client, ana, clock):
    app.config["SHARE_LINK_VIEWS_PER_MINUTE"] = 3
    secret, other = new_link(ana), new_link(ana)
    for _ in range(3):
        body(client, secret)
    clock.advance(seconds=20)
    refused = client.get(f"/shared/{secret}")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "40"
    assert refused.headers["Cache-Control"] == "no-store"
    assert "opened too often" in refused.get_data(as_text=True)
    body(client, other)  # another link has its own count
    clock.advance(seconds=40)
    body(client, secret)


def test_views_are_audited_as_one_entry_per_link_and_hour(app, client, ana, clock,
                                                          admin_client):
    app.config["SHARE_LINK_VIEWS_PER_MINUTE"] = 100
    secret = new_link(ana)
    link_id = db.session.scalar(select(ShareLink.id))
    clock.now = clock.now.replace(minute=5)
    for _ in range(4):
        body(client, secret)
    clock.advance(minutes=50)
    body(client, secret)
    clock.advance(minutes=10)  # the next hour
    body(client, secret)
    entries = db.session.execute(
        select(AuditEntry.count, AuditEntry.actor, AuditEntry.object_id)
        .where(AuditEntry.action == "share_link_used").order_by(AuditEntry.id)).all()
    assert entries == [(5, "share link", str(link_id)), (1, "share link", str(link_id))]
    log = admin_client.get("/admin/audit?action=share_link_used").get_data(as_text=True)
    assert "5 times" in log


def test_the_staff_page_is_cached_too_and_refreshes_when_what_it_shows_changes(
        app, ana, assessments, advisor_client):
    def staff() -> str:
        """The page without its CSRF tokens, which carry the second they were signed."""
        response = advisor_client.get(f"/students/{ana.id}/advice")
        assert response.status_code == 200
        return re.sub(r'(name="csrf_token"[^>]*value=|name="csrf-token" content=)"[^"]*"',
                      r'\1""', response.get_data(as_text=True))

    staff()  # the first view also carries the sign-in message
    first = staff()
    assert staff() == first and len(assessments) == 1
    # The shared page is cached apart: it hides what the staff page shows of other students.
    new_link(ana)
    for change in (lambda: setattr(db.session.get(Student, ana.id), "publications", 9),
                   lambda: bump_catalog_revision(db.session)):
        before = len(assessments)
        change()
        db.session.commit()
        staff()
        staff()
        assert len(assessments) == before + 1
    # The viewer's own parts are rendered each time, around the cached advice.
    assert 'name="csrf_token"' in staff()


def test_an_admin_still_sees_the_plugin_failures_of_a_cached_page(
        app, ana, assessments, admin_client):
    from advisor.hooks import hookimpl

    class Broken:
        @hookimpl
        def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    get_registry().register(Broken(), "broken")
    for _ in range(2):
        html = admin_client.get(f"/students/{ana.id}/advice").get_data(as_text=True)
        assert "Some plugins failed during this assessment" in html and "boom" in html
    assert len(assessments) == 1
