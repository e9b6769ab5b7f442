"""What else would help when a Pacific Coast list cannot reach its interview goal, chosen from
the profile: more states beyond the west coast, a second specialty, a one-year position,
Step 3, and the guide's bridge year."""

from __future__ import annotations

from advisor.enums import Specialty, VisaNeed
from advisor.hooks import helpers
from advisor.hooks.types import Applicant

from advisor_pacific_coast import tiers

# Fields that take many IMGs, offered as a second specialty when none is on file.
OPEN_FIELDS = (Specialty.FAMILY_MEDICINE, Specialty.PSYCHIATRY, Specialty.INTERNAL_MEDICINE,
               Specialty.PEDIATRICS)
ONE_YEAR_POSITIONS = frozenset({Specialty.TRANSITIONAL_YEAR, Specialty.PRELIM_INTERNAL_MEDICINE,
                                Specialty.PRELIM_SURGERY})


def remedies(applicant: Applicant) -> tuple[str, ...]:
    sponsoring = " that sponsor your visa" if applicant.needs_visa else ""
    found = [
        "Add more states beyond the west coast: IMG-friendly community programs" + sponsoring
        + " in the Midwest, the South and the East Coast carry most of a list like this.",
        _second_specialty(applicant),
    ]
    if not ONE_YEAR_POSITIONS & {applicant.specialty, applicant.backup_specialty}:
        found.append("Add preliminary medicine or transitional-year positions" + sponsoring
                     + " in any region: a first US year keeps you in clinical work and earns "
                     "US letters.")
    if applicant.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B) and not applicant.step3_passed:
        found.append("Pass Step 3 before applying: many west-coast H-1B sponsors expect it, and "
                     "a clear pass eases worries about the earlier exams.")
    found.append(_bridge_year(applicant))
    return tuple(found)


def _second_specialty(a: Applicant) -> str:
    if a.backup_specialty is not None:
        return (f"Give your backup, {a.backup_specialty.label.lower()}, a full list of its own "
                "rather than a few programs.")
    others = [s.label.lower() for s in OPEN_FIELDS if s is not a.specialty][:2]
    return (f"Apply in a second specialty that takes many IMGs, such as {' or '.join(others)}, "
            "with a list of its own.")


def _bridge_year(a: Applicant) -> str:
    """The guide's bridge year, aimed at what the file lacks most."""
    if a.step2ck_score is None:
        return ("Apply once a well-prepared Step 2 CK is in: it is the number west-coast "
                "programs read first.")
    thin_usce = helpers.weighted_usce_months(a) < tiers.STRONG_USCE_MONTHS
    if thin_usce or a.years_since_graduation >= tiers.OLD_YEARS:
        return ("Take a bridge year of hands-on US clinical work, ideally four weeks or more "
                "at each site, and reapply with fresh US letters.")
    if not tiers.has_research(a):
        return ("Take a bridge year in research at a US institution, on the west coast if you "
                "can, for publications and letter writers who know you.")
    return ("Take a bridge year that adds west-coast contacts: a research post or a "
            "preliminary year at a west-coast hospital.")
