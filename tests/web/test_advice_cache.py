"""The advice pages are served from a cache, and every change a user could see in them gives a
fresh page: the student and their rows, the catalog, the office's evidence and settings, the
strategies' content, the plugin set and the season. Each test opens the page once (so it is
cached), changes one thing, and reads the changed value on the page."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from advisor.demo.loader import load_demo
from advisor.extensions import db
from advisor.hooks import hookimpl
from advisor.plugin_registry import get_registry
from advisor.hooks.types import AdviceSection
from advisor.models import Outcome, Program, Student
from advisor.scoring.evidence import EVIDENCE_SOURCE
from advisor.services import share_links
from advisor.services.students import delete_student, profile_from_student, update_student
from advisor.web.advice_page import assess_student
from advisor.web.worklist_rows import CSRF_SLOT

ANA = "Demo: Ana R."  # Step 2 CK 221, graduated two seasons ago, 2 months of observership


@pytest.fixture
def ana(app) -> Student:  # type: ignore[no-untyped-def]
    load_demo(300)
    return db.session.scalar(select(Student).where(Student.name == ANA))


@pytest.fixture
def staff(ana, advisor_client):  # type: ignore[no-untyped-def]
    """staff() -> Ana's advice page as an advisor sees it, opened once already."""
    def page() -> str:
        response = advisor_client.get(f"/students/{ana.id}/advice")
        assert response.status_code == 200
        return response.get_data(as_text=True)
    page()
    return page


def edit(student: Student, change) -> None:  # type: ignore[no-untyped-def]
    """Save the student as the edit form does, with `change` applied to the profile."""
    profile = profile_from_student(student)
    change(profile)
    update_student(student, profile, student.version)
    db.session.commit()


def summary_step2(html: str) -> str:
    return re.search(r"<dt>Step 2 CK</dt>\s*<dd>([^<]*)</dd>", html).group(1)


def test_an_edited_student_shows_the_new_score(ana, staff):
    assert summary_step2(staff()) == "221"
    edit(ana, lambda p: p["step2ck"].update(score=238))
    assert summary_step2(staff()) == "238"


def test_an_added_experience_row_shows_in_the_reasons(ana, staff):
    assert "(2 months in all)" in staff()
    edit(ana, lambda p: p["clinical_experience"].append(
        {"kind": "elective", "months": 3, "specialty": "internal_medicine", "state": "CA",
         "zip": "90033"}))
    html = staff()
    assert "(5 months in all)" in html and "(2 months in all)" not in html


def test_a_renamed_program_shows_its_new_name(ana, staff):
    listed = assess_student(ana)[0].plan.entries[0].program.acgme_id
    program = db.session.scalar(select(Program).where(Program.acgme_id == listed))
    program.name = "Harbor Teaching Hospital Renamed Program"
    db.session.commit()
    assert "Harbor Teaching Hospital Renamed Program" in staff()


def evidence_text(student: Student, acgme_id: str) -> str:
    """What the page says of our graduates' outcomes at one program, read afresh."""
    program = next(p for p in assess_student(student)[0].programs
                   if p.program.acgme_id == acgme_id)
    return next(r.text for r in program.reasons if r.source == EVIDENCE_SOURCE)


SIMILAR_TO_ANA = {"step2ck": {"score": 221}, "citizenship": "non_us", "visa_needed": "j1"}


def test_new_outcomes_of_our_graduates_show_on_the_program(ana, staff):
    # The demo alumni applied to Ana's best program already; five more were refused there.
    acgme_id = assess_student(ana)[0].plan.entries[0].program.acgme_id
    before = evidence_text(ana, acgme_id)
    assert str(escape(before)) in staff()
    for _ in range(5):
        db.session.add(Outcome(student_id=None, season=2024, acgme_id=acgme_id,
                               profile=SIMILAR_TO_ANA, interviewed=False))
    db.session.commit()
    after = evidence_text(ana, acgme_id)
    assert after != before
    html = staff()
    assert str(escape(after)) in html and str(escape(before)) not in html


def test_a_deleted_students_outcomes_leave_the_evidence_on_the_page(ana, staff):
    acgme_id = assess_student(ana)[0].plan.entries[0].program.acgme_id
    alone = evidence_text(ana, acgme_id)
    other = db.session.scalar(select(Student).where(Student.id != ana.id,
                                                    Student.deleted_at.is_(None)))
    db.session.add(Outcome(student_id=other.id, season=2024, acgme_id=acgme_id,
                           profile=SIMILAR_TO_ANA, interviewed=False))
    db.session.commit()
    with_other = evidence_text(ana, acgme_id)
    assert with_other != alone and str(escape(with_other)) in staff()
    delete_student(other)
    db.session.commit()
    html = staff()
    assert str(escape(alone)) in html and str(escape(with_other)) not in html


def test_the_offices_interview_goal_shows_when_changed(app, staff):
    assert "the goal is 8." in staff()
    app.config["INTERVIEW_GOALS"] = "internal_medicine=12"
    assert "the goal is 12." in staff()


def test_the_offices_default_strategies_show_for_a_student_who_names_none(app, ana, staff):
    edit(ana, lambda p: p.update(target_regions=[]))
    assert 'id="strategy-nationwide"' in staff()
    app.config["DEFAULT_STRATEGIES"] = "pacific_coast"
    html = staff()
    assert 'id="strategy-pacific_coast"' in html and 'id="strategy-nationwide"' not in html


def test_changed_strategy_content_shows_once_the_registry_fingerprints_it(
        ana, advisor_client, monkeypatch):
    content = {"body": "Call the program coordinator in October."}

    class Office:
        @hookimpl
        def advisor_advice(self, applicant, plan):  # type: ignore[no-untyped-def]
            return [AdviceSection("Office advice", content["body"])]

    registry = get_registry()
    registry.register(Office(), "office_notes")
    # The hook point for strategy content read from files: the registry's fingerprint of it.
    monkeypatch.setattr(registry, "content_fingerprint", lambda: content["body"], raising=False)

    def page() -> str:
        return advisor_client.get(f"/students/{ana.id}/advice").get_data(as_text=True)

    assert "Call the program coordinator in October." in page()
    content["body"] = "Call the program coordinator in September."
    html = page()
    assert "September" in html and "October" not in html


def test_a_disabled_plugins_strategy_leaves_the_page(staff):
    assert 'id="strategy-socal"' in staff()
    get_registry().unregister("socal")
    assert 'id="strategy-socal"' not in staff()


def test_a_new_season_shows_the_years_since_graduation(app, ana, staff):
    ana.season_year = None  # applies in whichever season the office is working on
    db.session.commit()
    assert "Recent graduate (2 years since graduation)" in staff()
    app.config["SEASON_YEAR"] = 2027
    assert "Recent graduate (3 years since graduation)" in staff()


def test_the_shared_page_refreshes_too(ana, client):
    _, secret = share_links.create_link(ana, None)
    db.session.commit()
    assert summary_step2(client.get(f"/shared/{secret}").get_data(as_text=True)) == "221"
    edit(ana, lambda p: p["step2ck"].update(score=236))
    assert summary_step2(client.get(f"/shared/{secret}").get_data(as_text=True)) == "236"


def test_a_renamed_student_shows_the_new_name_on_both_pages(ana, staff, client):
    _, secret = share_links.create_link(ana, None)
    db.session.commit()
    client.get(f"/shared/{secret}")
    edit(ana, lambda p: p.update(name="Demo: Ana Rivera-Lopez"))
    assert "Advice for Demo: Ana Rivera-Lopez" in staff()
    assert "Application advice for Demo: Ana Rivera-Lopez" in \
        client.get(f"/shared/{secret}").get_data(as_text=True)


def test_editing_one_student_leaves_the_other_students_pages_cached(
        ana, advisor_client, assessments):
    others = list(db.session.scalars(select(Student.id).where(
        Student.id != ana.id, Student.deleted_at.is_(None)).limit(3)))
    for student_id in others:
        assert advisor_client.get(f"/students/{student_id}/advice").status_code == 200
    before = len(assessments)
    edit(ana, lambda p: p["step2ck"].update(score=230))
    for student_id in others:
        assert advisor_client.get(f"/students/{student_id}/advice").status_code == 200
    assert len(assessments) == before, "an edit of another student re-assessed these pages"


def test_a_cached_page_is_kept_compressed(app, ana, staff):
    from advisor.web.advice_cache import _cache

    html = staff()
    (kept,) = _cache(app)._pages.values()
    # A page is several hundred KB of HTML; the cache of 64 of them must not take as many MB.
    # The working list's forms are kept with a slot for the CSRF token, which differs per
    # session: the page sent carries the viewer's own.
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert CSRF_SLOT not in html
    assert str(kept.html).replace(CSRF_SLOT, token) in html
    assert len(kept.packed) * 5 < len(str(kept.html).encode())


def test_a_list_edit_gives_a_fresh_page(ana, staff, app):
    from advisor.services.working_list import EntryChange, apply_changes, list_version

    listed = assess_student(ana)[0].plan.entries[0].program
    assert f'id="p-{listed.acgme_id}"' in staff()
    apply_changes(ana, list_version(ana), [EntryChange(listed.acgme_id, excluded=True,
                                                       exclude_reason="Too far from family")])
    db.session.commit()
    html = staff()
    assert f'id="p-{listed.acgme_id}"' not in html
    assert "Too far from family" in html
