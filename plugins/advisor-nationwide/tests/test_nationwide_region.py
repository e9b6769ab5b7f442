"""Which programs the nationwide strategy covers, and how it reads their location."""

from importlib.metadata import entry_points

from advisor.testing import make_program

from advisor_nationwide.plugin import advisor_regions
from advisor_nationwide.region import REGION, crowded_market, in_heartland, in_smaller_city


def test_installed_under_its_slug():
    names = {ep.name: ep.value for ep in entry_points(group="advisor.plugins")}
    assert names.get("nationwide") == "advisor_nationwide.plugin"


def test_declares_one_nationwide_region():
    (region,) = advisor_regions()
    assert region.slug == "nationwide"
    assert region.states == frozenset()


def test_region_spans_states_but_needs_a_fifth_imgs():
    assert REGION.contains(make_program(state="ND", img_share=0.20))
    assert REGION.contains(make_program(state="CA", img_share=0.55))
    assert not REGION.contains(make_program(state="OH", img_share=0.15))
    # An unknown share cannot prove the program is IMG-friendly.
    assert not REGION.contains(make_program(img_share=None))


def test_new_york_city_found_by_borough_neighbourhood_or_county():
    assert crowded_market(make_program(state="NY", city="Bronx")) == "New York City"
    assert crowded_market(make_program(state="NY", city="Jamaica",
                                       county="Queens County")) == "New York City"
    assert crowded_market(make_program(state="NY", city="Rochester",
                                       county="Monroe County")) is None


def test_boston_and_california_are_crowded_markets():
    assert crowded_market(make_program(state="MA", city="Boston",
                                       county="Suffolk County")) == "Boston"
    assert crowded_market(make_program(state="MA", city="Worcester",
                                       county="Worcester County")) is None
    assert crowded_market(make_program(state="CA", city="Fresno")) == "California"


def test_heartland_is_midwest_and_south():
    assert in_heartland(make_program(state="IA"))
    assert in_heartland(make_program(state="TX"))
    assert not in_heartland(make_program(state="OR"))


def test_smaller_city_means_outside_big_metro_cores():
    assert in_smaller_city(make_program(state="OH", city="Toledo"))
    assert not in_smaller_city(make_program(state="MO", city="Saint Louis"))
    # Columbus, Georgia is not Columbus, Ohio.
    assert in_smaller_city(make_program(state="GA", city="Columbus"))
    assert in_smaller_city(make_program(city=None)) is None
