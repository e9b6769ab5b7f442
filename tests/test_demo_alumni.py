"""Demo alumni: the generated past seasons, whether their outcomes reproduce the published
figures, and loading them."""

from __future__ import annotations

import ast
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from advisor.demo import aggregates
from advisor.demo import match_model as model
from advisor.demo.alumni import DEFAULT_ALUMNI_SEED, Alumnus, generate_alumni, pass_mark
from advisor.demo.catalog import generate_catalog
from advisor.demo.loader import load_demo
from advisor.demo.match_model import StudentFactors, Typical, visa_fit
from advisor.demo.students import NAME_PREFIX, demo_students
from advisor.enums import Citizenship, Specialty, VisaNeed
from advisor.extensions import db
from advisor.models import Outcome, Program, Student
from advisor.profile_schema import ProfileError, dump_profile, parse_profile
from advisor.services.students import profile_from_student

Row = dict[str, Any]
SEASON = 2026  # the test app's SEASON_YEAR
REGIONS = {"los_angeles", "socal", "bay_area", "pacific_coast", "nationwide"}
POOLED_SEEDS = 30  # ~2,400 alumni: enough to check the model's rates to a few points
# One application as the checks read it.
App = tuple[StudentFactors, Any, Row]

# Published figures (docs/sources.md), set down here on their own so a test fails if the
# generator's or the report's copies drift.
MATCHED_YIELD = 100 * 8 / 60     # NRMP Applicant Survey, IMGs in IM: median 8 of 60
UNMATCHED_YIELD = 100 * 2 / 66   # ... and 2 of 66
US_CITIZEN_MATCH = 0.670         # NRMP 2024 PGY-1 match rates
NON_US_MATCH = 0.585
ERAS_MEAN_APPLICATIONS = 77      # ERAS 2016, IMGs' applications to categorical IM


@pytest.fixture(scope="module")
def catalog() -> list[Row]:
    return generate_catalog()


@pytest.fixture(scope="module")
def alumni(catalog: list[Row]) -> list[Alumnus]:
    return generate_alumni(catalog, SEASON)


@pytest.fixture(scope="module")
def pooled(catalog: list[Row]) -> list[Alumnus]:
    """The alumni of many seeds: the model's rates without the default demo's small sample."""
    return [a for k in range(1, POOLED_SEEDS + 1)
            for a in generate_alumni(catalog, SEASON, seed=DEFAULT_ALUMNI_SEED + k)]


def _apps(catalog: list[Row], alumni: list[Alumnus]) -> list[App]:
    by_id = {row["acgme_id"]: row for row in catalog}
    return [(StudentFactors.of(a.profile, a.season), app, by_id[app.acgme_id])
            for a in alumni for app in a.applications]


def _rate(apps: list[App], where: Callable[[StudentFactors, Row], bool]) -> float:
    chosen = [app.interviewed for student, app, row in apps if where(student, row)]
    assert len(chosen) >= 200, "too few applications to compare"
    return sum(chosen) / len(chosen)


def _binomial_se(p: float, n: int) -> float:
    return math.sqrt(p * (1 - p) / n)


# --- the generator ------------------------------------------------------------------------


def test_same_seed_gives_identical_alumni_and_another_seed_does_not(
        catalog: list[Row], alumni: list[Alumnus]) -> None:
    assert generate_alumni(catalog, SEASON) == alumni
    other = generate_alumni(catalog, SEASON, seed=7)
    assert other != alumni
    assert [a.name for a in other] != [a.name for a in alumni]


def test_seasons_are_the_three_before_the_current_one(catalog: list[Row],
                                                      alumni: list[Alumnus]) -> None:
    per_season = Counter(a.season for a in alumni)
    assert sorted(per_season) == [2023, 2024, 2025]
    assert all(20 <= n <= 30 for n in per_season.values())
    assert {a.season for a in generate_alumni(catalog, 2030)} == {2027, 2028, 2029}


def test_a_past_cohort_does_not_change_when_the_season_moves_on(catalog: list[Row],
                                                                 alumni: list[Alumnus]) -> None:
    later = generate_alumni(catalog, SEASON + 1)
    assert [a for a in later if a.season < SEASON] == [a for a in alumni if a.season > SEASON - 3]


def test_profiles_are_valid_fictional_unique_and_a_mix_of_imgs(alumni: list[Alumnus],
                                                               pooled: list[Alumnus]) -> None:
    profiles = [(a.season, parse_profile(a.profile)) for a in alumni]
    names = [p["name"] for _, p in profiles]
    assert len(set(names)) == len(names)
    current = {d["name"] for d in demo_students(SEASON)}
    assert all(n.startswith(NAME_PREFIX) and n not in current for n in names)
    assert all(str(season) in p["name"] for season, p in profiles)
    # Everyone passed Step 2 CK by the standard of their season.
    assert all(pass_mark(season) <= p["step2ck"]["score"] <= 255 for season, p in profiles)
    assert all(1 <= season - p["graduation_year"] <= 10 for season, p in profiles)
    assert all(set(p["target_regions"]) <= REGIONS for _, p in profiles)
    assert any(not p["target_regions"] for _, p in profiles)
    assert any(p["step1"]["attempts"] > 1 for _, p in profiles)
    statuses = {(p["citizenship"], p["visa_needed"]) for _, p in profiles}
    assert {(Citizenship.US_CITIZEN, VisaNeed.NONE), (Citizenship.NON_US, VisaNeed.J1),
            (Citizenship.NON_US, VisaNeed.J1_OR_H1B)} <= statuses
    # Over many seeds: a third US citizens (NRMP 2024), internal medicine the most common.
    citizens = sum(a.profile["citizenship"] == "us_citizen" for a in pooled) / len(pooled)
    assert citizens == pytest.approx(0.32, abs=0.03)
    specialties = Counter(a.profile["specialty"] for a in pooled)
    assert specialties.most_common(1)[0][0] == Specialty.INTERNAL_MEDICINE.value
    assert len(specialties) == 6


def test_each_applies_to_distinct_catalog_programs_of_their_specialty(catalog: list[Row],
                                                                      alumni: list[Alumnus]) -> None:
    specialty_of = {row["acgme_id"]: row["specialty"] for row in catalog}
    for alumnus in alumni:
        ids = [app.acgme_id for app in alumnus.applications]
        assert len(ids) >= 10 and len(set(ids)) == len(ids), alumnus.name
        assert {specialty_of[i] for i in ids} == {alumnus.profile["specialty"]}, alumnus.name


def test_applications_per_alumnus_follow_eras_and_the_applicant_survey(pooled: list[Alumnus]) -> None:
    counts = [len(a.applications) for a in pooled]
    # ERAS: a mean of 77; the survey's medians are 60 and 66. Over ~2,400 alumni the mean's
    # standard error is about 1.5.
    assert sum(counts) / len(counts) == pytest.approx(ERAS_MEAN_APPLICATIONS, abs=6)
    for group in aggregates.yields(pooled)["matched"], aggregates.yields(pooled)["unmatched"]:
        assert 50 <= group.median_applications <= 75


def test_outcomes_go_interview_then_rank_then_at_most_one_match(alumni: list[Alumnus]) -> None:
    for alumnus in alumni:
        assert all(a.interviewed or not a.ranked for a in alumnus.applications), alumnus.name
        assert all(a.ranked or not a.matched for a in alumnus.applications), alumnus.name
        assert sum(a.matched for a in alumnus.applications) <= 1, alumnus.name
    interviews = [a for alumnus in alumni for a in alumnus.applications if a.interviewed]
    assert 0.8 <= sum(a.ranked for a in interviews) / len(interviews) <= 0.97


def test_applications_lean_to_img_friendly_programs_and_the_target_regions(
        catalog: list[Row], alumni: list[Alumnus]) -> None:
    def mean_share(rows: list[Row]) -> float:
        known = [r["img_share"] for r in rows if r["img_share"] is not None]
        return sum(known) / len(known)

    apps = _apps(catalog, alumni)
    im = [row for row in catalog if row["specialty"] is Specialty.INTERNAL_MEDICINE]
    applied_im = [row for _, _, row in apps if row["specialty"] is Specialty.INTERNAL_MEDICINE]
    assert mean_share(applied_im) > mean_share(im) + 0.05
    california_only = {"los_angeles", "socal", "bay_area"}
    by_id = {row["acgme_id"]: row for row in catalog}
    aimed = [by_id[app.acgme_id] for a in alumni
             if a.profile["target_regions"] and set(a.profile["target_regions"]) <= california_only
             for app in a.applications]
    assert sum(row["state"] == "CA" for row in aimed) / len(aimed) > 0.2  # CA has ~9% of programs


def test_the_generator_does_not_read_the_scoring_model() -> None:
    # The demo alumni are the calibration report's yardstick: they must not be made by the
    # model being measured.
    for module in ("alumni.py", "match_model.py"):
        source = (Path(model.__file__).parent / module).read_text(encoding="utf-8")
        imported = {node.module or "" for node in ast.walk(ast.parse(source))
                    if isinstance(node, ast.ImportFrom)}
        imported |= {alias.name for node in ast.walk(ast.parse(source))
                     if isinstance(node, ast.Import) for alias in node.names}
        assert not any(name.startswith(("advisor.scoring", "advisor.plugins", "advisor.services"))
                       for name in imported), module


# --- the published aggregates, on the default demo and pooled over seeds ----------------------


def test_matched_alumni_get_about_13_interviews_per_100_applications_and_unmatched_about_3(
        alumni: list[Alumnus], pooled: list[Alumnus]) -> None:
    # The survey's medians: 8 interviews of 60 applications (matched), 2 of 66 (unmatched).
    many = aggregates.yields(pooled)
    assert many["matched"].median_interviews == pytest.approx(8, abs=1)
    assert many["unmatched"].median_interviews == pytest.approx(2, abs=1)
    assert many["matched"].per_100_of_medians == pytest.approx(MATCHED_YIELD, abs=2.5)
    assert many["unmatched"].per_100_of_medians == pytest.approx(UNMATCHED_YIELD, abs=1.5)
    # The default demo has ~40 alumni in each group; its medians move by a couple of
    # interviews from seed to seed, so it gets twice the room, and the order must hold.
    few = aggregates.yields(alumni)
    assert few["matched"].per_100_of_medians == pytest.approx(MATCHED_YIELD, abs=5)
    assert few["unmatched"].per_100_of_medians == pytest.approx(UNMATCHED_YIELD, abs=3)
    assert few["matched"].per_100 > 2 * few["unmatched"].per_100


def test_match_rates_by_population_are_near_nrmp_2024(alumni: list[Alumnus],
                                                      pooled: list[Alumnus]) -> None:
    # Tolerance: 2.5 binomial standard errors of the group's size, so about 4 points pooled
    # (~750 US citizens, ~1,500 needing a visa) and 20-25 points on the default demo (~25 and
    # ~50 alumni).
    for sample in pooled, alumni:
        rates = aggregates.match_rates(sample)
        for label, published in (("US citizen", US_CITIZEN_MATCH),
                                 ("needs a visa (non-US)", NON_US_MATCH)):
            rate = rates[label]
            assert rate.rate == pytest.approx(published, abs=2.5 * _binomial_se(published, rate.of)), label
    pooled_rates = aggregates.match_rates(pooled)
    assert pooled_rates["US citizen"].rate > pooled_rates["needs a visa (non-US)"].rate


def test_a_visa_needing_alumnus_is_never_interviewed_where_no_usable_visa_is_sponsored(
        catalog: list[Row], alumni: list[Alumnus], pooled: list[Alumnus]) -> None:
    for sample in alumni, pooled:
        refused = [app for student, app, row in _apps(catalog, sample)
                   if visa_fit(student.visa_needed, row) is False]
        assert refused, "some alumni do apply there"
        assert not any(app.interviewed for app in refused)


def test_a_missed_stated_screen_almost_never_gets_an_interview(catalog: list[Row],
                                                               pooled: list[Alumnus]) -> None:
    apps = [(s, a, r) for s, a, r in _apps(catalog, pooled) if visa_fit(s.visa_needed, r)]
    missed = _rate(apps, lambda s, r: model.missed_screens(s, r) > 0)
    met = _rate(apps, lambda s, r: model.missed_screens(s, r) == 0)
    assert missed <= 0.02 and met >= 0.1


def test_more_imgs_and_a_step2_ck_nearer_the_median_mean_more_interviews(
        catalog: list[Row], pooled: list[Alumnus]) -> None:
    apps = [(s, a, r) for s, a, r in _apps(catalog, pooled)
            if visa_fit(s.visa_needed, r) and not model.missed_screens(s, r)
            and r["img_share"] is not None and r["step2_median"] is not None]

    def share(row: Row) -> float:
        return float(row["img_share"])

    assert _rate(apps, lambda s, r: share(r) >= 0.6) > 1.5 * _rate(apps, lambda s, r: share(r) < 0.3)

    def gap(student: StudentFactors, row: Row) -> int:
        return student.step2ck - row["step2_median"]

    far, near, above = (_rate(apps, lambda s, r: gap(s, r) < -20),
                        _rate(apps, lambda s, r: -10 <= gap(s, r) < 0),
                        _rate(apps, lambda s, r: gap(s, r) >= 0))
    assert far < near < above


def test_interview_rate_rises_with_step2_ck_band(pooled: list[Alumnus]) -> None:
    bands = aggregates.interview_rate_by_step2_band(pooled)
    rates = [bands[label].rate for label in ("210-219", "220-229", "230-239", ">=240")]
    assert rates == sorted(rates)
    assert rates[-1] > 2 * rates[0]


def test_the_interview_model_moves_each_way_it_should(catalog: list[Row]) -> None:
    row = {**catalog[0], "visa_j1": True, "visa_h1b": False, "img_share": 0.4,
           "non_us_img_share": 0.3, "step2_median": 235, "step2_min": 215, "yog_max_years": 5,
           "attempts_max": 2, "usce_required": True}
    typical = Typical(240.0, 0.3, 0.2)
    base = StudentFactors(step2ck=225, usce_months=2.0, failed_attempts=0,
                          years_since_graduation=2, visa_needed=VisaNeed.NONE)

    def logit(student: StudentFactors = base, strength: float = 0.0, **cells: Any) -> float:
        value = model.interview_logit(student, strength, {**row, **cells}, typical)
        assert value is not None
        return value

    assert logit(replace(base, step2ck=232)) > logit()
    assert logit(strength=1.0) > logit()
    assert logit(img_share=0.7) > logit()
    assert logit(step2_median=245) < logit()
    assert logit(step2_median=None) < logit()  # the typical program's 240 is above 235
    assert logit(replace(base, usce_months=5.0)) > logit()
    assert logit(replace(base, failed_attempts=1)) < logit()
    assert logit(replace(base, years_since_graduation=4)) < logit()
    # Each stated screen missed leaves almost no chance.
    assert logit(replace(base, step2ck=214)) < logit(replace(base, step2ck=215)) - 3.5
    assert logit(replace(base, years_since_graduation=6)) < logit(replace(base, years_since_graduation=5)) - 3.5
    assert logit(replace(base, failed_attempts=2)) < logit(replace(base, failed_attempts=1)) - 3.5
    assert logit(replace(base, usce_months=0.0)) < logit() - 3.5
    # A visa-needing student: an unstated policy costs, a refused one rules the program out.
    j1 = replace(base, visa_needed=VisaNeed.J1)
    assert logit(j1, visa_j1=None) < logit(j1)
    assert model.interview_logit(j1, 5.0, {**row, "visa_j1": False}, typical) is None
    assert model.interview_chance(j1, 5.0, {**row, "visa_j1": False}, typical) == 0.0
    h1b = replace(base, visa_needed=VisaNeed.H1B)
    assert model.interview_logit(h1b, 0.0, row, typical) is None  # J-1 only on offer


def test_the_report_prints_every_figure_beside_its_published_counterpart(
        catalog: list[Row], alumni: list[Alumnus]) -> None:
    text = "\n".join(aggregates.report(catalog, alumni))
    for expected in ("published 60, 8, 13.3", "published 66, 2, 3.0", "published 67.0%",
                     "published 58.5%", "published 77", "Internal medicine", "published 43.0%",
                     ">=240", "<210"):
        assert expected in text, expected


def test_cli_prints_the_demo_figures(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["demo", "figures", "--size", "1000"])
    assert result.exit_code == 0, result.output
    assert "Match rate by population" in result.output and "published 58.5%" in result.output


# --- loading -------------------------------------------------------------------------------


def _stored_outcomes() -> list[tuple[Any, ...]]:
    query = (select(Student.name, Outcome.season, Outcome.acgme_id, Outcome.interviewed,
                    Outcome.ranked, Outcome.matched)
             .join(Student, Student.id == Outcome.student_id)
             .order_by(Student.name, Outcome.acgme_id))
    return [tuple(row) for row in db.session.execute(query)]


def test_loading_twice_gives_the_same_outcomes_and_no_duplicate_students(app) -> None:  # type: ignore[no-untyped-def]
    first = load_demo(1000)
    stored = _stored_outcomes()
    assert first.alumni_created == first.alumni > 0 and len(stored) == first.outcomes > 0

    second = load_demo(1000)

    assert second.alumni_unchanged == first.alumni and second.outcomes_rewritten == 0
    assert _stored_outcomes() == stored
    duplicates = db.session.scalar(select(func.count()).select_from(
        select(Student.name).group_by(Student.name).having(func.count() > 1).subquery()))
    assert duplicates == 0
    assert db.session.scalar(select(func.count()).select_from(Student)) == 12 + first.alumni
    assert "12 demo students" in str(second)
    assert f"{first.alumni} demo alumni of 2023-2025" in str(second)


def test_loaded_alumni_hold_the_generated_outcomes_and_seasons(app) -> None:  # type: ignore[no-untyped-def]
    load_demo(1000)
    generated = generate_alumni(generate_catalog(1000), SEASON)
    students = {s.name: s for s in db.session.scalars(select(Student))}
    assert {s.season_year for s in students.values() if s.name in
            {d["name"] for d in demo_students(SEASON)}} == {SEASON}
    catalog_ids = set(db.session.scalars(select(Program.acgme_id)))
    for alumnus in generated:
        student = students[alumnus.name]
        assert student.season_year == alumnus.season
        assert profile_from_student(student) == dump_profile(parse_profile(alumnus.profile))
        outcomes = db.session.scalars(select(Outcome).where(Outcome.student_id == student.id)
                                      .order_by(Outcome.acgme_id)).all()
        assert [(o.season, o.acgme_id, o.interviewed, o.ranked, o.matched) for o in outcomes] == [
            (alumnus.season, a.acgme_id, a.interviewed, a.ranked, a.matched)
            for a in sorted(alumnus.applications, key=lambda a: a.acgme_id)]
        assert all(o.profile == profile_from_student(student) for o in outcomes)
        assert {o.acgme_id for o in outcomes} <= catalog_ids


def test_loading_again_restores_edited_outcomes_of_that_alumnus_only(app) -> None:  # type: ignore[no-untyped-def]
    load_demo(1000)
    before = _stored_outcomes()
    outcome = db.session.scalars(select(Outcome).where(Outcome.interviewed.is_(False))
                                 .order_by(Outcome.id)).first()
    db.session.execute(update(Outcome).where(Outcome.id == outcome.id).values(interviewed=True))
    db.session.commit()

    result = load_demo(1000)

    assert result.outcomes_rewritten == 1
    assert _stored_outcomes() == before


def test_a_failing_alumni_load_writes_nothing(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    broken = Alumnus(2025, {"name": NAME_PREFIX + "broken"}, ())
    monkeypatch.setattr("advisor.demo.loader.generate_alumni", lambda rows, season: [broken])
    with pytest.raises(ProfileError):
        load_demo(1000)
    counts = [db.session.scalar(select(func.count()).select_from(model_))
              for model_ in (Program, Student, Outcome)]
    assert counts == [0, 0, 0]
