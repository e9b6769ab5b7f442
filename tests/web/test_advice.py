"""The advice page: summary, strategies, the list and its reasons, charts, CSV, share links."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html import unescape

import pytest
from markupsafe import escape
from sqlalchemy import select

from advisor.demo.loader import load_demo
from advisor.enums import Specialty, Tier
from advisor.hooks.types import ProgramInfo
from advisor.extensions import db
from advisor.hooks import hookimpl
from advisor.plugin_registry import get_registry
from advisor.models import Program, ShareLink, Student
from advisor.models.catalog_state import bump_catalog_revision
from advisor.models.columns import utcnow
from advisor.profile_schema import parse_profile
from advisor.scoring.chances import TIER_BANDS, chance_text
from advisor.scoring.evidence import EVIDENCE_SOURCE
from advisor.services import students as service
from advisor.services.advice_export import HEADER, visa_policy
from advisor.services.programs import programs_by_id
from advisor.web.advice_page import assess_student, plugin_names

ANA = "Demo: Ana R."  # Los Angeles and Southern California strategies, Step 2 CK 221
KOFI = "Demo: Kofi A."  # no Step 2 CK yet
DANA = "Demo: Dana P."  # the Pacific Coast strategy, which gives an applicant tier
HANA = "Demo: Hana K."  # ECFMG in progress, OET not passed, spoken English and a gap to explain


@pytest.fixture
def demo(app):  # type: ignore[no-untyped-def]
    load_demo(300)
    return {s.name: s.id for s in db.session.scalars(select(Student))}


def student_named(name: str) -> Student:
    return db.session.scalar(select(Student).where(Student.name == name))


def text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def section(html: str, element_id: str) -> str:
    """The HTML from the element with this id to the next top-level section."""
    start = html.index(f'id="{element_id}"')
    end = html.find('<section id="', start + 1)
    return html[start:end if end > 0 else len(html)]


def html_text(html: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def assert_no_inline_code(html: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


# ------------------------------------------------------------------------------ the page

def test_the_page_shows_the_summary_tier_strategies_and_their_advice(demo, viewer_client):
    html = text(viewer_client.get(f"/students/{demo[ANA]}/advice"))
    assessment, _ = assess_student(student_named(ANA))
    assert assessment.strategies == ["los_angeles", "socal"]
    summary = section(html, "summary")
    # Neither Los Angeles nor Southern California gives an applicant tier, and the Pacific
    # Coast strategy, which would, is not one of Ana's.
    assert assessment.applicant.tier is None and "applicant-tier" not in summary
    assert "Los Angeles" in summary and "Southern California" in summary
    # Flags read as words, not codes.
    assert "Step 2 CK" in summary and "step2ck" not in summary
    # One tab and one section per active strategy, each with its own advice.
    assert html.count('data-tab="strategy-') == 2
    for slug in assessment.strategies:
        panel = section(html, f"strategy-{slug}")
        titles = [s.title for source, s in assessment.advice if source == slug]
        assert titles, slug
        for title in titles:
            assert f"<h4>{escape(title)}</h4>" in panel
    # Advice bodies are Markdown turned into HTML.
    assert "<strong>Step 2 CK.</strong>" in section(html, "strategy-los_angeles")
    assert_no_inline_code(html)


def test_a_tier_is_shown_with_its_scale_and_meaning(demo, viewer_client):
    summary = section(text(viewer_client.get(f"/students/{demo[DANA]}/advice")), "summary")
    applicant = assess_student(student_named(DANA))[0].applicant
    assert applicant.tier_source == "pacific_coast" and applicant.tier_scale
    assert (f'<strong class="applicant-tier">{escape(applicant.tier_scale)} {applicant.tier}'
            f'</strong>: {escape(applicant.tier_meaning)}') in summary


def test_the_verdict_opens_the_page_with_expected_interviews_and_remedies(demo, viewer_client):
    html = text(viewer_client.get(f"/students/{demo[ANA]}/advice"))
    plan = assess_student(student_named(ANA))[0].plan
    verdict = section(html, "verdict")
    assert html.index('id="verdict"') < html.index('id="summary"')
    for line in plan.headline:
        assert str(escape(line)) in verdict
    # What else would help is said exactly when the list misses its goal.
    assert bool(plan.remedies) is (not plan.goal_met)
    assert all(str(escape(r)) in verdict for r in plan.remedies)
    assert f"{plan.expected_interviews:.1f}" in section(html, "list")
    # A list that needs no remedy still says what to do first.
    assert ("First step: " in verdict) is (not plan.remedies)


def test_the_verdict_names_the_biggest_risk_of_a_profile_with_no_us_experience(
        demo, viewer_client):
    student = service.create_student(parse_profile({
        "name": "No USCE applicant", "citizenship": "non_us", "visa_needed": "none",
        "step1": {"result": "pass"}, "step2ck": {"score": 226}, "graduation_year": 2024,
        "specialty": "internal_medicine", "clinical_experience": []}))
    db.session.commit()
    verdict = html_text(section(text(viewer_client.get(f"/students/{student.id}/advice")),
                                "verdict"))
    assert "Biggest risk: US clinical experience, which lowers the score at " in verdict


def test_a_target_specialty_with_no_realistic_program_is_said_at_the_top(demo, viewer_client):
    # The fault as reported: a dermatology applicant with internal medicine as backup got a
    # list of internal medicine alone, and nothing on the page said so.
    student = service.create_student(parse_profile({
        "name": "Derm applicant", "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass"}, "step2ck": {"score": 225}, "graduation_year": 2024,
        "specialty": "dermatology", "backup_specialty": "internal_medicine"}))
    db.session.commit()
    verdict = html_text(section(text(viewer_client.get(f"/students/{student.id}/advice")),
                                "verdict"))
    plan = assess_student(student)[0].plan
    dermatology = sum(1 for e in plan.entries if e.program.specialty.value == "dermatology")
    assert dermatology < len(plan.entries) / 2
    assert re.search(r"Of the \d+ dermatology programs in the catalog, none is realistic for "
                     r"this profile \(a safety, target or reach\)", verdict), verdict
    assert (f"The list is built mostly from the backup specialty, internal medicine: "
            f"{len(plan.entries) - dermatology} of its {len(plan.entries)} programs.") in verdict
    # Said before the expected interviews, which alone would read as a dermatology list.
    assert verdict.index("dermatology programs") < verdict.index("can be expected to bring")


def test_recorded_certification_english_and_gaps_are_named_and_blanks_never(demo,
                                                                          viewer_client):
    hana = text(viewer_client.get(f"/students/{demo[HANA]}/advice"))
    summary, notes = html_text(section(hana, "summary")), html_text(section(hana, "list"))
    assert "ECFMG certification in progress" in summary
    assert "OET Medicine not passed yet" in summary
    assert "a 14-month gap in training (not explained yet)" in summary
    assert "ECFMG certification is recorded as in progress" in notes
    assert "rank order list deadline" in notes
    assert "Still to pass, as the profile shows: OET Medicine." in notes
    assert "A gap of 14 months out of clinical training or practice is on record, not " \
           "explained yet" in notes
    assert "Spoken English is recorded as needing work" in notes
    # Kofi's profile records none of these: nothing is said, and nothing read as "no".
    kofi = html_text(text(viewer_client.get(f"/students/{demo[KOFI]}/advice")))
    for unsaid in ("ECFMG", "OET", "gap in training", "out of clinical training",
                   "Spoken English"):
        assert unsaid not in kofi, unsaid


def test_the_list_is_grouped_by_tier_with_scores_and_reasons_with_sources(demo, advisor_client):
    html = text(advisor_client.get(f"/students/{demo[ANA]}/advice"))
    assessment, _ = assess_student(student_named(ANA))
    entries = assessment.plan.entries
    # The planner tops up a thin list with long shots; those get their own group.
    assert entries and any(e.tier is Tier.LONG_SHOT for e in entries)
    for tier in (Tier.SAFETY, Tier.TARGET, Tier.REACH, Tier.LONG_SHOT):
        group = section(html, f"tier-{tier.value}")
        mine = [e for e in entries if e.tier is tier]
        assert f"{len(mine)} {tier.label.lower()} program" in group
        for e in mine:
            row = group[group.index(str(escape(e.program.name))):]
            row = row[:row.index("</tr>")]
            assert f'<td class="num">{e.score:.1f}<span class="muted"> / 100</span></td>' in row
            assert '<td class="num chance">' in row
            assert f"<summary>{len(e.reasons)} reason" in row
            for reason in e.reasons:
                assert str(escape(reason.text)) in row
    reach = section(html, "tier-reach")
    assert '<span class="delta down">-' in reach and '<span class="source">(General)</span>' in reach


def test_reasons_from_a_strategy_name_its_region(demo, advisor_client):
    # On the small demo catalog not every list reaches its strategy's region: take the
    # students whose lists do (the demo alumni's evidence has its own label).
    names, _ = plugin_names()
    checked = 0
    for name, student_id in demo.items():
        entries = assess_student(student_named(name))[0].plan.entries
        regional = {r.source for e in entries for r in e.reasons
                    if r.source not in ("core", EVIDENCE_SOURCE)}
        if not regional:
            continue
        html = text(advisor_client.get(f"/students/{student_id}/advice"))
        for source in regional:
            assert f'<span class="source">({escape(names[source])})</span>' in html
        checked += 1
    assert checked >= 2


def test_ineligible_programs_are_collapsed_with_the_requirement_they_fail(demo, viewer_client):
    html = text(viewer_client.get(f"/students/{demo[ANA]}/advice"))
    assessment, _ = assess_student(student_named(ANA))
    ruled_out = [p for p in assessment.programs if p.tier is Tier.INELIGIBLE]
    assert ruled_out
    part = section(html, "ruled-out")
    assert re.search(r'<details class="card ineligible">\s*<summary>', part)  # not open
    assert f"{len(ruled_out)} ineligible program" in part
    for p in ruled_out:
        why = [r.text for r in p.reasons if r.tier_cap is Tier.INELIGIBLE]
        assert why
        for reason in why:
            assert str(escape(reason)) in part
    # The visa this student needs is one of the requirements programs fail.
    assert "sponsors no visa the student can use" in part


def test_shortfalls_and_the_plan_are_shown_before_the_list(demo, viewer_client):
    html = text(viewer_client.get(f"/students/{demo[ANA]}/advice"))
    plan = assess_student(student_named(ANA))[0].plan
    assert plan.shortfalls
    shortfalls = html[html.index('id="shortfalls-heading"'):html.index("</ul>", html.index('id="shortfalls-heading"'))]
    for shortfall in plan.shortfalls:
        assert str(escape(shortfall)) in shortfalls
    assert html.index("shortfalls-heading") < html.index('id="tier-safety"')
    assert f"Apply to <strong>{plan.total[0]}–{plan.total[1]}</strong> programs" in html
    for note in plan.notes:
        assert str(escape(note)) in html


def test_both_charts_are_svg_with_title_description_and_a_data_table(demo, viewer_client):
    html = text(viewer_client.get(f"/students/{demo[ANA]}/advice"))
    charts = section(html, "charts")
    svgs = re.findall(r"<svg.*?</svg>", charts, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        root = ET.fromstring(svg)
        ns = "{http://www.w3.org/2000/svg}"
        assert root.find(f"{ns}title").text and root.find(f"{ns}desc").text
    assert "The list by tier and by region" in svgs[0]
    assert "Your score: 221" in svgs[1]
    assert charts.count('<table class="chart-data">') == 2
    assert "Outside any region" in charts and "(your score)" in charts


def test_a_student_without_step2ck_gets_a_chart_without_a_score_line(demo, viewer_client):
    html = text(viewer_client.get(f"/students/{demo[KOFI]}/advice"))
    assert "No Step 2 CK score on record" in html
    assert "student-score" not in html
    assert "Not on record" in section(html, "summary")


def test_user_text_is_escaped(demo, viewer_client):
    student = student_named(ANA)
    student.name = '<script>alert("x")</script>'
    db.session.commit()
    html = text(viewer_client.get(f"/students/{demo[ANA]}/advice"))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html


def test_soft_deleted_and_missing_students_are_not_found(demo, viewer_client):
    student_named(ANA).deleted_at = utcnow()
    db.session.commit()
    assert viewer_client.get(f"/students/{demo[ANA]}/advice").status_code == 404
    assert viewer_client.get(f"/students/{demo[ANA]}/advice.csv").status_code == 404
    assert viewer_client.get("/students/99999/advice").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(demo, client):
    response = client.get(f"/students/{demo[ANA]}/advice")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get(f"/students/{demo[ANA]}/advice.csv").status_code == 302


def test_a_profile_that_no_longer_validates_gets_a_clear_page_not_an_error(demo, viewer_client):
    student = student_named(ANA)
    student.step2ck_score = 999
    db.session.commit()
    html = text(viewer_client.get(f"/students/{demo[ANA]}/advice"))
    assert "cannot be assessed" in html and "step2ck.score" in html


def test_a_target_region_without_a_plugin_is_named_and_left_out(demo, viewer_client):
    student = student_named(ANA)
    student.target_regions = ["atlantis", "socal"]
    db.session.commit()
    html = text(viewer_client.get(f"/students/{demo[ANA]}/advice"))
    assert "Not assessed for atlantis" in html
    assert 'id="strategy-socal"' in html and 'id="strategy-los_angeles"' not in html


# ------------------------------------------------------------------------ plugin warnings

class Broken:
    @hookimpl
    def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
        raise RuntimeError("broken on purpose")


def test_a_failing_plugin_is_shown_to_admins_only_and_the_page_still_renders(
        app, demo, admin_client, advisor_client):
    registry = get_registry(app)
    registry.register(Broken(), "broken")
    try:
        admin_html = text(admin_client.get(f"/students/{demo[ANA]}/advice"))
        advisor_html = text(advisor_client.get(f"/students/{demo[ANA]}/advice"))
    finally:
        registry.unregister("broken")
    assert "Some plugins failed" in admin_html and "broken on purpose" in admin_html
    assert "Some plugins failed" not in advisor_html and "broken on purpose" not in advisor_html
    for html in (admin_html, advisor_html):
        assert 'id="tier-target"' in html and "<svg" in html


# ------------------------------------------------------------------------------- CSV

def read_csv(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """The rows as a spreadsheet shows them: UTF-8 with its byte-order mark, by header."""
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"), newline="")))


def test_csv_export_has_one_row_per_listed_program_in_the_pages_words(demo, viewer_client):
    response = viewer_client.get(f"/students/{demo[ANA]}/advice.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = read_csv(response)
    entries = assess_student(student_named(ANA))[0].plan.entries
    assert len(rows) == len(entries) > 0
    assert tuple(rows[0]) == HEADER
    for row, e in zip(rows, entries):
        p = e.program
        assert row["Program"] == p.name and row["ACGME ID"] == p.acgme_id
        assert row["Institution"] == (p.institution or "")
        assert (row["City"], row["State"]) == (p.city or "", p.state)
        assert row["Specialty"] == p.specialty.label
        assert row["Tier"] == e.tier.label
        assert row["Website"] == (p.website or "")
        assert row["Interview chance"] == chance_text(e.chance)
    assert {row["Tier"] for row in rows} <= {"Safety", "Target", "Reach", "Long shot"}
    assert any(row["Website"].startswith("http") for row in rows)


VISA_WORDS = {(True, True): "Sponsors J-1 and H-1B", (True, False): "Sponsors J-1 only",
              (False, True): "Sponsors H-1B only",
              (False, False): "Sponsors neither J-1 nor H-1B", (None, None): "Not stated",
              (True, None): "Sponsors J-1; H-1B not stated",
              (False, None): "Does not sponsor J-1; H-1B not stated",
              (None, True): "Sponsors H-1B; J-1 not stated",
              (None, False): "Does not sponsor H-1B; J-1 not stated"}


@pytest.mark.parametrize(("stated", "words"), VISA_WORDS.items())
def test_visa_sponsorship_reads_as_words(stated, words):
    program = ProgramInfo(acgme_id="1", name="P", specialty=Specialty.INTERNAL_MEDICINE,
                          state="CA", visa_j1=stated[0], visa_h1b=stated[1])
    assert visa_policy(program) == words


def test_csv_export_states_each_programs_visa_sponsorship_in_words(demo, viewer_client):
    rows = read_csv(viewer_client.get(f"/students/{demo[ANA]}/advice.csv"))
    programs = programs_by_id(row["ACGME ID"] for row in rows)
    for row in rows:
        p = programs[row["ACGME ID"]]
        assert row["Visa sponsorship"] == VISA_WORDS[p.visa_j1, p.visa_h1b]
    assert len({row["Visa sponsorship"] for row in rows}) > 1


def test_csv_export_carries_no_internal_keys_and_nothing_of_the_offices_graduates(
        demo, viewer_client):
    entries = assess_student(student_named(ANA))[0].plan.entries
    # The staff page cites the office's graduates at some of these programs; the CSV never.
    assert any(r.source == EVIDENCE_SOURCE for e in entries for r in e.reasons)
    body = viewer_client.get(f"/students/{demo[ANA]}/advice.csv").get_data().decode("utf-8-sig")
    for internal in ("core", "los_angeles", "socal", EVIDENCE_SOURCE, "office evidence",
                     "long_shot", "internal_medicine", "graduate", "alumni", "interviewed",
                     "matched"):
        assert internal not in body.lower(), internal
    assert "score" not in body.lower().split("\n")[0]


def test_csv_export_guards_cells_a_spreadsheet_would_run(demo, viewer_client):
    entries = assess_student(student_named(ANA))[0].plan.entries
    program = db.session.scalar(select(Program).where(Program.acgme_id == entries[0].program.acgme_id))
    program.name = '=HYPERLINK("http://evil.test","click")'
    program.city = "+cmd"
    program.website = "@SUM(1)"
    bump_catalog_revision(db.session)
    db.session.commit()
    rows = read_csv(viewer_client.get(f"/students/{demo[ANA]}/advice.csv"))
    row = next(r for r in rows if r["ACGME ID"] == program.acgme_id)
    assert row["Program"] == "'" + program.name
    assert row["City"] == "'+cmd"
    assert row["Website"] == "'@SUM(1)"
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r.values())


# ------------------------------------------------------------------------- share links

def create_share(client, student_id: int, days: int = 30) -> str:  # type: ignore[no-untyped-def]
    html = text(client.post(f"/students/{student_id}/share", data={"days": str(days)}))
    assert "Share link created" in html  # the confirmation
    match = re.search(r'data-copy-text>(http://localhost/shared/([A-Za-z0-9_-]+))</textarea>', html)
    assert match, html
    return match.group(2)


def test_an_advisor_creates_a_link_shown_once_and_stored_only_as_a_hash(demo, advisor_client):
    secret = create_share(advisor_client, demo[ANA], days=7)
    link = db.session.scalar(select(ShareLink))
    assert link.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    row = db.session.execute(select(ShareLink.__table__)).one()
    assert not any(secret in str(value) for value in row)
    assert timedelta(days=6, hours=23) < link.expires_at - link.created_at <= timedelta(days=7)
    # Back on the advice page the link is listed, but its address is not shown again.
    page = text(advisor_client.get(f"/students/{demo[ANA]}/advice"))
    assert secret not in page
    shares = page[page.index('id="share"'):]
    assert "Active" in shares and "Never" in shares and "Revoke" in shares


def test_the_default_lifetime_is_thirty_days(demo, advisor_client):
    page = text(advisor_client.get(f"/students/{demo[ANA]}/advice"))
    assert '<option selected value="30">30 days</option>' in page
    advisor_client.post(f"/students/{demo[ANA]}/share", data={})
    assert db.session.scalar(select(ShareLink)) is None  # nothing made without a choice
    create_share(advisor_client, demo[ANA])
    link = db.session.scalar(select(ShareLink))
    assert timedelta(days=29) < link.expires_at - link.created_at <= timedelta(days=30)


def test_a_viewer_cannot_create_or_revoke_links(demo, viewer_client, advisor_client):
    page = text(viewer_client.get(f"/students/{demo[ANA]}/advice"))
    assert 'id="share"' not in page
    assert viewer_client.post(f"/students/{demo[ANA]}/share", data={"days": "30"}).status_code == 403
    assert db.session.scalar(select(ShareLink)) is None
    create_share(advisor_client, demo[ANA])
    link_id = db.session.scalar(select(ShareLink.id))
    assert viewer_client.post(f"/students/{demo[ANA]}/share/{link_id}/revoke").status_code == 403
    assert db.session.scalar(select(ShareLink)).revoked_at is None


def test_the_link_opens_signed_out_as_a_read_only_page(app, demo, advisor_client):
    secret = create_share(advisor_client, demo[ANA])
    student_page = app.test_client()
    response = student_page.get(f"/shared/{secret}")
    html = text(response)
    assert "Application advice for Demo: Ana R." in html
    assert 'id="tier-target"' in html and "<svg" in html and 'id="strategy-socal"' in html
    # No staff navigation, actions, forms or other students.
    for staff_only in ("/students/", "Sign out", "<form", "Download the list", "Share with",
                       "Demo: Ben T.", "Some plugins failed"):
        assert staff_only not in html, staff_only
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert_no_inline_code(html)
    assert db.session.scalar(select(ShareLink)).last_used_at is not None


def test_revoked_expired_and_unknown_links_all_look_the_same(app, demo, advisor_client):
    revoked = create_share(advisor_client, demo[ANA])
    link_id = db.session.scalar(select(ShareLink.id))
    response = advisor_client.post(f"/students/{demo[ANA]}/share/{link_id}/revoke")
    assert response.status_code == 302
    assert "revoked" in text(advisor_client.get(response.headers["Location"]))  # flashed
    expired = create_share(advisor_client, demo[ANA])
    link = db.session.scalar(select(ShareLink).where(ShareLink.revoked_at.is_(None)))
    link.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    student_page = app.test_client()
    pages = [student_page.get(f"/shared/{secret}") for secret in (revoked, expired, "nope" * 11)]
    assert [p.status_code for p in pages] == [404, 404, 404]
    bodies = {p.get_data(as_text=True) for p in pages}
    assert len(bodies) == 1
    assert "does not open an advice page" in bodies.pop()


def test_a_deleted_students_link_stops_working(app, demo, advisor_client):
    secret = create_share(advisor_client, demo[ANA])
    student_named(ANA).deleted_at = utcnow()
    db.session.commit()
    assert app.test_client().get(f"/shared/{secret}").status_code == 404


# ---------------------------------------------------------------------- chance format

@pytest.mark.parametrize(("chance", "shown"), [
    (0.146, "14%"), (0.15, "15%"), (0.29, "29%"), (0.1, "10%"), (0.0999, "9.9%"),
    (0.0699, "6.9%"), (0.07, "7.0%"), (0.045, "4.5%"), (0.0299, "2.9%"), (0.01, "1.0%"),
    (0.005, "under 1%"), (0.0, "none")])
def test_a_chance_is_rounded_down_so_it_never_reads_as_the_tier_above(chance, shown):  # type: ignore[no-untyped-def]
    assert chance_text(chance) == shown


CHANCE_FORMAT = re.compile(r"(\d{2,3}%|\d\.\d%|under 1%)")


def test_the_page_the_printout_and_the_csv_write_each_chance_the_same_way(demo, viewer_client):
    page = text(viewer_client.get(f"/students/{demo[ANA]}/advice"))
    printout = text(viewer_client.get(f"/students/{demo[ANA]}/advice/print"))
    csv_rows = read_csv(viewer_client.get(f"/students/{demo[ANA]}/advice.csv"))
    entries = assess_student(student_named(ANA))[0].plan.entries
    on_page = [html_text(c) for c in re.findall(r'<td class="num chance">(.*?)</td>', page)]
    print_list = re.search(r'<table class="print-list">(.*?)</table>', printout, re.S).group(1)
    in_print = re.findall(r'<td class="num chance">([^<]*)</td>', print_list)
    in_csv = [row["Interview chance"] for row in csv_rows]
    assert len(on_page) == len(in_print) == len(in_csv) == len(entries) > 0
    assert sorted(on_page) == sorted(in_print) == sorted(in_csv)
    assert all(CHANCE_FORMAT.fullmatch(c) for c in in_csv), in_csv
    # No chance reads as reaching the band above its tier: a target never shows "15%".
    floors = dict(TIER_BANDS)
    above = {Tier.TARGET: floors[Tier.SAFETY], Tier.REACH: floors[Tier.TARGET],
             Tier.LONG_SHOT: floors[Tier.REACH]}
    for e, shown in zip(entries, in_csv):
        if e.tier in above and shown != "under 1%":
            assert float(shown[:-1]) < above[e.tier] * 100, (e.tier, e.chance, shown)


# ------------------------------------------------------------------------- print view

def print_rows(html: str) -> list[str]:
    """The program lines of the printout, as text."""
    body = re.search(r'<table class="print-list">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [html_text(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_print_view_is_the_summary_and_one_line_per_program_without_reasons(
        demo, viewer_client):
    advice = text(viewer_client.get(f"/students/{demo[ANA]}/advice"))
    assert f'href="/students/{demo[ANA]}/advice/print"' in advice
    html = text(viewer_client.get(f"/students/{demo[ANA]}/advice/print"))
    plan = assess_student(student_named(ANA))[0].plan
    assert "Application list for Demo: Ana R." in html
    assert all(escape(line) in html for line in plan.headline)
    assert all(escape(s) in html for s in plan.shortfalls)
    assert f"this list holds <strong>{len(plan.entries)}</strong>" in html
    assert "<svg" in html  # the plan chart
    rows = print_rows(html)
    assert len(rows) == len(plan.entries)
    numbered = {e.program.name for e in plan.entries}
    assert all(any(name in row for row in rows) for name in numbered)
    assert rows[0].startswith("1 ") and rows[-1].startswith(f"{len(plan.entries)} ")
    assert "reasons-details" not in html and 'class="reasons"' not in html
    assert "Sponsors" in " ".join(rows) and "%" in " ".join(rows)
    assert_no_inline_code(html)


def test_the_shared_page_links_to_its_own_printout_without_staff_parts(app, demo,
                                                                      advisor_client):
    secret = create_share(advisor_client, demo[ANA])
    student_page = app.test_client()
    shared = text(student_page.get(f"/shared/{secret}"))
    assert 'href="?view=print"' in shared
    response = student_page.get(f"/shared/{secret}?view=print")
    html = text(response)
    assert len(print_rows(html)) == len(assess_student(student_named(ANA))[0].plan.entries)
    for staff_only in ("/students/", "Sign out", "<form"):
        assert staff_only not in html, staff_only
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert app.test_client().get("/shared/nope-nope-nope-nope?view=print").status_code == 404
