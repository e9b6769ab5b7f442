"""Program queries: filters as SQL (regions agree with Region.contains), sorting, pages, export."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from advisor.enums import ProgramType, Specialty
from advisor.extensions import db
from advisor.models import Program
from advisor.services import programs
from advisor.services.programs import Known, ProgramFilters

# acgme_id -> attributes. Real ZIPs, so the county is derived as in production.
SEED: dict[str, dict[str, Any]] = {
    "1000000001": dict(name="Eastside IM", zip="90033", state="CA", city="Los Angeles",
                       specialty=Specialty.INTERNAL_MEDICINE, program_type=ProgramType.COUNTY,
                       img_share=0.55, visa_j1=True, visa_h1b=False, step2_min=220,
                       step2_median=232, positions=40),
    "1000000002": dict(name="boyle heights FM", zip="90033", state="CA", city="Los Angeles",
                       specialty=Specialty.FAMILY_MEDICINE, program_type=ProgramType.COMMUNITY),
    "1000000003": dict(name="Mission IM", zip="94110", state="CA", city="San Francisco",
                       specialty=Specialty.INTERNAL_MEDICINE, program_type=ProgramType.ACADEMIC,
                       img_share=0.10, visa_j1=False, visa_h1b=True, step2_min=240,
                       step2_median=250, positions=60),
    "1000000004": dict(name="Portland IM", zip="97201", state="OR", city="Portland",
                       specialty=Specialty.INTERNAL_MEDICINE,
                       program_type=ProgramType.UNIVERSITY_AFFILIATED, img_share=0.30,
                       visa_j1=True, step2_min=210, step2_median=225, positions=12),
    "1000000005": dict(name="Chelsea IM", zip="10001", state="NY", city="New York",
                       specialty=Specialty.INTERNAL_MEDICINE, program_type=ProgramType.COMMUNITY,
                       img_share=0.70, visa_j1=True, visa_h1b=True, step2_median=228,
                       positions=30),
}
LA, LA_FM, SF, PDX, NYC = sorted(SEED)


def seed(extra: dict[str, dict[str, Any]] | None = None) -> None:
    for acgme_id, values in {**SEED, **(extra or {})}.items():
        db.session.add(Program(acgme_id=acgme_id, **values))
    db.session.commit()


def ids(filters: ProgramFilters) -> list[str]:
    return [p.acgme_id for p in db.session.scalars(programs.query(filters))]


def test_every_region_in_sql_picks_exactly_the_programs_region_contains_accepts(app):
    seed()
    regions = programs.regions()
    assert {"los_angeles", "bay_area", "nationwide", "pacific_coast", "socal"} <= set(regions)
    everything = db.session.scalars(db.select(Program)).all()
    for slug, region in regions.items():
        expected = {p.acgme_id for p in everything
                    if region.contains(programs.program_info(p))}
        assert set(ids(ProgramFilters(region=slug))) == expected, slug


@pytest.mark.parametrize(("filters", "expected"), [
    (ProgramFilters(region="los_angeles"), {LA, LA_FM}),
    (ProgramFilters(region="bay_area"), {SF}),
    # Nationwide wants an IMG share of at least 20%: an unknown share is left out.
    (ProgramFilters(region="nationwide"), {LA, PDX, NYC}),
    (ProgramFilters(region="pacific_coast"), {LA, LA_FM, SF, PDX}),
    (ProgramFilters(specialty=Specialty.FAMILY_MEDICINE), {LA_FM}),
    (ProgramFilters(state="OR"), {PDX}),
    (ProgramFilters(program_type=ProgramType.COMMUNITY), {LA_FM, NYC}),
    (ProgramFilters(visa_j1=Known.YES), {LA, PDX, NYC}),
    (ProgramFilters(visa_j1=Known.NO), {SF}),
    (ProgramFilters(visa_j1=Known.UNKNOWN), {LA_FM}),
    (ProgramFilters(visa_h1b=Known.UNKNOWN), {LA_FM, PDX}),
    (ProgramFilters(visa_h1b=Known.NO), {LA}),
    (ProgramFilters(min_img_share_percent=30), {LA, PDX, NYC}),
    (ProgramFilters(min_img_share_percent=55), {LA, NYC}),
    (ProgramFilters(step2_min_from=215), {LA, SF}),
    (ProgramFilters(step2_min_to=220), {LA, PDX}),
    (ProgramFilters(step2_min_from=215, step2_min_to=230), {LA}),
    (ProgramFilters(step2_min_from=215, step2_min_to=230, include_unscreened=True),
     {LA, LA_FM, NYC}),
    # Without a range the box changes nothing.
    (ProgramFilters(include_unscreened=True), set(SEED)),
    (ProgramFilters(region="pacific_coast", visa_j1=Known.YES, step2_min_to=230), {LA, PDX}),
])
def test_each_filter_narrows_the_list(app, filters, expected):
    seed()
    assert set(ids(filters)) == expected


def test_an_unknown_region_slug_is_refused(app):
    with pytest.raises(programs.UnknownRegion):
        programs.conditions(ProgramFilters(region="atlantis"))


@pytest.mark.parametrize("descending", [False, True])
def test_sorting_puts_unknown_values_last_both_ways(app, descending):
    seed()
    order = ids(ProgramFilters(sort="step2_min", descending=descending))
    known = [PDX, LA, SF]  # 210, 220, 240
    assert order[:3] == (known[::-1] if descending else known)
    # The two with no stated screen come last, by name: Boyle Heights before Chelsea.
    assert order[3:] == [LA_FM, NYC]


def test_sorting_by_name_ignores_case_and_by_share_keeps_unknowns_last(app):
    seed()
    assert ids(ProgramFilters()) == [LA_FM, NYC, LA, SF, PDX]
    assert ids(ProgramFilters(sort="img_share", descending=True)) == [NYC, LA, PDX, SF, LA_FM]
    assert ids(ProgramFilters(sort="positions"))[-1] == LA_FM


def test_pages_hold_fifty_and_a_page_past_the_end_shows_the_last(app):
    seed({f"2{n:09d}": dict(name=f"Extra {n:03d}", state="TX",
                            specialty=Specialty.PEDIATRICS) for n in range(60)})
    first = programs.page_of_programs(ProgramFilters(), 1)
    assert (len(first.items), first.total, first.pages) == (50, 65, 2)
    second = programs.page_of_programs(ProgramFilters(), 2)
    assert len(second.items) == 15
    assert not {p.acgme_id for p in first.items} & {p.acgme_id for p in second.items}
    assert programs.page_of_programs(ProgramFilters(), 9).page == 2


def test_regions_of_a_program(app):
    seed()
    la = programs.get_program(LA)
    assert [r.slug for r in programs.regions_of(la)] == [
        "los_angeles", "nationwide", "pacific_coast", "socal"]
    assert [r.slug for r in programs.regions_of(programs.get_program(NYC))] == ["nationwide"]
    assert programs.get_program("nope") is None


def test_export_applies_the_filters_and_keeps_the_import_format(app):
    seed()
    text, count = programs.export_csv(ProgramFilters(region="bay_area"))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0][:3] == ["acgme_id", "name", "institution"]
    assert count == 1 and [r[0] for r in rows[1:]] == [SF]
    _, everything = programs.export_csv(ProgramFilters())
    assert everything == len(SEED)


def test_filtering_is_told_apart_from_sorting(app):
    assert not programs.has_filters(ProgramFilters(sort="positions", descending=True))
    assert programs.has_filters(ProgramFilters(visa_h1b=Known.UNKNOWN))


def test_fictional_programs_are_recognised(app):
    seed({"3000000001": dict(name="Amberwick IM (fictional)", state="TX",
                             institution="Amberwick Hospital (fictional)",
                             specialty=Specialty.INTERNAL_MEDICINE)})
    assert programs.is_fictional(programs.get_program("3000000001"))
    assert not programs.is_fictional(programs.get_program(LA))
