"""What else would help when a Southern California list cannot reach its interview goal,
chosen from the profile: wider geography, a one-year position in the region, a year spent
strengthening the file there."""

from __future__ import annotations

from advisor.enums import ONE_YEAR_SPECIALTIES, RemedyKind
from advisor.hooks.types import Applicant, Remedy

from advisor_socal.assessment import USCE_FLOOR
from advisor_socal.profile import regional_hands_on

OLD_YEARS = 5


def remedies(applicant: Applicant) -> tuple[Remedy, ...]:
    """Southern California's own remedies; the core adds the generic ones (a backup
    specialty, Step 3) that this strategy words no differently."""
    found = [Remedy(RemedyKind.WIDER,
                    "Widen beyond Southern California: add IMG-friendly community programs in "
                    "the rest of California and neighbouring states first, then in the Midwest "
                    "and the South, where true safeties are easier to find.")]
    if not ONE_YEAR_SPECIALTIES & {applicant.specialty, applicant.backup_specialty}:
        found.append(Remedy(RemedyKind.BRIDGE_POSITION,
                            "Add preliminary medicine or transitional-year positions"
                            + (" that sponsor your visa" if applicant.needs_visa else "")
                            + ", ideally in SoCal: a first US year there earns local letters."))
    found.append(Remedy(RemedyKind.STRENGTHEN, _strengthening_year(applicant)))
    return tuple(found)


def _strengthening_year(a: Applicant) -> str:
    if a.step2ck_score is None:
        return ("Wait for a strong Step 2 CK before applying: it is the first number SoCal "
                "programs screen on.")
    if regional_hands_on(a) < USCE_FLOOR or a.years_since_graduation >= OLD_YEARS:
        return ("Spend a year on hands-on clinical work at SoCal hospitals and reapply with "
                "local letters and recent US experience.")
    return ("Spend a year on research or quality improvement at a SoCal hospital to add "
            "publications, letters and local contacts before reapplying.")
