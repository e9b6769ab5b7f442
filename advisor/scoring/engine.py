"""Runs one assessment: asks the plugins, combines their answers, tiers, plans and advises.

Each hook is called once per assessment with whole batches. A plugin's failure or malformed
answer becomes a warning and that answer is skipped; the assessment always completes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import add
from typing import Any

from advisor.enums import Tier
from advisor.hooks.manager import (
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
from advisor.scoring.evidence import EVIDENCE_SOURCE, Evidence, evidence_adjustments
from advisor.scoring.planner import plan_list
from advisor.scoring.results import (
    BASE_SCORE,
    TIER_ORDER,
    TIER_RANK,
    TIER_THRESHOLDS,
    ApplicantResult,
    Assessment,
    ReasonLedger,
    ScoredProgram,
)

MAX_ABS_DELTA = 100.0


def assess(applicant: Applicant, programs: Sequence[ProgramInfo],
           registry: PluginRegistry, evidence: Evidence | None = None) -> Assessment:
    """Score `programs` (already limited to the applicant's specialties) for one applicant.

    `evidence`, the office's past applications, adjusts scores last (source "office evidence").
    """
    with _gc_paused():
        return _assess(applicant, programs, registry, evidence)


@contextmanager
def _gc_paused() -> Iterator[None]:
    # An assessment allocates hundreds of thousands of small objects and no reference cycles;
    # letting the cycle collector walk them (and the cached catalog) mid-way doubled the time
    # on a 100,000-program catalog. Reference counting still frees everything as usual.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _assess(applicant: Applicant, programs: Sequence[ProgramInfo],
            registry: PluginRegistry, evidence: Evidence | None) -> Assessment:
    warnings: list[PluginWarning] = list(registry.region_warnings())
    plugin_regions = {name: {r.slug for r in regions}
                      for name, regions in registry.plugin_regions().items()}
    strategies = _active_strategies(applicant, plugin_regions)
    speaks = lambda name: not plugin_regions.get(name) or name in strategies  # noqa: E731

    applicant_result = _assess_applicant(applicant, registry, strategies, warnings)
    scored = _score(applicant, programs, registry, plugin_regions, warnings, evidence)

    contributions = _collect(registry, "advisor_plan_list", {"applicant": applicant},
                             PlanContribution, speaks, warnings)
    plan = plan_list(applicant, scored, contributions)

    summary = PlanSummary(
        total=len(plan.entries),
        by_tier=_count(e.tier.value for e in plan.entries),
        by_region=_count(r for e in plan.entries for r in e.program.regions),
        shortfalls=tuple(plan.shortfalls),
    )
    advice = _advice(applicant, summary, registry, speaks, strategies, warnings)
    return Assessment(applicant_result, scored, plan, advice, warnings, sorted(strategies))


def _active_strategies(applicant: Applicant, plugin_regions: dict[str, set[str]]) -> set[str]:
    """Plugins that own one of the student's target regions."""
    wanted = set(applicant.target_regions)
    return {name for name, slugs in plugin_regions.items() if slugs & wanted}


# ------------------------------------------------------------------------------ applicant

def _assess_applicant(applicant: Applicant, registry: PluginRegistry, strategies: set[str],
                      warnings: list[PluginWarning]) -> ApplicantResult:
    answers = _collect(registry, "advisor_assess_applicant", {"applicant": applicant},
                       ApplicantAssessment, None, warnings, single=True)
    tier: str | None = None
    tier_source: str | None = None
    # The tier comes from an active strategy first, then from any plugin that gives one;
    # `tier_source` says whose scale it is (e.g. the Pacific Coast A/B/C).
    for preferred in (True, False):
        for name, answer in answers:
            if tier is None and answer.tier and (name in strategies) == preferred:
                tier, tier_source = answer.tier, name
    flags = list(dict.fromkeys(flag for _, a in answers for flag in a.flags))
    core = next((a.summary for name, a in answers if name == CORE_PLUGIN_NAME), "")
    by_source = [{"source": name, "tier": a.tier, "flags": list(a.flags), "summary": a.summary}
                 for name, a in answers]
    return ApplicantResult(tier, tier_source, flags, core, by_source)


# -------------------------------------------------------------------------------- scoring

def _score(applicant: Applicant, programs: Sequence[ProgramInfo], registry: PluginRegistry,
           plugin_regions: dict[str, set[str]], warnings: list[PluginWarning],
           evidence: Evidence | None = None) -> list[ScoredProgram]:
    n = len(programs)
    index = {p.acgme_id: i for i, p in enumerate(programs)}
    totals = [0.0] * n
    caps = [0] * n
    ledger = ReasonLedger(index)
    members: dict[str, frozenset[int] | None] = {}

    def batch_for(name: str) -> dict[str, Any] | None:
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
    for name, answer in result.answers:
        batch = members[name]
        try:
            adjustments, deltas, plugin_caps = _tally(answer, index, batch, n)
        except MalformedResult as exc:
            # Nothing of a malformed answer counts: its tallies were kept apart until now.
            warnings.append(registry.fail(name, "advisor_adjust_scores", str(exc)))
            continue
        ledger.answers.append((name, batch, adjustments))
        totals = list(map(add, totals, deltas))
        for i, rank in plugin_caps.items():
            if rank > caps[i]:
                caps[i] = rank

    if evidence:
        # Last, because the evidence pulls the score so far towards what our graduates met.
        so_far = [min(100.0, max(0.0, BASE_SCORE + t)) for t in totals]
        adjustments = evidence_adjustments(applicant, programs, so_far, evidence)
        ledger.answers.append((EVIDENCE_SOURCE, None, adjustments))
        for adj in adjustments:
            # From the clamped score the delta was worked out against, so it shows in full.
            i = index[adj.acgme_id]
            totals[i] = so_far[i] - BASE_SCORE + adj.delta

    scored = []
    for i, program in enumerate(programs):
        score = round(min(100.0, max(0.0, BASE_SCORE + totals[i])), 1)
        tier = TIER_ORDER[max(_tier_rank_for(score), caps[i])]
        scored.append(ScoredProgram(program, score, tier, ledger, i))
    scored.sort(key=lambda s: (TIER_RANK[s.tier], -s.score, s.program.acgme_id))
    return scored


def _tier_rank_for(score: float) -> int:
    for tier, threshold in TIER_THRESHOLDS:
        if score >= threshold:
            return TIER_RANK[tier]
    return TIER_RANK[Tier.LONG_SHOT]


def _tally(answer: Any, index: dict[str, int], batch: frozenset[int] | None, n: int
           ) -> tuple[list[ScoreAdjustment], list[float], dict[int, int]]:
    """Check one plugin's whole answer and add it up apart from the others'.

    Returns the adjustments, the per-program delta totals and the per-program tier caps (as
    ranks); raises MalformedResult at the first bad item, so a bad answer counts for nothing.
    """
    if answer is None:
        return [], [0.0] * n, {}
    if not isinstance(answer, (list, tuple)):
        raise MalformedResult(f"expected a list of ScoreAdjustment, got {type(answer).__name__}")
    deltas = [0.0] * n
    caps: dict[int, int] = {}
    shared_delta, shared_cap = 0.0, 0
    for adj in answer:
        if type(adj) is not ScoreAdjustment:
            raise MalformedResult(f"expected ScoreAdjustment items, got {type(adj).__name__}")
        acgme_id, delta, reason, cap, _factor = adj
        # NaN fails the range test too.
        if type(delta) not in (int, float) or not -MAX_ABS_DELTA <= delta <= MAX_ABS_DELTA:
            raise MalformedResult(f"delta {delta!r} for {acgme_id} is not a number "
                                  f"between -{MAX_ABS_DELTA:g} and {MAX_ABS_DELTA:g}")
        if type(reason) is not str or not reason:
            raise MalformedResult(f"adjustment for {acgme_id} has no reason")
        rank = 0
        if cap is not None:
            if type(cap) is not Tier:
                raise MalformedResult(f"tier_cap {cap!r} is not a Tier")
            rank = TIER_RANK[cap]
        if acgme_id == ALL_PROGRAMS:
            shared_delta += delta
            shared_cap = max(shared_cap, rank)
            continue
        i = index.get(acgme_id)
        if i is None or batch is not None and i not in batch:
            raise MalformedResult(f"adjustment for program {acgme_id!r}, which was not in its batch")
        deltas[i] += delta
        if rank > caps.get(i, 0):
            caps[i] = rank
    if shared_delta or shared_cap:
        for i in range(n) if batch is None else batch:
            deltas[i] += shared_delta
            if shared_cap > caps.get(i, 0):
                caps[i] = shared_cap
    return list(answer), deltas, caps


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
            strategies: set[str], warnings: list[PluginWarning]) -> list[tuple[str, AdviceSection]]:
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
