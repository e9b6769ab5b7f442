"""Geography of the nationwide strategy: which programs it covers and where they sit.

The region is every state, limited to IMG-friendly programs. Inside it, the strategy cares
whether a program is in one of the crowded academic markets (New York City, Boston,
California), in the Midwest or South, or in a smaller city.
"""

from __future__ import annotations

from advisor.hooks.types import ProgramInfo, Region

SLUG = "nationwide"

# A program takes IMGs in earnest once about a fifth of its residents are IMGs; below that the
# odd IMG is an exception, not a habit.
MIN_IMG_SHARE = 0.20

REGION = Region(
    slug=SLUG,
    name="Nationwide IMG-friendly",
    summary="Programs anywhere in the US where IMGs make up at least a fifth of the residents",
    states=frozenset(),
    min_img_share=MIN_IMG_SHARE,
)

# US Census regions: where IMG-heavy community programs are most common.
MIDWEST = frozenset({"IL", "IN", "IA", "KS", "MI", "MN", "MO", "NE", "ND", "OH", "SD", "WI"})
SOUTH = frozenset({"AL", "AR", "DC", "DE", "FL", "GA", "KY", "LA", "MD", "MS", "NC", "OK", "SC",
                   "TN", "TX", "VA", "WV"})

# New York City: USPS city names in Queens are neighbourhoods, so the county is checked too.
NYC_CITIES = frozenset({
    "new york", "new york city", "manhattan", "bronx", "the bronx", "brooklyn", "queens",
    "staten island", "jamaica", "flushing", "forest hills", "elmhurst", "astoria",
    "long island city", "far rockaway", "bayside", "jackson heights", "kew gardens",
    "rego park", "richmond hill", "woodside", "corona", "fresh meadows", "glen oaks",
})
NYC_COUNTIES = frozenset({"New York County", "Kings County", "Queens County", "Bronx County",
                          "Richmond County"})
BOSTON_CITIES = frozenset({"boston", "brighton", "jamaica plain", "roxbury", "dorchester",
                           "charlestown", "roslindale", "west roxbury", "mattapan"})
BOSTON_COUNTIES = frozenset({"Suffolk County"})

# Principal cities of the largest metro areas; community programs outside them count as
# "smaller city". Pairs with the state, since names repeat (Portland ME/OR, Columbus GA/OH).
LARGE_CITIES = frozenset({
    ("AZ", "phoenix"), ("CA", "los angeles"), ("CA", "oakland"), ("CA", "riverside"),
    ("CA", "sacramento"), ("CA", "san diego"), ("CA", "san francisco"), ("CA", "san jose"),
    ("CO", "denver"), ("DC", "washington"), ("FL", "miami"), ("FL", "orlando"),
    ("FL", "tampa"), ("GA", "atlanta"), ("IL", "chicago"), ("IN", "indianapolis"),
    ("MA", "boston"), ("MD", "baltimore"), ("MI", "detroit"), ("MN", "minneapolis"),
    ("MN", "st paul"), ("MO", "kansas city"), ("MO", "st louis"), ("NC", "charlotte"),
    ("NV", "las vegas"), ("OH", "cincinnati"), ("OH", "cleveland"), ("OH", "columbus"),
    ("OR", "portland"), ("PA", "philadelphia"), ("PA", "pittsburgh"), ("TN", "nashville"),
    ("TX", "austin"), ("TX", "dallas"), ("TX", "fort worth"), ("TX", "houston"),
    ("TX", "san antonio"), ("WA", "seattle"),
})


def _city(program: ProgramInfo) -> str | None:
    """City name folded for comparison: case, dots and "Saint" spelled out do not matter."""
    if not program.city:
        return None
    name = program.city.casefold().replace(".", "").strip()
    return "st " + name[6:] if name.startswith("saint ") else name


def in_new_york_city(program: ProgramInfo) -> bool:
    return program.state == "NY" and (_city(program) in NYC_CITIES
                                      or program.county in NYC_COUNTIES)


def in_boston(program: ProgramInfo) -> bool:
    return program.state == "MA" and (_city(program) in BOSTON_CITIES
                                      or program.county in BOSTON_COUNTIES)


def crowded_market(program: ProgramInfo) -> str | None:
    """The name of the crowded academic market a program sits in, or None."""
    if in_new_york_city(program):
        return "New York City"
    if in_boston(program):
        return "Boston"
    if program.state == "CA":
        return "California"
    return None


def in_heartland(program: ProgramInfo) -> bool:
    """Midwest or South, where IMG-heavy programs are most common."""
    return program.state in MIDWEST or program.state in SOUTH


def in_smaller_city(program: ProgramInfo) -> bool | None:
    """True outside the big metros' principal cities; None when the city is not known."""
    city = _city(program)
    if city is None:
        return None
    return (program.state, city) not in LARGE_CITIES and not in_new_york_city(program)
