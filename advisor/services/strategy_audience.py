"""Whom each region strategy is written for, and the student's strategies that are not
written for someone like them (a J-1 student ticking the US-citizen Southern California one)."""

from __future__ import annotations

from collections.abc import Iterable

from advisor.enums import Citizenship, VisaNeed
from advisor.hooks.strategy import AUDIENCES
from advisor.plugin_registry import get_registry

# Each audience as a list of them reads it, and as one student is it.
PLURAL = {"us_citizen": "US-citizen IMGs", "non_us_no_visa": "non-US IMGs who need no visa",
          "visa_needed": "IMGs who need a visa"}
ONE = {"us_citizen": "a US-citizen IMG", "non_us_no_visa": "a non-US IMG who needs no visa",
       "visa_needed": "an IMG who needs a visa"}


def audience_of(citizenship: Citizenship | None, visa_needed: VisaNeed | None) -> str | None:
    """The student's audience (a key of AUDIENCES); None while citizenship is not known."""
    if visa_needed not in (None, VisaNeed.NONE):
        return "visa_needed"
    if citizenship is Citizenship.US_CITIZEN:
        return "us_citizen"
    return "non_us_no_visa" if citizenship is not None else None


def written_for(slug: str) -> str | None:
    """"US-citizen IMGs", "IMGs who need a visa and non-US IMGs who need no visa"; None when
    the strategy is written for everyone or does not say."""
    audience = [a for a in get_registry().audience(slug) if a in AUDIENCES]
    if not audience or set(audience) == set(AUDIENCES):
        return None
    return " and ".join(PLURAL.get(a, AUDIENCES[a]) for a in audience)


def mismatches(citizenship: Citizenship | None, visa_needed: VisaNeed | None,
               target_regions: Iterable[str]) -> list[str]:
    """A sentence for each chosen strategy that is not written for this student."""
    student = audience_of(citizenship, visa_needed)
    if student is None:
        return []
    regions = get_registry().regions()
    found = []
    for slug in target_regions:
        audience = get_registry().audience(slug)
        if slug in regions and audience and student not in audience:
            found.append(f"{regions[slug][1].name} is written for {written_for(slug)}, and this "
                         f"student is {ONE[student]}: its advice may not fit.")
    return found
