"""Runs one assessment: asks the plugins, combines their answers, tiers, plans and advises.

Each hook is called once per assessment with whole batches. A plugin's failure or malformed
answer becomes a warning and that answer is skipped; the assessment always completes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from advisor.enums import Factor, Tier
from advisor.plugin_registry import (
    CORE_PLUGIN_NAME,
    MalformedResult,
    PluginRegistry,
    PluginWarning,
    expect_sequence_of,
)
from advisor.hooks.types import (
    ALL_PROGRAMS,
    AdviceSection,
    Applicant,
    ApplicantAssessment,
    PlanContribution,
    PlanSummary,
    ProgramInfo,
    ScoreAdjustment,
)
from advisor.scoring.chances import ChanceModel, tier_for
from advisor.scoring.evidence import EVIDENCE_SOURCE, Evidence, evidence_adjustments
from advisor.scoring.goals import PUBLISHED, InterviewGoals
from advisor.scoring.planner import plan_list
from advisor.scoring.results import (
    BASE_SCORE,
    TIER_ORDER,
    TIER_RANK,
    ApplicantResult,
    Assessment,
    ReasonLedger,
    ScoredProgram,
)

MAX_ABS_DELTA = 100.0


def assess(applicant: Applicant, programs: Sequence[ProgramInfo],
           registry: PluginRegistry, evidence: Evidence | None = None,
           goals: InterviewGoals = PUBLISHED) -> Assessment:
    """Score `programs` (already limited to the applicant's specialties) for one applicant.

    `evidence`, the office's past applications, adjusts scores last (source "office evidence");
    `goals` are the office's interview goals by specialty.
    """
    return _assess(applicant, programs, registry, evidence, goals)


class _Speakers:
    """Who speaks for one applicant: office-wide plugins always, a region strategy only for
    the students who chose it (or whom the office's defaults give it)."""

    def __init__(self, applicant: Applicant, registry: PluginRegistry) -> None:
        self.plugin_regions = {name: {r.slug for r in regions}
                               for name, regions in registry.plugin_regions().items()}
        self.strategies = active_strategies(applicant, self.plugin_regions)

    def __call__(self, name: str) -> bool:
        return not self.plugin_regions.get(name) or name in self.strategies


def judge_applicant(applicant: Applicant, registry: PluginRegistry
                    ) -> tuple[ApplicantResult, list[PluginWarning]]:
    """The applicant as a whole (tier, flags, summary) without scoring any program: what the
    students list stores. The same rules as a full assessment."""
    speaks = _Speakers(applicant, registry)
    warnings: list[PluginWarning] = []
    return _assess_applicant(applicant, registry, speaks, speaks.strategies, warnings), warnings


def _assess(applicant: Applicant, programs: Sequence[ProgramInfo],
            registry: PluginRegistry, evidence: Evidence | None,
            goals: InterviewGoals) -> Assessment:
    warnings: list[PluginWarning] = list(registry.region_warnings())
    speaks = _Speakers(applicant, registry)
    plugin_regions, strategies = speaks.plugin_regions, speaks.strategies
    applicant_result = _assess_applicant(applicant, registry, speaks, strategies, warnings)
    model = ChanceModel.for_applicant(applicant)
    scored = _score(applicant, programs, registry, plugin_regions, speaks, warnings, evidence,
                    model)

    contributions = _collect(registry, "advisor_plan_list", {"applicant": applicant},
                             PlanContribution, speaks, warnings)
    # The student's strategies in their target order, office-wide plugins (the core) after.
    contributions.sort(key=lambda item: strategies.get(item[0], len(strategies)))
    plan = plan_list(applicant, scored, contributions, goals)

    summary = PlanSummary(
        total=len(plan.entries),
        by_tier=_count(e.tier.value for e in plan.entries),
        by_region=_count(r for e in plan.entries for r in e.program.regions),
        shortfalls=tuple(plan.shortfalls),
        expected_interviews=round(plan.expected_interviews, 1),
        interview_goal=plan.interview_goal,
        by_specialty=_count(e.program.specialty.value for e in plan.entries),
    )
    advice = _advice(applicant, summary, registry, speaks, warnings)
    return Assessment(applicant_result, scored, plan, advice, warnings,
                      sorted(strategies, key=lambda name: (strategies[name], name)))


def active_strategies(applicant: Applicant, plugin_regions: dict[str, set[str]]
                      ) -> dict[str, int]:
    """The plugins owning one of the student's target regions (the service fills in the
    office's defaults when the student chose none), each with its place in the student's
    target order."""
    order = {slug: i for i, slug in enumerate(applicant.target_regions)}
    return {name: min(order[s] for s in slugs if s in order)
            for name, slugs in plugin_regions.items() if slugs & order.keys()}


# ------------------------------------------------------------------------------ applicant

def _assess_applicant(applicant: Applicant, registry: PluginRegistry, speaks: Any,
                      strategies: dict[str, int], warnings: list[PluginWarning]) -> ApplicantResult:
    answers = _collect(registry, "advisor_assess_applicant", {"applicant": applicant},
                       ApplicantAssessment, speaks, warnings)
    # Only an active strategy gives the applicant tier; with two, the first in the student's
    # target order wins and the other is shown beside it.
    tiered = sorted(((strategies[name], name, a) for name, a in answers
                     if a.tier and name in strategies), key=lambda t: (t[0], t[1]))
    main = tiered[0] if tiered else None
    others = [{"tier": a.tier, "tier_source": name, "tier_scale": a.tier_scale or None,
               "tier_meaning": a.tier_meaning or None} for _, name, a in tiered[1:]]
    flags = list(dict.fromkeys(flag for _, a in answers for flag in a.flags))
    core = next((a.summary for name, a in answers if name == CORE_PLUGIN_NAME), "")
    by_source = [{"source": name, "tier": a.tier, "tier_scale": a.tier_scale or None,
                  "flags": list(a.flags), "summary": a.summary} for name, a in answers]
    if main is None:
        return ApplicantResult(None, None, flags, core, by_source)
    _, name, answer = main
    return ApplicantResult(answer.tier, name, flags, core, by_source,
                           answer.tier_scale or None, answer.tier_meaning or None, others)


# -------------------------------------------------------------------------------- scoring

def _score(applicant: Applicant, programs: Sequence[ProgramInfo], registry: PluginRegistry,
           plugin_regions: dict[str, set[str]], speaks: Any, warnings: list[PluginWarning],
           evidence: Evidence | None, model: ChanceModel) -> list[ScoredProgram]:
    n = len(programs)
    index = {p.acgme_id: i for i, p in enumerate(programs)}
    caps = [0] * n
    ledger = ReasonLedger(index)
    members: dict[str, frozenset[int] | None] = {}

    def batch_for(name: str) -> dict[str, Any] | None:
        if not speaks(name):
            return None
        slugs = plugin_regions.get(name)
        if not slugs:
            members[name] = None  # office-wide: every program
            batch = list(programs)
        else:
            batch = [p for p in programs if slugs.intersection(p.regions)]
            members[name] = frozenset(index[p.acgme_id] for p in batch)
        return {"applicant": applicant, "programs": batch} if batch else None

    result = registry.call("advisor_adjust_scores", kwargs_for=batch_for)
    warnings.extend(result.warnings)
    tallies: list[tuple[str, frozenset[int] | None, _Tally]] = []
    for name, answer in result.answers:
        batch = members[name]
        try:
            adjustments, tally = _tally(answer, index, batch)
        except MalformedResult as exc:
            # Nothing of a malformed answer counts: its tallies were kept apart until now.
            warnings.append(registry.fail(name, "advisor_adjust_scores", str(exc)))
            continue
        ledger.answers.append((name, batch, adjustments))
        tallies.append((name, batch, tally))
        for i, rank in tally.caps.items():
            if rank > caps[i]:
                caps[i] = rank
    totals = _merge_factors(tallies, n)

    if evidence:
        # Last, because the evidence pulls the score so far towards what our graduates met.
        so_far = [min(100.0, max(0.0, BASE_SCORE + t)) for t in totals]
        adjustments = evidence_adjustments(applicant, programs, so_far, evidence, model)
        ledger.answers.append((EVIDENCE_SOURCE, None, adjustments))
        for adj in adjustments:
            # From the clamped score the delta was worked out against, so it shows in full.
            i = index[adj.acgme_id]
            totals[i] = so_far[i] - BASE_SCORE + adj.delta

    scored = []
    for i, program in enumerate(programs):
        raw = BASE_SCORE + totals[i]
        score = round(min(100.0, max(0.0, raw)), 1)
        cap = TIER_ORDER[caps[i]] if caps[i] else None
        # From the unclamped total: two profiles that both clamp to 0 still differ in chance.
        chance = model.chance(raw, cap)
        scored.append(ScoredProgram(program, score, tier_for(chance, cap), ledger, i, chance, cap))
    scored.sort(key=lambda s: (TIER_RANK[s.tier], -s.chance, s.program.acgme_id))
    return scored


class _Tally(NamedTuple):
    """One plugin's answer added up per factor: nets for single programs, nets for its whole
    batch (ALL_PROGRAMS), and tier caps as ranks."""

    single: dict[tuple[int, Factor], float]
    shared: dict[Factor, float]
    caps: dict[int, int]


def _merge_factors(tallies: Sequence[tuple[str, frozenset[int] | None, _Tally]], n: int
                   ) -> list[float]:
    """Each program's total: per factor, the strongest positive and the strongest negative
    source net; `other` adds up across sources. ReasonLedger marks reasons by the same rule
    (results.counted_sources)."""
    best_pos: dict[tuple[int, Factor], float] = {}
    best_neg: dict[tuple[int, Factor], float] = {}
    totals = [0.0] * n

    def offer(key: tuple[int, Factor], net: float) -> None:
        if key[1] is Factor.OTHER:
            totals[key[0]] += net
        elif net > 0:
            if net > best_pos.get(key, 0.0):
                best_pos[key] = net
        elif net < 0 and net < best_neg.get(key, 0.0):
            best_neg[key] = net

    for _, batch, tally in tallies:
        single = dict(tally.single)
        if tally.shared:
            everyone = range(n) if batch is None else batch
            for factor, net in tally.shared.items():
                for i in everyone:
                    key = (i, factor)
                    offer(key, net + single.pop(key, 0.0))
        for key, net in single.items():
            offer(key, net)
    for best in (best_pos, best_neg):
        for (i, _), net in best.items():
            totals[i] += net
    return totals


def _tally(answer: Any, index: dict[str, int], batch: frozenset[int] | None
           ) -> tuple[list[ScoreAdjustment], _Tally]:
    """Check one plugin's whole answer and add it up per program and factor, apart from the
    others'. Raises MalformedResult at the first bad item, so a bad answer counts for nothing.
    """
    single: dict[tuple[int, Factor], float] = {}
    shared: dict[Factor, float] = {}
    caps: dict[int, int] = {}
    if answer is None:
        return [], _Tally(single, shared, caps)
    if not isinstance(answer, (list, tuple)):
        raise MalformedResult(f"expected a list of ScoreAdjustment, got {type(answer).__name__}")
    shared_cap = 0
    for adj in answer:
        if type(adj) is not ScoreAdjustment:
            raise MalformedResult(f"expected ScoreAdjustment items, got {type(adj).__name__}")
        acgme_id, delta, reason, cap, factor = adj
        # NaN fails the range test too.
        if type(delta) not in (int, float) or not -MAX_ABS_DELTA <= delta <= MAX_ABS_DELTA:
            raise MalformedResult(f"delta {delta!r} for {acgme_id} is not a number "
                                  f"between -{MAX_ABS_DELTA:g} and {MAX_ABS_DELTA:g}")
        if type(reason) is not str or not reason:
            raise MalformedResult(f"adjustment for {acgme_id} has no reason")
        if type(factor) is not Factor:
            raise MalformedResult(f"factor {factor!r} for {acgme_id} is not a Factor")
        rank = 0
        if cap is not None:
            if type(cap) is not Tier:
                raise MalformedResult(f"tier_cap {cap!r} is not a Tier")
            rank = TIER_RANK[cap]
        if acgme_id == ALL_PROGRAMS:
            shared[factor] = shared.get(factor, 0.0) + delta
            shared_cap = max(shared_cap, rank)
            continue
        i = index.get(acgme_id)
        if i is None or batch is not None and i not in batch:
            raise MalformedResult(f"adjustment for program {acgme_id!r}, which was not in its batch")
        key = (i, factor)
        single[key] = single.get(key, 0.0) + delta
        if rank > caps.get(i, 0):
            caps[i] = rank
    if shared_cap:
        for i in range(len(index)) if batch is None else batch:
            if shared_cap > caps.get(i, 0):
                caps[i] = shared_cap
    return list(answer), _Tally(single, shared, caps)


# ------------------------------------------------------------------------ plans and advice

def _collect(registry: PluginRegistry, hook: str, kwargs: dict[str, Any], kind: type,
             only: Any, warnings: list[PluginWarning], single: bool = True) -> list[tuple[str, Any]]:
    """Call a hook whose answer is one `kind` (or None) per plugin; drop malformed answers."""
    result = registry.call(hook, kwargs, only=only)
    warnings.extend(result.warnings)
    answers = []
    for name, answer in result.answers:
        if answer is None:
            continue
        if not isinstance(answer, kind):
            warnings.append(registry.fail(name, hook, f"expected {kind.__name__} or None, "
                                                      f"got {type(answer).__name__}"))
            continue
        answers.append((name, answer))
    return answers


def _advice(applicant: Applicant, plan: PlanSummary, registry: PluginRegistry, speaks: Any,
            warnings: list[PluginWarning]) -> list[tuple[str, AdviceSection]]:
    result = registry.call("advisor_advice", {"applicant": applicant, "plan": plan}, only=speaks)
    warnings.extend(result.warnings)
    # Strategies appear in the order the student listed their target regions.
    order = {slug: i for i, slug in enumerate(applicant.target_regions)}
    owners = {name: min((order[s] for s in slugs if s in order), default=len(order))
              for name, slugs in ((n, {r.slug for r in rs})
                                  for n, rs in registry.plugin_regions().items())}
    sections: list[tuple[str, AdviceSection]] = []
    for name, answer in result.answers:
        try:
            checked = expect_sequence_of(answer, AdviceSection)
        except MalformedResult as exc:
            warnings.append(registry.fail(name, "advisor_advice", str(exc)))
            continue
        sections.extend((name, s) for s in checked)
    sections.sort(key=lambda item: (owners.get(item[0], len(order)), item[0], item[1].order))
    return sections


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
