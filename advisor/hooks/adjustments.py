"""Helpers for a strategy's scoring rules: bands read from strategy.toml, one program's
adjustments with the strictest of its caps, and terms said once for every program that
shares what they read."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import partial
from typing import Any, cast

from advisor.enums import Factor, Tier
from advisor.hooks.types import ProgramInfo, ProgramsAdjustment, ScoreAdjustment

# Tier caps from the least to the most restrictive.
CAP_ORDER = (Tier.REACH, Tier.LONG_SHOT, Tier.INELIGIBLE)

# One score term of a strategy's rules: (delta, reason, tier cap, the factor it judges).
Term = tuple[float, str, Tier | None, Factor]


# ScoreAdjustment from one (acgme_id, delta, reason, tier cap, factor) tuple, without the named
# tuple's Python-level __new__: plugins make thousands per request.
adjustment = cast("Callable[[tuple[str, float, str, Tier | None, Factor]], ScoreAdjustment]",
                  partial(tuple.__new__, ScoreAdjustment))


# The same for a ProgramsAdjustment from one (acgme_ids, delta, reason, tier cap, factor) tuple.
group_adjustment = cast(
    "Callable[[tuple[tuple[str, ...], float, str, Tier | None, Factor]], ProgramsAdjustment]",
    partial(tuple.__new__, ProgramsAdjustment))


# One rule of `adjustments_by_key`: its name, what it reads of a program (a key), and the
# terms it gives a program.
KeyedRule = tuple[str, Callable[[ProgramInfo], Hashable], Callable[[ProgramInfo], Sequence[Term]]]


def adjustments_by_key(programs: Sequence[ProgramInfo], name: str, rules: Sequence[KeyedRule]
                       ) -> list[ScoreAdjustment] | list[ProgramsAdjustment]:
    """The adjustments of rules that each read a program only through a key: a rule's terms
    are worked out once per distinct key, on the first program that has it, and said for
    every program sharing the key. Each program gets its rules' terms in the rules' order.

    Handed the engine's batch (which has `grouped`), each rule's groups are worked out once
    per batch and kept with it, and each term is one ProgramsAdjustment for its group, rule
    after rule; `name` must then say everything the keys depend on besides the program (the
    plugin and its content, e.g. the strategy's fingerprint). Handed a plain list (a test, a
    script), the same terms come as ScoreAdjustments, program by program.
    """
    grouped = getattr(programs, "grouped", None)
    if grouped is None:
        known: list[dict[Hashable, Sequence[Term]]] = [{} for _ in rules]
        out: list[ScoreAdjustment] = []
        for program in programs:
            for (_, key, terms_for), kept in zip(rules, known):
                found = key(program)
                terms = kept.get(found)
                if terms is None:
                    terms = kept[found] = terms_for(program)
                out += [adjustment((program.acgme_id, *term)) for term in terms]
        return out
    batch: Any = programs
    said: list[ProgramsAdjustment] = []
    for rule, key, terms_for in rules:
        for ids in grouped(f"{name}/{rule}", key).values():
            first = batch[batch.positions(ids)[0]]
            said += [group_adjustment((ids, *term)) for term in terms_for(first)]
    return said


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
