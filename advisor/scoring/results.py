"""What an assessment produces, and its JSON shape (the `assess` CLI and the API print it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from advisor.enums import Tier
from advisor.hooks.manager import PluginWarning
from advisor.hooks.types import ALL_PROGRAMS, AdviceSection, ProgramInfo, RegionCap, ScoreAdjustment

BASE_SCORE = 50.0
# Score thresholds for the tiers, best first; anything lower is a long shot.
TIER_THRESHOLDS: tuple[tuple[Tier, float], ...] = (
    (Tier.SAFETY, 70.0), (Tier.TARGET, 55.0), (Tier.REACH, 40.0),
)
TIER_ORDER: tuple[Tier, ...] = (Tier.SAFETY, Tier.TARGET, Tier.REACH, Tier.LONG_SHOT,
                                Tier.INELIGIBLE)
TIER_RANK = {tier: rank for rank, tier in enumerate(TIER_ORDER)}


class Reason(NamedTuple):
    """One score change as an advisor reads it: who said it, by how much, and why."""

    source: str
    delta: float
    text: str
    tier_cap: Tier | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "delta": round(self.delta, 1),
                               "text": self.text}
        if self.tier_cap is not None:
            out["tier_cap"] = self.tier_cap.value
        return out


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
    _by_program: list[list[Reason]] | None = None

    def reasons_for(self, i: int) -> list[Reason]:
        if self._by_program is None:
            self._by_program = self._build()
        return self._by_program[i]

    def _build(self) -> list[list[Reason]]:
        n = len(self.index)
        by_program: list[list[Reason]] = [[] for _ in range(n)]
        for name, members, adjustments in self.answers:
            everyone = range(n) if members is None else members
            for adj in adjustments:
                reason = Reason(name, adj.delta, adj.reason, adj.tier_cap)
                if adj.acgme_id == ALL_PROGRAMS:
                    for i in everyone:
                        by_program[i].append(reason)
                else:
                    by_program[self.index[adj.acgme_id]].append(reason)
        return by_program


@dataclass(slots=True)
class ScoredProgram:
    program: ProgramInfo
    score: float
    tier: Tier
    ledger: ReasonLedger
    index: int

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
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(slots=True)
class ApplicantResult:
    tier: str | None
    tier_source: str | None
    flags: list[str]
    summary: str
    by_source: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"tier": self.tier, "tier_source": self.tier_source, "flags": self.flags,
                "summary": self.summary, "assessments": self.by_source}


@dataclass(slots=True)
class Plan:
    total: tuple[int, int]
    shares: dict[str, tuple[float, float]]
    caps: list[RegionCap]
    entries: list[ScoredProgram]
    shortfalls: list[str]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": {"min": self.total[0], "max": self.total[1]},
            "shares": {tier: list(bounds) for tier, bounds in self.shares.items()},
            "caps": [{"region": c.region, "states": sorted(c.states), "max": c.max,
                      "min": c.min, "label": c.label} for c in self.caps],
            "list": [{"acgme_id": e.program.acgme_id, "name": e.program.name,
                      "tier": e.tier.value, "score": e.score, "state": e.program.state,
                      "regions": list(e.program.regions)} for e in self.entries],
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
