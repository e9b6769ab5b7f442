"""What else would help when a Southern California list cannot reach its interview goal,
chosen from the profile: wider geography, a second specialty, a one-year position, a year
spent strengthening the file."""

from __future__ import annotations

from advisor.enums import Specialty, VisaNeed
from advisor.hooks.types import Applicant

from advisor_socal.assessment import USCE_FLOOR
from advisor_socal.profile import regional_hands_on

# Fields that take many IMGs, offered as a second specialty when none is on file.
OPEN_FIELDS = (Specialty.FAMILY_MEDICINE, Specialty.PSYCHIATRY, Specialty.INTERNAL_MEDICINE,
               Specialty.PEDIATRICS)
ONE_YEAR_POSITIONS = frozenset({Specialty.TRANSITIONAL_YEAR, Specialty.PRELIM_INTERNAL_MEDICINE,
                                Specialty.PRELIM_SURGERY})
OLD_YEARS = 5


def remedies(applicant: Applicant) -> tuple[str, ...]:
    found = [
        "Widen beyond Southern California: add IMG-friendly community programs in the rest of "
        "California and neighbouring states first, then in the Midwest and the South, where "
        "true safeties are easier to find.",
        _second_specialty(applicant),
    ]
    if not ONE_YEAR_POSITIONS & {applicant.specialty, applicant.backup_specialty}:
        found.append("Add preliminary medicine or transitional-year positions"
                     + (" that sponsor your visa" if applicant.needs_visa else "")
                     + ", ideally in SoCal: a first US year there earns local letters.")
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
        return ("Wait for a strong Step 2 CK before applying: it is the first number SoCal "
                "programs screen on.")
    if regional_hands_on(a) < USCE_FLOOR or a.years_since_graduation >= OLD_YEARS:
        return ("Spend a year on hands-on clinical work at SoCal hospitals and reapply with "
                "local letters and recent US experience.")
    return ("Spend a year on research or quality improvement at a SoCal hospital to add "
            "publications, letters and local contacts before reapplying.")
