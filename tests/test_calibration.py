"""The calibration report: past seasons scored without their own outcomes, set against what
happened."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from advisor.enums import Role, Tier
from advisor.extensions import db
from advisor.models import Outcome
from advisor.scoring.calibration import (
    Prediction,
    base_rate_brier,
    brier_score,
    chance_bins,
    rates_by_step2_band,
    rates_by_tier,
    tiers_in_order,
)
from advisor.services.calibration import calibration_report, season_predictions
from advisor.services.outcomes import OutcomeRow, save_season

IM_PROGRAMS = ["CAT0001", "CAT0002", "CAT0003", "CAT0006", "CAT0010", "CAT0013", "CAT0015",
               "CAT0017"]


def _prediction(chance: float, interviewed: bool, tier: Tier = Tier.TARGET) -> Prediction:
    return Prediction(2025, 1, "P", tier, 50.0, chance, interviewed)


def test_brier_score_is_zero_for_certain_right_answers_and_one_for_certain_wrong_ones() -> None:
    right = [_prediction(1.0, True), _prediction(0.0, False)]
    wrong = [_prediction(0.0, True), _prediction(1.0, False)]
    assert brier_score(right) == 0.0
    assert brier_score(wrong) == 1.0
    assert brier_score([]) is None
    # Predicting the flat 50% rate for two applications, one interviewed: 0.25.
    assert base_rate_brier(right) == pytest.approx(0.25)


def test_rates_by_tier_and_their_order() -> None:
    preds = ([_prediction(0.8, True, Tier.SAFETY)] * 3 + [_prediction(0.8, False, Tier.SAFETY)]
             + [_prediction(0.4, True, Tier.TARGET), _prediction(0.4, False, Tier.TARGET)]
             + [_prediction(0.1, False, Tier.REACH)] * 4)
    rates = {r.tier: r for r in rates_by_tier(preds)}
    assert (rates[Tier.SAFETY].rate, rates[Tier.TARGET].rate, rates[Tier.REACH].rate) == (0.75, 0.5, 0.0)
    assert rates[Tier.LONG_SHOT].rate is None
    assert tiers_in_order(list(rates.values()))
    upside_down = [_prediction(0.8, False, Tier.SAFETY), _prediction(0.1, True, Tier.REACH)]
    assert not tiers_in_order(rates_by_tier(upside_down))


def test_chance_bins_group_predictions() -> None:
    bins = chance_bins([_prediction(0.05, False), _prediction(0.07, True), _prediction(1.0, True)])
    assert [(b.low, b.applications, b.interviews) for b in bins] == [(0.05, 2, 1), (0.5, 1, 1)]


def _season(student_factory, name: str, season: int, step2: int,
            interviewed: set[str]) -> None:  # type: ignore[no-untyped-def]
    student = student_factory(name=name, step2ck={"score": step2, "attempts": 1})
    student.season_year = season
    save_season(student, season, [OutcomeRow(p, interviewed=p in interviewed)
                                  for p in IM_PROGRAMS])
    db.session.commit()


@pytest.fixture
def two_seasons(advisor_app, student_factory):  # type: ignore[no-untyped-def]
    for i in range(3):
        _season(student_factory, f"Grad 2024-{i}", 2024, 224 + i, {"CAT0001", "CAT0006"})
        _season(student_factory, f"Grad 2025-{i}", 2025, 225 + i, {"CAT0002"})


def _chances(season: int) -> dict[tuple[int, str], float]:
    return {(p.student_id, p.acgme_id): p.chance for p in season_predictions(season)[0]}


def test_a_season_s_own_outcomes_never_reach_its_predictions(two_seasons) -> None:  # type: ignore[no-untyped-def]
    before_2024, before_2025 = _chances(2024), _chances(2025)
    assert before_2024 and before_2025
    # Rewrite history for 2024: every application now interviewed.
    for outcome in db.session.scalars(select(Outcome).where(Outcome.season == 2024)):
        outcome.interviewed = True
    db.session.commit()
    # 2024 is scored from 2025's evidence only, so its predictions cannot move ...
    assert _chances(2024) == before_2024
    # ... while 2025, which does learn from 2024, sees the change.
    assert _chances(2025) != before_2025


def test_other_seasons_evidence_moves_a_season_s_predictions(two_seasons) -> None:  # type: ignore[no-untyped-def]
    # 2025's similar graduates were all interviewed at CAT0002: without them, 2024's chance
    # there falls back to the score's own.
    with_2025 = _chances(2024)
    db.session.execute(Outcome.__table__.delete().where(Outcome.season == 2025))
    db.session.commit()
    without_2025 = _chances(2024)
    at_cat2 = [key for key in with_2025 if key[1] == "CAT0002"]
    assert len(at_cat2) == 3
    assert all(with_2025[key] > without_2025[key] for key in at_cat2)


def test_report_totals_and_skips_programs_that_left_the_catalog(two_seasons) -> None:  # type: ignore[no-untyped-def]
    from advisor.models import Program

    db.session.delete(db.session.scalar(select(Program).where(Program.acgme_id == "CAT0017")))
    db.session.commit()
    report = calibration_report()
    assert len(report.predictions) == 2 * 3 * (len(IM_PROGRAMS) - 1)
    assert report.skipped == {"program no longer in the catalog": 6}
    interviews = sum(p.interviewed for p in report.predictions)
    assert interviews == 3 * 2 + 3 * 1
    assert report.brier is not None and 0.0 <= report.brier <= 1.0


def test_report_page_shows_tiers_chart_and_brier_to_admins(sign_in, two_seasons) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(Role.ADMIN).get("/admin/calibration/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="tier-rates"' in html and "<svg" in html and 'class="calibration-point"' in html
    report = calibration_report()
    assert f'id="brier">{report.brier:.3f}<' in html
    assert "<td>2024</td><td>3</td><td>24</td><td>6</td>" in html


def test_report_page_is_for_admins_only(sign_in, two_seasons) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(Role.ADVISOR).get("/admin/calibration/").status_code == 403


def test_report_page_without_outcomes_says_so(sign_in) -> None:  # type: ignore[no-untyped-def]
    html = sign_in(Role.ADMIN).get("/admin/calibration/").get_data(as_text=True)
    assert "No outcomes are recorded yet" in html


def test_the_season_under_way_is_not_reported(advisor_app, student_factory, two_seasons) -> None:  # type: ignore[no-untyped-def]
    _season(student_factory, "Applying now", 2026, 225, set())  # nobody interviewed *yet*
    assert [s.season for s in calibration_report().seasons] == [2024, 2025]


def test_rates_by_step2_band_compare_predicted_with_observed() -> None:
    preds = [replace(_prediction(0.1, True), step2ck=215), replace(_prediction(0.3, False), step2ck=218),
             replace(_prediction(0.05, False), step2ck=241), _prediction(0.02, False)]
    bands = {b.label: b for b in rates_by_step2_band(preds)}
    assert list(bands) == ["210-219", "240 or more", "not taken"]
    assert (bands["210-219"].applications, bands["210-219"].interviews) == (2, 1)
    assert bands["210-219"].rate == 0.5 and bands["210-219"].mean_chance == pytest.approx(0.2)


def test_the_cli_report_prints_predicted_and_observed_by_band(two_seasons, advisor_app) -> None:  # type: ignore[no-untyped-def]
    result = advisor_app.test_cli_runner().invoke(args=["calibration", "report"])
    assert result.exit_code == 0, result.output
    report = calibration_report()
    band = report.bands[0]
    assert band.label == "220-229"
    assert (f"{band.label:<12}{band.applications:>13}{band.interviews:>12}"
            f"{band.rate:>10.1%}{band.mean_chance:>11.1%}") in result.output
    assert f"Brier score {report.brier:.3f}" in result.output


def test_the_cli_report_without_outcomes_says_so(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["calibration", "report"])
    assert result.exit_code == 0 and "nothing to check" in result.output


def test_the_cli_fit_prints_constants_for_this_catalog(two_seasons, advisor_app) -> None:  # type: ignore[no-untyped-def]
    result = advisor_app.test_cli_runner().invoke(args=["calibration", "fit"])
    assert result.exit_code == 0, result.output
    assert "SLOPE = " in result.output and "Population.VISA_IMG" in result.output
    assert "published 8.8 interviews" in result.output  # the US-citizen matched reference
