"""A short regional reading of the applicant; the SoCal guide gives no A/B/C tier."""

from __future__ import annotations

from advisor.hooks.types import Applicant, ApplicantAssessment

from advisor_socal.profile import regional_hands_on, regional_letters, step1_concern

# The guide's bar for the sought-after coastal sites, and its 3-month floor for local USCE.
COASTAL_BAR = 230
USCE_FLOOR = 3.0


def assess(applicant: Applicant) -> ApplicantAssessment:
    flags = []
    gaps = []
    score = applicant.step2ck_score
    if score is None or score < COASTAL_BAR:
        flags.append("socal_below_coastal_bar")
        gaps.append("a Step 2 CK under the 230-235 the competitive coastal sites expect"
                    if score is not None else "no Step 2 CK score yet")
    if regional_hands_on(applicant) < USCE_FLOOR:
        flags.append("socal_usce_short")
        gaps.append("less than 3 months of hands-on US clinical work in the region")
    if regional_letters(applicant) == 0:
        flags.append("socal_no_local_letter")
        gaps.append("no letter from a SoCal attending")
    if step1_concern(applicant):
        gaps.append("a Step 1 record to explain")
    if applicant.needs_visa:
        flags.append("socal_visa_needed")
        gaps.append("a visa need, which this US-citizen strategy does not assume")
    if gaps:
        summary = ("For Southern California the gaps are " + "; ".join(gaps)
                   + ". County, community and inland programs are the realistic core.")
    else:
        summary = ("The profile meets what Southern California programs look for; academic "
                   "centres remain competitive, but community and county programs are "
                   "realistic targets.")
    return ApplicantAssessment(tier=None, flags=tuple(flags), summary=summary)
