"""Runs one assessment: asks the plugins, combines their answers, tiers, plans and advises.

Each hook is called once per assessment with whole batches. A plugin's failure or malformed
answer becomes a warning and that answer is skipped; the assessment always completes.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, count, groupby, repeat
from math import isnan
from operator import add, neg, sub
from typing import Any

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
    ProgramsAdjustment,
    ScoreAdjustment,
)
from advisor.scoring.batch import REGION_MARK, ProgramBatch
from advisor.scoring.chances import ChanceModel, tiers_for
from advisor.scoring.evidence import (
    EVIDENCE_SOURCE,
    Evidence,
    EvidenceAdjustments,
    evidence_moves,
)
from advisor.scoring.goals import PUBLISHED, InterviewGoals
from advisor.scoring.planner import NO_EDITS, ListEdits, plan_list
from advisor.scoring.results import (
    BASE_SCORE,
    TIER_ORDER,
    TIER_RANK,
    ApplicantResult,
    Assessment,
    ReasonLedger,
    ScoredPrograms,
    SourceAnswer,
)

MAX_ABS_DELTA = 100.0


def assess(applicant: Applicant, programs: Sequence[ProgramInfo],
           registry: PluginRegistry, evidence: Evidence | None = None,
           goals: InterviewGoals = PUBLISHED, edits: ListEdits = NO_EDITS) -> Assessment:
    """Score `programs` (already limited to the applicant's specialties) for one applicant.

    `evidence`, the office's past applications, adjusts scores last (source "office evidence");
    `goals` are the office's interview goals by specialty; `edits` the advisor's pins and
    exclusions, which only the planner reads.
    """
    return _assess(applicant, programs, registry, evidence, goals, edits)


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
    return _assess_applicant(applicant, registry, speaks, speaks.strategies, warnings,
                             {}), warnings


def _assess(applicant: Applicant, programs: Sequence[ProgramInfo],
            registry: PluginRegistry, evidence: Evidence | None,
            goals: InterviewGoals, edits: ListEdits) -> Assessment:
    warnings: list[PluginWarning] = list(registry.region_warnings())
    seconds: dict[str, dict[str, float]] = {}
    speaks = _Speakers(applicant, registry)
    plugin_regions, strategies = speaks.plugin_regions, speaks.strategies
    applicant_result = _assess_applicant(applicant, registry, speaks, strategies, warnings,
                                         seconds)
    model = ChanceModel.for_applicant(applicant)
    scored = _score(applicant, ProgramBatch.of(programs), registry, plugin_regions, speaks,
                    warnings, evidence, model, seconds)

    contributions = _collect(registry, "advisor_plan_list", {"applicant": applicant},
                             PlanContribution, speaks, warnings, seconds)
    # The student's strategies in their target order, office-wide plugins (the core) after.
    contributions.sort(key=lambda item: strategies.get(item[0], len(strategies)))
    plan = plan_list(applicant, scored, contributions, goals, edits)

    summary = PlanSummary(
        total=len(plan.entries),
        by_tier=_count(e.tier.value for e in plan.entries),
        by_region=_count(r for e in plan.entries for r in e.program.regions),
        shortfalls=tuple(plan.shortfalls),
        expected_interviews=round(plan.expected_interviews, 1),
        interview_goal=plan.interview_goal,
        by_specialty=_count(e.program.specialty.value for e in plan.entries),
    )
    advice = _advice(applicant, summary, registry, speaks, warnings, seconds)
    return Assessment(applicant_result, scored, plan, advice, warnings,
                      sorted(strategies, key=lambda name: (strategies[name], name)), seconds)


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
                      strategies: dict[str, int], warnings: list[PluginWarning],
                      seconds: dict[str, dict[str, float]]) -> ApplicantResult:
    answers = _collect(registry, "advisor_assess_applicant", {"applicant": applicant},
                       ApplicantAssessment, speaks, warnings, seconds)
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

def _score(applicant: Applicant, batch: ProgramBatch, registry: PluginRegistry,
           plugin_regions: dict[str, set[str]], speaks: Any, warnings: list[PluginWarning],
           evidence: Evidence | None, model: ChanceModel,
           seconds: dict[str, dict[str, float]]) -> ScoredPrograms:
    n = len(batch)
    index = batch.index
    ledger = ReasonLedger(index, batch)
    # plugin -> the batch it was given, and the positions of its programs as a list and as a
    # set (None: every program)
    members: dict[str, tuple[ProgramBatch, list[int] | None, frozenset[int] | None]] = {}

    def batch_for(name: str) -> dict[str, Any] | None:
        if not speaks(name):
            return None
        slugs = plugin_regions.get(name)
        if not slugs:
            members[name] = (batch, None, None)  # office-wide: every program
            programs = batch
        else:
            # The region's own batch, kept with the catalog's: its groups are made once.
            members[name] = batch.region(slugs)
            programs = members[name][0]
        return {"applicant": applicant, "programs": programs} if programs else None

    result = registry.call("advisor_adjust_scores", kwargs_for=batch_for)
    _note_seconds(seconds, "advisor_adjust_scores", result)
    warnings.extend(result.warnings)
    merge = _Merge(n, batch)
    for name, answer in result.answers:
        given, spots, positions = members[name]
        try:
            checked = _check(name, answer, batch, positions, given)
        except MalformedResult as exc:
            # Nothing of a malformed answer counts: it is checked whole before any of it is.
            warnings.append(registry.fail(name, "advisor_adjust_scores", str(exc)))
            continue
        ledger.answers.append(checked)
        merge.add(checked, batch, given, spots)
    totals = merge.totals()
    caps = merge.caps

    if evidence is not None and evidence.by_program:
        # Last, because the evidence pulls the score so far towards what our graduates met.
        moves = evidence_moves(applicant, index, list(map(add, repeat(BASE_SCORE), totals)),
                               evidence, model)
        for i, so_far, delta in moves:
            # From the clamped score the delta was worked out against, so it shows in full.
            totals[i] = so_far - BASE_SCORE + delta
        if moves:
            moves.sort()  # by position: the ledger then finds a program's move by bisection
            # With its columns, so that reading the tier caps (none) of ruled-out programs
            # does not write their reasons.
            ledger.answers.append(SourceAnswer(
                EVIDENCE_SOURCE, EvidenceAdjustments(applicant, moves, batch.ids, evidence),
                single_programs=[move.position for move in moves],
                single_columns=([move.delta for move in moves], [None] * len(moves),
                                [Factor.EVIDENCE] * len(moves))))

    # From the unclamped total: two profiles that both clamp to 0 still differ in chance.
    raws = list(map(add, repeat(BASE_SCORE), totals))
    cap_tiers = list(map(_CAP_OF_RANK.__getitem__, caps))
    chances = model.chances(raws, cap_tiers)
    tiers = tiers_for(chances, cap_tiers)
    scores = list(map(_ShownScores().__getitem__, raws))
    # Best tier first, then the best chance, then the acgme_id: stable sorts on a single key
    # each, from the batch's acgme_id order.
    order = batch.id_order
    order.sort(key=list(map(neg, chances)).__getitem__)
    order.sort(key=list(map(TIER_RANK.__getitem__, tiers)).__getitem__)
    return ScoredPrograms(batch, ledger, scores, tiers, chances, cap_tiers, order)


class _ShownScores(dict[float, float]):
    """Raw total -> the score shown: clamped to 0-100 and rounded to one decimal. Thousands of
    programs share a few hundred totals, and round() to a decimal is slow, so each total is
    rounded once."""

    def __missing__(self, raw: float) -> float:
        score = self[raw] = round(min(100.0, max(0.0, raw)), 1)
        return score


# A cap's rank -> the cap (rank 0, a safety at best, caps nothing).
_CAP_OF_RANK = (None, *TIER_ORDER[1:])


def _note_seconds(seconds: dict[str, dict[str, float]], hook: str, result: Any) -> None:
    for plugin, spent in result.seconds.items():
        seconds.setdefault(plugin, {})[hook] = spent


_KINDS = frozenset({ScoreAdjustment, ProgramsAdjustment})
_NUMBERS = frozenset({int, float})
_CAP_TYPES = frozenset({type(None), Tier})
_NO_CAP = frozenset({None})


def _check(name: str, answer: Any, programs: ProgramBatch, batch: frozenset[int] | None,
           given: ProgramBatch | None = None) -> SourceAnswer:
    """Check one plugin's whole answer and find the programs each item names. Raises
    MalformedResult naming the first bad item, so a bad answer counts for nothing.
    `batch` holds the positions the plugin was given (None: all), `given` the batch it was
    handed (`programs` or one of its regions): a group that batch made is valid as made.

    The checks run a column at a time (types, ranges, ids): one pass in C per check instead
    of a Python pass per item; only a failing answer is gone through item by item, for the
    message.
    """
    index = programs.index
    out = SourceAnswer(name, [], None if batch is None else batch)
    # Columns of mixed, checked-as-we-go types: typed loosely on purpose.
    positions: Any
    numbers: Any
    single_ids: Any
    groups: list[tuple[int, Any]]
    if answer is None or (isinstance(answer, (list, tuple)) and not answer):
        return out
    if not isinstance(answer, (list, tuple)):
        raise MalformedResult(f"expected a list of ScoreAdjustment, got {type(answer).__name__}")
    kinds = set(map(type, answer))
    if not kinds <= _KINDS:
        _first_problem(answer, index, batch)
    ids, deltas, reasons, caps, factors = zip(*answer)
    if not (set(map(type, deltas)) <= _NUMBERS and not any(map(isnan, deltas))
            and -MAX_ABS_DELTA <= min(deltas) and max(deltas) <= MAX_ABS_DELTA
            and set(map(type, reasons)) == {str} and "" not in reasons
            and set(map(type, factors)) == {Factor} and set(map(type, caps)) <= _CAP_TYPES):
        _first_problem(answer, index, batch)

    out.items = answer
    get = index.get
    if ProgramsAdjustment in kinds:
        singles = [k for k, kind in enumerate(map(type, answer)) if kind is ScoreAdjustment]
        groups = []
        numbered = [k for k, kind in enumerate(map(type, answer)) if kind is ProgramsAdjustment]
        # The whole batch's own groups, or a region batch's for that region's plugin.
        own_groups = batch is None or (given is not None and given is not programs)
        maker = given or programs
        keys = []  # each group's (fields, values) when the batch knows the group
        for k, known in zip(numbered, programs.known_groups([ids[k] for k in numbered])):
            keys.append(None if known is None else (known[1], known[2]))
            if own_groups and known is not None and known[4] is maker:
                # One of the groups of the batch the plugin was given: valid as made.
                groups.append((k, known[3]))
                continue
            named = ids[k]
            try:
                # An id that is not a string is not in the index either.
                positions = (programs.positions(named) if type(named) in (tuple, list)
                             else [None])
            except TypeError:  # unhashable
                positions = [None]
            if None in positions or batch is not None and not batch.issuperset(positions):
                _first_problem(answer, index, batch)
            groups.append((k, positions))
        out.groups = groups
        out.group_keys = keys
        out.single_items = singles
        single_ids = [ids[k] for k in singles]
    else:
        single_ids = ids
    positions = list(map(get, single_ids))
    if None in positions:
        # ALL_PROGRAMS items, or ids that are not in the batch.
        shared = [k for k, i in enumerate(positions) if i is None]
        if any(single_ids[k] != ALL_PROGRAMS for k in shared):
            _first_problem(answer, index, batch)
        keep = [k for k, i in enumerate(positions) if i is not None]
        numbers = range(len(positions)) if out.single_items is None else out.single_items
        out.shared = [numbers[k] for k in shared]
        out.single_items = [numbers[k] for k in keep]
        positions = [positions[k] for k in keep]
    if batch is not None and not batch.issuperset(positions):
        _first_problem(answer, index, batch)
    out.single_programs = positions
    numbers = out.single_items
    columns: Any = ((deltas, caps, factors) if numbers is None else
                    tuple([column[k] for k in numbers] for column in (deltas, caps, factors)))
    out.single_columns = columns
    return out


def _first_problem(answer: Any, index: dict[str, int], batch: frozenset[int] | None) -> None:
    """Raise MalformedResult for the first bad item of an answer, in the answer's order."""
    for adj in answer:
        if type(adj) not in _KINDS:
            raise MalformedResult(f"expected ScoreAdjustment items, got {type(adj).__name__}")
        named, delta, reason, cap, factor = adj
        acgme_id = named if type(adj) is ScoreAdjustment else "a group of programs"
        # NaN fails the range test too.
        if type(delta) not in _NUMBERS or not -MAX_ABS_DELTA <= delta <= MAX_ABS_DELTA:
            raise MalformedResult(f"delta {delta!r} for {acgme_id} is not a number "
                                  f"between -{MAX_ABS_DELTA:g} and {MAX_ABS_DELTA:g}")
        if type(reason) is not str or not reason:
            raise MalformedResult(f"adjustment for {acgme_id} has no reason")
        if type(factor) is not Factor:
            raise MalformedResult(f"factor {factor!r} for {acgme_id} is not a Factor")
        if cap is not None and type(cap) is not Tier:
            raise MalformedResult(f"tier_cap {cap!r} is not a Tier")
        if type(adj) is ScoreAdjustment:
            if acgme_id == ALL_PROGRAMS:
                continue
            named = (acgme_id,)
        elif type(named) not in (tuple, list):
            raise MalformedResult(f"acgme_ids {named!r} is not a tuple of acgme_ids")
        for one in named:
            i = index.get(one) if type(one) is str else None
            if i is None or batch is not None and i not in batch:
                raise MalformedResult(f"adjustment for program {one!r}, which was not in its batch")
    raise MalformedResult("malformed answer")  # not reached: a column check failed above


class _Merge:
    """Each source's adjustments added up per program and factor, then combined: per program
    and factor the strongest positive and the strongest negative source net count; `other`
    adds up across sources. ReasonLedger marks reasons by the same rule
    (results.counted_sources).

    What a source says of many programs at once (ALL_PROGRAMS, ProgramsAdjustment) goes into
    a column per factor, one number per program; what it says of single programs into a
    dictionary keyed by (program, factor), so the cost follows what was said. A region's
    source that speaks in groups each program is in at most one of (a region plugin's own
    groups) is kept by group (_Blocks) and added up once per group.
    """

    def __init__(self, n: int, batch: ProgramBatch | None = None) -> None:
        self.n = n
        self.batch = batch
        self.caps = [0] * n
        self.other = [0.0] * n
        # factor -> one column per source that spoke of many programs with that factor
        self.columns: dict[Factor, list[list[float]]] = {}
        # per source that named single programs: (program, factor) -> the source's net; or
        # the same by group
        self.singles: list[dict[tuple[int, Factor], float] | _Blocks] = []

    def add(self, answer: SourceAnswer, batch: ProgramBatch | None = None,
            given: ProgramBatch | None = None, spots: list[int] | None = None) -> None:
        """Add one source's checked answer. For a region's source, `given` is the region's
        batch the source was handed and `spots` its programs' positions in `batch`."""
        if (answer.members is not None and answer.groups and not answer.shared
                and not answer.single_programs):
            blocks = None
            if batch is not None and given is not None and spots is not None:
                blocks = _Blocks.of_layers(answer, batch, given, spots)
            if blocks is None:
                blocks = _Blocks.of(answer)
            if blocks is not None:
                self._add_blocks(blocks)
                return
        self._add(answer)

    def _add_blocks(self, blocks: _Blocks) -> None:
        caps, other = self.caps, self.other
        for positions, _, net_other, rank in blocks.blocks:
            if net_other:  # adding 0.0 changes no total
                for i in positions:
                    other[i] += net_other
            if rank:
                for i in positions:
                    if rank > caps[i]:
                        caps[i] = rank
        self.singles.append(blocks)

    def _add(self, answer: SourceAnswer) -> None:
        items, caps, n = answer.items, self.caps, self.n
        columns: dict[Factor, list[float]] = {}
        spoken = list(answer.groups)
        everyone: Sequence[int] | None = None
        if answer.shared:
            everyone = range(n) if answer.members is None else sorted(answer.members)
            spoken[:0] = [(k, everyone) for k in answer.shared]
        # Items naming the same programs (one list) with the same factor are added up first,
        # so each program is visited once for them.
        summed: dict[tuple[int, Factor], list[Any]] = {}
        for k, positions in spoken:
            _, delta, _, cap, factor = items[k]
            rank = TIER_RANK[cap] if cap is not None else 0
            same = summed.get((id(positions), factor))
            if same is None:
                summed[(id(positions), factor)] = [positions, delta, rank]
            else:
                same[1] += delta
                same[2] = max(same[2], rank)
        # An office-wide source's groups go into columns as long as the batch; a region's
        # (a few hundred programs) into its dictionary, like its single-program items.
        nets: dict[tuple[int, Factor], float] = {}
        get = nets.get
        dense = answer.members is None
        for (_, factor), (positions, delta, rank) in summed.items():
            if delta and factor is Factor.OTHER:
                other = self.other
                for i in positions:
                    other[i] += delta
            elif delta and dense:
                column = columns.get(factor)
                if column is None and positions is everyone:
                    # What adding delta to every 0.0 gives, without a pass per program.
                    columns[factor] = [0.0 + delta] * n
                else:
                    if column is None:
                        column = columns[factor] = [0.0] * n
                    for i in positions:
                        column[i] += delta
            elif delta:
                for key in zip(positions, repeat(factor)):
                    nets[key] = get(key, 0.0) + delta
            if rank:
                for i in positions:
                    if rank > caps[i]:
                        caps[i] = rank
        for factor, column in columns.items():
            self.columns.setdefault(factor, []).append(column)

        positions = answer.single_programs
        if not positions:
            if nets:
                self.singles.append(nets)
            return
        deltas, tier_caps, factors = answer.single_columns
        for key, delta in zip(zip(positions, factors), deltas):
            nets[key] = get(key, 0.0) + delta
        unmerged = Factor.OTHER  # read once: an enum member off its class costs about 80 ns
        if columns or unmerged in factors:
            # A factor this source also said of many programs goes into that column.
            for key in [key for key in nets if key[1] in columns or key[1] is unmerged]:
                i, factor = key
                column = self.other if factor is unmerged else columns[factor]
                column[i] += nets.pop(key)
        self.singles.append(nets)
        if set(tier_caps) != _NO_CAP:
            for i, cap in zip(positions, tier_caps):
                if cap is not None and TIER_RANK[cap] > caps[i]:
                    caps[i] = TIER_RANK[cap]

    def totals(self) -> list[float]:
        """Each program's total (before the base score and the evidence). Once: it uses up
        what was added."""
        totals = self.other
        # factor -> (strongest positive, strongest negative) of the columns, program by program;
        # one column stands for both.
        merged: dict[Factor, tuple[list[float], list[float] | None]] = {}
        for factor, columns in self.columns.items():
            if len(columns) == 1:
                merged[factor] = (columns[0], None)
                totals = list(map(add, totals, columns[0]))
            else:
                zeros = repeat(0.0, self.n)
                best = list(map(max, zeros, *columns))
                worst = list(map(min, repeat(0.0, self.n), *columns))
                merged[factor] = (best, worst)
                totals = list(map(add, totals, map(add, best, worst)))

        # Per (program, factor): the net of the one source that named the program, or, where
        # several did, (their strongest positive, their strongest negative). Most keys have
        # one source, so the largest source's dictionary is taken as it is.
        singles = sorted(self.singles, key=len, reverse=True)
        if singles and all(type(nets) is _Blocks for nets in singles):
            _Blocks.merge(singles, merged, totals,  # type: ignore[arg-type]  # all _Blocks
                          None if self.batch is None else self.batch.own("engine.combos"))
            return totals
        dicts = [nets.as_dict() if isinstance(nets, _Blocks) else nets for nets in singles]
        spoken: dict[tuple[int, Factor], Any] = dicts[0] if dicts else {}
        for nets in dicts[1:]:
            for key, net in nets.items():
                spoken[key] = _combined(spoken.get(key), net)
        # What they add beyond the columns' strongest of the same sign, program by program,
        # each program's factors in the order the dictionary holds them.
        steps_of: dict[int, list[tuple[Factor, Any]]] = {}
        for (i, factor), net in spoken.items():
            steps_of.setdefault(i, []).append((factor, net))
        for i, steps in steps_of.items():
            _Blocks._add_steps(steps, merged, (i,), totals)
        return totals


def _combined(had: Any, net: float) -> Any:
    """A (program, factor)'s net from one more source: the first source's net, or the
    strongest positive and the strongest negative so far."""
    if had is None:
        return net
    pos, neg = had if type(had) is tuple else (max(had, 0.0), min(had, 0.0))
    return (max(pos, net), min(neg, net))


def _signed(net: Any) -> tuple[float, float]:
    """(strongest positive, strongest negative) of what `_combined` gave."""
    if type(net) is tuple:
        return net
    return (net, 0.0) if net > 0 else (0.0, net)


class _Blocks:
    """One region source's answer by group: (positions, factor -> net in the order the
    factors first come, the net of Factor.OTHER or None, the strictest cap's rank) per group,
    each program in one group at most.

    Within a group every program has the same items in the same order, so the nets are added
    up once per group, and each program's total then gets exactly the additions, in exactly
    the order, that the dictionary of _Merge would give it: the same total to the last bit.
    """

    __slots__ = ("blocks", "size")

    def __init__(self, blocks: list[tuple[Sequence[int], dict[Factor, float], float | None,
                                          int]]) -> None:
        self.blocks = blocks
        # What len() of the same answer's dictionary would be: _Merge orders sources by it.
        self.size = sum(len(positions) * len(nets) for positions, nets, _, _ in blocks)

    def __len__(self) -> int:
        return self.size

    @classmethod
    def of(cls, answer: SourceAnswer) -> _Blocks | None:
        """The answer by group, or None when a program is in two of its groups."""
        items = answer.items
        found: dict[int, list[Any]] = {}
        unmerged = Factor.OTHER
        for k, positions in answer.groups:
            _, delta, _, cap, factor = items[k]
            block = found.get(id(positions))
            if block is None:
                block = found[id(positions)] = [positions, {}, None, 0]
            if factor is unmerged:
                block[2] = (0.0 if block[2] is None else block[2]) + delta
            else:
                nets = block[1]
                nets[factor] = nets.get(factor, 0.0) + delta
            if cap is not None and TIER_RANK[cap] > block[3]:
                block[3] = TIER_RANK[cap]
        lists = [block[0] for block in found.values()]
        if sum(map(len, lists)) != len(set().union(*lists)):
            return None
        return cls([(positions, nets, other, rank) for positions, nets, other, rank
                    in found.values()])

    @classmethod
    def of_layers(cls, answer: SourceAnswer, batch: ProgramBatch, given: ProgramBatch,
                  spots: list[int]) -> _Blocks | None:
        """The answer by group, for a source that groups the programs of its region batch
        `given` several ways (`ProgramBatch.grouped`), one after the other: every item of the
        first grouping, then the second's, and so on. Programs that get the same items get one
        group here. None for any other answer."""
        items = answer.items
        # grouping -> id of a group's values -> its items; keyed by id: the batch keeps the
        # values, and hashing values that hold enums costs a Python call each.
        layers: dict[tuple[str, ...], dict[int, list[int]]] = {}
        last: tuple[str, ...] | None = None
        seen: dict[int, tuple[tuple[str, ...], Any] | None] = {}
        keys = answer.group_keys
        for j, (k, positions) in enumerate(answer.groups):
            if id(positions) in seen:
                group = seen[id(positions)]
            else:
                group = seen[id(positions)] = (keys[j] if keys is not None
                                               else batch.group_of(items[k][0]))
            if group is None or not group[0][0].startswith(REGION_MARK):
                return None
            fields, values = group
            if fields != last:
                if fields in layers:
                    return None  # the groupings take turns: each program's order differs
                layers[fields] = {}
                last = fields
            layers[fields].setdefault(id(values), []).append(k)
        rank_of: Any = TIER_RANK.get  # a cap of None ranks 0
        # What a group says, as (factor, delta, cap's rank) per item, numbered: 0 says nothing.
        said_by_code: list[tuple[tuple[Factor, float, int], ...]] = [()]
        codes: dict[tuple[tuple[Factor, float, int], ...], int] = {(): 0}
        code_by_id: list[dict[int, int]] = []
        for groups in layers.values():
            coded = {}
            for values, ks in groups.items():
                said = tuple((items[k][4], items[k][1], rank_of(items[k][3], 0)) for k in ks)
                code = codes.get(said)
                if code is None:
                    code = codes[said] = len(said_by_code)
                    said_by_code.append(said)
                coded[values] = code
            code_by_id.append(coded)
        # Which programs get which items depends on nothing else: kept with the region batch.
        kept = given.own("engine.blocks")
        key = (id(spots), tuple(layers), tuple(tuple(coded.items()) for coded in code_by_id))
        found = kept.get(key)
        if found is None or found[0] is not spots:
            if len(kept) >= _KEPT_BLOCKS:
                kept.clear()
            found = kept[key] = (spots, cls._runs(given, spots, layers, code_by_id))
        blocks: list[tuple[Sequence[int], dict[Factor, float], float | None, int]] = []
        unmerged = Factor.OTHER
        for said_codes, positions in found[1]:
            nets: dict[Factor, float] = {}
            other: float | None = None
            rank = 0
            for factor, delta, cap in chain.from_iterable(map(said_by_code.__getitem__,
                                                              said_codes)):
                if factor is unmerged:
                    other = (0.0 if other is None else other) + delta
                else:
                    nets[factor] = nets.get(factor, 0.0) + delta
                rank = max(rank, cap)
            if nets or other is not None or rank:
                blocks.append((positions, nets, other, rank))
        return cls(blocks)

    @staticmethod
    def _runs(given: ProgramBatch, spots: list[int], layers: dict[tuple[str, ...], Any],
              code_by_id: list[dict[int, int]]) -> list[tuple[tuple[int, ...], list[int]]]:
        """(the codes of what each grouping says, the positions of the programs it says it
        of) for each distinct sequence of codes."""
        columns = [list(map(coded.get, map(id, given.values_at(fields[1:])), repeat(0)))
                   for fields, coded in zip(layers, code_by_id)]
        said_of = list(zip(*columns))
        numbers: dict[tuple[int, ...], int] = {}
        number_of = list(map(numbers.setdefault, said_of, count()))
        said_by_number = {number: said for said, number in numbers.items()}
        return [(said_by_number[number], [spots[j] for j in run]) for number, run in groupby(
            sorted(range(len(number_of)), key=number_of.__getitem__), number_of.__getitem__)]

    def as_dict(self) -> dict[tuple[int, Factor], float]:
        """The same as _Merge's dictionary of (program, factor) -> net."""
        out: dict[tuple[int, Factor], float] = {}
        for positions, nets, _, _ in self.blocks:
            pairs = list(nets.items())
            for i in positions:
                for factor, net in pairs:
                    out[(i, factor)] = net
        return out

    @staticmethod
    def merge(sources: list[_Blocks], columns: dict[Factor, tuple[list[float],
                                                                  list[float] | None]],
              totals: list[float], kept: dict[Any, Any] | None = None) -> None:
        """_Merge.totals' last step for sources that are all _Blocks (`sources` ordered as
        there): per program, the factors in the order the merged dictionary would hold them,
        each source's net (or the strongest positive and negative of several), added to the
        total beyond the columns' strongest of the same sign. `kept`: a table kept with the
        batch, for which programs share which groups."""
        said = [(positions, nets) for source in sources
                for positions, nets, _, _ in source.blocks if nets]
        key = tuple(tuple(id(positions) for positions, nets, _, _ in source.blocks if nets)
                    for source in sources)
        found = kept.get(key) if kept is not None else None
        if found is None or any(a is not b for a, (b, _) in zip(found[0], said)):
            found = (tuple(positions for positions, _ in said), _Blocks._combos(said))
            if kept is not None:
                if len(kept) >= _KEPT_BLOCKS:
                    kept.clear()
                kept[key] = found
        for combo, positions in found[1]:
            spoken: dict[Factor, Any] = {}
            for b in combo:
                for factor, net in said[b][1].items():
                    spoken[factor] = _combined(spoken.get(factor), net)
            _Blocks._add_steps(list(spoken.items()), columns, positions, totals)

    @staticmethod
    def _combos(said: list[tuple[Sequence[int], Any]]) -> list[tuple[tuple[int, ...], list[int]]]:
        """The programs named by the same groups (numbers in `said`), group by group."""
        combos: dict[int, tuple[int, ...]] = {}
        get = combos.get
        for b, (positions, _) in enumerate(said):
            for i in positions:
                combos[i] = get(i, ()) + (b,)
        programs: dict[tuple[int, ...], list[int]] = {}
        for i, combo in combos.items():
            programs.setdefault(combo, []).append(i)
        return list(programs.items())

    @staticmethod
    def _add_steps(steps: list[tuple[Factor, Any]],
                   columns: dict[Factor, tuple[list[float], list[float] | None]],
                   positions: Sequence[int], totals: list[float]) -> None:
        """What `steps` (factor, net) add to these programs' totals, a factor after another:
        each net beyond the column's strongest of the same sign (all of it without a column).
        For many programs, a pass in C per factor instead of a loop per program: where the
        loop adds nothing the pass adds 0.0, which changes no total; the rest are the same
        additions."""
        if len(positions) < _FEW:
            # Each step's column and signed nets looked up once, then applied program by
            # program: what a step adds beyond the column's strongest of the same sign.
            plan: list[tuple[list[float] | None, list[float] | None, float, float]] = []
            for factor, net in steps:
                found = columns.get(factor)
                if found is None:
                    plan.append((None, None, sum(net) if type(net) is tuple else net, 0.0))
                else:
                    plan.append((found[0], found[1], *_signed(net)))
            for i in positions:
                total = totals[i]
                for best, worst, plus, minus in plan:
                    if best is None:
                        total += plus  # the plain net: no column to go beyond
                        continue
                    had = best[i]
                    if plus > 0:
                        up = had if had > 0 else 0.0
                        if plus > up:
                            total += plus - up
                    if minus < 0:
                        down = (had if had < 0 else 0.0) if worst is None else worst[i]
                        if minus < down:
                            total += minus - down
                totals[i] = total
            return
        values = list(map(totals.__getitem__, positions))
        for factor, net in steps:
            column = columns.get(factor)
            if column is None:
                change = sum(net) if type(net) is tuple else net
                if change:
                    values = list(map(add, values, repeat(change)))
                continue
            strongest, weakest = column
            pos, neg = _signed(net)
            ours = list(map(strongest.__getitem__, positions))
            if pos > 0:
                ups = map(max, ours, repeat(0.0))
                values = list(map(add, values, map(max, map(sub, repeat(pos), ups), repeat(0.0))))
            if neg < 0:
                downs = (map(min, ours, repeat(0.0)) if weakest is None
                         else map(weakest.__getitem__, positions))
                values = list(map(add, values, map(min, map(sub, repeat(neg), downs),
                                                   repeat(0.0))))
        for i, value in zip(positions, values):
            totals[i] = value


# Fewer programs than this get their steps one by one: a pass in C costs more to set up.
_FEW = 16
# Ways of saying things kept per batch, each a few lists of positions (about 25 KB at 3,000
# programs): the most a worker keeps stays a few MB.
_KEPT_BLOCKS = 16


# ------------------------------------------------------------------------ plans and advice

def _collect(registry: PluginRegistry, hook: str, kwargs: dict[str, Any], kind: type,
             only: Any, warnings: list[PluginWarning],
             seconds: dict[str, dict[str, float]]) -> list[tuple[str, Any]]:
    """Call a hook whose answer is one `kind` (or None) per plugin; drop malformed answers."""
    result = registry.call(hook, kwargs, only=only)
    _note_seconds(seconds, hook, result)
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
            warnings: list[PluginWarning], seconds: dict[str, dict[str, float]]
            ) -> list[tuple[str, AdviceSection]]:
    result = registry.call("advisor_advice", {"applicant": applicant, "plan": plan}, only=speaks)
    _note_seconds(seconds, "advisor_advice", result)
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
