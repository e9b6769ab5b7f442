"""The core's own scoring defaults, registered as the plugin "core" with every hook trylast.

Region plugins run first and never depend on registration order; the core always speaks.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.enums import VisaNeed
from advisor.hooks import hookimpl
from advisor.hooks.types import (
    Applicant,
    ApplicantAssessment,
    PlanContribution,
    ProgramInfo,
    ProgramsAdjustment, ScoreAdjustment,
)
from advisor.scoring import core_rules, readiness


@hookimpl(trylast=True)
def advisor_adjust_scores(applicant: Applicant, programs: Sequence[ProgramInfo]
                          ) -> list[ScoreAdjustment | ProgramsAdjustment]:
    return core_rules.adjust(applicant, programs)


@hookimpl(trylast=True)
def advisor_plan_list(applicant: Applicant) -> PlanContribution:
    return PlanContribution(total=core_rules.default_total(applicant.specialty),
                            shares=core_rules.DEFAULT_SHARES,
                            notes=tuple(readiness.plan_notes(applicant)),
                            remedies=tuple(core_rules.remedies(applicant)))


@hookimpl(trylast=True)
def advisor_assess_applicant(applicant: Applicant) -> ApplicantAssessment:
    flags: list[str] = []
    notes: list[str] = []
    step2 = applicant.step2ck_score
    if step2 is None:
        flags.append("no_step2ck")
        notes.append("Step 2 CK not taken yet")
    elif step2 < 210:
        flags.append("very_low_step2ck")
        notes.append(f"Step 2 CK {step2} is very low")
    elif step2 < 220:
        flags.append("low_step2ck")
        notes.append(f"Step 2 CK {step2} is low")
    else:
        notes.append(f"Step 2 CK {step2}")
    if applicant.step1_failures:
        flags.append("step1_fail")
        notes.append(f"{applicant.step1_failures} failed Step 1 attempt"
                     f"{'s' if applicant.step1_failures > 1 else ''}")
    years = applicant.years_since_graduation
    if years >= 5:
        flags.append("older_graduate")
        notes.append(f"graduated {years} years ago")
    if not applicant.clinical_experience:
        flags.append("no_usce")
        notes.append("no US clinical experience")
    if len(applicant.us_letters) < 3:
        flags.append("few_us_letters")
    if applicant.needs_visa:
        flags.append("needs_visa")
        notes.append(f"needs {VISA_WORDS[applicant.visa_needed]} sponsorship")
    elif applicant.is_us_citizen:
        notes.append("US citizen")
    if applicant.step3_passed:
        flags.append("step3_passed")
    readiness_flags, readiness_notes = readiness.flags_and_notes(applicant)
    flags.extend(readiness_flags)
    notes.extend(readiness_notes)
    summary = "; ".join(notes)
    return ApplicantAssessment(flags=tuple(flags), summary=summary[:1].upper() + summary[1:] + ".")


VISA_WORDS = {VisaNeed.J1: "J-1", VisaNeed.H1B: "H-1B", VisaNeed.J1_OR_H1B: "J-1 or H-1B"}
