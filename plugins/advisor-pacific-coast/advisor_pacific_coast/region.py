"""What the Pacific Coast strategy knows about its geography and its patients."""

from __future__ import annotations

from advisor.hooks.types import Region

REGION = Region(
    slug="pacific_coast",
    name="Pacific Coast",
    summary="California, Oregon and Washington: a popular, crowded region where a non-US IMG "
            "with modest scores needs west-coast experience, letters and a broad national list.",
    states=frozenset({"CA", "OR", "WA"}),
)

# California counties away from the crowded coastal metros, where programs tend to be more
# open to IMGs: the Central Valley (Sacramento and San Joaquin valleys) and the Inland Empire.
CENTRAL_VALLEY = frozenset({
    "Butte County", "Colusa County", "Fresno County", "Glenn County", "Kern County",
    "Kings County", "Madera County", "Merced County", "Sacramento County",
    "San Joaquin County", "Shasta County", "Stanislaus County", "Sutter County",
    "Tehama County", "Tulare County", "Yolo County", "Yuba County",
})
INLAND_EMPIRE = frozenset({"Riverside County", "San Bernardino County"})
OUTSIDE_CORE_METROS = CENTRAL_VALLEY | INLAND_EMPIRE

# Languages widely spoken by west-coast patients, in the order advice names them.
LANGUAGES: tuple[str, ...] = (
    "Spanish", "Tagalog", "Vietnamese", "Cantonese", "Mandarin", "Korean", "Hindi", "Arabic",
)


def outside_core(state: str | None, county: str | None) -> bool:
    """True for a California place in the Central Valley or the Inland Empire."""
    return state == "CA" and county in OUTSIDE_CORE_METROS
