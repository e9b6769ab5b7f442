"""The students pages: list, profile, add and edit with repeating rows, conflicts, delete."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import event, func, select

from advisor.enums import ExperienceKind, Role, TieKind
from advisor.extensions import db
from advisor.models import ClinicalExperience, Student
from advisor.profile_schema import parse_profile
from advisor.services import students as service


def form_data(**changes: str) -> dict[str, str]:
    """A complete, valid student form as a browser would post it."""
    data = {
        "name": "Ana Lopez", "citizenship": "non_us", "visa_needed": "j1",
        "step1_result": "pass", "step1_attempts": "1", "step1_score": "",
        "step2ck_score": "214", "step2ck_attempts": "1", "step3_score": "", "step3_passed": "",
        "graduation_year": "2022", "publications": "0", "languages": "Spanish",
        "specialty": "internal_medicine", "backup_specialty": "family_medicine",
        "target_regions": "pacific_coast", "save": "1",
    }
    data.update(changes)
    return data


def experience(index: int, kind: str = "", months: str = "", specialty: str = "",
               state: str = "", zip: str = "") -> dict[str, str]:
    return {f"experiences-{index}-kind": kind, f"experiences-{index}-months": months,
            f"experiences-{index}-specialty": specialty, f"experiences-{index}-state": state,
            f"experiences-{index}-zip": zip}


def add_student(name: str = "Ana Lopez", **changes: Any) -> Student:
    document: dict[str, Any] = {
        "name": name, "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass"}, "step2ck": {"score": 214}, "step3": {},
        "graduation_year": 2022, "specialty": "internal_medicine",
        "target_regions": ["pacific_coast"],
    }
    document.update(changes)
    student = service.create_student(parse_profile(document))
    db.session.commit()
    return student


def student_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Student))


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def error_beside(response, field_id: str) -> str:  # type: ignore[no-untyped-def]
    """The error message shown next to a field, or '' when there is none."""
    found = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">(.*?)</p>',
                      text(response))
    return html.unescape(found.group(1)) if found else ""


def value_of(response, name: str) -> str | None:  # type: ignore[no-untyped-def]
    """An input's value, or a select's chosen option, as the page shows it."""
    page = text(response)
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    if found:
        return html.unescape(found.group(1))
    select_html = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    if select_html:
        chosen = re.search(r'<option selected value="([^"]*)"', select_html.group(1))
        return chosen.group(1) if chosen else None
    return None


def listed(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [html.unescape(n) for n in re.findall(r'<td><a href="/students/\d+">(.*?)</a>',
                                                 text(response))]


# ----------------------------------------------------------------------------- the list

def test_list_searches_by_name_in_any_case_and_filters_by_strategy_and_tier(app, viewer_client):
    add_student("Ana Lopez", target_regions=["socal"])
    # A publication keeps Anabel clear of the Pacific Coast rule that little US experience
    # with no research holds a profile out of tier A whatever the score.
    add_student("Anabel Cruz", step2ck={"score": 240}, publications=1)
    add_student("Ben Okafor", step2ck={"score": 200}, target_regions=["socal", "pacific_coast"])
    assert listed(viewer_client.get("/students/?q=ANA")) == ["Ana Lopez", "Anabel Cruz"]
    assert listed(viewer_client.get("/students/?strategy=socal")) == ["Ana Lopez", "Ben Okafor"]
    assert listed(viewer_client.get("/students/?tier=A")) == ["Anabel Cruz"]
    assert listed(viewer_client.get("/students/?q=ben&strategy=socal&tier=C")) == ["Ben Okafor"]
    page = viewer_client.get("/students/?q=zzz")
    assert listed(page) == [] and "No students match these filters" in text(page)


def test_list_filters_by_season_with_unset_seasons_counting_as_current(app, viewer_client):
    add_student("Ana Lopez")  # no season set: the current one, 2026
    alumna = add_student("Bea Alumna")
    alumna.season_year = 2024
    current = add_student("Cy Current")
    current.season_year = 2026
    db.session.commit()
    assert listed(viewer_client.get("/students/?season=2026")) == ["Ana Lopez", "Cy Current"]
    assert listed(viewer_client.get("/students/?season=2024")) == ["Bea Alumna"]
    # The list opens on the current season, and links to every season, alumni included.
    page = viewer_client.get("/students/")
    assert listed(page) == ["Ana Lopez", "Cy Current"]
    assert "2 students in the 2026 season." in text(page)
    assert value_of(page, "season") == "2026"
    everyone = viewer_client.get(re.search(r'href="([^"]*)">Show all seasons</a>',
                                           text(page)).group(1).replace("&amp;", "&"))
    assert listed(everyone) == ["Ana Lopez", "Bea Alumna", "Cy Current"]
    assert re.search(r"Bea Alumna.*?<td class=\"num\">2024</td>", text(everyone), re.S)
    assert "Show only the 2026 season" in text(everyone)
    # A search keeps to the season unless all are asked for.
    assert listed(viewer_client.get("/students/?q=bea")) == []
    assert listed(viewer_client.get("/students/?q=bea&season=all")) == ["Bea Alumna"]
    assert error_beside(viewer_client.get("/students/?season=1999"), "season") == \
        "Choose a season from the list."


def test_each_column_heading_sorts_the_list_and_a_second_click_reverses_it(app, viewer_client):
    add_student("Ana Lopez", step2ck={"score": 214})
    add_student("ben Okafor", step2ck={"score": 240}, specialty="family_medicine")
    add_student("Cy Untested", step2ck=None)
    page = viewer_client.get("/students/")
    assert listed(page) == ["Ana Lopez", "ben Okafor", "Cy Untested"]  # by name, any case
    assert '<th scope="col" aria-sort="ascending"><a href="/students/?season=2026&amp;sort=name' \
        '&amp;direction=desc">Name' in text(page)
    link = re.search(r'<a href="([^"]*sort=step2ck[^"]*)">Step 2 CK', text(page)).group(1)
    by_score = viewer_client.get(link.replace("&amp;", "&"))
    # No score sorts last, whichever the direction.
    assert listed(by_score) == ["Ana Lopez", "ben Okafor", "Cy Untested"]
    assert 'aria-sort="ascending"><a href="/students/?season=2026&amp;sort=step2ck' \
        '&amp;direction=desc"' in text(by_score)
    assert listed(viewer_client.get("/students/?sort=step2ck&direction=desc")) == [
        "ben Okafor", "Ana Lopez", "Cy Untested"]
    assert listed(viewer_client.get("/students/?sort=specialty")) == [
        "ben Okafor", "Ana Lopez", "Cy Untested"]
    # Filtering keeps the order chosen, and a sort link keeps the filters.
    filtered = viewer_client.get("/students/?q=o&sort=name&direction=desc")
    assert listed(filtered) == ["ben Okafor", "Ana Lopez"]
    assert '<input type="hidden" name="sort" value="name">' in text(filtered)
    assert re.search(r'href="/students/\?q=o&amp;season=2026&amp;sort=tier', text(filtered))
    bad = viewer_client.get("/students/?sort=shoe_size")
    assert bad.status_code == 200 and listed(bad) == ["Ana Lopez", "ben Okafor", "Cy Untested"]


def test_list_shows_the_columns_an_advisor_scans(app, viewer_client):
    ben = add_student("Ben Okafor", step2ck={"score": 200},
                      target_regions=["socal", "pacific_coast"])
    row = re.search(r"<tr>\s*<td><a href=\"/students/\d+\">Ben Okafor.*?</tr>", text(
        viewer_client.get("/students/")), re.S).group(0)
    # The tier is shown on its own strategy's scale, never as a bare letter.
    assert ben.applicant_tier == "C" and ben.applicant_tier_scale
    for shown in ("Internal medicine", ">200<", "Non-US citizen", "J-1 only",
                  "Southern California, Pacific Coast",
                  f"<td>{escape(ben.applicant_tier_scale)} C</td>"):
        assert shown in row


def test_an_unknown_filter_value_is_reported_not_a_crash(app, viewer_client):
    add_student("Ana Lopez")
    response = viewer_client.get("/students/?strategy=atlantis&page=abc")
    assert response.status_code == 200
    assert error_beside(response, "strategy") == "Choose a strategy from the list."
    assert listed(response) == ["Ana Lopez"]


def test_list_pages_through_students(app, viewer_client):
    for n in range(27):
        add_student(f"Student {n:02d}")
    first, second = viewer_client.get("/students/"), viewer_client.get("/students/?page=2")
    assert len(listed(first)) == 25 and listed(first)[0] == "Student 00"
    assert listed(second) == ["Student 25", "Student 26"]
    assert "Page 1 of 2 (27 in all)" in text(first)


def test_deleted_students_are_hidden_from_the_list_and_their_page(app, advisor_client):
    gone = add_student("Gone Student")
    add_student("Kept Student")
    service.delete_student(gone)
    db.session.commit()
    assert listed(advisor_client.get("/students/")) == ["Kept Student"]
    assert advisor_client.get(f"/students/{gone.id}").status_code == 404
    assert advisor_client.get(f"/students/{gone.id}/edit").status_code == 404


# ------------------------------------------------------------------------ profile page

def test_profile_page_shows_the_profile_and_links(app, viewer_client, advisor_client):
    student = add_student(clinical_experience=[{"kind": "clerkship", "months": 1.5, "zip": "90033"}],
                          languages=["spanish"])
    page = text(viewer_client.get(f"/students/{student.id}"))
    assert "Core clerkship" in page and "Los Angeles County, CA 90033" in page
    assert "Spanish" in page and "Pacific Coast" in page
    assert f'href="/students/{student.id}/advice"' in page
    assert "/edit" not in page and "Delete" not in page  # a viewer only reads
    advisor_page = text(advisor_client.get(f"/students/{student.id}"))
    assert f'href="/students/{student.id}/edit"' in advisor_page
    assert f'action="/students/{student.id}/delete"' in advisor_page


# ------------------------------------------------------------------------------ create

def test_create_a_student_with_two_experiences_a_letter_and_a_tie(app, advisor_client):
    data = form_data(**experience(0, "clerkship", "2", "internal_medicine", "CA", "90033"),
                     **experience(1, "observership", "1.5", zip="94110"),
                     **{"letters-0-specialty": "internal_medicine", "letters-0-state": "CA",
                        "letters-0-zip": "90033", "ties-0-kind": "family", "ties-0-state": "",
                        "ties-0-zip": "90012"})
    response = advisor_client.post("/students/new", data=data)
    assert response.status_code == 302
    student = db.session.scalar(select(Student))
    assert response.headers["Location"].endswith(f"/students/{student.id}")
    assert "Added Ana Lopez." in text(advisor_client.get(response.headers["Location"]))
    assert [(e.kind, e.months, e.state, e.county) for e in student.clinical_experiences] == [
        (ExperienceKind.CLERKSHIP, 2.0, "CA", "Los Angeles County"),
        (ExperienceKind.OBSERVERSHIP, 1.5, "CA", "San Francisco County"),  # state from the ZIP
    ]
    assert [(x.state, x.zip) for x in student.us_letters] == [("CA", "90033")]
    assert [(t.kind, t.state) for t in student.ties] == [(TieKind.FAMILY, "CA")]
    assert student.languages == ["spanish"] and student.target_regions == ["pacific_coast"]
    assert student.step2ck_score == 214 and student.backup_specialty.value == "family_medicine"


def test_the_stored_applicant_tier_is_the_pacific_coast_one(app, advisor_client):
    advisor_client.post("/students/new", data=form_data(step2ck_score="200"))
    assert db.session.scalar(select(Student.applicant_tier)) == "C"
    assert listed(advisor_client.get("/students/?tier=C")) == ["Ana Lopez"]


def test_add_a_row_without_javascript_keeps_what_was_typed(app, advisor_client):
    data = form_data(name="Typed Name", step2ck_score="209",
                     **experience(0, "elective", "3", state="CA", zip="90033"))
    del data["save"]
    data["add_experience"] = "1"
    response = advisor_client.post("/students/new", data=data)
    assert response.status_code == 200
    assert student_count() == 0
    assert value_of(response, "name") == "Typed Name"
    assert value_of(response, "step2ck_score") == "209"
    assert value_of(response, "experiences-0-kind") == "elective"
    assert value_of(response, "experiences-0-months") == "3"
    assert value_of(response, "experiences-0-zip") == "90033"
    # One more, empty row, which the page scrolls to; no errors shown for an unfinished form.
    assert value_of(response, "experiences-1-kind") == ""
    assert value_of(response, "experiences-1-months") == ""
    assert value_of(response, "experiences-2-kind") is None
    assert 'id="experiences-new"' in text(response)
    assert "Not saved" not in text(response)


def _row_templates(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r"<template data-row-template[^>]*>(.*?)</template>", text(response), re.S)


def test_the_blank_rows_for_adding_one_are_blank_whatever_the_student_and_after_errors(
        app, advisor_client):
    full = add_student("Full Rows", clinical_experience=[
        {"kind": "elective", "months": 3, "specialty": "internal_medicine", "state": "CA"}])
    empty = add_student("No Rows")
    pages = [advisor_client.get(f"/students/{full.id}/edit"),
             advisor_client.get(f"/students/{empty.id}/edit"),
             advisor_client.post(f"/students/{full.id}/edit",
                                 data=form_data(step2ck_score="999", version=str(full.version),
                                                **experience(0, "elective", "x")))]
    assert pages[2].status_code == 400
    templates = [_row_templates(page) for page in pages]
    assert templates[0] == templates[1] == templates[2]
    experiences, letters, ties = templates[0]
    assert 'name="experiences-__index__-kind"' in experiences
    assert 'name="letters-__index__-state"' in letters and 'name="ties-__index__-kind"' in ties
    # nothing of the student's rows or of the refused form's errors
    assert "elective" not in experiences.replace('value="elective">', "")
    assert "<option selected" not in experiences.replace('<option selected value="">', "")
    assert "field-error" not in "".join(templates[2])
    # Templates that reload while the server runs (debug) are written anew each time.
    app.jinja_env.auto_reload = True
    try:
        assert _row_templates(advisor_client.get(f"/students/{empty.id}/edit")) == templates[0]
    finally:
        app.jinja_env.auto_reload = False


def test_a_ticked_remove_box_drops_the_row_on_reload_and_on_save(app, advisor_client):
    rows = {**experience(0, "elective", "3"), **experience(1, "clerkship", "2"),
            "experiences-0-remove": "y"}
    data = form_data(**rows)
    del data["save"]
    data["add_letter"] = "1"
    reloaded = advisor_client.post("/students/new", data=data)
    assert value_of(reloaded, "experiences-0-kind") == "clerkship"
    assert value_of(reloaded, "experiences-1-kind") is None and "experiences-1-months" not in text(reloaded)
    assert "letters-0-specialty" in text(reloaded)

    advisor_client.post("/students/new", data=form_data(**rows))
    assert [e.kind for e in db.session.scalar(select(Student)).clinical_experiences] == [
        ExperienceKind.CLERKSHIP]


def test_empty_rows_are_ignored(app, advisor_client):
    data = form_data(**experience(0), **experience(1, "clerkship", "2"), **experience(2),
                     **{"ties-0-kind": "", "ties-0-state": "", "ties-0-zip": ""})
    assert advisor_client.post("/students/new", data=data).status_code == 302
    student = db.session.scalar(select(Student))
    assert len(student.clinical_experiences) == 1 and student.ties == []


def test_each_bad_field_gets_its_own_error_and_nothing_is_saved(app, advisor_client):
    data = form_data(step2ck_score="301",
                     **experience(0, "clerkship", "2", state="NY", zip="90033"),
                     **experience(1, "elective", "-1"))
    response = advisor_client.post("/students/new", data=data)
    assert response.status_code == 400
    assert student_count() == 0
    assert error_beside(response, "step2ck_score") == "301 is out of range: must be 1 to 300."
    assert error_beside(response, "experiences-0-zip") == "90033 is in CA, not NY."
    assert error_beside(response, "experiences-1-months") == "-1 is out of range: must be 0 to 120."
    assert error_beside(response, "experiences-0-months") == ""
    # The summary names each field and links to it; what was typed is still there.
    assert '<a href="#experiences-1-months">Clinical experience 2, Months</a>' in text(response)
    assert value_of(response, "step2ck_score") == "301"
    assert value_of(response, "experiences-1-months") == "-1"


@pytest.mark.parametrize(("changes", "field_id", "message"), [
    ({"graduation_year": "1950"}, "graduation_year", "1950 is out of range: must be 1960 to"),
    ({"step2ck_attempts": "7"}, "step2ck_attempts", "7 is out of range: must be 0 to 6."),
    ({"step1_result": "not_taken", "step1_attempts": "2"}, "step1_attempts",
     "Must be 0 when Step 1 is not taken."),
    ({"citizenship": "us_citizen", "visa_needed": "h1b"}, "visa_needed",
     "Must be none for a us citizen."),
    ({"backup_specialty": "internal_medicine"}, "backup_specialty", "Must differ from specialty."),
    ({"step2ck_score": "2l4"}, "step2ck_score", "Enter a whole number, such as 218."),
    ({"name": "  "}, "name", "Enter the student's name or a code."),
    ({"specialty": ""}, "specialty", "Choose the specialty."),
    ({"target_regions": "atlantis"}, "target_regions", ""),
    ({**experience(0, "clerkship", "2", zip="00000")}, "experiences-0-zip",
     '"00000" is not a known US ZIP code.'),
    ({**experience(0, months="2")}, "experiences-0-kind", "Choose the kind of experience."),
    ({**experience(0, "clerkship", "two")}, "experiences-0-months",
     "Enter a number of months, such as 2 or 1.5."),
    ({**experience(0, "clerkship", "121")}, "experiences-0-months",
     "121 is out of range: must be 0 to 120."),
    ({"ties-0-kind": "", "ties-0-state": "CA", "ties-0-zip": ""}, "ties-0-kind",
     "Choose the kind of tie."),
    ({"training_gap_months": "-1"}, "training_gap_months", "-1 is out of range: must be 0 to 600."),
    ({"training_gap_months": "a year"}, "training_gap_months", "Enter a whole number"),
    ({"training_gap_months": "120"}, "training_gap_months",
     "120 is longer than the time since graduation in 2022"),
    ({"training_gap_explained": "yes"}, "training_gap_months", "Required when explained is given."),
    ({"training_gap_months": "0", "training_gap_explained": "no"}, "training_gap_explained",
     "Must be blank when there is no gap (months is 0)."),
    ({"ecfmg_status": "certified", "oet_status": "not_passed"}, "ecfmg_status",
     '"certified" needs OET Medicine passed, which the profile does not show.'),
    ({"oet_status": "B"}, "oet_status", "Not a valid choice"),
])
def test_bad_values_are_refused_with_a_message_beside_the_field(app, advisor_client, changes,
                                                                field_id, message):
    response = advisor_client.post("/students/new", data=form_data(**changes))
    assert response.status_code == 400
    assert student_count() == 0
    if field_id == "target_regions":
        assert "some are no longer installed" in text(response)
    else:
        assert error_beside(response, field_id).startswith(message)


def test_errors_across_fields_show_together_with_the_field_errors(app, advisor_client):
    # A typo in one field, and two choices that contradict each other.
    response = advisor_client.post("/students/new", data=form_data(
        step2ck_score="2l4", backup_specialty="internal_medicine", citizenship="us_citizen",
        visa_needed="h1b", training_gap_months="120"))
    assert response.status_code == 400
    assert error_beside(response, "step2ck_score") == "Enter a whole number, such as 218."
    assert error_beside(response, "backup_specialty") == "Must differ from specialty."
    assert error_beside(response, "visa_needed") == "Must be none for a us citizen."
    assert error_beside(response, "training_gap_months").startswith(
        "120 is longer than the time since graduation in 2022")
    assert "please correct these problems" in text(response)
    assert student_count() == 0


def test_each_zip_box_says_what_to_type_and_is_read_out_with_it(app, advisor_client):
    page = text(advisor_client.post("/students/new", data=form_data(
        add_tie="1", **experience(0, "clerkship", "2", state="NY", zip="90033"))))
    hint = html.escape("5 digits, such as 90033: it tells the county.", quote=False)
    for zip_id in ("experiences-0-zip", "ties-0-zip"):
        assert f'<p class="hint" id="{zip_id}-hint">{hint}</p>' in page
        assert re.search(rf'<input aria-describedby="{zip_id}-hint" [^>]*id="{zip_id}"', page)
    # With an error, both the hint and the error are read out.
    saved = advisor_client.post("/students/new", data=form_data(
        **experience(0, "clerkship", "2", state="NY", zip="90033")))
    assert re.search(r'<input aria-describedby="experiences-0-zip-hint experiences-0-zip-error" '
                     r'aria-invalid="true" [^>]*id="experiences-0-zip"', text(saved))


def test_certification_english_and_gap_round_trip_through_the_form(app, advisor_client):
    response = advisor_client.post("/students/new", data=form_data(
        ecfmg_status="in_progress", oet_status="not_taken", spoken_english="needs_work",
        training_gap_months="14", training_gap_explained="no"))
    assert response.status_code == 302
    student = db.session.scalar(select(Student))
    assert (student.ecfmg_status.value, student.oet_status.value, student.spoken_english.value,
            student.training_gap_months, student.training_gap_explained) == (
        "in_progress", "not_taken", "needs_work", 14, False)
    page = text(advisor_client.get(f"/students/{student.id}"))
    for shown in ("In progress", "Not taken yet", "Needs work", "14 months, not explained yet"):
        assert shown in page
    edit = advisor_client.get(f"/students/{student.id}/edit")
    assert [value_of(edit, name) for name in ("ecfmg_status", "oet_status", "spoken_english",
                                              "training_gap_months", "training_gap_explained")
            ] == ["in_progress", "not_taken", "needs_work", "14", "no"]


def test_blank_is_not_recorded_and_stays_apart_from_no_gap(app, advisor_client):
    advisor_client.post("/students/new", data=form_data(name="Blank"))
    advisor_client.post("/students/new", data=form_data(name="No gap", training_gap_months="0"))
    blank, no_gap = (db.session.scalar(select(Student).where(Student.name == name))
                     for name in ("Blank", "No gap"))
    assert (blank.training_gap_months, blank.training_gap_explained, blank.oet_status,
            blank.spoken_english, blank.ecfmg_status) == (None, None, None, None, None)
    assert no_gap.training_gap_months == 0
    blank_page = text(advisor_client.get(f"/students/{blank.id}"))
    readiness = blank_page[blank_page.index('id="h-readiness"'):]
    assert readiness.count("Not recorded") == 4
    no_gap_page = text(advisor_client.get(f"/students/{no_gap.id}"))
    assert re.search(r"<dt>Gap in training</dt>\s*<dd>None</dd>", no_gap_page)
    # The edit form keeps "not recorded" blank and a stated 0 as 0.
    assert value_of(advisor_client.get(f"/students/{blank.id}/edit"), "training_gap_months") == ""
    assert value_of(advisor_client.get(f"/students/{no_gap.id}/edit"), "training_gap_months") == "0"


def test_the_form_says_why_each_new_field_matters_and_why_a_zip_helps(app, advisor_client):
    page = html.unescape(text(advisor_client.get("/students/new")))
    assert "by the rank order list deadline" in page  # ECFMG certification
    assert "ECFMG's English requirement: certification needs it passed" in page
    assert "Programs judge communication at interview" in page
    assert "Programs ask about a gap of a year or more" in page
    assert 'blank means not recorded, and is never read as "no"' in page
    # Each section with places says once why a ZIP helps; the blank-row templates add none.
    hint = "location within the state not given"
    assert page.count(hint) == 3
    for section in ("experiences", "letters", "ties"):
        assert f'id="{section}-hint"' in page


# -------------------------------------------------------------------------------- edit

def test_the_edit_form_starts_from_the_stored_profile(app, advisor_client):
    student = add_student(languages=["spanish", "tagalog"], step3={"passed": True},
                          clinical_experience=[{"kind": "elective", "months": 1.5, "zip": "90033"}])
    response = advisor_client.get(f"/students/{student.id}/edit")
    assert value_of(response, "languages") == "Spanish, Tagalog"
    assert value_of(response, "step3_passed") == "yes"
    assert value_of(response, "experiences-0-months") == "1.5"
    assert value_of(response, "experiences-0-state") == "CA"
    assert value_of(response, "version") == str(student.version)
    assert re.search(r'<input checked id="target_regions-\d" name="target_regions" type="checkbox" '
                     r'value="pacific_coast">', text(response))


def test_saving_an_edit_updates_the_student_and_confirms(app, advisor_client):
    student = add_student()
    data = form_data(step2ck_score="240", version=str(student.version),
                     **experience(0, "subinternship", "4"))
    response = advisor_client.post(f"/students/{student.id}/edit", data=data, follow_redirects=True)
    assert "Saved Ana Lopez." in text(response)
    db.session.expire_all()
    saved = db.session.get(Student, student.id)
    assert saved.step2ck_score == 240 and saved.applicant_tier == "A"
    assert [e.kind for e in saved.clinical_experiences] == [ExperienceKind.SUBINTERNSHIP]


def test_a_save_reads_the_student_and_the_user_once(app, advisor_client):
    student = add_student(clinical_experience=[{"kind": "elective", "months": 1}])
    data = form_data(name="Ana L.", version=str(student.version), **experience(0, "elective", "1"))
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        response = advisor_client.post(f"/students/{student.id}/edit", data=data)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert response.status_code == 302
    loads = [s for s in statements if s.startswith(("SELECT student.id,", "SELECT user_account.id,"))]
    assert len(loads) == 2, loads
    # Only the name changed: the experience row is not written.
    assert not [s for s in statements if "clinical_experience" in s and not s.startswith("SELECT")]


def test_a_second_save_from_an_older_form_is_refused_and_keeps_what_was_typed(app, login):
    student = add_student()
    first, second = login(Role.ADVISOR, "first@office.test"), login(Role.ADVISOR, "second@office.test")
    url = f"/students/{student.id}/edit"
    version_first = value_of(first.get(url), "version")
    version_second = value_of(second.get(url), "version")

    assert first.post(url, data=form_data(step2ck_score="230", version=version_first)).status_code == 302
    refused = second.post(url, data=form_data(step2ck_score="199", name="Ana L.",
                                              version=version_second))
    assert refused.status_code == 409
    assert ("Someone else saved this student since you opened it; your changes are below, "
            "not saved. Review and save again.") in text(refused)
    assert "Step 2 CK" in re.search(r"Saved in the meantime.*?</p>", text(refused)).group(0)
    assert value_of(refused, "step2ck_score") == "199" and value_of(refused, "name") == "Ana L."
    db.session.expire_all()
    assert db.session.get(Student, student.id).step2ck_score == 230

    # Having reviewed, the second advisor saves again: the form now carries the new version.
    again = second.post(url, data=form_data(step2ck_score="199", name="Ana L.",
                                            version=value_of(refused, "version")))
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Student, student.id).step2ck_score == 199


def test_a_change_to_rows_alone_also_refuses_an_older_form(app, login):
    student = add_student()
    first, second = login(Role.ADVISOR, "first@office.test"), login(Role.ADVISOR, "second@office.test")
    url = f"/students/{student.id}/edit"
    version = value_of(first.get(url), "version")
    assert first.post(url, data=form_data(version=version,
                                          **experience(0, "clerkship", "3"))).status_code == 302
    assert second.post(url, data=form_data(version=version)).status_code == 409
    assert db.session.scalar(select(func.count()).select_from(ClinicalExperience)) == 1


def test_an_edit_form_without_its_version_is_not_saved(app, advisor_client):
    student = add_student()
    response = advisor_client.post(f"/students/{student.id}/edit",
                                   data=form_data(step2ck_score="240", version="tampered"))
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Student, student.id).step2ck_score == 214


# ------------------------------------------------------------------- delete, restore

def test_soft_delete_and_admin_restore(app, advisor_client, admin_client):
    student = add_student("Ana Lopez")
    deleted = advisor_client.post(f"/students/{student.id}/delete", follow_redirects=True)
    assert "Deleted Ana Lopez. An admin can restore it." in text(deleted)
    assert listed(deleted) == []
    db.session.expire_all()
    assert db.session.get(Student, student.id).deleted_at is not None  # still stored

    trash = admin_client.get("/students/deleted")
    assert listed(trash) == ["Ana Lopez"]
    assert "Restore this student" in text(admin_client.get(f"/students/{student.id}"))
    restored = admin_client.post(f"/students/{student.id}/restore", follow_redirects=True)
    assert "Restored Ana Lopez." in text(restored)
    assert listed(advisor_client.get("/students/")) == ["Ana Lopez"]
    assert listed(admin_client.get("/students/deleted")) == []


def test_deleting_needs_a_post(app, advisor_client):
    student = add_student()
    assert advisor_client.get(f"/students/{student.id}/delete").status_code == 405
    assert listed(advisor_client.get("/students/")) == ["Ana Lopez"]


# ------------------------------------------------------------------------ who may do what

def test_viewers_read_but_cannot_change(app, viewer_client):
    student = add_student()
    assert viewer_client.get("/students/").status_code == 200
    assert viewer_client.get(f"/students/{student.id}").status_code == 200
    assert "Add a student" not in text(viewer_client.get("/students/"))
    for method, url in (("get", "/students/new"), ("post", "/students/new"),
                        ("get", f"/students/{student.id}/edit"),
                        ("post", f"/students/{student.id}/edit"),
                        ("post", f"/students/{student.id}/delete"),
                        ("post", f"/students/{student.id}/restore"),
                        ("get", "/students/deleted")):
        assert getattr(viewer_client, method)(url, data=form_data()).status_code == 403, url
    db.session.expire_all()
    assert db.session.get(Student, student.id).deleted_at is None


def test_advisors_cannot_see_or_restore_deleted_students(app, advisor_client):
    student = add_student()
    service.delete_student(student)
    db.session.commit()
    assert advisor_client.get("/students/deleted").status_code == 403
    assert advisor_client.post(f"/students/{student.id}/restore").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(app, client):
    student = add_student()
    for url in ("/students/", f"/students/{student.id}", "/students/new"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert client.post("/students/new", data=form_data()).status_code == 302
    assert student_count() == 1


def test_a_name_with_markup_is_shown_as_text(app, advisor_client):
    response = advisor_client.post("/students/new", follow_redirects=True,
                                   data=form_data(name="<script>alert(1)</script>"))
    page = text(response)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in text(advisor_client.get("/students/"))


# ------------------------------------------------------------- whom a strategy is for

def test_region_choices_say_whom_each_strategy_is_written_for_and_warn_on_a_mismatch(
        app, advisor_client):
    form = html.unescape(text(advisor_client.get("/students/new")))
    assert ">Southern California (written for US-citizen IMGs)</label>" in form
    assert (">Los Angeles County (written for IMGs who need a visa and non-US IMGs who need no "
            "visa)</label>") in form
    assert ">Nationwide IMG-friendly</label>" in form  # written for everyone: no note

    # A J-1 student given the US-citizen strategy: saved, with a warning.
    response = advisor_client.post("/students/new", data=form_data(
        name="Jo Visa", target_regions=["socal", "pacific_coast"]), follow_redirects=True)
    warning = ("Southern California is written for US-citizen IMGs, and this student is an IMG "
               "who needs a visa: its advice may not fit.")
    page = html.unescape(text(response))
    assert "Added Jo Visa." in page and warning in page
    assert "Pacific Coast is written for" not in page
    jo = db.session.scalar(select(Student).where(Student.name == "Jo Visa"))
    assert warning in html.unescape(text(advisor_client.get(f"/students/{jo.id}/edit")))

    citizen = advisor_client.post("/students/new", data=form_data(
        name="Cy Citizen", citizenship="us_citizen", visa_needed="none",
        target_regions=["socal", "los_angeles"]), follow_redirects=True)
    page = html.unescape(text(citizen))
    assert "Added Cy Citizen." in page and "Southern California is written" not in page
    assert ("Los Angeles County is written for IMGs who need a visa and non-US IMGs who need no visa, "
            "and this student is a US-citizen IMG: its advice may not fit.") in page
