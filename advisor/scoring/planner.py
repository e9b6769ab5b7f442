"""Builds the recommended application list from scored programs and the strategies' wishes."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.enums import Tier
from advisor.hooks.types import Applicant, PlanContribution, RegionCap
from advisor.scoring.core_rules import DEFAULT_SHARES, default_total
from advisor.scoring.results import Plan, ScoredProgram

LIST_TIERS = (Tier.SAFETY, Tier.TARGET, Tier.REACH)
SHOWN_ORDER = (*LIST_TIERS, Tier.LONG_SHOT)


def combine(applicant: Applicant, contributions: Sequence[tuple[str, PlanContribution]]
            ) -> tuple[tuple[int, int], dict[str, tuple[float, float]], list[RegionCap], list[str]]:
    """Merge the strategies' wishes: the largest totals, the share set asking for the most
    safeties (too few true safeties is the most common mistake), and every cap."""
    totals = [c.total for _, c in contributions if c.total]
    total = ((max(t[0] for t in totals), max(t[1] for t in totals)) if totals
             else default_total(applicant.specialty))
    share_sets = [c.shares for _, c in contributions if c.shares]
    shares = dict(max(share_sets, key=lambda s: s.get("safety", (0.0, 0.0))[0])
                  if share_sets else DEFAULT_SHARES)
    caps = [cap for _, c in contributions for cap in c.caps]
    notes = [note for _, c in contributions for note in c.notes]
    return total, shares, caps, notes


def plan_list(applicant: Applicant, scored: Sequence[ScoredProgram],
              contributions: Sequence[tuple[str, PlanContribution]]) -> Plan:
    total, shares, caps, notes = combine(applicant, contributions)
    goal = round((total[0] + total[1]) / 2)
    quotas = _quotas(goal, shares)

    by_tier: dict[Tier, list[ScoredProgram]] = {t: [] for t in LIST_TIERS}
    for s in scored:
        if s.tier in by_tier:
            by_tier[s.tier].append(s)
    for tier_list in by_tier.values():
        # Within a tier: the main specialty before the backup, then the best score.
        tier_list.sort(key=lambda s: (s.program.specialty is not applicant.specialty,
                                      -s.score, s.program.acgme_id))

    cap_counts = [0] * len(caps)
    chosen: list[ScoredProgram] = []
    chosen_ids: set[str] = set()
    capped_out = 0

    def take(candidates: list[ScoredProgram], wanted: int) -> int:
        nonlocal capped_out
        taken = 0
        for s in candidates:
            if taken >= wanted:
                break
            if s.program.acgme_id in chosen_ids:
                continue
            hits = [i for i, cap in enumerate(caps) if _in_cap(s, cap)]
            if any(caps[i].max is not None and cap_counts[i] >= caps[i].max for i in hits):
                capped_out += 1
                continue
            for i in hits:
                cap_counts[i] += 1
            chosen.append(s)
            chosen_ids.add(s.program.acgme_id)
            taken += 1
        return taken

    shortfalls: list[str] = []
    # A strategy's regional focus first: its best realistic programs, counted in the quotas.
    got = dict.fromkeys(LIST_TIERS, 0)
    for cap in caps:
        if not cap.min:
            continue
        # Programs already chosen for an overlapping region (LA inside SoCal) count too.
        wanted = cap.min - sum(1 for s in chosen if _in_cap(s, cap))
        for tier in LIST_TIERS:
            in_region = [s for s in by_tier[tier] if _in_cap(s, cap)]
            taken = take(in_region, min(wanted, quotas[tier] - got[tier]))
            got[tier] += taken
            wanted -= taken
        if wanted > 0:
            shortfalls.append(f"Only {cap.min - wanted} realistic programs in "
                              f"{cap.label or cap.region or ', '.join(sorted(cap.states))} "
                              f"for a planned {cap.min}.")
    for tier in LIST_TIERS:
        got[tier] += take(by_tier[tier], quotas[tier] - got[tier])
    for tier in LIST_TIERS:
        if got[tier] < quotas[tier]:
            shortfalls.append(f"Only {got[tier]} {tier.label.lower()} programs available for a "
                              f"planned {quotas[tier]} ({_share_text(shares, tier)} of the list).")
    # Make up the minimum from the other tiers, most realistic first; long shots only when
    # nothing else is left, since a weak profile still needs a broad list (domain.md).
    missing = total[0] - len(chosen)
    for tier in (Tier.TARGET, Tier.REACH, Tier.SAFETY):
        if missing <= 0:
            break
        missing -= take(by_tier[tier], missing)
    if missing > 0:
        long_shots = sorted((s for s in scored if s.tier is Tier.LONG_SHOT),
                            key=lambda s: (s.program.specialty is not applicant.specialty,
                                           -s.score, s.program.acgme_id))
        added = take(long_shots, missing)
        if added:
            shortfalls.append(f"{added} long shots were added to reach a workable list size; "
                              "expect few interviews from them.")
    if len(chosen) < total[0]:
        shortfalls.append(
            f"The list has {len(chosen)} programs; the plan calls for at least {total[0]}. "
            "Widen the regions, add a backup specialty, or strengthen the profile before applying.")
    if capped_out:
        notes.append(f"{capped_out} otherwise suitable programs were left off to respect regional caps.")

    chosen.sort(key=lambda s: (SHOWN_ORDER.index(s.tier), -s.score, s.program.acgme_id))
    return Plan(total, shares, caps, chosen, shortfalls, notes)


def _quotas(goal: int, shares: dict[str, tuple[float, float]]) -> dict[Tier, int]:
    mids = {t: sum(shares.get(t.value, (0.0, 0.0))) / 2 for t in LIST_TIERS}
    weight = sum(mids.values()) or 1.0
    quotas = {t: round(goal * mids[t] / weight) for t in (Tier.SAFETY, Tier.REACH)}
    quotas[Tier.TARGET] = max(0, goal - quotas[Tier.SAFETY] - quotas[Tier.REACH])
    return quotas


def _in_cap(s: ScoredProgram, cap: RegionCap) -> bool:
    if cap.region is not None and cap.region in s.program.regions:
        return True
    return s.program.state in cap.states


def _share_text(shares: dict[str, tuple[float, float]], tier: Tier) -> str:
    low, high = shares.get(tier.value, (0.0, 0.0))
    return f"{low:.0%}-{high:.0%}"
