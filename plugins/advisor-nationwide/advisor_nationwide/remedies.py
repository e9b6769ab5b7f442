"""What else would help when a nationwide list cannot reach its interview goal, chosen from
the profile: more states and smaller cities, a year of US clinical work in the specialty. The
core adds the generic ones (a backup specialty, a one-year position, Step 3)."""

from __future__ import annotations

from advisor.enums import RemedyKind
from advisor.hooks.types import Applicant, Remedy

from advisor_nationwide.profile import TARGET_LETTERS, TARGET_USCE_MONTHS, read_profile

OLD_YEARS = 5

def remedies(applicant: Applicant) -> tuple[Remedy, ...]:
    sponsoring = " that sponsor your visa" if applicant.needs_visa else ""
    # The states named matched the most IMGs in 2024 (NRMP, Main Residency Match by state).
    return (
        Remedy(RemedyKind.WIDER,
               "Spread the list over more states: community programs" + sponsoring + " in "
               "smaller cities, and states where many IMGs match every year, such as New "
               "York, Pennsylvania, Michigan and Texas."),
        Remedy(RemedyKind.STRENGTHEN, _strengthening_year(applicant)),
    )

def _strengthening_year(a: Applicant) -> str:
    p = read_profile(a)
    if a.step2ck_score is None:
        return ("Apply once Step 2 CK is in, or wait a season for it: without it the list "
                "cannot be sized with confidence.")
    short = p.specialty_usce_months < TARGET_USCE_MONTHS or p.specialty_letters < TARGET_LETTERS
    if short or p.years_out >= OLD_YEARS:
        return (f"Spend a year on hands-on US clinical work in {a.specialty.label.lower()}, "
                "aiming for 3-4 months and 3-4 strong letters, then reapply.")
    return ("Spend a year on US research or a public-health degree to add publications and "
            "academic letters before reapplying.")
