"""Factories for tests, here and in plugin packages: plain frozen data with sensible defaults,
and a reader of what a content strategy tells one student."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from advisor.enums import Citizenship, ProgramType, Specialty, Step1Result, VisaNeed
from advisor.hooks.strategy_plugin import StrategyPlugin
from advisor.hooks.templating import ClaimLog
from advisor.hooks.types import AdviceSection, Applicant, PlanSummary, ProgramInfo, Remedy

DEFAULT_SEASON = 2026


def make_applicant(**overrides: Any) -> Applicant:
    """A recent non-US IMG in internal medicine needing a J-1, Step 2 CK 225; override freely."""
    base = Applicant(
        name="Test Applicant",
        citizenship=Citizenship.NON_US,
        visa_needed=VisaNeed.J1,
        step1_result=Step1Result.PASS,
        step1_attempts=1,
        step1_score=None,
        step2ck_score=225,
        step2ck_attempts=1,
        step3_score=None,
        step3_passed=None,
        graduation_year=DEFAULT_SEASON - 2,
        season_year=DEFAULT_SEASON,
        specialty=Specialty.INTERNAL_MEDICINE,
    )
    return replace(base, **overrides)


_counter = iter(range(1, 10**9))


def make_program(**overrides: Any) -> ProgramInfo:
    """A mid-range community IM program in Ohio; every attribute can be overridden."""
    number = next(_counter)
    base = ProgramInfo(
        acgme_id=f"T{number:07d}",
        name=f"Test Program {number}",
        specialty=Specialty.INTERNAL_MEDICINE,
        state="OH",
        city="Columbus",
        zip="43215",
        county="Franklin County",
        program_type=ProgramType.COMMUNITY,
        positions=10,
        img_share=0.4,
        us_img_share=0.1,
        non_us_img_share=0.3,
        visa_j1=True,
        visa_h1b=False,
        step2_min=210,
        step2_median=228,
        yog_max_years=5,
        attempts_max=2,
        usce_required=False,
        new_program=False,
    )
    return replace(base, **overrides)


@dataclass(frozen=True)
class StrategyReader:
    """What a content strategy tells a student against one finished list, read as its tests
    check it: which sections and remedies are chosen and which facts they state, not wording."""

    plugin: StrategyPlugin
    plan: PlanSummary

    def sections(self, applicant: Applicant) -> dict[str, AdviceSection]:
        return {s.title: s for s in self.plugin.advisor_advice(applicant, self.plan)}

    def text(self, applicant: Applicant, theme: str) -> str:
        """The bodies of every section on one theme."""
        return " ".join(s.body for s in self.plugin.advisor_advice(applicant, self.plan)
                        if s.theme == theme)

    def stated(self, applicant: Applicant) -> ClaimLog:
        """The claims the advice reaches; fails when one is for a fact the profile lacks."""
        claims = self.plugin.advice_claims(applicant, self.plan)
        assert not claims.broken, claims.broken
        return claims

    def remedies(self, applicant: Applicant) -> tuple[Remedy, ...]:
        return self.plugin.advisor_plan_list(applicant).remedies


def strategy_claims(plugin: StrategyPlugin, applicant: Applicant,
                    plan: PlanSummary) -> ClaimLog:
    """Every claim a content strategy reaches for this student (its summary, its plan's
    notes and remedies, its advice on `plan`): `.made` names the facts it states, `.broken`
    any it states without the profile holding them."""
    log = ClaimLog()
    plugin.render_all(applicant, [plan], log)
    return log


def strategy_text(plugin: StrategyPlugin, applicant: Applicant, plan: PlanSummary) -> str:
    """All a strategy writes for this student, as one string: summary, plan notes, remedies
    and advice on `plan`."""
    contribution = plugin.advisor_plan_list(applicant)
    assessment = plugin.advisor_assess_applicant(applicant)
    return "\n".join([assessment.summary if assessment else "", *contribution.notes,
                      *(r.text for r in contribution.remedies),
                      *(s.body for s in plugin.advisor_advice(applicant, plan))])
