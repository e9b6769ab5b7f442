"""The biggest risk of a list: the part of the profile that costs its programs the most.

Read from the counted reasons of the listed programs, so it names only what a rule found in
the profile; the office's outcomes and unnamed ("other") adjustments are left out, since they
describe programs or other students rather than something the student could work on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.enums import Factor
from advisor.scoring.results import ScoredProgram

NOT_ABOUT_THE_PROFILE = frozenset({Factor.EVIDENCE, Factor.OTHER})


@dataclass(frozen=True, slots=True)
class Risk:
    factor: Factor
    # How many listed programs it lowers, of how many, and by how many points on average.
    programs: int
    listed: int
    average: float
    # The profile holds no result for it yet (a Step 2 CK not taken), which the rules count
    # against the student: said, so "Step 2 CK" is not read as a low score.
    not_on_record: bool = False

    @property
    def sentence(self) -> str:
        what = f"{self.factor.label}, not yet on record," if self.not_on_record else \
            f"{self.factor.label},"
        return (f"Biggest risk: {what} which lowers the score at {self.programs} "
                f"of the {self.listed} listed programs, by about {self.average:.0f} points "
                f"{'each' if self.programs > 1 else ''}".rstrip() + ".")


def biggest_risk(entries: Sequence[ScoredProgram],
                 not_on_record: frozenset[Factor] = frozenset()) -> Risk | None:
    """The factor whose counted penalties add up to the most over the list, or None when no
    penalty about the profile is counted (ties go to the factor met first); `not_on_record`,
    the factors the profile holds no result for."""
    cost: dict[Factor, float] = {}
    hits: Counter[Factor] = Counter()
    for entry in entries:
        seen: set[Factor] = set()
        for reason in entry.reasons:
            if reason.counted and reason.delta < 0 and reason.factor not in NOT_ABOUT_THE_PROFILE:
                cost[reason.factor] = cost.get(reason.factor, 0.0) - reason.delta
                seen.add(reason.factor)
        hits.update(seen)
    if not cost:
        return None
    factor = max(cost, key=cost.__getitem__)  # the first of equals
    total = cost[factor]
    return Risk(factor, hits[factor], len(entries), total / hits[factor],
                factor in not_on_record)
