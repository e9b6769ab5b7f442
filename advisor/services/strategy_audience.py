"""Whom each region strategy is written for, and the student's strategies that are not
written for someone like them (a J-1 student ticking the US-citizen Southern California one)."""

from __future__ import annotations

from collections.abc import Iterable

from advisor.enums import Citizenship, VisaNeed
from advisor.hooks.strategy import AUDIENCES
from advisor.plugin_registry import get_registry


def audience_of(citizenship: Citizenship | None, visa_needed: VisaNeed | None) -> str | None:
    """The student's audience (a key of AUDIENCES); None while citizenship is not known."""
    if visa_needed not in (None, VisaNeed.NONE):
        return "visa_needed"
    if citizenship is Citizenship.US_CITIZEN:
        return "us_citizen"
    return "non_us_no_visa" if citizenship is not None else None


def written_for(slug: str) -> str | None:
    """"US-citizen IMGs", "IMGs who need a visa and ..."; None when the strategy does not say."""
    audience = get_registry().audience(slug)
    return " and ".join(AUDIENCES[a] for a in audience if a in AUDIENCES) or None


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
                         f"student is one of the {AUDIENCES[student]}: its advice may not fit.")
    return found
