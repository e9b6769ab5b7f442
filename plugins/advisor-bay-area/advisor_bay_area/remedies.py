"""What else would help when a Bay Area list cannot reach its interview goal, chosen from the
profile: looking past the Bay Area, a year spent strengthening the file there. The core adds
the generic ones (a backup specialty, a one-year position, Step 3)."""

from __future__ import annotations

from advisor.enums import RemedyKind
from advisor.hooks.types import Applicant, Remedy

from advisor_bay_area.region import NEARBY_OPENINGS
from advisor_bay_area.scoring import LocalAnchors

OLD_YEARS = 5

def remedies(applicant: Applicant) -> tuple[Remedy, ...]:
    sponsoring = " that sponsor your visa" if applicant.needs_visa else ""
    return (
        Remedy(RemedyKind.WIDER,
               "Look past the Bay Area: add IMG-friendly community programs" + sponsoring
               + f" across the country, and take the California share from {NEARBY_OPENINGS} "
               "rather than the San Francisco-San Jose core."),
        Remedy(RemedyKind.STRENGTHEN, _strengthening_year(applicant)),
    )

def _strengthening_year(a: Applicant) -> str:
    if a.step2ck_score is None:
        return ("Apply once a strong Step 2 CK is in: Bay Area programs read it before anything "
                "else.")
    if not LocalAnchors.of(a).anchored or a.years_since_graduation >= OLD_YEARS:
        return ("Spend a year on hands-on clinical work, with a rotation of four weeks or more "
                "at one Bay Area site, and reapply with the letter it brings.")
    return ("Spend a year on research or a public-health degree at a Bay Area institution to "
            "add publications and local letter writers before reapplying.")
