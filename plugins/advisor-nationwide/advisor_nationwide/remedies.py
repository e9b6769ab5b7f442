"""What else would help when a nationwide list cannot reach its interview goal, chosen from
the profile: more states, a second specialty, a one-year position, Step 3, a year spent
strengthening the file."""

from __future__ import annotations

from advisor.enums import Specialty, VisaNeed
from advisor.hooks.types import Applicant

from advisor_nationwide.profile import TARGET_LETTERS, TARGET_USCE_MONTHS, read_profile

# Fields that take many IMGs, offered as a second specialty when none is on file; the first
# two are where a very low score still finds programs (the nationwide guide).
OPEN_FIELDS = (Specialty.FAMILY_MEDICINE, Specialty.PSYCHIATRY, Specialty.INTERNAL_MEDICINE,
               Specialty.PEDIATRICS)
ONE_YEAR_POSITIONS = frozenset({Specialty.TRANSITIONAL_YEAR, Specialty.PRELIM_INTERNAL_MEDICINE,
                                Specialty.PRELIM_SURGERY})
OLD_YEARS = 5


def remedies(applicant: Applicant) -> tuple[str, ...]:
    sponsoring = " that sponsor your visa" if applicant.needs_visa else ""
    # The states named matched the most IMGs in 2024 (NRMP, Main Residency Match by state).
    found = [
        "Spread the list over more states: community programs" + sponsoring + " in smaller "
        "cities, and states where many IMGs match every year, such as New York, Pennsylvania, "
        "Michigan and Texas.",
        _second_specialty(applicant),
    ]
    if not ONE_YEAR_POSITIONS & {applicant.specialty, applicant.backup_specialty}:
        found.append("Add preliminary medicine or surgery and transitional-year positions"
                     + sponsoring + " that take IMGs: a US year with fresh evaluations is a "
                     "real route to reapply.")
    if applicant.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B) and not applicant.step3_passed:
        found.append("Pass Step 3 before applying, which opens the programs that sponsor H-1B.")
    found.append(_strengthening_year(applicant))
    return tuple(found)


def _second_specialty(a: Applicant) -> str:
    if a.backup_specialty is not None:
        return (f"Give your backup, {a.backup_specialty.label.lower()}, a full list of its own "
                "rather than a few programs.")
    others = [s.label.lower() for s in OPEN_FIELDS if s is not a.specialty][:2]
    return (f"Apply in a second specialty that takes many IMGs, such as {' or '.join(others)}, "
            "with a list of its own.")


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
