"""The default hook implementations of a region strategy made of content.

A strategy package holds strategy.toml, guide.md and advice/*.md.j2, and its entry point is
one line:

    plugin = StrategyPlugin("advisor_texas")

Rules that data cannot express go in a module passed as `rules`; each function is optional:

- `adjust_scores(strategy, applicant, programs) -> list[ScoreAdjustment]`
- `tier(strategy, applicant) -> str | None` (a key of `[tiers.meaning]`)
- `context(strategy, applicant) -> dict` (extra values for templates and conditions)
- `plan(strategy, applicant, contribution) -> PlanContribution` (change the plan read from
  the file, for example totals that depend on a tier)

Each receives the loaded `StrategyContent`, whose `numbers` hold the strategy's figures.

Templates and `when` conditions see `a` (the Applicant), `facts`, `record` (the
RegionalRecord of the strategy's region), `exam` (the ExamRecord: Step 1 concern, issues,
evidence of progress), `n` (the numbers), `strategy`, `plan` (the PlanSummary, in advice
only), `less_competitive`, `list_total` (the (min, max) list size [plan] gives this student,
before `rules.plan`), and whatever `rules.context` adds.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from advisor.enums import RemedyKind, SpecialtyClass
from advisor.hooks import HOOK_API_VERSION, hookimpl
from advisor.hooks.exams import ExamRecord
from advisor.hooks.facts import profile_facts
from advisor.hooks.places import RegionalRecord
from advisor.hooks.samples import profile_variants, sample_plans
from advisor.hooks.strategy import Conditional, StrategyContent, load_strategy
from advisor.hooks.templating import ClaimLog, ContentError, Scope
from advisor.hooks.types import (
    AdviceSection, Applicant, ApplicantAssessment, GuidePage, PlanContribution, PlanSummary,
    ProgramInfo, Region, Remedy, ScoreAdjustment,
)

log = logging.getLogger(__name__)


def _signature(folder: Path | None) -> tuple[tuple[str, int, int], ...]:
    if folder is None or not folder.is_dir():
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in folder.rglob("*") if p.is_file()))


class StrategyPlugin:
    """A region strategy read from its files; register the instance as the plugin."""

    ADVISOR_HOOK_API = HOOK_API_VERSION

    def __init__(self, package: str, rules: Any = None) -> None:
        self.package = package
        self.package_dir = Path(str(files(package)))
        self.rules = rules
        self._content: StrategyContent | None = None
        # Loaded content by override folder and the state of its files: every app in a
        # process (tests make hundreds) reuses it instead of rendering the samples again.
        self._loaded: dict[tuple[Path | None, tuple[tuple[str, int, int], ...]],
                           StrategyContent] = {}
        self._last_context: tuple[StrategyContent, Applicant, dict[str, Any]] | None = None

    # ------------------------------------------------------------------ content

    @property
    def content(self) -> StrategyContent:
        if self._content is None:
            self._content = self._load(None)
        return self._content

    def _load(self, override_dir: Path | None) -> StrategyContent:
        key = (override_dir, _signature(override_dir))
        if key not in self._loaded:
            # An office's edits are rendered against the sample profiles before use; shipped
            # content is checked by its plugin's contract tests instead, which keeps start-up
            # (every CLI command) quick.
            self._loaded[key] = load_strategy(
                self.package_dir, override_dir,
                samples=self.try_render if override_dir is not None else None)
        return self._loaded[key]

    def load_content(self, overrides_root: Path | None) -> str | None:
        """Load the shipped files, with an office's overrides from
        `overrides_root/<slug>/` when that folder exists. A broken override is refused and
        the shipped content used; the returned message names the file and line."""
        shipped = self._load(None)
        override_dir = overrides_root / shipped.slug if overrides_root else None
        if override_dir is None or not override_dir.is_dir():
            self._content = shipped
            return None
        try:
            self._content = self._load(override_dir)
        except ContentError as exc:
            self._content = shipped
            return f"override refused, shipped content used: {exc}"
        return None

    @property
    def fingerprint(self) -> str:
        return self.content.fingerprint

    def try_render(self, content: StrategyContent) -> None:
        """Render everything for varied sample profiles; raises ContentError at the first
        failure or the first claim stated for a profile that does not hold it."""
        for label, applicant in profile_variants():
            claims = ClaimLog()
            self.render_all(applicant, sample_plans(), claims, content)
            if claims.broken:
                claim = claims.broken[0]
                raise ContentError(claim.file, claim.line,
                                   f"claims {', '.join(claim.facts)} for the sample profile "
                                   f"{label!r}, which does not hold it; guard the text with "
                                   "a condition on those facts")

    def advice_claims(self, applicant: Applicant, plan: PlanSummary) -> ClaimLog:
        """The claims this strategy's advice reaches for a student: what each template states
        about them. Tests check these, and which sections are chosen, rather than wording."""
        claims = ClaimLog()
        self._advice(self.content, applicant, plan, claims)
        return claims

    def render_all(self, applicant: Applicant, plans: Sequence[PlanSummary], claims: ClaimLog,
                   content: StrategyContent | None = None) -> None:
        """Render everything the strategy writes for one student (the assessment, the plan's
        notes and remedies, the advice for each of `plans`), recording every claim reached in
        `claims`. Raises ContentError for a template that fails, e.g. an undefined variable."""
        content = content or self.content
        self._assessment(content, applicant, claims)
        self._plan(content, applicant, claims)
        for plan in plans:
            self._advice(content, applicant, plan, claims)

    def _checked(self, claims: ClaimLog) -> None:
        """Text claiming a fact the profile lacks was dropped; say so in the log."""
        for claim in claims.broken:
            log.warning("%s: %s line %s claims %s, which the profile does not hold; dropped",
                        self.package, claim.file, claim.line, ", ".join(claim.facts))

    # ------------------------------------------------------------------ context

    def context(self, content: StrategyContent, applicant: Applicant,
                plan: PlanSummary | None = None) -> dict[str, Any]:
        # One assessment asks for the same student's context in three hooks; it depends only
        # on the content and the (frozen) applicant, so the last one is kept.
        kept = self._last_context
        if kept is not None and kept[0] is content and kept[1] is applicant:
            base = kept[2]
        else:
            base = self._context(content, applicant)
            self._last_context = (content, applicant, base)
        return {**base, "plan": plan}

    def _context(self, content: StrategyContent, applicant: Applicant) -> dict[str, Any]:
        record = (RegionalRecord.of(applicant, content.geography)
                  if content.geography is not None else None)
        ctx: dict[str, Any] = {
            "a": applicant,
            "facts": profile_facts(applicant, record),
            "record": record,
            "exam": ExamRecord.of(applicant),
            "n": content.numbers,
            "strategy": content,
            "plan": None,
            "less_competitive": applicant.specialty.specialty_class
            is SpecialtyClass.LESS_COMPETITIVE,
        }
        extra = getattr(self.rules, "context", None)
        if extra is not None:
            ctx.update(extra(content, applicant))
        ctx["list_total"] = self._total(content, ctx)
        return ctx

    def _total(self, content: StrategyContent, ctx: dict[str, Any]) -> tuple[int, int] | None:
        """The list size this strategy asks of this student, as [plan] gives it."""
        total = content.total
        if content.total_competitive and not ctx["less_competitive"]:
            total = content.total_competitive
        if total and content.broaden_by and Scope(ctx).holds(content.broaden_when):
            total = (min(total[1], total[0] + content.broaden_by), total[1])
        return total

    @staticmethod
    def _texts(items: Sequence[Conditional], scope: Scope) -> list[tuple[str, str]]:
        out = []
        for item in items:
            if scope.holds(item.when):
                text = scope.render(item.template, item.path)
                if text:
                    out.append((item.kind, text))
        return out

    # ------------------------------------------------------------------ the pieces

    def _assessment(self, content: StrategyContent, applicant: Applicant,
                    claims: ClaimLog) -> ApplicantAssessment | None:
        scope = Scope(self.context(content, applicant), claims)
        rule = getattr(self.rules, "tier", None)
        tier = rule(content, applicant) if rule is not None else None
        flags = tuple(f.name for f in content.flags if scope.holds(f.when))
        summary = ""
        if content.summary_template is not None:
            summary = scope.render(content.summary_template.template,
                                   content.summary_template.path, tier=tier)
        if tier is None and not flags and not summary:
            return None
        return ApplicantAssessment(
            tier=tier, flags=flags, summary=summary,
            tier_scale=content.tier_scale if tier else "",
            tier_meaning=content.tier_meaning.get(tier, "") if tier else "")

    def _plan(self, content: StrategyContent, applicant: Applicant,
              claims: ClaimLog) -> PlanContribution:
        ctx = self.context(content, applicant)
        scope = Scope(ctx, claims)
        contribution = PlanContribution(
            total=ctx["list_total"], shares=dict(content.shares) if content.shares else None,
            caps=content.caps, priority_groups=content.priority_groups,
            notes=tuple(text for _, text in self._texts(content.notes, scope)),
            remedies=tuple(Remedy(RemedyKind(kind), text) for kind, text
                           in self._texts(content.remedies, scope)))
        rule = getattr(self.rules, "plan", None)
        return rule(content, applicant, contribution) if rule is not None else contribution

    def _advice(self, content: StrategyContent, applicant: Applicant, plan: PlanSummary,
                claims: ClaimLog) -> list[AdviceSection]:
        ctx = self.context(content, applicant, plan)
        facts = ctx["facts"]
        scope = Scope(ctx, claims)
        sections = []
        for entry in content.advice:
            if not all(facts[f] for f in entry.requires) or not scope.holds(entry.when):
                continue
            body = scope.render(entry.template, entry.path)
            if body:
                sections.append(AdviceSection(entry.title, body, entry.theme, entry.order))
        return sections

    # ------------------------------------------------------------------ hooks

    @hookimpl
    def advisor_regions(self) -> Sequence[Region]:
        return [self.content.region] if self.content.region else []

    @hookimpl
    def advisor_guide(self) -> GuidePage | None:
        c = self.content
        if not c.guide_body:
            return None
        return GuidePage(slug=c.slug, title=c.guide_title, summary=c.guide_summary,
                         body=c.guide_body)

    @hookimpl
    def advisor_assess_applicant(self, applicant: Applicant) -> ApplicantAssessment | None:
        claims = ClaimLog()
        answer = self._assessment(self.content, applicant, claims)
        self._checked(claims)
        return answer

    @hookimpl
    def advisor_adjust_scores(self, applicant: Applicant,
                              programs: Sequence[ProgramInfo]) -> Sequence[ScoreAdjustment]:
        rule = getattr(self.rules, "adjust_scores", None)
        return rule(self.content, applicant, programs) if rule is not None else []

    @hookimpl
    def advisor_plan_list(self, applicant: Applicant) -> PlanContribution:
        claims = ClaimLog()
        answer = self._plan(self.content, applicant, claims)
        self._checked(claims)
        return answer

    @hookimpl
    def advisor_advice(self, applicant: Applicant,
                       plan: PlanSummary) -> Sequence[AdviceSection]:
        claims = ClaimLog()
        answer = self._advice(self.content, applicant, plan, claims)
        self._checked(claims)
        return answer
