"""Helpers for a strategy's scoring rules: bands read from strategy.toml, a budget that
keeps one strategy's adjustments to a program within bounds, and the strictest of its caps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

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


def within_budget(terms: list[tuple[Any, ...]], max_gain: float = 20.0,
                  max_loss: float | None = None) -> list[tuple[Any, ...]]:
    """Trim a program's adjustment terms, in order, so their gains add up to at most
    `max_gain` (and their losses to at most `max_loss`, when given).

    Each term is a tuple whose first item is the delta, e.g. (delta, reason) or
    (delta, reason, tier_cap). A term trimmed to nothing is dropped unless its third item (a
    tier cap) is set. Trimming in order keeps this strategy's own total monotone: a term that
    grows can only grow the clamped sum. The engine then counts only the strongest credit per
    factor across sources, so when a growing term's factor is credited more by the core, the
    later term trimmed to make room is a real loss; the contract suite checks the result.
    """
    kept: list[tuple[Any, ...]] = []
    gained = lost = 0.0
    for term in terms:
        delta = term[0]
        if delta > 0:
            delta = min(delta, max_gain - gained)
            gained += delta
        elif delta < 0 and max_loss is not None:
            delta = max(delta, -(max_loss - lost))
            lost -= delta
        if delta or (len(term) > 2 and term[2] is not None):
            kept.append((delta, *term[1:]))
    return kept


def program_adjustments(acgme_id: str, terms: Iterable[tuple[float, str, Factor]],
                        max_gain: float,
                        caps: Iterable[tuple[Tier, str, Factor]] = ()) -> list[ScoreAdjustment]:
    """One program's adjustments: its (delta, reason, factor) terms in order with the gains
    trimmed to `max_gain`, then the strictest of its (tier cap, reason, factor) caps, the first
    of equals, as a zero-delta adjustment."""
    kept = within_budget([(delta, why, None, factor) for delta, why, factor in terms], max_gain)
    out = [ScoreAdjustment(acgme_id, delta, why, None, factor) for delta, why, _, factor in kept]
    strictest = max(caps, key=lambda cap: CAP_ORDER.index(cap[0]), default=None)
    if strictest is not None:
        cap, why, factor = strictest
        out.append(ScoreAdjustment(acgme_id, 0.0, why, cap, factor))
    return out

def budgeted(acgme_id: str, terms: list[Term], max_total: float) -> list[ScoreAdjustment]:
    """One program's adjustments from its terms, trimmed in order (`within_budget`) so they
    add up to at most `max_total` points either way."""
    return [ScoreAdjustment(acgme_id, delta, reason, cap, factor) for delta, reason, cap, factor
            in within_budget(terms, max_total, max_total)]
