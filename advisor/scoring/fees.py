"""What a list costs in ERAS fees.

ERAS charges per program, at a price that depends on how many programs of the same specialty
the applicant applies to: the count starts again with each specialty. An IMG also pays fixed
fees once a season, such as the ECFMG's ERAS token. The published schedule is the AAMC's for
the 2026 ERAS season and the token fee the ECFMG's (docs/sources.md, "ERAS fees"); an office
changes them in its settings (advisor.services.season_costs).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from advisor.enums import Specialty, Tier
from advisor.scoring.published import Published
from advisor.scoring.results import Plan

FEES_SOURCE = Published("AAMC", 2026, "Fees for 2026 ERAS Season (residency application fees)")
TOKEN_SOURCE = Published("ECFMG", 2024, "ERAS Support Services: the residency token fee")


@dataclass(frozen=True, slots=True)
class FeeTier:
    """`price` for each program of a specialty up to the `up_to`th; None: every one after."""

    up_to: int | None
    price: Decimal


@dataclass(frozen=True, slots=True)
class FixedFee:
    label: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    # Tiers in order; `up_to` rises, and only the last one is None.
    tiers: tuple[FeeTier, ...]
    fixed: tuple[FixedFee, ...] = ()

    def __post_init__(self) -> None:
        problem = tier_problem(self.tiers)
        if problem:
            raise ValueError(problem[1])


def tier_problem(tiers: Sequence[FeeTier]) -> tuple[int, str] | None:
    """(the position of the first tier at fault, why) when these tiers are not a schedule;
    None when they are."""
    if not tiers:
        return 0, "The schedule needs at least one price."
    last = 0
    for i, tier in enumerate(tiers):
        if tier.price < 0:
            return i, "A price cannot be negative."
        if tier.up_to is None:
            if i < len(tiers) - 1:
                return i, "Only the last price may cover every further program."
        elif i == len(tiers) - 1:
            return i, "The last price must cover every further program (leave its count blank)."
        elif tier.up_to <= last:
            return i, "Each count must be larger than the one before it."
        else:
            last = tier.up_to
    return None


PUBLISHED_FEES = FeeSchedule(
    tiers=(FeeTier(30, Decimal("11")), FeeTier(None, Decimal("30"))),
    fixed=(FixedFee("ERAS token for IMGs", Decimal("165")),),
)


@dataclass(frozen=True, slots=True)
class FeeLine:
    """One specialty's programs at one price: the schedule's step for its `first`th to its
    `up_to`th program of the specialty (None: every one after)."""

    specialty: Specialty
    programs: int
    price: Decimal
    first: int = 1
    up_to: int | None = None

    @property
    def amount(self) -> Decimal:
        return self.price * self.programs

    def band_text(self) -> str:
        """Which of the specialty's programs this price is for, e.g. "programs 1–30"."""
        if self.up_to is None:
            return "every program" if self.first == 1 else f"programs {self.first} and more"
        return f"programs {self.first}–{self.up_to}"


@dataclass(frozen=True, slots=True)
class FeeBreakdown:
    lines: tuple[FeeLine, ...]
    fixed: tuple[FixedFee, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0)) \
            + sum((f.amount for f in self.fixed), Decimal(0))


def list_fees(specialties: Iterable[Specialty], schedule: FeeSchedule = PUBLISHED_FEES
              ) -> FeeBreakdown:
    """The fees for applying to one program per item of `specialties` (the list's programs'
    specialties), most programs' specialty first."""
    lines = []
    for specialty, count in Counter(specialties).most_common():
        done = 0
        for tier in schedule.tiers:
            top = count if tier.up_to is None else min(count, tier.up_to)
            if top > done:
                lines.append(FeeLine(specialty, top - done, tier.price, done + 1, tier.up_to))
                done = top
            if done >= count:
                break
    return FeeBreakdown(tuple(lines), schedule.fixed)


# A list whose expected interviews are below this share of its goal is far from it: the fee
# box then says what its long shots cost.
FAR_BELOW_GOAL = 0.5


@dataclass(frozen=True, slots=True)
class LongShotCost:
    """What a list's long shots cost: `amount` is what dropping them would save of `total`."""

    long_shots: int
    programs: int
    amount: Decimal
    total: Decimal
    expected_interviews: float
    interview_goal: float

    @property
    def most(self) -> bool:
        return self.amount * 2 > self.total


def long_shot_cost(plan: Plan, schedule: FeeSchedule = PUBLISHED_FEES) -> LongShotCost | None:
    """The long shots' share of the list's fees when its expected interviews are far below its
    goal and it lists long shots; None otherwise."""
    if plan.goal_met or plan.expected_interviews >= plan.interview_goal * FAR_BELOW_GOAL:
        return None
    every = [e.program.specialty for e in plan.entries]
    kept = [e.program.specialty for e in plan.entries if e.tier is not Tier.LONG_SHOT]
    if len(kept) == len(every):
        return None
    total = list_fees(every, schedule).total
    return LongShotCost(len(every) - len(kept), len(every),
                        total - list_fees(kept, schedule).total, total,
                        plan.expected_interviews, plan.interview_goal)
