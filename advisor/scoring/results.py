"""What an assessment produces, and its JSON shape (the `assess` CLI and the API print it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from advisor.enums import Factor, Tier
from advisor.hooks.manager import PluginWarning
from advisor.hooks.types import ALL_PROGRAMS, AdviceSection, ProgramInfo, RegionCap, ScoreAdjustment

BASE_SCORE = 50.0
TIER_ORDER: tuple[Tier, ...] = (Tier.SAFETY, Tier.TARGET, Tier.REACH, Tier.LONG_SHOT,
                                Tier.INELIGIBLE)
TIER_RANK = {tier: rank for rank, tier in enumerate(TIER_ORDER)}


class Reason(NamedTuple):
    """One score change as an advisor reads it: who said it, by how much, why, and about what.

    `counted` is False when another source's adjustment of the same factor was stronger, so
    this one is shown as "also noted" and adds nothing (one fact earns credit once).
    `cap_superseded` is True when a stricter tier cap from elsewhere applies instead.
    """

    source: str
    delta: float
    text: str
    tier_cap: Tier | None = None
    factor: Factor = Factor.OTHER
    counted: bool = True
    cap_superseded: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "delta": round(self.delta, 1),
                               "text": self.text, "factor": self.factor.value,
                               "counted": self.counted}
        if self.tier_cap is not None:
            out["tier_cap"] = self.tier_cap.value
            if self.cap_superseded:
                out["tier_cap_superseded"] = True
        return out


def counted_sources(nets: dict[tuple[str, Factor], float]) -> set[tuple[str, Factor]]:
    """Of each factor's per-source net adjustments (in call order), the ones that count: the
    strongest positive and the strongest negative; `other` always counts. The engine's totals
    follow the same rule (engine._merge_factors)."""
    best_pos: dict[Factor, tuple[float, str]] = {}
    best_neg: dict[Factor, tuple[float, str]] = {}
    counted: set[tuple[str, Factor]] = set()
    for (source, factor), net in nets.items():
        if factor is Factor.OTHER or net == 0:
            counted.add((source, factor))
        elif net > 0 and net > best_pos.get(factor, (0.0, ""))[0]:
            best_pos[factor] = (net, source)
        elif net < 0 and net < best_neg.get(factor, (0.0, ""))[0]:
            best_neg[factor] = (net, source)
    counted.update((source, factor) for factor, (_, source) in best_pos.items())
    counted.update((source, factor) for factor, (_, source) in best_neg.items())
    return counted


@dataclass(slots=True)
class ReasonLedger:
    """Every plugin's adjustments for one assessment, kept as given and sorted per program
    only when someone reads a program's reasons.

    Building reason lists for thousands of programs up front would cost more than the scoring;
    most pages show the reasons of a few dozen.
    """

    index: dict[str, int]
    # In call order: (plugin, its batch's indices or None for every program, its adjustments)
    answers: list[tuple[str, frozenset[int] | None, list[ScoreAdjustment]]] = field(default_factory=list)
    _by_program: list[list[ScoreAdjustment | tuple[str, ScoreAdjustment]]] | None = None
    _cache: dict[int, list[Reason]] = field(default_factory=dict)

    def reasons_for(self, i: int) -> list[Reason]:
        reasons = self._cache.get(i)
        if reasons is None:
            if self._by_program is None:
                self._by_program = self._collect()
            reasons = self._cache[i] = _judge(self._by_program[i])
        return reasons

    def capping(self, i: int, cap: Tier) -> list[tuple[str, str]]:
        """(source, reason text) of program i's adjustments that cap its tier at `cap`, in call
        order. What the ruled-out table shows of hundreds of programs, without judging every
        other reason of theirs as `reasons_for` does."""
        if self._by_program is None:
            self._by_program = self._collect()
        return [(source, adj.reason) for source, adj in self._by_program[i]
                if adj.tier_cap is cap]

    def _collect(self) -> list[list[Any]]:
        n = len(self.index)
        by_program: list[list[Any]] = [[] for _ in range(n)]
        for name, members, adjustments in self.answers:
            everyone = range(n) if members is None else members
            for adj in adjustments:
                item = (name, adj)
                if adj.acgme_id == ALL_PROGRAMS:
                    for i in everyone:
                        by_program[i].append(item)
                else:
                    by_program[self.index[adj.acgme_id]].append(item)
        return by_program


def _judge(items: list[tuple[str, ScoreAdjustment]]) -> list[Reason]:
    """One program's adjustments as reasons, each marked counted or not."""
    nets: dict[tuple[str, Factor], float] = {}
    strictest = 0
    for source, adj in items:
        key = (source, adj.factor)
        nets[key] = nets.get(key, 0.0) + adj.delta
        if adj.tier_cap is not None:
            strictest = max(strictest, TIER_RANK[adj.tier_cap])
    counted = counted_sources(nets)
    return [Reason(source, adj.delta, adj.reason, adj.tier_cap, adj.factor,
                   (source, adj.factor) in counted,
                   adj.tier_cap is not None and TIER_RANK[adj.tier_cap] < strictest)
            for source, adj in items]


@dataclass(slots=True)
class ScoredProgram:
    program: ProgramInfo
    score: float
    tier: Tier
    ledger: ReasonLedger
    index: int
    # The probability of an interview invitation for this applicant (advisor.scoring.chances).
    chance: float = 0.0
    # The strictest tier cap the sources set, if any.
    cap: Tier | None = None

    @property
    def reasons(self) -> list[Reason]:
        return self.ledger.reasons_for(self.index)

    def to_dict(self) -> dict[str, Any]:
        p = self.program
        return {
            "acgme_id": p.acgme_id, "name": p.name, "specialty": p.specialty.value,
            "city": p.city, "state": p.state, "county": p.county,
            "program_type": p.program_type.value if p.program_type else None,
            "regions": list(p.regions), "tier": self.tier.value, "score": self.score,
            "chance": round(self.chance, 4),
            "reasons": [r.to_dict() for r in self.reasons],
        }


def expected_interviews(entries: Iterable[ScoredProgram]) -> float:
    """The interviews a list can expect: the sum of its programs' chances."""
    return sum(e.chance for e in entries)


@dataclass(slots=True)
class ApplicantResult:
    tier: str | None
    tier_source: str | None
    flags: list[str]
    summary: str
    by_source: list[dict[str, Any]]
    # The tier's scale and what the tier means, as its strategy words them.
    tier_scale: str | None = None
    tier_meaning: str | None = None
    # Tiers from the student's other tier-giving strategies, shown beside the main one.
    other_tiers: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"tier": self.tier, "tier_source": self.tier_source,
                "tier_scale": self.tier_scale, "tier_meaning": self.tier_meaning,
                "other_tiers": self.other_tiers, "flags": self.flags,
                "summary": self.summary, "assessments": self.by_source}


@dataclass(slots=True)
class Plan:
    total: tuple[int, int]
    shares: dict[str, tuple[float, float]]
    caps: list[RegionCap]
    entries: list[ScoredProgram]
    shortfalls: list[str]
    notes: list[str] = field(default_factory=list)
    # The sum of the listed programs' chances, and the number of interviews the list aims at.
    expected_interviews: float = 0.0
    interview_goal: float = 0.0
    # Plain sentences for the top of the plan: the verdict first, then what else would help.
    headline: list[str] = field(default_factory=list)
    remedies: list[str] = field(default_factory=list)

    @property
    def goal_met(self) -> bool:
        return self.expected_interviews >= self.interview_goal

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": {"min": self.total[0], "max": self.total[1]},
            "shares": {tier: list(bounds) for tier, bounds in self.shares.items()},
            "caps": [{"region": c.region, "states": sorted(c.states), "max": c.max,
                      "min": c.min, "label": c.label} for c in self.caps],
            "list": [{"acgme_id": e.program.acgme_id, "name": e.program.name,
                      "specialty": e.program.specialty.value,
                      "tier": e.tier.value, "score": e.score, "chance": round(e.chance, 4),
                      "state": e.program.state, "regions": list(e.program.regions)}
                     for e in self.entries],
            "expected_interviews": round(self.expected_interviews, 1),
            "interview_goal": self.interview_goal,
            "headline": self.headline,
            "remedies": self.remedies,
            "shortfalls": self.shortfalls,
            "notes": self.notes,
        }


@dataclass(slots=True)
class Assessment:
    applicant: ApplicantResult
    programs: list[ScoredProgram]
    plan: Plan
    advice: list[tuple[str, AdviceSection]]
    warnings: list[PluginWarning]
    strategies: list[str]

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        programs = self.programs if top is None else self.programs[:top]
        return {
            "applicant": self.applicant.to_dict(),
            "strategies": self.strategies,
            "programs": [p.to_dict() for p in programs],
            "plan": self.plan.to_dict(),
            "advice": [{"source": source, "title": s.title, "body": s.body, "theme": s.theme}
                       for source, s in self.advice],
            "warnings": [{"source": w.source, "message": w.message} for w in self.warnings],
        }
