"""Helpers for a strategy's scoring rules: bands read from strategy.toml, and one program's
adjustments with the strictest of its caps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from advisor.enums import Factor, Tier
from advisor.hooks.types import ScoreAdjustment

# Tier caps from the least to the most restrictive.
CAP_ORDER = (Tier.REACH, Tier.LONG_SHOT, Tier.INELIGIBLE)

# One score term of a strategy's rules: (delta, reason, tier cap, the factor it judges).
Term = tuple[float, str, Tier | None, Factor]


def band(value: float | None, table: Sequence[Sequence[float]], default: float = 0.0,
         missing: float | None = None) -> float:
    """The delta of the first band whose upper bound `value` is under.

    `table` is [[below, delta], ...] in rising order, as written in strategy.toml:
    [[225, -8], [230, -5], [235, -2]] gives -8 under 225, -5 under 230, -2 under 235 and
    `default` from 235 up. A missing value gives `missing` (the first band's delta unless
    given), so sitting an exam can only help.
    """
    if value is None:
        return table[0][1] if missing is None and table else (missing or 0.0)
    for below, delta in table:
        if value < below:
            return delta
    return default


def term_adjustments(acgme_id: str, terms: Iterable[Term]) -> list[ScoreAdjustment]:
    """One program's adjustments from its (delta, reason, tier cap, factor) terms, one each,
    in order."""
    return [ScoreAdjustment(acgme_id, delta, why, cap, factor)
            for delta, why, cap, factor in terms]


def program_adjustments(acgme_id: str, terms: Iterable[tuple[float, str, Factor]],
                        caps: Iterable[tuple[Tier, str, Factor]] = ()) -> list[ScoreAdjustment]:
    """One program's adjustments: its (delta, reason, factor) terms, then the strictest of its
    (tier cap, reason, factor) caps, the first of equals, as a zero-delta adjustment.

    There is no budget across terms: the engine counts each factor once across sources, so
    trimming one factor to make room for another could let a growing credit lower a chance.
    Cap each factor on its own instead."""
    out = [ScoreAdjustment(acgme_id, delta, why, None, factor) for delta, why, factor in terms
           if delta]
    strictest = max(caps, key=lambda cap: CAP_ORDER.index(cap[0]), default=None)
    if strictest is not None:
        cap, why, factor = strictest
        out.append(ScoreAdjustment(acgme_id, 0.0, why, cap, factor))
    return out
