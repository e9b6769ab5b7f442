"""A short Los Angeles reading of the applicant; the LA guide gives no A/B/C tier."""

from __future__ import annotations

from advisor.hooks import helpers
from advisor.hooks.types import Applicant, ApplicantAssessment

from advisor_los_angeles.profile import (
    LA_SCREEN_LOW, la_hands_on, step1_concern, wants_step3,
)
from advisor_los_angeles.region import REGION


def assess(applicant: Applicant) -> ApplicantAssessment:
    flags = []
    notes = []
    score = applicant.step2ck_score
    if score is None:
        flags.append("la_no_step2ck")
        notes.append("no Step 2 CK yet, which LA programs screen on first")
    elif score < LA_SCREEN_LOW:
        flags.append("la_below_screen")
        notes.append(f"a Step 2 CK of {score}, under the 225-230 many LA programs screen at")
    if step1_concern(applicant):
        notes.append("a Step 1 record to explain")
    if wants_step3(applicant):
        flags.append("la_step3_advised")
        notes.append("no Step 3 yet: with this Step 2 CK and a visa need, a solid Step 3 "
                     "before applying shows growth, and many H-1B sponsors require it")
    if la_hands_on(applicant) == 0:
        flags.append("la_no_local_usce")
        notes.append("no hands-on US clinical work in Los Angeles")
    if helpers.letters_in(applicant, REGION) == 0:
        notes.append("no letter from an LA physician")
    if notes:
        summary = ("For Los Angeles: " + "; ".join(notes) + ". Community and safety-net "
                   "programs with IMG residents are the realistic core, with breadth beyond LA.")
    else:
        summary = ("The profile clears what most LA programs screen for; IMG-friendly "
                   "community and safety-net programs are realistic targets.")
    return ApplicantAssessment(tier=None, flags=tuple(flags), summary=summary)
