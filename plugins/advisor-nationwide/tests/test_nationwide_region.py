"""Which programs the nationwide strategy covers, and how it reads their location, as the
reasons on a program's score show it."""

from importlib.metadata import entry_points

from advisor.enums import Citizenship, ProgramType, VisaNeed
from advisor.testing import make_applicant, make_program

from advisor_nationwide import plugin

CITIZEN = make_applicant(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE)


def reasons(**program) -> str:
    return " | ".join(a.reason for a in plugin.advisor_adjust_scores(
        CITIZEN, [make_program(**program)]))


def crowded(**program) -> bool:
    return "University program in" in reasons(program_type=ProgramType.ACADEMIC, **program)


def test_installed_under_its_slug():
    names = {ep.name: ep.value for ep in entry_points(group="advisor.plugins")}
    assert names.get("nationwide") == "advisor_nationwide:plugin"


def test_declares_one_nationwide_region():
    (region,) = plugin.advisor_regions()
    assert region.slug == "nationwide"
    assert region.states == frozenset()


def test_region_spans_states_but_needs_a_fifth_imgs():
    (region,) = plugin.advisor_regions()
    assert region.contains(make_program(state="ND", img_share=0.20))
    assert region.contains(make_program(state="CA", img_share=0.55))
    assert not region.contains(make_program(state="OH", img_share=0.15))
    # An unknown share cannot prove the program is IMG-friendly.
    assert not region.contains(make_program(img_share=None))


def test_new_york_city_found_by_borough_neighbourhood_or_county():
    assert "in New York City" in reasons(state="NY", city="Bronx", county=None,
                                         program_type=ProgramType.ACADEMIC)
    assert crowded(state="NY", city="Jamaica", county="Queens County")
    assert crowded(state="NY", city="Somewhere", county="Kings County")
    assert not crowded(state="NY", city="Rochester", county="Monroe County")


def test_boston_and_california_are_crowded_markets():
    assert "in Boston" in reasons(state="MA", city="Boston", county="Suffolk County",
                                  program_type=ProgramType.ACADEMIC)
    assert crowded(state="MA", city="Dorchester", county=None)
    assert not crowded(state="MA", city="Worcester", county="Worcester County")
    assert "in California" in reasons(state="CA", city="Fresno", county=None,
                                      program_type=ProgramType.ACADEMIC)


def test_heartland_is_midwest_and_south():
    assert "Midwest or South" in reasons(state="IA")
    assert "Midwest or South" in reasons(state="TX")
    assert "Midwest or South" not in reasons(state="OR")


def smaller_city(**program) -> bool:
    return "outside the big metros" in reasons(program_type=ProgramType.COMMUNITY, **program)


def test_smaller_city_means_outside_big_metro_cores():
    assert smaller_city(state="OH", city="Toledo")
    assert not smaller_city(state="MO", city="Saint Louis")
    assert not smaller_city(state="NY", city="Flushing", county=None)
    # Columbus, Georgia is not Columbus, Ohio.
    assert smaller_city(state="GA", city="Columbus")
    assert not smaller_city(state="OH", city="Columbus")
    # An unknown city earns nothing.
    assert not smaller_city(city=None)
