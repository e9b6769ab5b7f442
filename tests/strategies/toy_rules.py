"""The toy strategy's scoring rules, as a strategy's rules.py holds them.

Credit for experience, letters and ties inside the region, a Step 2 CK band and a visa
penalty, every figure from strategy.toml's [numbers]; each factor is capped on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.enums import Factor
from advisor.hooks.adjustments import band
from advisor.hooks.places import RegionalRecord
from advisor.hooks.strategy import StrategyContent
from advisor.hooks.types import Applicant, ProgramInfo, ScoreAdjustment

Term = tuple[float, str, Factor]


def terms(strategy: StrategyContent, applicant: Applicant) -> list[Term]:
    """(delta, reason, factor) for every program of the region."""
    assert strategy.geography is not None
    record = RegionalRecord.of(applicant, strategy.geography)
    n = strategy.numbers
    return [
        (band(applicant.step2ck_score, n["step2_bands"]), "Step 2 CK against local programs",
         Factor.STEP2CK),
        (min(4.0, record.usce_weighted), f"US clinical experience in {record.area_name}",
         Factor.USCE),
        (min(3.0, 1.5 * record.letters), f"Letters from {record.area_name}", Factor.LETTERS),
        (min(2.0, float(record.ties)), f"Ties to {record.area_name}", Factor.TIES),
        (n["visa_penalty"] if applicant.needs_visa else 0.0, "Few local programs sponsor visas",
         Factor.VISA),
    ]


def adjustments(strategy: StrategyContent, kept: list[Term],
                programs: Sequence[ProgramInfo]) -> list[ScoreAdjustment]:
    return [ScoreAdjustment(program.acgme_id, delta, reason, factor=factor)
            for program in programs for delta, reason, factor in kept if delta]


def adjust_scores(strategy: StrategyContent, applicant: Applicant,
                  programs: Sequence[ProgramInfo]) -> list[ScoreAdjustment]:
    return adjustments(strategy, terms(strategy, applicant), programs)
