"""The office's season settings (ERAS signals, fees, the opening date) and what the advice
list shows from them: signal markers and the fees."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import select

from advisor.demo.loader import load_demo
from advisor.enums import Role, Specialty, Tier
from advisor.extensions import db
from advisor.models import Student, get_office_settings
from advisor.scoring.signals import PUBLISHED_SIGNALS, SignalAllowance, choose_signals
from advisor.services.season_costs import signal_specialties
from advisor.web.advice_page import assess_student, money

ANA = "Demo: Ana R."


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def form_data(**changes: str) -> dict[str, str]:
    """The settings form as the page fills it with the published figures, with `changes`."""
    data = {"prefer_regions": "y", "token_fee": "165", "eras_opens_on": "",
            "fee_up_to_0": "30", "fee_price_0": "11", "fee_up_to_1": "", "fee_price_1": "30",
            "fee_up_to_2": "", "fee_price_2": "", "fee_up_to_3": "", "fee_price_3": ""}
    for s in signal_specialties():
        allowance = PUBLISHED_SIGNALS.get(s, SignalAllowance(0))
        data[f"gold_{s.value}"] = str(allowance.gold)
        data[f"silver_{s.value}"] = str(allowance.silver)
    data.update(changes)
    return data


@pytest.fixture
def ana(app):  # type: ignore[no-untyped-def]
    load_demo(300)
    return db.session.scalar(select(Student).where(Student.name == ANA))


def test_the_page_shows_each_published_figure_with_its_publisher_and_year(admin_client):
    page = text(admin_client.get("/admin/season-settings").get_data(as_text=True))
    assert "3 gold, 12 silver (AAMC, 2025)" in page
    assert "None: not in the AAMC's 2025 list" in page  # e.g. obstetrics and gynecology
    assert "whether it shares general surgery's signals is not verified" in page
    assert "programs up to the 30th $11 each; every further program $30" in page
    assert "(Fees for 2026 ERAS Season (residency application fees), AAMC, 2026)" in page
    assert "Published: $165 (ERAS Support Services: the residency token fee, ECFMG, 2024" in page
    # the test app's season is 2026, whose opening date is published
    assert ("Match 2026 season (the current one): ERAS opens on 2025-09-03, the published date "
            "(ERAS timeline for the 2026 application season, AAMC, 2025)." in page)
    assert "Season settings" in text(admin_client.get("/admin/").get_data(as_text=True))


def test_saved_signals_and_fees_change_the_advice_list(ana, admin_client):
    before = admin_client.get(f"/students/{ana.id}/advice").get_data(as_text=True)
    # Ana's list has internal medicine targets and reaches, and family medicine as a backup.
    assert before.count('class="badge signal') > 1
    assert "ERAS fees for this list" in text(before)

    response = admin_client.post("/admin/season-settings", data=form_data(**{
        "gold_internal_medicine": "1", "silver_internal_medicine": "0",
        "gold_family_medicine": "0", "fee_up_to_0": "10", "fee_price_0": "20",
        "fee_price_1": "40.50", "token_fee": ""}))
    assert response.status_code == 302

    assert get_office_settings().signal_allowances == {
        "internal_medicine": [1, 0], "family_medicine": [0, 0]}
    after = admin_client.get(f"/students/{ana.id}/advice").get_data(as_text=True)
    # one internal medicine program, a target or a reach, has the only signal
    assert after.count('class="badge signal') == 1
    assessment, _ = assess_student(db.session.get(Student, ana.id))
    counts = Counter(e.program.specialty for e in assessment.plan.entries)
    expected = sum(Decimal(20) * min(n, 10) + Decimal("40.50") * max(0, n - 10)
                   for n in counts.values())
    costs = text(after[after.index('id="season-costs"'):])
    assert f"ERAS fees for this list: {money(expected)}" in costs
    assert "ERAS token" not in costs
    marked = after.index('class="badge signal')
    group = after.rfind('class="tier-group" id="', 0, marked)
    assert after[group:group + 40].split('"')[3] in (
        f"tier-{Tier.TARGET.value}", f"tier-{Tier.REACH.value}")
    assert "Internal medicine: 1 of the 1 signal allowed is suggested on this list." in costs


def test_the_signals_summary_says_how_many_are_suggested_and_why_the_rest_are_unused(
        ana, admin_client):
    html = admin_client.get(f"/students/{ana.id}/advice").get_data(as_text=True)
    summary = text(html[html.index('id="signals-summary"'):html.index('id="fees-total"')])
    assert "These are suggestions: the student chooses and sends signals in ERAS." in summary
    assessment, _ = assess_student(db.session.get(Student, ana.id))
    pool = next(p for p in choose_signals(assessment.plan, PUBLISHED_SIGNALS).pools
                if p.specialty is Specialty.INTERNAL_MEDICINE)
    assert 0 < pool.used < 15  # Ana's list has too few realistic internal medicine programs
    assert (f"Internal medicine: {pool.used} of the 15 signals allowed are suggested on this "
            f"list ({min(pool.used, 3)} of 3 gold, {max(0, pool.used - 3)} of 12 silver). "
            f"{15 - pool.used} are left unused: too few realistic targets. The list has "
            f"{pool.realistic} target or reach program") in summary
    assert "(3 gold, 12 silver)" not in summary


def test_each_fee_row_names_its_price_band(ana, admin_client):
    # A first step of 5 programs, so Ana's internal medicine programs take two rows.
    assert admin_client.post("/admin/season-settings",
                             data=form_data(fee_up_to_0="5")).status_code == 302
    page = admin_client.get(f"/students/{ana.id}/advice").get_data(as_text=True)
    table = page[page.index('<table class="fees">'):page.index("</table>", page.index(
        '<table class="fees">'))]
    rows = [text(h) for h in re.findall(r'<th scope="row">(.*?)</th>', table)]
    assessment, _ = assess_student(db.session.get(Student, ana.id))
    im = sum(1 for e in assessment.plan.entries if e.program.specialty is Specialty.INTERNAL_MEDICINE)
    assert im > 5
    assert "Internal medicine, programs 1–5 at $11" in rows
    assert "Internal medicine, programs 6 and more at $30" in rows
    assert len(rows) == len(set(rows))  # no two rows read the same


def test_a_list_far_below_its_goal_says_most_of_its_fees_buy_long_shots(ana, admin_client):
    html = admin_client.get(f"/students/{ana.id}/advice").get_data(as_text=True)
    plan = assess_student(db.session.get(Student, ana.id))[0].plan
    assert plan.expected_interviews < plan.interview_goal / 2  # Ana's list is far from it
    long_shots = [e for e in plan.entries if e.tier is Tier.LONG_SHOT]
    kept = Counter(e.program.specialty for e in plan.entries if e.tier is not Tier.LONG_SHOT)
    every = Counter(e.program.specialty for e in plan.entries)

    def fees(counts: Counter) -> Decimal:
        return sum((Decimal(11) * min(n, 30) + Decimal(30) * max(0, n - 30)
                    for n in counts.values()), Decimal(0))

    box = text(html[html.index('id="season-costs"'):])
    assert (f"Most of this money buys long shots: {len(long_shots)} of the "
            f"{len(plan.entries)} programs are long shots, under 3% chance each, and "
            f"{money(fees(every) - fees(kept))} of the {money(fees(every) + 165)} pays for them"
            in box)
    assert (f"The list expects {plan.expected_interviews:.1f} interview invitations against a "
            f"goal of {plan.interview_goal:g}." in box)


def test_a_list_with_no_signals_set_says_so(ana, admin_client):
    zeros = {f"gold_{s.value}": "0" for s in signal_specialties()}
    zeros.update({f"silver_{s.value}": "0" for s in signal_specialties()})
    assert admin_client.post("/admin/season-settings",
                             data=form_data(**zeros)).status_code == 302
    page = admin_client.get(f"/students/{ana.id}/advice").get_data(as_text=True)
    assert 'class="badge signal' not in page
    assert "the office sets no signals for its specialties" in text(page)


@pytest.mark.parametrize("changes, message", [
    ({"gold_internal_medicine": "x"}, "Internal medicine: gold signals, or all its signals when "
                                      "it has one kind: Enter a whole number from 0 to 60."),
    ({"silver_pediatrics": "61"}, "Pediatrics: silver signals: Enter a whole number from 0 "
                                  "to 60."),
    ({"fee_price_0": "eleven"}, "Enter an amount in dollars from 0 to 1,000, such as 11"),
    ({"fee_up_to_1": "20", "fee_price_2": "40"},
     "Fee step 2: up to this many programs of a specialty (blank: every further program): "
     "Each count must be larger than the one before it."),
    ({"fee_up_to_1": "40"}, "Fee step 2: up to this many programs of a specialty (blank: every "
                            "further program): The last price must cover every further program"),
    ({"fee_price_0": "", "fee_up_to_0": "", "fee_price_1": ""}, "Fee step 1: price per program: "
                                                                "The schedule needs at least one"),
    ({"fee_up_to_2": "50"}, "Enter the price for these programs."),
    ({"token_fee": "-5"}, "ERAS token fee for IMGs, once a season (blank: none): Enter an "
                          "amount in dollars"),
    ({"eras_opens_on": "3 Sept"}, "The day ERAS opens to residency applications"),
])
def test_bad_settings_are_refused_naming_the_field_and_nothing_is_stored(
        admin_client, changes, message):  # type: ignore[no-untyped-def]
    response = admin_client.post("/admin/season-settings",
                                 data=form_data(gold_pediatrics="9", **changes))
    assert response.status_code == 400
    assert message in text(response.get_data(as_text=True)).replace(" :", ":")
    settings = get_office_settings()
    assert settings.signal_allowances is None and settings.eras_fees is None


def test_an_office_date_for_the_season_is_kept_and_shown(admin_client):
    assert admin_client.post("/admin/season-settings", data=form_data(
        eras_opens_on="2025-09-10")).status_code == 302
    assert str(get_office_settings().eras_opens_on) == "2025-09-10"
    page = admin_client.get("/admin/season-settings").get_data(as_text=True)
    assert 'value="2025-09-10"' in page
    assert ("Match 2026 season (the current one): ERAS opens on 2025-09-10, the office's date."
            in text(page))
    assert "the office's date below replaces it" in text(page)


def test_a_date_in_the_seasons_own_year_is_labelled_with_the_next_season_it_serves(
        admin_client):
    # An advisor types the 2026 season's date as 2026-09-02: it serves the 2027 match.
    assert admin_client.post("/admin/season-settings", data=form_data(
        eras_opens_on="2026-09-02")).status_code == 302
    page = text(admin_client.get("/admin/season-settings").get_data(as_text=True))
    assert ("Match 2027 season: ERAS opens on 2026-09-02, the office's date. It does not serve "
            "the current Match 2026 season, which uses the published date." in page)


def test_only_admins_may_open_or_change_the_season_settings(login):  # type: ignore[no-untyped-def]
    for role in (Role.ADVISOR, Role.VIEWER):
        client = login(role)
        assert client.get("/admin/season-settings").status_code == 403
        assert client.post("/admin/season-settings",
                           data=form_data(gold_internal_medicine="1")).status_code == 403
    assert get_office_settings().signal_allowances is None
    assert Specialty.INTERNAL_MEDICINE in signal_specialties()
