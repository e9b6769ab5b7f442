"""Factories for tests, here and in plugin packages: plain frozen data with sensible defaults,
and a reader of what a strategy plugin tells one student."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from advisor.enums import (
    Citizenship, Factor, ProgramType, RemedyKind, Specialty, Step1Result, Tier, VisaNeed,
)
from advisor.hooks.samples import sample_plans
from advisor.hooks.strategy_plugin import StrategyPlugin
from advisor.hooks.templating import ClaimLog
from advisor.scoring.results import Assessment
from advisor.hooks.types import (
    AdviceSection, Applicant, PlanSummary, ProgramInfo, Remedy, ScoreAdjustment,
)

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


class Effect(NamedTuple):
    total: float
    caps: list[Tier]
    reasons: list[str]


def reason_sources(result: Assessment, program: Any) -> set[str]:
    """The plugins (and the core) that gave one program its reasons in an assessment."""
    scored = next(s for s in result.programs if s.program.acgme_id == program.acgme_id)
    return {reason.source for reason in scored.reasons}


@dataclass(frozen=True)
class StrategyReader:
    """What a strategy plugin tells a student, read the way its tests check it: which
    adjustments, remedies and advice sections are chosen and which facts they state, not the
    wording. `plan` is the finished list the advice is written against (a sample by default);
    each advice method also takes another."""

    plugin: StrategyPlugin
    plan: PlanSummary = field(default_factory=lambda: sample_plans()[0])

    # ---------------------------------------------------------------------- scoring

    def adjustments(self, applicant: Applicant, program: ProgramInfo) -> list[ScoreAdjustment]:
        """The plugin's adjustments to one program."""
        return [a for a in self.plugin.advisor_adjust_scores(applicant, [program])
                if a.acgme_id == program.acgme_id]

    def effect(self, applicant: Applicant, program: ProgramInfo) -> Effect:
        """The total, the caps and the reasons of the plugin's adjustments to one program,
        caps and reasons in the plugin's order."""
        found = self.adjustments(applicant, program)
        return Effect(sum(a.delta for a in found), [a.tier_cap for a in found if a.tier_cap],
                      [a.reason for a in found])

    def by_factor(self, applicant: Applicant, program: ProgramInfo) -> dict[Factor | None, float]:
        """The net change to one program of each factor the plugin judges."""
        net: dict[Factor | None, float] = {}
        for a in self.adjustments(applicant, program):
            net[a.factor] = net.get(a.factor, 0.0) + a.delta
        return net

    def total(self, applicant: Applicant, program: ProgramInfo) -> float:
        return sum(a.delta for a in self.adjustments(applicant, program))

    def reasons(self, applicant: Applicant, program: ProgramInfo) -> str:
        return " | ".join(a.reason for a in self.adjustments(applicant, program))

    def caps(self, applicant: Applicant, program: ProgramInfo) -> set[Tier]:
        return {a.tier_cap for a in self.adjustments(applicant, program) if a.tier_cap}

    def guide_lacks(self, *topics: str, sections: int = 6) -> list[str]:
        """What the plugin's guide lacks of a full page: a title and a summary, `sections`
        "## " sections, and each of `topics` (in any case). Empty when it has them all."""
        page = self.plugin.advisor_guide()
        if page is None:
            return ["the whole guide"]
        lacks = [f"{topic!r}" for topic in topics if topic.lower() not in page.body.lower()]
        found = len(re.findall(r"^## ", page.body, re.M))
        if found < sections:
            lacks.append(f"{sections} sections (it has {found})")
        if not (page.title and page.summary):
            lacks.append("a title and a summary")
        return lacks

    # ------------------------------------------------------------------------- plan

    def remedies(self, applicant: Applicant) -> tuple[Remedy, ...]:
        return tuple(self.plugin.advisor_plan_list(applicant).remedies)

    def remedy_text(self, applicant: Applicant) -> str:
        return " ".join(r.text for r in self.remedies(applicant))

    def remedy_kinds(self, applicant: Applicant) -> list[RemedyKind]:
        return [r.kind for r in self.remedies(applicant)]

    # ----------------------------------------------------------------------- advice

    def sections(self, applicant: Applicant,
                 plan: PlanSummary | None = None) -> dict[str, AdviceSection]:
        """The advice sections by title."""
        return {s.title: s for s in self.plugin.advisor_advice(applicant, plan or self.plan)}

    def by_theme(self, applicant: Applicant,
                 plan: PlanSummary | None = None) -> dict[str | None, AdviceSection]:
        """The advice sections by theme (the last one, where a theme has two)."""
        return {s.theme: s for s in self.plugin.advisor_advice(applicant, plan or self.plan)}

    def text(self, applicant: Applicant, theme: str, plan: PlanSummary | None = None) -> str:
        """The bodies of every section on one theme."""
        return " ".join(s.body for s in self.plugin.advisor_advice(applicant, plan or self.plan)
                        if s.theme == theme)

    def claims(self, applicant: Applicant, plan: PlanSummary | None = None) -> ClaimLog:
        """Every claim the strategy reaches for this student (its summary, its plan's notes
        and remedies, its advice): `.made` names the facts it states, `.made_in(file)` those
        one template states. Fails when one states a fact the profile lacks."""
        log = ClaimLog()
        self.plugin.render_all(applicant, [plan or self.plan], log)
        assert not log.broken, f"claims a fact the profile lacks: {log.broken}"
        return log

    def everything(self, applicant: Applicant, plan: PlanSummary | None = None) -> str:
        """All the strategy writes for this student, as one string: summary, plan notes,
        remedies and advice."""
        contribution = self.plugin.advisor_plan_list(applicant)
        assessment = self.plugin.advisor_assess_applicant(applicant)
        return "\n".join([assessment.summary if assessment else "", *contribution.notes,
                          *(r.text for r in contribution.remedies),
                          *(s.body for s in self.plugin.advisor_advice(applicant,
                                                                       plan or self.plan))])
