"""Programs side by side, and how a chosen student fits a program or the compared ones."""

from __future__ import annotations

import html
import re

from advisor.extensions import db
from advisor.models import AuditEntry
from advisor.profile_schema import parse_profile
from advisor.scoring.chances import chance_text as shared_chance_text
from advisor.services import students as student_service
from advisor.services.student_assessment import assess_student

from tests.web.test_programs import LA, LA_FM, NYC, PDX, SF, catalog  # noqa: F401


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.get_data(as_text=True))


def columns(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The compared programs' names, left to right."""
    head = re.search(r"<thead>(.*?)</thead>", response.get_data(as_text=True), re.S).group(1)
    return [html.unescape(n) for n in re.findall(r'<th scope="col"><a href="/programs/\d+">(.*?)</a>',
                                                 head)]


def row(response, heading: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The cells of the row headed `heading`, as text."""
    found = re.search(rf'<th scope="row">{re.escape(heading)}</th>(.*?)</tr>',
                      response.get_data(as_text=True), re.S)
    assert found, f"no row {heading!r}"
    cells = re.findall(r"<td>(.*?)</td>", found.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", html.unescape(c)).split()) for c in cells]


def chance_text(chance: float) -> str:
    return ("about " if chance >= 0.01 else "") + shared_chance_text(chance)


def add_student(name: str, season: int | None = None, **changes):  # type: ignore[no-untyped-def]
    document = {
        "name": name, "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass"}, "step2ck": {"score": 226}, "step3": {},
        "graduation_year": 2022, "specialty": "internal_medicine",
        "target_regions": ["pacific_coast"], **changes,
    }
    student = student_service.create_student(parse_profile(document))
    student.season_year = season
    db.session.commit()
    return student


# ---------------------------------------------------------------------------- compare

def boxes(page: str) -> dict[str, bool]:
    """The compare boxes of the list page: acgme_id -> ticked, each labelled and in the
    filter form (so paging and filtering submit them)."""
    found = {}
    for tag in re.findall(r'<input type="checkbox" name="id"[^>]*>', page):
        acgme_id = re.search(r'value="(\d+)"', tag).group(1)
        box_id = re.search(r' id="([^"]+)"', tag).group(1)
        assert 'form="program-filters"' in tag, tag
        assert f'<label for="{box_id}"' in page
        found[acgme_id] = " checked" in tag
    return found


def test_the_list_has_a_compare_box_for_each_program_in_a_form_that_needs_no_script(
        viewer_client, catalog):
    page = viewer_client.get("/programs/").get_data(as_text=True)
    assert re.search(r'<form method="get" action="/programs/"[^>]* id="program-filters"', page)
    assert boxes(page) == {LA: False, LA_FM: False, SF: False, PDX: False, NYC: False}
    for name in (LA, SF):
        assert re.search(rf'<label for="compare-{name}"[^>]*>Compare [^<]+</label>', page)
    assert page.count('<button type="submit" form="program-filters" '
                      'formaction="/programs/compare"') == 2


def test_ticks_survive_paging_and_filtering(viewer_client, catalog):
    # Ticked LA and SF on a California page, then filtered to Oregon (or paged on).
    page = text(viewer_client.get(f"/programs/?state=OR&id={LA}&id={SF}"))
    assert boxes(page) == {PDX: False, LA: True, SF: True}
    assert "Also ticked (not on this page)" in page and "2 ticked." in page
    assert "Eastside IM, CA" in page and "Mission IM, CA" in page
    # Back on a page that lists them, they are ticked in the table itself, once.
    page = text(viewer_client.get(f"/programs/?state=CA&id={LA}&id={SF}&id={PDX}"))
    assert boxes(page) == {LA: True, LA_FM: False, SF: True, PDX: True}
    assert re.findall(r'id="ticked-(\d+)"', page) == [PDX]
    # Unknown ids are dropped, not listed.
    page = text(viewer_client.get("/programs/?state=OR&id=9999999999"))
    assert boxes(page) == {PDX: False}
    # The comparison links back to the list as it was asked from, ticks and all.
    compare = viewer_client.get(f"/programs/compare?state=CA&page=1&id={LA}&id={SF}")
    assert compare.status_code == 200
    back = re.search(r'<a href="([^"]+)">Back to the programs list</a>', text(compare)).group(1)
    assert back == f"/programs/?state=CA&page=1&id={LA}&id={SF}"


def test_compare_shows_the_ticked_programs_side_by_side_in_the_order_ticked(viewer_client,
                                                                             catalog):
    response = viewer_client.get(f"/programs/compare?id={SF}&id={LA}&id={PDX}")
    assert response.status_code == 200
    assert columns(response) == ["Mission IM", "Eastside IM", "Portland IM"]
    assert row(response, "Sponsors J-1 visas") == ["No", "Yes", "Yes"]
    assert row(response, "Stated Step 2 CK minimum") == ["240", "220", "210"]
    assert row(response, "IMG share of residents") == ["10%", "55%", "30%"]
    assert row(response, "Sponsors H-1B visas") == ["Yes", "No", "unknown"]
    assert row(response, "Location")[1] == "Los Angeles, CA Los Angeles County"
    # With three, each can be dropped; the link keeps the other two.
    page = response.get_data(as_text=True)
    assert f'href="/programs/compare?id={LA}&amp;id={PDX}"' in page


def test_compare_takes_two_to_four_known_programs(viewer_client, catalog):
    one = viewer_client.get(f"/programs/compare?id={LA}")
    assert one.status_code == 400
    assert "Tick 2 to 4 programs to compare; 1 was ticked." in text(one)
    five = viewer_client.get("/programs/compare?" + "&".join(
        f"id={i}" for i in (LA, LA_FM, SF, PDX, NYC)))
    assert five.status_code == 400 and "5 were ticked" in text(five)
    # The same box twice counts once.
    assert viewer_client.get(f"/programs/compare?id={LA}&id={LA}").status_code == 400
    gone = viewer_client.get(f"/programs/compare?id={LA}&id=9999999999")
    assert gone.status_code == 400 and "Not in the catalog" in text(gone) and "9999999999" in text(gone)
    assert viewer_client.get(f"/programs/compare?id={LA}&id={LA_FM}&id={SF}&id={PDX}"
                             ).status_code == 200


def test_compare_needs_a_sign_in(client, catalog):
    assert client.get(f"/programs/compare?id={LA}&id={SF}").headers["Location"].startswith(
        "/login")


# -------------------------------------------------------------------------------- fit

def test_the_program_page_offers_this_seasons_students_of_its_specialty(viewer_client, catalog):
    add_student("Ana Lopez")
    add_student("Ben Backup", specialty="family_medicine", backup_specialty="internal_medicine")
    add_student("Cy Surgeon", specialty="general_surgery")
    add_student("Dee Alumna", season=2024)
    page = viewer_client.get(f"/programs/{LA}").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="student"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert re.findall(r">([^<]+)</option>", select) == ["Choose a student…", "Ana Lopez",
                                                         "Ben Backup"]
    assert '<label for="student">Student</label>' in page


def test_the_fit_shows_the_students_tier_chance_and_counted_reasons_as_the_advice_has_them(
        viewer_client, catalog):
    ana = add_student("Ana Lopez")
    response = viewer_client.get(f"/programs/{LA}?student={ana.id}")
    assert response.status_code == 200
    assessment, _ = assess_student(ana)
    entry = next(p for p in assessment.programs if p.program.acgme_id == LA)
    fit = text(response)
    fit = fit[fit.index('id="fit-heading"'):fit.index('id="facts-heading"')]
    assert f"applicant tier {assessment.applicant.tier_scale} {assessment.applicant.tier}" in fit
    assert f'<span class="tier tier-{entry.tier.value}">{entry.tier.label}</span>' in fit
    assert f"interview chance: {chance_text(entry.chance)}" in fit
    on_list = any(e.program.acgme_id == LA for e in assessment.plan.entries)
    assert re.search(rf"On their planned list</dt><dd>{'Yes' if on_list else 'No'}</dd>", fit)
    counted = [r for r in entry.reasons if r.counted]
    assert counted, "the test student should have reasons here"
    for reason in counted:
        assert reason.text in fit
    for reason in entry.reasons:
        if not reason.counted:
            assert reason.text not in fit
    assert f'href="/students/{ana.id}/advice"' in fit


def test_viewing_a_fit_is_recorded_as_reading_the_student(viewer_client, catalog):
    ana = add_student("Ana Lopez")
    viewer_client.get(f"/programs/{LA}?student={ana.id}")
    entry = db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.action == "student_viewed")).one()
    assert (entry.object_id, entry.detail) == (str(ana.id), f"fit at program {LA}")


def test_a_student_of_another_specialty_or_season_is_refused_beside_the_select(viewer_client,
                                                                               catalog):
    other = add_student("Cy Surgeon", specialty="general_surgery")
    response = viewer_client.get(f"/programs/{LA}?student={other.id}")
    assert response.status_code == 400
    assert 'id="student-error">Choose a student from the list.</p>' in text(response)
    assert viewer_client.get(f"/programs/{LA}?student=abc").status_code == 400


def test_a_program_outside_the_students_specialties_says_why_it_was_not_assessed(viewer_client,
                                                                                catalog):
    ben = add_student("Ben Backup", specialty="family_medicine")
    response = viewer_client.get(f"/programs/compare?id={LA_FM}&id={LA}&student={ben.id}")
    assert response.status_code == 200
    cells = row(response, "For Ben Backup")
    assert cells[0].startswith(("Safety", "Target", "Reach", "Long shot", "Ineligible"))
    assert cells[1] == ("Not assessed: Ben Backup applies in Family medicine, and this program "
                        "is Internal medicine.")


def test_compare_shows_the_chosen_students_fit_at_each_program(viewer_client, catalog):
    ana = add_student("Ana Lopez")
    response = viewer_client.get(f"/programs/compare?id={LA}&id={SF}&student={ana.id}")
    assert response.status_code == 200
    assessment, _ = assess_student(ana)
    tiers = {p.program.acgme_id: p.tier.label for p in assessment.programs}
    cells = row(response, "For Ana Lopez")
    assert [cell.split(" interview")[0] for cell in cells] == [tiers[LA], tiers[SF]]
    # The student form keeps the compared programs.
    page = response.get_data(as_text=True)
    chooser = re.search(r'<form method="get" action="/programs/compare#compared".*?</form>', page,
                        re.S).group(0)
    assert f'name="id" value="{LA}"' in chooser and f'name="id" value="{SF}"' in chooser
