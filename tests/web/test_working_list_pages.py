"""The working list on the advice page: pin, exclude, note and status forms that work without
JavaScript, filters and sorting, what viewers and share links see, the statuses CSV, and an
admin closing the season."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from sqlalchemy import select

from advisor.demo.loader import load_demo
from advisor.enums import ApplicationStatus, Role, Tier
from advisor.extensions import db
from advisor.models import Outcome, Program, Student
from advisor.services import share_links
from advisor.services.student_assessment import assess_student
from advisor.services.working_list import EntryChange, apply_changes, list_version, read_list

ANA = "Demo: Ana R."


@pytest.fixture
def ana(csrf_app) -> Student:  # type: ignore[no-untyped-def]
    load_demo(300)
    return db.session.scalar(select(Student).where(Student.name == ANA))


def page(client, student: Student, query: str = "") -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/students/{student.id}/advice{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def listed(student: Student) -> list[str]:
    return [e.program.acgme_id for e in assess_student(student)[0].plan.entries]


def row(html: str, acgme_id: str) -> str:
    start = html.index(f'<tr id="p-{acgme_id}">')
    return html[start:html.index("</tr>", start)]


def row_forms(html: str, acgme_id: str) -> list[dict[str, str]]:
    """What a program's row can send, one per submit button, as the browser would: the
    form's hidden fields and the button's action."""
    sent = []
    for form in re.findall(r"<form .*?</form>", row(html, acgme_id), re.S):
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        url = unescape(re.search(r'action="([^"]+)"', form).group(1))
        for action in re.findall(r'<button type="submit" name="action" value="([^"]+)"', form):
            sent.append({**fields, "action": action, "_url": url})
    return sent


def submit(client, html: str, acgme_id: str, action: str, **extra: str):  # type: ignore[no-untyped-def]
    """Send a row's form with the page's own CSRF token (not the test client's header)."""
    form = next(f for f in row_forms(html, acgme_id) if f["action"] == action)
    url = form.pop("_url")
    return client.post(url, data={**form, **extra}, csrf=False)


def flashes(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'<p class="flash flash-\w+">(.*?)</p>', html, re.S)]


def name_of(acgme_id: str) -> str:
    return db.session.scalar(select(Program.name).where(Program.acgme_id == acgme_id))


def message_at(html: str, acgme_id: str) -> str:
    """The answer to an edit, when it is shown in the program's row."""
    found = re.search(r'<div class="list-message" id="list-message" role="status">(.*?)</div>',
                      row(html, acgme_id), re.S)
    assert found, "not in the row"
    return unescape(found.group(1))


def test_an_advisor_pins_a_program_from_its_row_and_comes_back_to_it(ana, login):
    advisor = login(Role.ADVISOR)
    html = page(advisor, ana)
    target = listed(ana)[3]
    response = submit(advisor, html, target, "pin")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/students/{ana.id}/advice#list-message")
    html = page(advisor, ana)
    assert '<span class="badge pinned">Pinned</span>' in row(html, target)
    assert "1 pinned, 0 excluded by the advisor on the working list." in html
    # Named as the page names it, and said where the advisor is working.
    assert f"{name_of(target)} pinned: it stays on the list." in message_at(html, target)
    assert [f["action"] for f in row_forms(html, target)] == ["unpin", "save", "exclude"]
    assert "list-message" not in page(advisor, ana)  # said once


def test_pin_also_saves_the_status_and_note_typed_in_the_same_row(ana, login):
    advisor = login(Role.ADVISOR)
    target = listed(ana)[2]
    submit(advisor, page(advisor, ana), target, "pin", status="applied", note="Sent 1 Oct")
    entry = read_list(ana).entries[target]
    assert (entry.pinned, entry.status, entry.note) == (
        True, ApplicationStatus.APPLIED, "Sent 1 Oct")
    html = page(advisor, ana)
    assert (f"{name_of(target)} pinned: it stays on the list. Its status and note were saved "
            "too.") in flashes(html)
    submit(advisor, html, target, "exclude", status="invited", reason="Too far")
    entry = read_list(ana).entries[target]
    assert (entry.excluded, entry.status, entry.note) == (
        True, ApplicationStatus.INVITED, "Sent 1 Oct")


def test_excluding_moves_a_program_to_the_excluded_list_and_undo_brings_it_back(ana, login):
    advisor = login(Role.ADVISOR)
    target, following = listed(ana)[:2]
    submit(advisor, page(advisor, ana), target, "pin")
    html = page(advisor, ana)
    response = submit(advisor, html, target, "exclude",
                      reason="Student has no ties to this state")
    assert response.headers["Location"].endswith("#list-message")
    html = page(advisor, ana)
    assert f'<tr id="p-{target}">' not in html
    # The answer is where the list goes on, not at the excluded list far below.
    assert f"{name_of(target)} excluded: it is no longer listed" in message_at(html, following)
    excluded = html[html.index('id="excluded"'):html.index('id="tracking"')]
    assert "Excluded by you (1)" in excluded and "Student has no ties to this state" in excluded
    assert "0 pinned, 1 excluded by the advisor on the working list." in html
    undo = re.search(r'<form method="post" action="([^"]+)".*?</form>', excluded, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                             undo.group(0)))
    response = advisor.post(undo.group(1), data={**fields, "action": "include"}, csrf=False)
    assert response.headers["Location"].endswith("#list-message")
    html = page(advisor, ana)
    # Back, pinned as it was, with the answer in its row.
    assert '<span class="badge pinned">Pinned</span>' in row(html, target)
    assert f"{name_of(target)} back in the running." in message_at(html, target)
    assert "1 pinned, 0 excluded by the advisor on the working list." in html


def test_excluding_without_a_reason_saves_nothing_and_says_why(ana, login):
    advisor = login(Role.ADVISOR)
    target = listed(ana)[0]
    submit(advisor, page(advisor, ana), target, "exclude", reason=" ")
    html = page(advisor, ana)
    assert ("Nothing was saved: Reason for excluding: is required when excluding a program: "
            "say why") in message_at(html, target)
    assert f'<tr id="p-{target}">' in html and list_version(ana) == 0


def test_a_form_from_a_page_opened_before_someone_elses_edit_saves_nothing(ana, login):
    advisor = login(Role.ADVISOR)
    stale = page(advisor, ana)
    first, second = listed(ana)[:2]
    apply_changes(ana, 0, [EntryChange(first, note="Ask about the J-1 waiver")])
    db.session.commit()
    submit(advisor, stale, second, "pin", status="interviewed", note="Loved the <team>")
    html = page(advisor, ana)
    (message,) = [m for m in flashes(html) if "changed this student's list" in m]
    assert message == (
        "Someone else changed this student's list since you opened it; nothing was saved. The "
        f"list below is the current one: check it and try again. You tried to pin "
        f"{name_of(second)}; status “Interviewed”; note “Loved the <team>”.")
    assert set(read_list(ana).entries) == {first}
    assert "Ask about the J-1 waiver" in row(html, first)
    # What was typed comes back in a form in the row, under the list's current version.
    retry = message_at(html, second)
    assert "Loved the &lt;team&gt;" in html and '<option value="interviewed" selected>' in retry
    url = unescape(re.search(r'<form method="post" action="([^"]+)"', retry).group(1))
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', retry))
    assert fields["version"] == "1"
    advisor.post(url, data={**fields, "action": "pin", "status": "interviewed",
                            "note": "Loved the <team>"}, csrf=False)
    entry = read_list(ana).entries[second]
    assert (entry.pinned, entry.status, entry.note) == (
        True, ApplicationStatus.INTERVIEWED, "Loved the <team>")


def test_status_and_note_are_saved_from_the_row(ana, login):
    advisor = login(Role.ADVISOR)
    target = listed(ana)[1]
    submit(advisor, page(advisor, ana), target, "save", status="interviewed",
           note="Interview on 12 Nov")
    html = page(advisor, ana)
    assert 'class="badge status status-interviewed">Interviewed</span>' in row(html, target)
    assert "Interview on 12 Nov" in row(html, target)
    assert re.search(r'<option value="interviewed" selected>', row(html, target))
    tracked = html[html.index('id="tracked-programs"'):]
    assert target in tracked and "Interviewed: 1" in html


def test_a_viewer_sees_the_list_state_but_no_controls_and_cannot_post(ana, login):
    target = listed(ana)[0]
    apply_changes(ana, 0, [EntryChange(target, pinned=True, note="Strong fit")])
    db.session.commit()
    viewer = login(Role.VIEWER)
    html = page(viewer, ana)
    assert "Strong fit" in row(html, target) and "Pinned" in row(html, target)
    assert f'action="/students/{ana.id}/list/' not in html
    assert "status-upload" not in html
    response = viewer.post(f"/students/{ana.id}/list/{target}",
                           data={"action": "unpin", "version": "1"})
    assert response.status_code == 403
    assert read_list(ana).entries[target].pinned


def test_the_shared_page_follows_the_plan_but_shows_nothing_of_the_advisors_notes(ana, login):
    first, second = listed(ana)[:2]
    apply_changes(ana, 0, [EntryChange(first, excluded=True, exclude_reason="Private reason"),
                           EntryChange(second, note="Private note")])
    db.session.commit()
    _, secret = share_links.create_link(ana, None)
    db.session.commit()
    client = login(Role.VIEWER)
    client.get("/logout")
    response = client.get(f"/shared/{secret}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<tr id="p-{first}">' not in html and f'<tr id="p-{second}">' in html
    assert "Private reason" not in html and "Private note" not in html
    assert "Working list" not in html and "csrf_token" not in html
    assert "/programs/" not in row(html, second)  # a student has no account to open it


def test_the_list_filters_by_state_and_sorts_by_name_without_javascript(ana, login):
    viewer = login(Role.VIEWER)
    entries = assess_student(ana)[0].plan.entries
    states = {e.program.state for e in entries}
    assert len(states) > 1
    state = sorted(states)[0]
    html = page(viewer, ana, f"?state={state}&sort=name")
    shown = re.findall(r'<tr id="p-([^"]+)">', html)
    wanted = [e for e in entries if e.program.state == state]
    assert set(shown) == {e.program.acgme_id for e in wanted}
    assert f"Showing {len(wanted)} of the {len(entries)} listed programs." in html
    # Within each tier, by name.
    for tier in {e.tier for e in wanted}:
        names = [e.program.name.lower() for e in wanted if e.tier is tier]
        in_page = [e.program.name.lower() for a in shown for e in wanted
                   if e.program.acgme_id == a and e.tier is tier]
        assert in_page == sorted(names)
    assert f'<option value="{state}" selected>' in html
    # An unknown filter value (a stale bookmark) is ignored.
    assert len(re.findall(r'<tr id="p-', page(viewer, ana, "?tier=nonsense"))) == len(entries)


def test_names_link_to_the_program_page_and_its_website(ana, login):
    target = listed(ana)[0]
    program = db.session.scalar(select(Program).where(Program.acgme_id == target))
    program.website = "https://example.org/residency"
    db.session.commit()
    html = page(login(Role.VIEWER), ana)
    assert f'<a href="/programs/{target}">' in row(html, target)
    assert 'href="https://example.org/residency"' in row(html, target)


def upload(client, student: Student, text: str, version: int = 0):  # type: ignore[no-untyped-def]
    return client.post(f"/students/{student.id}/list-statuses",
                       data={"version": str(version),
                             "file": (io.BytesIO(text.encode()), "statuses.csv")},
                       content_type="multipart/form-data")


def test_a_statuses_csv_with_a_bad_row_imports_nothing_and_names_the_row(ana, login):
    advisor = login(Role.ADVISOR)
    a, b = listed(ana)[:2]
    response = upload(advisor, ana, f"acgme_id,status\n{a},applied\n{b},offered\nZZZ9,applied\n")
    assert response.headers["Location"].endswith("#tracking")
    message = next(m for m in flashes(page(advisor, ana)) if m.startswith("Nothing was"))
    assert message.startswith('Nothing was imported: row 3, status: "offered" is not one of:')
    assert "row 4, acgme_id: ZZZ9 is not in the catalog" in message
    assert read_list(ana).entries == {}
    upload(advisor, ana, f"acgme_id,status\n{a},applied\n{b},ranked\n")
    assert {k: e.status for k, e in read_list(ana).entries.items()} == {
        a: ApplicationStatus.APPLIED, b: ApplicationStatus.RANKED}


def test_a_statuses_csv_takes_the_pages_words_and_names_programs_off_the_list(ana, login):
    advisor = login(Role.ADVISOR)
    a = listed(ana)[0]
    assessment, _ = assess_student(ana)
    off = next(p.program for p in assessment.programs if p.program.acgme_id not in listed(ana))
    upload(advisor, ana, f"acgme_id,status\n{a},Not invited\n{off.acgme_id},applied\n")
    assert read_list(ana).entries[a].status is ApplicationStatus.NOT_INVITED
    assert (f"2 statuses imported. 1 is for a program not on the recommended list, tracked all "
            f"the same: {off.name} ({off.acgme_id}).") in flashes(page(advisor, ana))


def test_an_admin_closes_the_season_from_the_admin_area(ana, login):
    ana.season_year = 2025
    db.session.commit()
    a, b = listed(ana)[:2]
    c = listed(ana)[2]
    apply_changes(ana, 0, [EntryChange(a, status=ApplicationStatus.MATCHED),
                           EntryChange(b, status=ApplicationStatus.NOT_INVITED),
                           EntryChange(c, status=ApplicationStatus.INVITED)])
    db.session.commit()
    assert login(Role.ADVISOR).get("/admin/seasons/").status_code == 403
    admin = login(Role.ADMIN)
    html = admin.get("/admin/seasons/").get_data(as_text=True)
    assert "Close season 2025" in html and 'id="unanswered-2025"' not in html
    apply_changes(ana, 1, [EntryChange(b, status=ApplicationStatus.APPLIED)])
    db.session.commit()
    html = admin.get("/admin/seasons/").get_data(as_text=True)
    warning = html.index('id="unanswered-2025"')
    assert warning < html.index("Close season 2025</button>")
    assert ("1 tracked application is still at “Applied” (no answer yet): closing now "
            "records it as not interviewed.") in unescape(html[warning:])
    response = admin.post("/admin/seasons/2025/close")
    assert response.status_code == 302
    html = admin.get("/admin/seasons/").get_data(as_text=True)
    assert ("Season 2025 closed: 1 student; 3 outcomes added, 0 updated, 0 already recorded."
            in flashes(html))
    rows = {o.acgme_id: (o.interviewed, o.ranked, o.matched)
            for o in db.session.scalars(select(Outcome).where(Outcome.season == 2025,
                                                            Outcome.student_id == ana.id))}
    assert rows == {a: (True, True, True), b: (False, False, False), c: (True, False, False)}


def test_a_pinned_ruled_out_program_is_counted_in_the_plan_table_and_the_cohort(ana, login):
    assessment, _ = assess_student(ana)
    ruled_out = next(p.program.acgme_id for p in assessment.programs
                     if p.tier is Tier.INELIGIBLE)
    apply_changes(ana, 0, [EntryChange(ruled_out, pinned=True)])
    db.session.commit()
    viewer = login(Role.VIEWER)
    html = page(viewer, ana)
    size = int(re.search(r"This list holds <strong>(\d+)</strong>", html).group(1))
    assert size == len(listed(ana)) and ruled_out in listed(ana)
    table = re.search(r'<table class="plan-shares">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S)
    counts = [int(re.findall(r'<td class="num">(\d+)', r)[-1]) for r in rows]
    assert sum(counts) == size
    assert "Pinned, ruled out" in table
    cohort = viewer.get("/cohort/").get_data(as_text=True)
    students = re.search(r'<table id="cohort-students">(.*?)</table>', cohort, re.S).group(1)
    headings = re.findall(r'<th scope="col">([^<]+)</th>', students)
    assert headings[-2:] == ["Pinned, ruled out", "Expected interviews"]
    ana_row = next(r for r in re.findall(r"<tr>(.*?)</tr>", students, re.S) if ANA in r)
    cells = [re.sub(r"<[^>]+>", "", c).strip()
             for c in re.findall(r"<td[^>]*>(.*?)</td>", ana_row, re.S)]
    assert int(cells[2].split()[0]) == size == sum(int(c) for c in cells[3:-1])
    assert cells[-2] == "1"


def test_an_advisor_pins_a_program_for_a_student_from_the_program_page(ana, login):
    assessment, _ = assess_student(ana)
    off = next(p.program for p in assessment.programs if p.program.acgme_id not in listed(ana))
    fit_url = f"/programs/{off.acgme_id}?student={ana.id}"
    assert "Pin for" not in login(Role.VIEWER).get(fit_url).get_data(as_text=True)
    advisor = login(Role.ADVISOR)
    html = advisor.get(fit_url).get_data(as_text=True)
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*id="list-pin">(.*?)</form>',
                     html, re.S)
    assert f"Pin for {ANA}" in unescape(form.group(2))
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                             form.group(2)))
    response = advisor.post(unescape(form.group(1)), data={**fields, "action": "pin"},
                            csrf=False)
    assert response.headers["Location"].endswith(
        f"/programs/{off.acgme_id}?student={ana.id}#fit")
    html = advisor.get(fit_url).get_data(as_text=True)
    assert f"{off.name} pinned: it stays on the list." in flashes(html)
    assert f"Unpin for {ANA}" in unescape(html)
    assert read_list(ana).entries[off.acgme_id].pinned and off.acgme_id in listed(ana)


def test_a_refused_long_note_comes_back_in_words_only(ana, login):
    advisor = login(Role.ADVISOR)
    stale = page(advisor, ana)
    first, second = listed(ana)[:2]
    apply_changes(ana, 0, [EntryChange(first, pinned=True)])
    db.session.commit()
    note = "Écrire au coordinateur " * 43  # 989 characters, more once escaped for the cookie
    submit(advisor, stale, second, "save", status="", note=note)
    message = message_at(page(advisor, ana), second)
    assert f"note “{note}”" in message and "<form" not in message
