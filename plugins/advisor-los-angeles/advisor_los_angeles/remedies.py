"""What else would help when a Los Angeles list cannot reach its interview goal, chosen from
the profile: more of the guide's third tier, a second specialty, a one-year position, Step 3,
a year spent strengthening the file."""

from __future__ import annotations

from advisor.enums import Specialty, VisaNeed
from advisor.hooks.types import Applicant

from advisor_los_angeles.profile import la_hands_on, wants_step3

# Fields that take many IMGs, offered as a second specialty when none is on file.
OPEN_FIELDS = (Specialty.FAMILY_MEDICINE, Specialty.PSYCHIATRY, Specialty.INTERNAL_MEDICINE,
               Specialty.PEDIATRICS)
ONE_YEAR_POSITIONS = frozenset({Specialty.TRANSITIONAL_YEAR, Specialty.PRELIM_INTERNAL_MEDICINE,
                                Specialty.PRELIM_SURGERY})
OLD_YEARS = 5


def remedies(applicant: Applicant) -> tuple[str, ...]:
    sponsoring = " that sponsor your visa" if applicant.needs_visa else ""
    found = [
        "Lean harder on breadth: add IMG-friendly programs" + sponsoring + " in the rest of "
        "California and in other states, where the list's volume is meant to come from.",
        _second_specialty(applicant),
    ]
    if not ONE_YEAR_POSITIONS & {applicant.specialty, applicant.backup_specialty}:
        found.append("Add preliminary medicine or transitional-year positions" + sponsoring
                     + ": a first US year brings US letters and a stronger second application.")
    if _step3_helps(applicant):
        found.append("Pass Step 3 before applying: it opens programs that sponsor H-1B and "
                     "shows the exam record is improving.")
    found.append(_strengthening_year(applicant))
    return tuple(found)


def _step3_helps(a: Applicant) -> bool:
    h1b_route = a.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B)
    return not a.step3_passed and (h1b_route or wants_step3(a))


def _second_specialty(a: Applicant) -> str:
    if a.backup_specialty is not None:
        return (f"Give your backup, {a.backup_specialty.label.lower()}, a full list of its own "
                "rather than a few programs.")
    others = [s.label.lower() for s in OPEN_FIELDS if s is not a.specialty][:2]
    return (f"Apply in a second specialty that takes many IMGs, such as {' or '.join(others)}, "
            "with a list of its own.")


def _strengthening_year(a: Applicant) -> str:
    if a.step2ck_score is None:
        return ("Apply once a strong Step 2 CK is in: LA programs screen on it before reading "
                "anything else.")
    if la_hands_on(a) == 0 or a.years_since_graduation >= OLD_YEARS:
        return ("Spend a year on hands-on clinical work in Los Angeles and reapply with LA "
                "letters and recent US experience.")
    return ("Spend a year on clinical research or quality improvement at an LA institution to "
            "add publications, academic letters and contacts before reapplying.")
