"""Reading the applicant the way this strategy does: Step 2 CK band, red flags, gaps.

Scoring, planning and advice all start from these facts, so they are worked out once here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from advisor.enums import Citizenship, Specialty, SpecialtyClass
from advisor.hooks.helpers import HANDS_ON
from advisor.hooks.types import Applicant, ApplicantAssessment


class Band(str, Enum):
    """Step 2 CK bands for IMG-friendly core specialties (domain.md, nationwide source)."""

    STRONG = "strong"            # >= 245
    COMPETITIVE = "competitive"  # 230-244
    LOWER = "lower"              # 220-229: needs compensating strengths
    LOW = "low"                  # 210-219
    VERY_LOW = "very_low"        # < 210: highly IMG-friendly FM, psychiatry, community IM
    PENDING = "pending"          # no score yet


def step2_band(score: int | None) -> Band:
    if score is None:
        return Band.PENDING
    if score >= 245:
        return Band.STRONG
    if score >= 230:
        return Band.COMPETITIVE
    if score >= 220:
        return Band.LOWER
    if score >= 210:
        return Band.LOW
    return Band.VERY_LOW


VERY_LOW_CUTOFF = 210
# The fields that still work below the very-low cutoff (community IM is checked per program).
VERY_LOW_FIELDS = frozenset({Specialty.FAMILY_MEDICINE, Specialty.PSYCHIATRY,
                             Specialty.INTERNAL_MEDICINE})
TARGET_USCE_MONTHS = 3.0
TARGET_LETTERS = 3


@dataclass(frozen=True, slots=True)
class Profile:
    """The facts this strategy's advice and plan turn on."""

    band: Band
    exam_failures: int          # failed Step 1 attempts plus extra Step 2 CK attempts
    no_visa_needed: bool        # US citizen or permanent resident
    usce_months: float          # all US clinical experience
    specialty_usce_months: float  # hands-on months in the target specialty
    specialty_letters: int      # US letters in the target specialty
    letters: int
    years_out: int
    competitive_specialty: bool

    @property
    def has_failure(self) -> bool:
        return self.exam_failures > 0


def read_profile(applicant: Applicant) -> Profile:
    specialty = applicant.specialty
    return Profile(
        band=step2_band(applicant.step2ck_score),
        exam_failures=applicant.step1_failures + max(0, applicant.step2ck_attempts - 1),
        no_visa_needed=applicant.citizenship is not Citizenship.NON_US,
        usce_months=applicant.usce_months,
        specialty_usce_months=sum(e.months for e in applicant.clinical_experience
                                  if e.specialty is specialty and e.kind in HANDS_ON),
        specialty_letters=sum(1 for x in applicant.us_letters if x.specialty is specialty),
        letters=len(applicant.us_letters),
        years_out=applicant.years_since_graduation,
        competitive_specialty=specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE,
    )


_BAND_SUMMARY = {
    Band.STRONG: "Step 2 CK is strong for IMG-friendly core programs",
    Band.COMPETITIVE: "Step 2 CK is competitive at many IMG-friendly programs",
    Band.LOWER: "Step 2 CK is on the lower side and needs strong USCE and letters beside it",
    Band.LOW: "Step 2 CK is low for most core fields, so the list must lean on "
              "strongly IMG-friendly community programs",
    Band.VERY_LOW: "Step 2 CK is very low: apply almost only to highly IMG-friendly family "
                   "medicine, psychiatry and community internal medicine",
    Band.PENDING: "Step 2 CK is not in yet, so the list cannot be sized with confidence",
}


def assess(applicant: Applicant) -> ApplicantAssessment:
    """Flags and a one-paragraph summary for the advisor; this strategy's guide has no tier."""
    p = read_profile(applicant)
    flags = [f"step2ck_{p.band.value}"]
    notes = [_BAND_SUMMARY[p.band] + "."]
    if p.has_failure:
        flags.append("exam_failure")
        notes.append("A failed attempt is on record; the application must show what changed.")
    if p.specialty_usce_months < TARGET_USCE_MONTHS:
        flags.append("usce_short")
        notes.append(f"{p.specialty_usce_months:g} months of hands-on US experience in "
                     f"{applicant.specialty.label.lower()}; 3-4 are worth having.")
    if p.specialty_letters < TARGET_LETTERS:
        flags.append("letters_short")
        notes.append(f"US letters in the specialty: {p.specialty_letters}; aim for 3-4.")
    if p.years_out >= 5:
        flags.append("graduated_long_ago")
        notes.append(f"Graduated {p.years_out} years ago, which many programs hold against "
                     "applicants.")
    if p.competitive_specialty and p.band in (Band.LOWER, Band.LOW, Band.VERY_LOW):
        flags.append("specialty_reach")
        notes.append("The chosen specialty is hard at this score; plan a backup specialty.")
    if applicant.is_us_citizen:
        flags.append("us_citizen_advantage")
        notes.append("No visa is needed, which many IMG-friendly programs value highly.")
    elif applicant.needs_visa:
        flags.append("visa_needed")
        notes.append("A visa is needed, so only programs sponsoring it count.")
    return ApplicantAssessment(flags=tuple(flags), summary=" ".join(notes))
