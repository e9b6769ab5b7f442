"""The calibration report: each past season scored as if it were being planned, with evidence
from the other seasons only, then set against the interviews that really came.

A season's own outcomes never reach its predictions: its evidence is built with that season
left out, so the report measures the model as it would have done, not how well it remembers.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from advisor.enums import Specialty, Tier
from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.hooks.types import ProgramInfo
from advisor.models import Outcome, Student
from advisor.profile_schema import ProfileError, parse_profile
from advisor.scoring.calibration import (
    BandRate,
    ChanceBin,
    Prediction,
    TierRate,
    base_rate_brier,
    brier_score,
    chance_bins,
    rates_by_step2_band,
    rates_by_tier,
    tiers_in_order,
)
from advisor.scoring.chances import TIER_BANDS, band_text
from advisor.scoring.engine import assess
from advisor.services.assessment import build_applicant, office_goals
from advisor.services.catalog_cache import get_catalog_cache
from advisor.services.evidence import office_evidence
from advisor.services.seasons import current_season


@dataclass(frozen=True, slots=True)
class SeasonResult:
    season: int
    students: int
    predictions: int
    interviews: int
    brier: float | None


@dataclass(slots=True)
class CalibrationReport:
    predictions: list[Prediction]
    seasons: list[SeasonResult]
    tiers: list[TierRate]
    bins: list[ChanceBin]
    brier: float | None
    base_brier: float | None
    tiers_in_order: bool
    bands: list[BandRate] = field(default_factory=list)
    # Applications that could not be scored, with why (e.g. the program left the catalog).
    skipped: dict[str, int] = field(default_factory=dict)
    # (tier, the chance band it stands for), for the page's explanation.
    thresholds: list[tuple[Tier, str]] = field(default_factory=lambda: [
        (tier, band_text(tier)) for tier, _ in TIER_BANDS])


def season_predictions(season: int) -> tuple[list[Prediction], int, dict[str, int]]:
    """Predictions for every recorded application of `season`, using evidence from the other
    seasons only. Returns them, the number of students scored, and skip counts by reason."""
    evidence = office_evidence(exclude_season=season)
    catalog = _catalog()
    registry = get_registry()
    known_regions = set(registry.regions())
    skipped: dict[str, int] = defaultdict(int)
    predictions: list[Prediction] = []
    students = 0
    scored_students: set[int] = set()
    for student_id, outcomes in _outcomes_by_snapshot(season):
        try:
            snapshot = dict(outcomes[0].profile)
            # A region whose plugin has since been removed cannot speak for the past student.
            snapshot["target_regions"] = [r for r in snapshot.get("target_regions") or []
                                          if r in known_regions]
            applicant = build_applicant(parse_profile(snapshot), season_year=season)
        except (ProfileError, TypeError, ValueError):
            skipped["profile snapshot no longer valid"] += len(outcomes)
            continue
        programs: list[ProgramInfo] = []
        for outcome in outcomes:
            program = catalog.get(outcome.acgme_id)
            if program is None:
                skipped["program no longer in the catalog"] += 1
            else:
                programs.append(program)
        if not programs:
            continue
        students += student_id not in scored_students
        scored_students.add(student_id)
        interviewed = {o.acgme_id: o.interviewed for o in outcomes}
        for scored in assess(applicant, programs, registry, evidence, office_goals()).programs:
            predictions.append(Prediction(
                season, student_id, scored.program.acgme_id, scored.tier, scored.score,
                scored.chance, interviewed[scored.program.acgme_id], applicant.step2ck_score))
    return predictions, students, dict(skipped)


def calibration_report() -> CalibrationReport:
    predictions: list[Prediction] = []
    seasons: list[SeasonResult] = []
    skipped: dict[str, int] = defaultdict(int)
    for season in recorded_seasons():
        season_preds, students, season_skipped = season_predictions(season)
        predictions += season_preds
        for reason, count in season_skipped.items():
            skipped[reason] += count
        seasons.append(SeasonResult(season, students, len(season_preds),
                                    sum(p.interviewed for p in season_preds),
                                    brier_score(season_preds)))
    tiers = rates_by_tier(predictions)
    return CalibrationReport(predictions, seasons, tiers, chance_bins(predictions),
                             brier_score(predictions), base_rate_brier(predictions),
                             tiers_in_order(tiers), rates_by_step2_band(predictions),
                             dict(skipped))


def recorded_seasons() -> list[int]:
    """Finished seasons with outcomes (the current one is still under way)."""
    query = (select(Outcome.season).join(Student, Student.id == Outcome.student_id)
             .where(Student.deleted_at.is_(None), Outcome.season < current_season())
             .distinct().order_by(Outcome.season))
    return list(db.session.scalars(query))


def _outcomes_by_snapshot(season: int) -> list[tuple[int, list[Outcome]]]:
    """The season's outcomes grouped by student and profile snapshot: rows added at different
    times may carry different snapshots, and each is judged by the profile it was sent with."""
    query = (select(Outcome).join(Student, Student.id == Outcome.student_id)
             .where(Outcome.season == season, Student.deleted_at.is_(None))
             .order_by(Outcome.student_id, Outcome.id))
    grouped: dict[tuple[int, str], list[Outcome]] = defaultdict(list)
    for outcome in db.session.scalars(query):
        if outcome.student_id is not None:  # always, by the join; says so to the type checker
            grouped[(outcome.student_id, json.dumps(outcome.profile, sort_keys=True))].append(outcome)
    return [(student_id, outcomes) for (student_id, _), outcomes in grouped.items()]


def _catalog() -> dict[str, ProgramInfo]:
    programs = get_catalog_cache(current_app).programs(list(Specialty))
    return {p.acgme_id: p for p in programs}
