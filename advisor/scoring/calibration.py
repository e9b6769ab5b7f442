"""How well predicted interview chances matched what happened: rates by tier, a calibration
table and the Brier score. Pure arithmetic on plain predictions; the service gathers them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from advisor.enums import Tier
from advisor.scoring.results import TIER_ORDER

# Chance bins, finer where most predictions fall: low-score IMGs rarely have a 50% chance.
BIN_EDGES: tuple[float, ...] = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0)
# Step 2 CK bands for the predicted-against-observed table; None collects "not taken".
STEP2_BANDS: tuple[tuple[int, int], ...] = (
    (0, 209), (210, 219), (220, 229), (230, 239), (240, 300),
)


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
    step2ck: int | None = None


class _ObservedRate:
    """The observed interview rate of a group of applications (None for an empty group)."""

    __slots__ = ()
    applications: int
    interviews: int

    @property
    def rate(self) -> float | None:
        return self.interviews / self.applications if self.applications else None


@dataclass(frozen=True, slots=True)
class BandRate(_ObservedRate):
    """Predicted against observed interview rates for one Step 2 CK band."""

    label: str
    applications: int
    interviews: int
    mean_chance: float


@dataclass(frozen=True, slots=True)
class TierRate(_ObservedRate):
    tier: Tier
    applications: int
    interviews: int
    mean_chance: float


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


def chance_bins(predictions: Sequence[Prediction],
                edges: Sequence[float] = BIN_EDGES) -> list[ChanceBin]:
    """Bins of predicted chance between `edges`; empty bins are left out."""
    out = []
    last = len(edges) - 2
    for i, (low, high) in enumerate(zip(edges, edges[1:])):
        group = [p for p in predictions
                 if low <= p.chance < high or (i == last and p.chance == high)]
        if group:
            out.append(ChanceBin(low, high, len(group), sum(p.interviewed for p in group),
                                 sum(p.chance for p in group) / len(group)))
    return out


def rates_by_step2_band(predictions: Sequence[Prediction]) -> list[BandRate]:
    """Predicted against observed interview rates by the applicant's Step 2 CK band."""
    groups: dict[str, list[Prediction]] = {}
    for low, high in STEP2_BANDS:
        label = f"under {high + 1}" if low == 0 else f"{low} or more" if high >= 300 \
            else f"{low}-{high}"
        groups[label] = [p for p in predictions
                         if p.step2ck is not None and low <= p.step2ck <= high]
    groups["not taken"] = [p for p in predictions if p.step2ck is None]
    return [BandRate(label, len(g), sum(p.interviewed for p in g),
                     sum(p.chance for p in g) / len(g) if g else 0.0)
            for label, g in groups.items() if g]


def tiers_in_order(rates: Sequence[TierRate]) -> bool:
    """Safety above target above reach, among the tiers that have applications."""
    observed = [r.rate for r in rates if r.tier in (Tier.SAFETY, Tier.TARGET, Tier.REACH)
                and r.rate is not None]
    return all(a > b for a, b in zip(observed, observed[1:]))
