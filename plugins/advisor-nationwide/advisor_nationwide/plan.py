"""The nationwide strategy's wishes for the application list: size, tier mix, California cap,
and what else would help when the list cannot reach its interview goal.

Sizes start from the nationwide source (80-120+ programs in a core specialty for a Step 2 CK
around 212-225) and grow for lower scores, harder specialties and extra red flags.
"""

from __future__ import annotations

from advisor.enums import SpecialtyClass
from advisor.hooks.types import Applicant, PlanContribution, RegionCap

from advisor_nationwide.profile import (
    TARGET_LETTERS,
    TARGET_USCE_MONTHS,
    Band,
    read_profile,
)
from advisor_nationwide.remedies import remedies

# (lowest Step 2 CK, (min, max) programs), highest band first.
_TOTAL_BY_SCORE: tuple[tuple[int, tuple[int, int]], ...] = (
    (245, (40, 70)),
    (235, (50, 80)),
    (226, (65, 100)),
    (212, (80, 120)),
    (205, (100, 140)),
    (0, (120, 160)),
)
_PENDING_TOTAL = (80, 120)
_SPECIALTY_EXTRA = {SpecialtyClass.LESS_COMPETITIVE: 0, SpecialtyClass.MODERATE: 20,
                    SpecialtyClass.HIGHLY_COMPETITIVE: 40}
_FLAG_EXTRA = 10    # each of: a failed attempt, graduated 5+ years ago
_VISA_EXTRA = 15    # many IMG-friendly programs sponsor no visa, so more are needed

STANDARD_SHARES = {"reach": (0.20, 0.25), "target": (0.40, 0.50), "safety": (0.30, 0.40)}
# A very low score or a failure leaves little room for reaches.
CAUTIOUS_SHARES = {"reach": (0.15, 0.20), "target": (0.40, 0.45), "safety": (0.35, 0.45)}

CALIFORNIA_CAP_SHARE = 0.20
CALIFORNIA_CAP_FLOOR = 10


def list_total(applicant: Applicant) -> tuple[int, int]:
    p = read_profile(applicant)
    score = applicant.step2ck_score
    low, high = _PENDING_TOTAL if score is None else next(
        total for floor, total in _TOTAL_BY_SCORE if score >= floor)
    extra = _SPECIALTY_EXTRA[applicant.specialty.specialty_class]
    extra += _FLAG_EXTRA * (p.has_failure + (p.years_out >= 5))
    if applicant.needs_visa:
        extra += _VISA_EXTRA
    return low + extra, high + extra


def shares_for(applicant: Applicant) -> dict[str, tuple[float, float]]:
    p = read_profile(applicant)
    return CAUTIOUS_SHARES if p.band is Band.VERY_LOW or p.has_failure else STANDARD_SHARES


def plan(applicant: Applicant) -> PlanContribution:
    p = read_profile(applicant)
    low, high = list_total(applicant)
    notes = [
        f"Apply to {low}-{high} programs. Low-score lists fail most often for want of real "
        "safeties; count as one only a program that routinely matches applicants with this "
        "profile's numbers and experience.",
        "Keep university internal medicine in New York City, Boston and California to a small "
        "part of the list. A cap can only count whole states, so it limits California; "
        "academic programs in NYC and Boston are marked down in scoring instead, so check the "
        "final list for clusters there by hand.",
    ]
    if p.band is Band.VERY_LOW:
        notes.append("Below 210, build the list almost entirely from highly IMG-friendly "
                     "family medicine, psychiatry and community internal medicine.")
    if p.specialty_usce_months < TARGET_USCE_MONTHS or p.specialty_letters < TARGET_LETTERS:
        notes.append("Before applying, aim for 3-4 months of hands-on US experience and 3-4 "
                     "strong US letters in the specialty.")
    return PlanContribution(
        total=(low, high),
        shares=shares_for(applicant),
        caps=_california_cap(applicant, high),
        notes=tuple(notes),
        remedies=remedies(applicant),
    )


def _california_cap(applicant: Applicant, high: int) -> tuple[RegionCap, ...]:
    """This strategy's own view: California is a crowded market, unless the student has roots
    there. How the cap meets another strategy's wish for more of California is the engine's
    composition, not this plugin's business."""
    if any(t.place.state == "CA" for t in applicant.ties):
        return ()
    limit = max(CALIFORNIA_CAP_FLOOR, round(high * CALIFORNIA_CAP_SHARE))
    return (RegionCap(limit, states=frozenset({"CA"}), label="California"),)
