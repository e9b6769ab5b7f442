"""The shape of the application list under the Pacific Coast strategy (domain.md, source 002)."""

from __future__ import annotations

from advisor.hooks.types import Applicant, PlanContribution, RegionCap

from advisor_pacific_coast import tiers
from advisor_pacific_coast.region import REGION
from advisor_pacific_coast.remedies import remedies
from advisor_pacific_coast.scoring import SOME_LOCAL_MONTHS, WestCoastAnchors

TOTAL = (100, 150)
# West-coast programs at most, by tier, without and with west-coast ties or experience. The
# guide's 15-30 covers tiers A and B; anchored applicants may go higher; tier C keeps only a
# handful while it builds its profile elsewhere.
WEST_COAST_CAP = {"A": 30, "B": 20, "C": 5}
WEST_COAST_CAP_ANCHORED = {"A": 40, "B": 30, "C": 10}


def anchored(applicant: Applicant) -> bool:
    """Ties, or at least a weighted month of clinical experience, in CA, OR or WA."""
    local = WestCoastAnchors.of(applicant)
    return local.ties > 0 or local.usce >= SOME_LOCAL_MONTHS


def west_coast_cap(applicant: Applicant) -> int:
    tier = tiers.judge(applicant).tier
    table = WEST_COAST_CAP_ANCHORED if anchored(applicant) else WEST_COAST_CAP
    return table[tier]


def plan(applicant: Applicant) -> PlanContribution:
    tier = tiers.judge(applicant).tier
    cap = west_coast_cap(applicant)
    notes = [f"Apply to {TOTAL[0]}-{TOTAL[1]}+ programs nationwide; at most {cap} on the west "
             f"coast for a tier {tier} profile, the rest in IMG-friendly regions that sponsor "
             "visas."]
    if tier == "C":
        notes.append("Tier C: treat this as a multi-year plan. Match where the profile is "
                     "strongest and come west for fellowship or a job.")
    elif tier == "B":
        notes.append("Tier B: a bridge year and a very large, diversified list make the west "
                     "coast possible.")
    if anchored(applicant):
        notes.append("West-coast ties or experience justify a larger west-coast share than usual.")
    return PlanContribution(
        total=TOTAL,
        caps=(RegionCap(cap, region=REGION.slug, label="California, Oregon and Washington"),),
        notes=tuple(notes),
        remedies=remedies(applicant),
    )
