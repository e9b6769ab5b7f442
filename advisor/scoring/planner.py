"""Builds the recommended application list from scored programs and the strategies' wishes.

The list is sized by expected interviews, the sum of its programs' chances: each tier's share
is filled from that tier's best candidates, a tier short of candidates borrows from its
neighbour, and when the expected interviews fall short of the goal the list grows toward the
strategy's upper bound before it says what else would help.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add, attrgetter, is_, mul, not_

from advisor.enums import RemedyKind, Specialty, Tier
from advisor.hooks.areas import area
from advisor.hooks.types import (
    Applicant, PlanContribution, PriorityGroup, ProgramInfo, RegionCap,
)
from advisor.scoring.chances import band_text
from advisor.scoring.core_rules import DEFAULT_SHARES, default_total
from advisor.scoring.goals import PUBLISHED, InterviewGoals
from advisor.scoring.batch import ProgramBatch
from advisor.scoring.results import Plan, ScoredProgram, ScoredPrograms

LIST_TIERS = (Tier.SAFETY, Tier.TARGET, Tier.REACH)
SHOWN_ORDER = (*LIST_TIERS, Tier.LONG_SHOT)
SHOWN_RANK = {tier: i for i, tier in enumerate(SHOWN_ORDER)}
# Listed programs' order: the shown tiers, then a pinned ruled-out program.
TIER_RANK_OF = {**SHOWN_RANK, Tier.INELIGIBLE: len(SHOWN_ORDER)}
# Expected interviews at least this share of the goal are "a little short" rather than "well".
NEAR_GOAL = 0.75
# A target specialty giving realistic programs (safety, target, reach) for less than this
# share of the list gives "very few", and the headline says so.
FEW_REALISTIC_SHARE = 0.1
# Where a tier short of candidates borrows from, nearest first.
NEIGHBOURS: dict[Tier, tuple[Tier, ...]] = {
    Tier.SAFETY: (Tier.TARGET,),
    Tier.TARGET: (Tier.SAFETY, Tier.REACH),
    Tier.REACH: (Tier.TARGET, Tier.LONG_SHOT),
}


@dataclass(frozen=True, slots=True)
class ListEdits:
    """The advisor's word on the list (the student's working list): programs always listed
    and programs never listed, by ACGME id. Plain data: the planner reads it, plugins never
    see it."""

    pinned: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()


NO_EDITS = ListEdits()


def combine(applicant: Applicant, contributions: Sequence[tuple[str, PlanContribution]]
            ) -> tuple[tuple[int, int], dict[str, tuple[float, float]], list[RegionCap], list[str]]:
    """Merge the strategies' wishes: the largest totals, the share set asking for the most
    safeties (too few true safeties is the most common mistake), and every cap."""
    totals = [c.total for _, c in contributions if c.total]
    total = ((max(t[0] for t in totals), max(t[1] for t in totals)) if totals
             else default_total(applicant.specialty))
    share_sets = [c.shares for _, c in contributions if c.shares]
    shares = dict(max(share_sets, key=lambda s: dict(s).get("safety", (0.0, 0.0))[0])
                  if share_sets else DEFAULT_SHARES)
    caps = [cap for _, c in contributions for cap in c.caps]
    notes = [note for _, c in contributions for note in c.notes]
    return total, shares, caps, notes


def priority_groups(contributions: Sequence[tuple[str, PlanContribution]]
                    ) -> tuple[PriorityGroup, ...]:
    """The priority groups of the first strategy (in the student's target order) that gives
    any: two strategies' orders of preference cannot be merged."""
    return next((c.priority_groups for _, c in contributions if c.priority_groups), ())


def _group_column(programs: Sequence[ProgramInfo], groups: tuple[PriorityGroup, ...]
                  ) -> list[int]:
    """The index of the first priority group each program fits (len(groups) for none), by
    position. It depends only on the program's state, county and non-US IMG share, so it is
    worked out once per such place and share, and kept with a catalog batch for the next list
    with the same groups."""
    kept = programs.own("planner.groups") if isinstance(programs, ProgramBatch) else {}
    column = kept.get(groups)
    if column is None:
        known = _group_index(groups)
        column = []
        for p in programs:
            key = (p.state, p.county, p.non_us_img_share)
            found = known.get(key)
            if found is None:
                found = known[key] = _first_group(p, groups)
            column.append(found)
        if len(kept) >= 16:
            kept.clear()
        kept[groups] = column
    return column


# A strategy's priority groups -> (state, county, non-US IMG share) -> the first group that
# fits. Groups come from strategy content, so a few sets at most; a changed strategy file
# gives new groups and a table of their own.
_GROUP_INDEX: dict[tuple[PriorityGroup, ...], dict[tuple[object, ...], int]] = {}


def _group_index(groups: tuple[PriorityGroup, ...]) -> dict[tuple[object, ...], int]:
    table = _GROUP_INDEX.get(groups)
    if table is None:
        if len(_GROUP_INDEX) >= 16:
            _GROUP_INDEX.clear()
        table = _GROUP_INDEX[groups] = {}
    return table


def _first_group(program: ProgramInfo, groups: Sequence[PriorityGroup]) -> int:
    for i, group in enumerate(groups):
        if ((group.area is None or area(group.area).holds(program))
                and _share_fits(program.non_us_img_share, group.min_non_us_img_share)):
            return i
    return len(groups)


def _share_fits(share: float | None, least: float | None) -> bool:
    """A non-US IMG share meets a group's least share (an unknown share meets none)."""
    return least is None or not (share is None or share < least)


def _specialties(programs: Sequence[ProgramInfo]) -> list[Specialty]:
    """Each program's specialty, by position; kept with a catalog batch."""
    kept = programs.own("planner.specialties") if isinstance(programs, ProgramBatch) else {}
    column = kept.get("specialty")
    if column is None:
        column = kept["specialty"] = list(map(attrgetter("specialty"), programs))
    return column


def _cap_members(programs: Sequence[ProgramInfo], cap: RegionCap) -> frozenset[int]:
    """The positions of the programs a regional cap counts; kept with a catalog batch."""
    kept = programs.own("planner.caps") if isinstance(programs, ProgramBatch) else {}
    members = kept.get(cap)
    if members is None:
        members = frozenset(i for i, p in enumerate(programs) if _program_in_cap(p, cap))
        if len(kept) >= 64:
            kept.clear()
        kept[cap] = members
    return members


class _Picker:
    """The list being built (positions in the scored table), with the regional caps it must
    respect."""

    def __init__(self, caps: Sequence[RegionCap], members: Sequence[frozenset[int]],
                 chances: Sequence[float]) -> None:
        self.caps = caps
        self.members = members
        self.chances = chances
        self.cap_counts = [0] * len(caps)
        self.chosen: list[int] = []
        # The chosen programs' expected interviews, added up as they are chosen.
        self.expected = 0.0
        self.chosen_set: set[int] = set()
        self.capped_out: set[int] = set()
        # How many programs each cap turned away, by cap index.
        self.blocked_by: dict[int, int] = {}

    def force(self, i: int) -> None:
        """List a pinned program whatever the caps say; it still counts toward them."""
        for c, members in enumerate(self.members):
            if i in members:
                self.cap_counts[c] += 1
        self._choose(i)

    def _choose(self, i: int) -> None:
        self.chosen.append(i)
        self.expected += self.chances[i]
        self.chosen_set.add(i)

    def take(self, candidates: Iterable[int], wanted: int) -> int:
        taken = 0
        if wanted <= 0:
            return 0
        for i in candidates:
            if i in self.chosen_set:
                continue
            hits = [c for c, members in enumerate(self.members) if i in members]
            full = [c for c in hits if (limit := self.caps[c].max) is not None
                    and self.cap_counts[c] >= limit]
            if full:
                self.capped_out.add(i)
                for c in full:
                    self.blocked_by[c] = self.blocked_by.get(c, 0) + 1
                continue
            for c in hits:
                self.cap_counts[c] += 1
            self._choose(i)
            taken += 1
            if taken >= wanted:
                break
        return taken


def plan_list(applicant: Applicant, scored: Sequence[ScoredProgram],
              contributions: Sequence[tuple[str, PlanContribution]],
              goals: InterviewGoals = PUBLISHED, edits: ListEdits = NO_EDITS) -> Plan:
    """The list for `scored`: `edits.excluded` programs never appear; `edits.pinned` ones
    always do, first, counting toward their tier's share (a pinned ruled-out program is
    listed too, with a note saying why it is ruled out). Works on the scored table's columns;
    a ScoredProgram is made only for each listed program."""
    table = ScoredPrograms.of(scored)
    programs, tiers, chances, ids = table.programs, table.tiers, table.chances, table.ids
    total, shares, caps, notes = combine(applicant, contributions)
    # Every program the list may take; the headline still counts the excluded ones.
    listed: Sequence[int] = table.order
    if edits.excluded:
        listed = [i for i in listed if ids[i] not in edits.excluded]
    goal_interviews = goals.goal(applicant.specialty)
    size = round((total[0] + total[1]) / 2)
    quotas = _quotas(size, shares)
    groups = priority_groups(contributions)
    group_at = _group_column(programs, groups) if groups else None
    members = [_cap_members(programs, cap) for cap in caps]

    # Every program that may be listed, best first (the main specialty before the backup, then
    # the best chance, then the acgme_id); each tier's candidates in the same order. Stable
    # sorts on one key each, the last key first. With priority groups, the likelier tier
    # (tiers are bands of the chance) and within it the earlier group come before the chance.
    ineligible = Tier.INELIGIBLE  # an enum member read once: thousands of programs
    eligible = [i for i in table.id_order() if tiers[i] is not ineligible]
    if edits.excluded:
        eligible = [i for i in eligible if ids[i] not in edits.excluded]
    eligible.sort(key=chances.__getitem__, reverse=True)  # equal chances keep their order
    if group_at is not None:
        # (tier, group) as one number per position: a key list read in C.
        width = len(groups) + 1
        keys = list(map(add, map(mul, map(TIER_RANK_OF.__getitem__, tiers), repeat(width)),
                        group_at))
        eligible.sort(key=keys.__getitem__)
    main = list(map(is_, _specialties(programs), repeat(applicant.specialty)))
    in_main = list(map(main.__getitem__, eligible))
    eligible = list(compress(eligible, in_main)) + list(compress(eligible, map(not_, in_main)))
    eligible_tiers = list(map(tiers.__getitem__, eligible))
    by_tier = {t: list(compress(eligible, map(is_, eligible_tiers, repeat(t))))
               for t in SHOWN_ORDER}

    picker = _Picker(caps, members, chances)
    shortfalls: list[str] = []
    got = dict.fromkeys(LIST_TIERS, 0)
    pinned = [i for i in listed if ids[i] in edits.pinned] if edits.pinned else []
    for i in sorted(pinned, key=lambda i: (TIER_RANK_OF.get(tiers[i], len(TIER_RANK_OF)),
                                           -chances[i], ids[i])):
        picker.force(i)
        if tiers[i] in got:
            got[tiers[i]] += 1
        if tiers[i] is Tier.INELIGIBLE:
            s = table.at(i)
            why = "; ".join(text for _, text in s.ledger.capping(s.index, Tier.INELIGIBLE))
            notes.append(f"{s.program.name} ({s.program.acgme_id}) is pinned although it is "
                         f"ruled out: {why or 'its stated requirements are not met'}.")
    # A strategy's regional focus first: its best realistic programs, counted in the quotas.
    for cap, in_cap in zip(caps, members):
        if not cap.min:
            continue
        # Programs already chosen for an overlapping region (LA inside SoCal) count too.
        wanted = cap.min - sum(1 for i in picker.chosen if i in in_cap)
        blocked_before = dict(picker.blocked_by)
        for tier in LIST_TIERS:
            taken = picker.take(filter(in_cap.__contains__, by_tier[tier]),
                                min(wanted, quotas[tier] - got[tier]))
            got[tier] += taken
            wanted -= taken
        if wanted > 0:
            found = cap.min - wanted
            shortfalls.append(f"{f'Only {found}' if found else 'No'} realistic programs in "
                              f"{_cap_label(cap)} for a planned {cap.min}.")
            # Of clashing caps the strictest maximum wins; say which one held this focus back.
            for c, count in picker.blocked_by.items():
                if count > blocked_before.get(c, 0):
                    notes.append(f"Two strategies' limits clash: the stricter one, at most "
                                 f"{caps[c].max} in {_cap_label(caps[c])}, wins over the "
                                 f"wish for at least {cap.min} in {_cap_label(cap)}.")
    for tier in LIST_TIERS:
        got[tier] += picker.take(by_tier[tier], quotas[tier] - got[tier])
    for tier in LIST_TIERS:
        missing = quotas[tier] - got[tier]
        if missing <= 0:
            continue
        borrowed: dict[Tier, int] = {}
        for neighbour in NEIGHBOURS[tier]:
            if missing <= 0:
                break
            taken = picker.take(by_tier[neighbour], missing)
            if taken:
                borrowed[neighbour] = taken
            missing -= taken
        text = (f"{f'Only {got[tier]}' if got[tier] else 'No'} {_plural_tier(tier, got[tier])} "
                f"for a planned {quotas[tier]} "
                f"({_share_text(shares, tier)} of the list)")
        if borrowed:
            text += "; " + " and ".join(f"{n} {_plural_tier(t, n)}" for t, n in borrowed.items())
            text += " take their place"
        shortfalls.append(text + ".")

    # Fill the planned size from what is left, then grow toward the strategy's upper bound
    # while the expected interviews miss the goal: most likely first, long shots only to reach
    # the minimum or the goal.
    added_long_shots = 0
    long_shot = Tier.LONG_SHOT
    # Past the largest of these sizes nothing more is wanted.
    full = max(total[0], total[1], size)
    for i in eligible:
        n = len(picker.chosen)
        if n >= full:
            break
        if i in picker.chosen_set:
            continue
        wanted = (n < total[0] or (picker.expected < goal_interviews and n < total[1])
                  or (n < size and tiers[i] is not long_shot))
        if wanted and picker.take((i,), 1) and tiers[i] is long_shot:
            added_long_shots += 1
    if added_long_shots:
        shortfalls.append(f"{added_long_shots} long shots were added to bring the list toward "
                          "its interview goal; expect few interviews from them.")
    if len(picker.chosen) < total[0]:
        shortfalls.append(f"The list has {len(picker.chosen)} programs; the plan calls for at "
                          f"least {total[0]}, and no other eligible program is left inside "
                          "the regional caps.")
    if picker.capped_out - picker.chosen_set:
        notes.append(f"{len(picker.capped_out - picker.chosen_set)} otherwise suitable programs "
                     "were left off to respect regional caps.")
    if group_at is not None:
        # A ruled-out program (pinned) is in no group.
        notes.append(_groups_note(groups, [len(groups) if tiers[i] is ineligible else group_at[i]
                                           for i in picker.chosen]))
    if edits.pinned or edits.excluded:
        notes.append(_edits_note(edits, len(pinned)))

    # Pinned programs first within their tier: the advisor's choices lead.
    chosen = sorted(picker.chosen, key=lambda i: (TIER_RANK_OF.get(tiers[i], len(TIER_RANK_OF)),
                                                  ids[i] not in edits.pinned,
                                                  -chances[i], ids[i]))
    plan = Plan(total, shares, caps, list(map(table.at, chosen)), shortfalls, notes,
                expected_interviews=sum(map(chances.__getitem__, picker.chosen)),
                interview_goal=goal_interviews)
    plan.remedies = _remedies(contributions) if not plan.goal_met else []
    plan.headline = _headline(applicant, list(compress(tiers, main)), plan)
    return plan


def _headline(applicant: Applicant, main_tiers: list[Tier], plan: Plan) -> list[str]:
    """The plan's first sentences: what the target specialty gives (`main_tiers`: the tiers of
    every scored program of it, exclusions too) and what the list is built from, then the
    expected interviews."""
    lines = _specialty_lines(applicant, main_tiers, plan)
    expected, goal, n = plan.expected_interviews, plan.interview_goal, len(plan.entries)
    if n:
        lines.append(f"These {n} applications can be expected to bring about "
                     f"{_about(expected)} interview invitations; the goal is {goal:g}.")
        if expected >= goal:
            lines.append("The list is likely to work if every application goes in early and "
                         "complete.")
        elif expected >= NEAR_GOAL * goal:
            lines.append("That is a little short of the goal: the steps below would close "
                         "the gap.")
        else:
            lines.append("That is well short of the goal: the list alone is unlikely to be "
                         "enough, so the steps below matter more than the list.")
    return lines


def _specialty_lines(applicant: Applicant, main_tiers: list[Tier], plan: Plan) -> list[str]:
    """Said plainly when the target specialty gives no or few realistic programs (a safety,
    target or reach), and when the list is mostly the backup specialty or empty."""
    main, backup = applicant.specialty, applicant.backup_specialty
    name = main.label.lower()
    tiers = {tier: main_tiers.count(tier) for tier in TIER_RANK_OF}
    seen, ruled_out = len(main_tiers), tiers[Tier.INELIGIBLE]
    realistic = sum(tiers[t] for t in LIST_TIERS)
    long_shots = tiers[Tier.LONG_SHOT]
    n = len(plan.entries)
    from_backup = sum(1 for e in plan.entries if e.program.specialty is not main)
    lines: list[str] = []
    if not seen:
        lines.append(f"No {name} program in the catalog is open to this profile: the catalog "
                     "has none.")
    elif ruled_out == seen:
        lines.append(f"No {name} program in the catalog is open to this profile: all {seen} "
                     "are ruled out by their stated requirements.")
    elif realistic < max(1, FEW_REALISTIC_SHARE * n):
        what = f"only {_count(realistic, 'is', 'are')} realistic" if realistic else "none is realistic"
        rest = []
        if long_shots:
            rest.append(f"{_count(long_shots, 'is a long shot', 'are long shots')} "
                        f"({band_text(Tier.LONG_SHOT)} interview chance)")
        if ruled_out:
            rest.append(f"{_count(ruled_out, 'is', 'are')} ruled out by their stated requirements")
        lines.append(f"Of the {seen} {name} programs in the catalog, {what} for this profile "
                     "(a safety, target or reach)" + (": " + " and ".join(rest) if rest else "")
                     + ".")
    if not n:
        either = f" in the backup specialty, {backup.label.lower()}, either" if backup else ""
        lines.append(f"Nothing in the catalog fits this profile{either}, so the list is empty.")
    elif backup is not None and from_backup == n:
        lines.append(f"The list is built entirely from the backup specialty, "
                     f"{backup.label.lower()}: " + (f"all {n} programs." if n > 1 else "its one program."))
    elif backup is not None and from_backup * 2 > n:
        lines.append(f"The list is built mostly from the backup specialty, "
                     f"{backup.label.lower()}: {from_backup} of its {n} programs.")
    return lines


def _groups_note(groups: Sequence[PriorityGroup], chosen: Sequence[int]) -> str:
    """How many listed programs fall in each priority group, in the groups' order."""
    counts = Counter(chosen)
    parts = [f"{i}. {g.label}: {counts[i - 1]}" for i, g in enumerate(groups, start=1)]
    if counts[len(groups)]:
        parts.append(f"in no group: {counts[len(groups)]}")
    return ("Priority groups, earlier ones taken first within each tier; programs on this "
            "list: " + "; ".join(parts) + ".")


def _edits_note(edits: ListEdits, pinned: int) -> str:
    """"3 pinned, 2 excluded by the advisor", and any pin this assessment could not list."""
    text = (f"{len(edits.pinned)} pinned, {len(edits.excluded)} excluded by the advisor on "
            "the working list.")
    missing = len(edits.pinned) - pinned
    if missing:
        text += (f" {_count(missing, 'pinned program is', 'pinned programs are')} not listed: "
                 "not in the catalog or not of this student's specialties.")
    return text


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _about(expected: float) -> str:
    return f"{expected:.0f}" if expected >= 2 else f"{expected:.1f}"


def _remedies(contributions: Sequence[tuple[str, PlanContribution]]) -> list[str]:
    """One remedy per kind: the first contribution's (strategies come in the student's target
    order, the core last) in its own words."""
    chosen: dict[RemedyKind, str] = {}
    for _, contribution in contributions:
        for remedy in contribution.remedies:
            chosen.setdefault(remedy.kind, remedy.text)
    return [chosen[kind] for kind in RemedyKind if kind in chosen]


def _quotas(goal: int, shares: dict[str, tuple[float, float]]) -> dict[Tier, int]:
    mids = {t: sum(shares.get(t.value, (0.0, 0.0))) / 2 for t in LIST_TIERS}
    weight = sum(mids.values()) or 1.0
    quotas = {t: round(goal * mids[t] / weight) for t in (Tier.SAFETY, Tier.REACH)}
    quotas[Tier.TARGET] = max(0, goal - quotas[Tier.SAFETY] - quotas[Tier.REACH])
    return quotas


def _cap_label(cap: RegionCap) -> str:
    if cap.label or cap.region:
        return cap.label or cap.region or ""
    return area(cap.area).name if cap.area else ", ".join(sorted(cap.states))


def _program_in_cap(program: ProgramInfo, cap: RegionCap) -> bool:
    if cap.region is not None and cap.region in program.regions:
        return True
    if cap.area is not None and area(cap.area).holds(program):
        return True
    return program.state in cap.states


def _plural_tier(tier: Tier, n: int) -> str:
    word = {Tier.SAFETY: "safety", Tier.TARGET: "target", Tier.REACH: "reach",
            Tier.LONG_SHOT: "long shot"}[tier]
    if n == 1:
        return word
    return {"safety": "safeties", "reach": "reaches"}.get(word, word + "s")


def _share_text(shares: dict[str, tuple[float, float]], tier: Tier) -> str:
    low, high = shares.get(tier.value, (0.0, 0.0))
    return f"{low:.0%}-{high:.0%}"
