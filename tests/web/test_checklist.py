"""A student's season checklist: due dates and overdue marks, items the profile answers, the
overdue summary, editing with a version check, and who may edit."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import select

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import AuditEntry, SeasonChecklist, Student
from advisor.models.office_settings import office_settings_for_update
from advisor.profile_schema import parse_profile
from advisor.pytest_plugin import BASE_PROFILE
from advisor.services.students import student_from_profile

TODAY = "2025-10-01"


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def row(html: str, key: str) -> str:
    start = html.index(f'id="item-{key}"')
    return text(html[start:html.index("</tr>", start)])


@pytest.fixture
def today(app):  # type: ignore[no-untyped-def]
    app.config["TODAY"] = TODAY
    return date.fromisoformat(TODAY)


def add_student(**overrides) -> Student:  # type: ignore[no-untyped-def]
    student = student_from_profile(parse_profile({**BASE_PROFILE, **overrides}))
    db.session.add(student)
    db.session.commit()
    return student


def form(version: str = "", **changes: str) -> dict[str, str]:
    data = {"version": version, "notes": ""}
    for key in ("letters_requested", "letters_received", "rotations", "step3", "ecfmg",
                "eras_submitted"):
        data[f"{key}_due"] = ""
        if key not in ("step3", "ecfmg"):
            data[f"{key}_done"] = ""
    data.update(changes)
    return data


def stored(student: Student) -> SeasonChecklist | None:
    db.session.expire_all()
    return db.session.scalar(select(SeasonChecklist).where(
        SeasonChecklist.student_id == student.id))


def test_items_past_their_due_date_and_not_done_are_overdue(today, advisor_client):
    student = add_student()
    response = advisor_client.post(f"/students/{student.id}/checklist", data=form(
        letters_requested_due="2025-07-01", letters_requested_done="2025-06-20",
        letters_received_due="2025-08-15",  # not received yet: overdue
        rotations_due="2025-12-01",  # still to come
        step3_due="2025-09-01"))  # the profile records no pass: overdue
    assert response.status_code == 302
    html = advisor_client.get(f"/students/{student.id}/checklist").get_data(as_text=True)
    assert row(html, "letters_requested").endswith("Done")
    assert "Overdue" in row(html, "letters_received")
    assert row(html, "rotations").endswith("Due 2025-12-01")
    assert "The profile records no Step 3 pass." in row(html, "step3")
    assert "Overdue" in row(html, "step3")
    # ERAS opened for the 2026 season on 2025-09-03 (the published date) and nothing says
    # the application went in
    assert ("Blank: the day ERAS opens, the published date (AAMC, 2025), 2025-09-03."
            in row(html, "eras_submitted"))
    assert "office" not in row(html, "eras_submitted")
    assert "Overdue" in row(html, "eras_submitted")
    assert "3 overdue" in text(html)

    # the student page and the students list say so too
    page = text(advisor_client.get(f"/students/{student.id}").get_data(as_text=True))
    assert "Season checklist 3 overdue" in page
    listing = text(advisor_client.get("/students/").get_data(as_text=True))
    assert "Test Student 3 overdue" in listing


def test_the_eras_due_date_is_called_the_offices_only_when_the_office_set_it(
        today, advisor_client, viewer_client):
    student = add_student()
    settings = office_settings_for_update()
    settings.eras_opens_on = date(2025, 9, 10)
    db.session.commit()
    html = advisor_client.get(f"/students/{student.id}/checklist").get_data(as_text=True)
    assert "Blank: the day ERAS opens, the office's date, 2025-09-10." in row(html, "eras_submitted")
    read = viewer_client.get(f"/students/{student.id}/checklist").get_data(as_text=True)
    assert "2025-09-10 (the day ERAS opens, the office's date)" in row(read, "eras_submitted")
    # a date for another season leaves this one on the published date
    settings.eras_opens_on = date(2026, 9, 2)
    db.session.commit()
    read = viewer_client.get(f"/students/{student.id}/checklist").get_data(as_text=True)
    assert ("2025-09-03 (the day ERAS opens, the published date (AAMC, 2025))"
            in row(read, "eras_submitted"))


def test_nothing_is_overdue_before_its_due_date(app, advisor_client):
    student = add_student()
    app.config["TODAY"] = "2025-09-02"  # the day before ERAS opens
    html = advisor_client.get(f"/students/{student.id}/checklist").get_data(as_text=True)
    assert "overdue" not in text(html).lower()
    assert "overdue" not in advisor_client.get(f"/students/{student.id}").get_data(as_text=True)


def test_the_profile_decides_step3_and_ecfmg_and_the_checklist_cannot_contradict_it(
        today, advisor_client):
    student = add_student(step3={"score": 230, "passed": True}, ecfmg_status="certified")
    # a form claiming them not done has no field for it: a done date is not stored
    response = advisor_client.post(f"/students/{student.id}/checklist", data=form(
        step3_due="2025-01-01", ecfmg_due="2025-01-01", step3_done="", ecfmg_done=""))
    assert response.status_code == 302
    html = advisor_client.get(f"/students/{student.id}/checklist").get_data(as_text=True)
    assert row(html, "step3").endswith("Passed, as the profile records. Edit the profile Done")
    assert row(html, "ecfmg").endswith("Certified, as the profile records. Edit the profile Done")
    assert 'name="step3_done"' not in html and 'name="ecfmg_done"' not in html

    other = add_student(name="Other", ecfmg_status="in_progress")
    html = advisor_client.get(f"/students/{other.id}/checklist").get_data(as_text=True)
    assert "The profile records: in progress." in row(html, "ecfmg")


def test_a_stale_edit_saves_nothing_and_says_so(today, advisor_client, login):
    student = add_student()
    assert advisor_client.post(f"/students/{student.id}/checklist",
                               data=form(rotations_due="2025-11-01")).status_code == 302
    version = str(stored(student).version)
    # a colleague saves first, from the same version
    colleague = login(Role.ADVISOR, "colleague@office.test")
    assert colleague.post(f"/students/{student.id}/checklist", data=form(
        version, rotations_due="2025-11-01", notes="Colleague's note")).status_code == 302

    response = advisor_client.post(f"/students/{student.id}/checklist", data=form(
        version, rotations_due="2026-01-15", notes="Mine"))
    assert response.status_code == 409
    assert "Someone else saved this checklist since you opened it; nothing you typed was saved" \
        in text(response.get_data(as_text=True))
    checklist = stored(student)
    assert (checklist.rotations_due, checklist.notes) == (date(2025, 11, 1), "Colleague's note")
    # the page now carries the stored version, so saving again goes through
    assert f'value="{checklist.version}"' in response.get_data(as_text=True)


def test_a_second_first_save_of_the_same_season_is_refused(today, advisor_client):
    student = add_student()
    assert advisor_client.post(f"/students/{student.id}/checklist",
                               data=form(notes="First")).status_code == 302
    # a form opened before the checklist existed carries no version
    assert advisor_client.post(f"/students/{student.id}/checklist",
                               data=form(notes="Second")).status_code == 409
    assert stored(student).notes == "First"


def test_saves_are_audited(today, advisor_client):
    student = add_student()
    advisor_client.post(f"/students/{student.id}/checklist", data=form(notes="x"))
    advisor_client.post(f"/students/{student.id}/checklist",
                        data=form(str(stored(student).version), notes="y"))
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_id == str(student.id), AuditEntry.action.like("checklist%"))).all()
    assert sorted(actions) == ["checklist_created", "checklist_updated"]


def test_bad_dates_are_refused_naming_the_field(today, advisor_client):
    student = add_student()
    response = advisor_client.post(f"/students/{student.id}/checklist", data=form(
        letters_requested_due="next week", rotations_done="2025-12-01"))
    assert response.status_code == 400
    page = text(response.get_data(as_text=True)).replace(" :", ":")
    assert "Letters of recommendation requested: due: Not a valid date value." in page
    assert "A done date cannot be in the future." in page
    assert stored(student) is None


def test_letters_received_before_they_were_requested_are_refused_naming_both(
        today, advisor_client):
    student = add_student()
    response = advisor_client.post(f"/students/{student.id}/checklist", data=form(
        letters_requested_done="2025-09-10", letters_received_done="2025-09-01"))
    assert response.status_code == 400
    assert ("Letters of recommendation received: done on 2025-09-01, which is before Letters "
            "of recommendation requested: done on 2025-09-10." in row(
                response.get_data(as_text=True), "letters_received"))
    assert stored(student) is None
    same_day = advisor_client.post(f"/students/{student.id}/checklist", data=form(
        letters_requested_done="2025-09-10", letters_received_done="2025-09-10"))
    assert same_day.status_code == 302


def test_a_name_ending_in_a_full_stop_is_not_followed_by_a_second_one(today, advisor_client):
    student = add_student(name="Demo: Dana P.")
    response = advisor_client.post(f"/students/{student.id}/checklist", data=form(),
                                   follow_redirects=True)
    page = text(response.get_data(as_text=True))
    assert "season checklist for Demo: Dana P. " in page + " "
    assert "Dana P.." not in page


def test_a_viewer_reads_the_checklist_but_cannot_edit_it(today, viewer_client, advisor_client):
    student = add_student()
    advisor_client.post(f"/students/{student.id}/checklist",
                        data=form(rotations_due="2025-11-01", notes="Keep"))
    html = viewer_client.get(f"/students/{student.id}/checklist").get_data(as_text=True)
    assert f'action="/students/{student.id}/checklist"' not in html
    assert 'name="notes"' not in html
    assert row(html, "rotations").endswith("2025-11-01 — Due 2025-11-01")
    assert "Keep" in text(html)
    response = viewer_client.post(f"/students/{student.id}/checklist", data=form(
        str(stored(student).version), notes="Changed"))
    assert response.status_code == 403
    assert stored(student).notes == "Keep"


def test_the_checklist_is_kept_per_season(today, advisor_client):
    student = add_student()
    advisor_client.post(f"/students/{student.id}/checklist", data=form(notes="2026"))
    student = db.session.get(Student, student.id)
    student.season_year = 2027
    db.session.commit()
    html = advisor_client.get(f"/students/{student.id}/checklist").get_data(as_text=True)
    assert "2027 season checklist" in text(html)
    # the 2026 checklist's notes are not this season's
    assert [notes.strip() for notes in re.findall(r"<textarea[^>]*>([^<]*)<", html)] == [""]
    # no published ERAS date for 2027: the item has none until the office sets one
    assert row(html, "eras_submitted").endswith("No date set")


def test_the_checklist_is_in_the_students_data_and_goes_when_they_are_erased(
        today, advisor_client, admin_client):
    student_id = add_student().id
    advisor_client.post(f"/students/{student_id}/checklist",
                        data=form(rotations_due="2025-11-01", notes="Ask Dr. Lee"))
    data = admin_client.get(f"/students/{student_id}/data.json").get_json()
    (checklist,) = data["season_checklists"]
    assert (checklist["season_year"], checklist["rotations_due"], checklist["notes"]) == (
        2026, "2025-11-01", "Ask Dr. Lee")
    assert admin_client.post(f"/students/{student_id}/erase",
                             data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Student, student_id) is None
    assert db.session.scalar(select(SeasonChecklist)) is None
