"""Alumni outcomes in the browser: recording a season, reading it back on the student and
program pages, refusals, who may do what, and the student's application season."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from advisor.enums import Role, Specialty
from advisor.extensions import db
from advisor.models import Outcome, Program, Student
from advisor.profile_schema import parse_profile
from advisor.services import outcomes as outcome_service
from advisor.services import students as student_service

LA, SF, NYC = "1000000001", "1000000003", "1000000005"
NAMES = {LA: "Eastside IM", SF: "Mission IM", NYC: "Chelsea IM"}


@pytest.fixture
def catalog(app) -> None:  # type: ignore[no-untyped-def]
    for acgme_id, name in NAMES.items():
        db.session.add(Program(acgme_id=acgme_id, name=name, state="CA",
                               specialty=Specialty.INTERNAL_MEDICINE))
    db.session.commit()


def add_student(name: str = "Ana Lopez", **changes: Any) -> Student:
    document: dict[str, Any] = {
        "name": name, "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass"}, "step2ck": {"score": 214}, "step3": {},
        "graduation_year": 2022, "specialty": "internal_medicine",
    }
    document.update(changes)
    student = student_service.create_student(parse_profile(document))
    db.session.commit()
    return student


def rows(*entries: tuple[str, str]) -> dict[str, str]:
    """Form fields for rows given as (acgme_id, flags), flags a string of "i", "r", "m"."""
    data: dict[str, str] = {}
    for index, (acgme_id, flags) in enumerate(entries):
        data[f"rows-{index}-acgme_id"] = acgme_id
        for letter, name in (("i", "interviewed"), ("r", "ranked"), ("m", "matched")):
            if letter in flags:
                data[f"rows-{index}-{name}"] = "y"
    return data


def season_form(season: str, *entries: tuple[str, str]) -> dict[str, str]:
    return {"season": season, "save": "1", **rows(*entries)}


def edit_form(response, season: str, *entries: tuple[str, str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """An edit's post, carrying the fingerprint of the form the advisor opened."""
    return {**season_form(season, *entries), "fingerprint": value_of(response, "fingerprint")}


def stored(student: Student) -> dict[tuple[int, str], tuple[bool, bool, bool]]:
    db.session.expire_all()
    return {(o.season, o.acgme_id): (o.interviewed, o.ranked, o.matched)
            for o in db.session.scalars(select(Outcome).where(Outcome.student_id == student.id))}


def outcome_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Outcome))


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.get_data(as_text=True))


def squash(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text without tags or runs of white space, as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


def value_of(response, name: str) -> str | None:  # type: ignore[no-untyped-def]
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"',
                      response.get_data(as_text=True))
    return html.unescape(found.group(1)) if found else None


def checked(response, name: str) -> bool:  # type: ignore[no-untyped-def]
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', response.get_data(as_text=True))
    return bool(tag) and " checked" in tag.group(0)


def row_errors(response, index: int) -> str:  # type: ignore[no-untyped-def]
    """The messages shown in the index-th row (from 0) of the outcomes form."""
    body = text(response).split("<tbody>")[1].split("</tbody>")[0]
    row = body.split("</tr>")[index]
    return " ".join(re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', row))


def section(response, heading: str) -> str:  # type: ignore[no-untyped-def]
    page = squash(response)
    return page[page.index(heading):]


# ------------------------------------------------------------------------ recording

def test_advisor_records_a_season_and_sees_it_on_the_student_and_outcomes_pages(
        app, advisor_client, catalog):
    student = add_student()
    form = advisor_client.get(f"/students/{student.id}/outcomes/new")
    assert form.status_code == 200
    assert value_of(form, "season") == "2026"  # the current season by default
    assert value_of(form, "rows-4-acgme_id") == "" and value_of(form, "rows-5-acgme_id") is None

    response = advisor_client.post(
        f"/students/{student.id}/outcomes/new",
        data=season_form("2025", (LA, "irm"), ("", ""), (SF, "i"), (NYC, "")),
        follow_redirects=True)
    assert "Saved season 2025 for Ana Lopez: 3 programs." in text(response)
    assert stored(student) == {(2025, LA): (True, True, True), (2025, SF): (True, False, False),
                               (2025, NYC): (False, False, False)}

    page = squash(advisor_client.get(f"/students/{student.id}/outcomes"))
    assert "Season 2025" in page
    assert f"Eastside IM {LA} Yes Yes Yes" in page and f"Mission IM {SF} Yes No No" in page
    assert "3 programs 2 interviewed 1 ranked 1 matched" in page

    profile = advisor_client.get(f"/students/{student.id}")
    outcomes = section(profile, "Outcomes Season")
    assert "2025 3 2 1 1" in outcomes and "Record outcomes" in outcomes
    assert f'href="/students/{student.id}/outcomes"' in text(profile)


def test_the_outcomes_page_names_a_program_no_longer_in_the_catalog_by_its_id(
        app, viewer_client, catalog):
    student = add_student()
    outcome_service.save_season(student, 2024, [outcome_service.OutcomeRow(SF, True)])
    db.session.delete(db.session.scalar(select(Program).where(Program.acgme_id == SF)))
    db.session.commit()
    page = squash(viewer_client.get(f"/students/{student.id}/outcomes"))
    assert f"No longer in the catalog {SF} Yes No No" in page


def test_add_more_rows_keeps_what_was_typed_and_saves_nothing(app, advisor_client, catalog):
    student = add_student()
    response = advisor_client.post(f"/students/{student.id}/outcomes/new",
                                   data={"season": "2025", "add_rows": "1",
                                         **rows(("", ""), (LA, "i"))})
    assert response.status_code == 200
    assert value_of(response, "rows-0-acgme_id") == LA and checked(response, "rows-0-interviewed")
    assert value_of(response, "rows-5-acgme_id") == ""
    assert outcome_count() == 0
    more = advisor_client.get(f"/students/{student.id}/outcomes/new?rows=12")
    assert value_of(more, "rows-11-acgme_id") == "" and value_of(more, "rows-12-acgme_id") is None


# ------------------------------------------------------------------------ refusals

def test_ranked_without_interview_is_refused_naming_the_row_and_nothing_is_stored(
        app, advisor_client, catalog):
    student = add_student()
    response = advisor_client.post(
        f"/students/{student.id}/outcomes/new",
        data=season_form("2025", (LA, "ir"), ("", ""), (SF, "r"), (NYC, "")))
    assert response.status_code == 400
    # The blank row is dropped, so SF is row 2 in the message and on the page.
    assert f"row 2 ({SF}): ranked needs an interview first" in text(response)
    assert row_errors(response, 1) == "Ranked needs an interview first."
    assert row_errors(response, 0) == ""
    assert value_of(response, "rows-1-acgme_id") == SF and checked(response, "rows-1-ranked")
    assert not checked(response, "rows-1-interviewed")
    assert outcome_count() == 0


def test_an_unknown_program_is_refused_and_a_season_already_stored_is_untouched(
        app, advisor_client, catalog):
    student = add_student()
    outcome_service.save_season(student, 2025, [outcome_service.OutcomeRow(LA, True)])
    db.session.commit()
    url = f"/students/{student.id}/outcomes/2025/edit"
    response = advisor_client.post(url, data=edit_form(advisor_client.get(url), "2025",
                                                       (SF, "i"), ("9999999999", "")))
    assert response.status_code == 400
    assert "acgme_id: 9999999999 is not in the catalog" in text(response)
    assert row_errors(response, 1) == "Not in the catalog."
    assert value_of(response, "rows-1-acgme_id") == "9999999999"
    assert stored(student) == {(2025, LA): (True, False, False)}


def test_every_problem_is_listed_at_once(app, advisor_client, catalog):
    student = add_student()
    response = advisor_client.post(
        f"/students/{student.id}/outcomes/new",
        data=season_form("2031", (LA, "rm"), (SF, "im"), ("8888888888", "")))
    assert response.status_code == 400
    page = text(response)
    for line in ("season: 2031 is not a season between 2000 and 2026",
                 f"row 1 ({LA}): ranked needs an interview first",
                 f"row 2 ({SF}): matched needs the program to have been ranked",
                 "acgme_id: 8888888888 is not in the catalog"):
        assert line in page
    assert ('<p class="field-error" id="season-error">2031 is not a season between 2000 and 2026.'
            in page)
    assert outcome_count() == 0


def test_ticked_boxes_without_a_program_and_an_empty_form_are_refused(app, advisor_client, catalog):
    student = add_student()
    url = f"/students/{student.id}/outcomes/new"
    missing = advisor_client.post(url, data=season_form("2025", (LA, "i"), ("", "i")))
    assert missing.status_code == 400
    assert "Row 2: Enter the program's ACGME id." in text(missing)
    empty = advisor_client.post(url, data=season_form("2025", ("", "")))
    assert empty.status_code == 400 and "Enter at least one program." in text(empty)
    assert outcome_count() == 0


def test_recording_a_new_season_that_exists_is_refused_instead_of_replacing_it(
        app, advisor_client, catalog):
    student = add_student()
    outcome_service.save_season(student, 2025, [outcome_service.OutcomeRow(LA, True)])
    db.session.commit()
    response = advisor_client.post(f"/students/{student.id}/outcomes/new",
                                   data=season_form("2025", (SF, "")))
    assert response.status_code == 400
    assert "Outcomes for 2025 are already recorded; edit that season instead." in text(response)
    assert stored(student) == {(2025, LA): (True, False, False)}


# ------------------------------------------------------------------------ editing, deleting

def test_editing_a_season_replaces_it_and_leaves_other_seasons_alone(app, advisor_client, catalog):
    student = add_student()
    outcome_service.save_season(student, 2025, [outcome_service.OutcomeRow(LA, True),
                                                outcome_service.OutcomeRow(SF, True, True)])
    outcome_service.save_season(student, 2024, [outcome_service.OutcomeRow(NYC)])
    db.session.commit()
    url = f"/students/{student.id}/outcomes/2025/edit"
    form = advisor_client.get(url)
    assert value_of(form, "rows-0-acgme_id") == LA and value_of(form, "rows-1-acgme_id") == SF
    assert checked(form, "rows-1-ranked") and not checked(form, "rows-0-ranked")

    # The season of an edit is the one in the address, whatever is posted.
    response = advisor_client.post(url, data=edit_form(form, "2020", (LA, "irm"), (NYC, "i")),
                                   follow_redirects=True)
    assert "Saved season 2025 for Ana Lopez: 2 programs." in text(response)
    assert stored(student) == {(2025, LA): (True, True, True), (2025, NYC): (True, False, False),
                               (2024, NYC): (False, False, False)}


def test_a_save_over_someone_else_s_newer_edit_is_refused_and_keeps_both(
        app, advisor_client, catalog):
    student = add_student()
    outcome_service.save_season(student, 2025, [outcome_service.OutcomeRow(LA)])
    db.session.commit()
    url = f"/students/{student.id}/outcomes/2025/edit"
    mine = advisor_client.get(url)
    # A colleague adds a row after this form was opened.
    outcome_service.save_season(student, 2025, [outcome_service.OutcomeRow(LA),
                                                outcome_service.OutcomeRow(NYC, True)])
    db.session.commit()

    refused = advisor_client.post(url, data=edit_form(mine, "2025", (LA, "i")))
    assert refused.status_code == 400
    assert "someone else saved the outcomes of 2025 since you opened this form" in text(refused)
    assert value_of(refused, "rows-0-acgme_id") == LA and checked(refused, "rows-0-interviewed")
    assert stored(student) == {(2025, LA): (False, False, False), (2025, NYC): (True, False, False)}

    # Saving again from the reviewed form is a decision taken with the new rows in view.
    again = advisor_client.post(url, data=edit_form(refused, "2025", (LA, "i"), (NYC, "i")),
                                follow_redirects=True)
    assert "Saved season 2025" in text(again)
    assert stored(student) == {(2025, LA): (True, False, False), (2025, NYC): (True, False, False)}


def test_a_program_that_left_the_catalog_does_not_block_editing_its_season(
        app, advisor_client, catalog):
    student = add_student()
    outcome_service.save_season(student, 2025, [outcome_service.OutcomeRow(LA, True),
                                                outcome_service.OutcomeRow(SF)])
    db.session.commit()
    db.session.delete(db.session.scalar(select(Program).where(Program.acgme_id == SF)))
    db.session.commit()
    url = f"/students/{student.id}/outcomes/2025/edit"
    form = advisor_client.get(url)
    saved = advisor_client.post(url, data=edit_form(form, "2025", (LA, "ir"), (SF, "")),
                                follow_redirects=True)
    assert "Saved season 2025" in text(saved)
    assert stored(student) == {(2025, LA): (True, True, False), (2025, SF): (False, False, False)}


def test_deleting_a_season_removes_only_that_season(app, advisor_client, catalog):
    student = add_student()
    outcome_service.save_season(student, 2025, [outcome_service.OutcomeRow(LA, True)])
    outcome_service.save_season(student, 2024, [outcome_service.OutcomeRow(NYC)])
    db.session.commit()
    form = text(advisor_client.get(f"/students/{student.id}/outcomes/2025/edit"))
    assert 'data-confirm="Delete all outcomes of season 2025 for Ana Lopez?' in form
    url = f"/students/{student.id}/outcomes/2025/delete"
    assert advisor_client.get(url).status_code == 405
    response = advisor_client.post(url, follow_redirects=True)
    assert "Deleted season 2025 for Ana Lopez: 1 program." in text(response)
    assert stored(student) == {(2024, NYC): (False, False, False)}
    assert advisor_client.post(url).status_code == 404
    assert advisor_client.get(f"/students/{student.id}/outcomes/2025/edit").status_code == 404


def test_changes_need_the_csrf_token(app, advisor_client, catalog):
    student = add_student()
    url = f"/students/{student.id}/outcomes/new"
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert advisor_client.post(url, data=season_form("2025", (LA, ""))).status_code == 400
        token = value_of(advisor_client.get(url), "csrf_token")
        assert token
        assert advisor_client.post(url, data={**season_form("2025", (LA, "")),
                                              "csrf_token": token}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert stored(student) == {(2025, LA): (False, False, False)}


def test_viewers_read_outcomes_but_cannot_change_them(app, viewer_client, catalog):
    student = add_student()
    outcome_service.save_season(student, 2025, [outcome_service.OutcomeRow(LA, True)])
    db.session.commit()
    page = viewer_client.get(f"/students/{student.id}/outcomes")
    assert page.status_code == 200 and "Eastside IM" in text(page)
    assert "Record outcomes" not in text(page) and "Edit season" not in text(page)
    assert "Record outcomes" not in text(viewer_client.get(f"/students/{student.id}"))
    base = f"/students/{student.id}/outcomes"
    for method, url in (("get", f"{base}/new"), ("post", f"{base}/new"),
                        ("get", f"{base}/2025/edit"), ("post", f"{base}/2025/edit"),
                        ("post", f"{base}/2025/delete")):
        response = getattr(viewer_client, method)(url, data=season_form("2025", (SF, "")))
        assert response.status_code == 403, url
    assert stored(student) == {(2025, LA): (True, False, False)}


# ------------------------------------------------------------------------ application season

def student_form(**changes: str) -> dict[str, str]:
    data = {
        "name": "Ana Lopez", "citizenship": "non_us", "visa_needed": "j1",
        "step1_result": "pass", "step1_attempts": "1", "step2ck_score": "214",
        "step2ck_attempts": "1", "graduation_year": "2022", "specialty": "internal_medicine",
        "save": "1",
    }
    data.update(changes)
    return data


def test_the_application_season_is_saved_and_shown(app, advisor_client):
    form = advisor_client.get("/students/new")
    assert value_of(form, "season_year") == "2026"  # a new student: the current season
    response = advisor_client.post("/students/new", data=student_form(season_year="2027"),
                                   follow_redirects=True)
    assert "Application season 2027" in squash(response)
    student = db.session.scalar(select(Student))
    assert student.season_year == 2027
    assert value_of(advisor_client.get(f"/students/{student.id}/edit"), "season_year") == "2027"

    blank = advisor_client.post(f"/students/{student.id}/edit",
                                data=student_form(season_year="", version=str(student.version)),
                                follow_redirects=True)
    assert "Application season Not set: the current season (2026)" in squash(blank)
    db.session.expire_all()
    assert db.session.get(Student, student.id).season_year is None


@pytest.mark.parametrize("typed, message", [
    ("2028", "Enter an application season from 2000 to 2027."),
    ("1999", "Enter an application season from 2000 to 2027."),
    ("next", "Enter the application season as a year, such as 2026."),
])
def test_a_bad_application_season_is_refused_beside_the_field(app, advisor_client, typed, message):
    student = add_student()
    response = advisor_client.post(f"/students/{student.id}/edit",
                                   data=student_form(season_year=typed, step2ck_score="230",
                                                     version=str(student.version)))
    assert response.status_code == 400
    found = re.search(r'<p class="field-error" id="season_year-error">(.*?)</p>', text(response))
    assert found and found.group(1) == message
    db.session.expire_all()
    saved = db.session.get(Student, student.id)
    assert saved.season_year is None and saved.step2ck_score == 214


def test_a_season_saved_meanwhile_refuses_an_older_form(app, login):
    student = add_student()
    first = login(Role.ADVISOR, "first@office.test")
    second = login(Role.ADVISOR, "second@office.test")
    url = f"/students/{student.id}/edit"
    version = value_of(first.get(url), "version")
    assert value_of(second.get(url), "version") == version
    saved = first.post(url, data=student_form(season_year="2027", version=version))
    assert saved.status_code == 302
    refused = second.post(url, data=student_form(season_year="2025", version=version))
    assert refused.status_code == 409
    meantime = re.search(r"Saved in the meantime.*?</p>", text(refused))
    assert meantime and "application season" in meantime.group(0)
    assert value_of(refused, "season_year") == "2025"
    db.session.expire_all()
    assert db.session.get(Student, student.id).season_year == 2027


# ------------------------------------------------------------------------ the program page

def test_the_program_page_shows_our_graduates_record(app, viewer_client, catalog):
    before = section(viewer_client.get(f"/programs/{LA}"), "Our graduates here")
    assert "No graduate of ours has applied here yet." in before

    ana = add_student("Ana Lopez", step2ck={"score": 214})
    ben = add_student("Ben Okafor", citizenship="us_citizen", visa_needed="none",
                      step2ck={"score": 231})
    cam = add_student("Cam Reyes", step2ck={"score": 222})
    row = outcome_service.OutcomeRow
    outcome_service.save_season(ana, 2024, [row(LA, True, True, True)])
    outcome_service.save_season(ben, 2025, [row(LA, True), row(SF)])
    outcome_service.save_season(cam, 2025, [row(LA)])
    db.session.commit()

    after = section(viewer_client.get(f"/programs/{LA}"), "Our graduates here")
    assert "No graduate of ours" not in after
    for shown in ("Applied 3", "Interviewed 2", "Ranked 1", "Matched 1",
                  "Their Step 2 CK 214–231", "Non-US citizen: 2, US citizen: 1",
                  "J-1 only: 2, No visa needed: 1", "Seasons 2024, 2025"):
        assert shown in after, shown
    assert "No graduate of ours has applied here yet." in section(
        viewer_client.get(f"/programs/{NYC}"), "Our graduates here")
