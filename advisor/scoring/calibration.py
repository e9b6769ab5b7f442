"""How well predicted interview chances matched what happened: rates by tier, a calibration
table and the Brier score. Pure arithmetic on plain predictions; the service gathers them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from advisor.enums import Tier
from advisor.scoring.results import TIER_ORDER

BINS = 10


@dataclass(frozen=True, slots=True)
class Prediction:
    """One past application, scored as if it were being planned now (without its own season's
    outcomes), next to what happened."""

    season: int
    student_id: int
    acgme_id: str
    tier: Tier
    score: float
    chance: float
    interviewed: bool


@dataclass(frozen=True, slots=True)
class TierRate:
    tier: Tier
    applications: int
    interviews: int
    mean_chance: float

    @property
    def rate(self) -> float | None:
        return self.interviews / self.applications if self.applications else None


@dataclass(frozen=True, slots=True)
class ChanceBin:
    """Applications whose predicted chance fell in [low, high)."""

    low: float
    high: float
    applications: int
    interviews: int
    mean_chance: float

    @property
    def rate(self) -> float:
        return self.interviews / self.applications if self.applications else 0.0


def brier_score(predictions: Sequence[Prediction]) -> float | None:
    """Mean squared gap between chance and outcome (0 is perfect; lower is better)."""
    if not predictions:
        return None
    return sum((p.chance - p.interviewed) ** 2 for p in predictions) / len(predictions)


def base_rate_brier(predictions: Sequence[Prediction]) -> float | None:
    """The Brier score of predicting the overall interview rate for everyone: the bar a useful
    model must beat."""
    if not predictions:
        return None
    rate = sum(p.interviewed for p in predictions) / len(predictions)
    return rate * (1.0 - rate)


def rates_by_tier(predictions: Sequence[Prediction]) -> list[TierRate]:
    out = []
    for tier in TIER_ORDER:
        group = [p for p in predictions if p.tier is tier]
        out.append(TierRate(tier, len(group), sum(p.interviewed for p in group),
                            sum(p.chance for p in group) / len(group) if group else 0.0))
    return out


def chance_bins(predictions: Sequence[Prediction], bins: int = BINS) -> list[ChanceBin]:
    """Equal-width bins of predicted chance; empty bins are left out."""
    out = []
    for i in range(bins):
        low, high = i / bins, (i + 1) / bins
        group = [p for p in predictions
                 if low <= p.chance < high or (i == bins - 1 and p.chance == 1.0)]
        if group:
            out.append(ChanceBin(low, high, len(group), sum(p.interviewed for p in group),
                                 sum(p.chance for p in group) / len(group)))
    return out


def tiers_in_order(rates: Sequence[TierRate]) -> bool:
    """Safety above target above reach, among the tiers that have applications."""
    observed = [r.rate for r in rates if r.tier in (Tier.SAFETY, Tier.TARGET, Tier.REACH)
                and r.rate is not None]
    return all(a > b for a, b in zip(observed, observed[1:]))
