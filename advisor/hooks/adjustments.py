"""Helpers for a strategy's scoring rules: bands read from strategy.toml, and a budget that
keeps one strategy's adjustments to a program within bounds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


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
