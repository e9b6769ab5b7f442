"""Los Angeles County, its neighbours, and the local facts the strategy leans on."""

from __future__ import annotations

from advisor.hooks.types import Region

SLUG = "los_angeles"

REGION = Region(
    slug=SLUG,
    name="Los Angeles",
    summary="Los Angeles County: safety-net and community programs for non-US-citizen IMGs",
    states=frozenset({"CA"}),
    counties=frozenset({("Los Angeles County", "CA")}),
)

# The rest of Southern California: experience and roots there tell LA programs something,
# though less than the same in LA itself. Only this plugin uses it; it declares no region.
NEARBY = Region(
    slug="los_angeles_nearby",
    name="Southern California outside Los Angeles County",
    summary="Counties near Los Angeles",
    states=frozenset({"CA"}),
    counties=frozenset((county, "CA") for county in (
        "Orange County", "Ventura County", "San Bernardino County", "Riverside County",
        "San Diego County", "Santa Barbara County", "Kern County", "Imperial County",
        "San Luis Obispo County",
    )),
)

# Languages many LA patients speak. Spanish matters most, above all at the county's
# safety-net hospitals; Korean and Vietnamese serve smaller communities.
LANGUAGES: tuple[str, ...] = ("Spanish", "Korean", "Vietnamese")

# The health problems LA's safety-net programs see most and look for interest in.
MISSION_TOPICS = ("HIV", "TB", "diabetes in underserved communities", "substance use",
                  "mental health care across cultures")
