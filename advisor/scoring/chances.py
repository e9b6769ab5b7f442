"""The interview chance a score stands for, and the tiers those chances fall into.

`chance` is the probability that this applicant, applying to this program, is invited to
interview. It is a logistic of the score with one intercept per population, because the same
score means different odds for a US-citizen IMG, a non-US IMG who needs no visa and one who
does (NRMP, 2024 Main Residency Match: PGY-1 match rates 67.0% and 58.5%).

The constants are fitted by `advisor.scoring.chance_fit` to published yields, not to our own
demo alumni: an IMG who matched in internal medicine had a median of 8 interviews from 60
applications, one who did not 2 from 66 (NRMP Applicant Survey). docs/sources.md gives every
source and the fit's method; `flask --app advisor calibration fit` reproduces the numbers.
The office's own outcomes then move individual programs (advisor.scoring.evidence).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from advisor.enums import LabeledEnum, Tier
from advisor.hooks.types import Applicant
from advisor.scoring.results import TIER_RANK


class Population(LabeledEnum):
    """The applicant groups published outcome figures are reported for."""

    US_IMG = ("us_img", "US-citizen IMG")
    NON_US_IMG = ("non_us_img", "Non-US IMG needing no visa")
    VISA_IMG = ("visa_img", "IMG needing a visa")


def population_of(applicant: Applicant) -> Population:
    if applicant.needs_visa:
        return Population.VISA_IMG
    return Population.US_IMG if applicant.is_us_citizen else Population.NON_US_IMG


# The smallest score gap the core's visa rules open between a student who needs a visa and
# the same student who does not, at a program that sponsors it (an H-1B seeker with Step 3
# passed: 0 against +5). The visa-needing intercept may exceed the non-US one by no more than
# this gap is worth, so a visa need can lower a chance but never raise it.
MIN_VISA_SCORE_GAP = 5.0


# Fitted by `flask --app advisor calibration fit` on the demo catalog (docs/sources.md,
# "Interview chances"). SLOPE is log-odds per score point; INTERCEPT the log-odds at score 50.
SLOPE = 0.1176
INTERCEPT: dict[Population, float] = {
    Population.US_IMG: -4.773,
    Population.NON_US_IMG: -4.82,
    Population.VISA_IMG: -4.232,
}
REFERENCE_SCORE = 50.0

# Tier bands by interview chance, best first; anything lower is a long shot. Published yields
# anchor them (docs/sources.md, "Tiers"): IMGs who matched averaged about 13 interviews per 100
# applications and those who did not about 3. A safety offers better odds than a matched IMG's
# average, a target about that average, a reach less, and a long shot no more than an
# unmatched IMG's average.
TIER_BANDS: tuple[tuple[Tier, float], ...] = (
    (Tier.SAFETY, 0.15), (Tier.TARGET, 0.07), (Tier.REACH, 0.03),
)
INELIGIBLE_CHANCE = 0.0
# The best chance each capped tier stands for: the lower bound of the tier above it.
_TIER_CEILING: dict[Tier, float] = {
    lower: threshold for (_, threshold), (lower, _) in
    zip(TIER_BANDS, (*TIER_BANDS[1:], (Tier.LONG_SHOT, 0.0)))
}


def band_text(tier: Tier) -> str:
    """The chance band a tier stands for, as a reader sees it (e.g. "7-15%")."""
    bounds = dict(TIER_BANDS)
    if tier is Tier.INELIGIBLE:
        return "ruled out"
    if tier is Tier.SAFETY:
        return f"{bounds[Tier.SAFETY]:.0%} or more"
    if tier is Tier.LONG_SHOT:
        return f"under {bounds[Tier.REACH]:.0%}"
    return f"{bounds[tier]:.0%}-{_TIER_CEILING[tier]:.0%}"


def chance_text(value: float) -> str:
    """An interview chance as people read it: "12%", "4.5%", "under 1%", "none". Rounded
    down (to a whole percent from 10%, to a tenth below), so a chance never reads as the
    tier above its own: 14.6% is "14%", not the safety band's "15%"."""
    if value <= 0:
        return "none"
    # The small epsilon keeps 0.29 (28.999... as a float) at "29%".
    percent = value * 100 + 1e-9
    if percent >= 10:
        return f"{math.floor(percent)}%"
    if percent >= 1:
        return f"{math.floor(percent * 10) / 10:.1f}%"
    return "under 1%"


class ChanceModel:
    """The score-to-chance mapping for one population."""

    __slots__ = ("population", "intercept", "slope")

    def __init__(self, population: Population, intercept: float | None = None,
                 slope: float = SLOPE) -> None:
        self.population = population
        self.intercept = INTERCEPT[population] if intercept is None else intercept
        self.slope = slope

    @classmethod
    def for_applicant(cls, applicant: Applicant) -> ChanceModel:
        return cls(population_of(applicant))

    def chance(self, score: float, tier_cap: Tier | None = None) -> float:
        """The chance `score` (0-100) stands for; with `tier_cap`, no more than the top of
        that tier's band (a program capped at reach has a reach's chance at most)."""
        if tier_cap is Tier.INELIGIBLE:
            return INELIGIBLE_CHANCE
        p = 1.0 / (1.0 + math.exp(-(self.intercept + self.slope * (score - REFERENCE_SCORE))))
        ceiling = _TIER_CEILING.get(tier_cap) if tier_cap is not None else None
        return p if ceiling is None else min(p, ceiling)

    def chances(self, scores: Iterable[float], caps: Iterable[Tier | None]) -> list[float]:
        """`chance` of each score with its cap: the same figures, without a call per program."""
        exp, intercept, slope = math.exp, self.intercept, self.slope
        # Enum members read once: reading one off its class costs about 80 ns each time.
        ineligible = Tier.INELIGIBLE
        out: list[float] = []
        append = out.append
        for score, cap in zip(scores, caps):
            if cap is None:
                append(1.0 / (1.0 + exp(-(intercept + slope * (score - REFERENCE_SCORE)))))
            elif cap is ineligible:
                append(INELIGIBLE_CHANCE)
            else:
                p = 1.0 / (1.0 + exp(-(intercept + slope * (score - REFERENCE_SCORE))))
                ceiling = _TIER_CEILING.get(cap)
                append(p if ceiling is None else min(p, ceiling))
        return out


def tier_for(chance: float, cap: Tier | None = None) -> Tier:
    """The tier a chance falls in, no better than `cap`."""
    tier = next((t for t, low in TIER_BANDS if chance >= low), Tier.LONG_SHOT)
    if cap is not None and TIER_RANK[cap] > TIER_RANK[tier]:
        return cap
    return tier


def tiers_for(chances: Sequence[float], caps: Sequence[Tier | None]) -> list[Tier]:
    """`tier_for` of each chance with its cap, without a call per program."""
    bands = [(low, t, TIER_RANK[t]) for t, low in TIER_BANDS]
    ineligible, long_shot_tier = Tier.INELIGIBLE, Tier.LONG_SHOT  # read once, as in chances
    long_shot = TIER_RANK[long_shot_tier]
    out: list[Tier] = []
    append = out.append
    for chance, cap in zip(chances, caps):
        if cap is ineligible:  # the last tier: nothing is worse
            append(cap)
            continue
        for low, tier, rank in bands:  # noqa: B007 (read after the loop)
            if chance >= low:
                break
        else:
            tier, rank = long_shot_tier, long_shot
        append(cap if cap is not None and TIER_RANK[cap] > rank else tier)
    return out
