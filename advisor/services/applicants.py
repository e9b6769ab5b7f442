"""Turns a parsed profile (see advisor.profile_schema) into the frozen Applicant plugins read."""

from __future__ import annotations

from datetime import date
from typing import Any

from advisor.geo import county_for_zip
from advisor.hooks.types import Applicant, ClinicalExperience, Place, RegionalTie, UsLetter


def _place(row: dict[str, Any]) -> Place:
    zip_code = row.get("zip")
    return Place(state=row.get("state"), county=county_for_zip(zip_code), zip=zip_code)


def applicant_from_profile(profile: dict[str, Any], season_year: int | None = None,
                           default_regions: tuple[str, ...] = ()) -> Applicant:
    """`season_year` defaults to this year; an empty `target_regions` takes `default_regions`."""
    return Applicant(
        name=profile["name"],
        citizenship=profile["citizenship"],
        visa_needed=profile["visa_needed"],
        step1_result=profile["step1"]["result"],
        step1_attempts=profile["step1"]["attempts"],
        step1_score=profile["step1"]["score"],
        step2ck_score=profile["step2ck"]["score"],
        step2ck_attempts=profile["step2ck"]["attempts"],
        step3_score=profile["step3"]["score"],
        step3_passed=profile["step3"]["passed"],
        graduation_year=profile["graduation_year"],
        season_year=season_year or date.today().year,
        specialty=profile["specialty"],
        backup_specialty=profile["backup_specialty"],
        clinical_experience=tuple(
            ClinicalExperience(e["kind"], e["months"], e["specialty"], _place(e))
            for e in profile["clinical_experience"]),
        us_letters=tuple(UsLetter(x["specialty"], _place(x)) for x in profile["us_letters"]),
        publications=profile["publications"],
        languages=tuple(profile["languages"]),
        ties=tuple(RegionalTie(t["kind"], _place(t)) for t in profile["ties"]),
        target_regions=tuple(profile["target_regions"]) or tuple(default_regions),
        training_gap_months=profile["training_gap"]["months"],
        training_gap_explained=profile["training_gap"]["explained"],
        oet_status=profile["english"]["oet"],
        spoken_english=profile["english"]["spoken"],
        ecfmg_status=profile["ecfmg_status"],
    )
