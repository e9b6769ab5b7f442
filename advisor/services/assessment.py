"""Assess a profile against the catalog: the one entry point the CLI, web and API share."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import current_app

from advisor.enums import Specialty
from advisor.plugin_registry import get_registry
from advisor.hooks.types import Applicant
from advisor.profile_schema import ProfileError
from advisor.scoring.engine import assess
from advisor.scoring.evidence import Evidence
from advisor.scoring.goals import InterviewGoals
from advisor.scoring.planner import NO_EDITS, ListEdits
from advisor.scoring.results import Assessment
from advisor.services.applicants import applicant_from_profile
from advisor.services.catalog_cache import get_catalog_cache
from advisor.services.data_state import data_state
from advisor.services.evidence import office_evidence


def known_region_slugs() -> list[str]:
    return sorted(get_registry().regions())


def build_applicant(profile: dict[str, Any], specialty: Specialty | None = None,
                    season_year: int | None = None) -> Applicant:
    """The frozen applicant for a parsed profile; `specialty` overrides the profile's, and
    `season_year` the configured season (a past season's outcomes are judged as of then)."""
    unknown = [s for s in profile["target_regions"] if s not in get_registry().regions()]
    if unknown:
        raise ProfileError([f'target_regions: "{s}" is not a region of an enabled plugin '
                            f"(known: {', '.join(known_region_slugs()) or 'none'})" for s in unknown])
    if specialty is not None:
        profile = {**profile, "specialty": specialty,
                   "backup_specialty": (None if profile["backup_specialty"] is specialty
                                        else profile["backup_specialty"])}
    defaults = tuple(s for s in current_app.config["DEFAULT_STRATEGIES"].split(",")
                     if s in get_registry().regions())
    season = season_year or current_app.config.get("SEASON_YEAR")
    return applicant_from_profile(profile, season, defaults)


def assess_profile(profile: dict[str, Any], specialty: Specialty | None = None,
                   evidence: Evidence | None = None, season_year: int | None = None,
                   edits: ListEdits = NO_EDITS) -> Assessment:
    """`evidence` defaults to every recorded outcome (pass it when assessing many students);
    `season_year` to the configured season; `edits` are the working list's pins and
    exclusions."""
    applicant = build_applicant(profile, specialty, season_year)
    specialties = [applicant.specialty]
    if applicant.backup_specialty is not None:
        specialties.append(applicant.backup_specialty)
    state = data_state()
    programs = get_catalog_cache().batch(specialties, state.catalog_revision)
    if evidence is None:
        evidence = office_evidence(state=state)
    return assess(applicant, programs, get_registry(), evidence, office_goals(), edits)


def office_goals() -> InterviewGoals:
    """The office's interview goals (ADVISOR_INTERVIEW_GOALS), checked at start-up."""
    return _parse_goals(str(current_app.config["INTERVIEW_GOALS"]),
                        float(current_app.config["INTERVIEW_GOAL_DEFAULT"]))


@lru_cache(maxsize=8)
def _parse_goals(text: str, default: float) -> InterviewGoals:
    return InterviewGoals.parse(text, default)
