"""The interview chance a score stands for, so tiers can be checked against what happened.

The tiers' score thresholds (results.TIER_THRESHOLDS: safety 70, target 55, reach 40) map onto
chances of about 58%, 34% and 16%: for applicants with low scores even a safety program is far
from certain. The calibration report compares these chances with the office's real interview
rates (tune CENTER and SCALE when it shows a steady gap); the evidence rule moves a score to
the chance our graduates' record supports.
"""

from __future__ import annotations

import math

from advisor.enums import Tier
from advisor.scoring.results import TIER_THRESHOLDS

CENTER = 65.0   # the score that stands for an even chance of an interview
SCALE = 15.0    # score points per unit of log-odds
INELIGIBLE_CHANCE = 0.01
# The best score each tier stands for: the threshold of the tier above it.
_TIER_CEILING = {lower: threshold for (_, threshold), (lower, _) in
                 zip(TIER_THRESHOLDS, (*TIER_THRESHOLDS[1:], (Tier.LONG_SHOT, 0.0)))}
_FLOOR, _CEILING = 0.001, 0.999


def interview_chance(score: float, tier: Tier | None = None) -> float:
    """The chance of an interview that `score` (0-100) stands for. With `tier`, no more than
    that tier's band allows: a program capped at reach stands for a reach's chance whatever
    its score, and an ineligible one for nearly none."""
    if tier is Tier.INELIGIBLE:
        return INELIGIBLE_CHANCE
    ceiling = _TIER_CEILING.get(tier) if tier is not None else None
    if ceiling is not None:
        score = min(score, ceiling)
    return 1.0 / (1.0 + math.exp(-(score - CENTER) / SCALE))


def score_for_chance(chance: float) -> float:
    """The inverse of `interview_chance`, for chances strictly between 0 and 1."""
    p = min(_CEILING, max(_FLOOR, chance))
    return CENTER + SCALE * math.log(p / (1.0 - p))
