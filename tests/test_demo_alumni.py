"""Demo alumni: the generated past seasons, how plausible their outcomes are, and loading them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select, update

from advisor.demo.alumni import (
    Alumnus,
    Application,
    StudentFactors,
    factors_of,
    generate_alumni,
    interview_logit,
    visa_fit,
)
from advisor.demo.catalog import generate_catalog
from advisor.demo.loader import load_demo
from advisor.demo.students import NAME_PREFIX, demo_students
from advisor.enums import Citizenship, Specialty, VisaNeed
from advisor.extensions import db
from advisor.models import Outcome, Program, Student
from advisor.profile_schema import ProfileError, dump_profile, parse_profile
from advisor.services.students import profile_from_student

Row = dict[str, Any]
SEASON = 2026  # the test app's SEASON_YEAR
REGIONS = {"los_angeles", "socal", "bay_area", "pacific_coast", "nationwide"}
# One application as the plausibility checks read it.
App = tuple[StudentFactors, Application, Row]


@pytest.fixture(scope="module")
def catalog() -> list[Row]:
    return generate_catalog()


@pytest.fixture(scope="module")
def alumni(catalog: list[Row]) -> list[Alumnus]:
    return generate_alumni(catalog, SEASON)


@pytest.fixture(scope="module")
def apps(catalog: list[Row], alumni: list[Alumnus]) -> list[App]:
    by_id = {row["acgme_id"]: row for row in catalog}
    return [(factors_of(a.profile, a.season), app, by_id[app.acgme_id])
            for a in alumni for app in a.applications]


def _rate(apps: list[App], where: Callable[[StudentFactors, Row], bool]) -> float:
    chosen = [app.interviewed for student, app, row in apps if where(student, row)]
    assert len(chosen) >= 100, "too few applications to compare"
    return sum(chosen) / len(chosen)


def _needs_visa(student: StudentFactors) -> bool:
    return student.visa_needed is not VisaNeed.NONE


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


def test_profiles_are_valid_fictional_unique_and_a_low_score_img_mix(alumni: list[Alumnus]) -> None:
    profiles = [(a.season, parse_profile(a.profile)) for a in alumni]
    names = [p["name"] for _, p in profiles]
    assert len(set(names)) == len(names)
    current = {d["name"] for d in demo_students(SEASON)}
    assert all(n.startswith(NAME_PREFIX) and n not in current for n in names)
    assert all(str(season) in p["name"] for season, p in profiles)
    scores = [p["step2ck"]["score"] for _, p in profiles]
    assert all(205 <= s <= 250 for s in scores) and 218 <= sum(scores) / len(scores) <= 232
    assert all(1 <= season - p["graduation_year"] <= 8 for season, p in profiles)
    assert all(sum(e["months"] for e in p["clinical_experience"]) <= 6 for _, p in profiles)
    assert all(set(p["target_regions"]) <= REGIONS for _, p in profiles)
    assert any(not p["target_regions"] for _, p in profiles)
    assert any(p["step1"]["attempts"] > 1 for _, p in profiles)
    statuses = {(p["citizenship"], p["visa_needed"]) for _, p in profiles}
    assert {(Citizenship.US_CITIZEN, VisaNeed.NONE),
            (Citizenship.PERMANENT_RESIDENT, VisaNeed.NONE),
            (Citizenship.NON_US, VisaNeed.J1), (Citizenship.NON_US, VisaNeed.H1B)} <= statuses
    primary = {Specialty.INTERNAL_MEDICINE, Specialty.FAMILY_MEDICINE, Specialty.PEDIATRICS}
    assert sum(p["specialty"] in primary for _, p in profiles) >= 0.6 * len(profiles)
    assert len({p["specialty"] for _, p in profiles}) >= 4


def test_each_applies_to_25_to_80_catalog_programs_of_their_specialty(catalog: list[Row],
                                                                      alumni: list[Alumnus]) -> None:
    specialty_of = {row["acgme_id"]: row["specialty"] for row in catalog}
    for alumnus in alumni:
        ids = [app.acgme_id for app in alumnus.applications]
        assert 25 <= len(ids) <= 80 and len(set(ids)) == len(ids), alumnus.name
        assert {specialty_of[i] for i in ids} == {alumnus.profile["specialty"]}, alumnus.name


def test_outcomes_go_interview_then_rank_then_at_most_one_match(alumni: list[Alumnus]) -> None:
    for alumnus in alumni:
        assert all(a.interviewed or not a.ranked for a in alumnus.applications), alumnus.name
        assert all(a.ranked or not a.matched for a in alumnus.applications), alumnus.name
        assert sum(a.matched for a in alumnus.applications) <= 1, alumnus.name
    matched = sum(any(a.matched for a in alumnus.applications) for alumnus in alumni)
    assert 0.4 * len(alumni) <= matched < len(alumni)  # some go unmatched
    interviews = [a for alumnus in alumni for a in alumnus.applications if a.interviewed]
    assert 0.75 <= sum(a.ranked for a in interviews) / len(interviews) <= 0.95


def test_applications_lean_to_img_friendly_programs_and_the_target_regions(
        catalog: list[Row], apps: list[App], alumni: list[Alumnus]) -> None:
    def mean_share(rows: list[Row]) -> float:
        known = [r["img_share"] for r in rows if r["img_share"] is not None]
        return sum(known) / len(known)

    im = [row for row in catalog if row["specialty"] is Specialty.INTERNAL_MEDICINE]
    applied_im = [row for _, _, row in apps if row["specialty"] is Specialty.INTERNAL_MEDICINE]
    assert mean_share(applied_im) > mean_share(im) + 0.05
    california_only = {"los_angeles", "socal", "bay_area"}
    by_id = {row["acgme_id"]: row for row in catalog}
    aimed = [by_id[app.acgme_id] for a in alumni
             if a.profile["target_regions"] and set(a.profile["target_regions"]) <= california_only
             for app in a.applications]
    assert sum(row["state"] == "CA" for row in aimed) / len(aimed) > 0.2  # CA has ~9% of programs


# --- plausibility, measured on the default demo ------------------------------------------------


def test_overall_interview_rate_is_in_a_sane_band(apps: list[App]) -> None:
    assert 0.10 <= _rate(apps, lambda s, r: True) <= 0.25


def test_higher_step2_ck_gets_clearly_more_interviews(apps: list[App]) -> None:
    high = _rate(apps, lambda s, r: s.step2ck >= 235)
    assert high > 2 * _rate(apps, lambda s, r: s.step2ck < 220)


def test_us_clinical_experience_gets_more_interviews(apps: list[App]) -> None:
    some = _rate(apps, lambda s, r: s.usce_months >= 3)
    assert some > _rate(apps, lambda s, r: s.usce_months == 0) + 0.03


def test_visa_needers_are_almost_never_interviewed_where_the_visa_is_not_sponsored(
        apps: list[App]) -> None:
    refused = _rate(apps, lambda s, r: visa_fit(s.visa_needed, r) is False)
    sponsored = _rate(apps, lambda s, r: _needs_visa(s) and visa_fit(s.visa_needed, r) is True)
    assert refused <= 0.01 and sponsored >= 0.1


def test_programs_with_more_imgs_interview_more(apps: list[App]) -> None:
    def share(row: Row) -> float:
        return -1.0 if row["img_share"] is None else float(row["img_share"])

    high = _rate(apps, lambda s, r: share(r) >= 0.5)
    assert high > 1.5 * _rate(apps, lambda s, r: 0 <= share(r) < 0.2)


def test_the_interview_model_moves_each_way_it_should(catalog: list[Row]) -> None:
    row = {**catalog[0], "visa_j1": True, "visa_h1b": False, "img_share": 0.4, "step2_min": 210,
           "yog_max_years": 5, "usce_required": True}
    base = StudentFactors(step2ck=225, usce_months=2.0, step1_failures=0,
                          years_since_graduation=2, visa_needed=VisaNeed.NONE)
    logit = interview_logit(base, row)
    assert interview_logit(replace(base, step2ck=235), row) > logit
    assert interview_logit(replace(base, usce_months=5.0), row) > logit
    assert interview_logit(base, {**row, "img_share": 0.7}) > logit
    assert interview_logit(replace(base, step1_failures=1), row) < logit
    assert interview_logit(replace(base, years_since_graduation=4), row) < logit
    assert interview_logit(replace(base, years_since_graduation=6), row) < interview_logit(
        replace(base, years_since_graduation=5), row) - 0.5  # past the program's limit too
    assert interview_logit(replace(base, step2ck=209), row) < interview_logit(
        replace(base, step2ck=210), row) - 0.5  # below its screen
    assert interview_logit(replace(base, usce_months=0.0), row) < logit
    assert interview_logit(replace(base, visa_needed=VisaNeed.J1), row) < logit
    refused = interview_logit(replace(base, visa_needed=VisaNeed.H1B), row)
    assert refused < interview_logit(replace(base, visa_needed=VisaNeed.J1), row) - 4


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
    counts = [db.session.scalar(select(func.count()).select_from(model))
              for model in (Program, Student, Outcome)]
    assert counts == [0, 0, 0]
