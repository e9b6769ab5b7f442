"""The demo catalog generator, the demo students, `load_demo` and `flask demo load`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from advisor.catalog.checker import check_row
from advisor.catalog.columns import COLUMNS, row_cells
from advisor.demo import figures
from advisor.demo.catalog import generate_catalog
from advisor.demo.loader import load_demo
from advisor.demo.names import FICTIONAL_MARK
from advisor.demo.students import demo_students
from advisor.enums import Citizenship, ProgramType, Specialty, Step1Result
from advisor.extensions import db
from advisor.geo import lookup_zip
from advisor.models import (
    ClinicalExperience,
    Program,
    RegionalTie,
    Student,
    UsLetter,
    current_catalog_revision,
)
from advisor.profile_schema import ProfileError, dump_profile, parse_profile
from advisor.services.students import profile_from_student, student_from_profile

Row = dict[str, Any]
IM = Specialty.INTERNAL_MEDICINE
SOCAL = {"Los Angeles", "Orange", "San Diego", "Riverside", "San Bernardino", "Ventura",
         "Santa Barbara", "Imperial", "Kern", "San Luis Obispo"}
BAY_AREA = {"Alameda", "Contra Costa", "Marin", "Napa", "San Francisco", "San Mateo",
            "Santa Clara", "Solano", "Sonoma"}
# Published IMG shares of first-year positions (docs/sources.md): NRMP 2024 for the first seven
# (pediatrics, psychiatry and EM as IMGs matched over positions offered), NRMP 2023 for general
# surgery and radiology, Charting Outcomes for IMGs 2013 for anesthesiology.
PUBLISHED_IMG_SHARE = {
    IM: 0.43, Specialty.PATHOLOGY: 0.374, Specialty.FAMILY_MEDICINE: 0.318,
    Specialty.NEUROLOGY: 0.295, Specialty.PEDIATRICS: 0.237, Specialty.PSYCHIATRY: 0.161,
    Specialty.EMERGENCY_MEDICINE: 0.148, Specialty.GENERAL_SURGERY: 0.103,
    Specialty.RADIOLOGY: 0.147, Specialty.ANESTHESIOLOGY: 0.105,
}
# Non-US citizens among the IMGs matched, NRMP 2024 (e.g. IM 3,109 of 4,198).
PUBLISHED_NON_US_SHARE = {
    IM: 0.741, Specialty.FAMILY_MEDICINE: 0.486, Specialty.PEDIATRICS: 0.685,
    Specialty.PSYCHIATRY: 0.510,
}
SOURCES_DOC = Path(__file__).resolve().parents[1] / "docs" / "sources.md"


@pytest.fixture(scope="module")
def small_catalog() -> list[Row]:
    return generate_catalog(1000)


@pytest.fixture(scope="module")
def catalog() -> list[Row]:
    return generate_catalog(5000)


@pytest.fixture(scope="module")
def large_catalog() -> list[Row]:
    return generate_catalog(20000)


def _of(rows: Iterable[Row], specialty: Specialty = IM, **where: Any) -> list[Row]:
    return [r for r in rows if r["specialty"] is specialty
            and all(r[key] in value for key, value in where.items())]


def _mean(values: Iterable[Any]) -> float:
    known = [v for v in values if v is not None]
    return sum(known) / len(known)


def _img_share_of_positions(rows: list[Row]) -> float:
    known = [r for r in rows if r["positions"] and r["img_share"] is not None]
    return sum(r["positions"] * r["img_share"] for r in known) / sum(r["positions"] for r in known)


def _non_us_share_of_img_positions(rows: list[Row]) -> float:
    known = [r for r in rows if r["positions"] and r["img_share"] is not None]
    return (sum(r["positions"] * r["non_us_img_share"] for r in known)
            / sum(r["positions"] * r["img_share"] for r in known))


def _county(row: Row) -> str:
    place = lookup_zip(row["zip"])
    assert place is not None and place.county
    return place.county.removesuffix(" County")


def _count(rows: list[Row], test: Callable[[Row], bool]) -> int:
    return sum(1 for r in rows if test(r))


# --- the generator ------------------------------------------------------------------------


def test_same_size_and_seed_give_the_same_catalog_and_another_seed_does_not(small_catalog: list[Row]) -> None:
    assert generate_catalog(1000) == small_catalog
    assert generate_catalog(1000, seed=7) != small_catalog


@pytest.mark.parametrize(("rows_fixture", "size"), [("small_catalog", 1000), ("large_catalog", 20000)])
def test_catalog_has_the_requested_size_catalog_columns_and_unique_acgme_shaped_ids(
        rows_fixture: str, size: int, request: pytest.FixtureRequest) -> None:
    rows = request.getfixturevalue(rows_fixture)
    assert len(rows) == size
    assert all(tuple(r) == COLUMNS for r in rows)
    ids = [r["acgme_id"] for r in rows]
    assert len(set(ids)) == size
    assert all(len(i) == 10 and i.isdigit() for i in ids)


def test_size_outside_the_supported_range_is_refused() -> None:
    with pytest.raises(ValueError, match="size must be"):
        generate_catalog(0)


def test_every_row_passes_the_catalog_csv_rules(catalog: list[Row]) -> None:
    # What `programs export` writes for a demo program, `programs import` must accept unchanged.
    for row in catalog[::5]:
        values, problems = check_row(dict(zip(COLUMNS, row_cells(row))))
        assert problems == []
        assert {column: values[column] for column in COLUMNS} == row


def test_specialties_follow_the_acgme_proportions(catalog: list[Row]) -> None:
    counts = Counter(r["specialty"] for r in catalog)
    reference_total = sum(f.programs for f in figures.SPECIALTIES.values())
    for specialty in Specialty:
        expected = figures.SPECIALTIES[specialty].programs * 5000 / reference_total
        assert abs(counts[specialty] - expected) <= 1, specialty
    assert counts[Specialty.FAMILY_MEDICINE] > counts[IM] > counts[Specialty.PSYCHIATRY]


def test_img_share_of_positions_is_near_the_published_shares(large_catalog: list[Row]) -> None:
    # 20,000 programs hold ~200 to ~2,400 of each: 8% of the figure (at least 1.5 points)
    # allows for the spread between programs, nothing more.
    for specialty, published in PUBLISHED_IMG_SHARE.items():
        generated = _img_share_of_positions(_of(large_catalog, specialty))
        assert generated == pytest.approx(published, abs=max(0.015, 0.08 * published)), specialty


def test_non_us_share_of_imgs_is_near_the_published_shares(large_catalog: list[Row]) -> None:
    for specialty, published in PUBLISHED_NON_US_SHARE.items():
        generated = _non_us_share_of_img_positions(_of(large_catalog, specialty))
        assert generated == pytest.approx(published, abs=0.04), specialty


def test_every_figure_names_a_source_cited_in_docs_sources() -> None:
    cited = SOURCES_DOC.read_text(encoding="utf-8")
    assert all(f"`{key}`" in cited for key in figures.SOURCES)
    named = {*figures.IMG_SHARE_SOURCE.values(), *figures.NON_US_SOURCE.values()} - {None}
    assert named <= set(figures.SOURCES)
    assert set(figures.IMG_SHARE_SOURCE) == set(Specialty)


def test_internal_medicine_by_program_type_follows_apdim(large_catalog: list[Row]) -> None:
    community = _of(large_catalog, program_type={ProgramType.COMMUNITY})
    university = _of(large_catalog, program_type={ProgramType.ACADEMIC, ProgramType.UNIVERSITY_AFFILIATED})
    academic = _of(large_catalog, program_type={ProgramType.ACADEMIC})
    assert 0.55 <= _mean(r["img_share"] for r in community) <= 0.75
    assert 0.20 <= _mean(r["img_share"] for r in university) <= 0.32
    assert _mean(r["img_share"] for r in academic) < _mean(r["img_share"] for r in university)
    shares = [r["img_share"] for r in _of(large_catalog) if r["img_share"] is not None]
    assert 0.37 <= sum(1 for s in shares if s > 0.5) / len(shares) <= 0.47  # 42% IMG-dominated


def test_internal_medicine_visa_policies_follow_jgme_2022(large_catalog: list[Row]) -> None:
    im = _of(large_catalog)
    assert _mean(r["visa_j1"] for r in im) == pytest.approx(0.637, abs=0.03)
    stated_j1 = [r for r in im if r["visa_j1"] is True and r["visa_h1b"] is not None]
    assert _mean(r["visa_h1b"] for r in stated_j1) == pytest.approx(0.345, abs=0.05)
    assert not any(r["visa_h1b"] is True and r["visa_j1"] is False for r in large_catalog)
    # At equal IMG share, community programs accept J-1 less often than academic ones ...
    middling = [r for r in im if r["img_share"] is not None and 0.3 <= r["img_share"] <= 0.5]

    def j1_rate(kinds: set[ProgramType], rows: list[Row]) -> float:
        return _mean(r["visa_j1"] for r in rows if r["program_type"] in kinds)

    assert j1_rate({ProgramType.ACADEMIC}, middling) > j1_rate({ProgramType.COMMUNITY}, middling) + 0.1
    # ... but they take far more IMGs, so overall they sponsor more often.
    assert j1_rate({ProgramType.COMMUNITY, ProgramType.COUNTY}, im) > j1_rate({ProgramType.ACADEMIC}, im) + 0.1


def test_programs_sponsoring_no_visa_have_few_non_us_imgs(catalog: list[Row]) -> None:
    no_visa = [r for r in _of(catalog) if r["visa_j1"] is False and r["visa_h1b"] is False
               and r["img_share"]]
    sponsoring = [r for r in _of(catalog) if r["visa_j1"] and r["img_share"]]
    assert _mean(r["non_us_img_share"] / r["img_share"] for r in no_visa) < 0.2
    assert _mean(r["non_us_img_share"] / r["img_share"] for r in sponsoring) > 0.7


def test_internal_medicine_regional_counts_support_every_region_strategy(catalog: list[Row]) -> None:
    im_ca = _of(catalog, state={"CA"})
    assert 15 <= _count(im_ca, lambda r: _county(r) == "Los Angeles") <= 20
    assert 27 <= _count(im_ca, lambda r: _county(r) in SOCAL) <= 33
    assert 8 <= _count(im_ca, lambda r: _county(r) in BAY_AREA) <= 12
    assert 52 <= len(im_ca) <= 58
    assert 66 <= len(_of(catalog, state={"CA", "OR", "WA"})) <= 74


def test_other_specialties_are_in_the_regions_in_proportion(catalog: list[Row]) -> None:
    def in_la(specialty: Specialty) -> int:
        return _count(_of(catalog, specialty, state={"CA"}), lambda r: _county(r) == "Los Angeles")

    for specialty in (Specialty.FAMILY_MEDICINE, Specialty.PSYCHIATRY, Specialty.DERMATOLOGY):
        expected = in_la(IM) * len(_of(catalog, specialty)) / len(_of(catalog))
        assert abs(in_la(specialty) - expected) <= 2, specialty


def test_west_coast_takes_fewer_imgs_and_screens_at_220_to_235(large_catalog: list[Row]) -> None:
    im = _of(large_catalog)
    west = [r for r in im if r["state"] in {"CA", "OR", "WA"}]
    assert _mean(r["img_share"] for r in west) < 0.6 * _mean(r["img_share"] for r in im)
    screens = [r["step2_min"] for r in west if r["step2_min"] is not None]
    assert sum(1 for s in screens if 220 <= s <= 235) / len(screens) >= 0.75
    elsewhere = [r for r in im if r not in west]
    assert _mean(screens) > _mean(r["step2_min"] for r in elsewhere)
    # The typical matched score is what sits higher in the west.
    assert _mean(r["step2_median"] for r in west) > _mean(r["step2_median"] for r in elsewhere) + 5


def test_step2_medians_rise_with_competitiveness_and_academic_standing(large_catalog: list[Row]) -> None:
    def median(specialty: Specialty, **where: Any) -> float:
        return _mean(r["step2_median"] for r in _of(large_catalog, specialty, **where))

    assert median(Specialty.DERMATOLOGY) > 255 and median(Specialty.NEUROSURGERY) > 250
    # Matched IMGs' mean (2013, +8 for the rise since) and matched US MDs' mean (2022) bound
    # each core specialty's programs: IM 242 and 248, family medicine 224 and 238.
    assert 242 <= median(IM) <= 248
    assert 224 <= median(Specialty.FAMILY_MEDICINE) <= 238
    assert 235 <= median(IM, program_type={ProgramType.COMMUNITY}) <= 245
    assert 222 <= median(Specialty.FAMILY_MEDICINE, program_type={ProgramType.COMMUNITY}) <= 232
    assert median(IM, program_type={ProgramType.ACADEMIC}) > median(IM, program_type={ProgramType.COMMUNITY}) + 8
    for row in large_catalog:
        if row["step2_min"] is not None and row["step2_median"] is not None:
            assert row["step2_min"] <= row["step2_median"]


def test_academic_programs_state_screens_more_often_and_set_them_higher(large_catalog: list[Row]) -> None:
    def stated(kind: ProgramType, column: str) -> float:
        return _mean(r[column] is not None for r in _of(large_catalog, program_type={kind}))

    for column in ("step2_min", "yog_max_years", "attempts_max"):
        assert stated(ProgramType.ACADEMIC, column) > stated(ProgramType.COMMUNITY, column) + 0.15, column
    academic = _of(large_catalog, program_type={ProgramType.ACADEMIC})
    community = _of(large_catalog, program_type={ProgramType.COMMUNITY})
    assert _mean(r["step2_min"] for r in academic) > _mean(r["step2_min"] for r in community) + 8
    # Community IM screens sit where the guides put them: many at 220-230.
    assert 218 <= _mean(r["step2_min"] for r in community) <= 230
    # A stated minimum is above the passing score (214 since 2022).
    assert min(r["step2_min"] for r in large_catalog if r["step2_min"] is not None) >= 215


def test_some_cells_are_unknown_at_realistic_rates(catalog: list[Row]) -> None:
    def blank(column: str) -> float:
        return _count(catalog, lambda r: r[column] is None) / len(catalog)

    assert 0.07 <= blank("visa_j1") <= 0.13
    assert 0.10 <= blank("visa_h1b") <= 0.25
    for column in ("step2_min", "yog_max_years", "attempts_max"):
        assert 0.15 <= blank(column) <= 0.40, column
    assert 0.05 <= _mean(r["new_program"] for r in catalog) <= 0.08


def test_us_and_non_us_img_shares_add_up_to_the_img_share(catalog: list[Row]) -> None:
    for row in catalog:
        if row["img_share"] is not None:
            assert row["us_img_share"] + row["non_us_img_share"] == pytest.approx(row["img_share"], abs=0.011)


def test_every_zip_is_real_and_in_its_state_and_city(catalog: list[Row]) -> None:
    for row in catalog:
        place = lookup_zip(row["zip"])
        assert place is not None and place.county, row["zip"]
        assert (place.state, place.city) == (row["state"], row["city"])


def test_names_and_institutions_say_they_are_fictional(catalog: list[Row]) -> None:
    for row in catalog:
        assert row["name"].endswith(FICTIONAL_MARK) and row["institution"].endswith(FICTIONAL_MARK)
        assert row["website"] is None or ".example/" in row["website"]
    # Hospitals host several programs, as real ones do.
    assert len({r["institution"] for r in catalog}) < 0.8 * len(catalog)


# --- the demo students ---------------------------------------------------------------------


def test_demo_students_are_valid_and_cover_the_strategies() -> None:
    students = [parse_profile(document) for document in demo_students(2026)]
    assert len(students) == 12
    assert len({s["name"] for s in students}) == 12
    assert all(s["name"].startswith("Demo: ") for s in students)

    def months(s: Row) -> float:
        return sum(e["months"] for e in s["clinical_experience"])

    def any_of(test: Callable[[Row], bool]) -> bool:
        return any(test(s) for s in students)

    assert any_of(lambda s: s["citizenship"] is Citizenship.US_CITIZEN)
    assert any_of(lambda s: s["citizenship"] is Citizenship.NON_US)
    assert any_of(lambda s: s["step2ck"]["score"] is not None and s["step2ck"]["score"] < 215)
    assert any_of(lambda s: s["step2ck"]["score"] is not None and 225 <= s["step2ck"]["score"] <= 240)
    assert any_of(lambda s: s["step1"]["result"] is Step1Result.FAIL or s["step1"]["attempts"] > 1)
    assert any_of(lambda s: 2026 - s["graduation_year"] >= 7)
    assert any_of(lambda s: months(s) == 0)
    assert any_of(lambda s: 0 < months(s) < 2)
    assert any_of(lambda s: months(s) >= 6)
    assert any_of(lambda s: "spanish" in s["languages"] and s["target_regions"] == ["los_angeles", "socal"]
                  and any(lookup_zip(t["zip"]).county == "Los Angeles County" for t in s["ties"] if t["zip"]))
    assert any_of(lambda s: s["target_regions"] == ["bay_area"])
    assert any_of(lambda s: s["visa_needed"].value == "h1b" and s["step3"]["passed"])
    assert any_of(lambda s: s["target_regions"] == ["pacific_coast"])
    assert any_of(lambda s: s["target_regions"] == ["nationwide"] and s["citizenship"] is Citizenship.US_CITIZEN)
    regions = {r for s in students for r in s["target_regions"]}
    assert regions == {"socal", "los_angeles", "bay_area", "pacific_coast", "nationwide"}


def test_graduation_years_count_back_from_the_season() -> None:
    assert [d["graduation_year"] + 1 for d in demo_students(2026)] == [d["graduation_year"] for d in demo_students(2027)]


def test_student_round_trips_through_the_database(app) -> None:  # type: ignore[no-untyped-def]
    documents = demo_students(2026)
    for document in documents:
        db.session.add(student_from_profile(parse_profile(document)))
    db.session.commit()
    db.session.expunge_all()
    stored = {s.name: s for s in db.session.scalars(select(Student))}
    for document in documents:
        assert profile_from_student(stored[document["name"]]) == dump_profile(parse_profile(document))
    ana = stored["Demo: Ana R."]
    assert ana.ties[0].county == "Los Angeles County"
    assert ana.target_regions_key == ",los_angeles,socal,"


# --- loading -------------------------------------------------------------------------------


def _counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Program, Student, ClinicalExperience, UsLetter, RegionalTie))


def test_loading_twice_leaves_one_copy_of_everything(app) -> None:  # type: ignore[no-untyped-def]
    first = load_demo(1000)
    assert (first.programs_created, first.students_created) == (1000, 12)
    after_first, revision = _counts(), current_catalog_revision(db.session)
    assert after_first[:2] == (1000, 12 + first.alumni) and revision > 0

    second = load_demo(1000)
    assert (second.programs_unchanged, second.students_unchanged,
            second.alumni_unchanged) == (1000, 12, first.alumni)
    assert _counts() == after_first
    assert current_catalog_revision(db.session) == revision  # nothing changed, caches stay valid


def test_loading_stores_counties_and_restores_edited_demo_data(app) -> None:  # type: ignore[no-untyped-def]
    load_demo(1000)
    la = db.session.scalars(select(Program).where(Program.zip == "90033")).all()
    assert all(p.county == "Los Angeles County" for p in la)
    assert db.session.scalar(select(func.count()).select_from(Program).where(Program.county.is_(None))) == 0
    db.session.execute(update(Program).where(Program.id == 1).values(name="Renamed"))
    ana = db.session.scalars(select(Student).where(Student.name == "Demo: Ana R.")).one()
    ana.step2ck_score = 199
    db.session.commit()
    children, revision = _counts(), current_catalog_revision(db.session)

    result = load_demo(1000)

    assert (result.programs_updated, result.students_updated) == (1, 1)
    assert db.session.get(Program, 1).name.endswith(FICTIONAL_MARK)
    assert ana.step2ck_score == 221
    assert _counts() == children
    assert current_catalog_revision(db.session) > revision


def test_a_failing_load_writes_nothing(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("advisor.demo.loader.demo_students", lambda season: [{"name": "Demo: broken"}])
    with pytest.raises(ProfileError):
        load_demo(1000)
    assert _counts() == (0, 0, 0, 0, 0)


def test_cli_loads_the_demo_and_says_it_is_fictional(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["demo", "load", "--size", "1000"])
    assert result.exit_code == 0, result.output
    assert "1000 fictional demo programs (1000 new" in result.output
    assert "12 demo students" in result.output
    assert "invented" in result.output
    assert db.session.scalar(select(func.count()).select_from(Program)) == 1000


def test_cli_rejects_a_bad_size(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["demo", "load", "--size", "0"])
    assert result.exit_code != 0 and "--size" in result.output


def test_loaded_demo_students_carry_their_applicant_tier(app):
    from advisor.demo.loader import load_demo
    from advisor.models import Student

    load_demo(1000)
    students = list(db.session.scalars(db.select(Student)))
    # Only the Pacific Coast strategy gives a tier, so only its students carry one, with its
    # scale; the others have none rather than a tier from a strategy they did not choose.
    on_coast = [s for s in students if "pacific_coast" in s.target_regions]
    assert on_coast and {s.applicant_tier for s in on_coast} <= {"A", "B", "C"}
    assert all(s.applicant_tier_scale == "Pacific Coast tier" for s in on_coast)
    assert all(s.applicant_tier is None for s in students if s not in on_coast
               and s.target_regions)
