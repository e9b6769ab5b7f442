"""What an assessment produces, and its JSON shape (the `assess` CLI and the API print it)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import partial
from itertools import islice, repeat
from operator import le
from typing import Any, NamedTuple, overload

from advisor.enums import Factor, Tier
from advisor.plugin_registry import PluginWarning
from advisor.hooks.types import (
    AdviceSection,
    ProgramInfo,
    ProgramsAdjustment,
    RegionCap,
    ScoreAdjustment,
)
from advisor.scoring.batch import ProgramBatch

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
    follow the same rule (engine._Merge)."""
    best_pos: dict[Factor, tuple[float, str]] = {}
    best_neg: dict[Factor, tuple[float, str]] = {}
    counted: set[tuple[str, Factor]] = set()
    unmerged = Factor.OTHER  # read once: an enum member off its class costs a lookup
    for (source, factor), net in nets.items():
        if factor is unmerged or net == 0:
            counted.add((source, factor))
        elif net > 0 and net > best_pos.get(factor, (0.0, ""))[0]:
            best_pos[factor] = (net, source)
        elif net < 0 and net < best_neg.get(factor, (0.0, ""))[0]:
            best_neg[factor] = (net, source)
    counted.update((source, factor) for factor, (_, source) in best_pos.items())
    counted.update((source, factor) for factor, (_, source) in best_neg.items())
    return counted


@dataclass(slots=True)
class SourceAnswer:
    """One source's checked adjustments, as the ledger keeps them: the items as given, and
    which programs each one names (positions in the batch)."""

    source: str
    # ScoreAdjustment and ProgramsAdjustment items, in the source's order.
    items: Sequence[ScoreAdjustment | ProgramsAdjustment]
    # The positions its batch held, or None for every program.
    members: frozenset[int] | None = None
    # Items naming one program: their positions in `items` (None: every item, in order) and
    # the program each names.
    single_items: Sequence[int] | None = None
    single_programs: Sequence[int] = ()
    # Their deltas, tier caps and factors, a column each.
    single_columns: tuple[Sequence[float], Sequence[Tier | None], Sequence[Factor]] = ((), (), ())
    # Items naming many programs: (position in `items`, the programs' positions).
    groups: Sequence[tuple[int, Sequence[int]]] = ()
    # For each of `groups`, the batch's (fields, values) of the group it names, None for a
    # group the batch did not make; None when not worked out (the batch is asked then).
    group_keys: Sequence[tuple[tuple[str, ...], Any] | None] | None = None
    # ALL_PROGRAMS items: their positions in `items`.
    shared: Sequence[int] = ()


# An answer's single-program items: (answer number, answer, programs, item numbers, and
# program -> item numbers when the programs are not in batch order).
_Single = tuple[int, SourceAnswer, Sequence[int], Sequence[int] | None, dict[int, list[int]] | None]


@dataclass(slots=True)
class ReasonLedger:
    """Every source's adjustments for one assessment, kept as given; a program's reasons are
    put together only when someone reads them.

    Building reason lists for thousands of programs up front would cost more than the scoring;
    most pages show the reasons of a few dozen.
    """

    index: dict[str, int]
    # The batch scored, when known: its groups of programs (ProgramBatch.classes) are then
    # looked up by a program's values instead of being gone through program by program.
    batch: ProgramBatch | None = None
    # In call order, one per source that answered.
    answers: list[SourceAnswer] = field(default_factory=list)
    # Per answer, how its single-program items are found: sorted by program (bisected), or
    # by program in a dict; and the items naming one of the batch's groups, by the group's
    # fields and values. Worked out when the first reasons are read.
    _singles: list[_Single] | None = None
    _by_group: list[tuple[list[Any], dict[Any, list[tuple[int, int]]]]] = \
        field(default_factory=list)
    # Every program's items, once the reasons of many programs are read (the JSON of them
    # all, the page's ruled-out programs): then one pass over every item costs less than a
    # lookup per program.
    _everyone: list[list[tuple[int, int]]] | None = None
    _cache: dict[int, list[Reason]] = field(default_factory=dict)
    _shared: list[tuple[frozenset[int] | None, list[tuple[int, int]]]] | None = None

    def reasons_for(self, i: int) -> list[Reason]:
        reasons = self._cache.get(i)
        if reasons is None:
            if self._everyone is None and len(self._cache) >= max(64, len(self.index) // 16):
                self._everyone = self._every_programs_items()
            reasons = self._cache[i] = _judge(self._items_for(i))
        return reasons

    def capping(self, i: int, cap: Tier) -> list[tuple[str, str]]:
        """(source, reason text) of program i's adjustments that cap its tier at `cap`, in call
        order. What the ruled-out table shows of hundreds of programs, without judging every
        other reason of theirs as `reasons_for` does."""
        return [(source, adj.reason) for source, adj in self._items_for(i)
                if adj.tier_cap is cap]

    def capping_of(self, programs: Iterable[int], cap: Tier) -> dict[int, list[tuple[str, str]]]:
        """`capping` for many programs at once (the page's hundreds of ruled-out programs):
        one pass over the items that set `cap`, instead of gathering every item of each
        program in turn. The same lists, in the same order."""
        found: dict[int, list[tuple[int, int]]] = {i: [] for i in programs}
        refs: list[tuple[int, int]] | None
        for a, answer in enumerate(self.answers):
            items = answer.items
            shared = [k for k in answer.shared if items[k].tier_cap is cap]
            if shared:
                members = answer.members
                for i, listed in found.items():
                    if members is None or i in members:
                        listed += [(a, k) for k in shared]
            positions = answer.single_programs
            numbers = answer.single_items
            caps = answer.single_columns[1]
            if len(caps) == len(positions):
                for j in [j for j, c in enumerate(caps) if c is cap]:
                    refs = found.get(positions[j])
                    if refs is not None:
                        refs.append((a, j if numbers is None else numbers[j]))
            else:  # no column (the evidence): read the items of the programs asked about
                for j, i in enumerate(positions):
                    refs = found.get(i)
                    k = j if numbers is None else numbers[j]
                    if refs is not None and items[k].tier_cap is cap:
                        refs.append((a, k))
            for k, members_of in answer.groups:
                if items[k].tier_cap is cap:
                    for i in members_of:
                        refs = found.get(i)
                        if refs is not None:
                            refs.append((a, k))
        answers = self.answers
        return {i: [(answers[a].source, answers[a].items[k].reason) for a, k in sorted(listed)]
                for i, listed in found.items()}

    def _items_for(self, i: int) -> list[tuple[str, ScoreAdjustment | ProgramsAdjustment]]:
        if not self.answers:
            return []
        picked: list[tuple[int, int]] = [
            ref for members, refs in self._shared_refs() if members is None or i in members
            for ref in refs]
        if self._everyone is not None:
            picked += self._everyone[i]
        else:
            picked += self._looked_up(i)
        # The sources in call order, each one's items in its own order.
        picked.sort()
        answers = self.answers
        sources = [answer.source for answer in answers]
        items = [answer.items for answer in answers]
        return [(sources[a], items[a][k]) for a, k in picked]

    def _shared_refs(self) -> list[tuple[frozenset[int] | None, list[tuple[int, int]]]]:
        """Per answer with ALL_PROGRAMS items: the positions it was given (None: all) and
        those items' references."""
        if self._shared is None:
            self._shared = [(answer.members, [(a, k) for k in answer.shared])
                            for a, answer in enumerate(self.answers) if answer.shared]
        return self._shared

    def _every_programs_items(self) -> list[list[tuple[int, int]]]:
        everyone: list[list[tuple[int, int]]] = [[] for _ in range(len(self.index))]
        for a, answer in enumerate(self.answers):
            numbers = (range(len(answer.single_programs)) if answer.single_items is None
                       else answer.single_items)
            for i, k in zip(answer.single_programs, numbers):
                everyone[i].append((a, k))
            for k, positions in answer.groups:
                ref = (a, k)
                for i in positions:
                    everyone[i].append(ref)
        return everyone

    def _looked_up(self, i: int) -> list[tuple[int, int]]:
        """Program i's items, ALL_PROGRAMS aside, found without going through every item."""
        singles = self._index_items() if self._singles is None else self._singles
        picked: list[tuple[int, int]] = []
        for a, _, programs, numbers, by_program in singles:
            if by_program is not None:
                found = by_program.get(i)
                if found:
                    picked += [(a, k) for k in found]
            elif programs:
                low = bisect_left(programs, i)
                high = bisect_right(programs, i, low)
                if high > low:
                    picked += [(a, k) for k in (numbers[low:high] if numbers is not None
                                                else range(low, high))]
        for values_at, refs in self._by_group:
            in_group = refs.get(values_at[i])
            if in_group:
                picked += in_group
        return picked

    def _index_items(self) -> list[_Single]:
        singles: list[_Single] = []
        by_group: dict[tuple[str, ...], dict[Any, list[tuple[int, int]]]] = {}
        for a, answer in enumerate(self.answers):
            programs, numbers = answer.single_programs, answer.single_items
            loose = []  # items naming programs that are not one of the batch's groups
            keys = answer.group_keys
            for j, (k, positions) in enumerate(answer.groups):
                if keys is not None:
                    group = keys[j]
                else:
                    group = self.batch.group_of(answer.items[k][0]) if self.batch else None
                if group is None:
                    loose.append((k, positions))
                else:
                    fields, values = group
                    by_group.setdefault(fields, {}).setdefault(values, []).append((a, k))
            # Plugins mostly name the programs in batch order: a binary search then finds a
            # program's items without going through every item now.
            if not loose and all(map(le, programs, islice(programs, 1, None))):
                if programs:  # an answer in groups alone has nothing to look up here
                    singles.append((a, answer, programs, numbers, None))
                continue
            by_program: dict[int, list[int]] = {}
            for k, i in zip(range(len(programs)) if numbers is None else numbers, programs):
                by_program.setdefault(i, []).append(k)
            for k, positions in loose:
                for i in positions:
                    by_program.setdefault(i, []).append(k)
            singles.append((a, answer, programs, numbers, by_program))
        batch = self.batch  # by_group is empty without one
        self._by_group = [(batch.values_at(fields), refs) for fields, refs in by_group.items()
                          if batch is not None]
        self._singles = singles
        return singles


def _judge(items: list[tuple[str, ScoreAdjustment | ProgramsAdjustment]]) -> list[Reason]:
    """One program's adjustments as reasons, each marked counted or not."""
    nets: dict[tuple[str, Factor], float] = {}
    strictest = 0
    rank = TIER_RANK
    # Unpacked: reading a named tuple's fields by name costs a call each.
    for source, (_, delta, _, cap, factor) in items:
        key = (source, factor)
        nets[key] = nets.get(key, 0.0) + delta
        if cap is not None and rank[cap] > strictest:
            strictest = rank[cap]
    counted = counted_sources(nets)
    return [_reason((source, delta, reason, cap, factor, (source, factor) in counted,
                     cap is not None and rank[cap] < strictest))
            for source, (_, delta, reason, cap, factor) in items]


# Builds a Reason from a 7-tuple without the named tuple's Python-level __new__.
_reason = partial(tuple.__new__, Reason)


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


class ScoredPrograms(Sequence[ScoredProgram]):
    """Every scored program of an assessment, best first, kept as columns by position (in the
    batch scored, or in the list given to `of`). A ScoredProgram is made only when one is read:
    the planner and the pages work on the columns, and show a few hundred of thousands.
    """

    __slots__ = ("programs", "ledger", "scores", "tiers", "chances", "caps", "order", "_made",
                 "_ids")

    def __init__(self, programs: Sequence[ProgramInfo], ledger: ReasonLedger | None,
                 scores: Sequence[float], tiers: Sequence[Tier], chances: Sequence[float],
                 caps: Sequence[Tier | None], order: Sequence[int]) -> None:
        self.programs, self.ledger = programs, ledger
        self.scores, self.tiers, self.chances, self.caps = scores, tiers, chances, caps
        # The positions, best first.
        self.order = order
        self._made: dict[int, ScoredProgram] = {}
        self._ids: Sequence[str] | None = None

    @classmethod
    def of(cls, scored: Sequence[ScoredProgram]) -> ScoredPrograms:
        """The table of a plain list of scored programs (tests, calibration), in its order."""
        if isinstance(scored, ScoredPrograms):
            return scored
        table = cls([s.program for s in scored], None, [s.score for s in scored],
                    [s.tier for s in scored], [s.chance for s in scored],
                    [s.cap for s in scored], range(len(scored)))
        table._made = dict(enumerate(scored))
        return table

    @property
    def ids(self) -> Sequence[str]:
        """Each program's acgme_id, by position."""
        if self._ids is None:
            programs = self.programs
            self._ids = (programs.ids if isinstance(programs, ProgramBatch)
                         else [p.acgme_id for p in programs])
        return self._ids

    def id_order(self) -> list[int]:
        """The positions in acgme_id order (a copy)."""
        if isinstance(self.programs, ProgramBatch):
            return self.programs.id_order
        return sorted(range(len(self.programs)), key=self.ids.__getitem__)

    def at(self, i: int) -> ScoredProgram:
        """The program at position i (not the i-th best: that is `self[i]`)."""
        made = self._made.get(i)
        if made is None:
            assert self.ledger is not None  # a table `of` a list has every program made
            made = self._made[i] = ScoredProgram(self.programs[i], self.scores[i],
                                                 self.tiers[i], self.ledger, i,
                                                 self.chances[i], self.caps[i])
        return made

    def of_tier(self, tier: Tier) -> list[ScoredProgram]:
        """The programs of one tier, best first."""
        tiers = self.tiers
        return [self.at(i) for i in self.order if tiers[i] is tier]

    def tier_count(self, tier: Tier) -> int:
        """How many programs fall in `tier`."""
        return self.tiers.count(tier)

    def by_id(self, acgme_ids: Iterable[str]) -> dict[str, ScoredProgram]:
        """The programs of these acgme_ids that were scored, by acgme_id."""
        positions = (self.programs.index if isinstance(self.programs, ProgramBatch)
                     else {acgme_id: i for i, acgme_id in enumerate(self.ids)})
        return {acgme_id: self.at(positions[acgme_id]) for acgme_id in acgme_ids
                if acgme_id in positions}

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, k: int) -> ScoredProgram: ...
    @overload
    def __getitem__(self, k: slice) -> list[ScoredProgram]: ...

    def __getitem__(self, k: int | slice) -> ScoredProgram | list[ScoredProgram]:
        if isinstance(k, slice):
            return list(map(self.at, self.order[k]))
        return self.at(self.order[k])

    def __iter__(self) -> Iterator[ScoredProgram]:
        if len(self._made) < len(self.order):
            self._make_all()
        return map(self._made.__getitem__, self.order)

    def _make_all(self) -> None:
        """Every program made at once (the JSON of them all), keeping those already made."""
        assert self.ledger is not None  # a table `of` a list has every program made
        made = self._made
        for i, scored in enumerate(map(ScoredProgram, self.programs, self.scores, self.tiers,
                                       repeat(self.ledger), range(len(self.programs)),
                                       self.chances, self.caps)):
            made.setdefault(i, scored)


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
    programs: ScoredPrograms
    plan: Plan
    advice: list[tuple[str, AdviceSection]]
    warnings: list[PluginWarning]
    strategies: list[str]
    # Seconds each plugin took in each hook of this assessment: plugin -> hook -> seconds.
    plugin_seconds: dict[str, dict[str, float]] = field(default_factory=dict)

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
