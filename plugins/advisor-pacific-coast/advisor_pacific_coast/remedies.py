"""What else would help when a Pacific Coast list cannot reach its interview goal, chosen from
the profile: states beyond the west coast, Step 3 for west-coast H-1B sponsors, the guide's
bridge year. The core adds the generic ones (a backup specialty, a one-year position)."""

from __future__ import annotations

from advisor.enums import RemedyKind, VisaNeed
from advisor.hooks import helpers
from advisor.hooks.types import Applicant, Remedy

from advisor_pacific_coast import tiers

def remedies(applicant: Applicant) -> tuple[Remedy, ...]:
    sponsoring = " that sponsor your visa" if applicant.needs_visa else ""
    found = [Remedy(RemedyKind.WIDER,
                    "Add more states beyond the west coast: IMG-friendly community programs"
                    + sponsoring + " in the Midwest, the South and the East Coast carry most "
                    "of a list like this.")]
    if applicant.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B) and not applicant.step3_passed:
        found.append(Remedy(RemedyKind.STEP3,
                            "Pass Step 3 before applying: many west-coast H-1B sponsors expect "
                            "it, and a clear pass eases worries about the earlier exams."))
    found.append(Remedy(RemedyKind.STRENGTHEN, _bridge_year(applicant)))
    return tuple(found)


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
