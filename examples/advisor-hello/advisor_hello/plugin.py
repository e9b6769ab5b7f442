"""An office-wide note on every student's advice page. It changes nothing in scoring."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.hooks import HOOK_API_VERSION, hookimpl
from advisor.hooks.types import AdviceSection, Applicant, PlanSummary

# The hook API this plugin was written for; the host refuses a plugin written for another.
ADVISOR_HOOK_API = HOOK_API_VERSION


# No advisor_regions hook: a plugin without a region speaks to every student.
@hookimpl
def advisor_advice(applicant: Applicant, plan: PlanSummary) -> Sequence[AdviceSection]:
    first_name = applicant.name.split()[0]
    return [AdviceSection(
        title="Practise with us",
        body=(f"{first_name}, book a mock interview with the advising office before your "
              "first invitation arrives. Bring your personal statement and this list of "
              f"{plan.total} programs; we will go through both with you."),
        theme="interviews",
    )]
