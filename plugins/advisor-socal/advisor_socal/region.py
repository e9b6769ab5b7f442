"""Southern California: which counties belong, and the local facts the strategy leans on."""

from __future__ import annotations

from advisor.hooks.types import Region

SLUG = "socal"

COUNTIES: tuple[str, ...] = (
    "Los Angeles County", "Orange County", "San Diego County", "Riverside County",
    "San Bernardino County", "Ventura County", "Santa Barbara County", "Imperial County",
    "Kern County", "San Luis Obispo County",
)

REGION = Region(
    slug=SLUG,
    name="Southern California",
    summary="Los Angeles to San Diego and inland, for US-citizen IMGs with modest scores",
    states=frozenset({"CA"}),
    counties=frozenset((county, "CA") for county in COUNTIES),
)

# The crowded coastal metros, where programs get the most applications and screen hardest.
COASTAL_METRO = frozenset({"Los Angeles County", "Orange County", "San Diego County"})

# Less saturated counties beyond the metros (Inland Empire, Kern, the Imperial Valley),
# where applicants with modest scores meet less competition; also home to farmworker
# communities that value Spanish-speaking doctors.
INLAND = frozenset({"Riverside County", "San Bernardino County", "Kern County",
                    "Imperial County"})

# The border counties, where border health shapes the patient mix.
BORDER = frozenset({"San Diego County", "Imperial County"})

# Languages the region's patients speak, and the counties where each matters most.
# Spanish matters everywhere; Vietnamese (Little Saigon) and Korean (Koreatown) are local.
LANGUAGE_COUNTIES: dict[str, frozenset[str]] = {
    "Spanish": frozenset(COUNTIES),
    "Vietnamese": frozenset({"Orange County", "San Diego County", "Los Angeles County"}),
    "Korean": frozenset({"Los Angeles County", "Orange County"}),
}
