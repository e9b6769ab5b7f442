"""What else would help when a Bay Area list cannot reach its interview goal, chosen from the
profile: programs beyond the Bay Area, a second specialty, a one-year position, Step 3, a year
spent strengthening the file."""

from __future__ import annotations

from advisor.enums import Specialty, VisaNeed
from advisor.hooks.types import Applicant

from advisor_bay_area.region import NEARBY_OPENINGS
from advisor_bay_area.scoring import LocalAnchors

# Fields that take many IMGs, offered as a second specialty when none is on file.
OPEN_FIELDS = (Specialty.FAMILY_MEDICINE, Specialty.PSYCHIATRY, Specialty.INTERNAL_MEDICINE,
               Specialty.PEDIATRICS)
ONE_YEAR_POSITIONS = frozenset({Specialty.TRANSITIONAL_YEAR, Specialty.PRELIM_INTERNAL_MEDICINE,
                                Specialty.PRELIM_SURGERY})
OLD_YEARS = 5


def remedies(applicant: Applicant) -> tuple[str, ...]:
    sponsoring = " that sponsor your visa" if applicant.needs_visa else ""
    found = [
        "Look past the Bay Area: add IMG-friendly community programs" + sponsoring + " across "
        f"the country, and take the California share from {NEARBY_OPENINGS} rather than the "
        "San Francisco-San Jose core.",
        _second_specialty(applicant),
    ]
    if not ONE_YEAR_POSITIONS & {applicant.specialty, applicant.backup_specialty}:
        found.append("Add preliminary medicine or transitional-year positions" + sponsoring
                     + ": a first US year gives fresh evaluations and a stronger reapplication.")
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
    if a.step2ck_score is None:
        return ("Apply once a strong Step 2 CK is in: Bay Area programs read it before anything "
                "else.")
    if not LocalAnchors.of(a).anchored or a.years_since_graduation >= OLD_YEARS:
        return ("Spend a year on hands-on clinical work, with a rotation of four weeks or more "
                "at one Bay Area site, and reapply with the letter it brings.")
    return ("Spend a year on research or a public-health degree at a Bay Area institution to "
            "add publications and local letter writers before reapplying.")
