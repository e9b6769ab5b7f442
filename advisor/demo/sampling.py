"""Seeded sampling helpers for the demo generator."""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """rng.choice, about three times faster; the generator calls it a million times at 100k."""
    return items[int(rng.random() * len(items))]


def spread(total: int, weights: Mapping[K, float], rng: random.Random) -> dict[K, int]:
    """Share `total` among the keys in proportion to their weights, each within one of its quota.

    Systematic sampling: `total` evenly spaced points from a random start fall into bins as
    wide as the weights, so which bins round up varies with the seed but no bin strays.
    """
    counts = dict.fromkeys(weights, 0)
    positive = [(key, w) for key, w in weights.items() if w > 0]
    if total <= 0 or not positive:
        return counts
    step = sum(w for _, w in positive) / total
    point = rng.random() * step
    placed, edge = 0, 0.0
    for key, weight in positive:
        edge += weight
        while placed < total and point < edge:
            counts[key] += 1
            placed += 1
            point += step
    counts[positive[-1][0]] += total - placed  # float rounding at the very end
    return counts
