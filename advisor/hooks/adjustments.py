"""Helpers for a strategy's scoring rules: bands read from strategy.toml, and one program's
adjustments with the strictest of its caps."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import cast

from advisor.enums import Factor, Tier
from advisor.hooks.types import ScoreAdjustment

# Tier caps from the least to the most restrictive.
CAP_ORDER = (Tier.REACH, Tier.LONG_SHOT, Tier.INELIGIBLE)

# One score term of a strategy's rules: (delta, reason, tier cap, the factor it judges).
Term = tuple[float, str, Tier | None, Factor]


# ScoreAdjustment from one (acgme_id, delta, reason, tier cap, factor) tuple, without the named
# tuple's Python-level __new__: plugins make thousands per request.
adjustment = cast("Callable[[tuple[str, float, str, Tier | None, Factor]], ScoreAdjustment]",
                  partial(tuple.__new__, ScoreAdjustment))


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
    return [adjustment((acgme_id, *term)) for term in terms]


def program_adjustments(acgme_id: str, terms: Iterable[tuple[float, str, Factor]],
                        caps: Iterable[tuple[Tier, str, Factor]] = ()) -> list[ScoreAdjustment]:
    """One program's adjustments: its (delta, reason, factor) terms, then the strictest of its
    (tier cap, reason, factor) caps, the first of equals, as a zero-delta adjustment.

    There is no budget across terms: the engine counts each factor once across sources, so
    trimming one factor to make room for another could let a growing credit lower a chance.
    Cap each factor on its own instead."""
    return [adjustment((acgme_id, *term)) for term in program_terms(terms, caps)]


def program_terms(terms: Iterable[tuple[float, str, Factor]],
                  caps: Iterable[tuple[Tier, str, Factor]] = ()) -> list[Term]:
    """What `program_adjustments` says, as (delta, reason, tier cap, factor) terms without the
    program: rules whose terms read a few of a program's values can work them out once for
    the programs that share those values."""
    out: list[Term] = [(delta, why, None, factor) for delta, why, factor in terms if delta]
    strictest = max(caps, key=lambda cap: CAP_ORDER.index(cap[0]), default=None)
    if strictest is not None:
        cap, why, factor = strictest
        out.append((0.0, why, cap, factor))
    return out
