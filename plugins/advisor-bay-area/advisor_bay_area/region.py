"""What the Bay Area strategy knows about its geography and its patients."""

from __future__ import annotations

from advisor.hooks.types import Region

BAY_AREA_COUNTIES: tuple[str, ...] = (
    "Alameda County", "Contra Costa County", "Marin County", "Napa County",
    "San Francisco County", "San Mateo County", "Santa Clara County", "Solano County",
    "Sonoma County",
)

REGION = Region(
    slug="bay_area",
    name="San Francisco Bay Area",
    summary="The nine Bay Area counties: score-conscious programs where local ties, "
            "languages and safety-net commitment carry weight.",
    states=frozenset({"CA"}),
    counties=frozenset((county, "CA") for county in BAY_AREA_COUNTIES),
)

# The North Bay lies inside the nine counties but away from the San Francisco-Oakland-San Jose
# core; its smaller hospitals tend to be more open to IMGs.
NORTH_BAY_COUNTIES = frozenset({"Marin County", "Napa County", "Solano County", "Sonoma County"})

# Languages widely spoken by Bay Area patients, in the order advice names them.
LANGUAGES: tuple[str, ...] = (
    "Spanish", "Cantonese", "Mandarin", "Tagalog", "Vietnamese", "Hindi", "Arabic",
)

# Places just outside the region that are more open to IMGs; advice names them, they get no
# score change here because they are not Bay Area programs.
NEARBY_OPENINGS = "Sacramento, Stockton, Modesto and the wider Central Valley"
