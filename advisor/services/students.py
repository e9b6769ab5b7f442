"""Students: between a parsed profile and a Student row, and the changes staff make to them.

The CLI, the web forms, the API and the demo loader all store and read profiles through
`student_from_profile`, `apply_profile` and `profile_from_student`, so the JSON shape and the
tables cannot drift apart. The web views create, edit, delete and restore students through the
functions further down, which flush and add an audit entry but leave the commit to the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm.exc import StaleDataError

from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.models.columns import utcnow
from advisor.models.student import ClinicalExperience, RegionalTie, Student, UsLetter
from advisor.profile_schema import dump_profile, parse_profile
from advisor.scoring.engine import judge_applicant
from advisor.services.assessment import build_applicant
from advisor.services.audit import record
from advisor.services.matching import ESCAPE, contains, like_escape
from advisor.services.seasons import current_season

CONFLICT_MESSAGE = ("Someone else saved this student since you opened it; your changes are "
                    "below, not saved. Review and save again.")


class EditConflict(Exception):
    """The student changed since the editor loaded it; nothing was saved."""

    def __init__(self) -> None:
        super().__init__(CONFLICT_MESSAGE)


def student_from_profile(profile: dict[str, Any]) -> Student:
    """A new, unsaved Student holding a parsed profile."""
    student = Student()
    apply_profile(student, profile)
    return student


def apply_profile(student: Student, profile: dict[str, Any]) -> None:
    """Overwrite the student's profile, child rows included, with a parsed profile.

    Child rows are matched by position (`_match_rows`), so a save writes only what changed;
    their county is derived from the ZIP when they are written.
    """
    step1, step2, step3 = profile["step1"], profile["step2ck"], profile["step3"]
    gap, english = profile["training_gap"], profile["english"]
    student.name = profile["name"]
    student.citizenship = profile["citizenship"]
    student.visa_needed = profile["visa_needed"]
    student.step1_result = step1["result"]
    student.step1_attempts = step1["attempts"]
    student.step1_score = step1["score"]
    student.step2ck_score = step2["score"]
    student.step2ck_attempts = step2["attempts"]
    student.step3_score = step3["score"]
    student.step3_passed = step3["passed"]
    student.graduation_year = profile["graduation_year"]
    student.training_gap_months = gap["months"]
    student.training_gap_explained = gap["explained"]
    student.oet_status = english["oet"]
    student.spoken_english = english["spoken"]
    student.ecfmg_status = profile["ecfmg_status"]
    student.publications = profile["publications"]
    student.languages = list(profile["languages"])
    student.specialty = profile["specialty"]
    student.backup_specialty = profile["backup_specialty"]
    student.target_regions = list(profile["target_regions"])
    # Denormalised as ",los_angeles,socal," so lists can filter by strategy with LIKE.
    student.target_regions_key = "," + "".join(f"{region}," for region in student.target_regions)
    _match_rows(student.clinical_experiences, ClinicalExperience, [
        {"kind": e["kind"], "months": e["months"], "specialty": e["specialty"],
         "state": e["state"], "zip": e["zip"]} for e in profile["clinical_experience"]])
    _match_rows(student.us_letters, UsLetter, [
        {"specialty": letter["specialty"], "state": letter["state"], "zip": letter["zip"]}
        for letter in profile["us_letters"]])
    _match_rows(student.ties, RegionalTie, [
        {"kind": t["kind"], "state": t["state"], "zip": t["zip"]} for t in profile["ties"]])


def _match_rows(rows: list[Any], model: type[Any], wanted: list[dict[str, Any]]) -> None:
    """Make the stored rows (kept in id order) say `wanted`, in its order: the nth row stays
    the nth and keeps its id, with only the columns that differ set (an unchanged row is not
    written at all); rows past the stored ones are added, stored ones past `wanted` deleted."""
    for row, values in zip(rows, wanted):
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    del rows[len(wanted):]
    rows.extend(model(**values) for values in wanted[len(rows):])


def profile_from_student(student: Student) -> dict[str, Any]:
    """The student's profile in its JSON shape (codes, not enums), as `dump_profile` gives it."""
    return dump_profile({
        "name": student.name,
        "citizenship": student.citizenship,
        "visa_needed": student.visa_needed,
        "step1": {"result": student.step1_result, "attempts": student.step1_attempts,
                  "score": student.step1_score},
        "step2ck": {"score": student.step2ck_score, "attempts": student.step2ck_attempts},
        "step3": {"score": student.step3_score, "passed": student.step3_passed},
        "graduation_year": student.graduation_year,
        "training_gap": {"months": student.training_gap_months,
                         "explained": student.training_gap_explained},
        "english": {"oet": student.oet_status, "spoken": student.spoken_english},
        "ecfmg_status": student.ecfmg_status,
        "clinical_experience": [
            {"kind": e.kind, "months": e.months, "specialty": e.specialty, "state": e.state,
             "zip": e.zip}
            for e in student.clinical_experiences
        ],
        "us_letters": [
            {"specialty": letter.specialty, "state": letter.state, "zip": letter.zip}
            for letter in student.us_letters
        ],
        "publications": student.publications,
        "languages": list(student.languages or []),
        "ties": [{"kind": t.kind, "state": t.state, "zip": t.zip} for t in student.ties],
        "specialty": student.specialty,
        "backup_specialty": student.backup_specialty,
        "target_regions": list(student.target_regions or []),
    })


# ------------------------------------------------------------------------ applicant tier

@dataclass(frozen=True, slots=True)
class StoredTier:
    """What the students list keeps of the applicant tier: the tier, its scale, and the
    strategies it was judged under (",socal,pacific_coast," style, like target_regions_key)."""

    tier: str | None
    scale: str | None
    strategies: str

    def store_on(self, student: Student) -> None:
        student.applicant_tier = self.tier
        student.applicant_tier_scale = self.scale
        student.tier_strategies = self.strategies


def applicant_tier(profile: dict[str, Any]) -> StoredTier:
    """The applicant tier the advice page would show for a parsed profile.

    Judged as an assessment judges it (scoring.engine.judge_applicant): only the student's
    strategies (their target regions, or the office default) give a tier. A failing plugin is
    skipped and recorded, as in an assessment.
    """
    known = get_registry().regions()
    # A region whose plugin is gone no longer counts; the rest of the profile still does.
    profile = {**profile, "target_regions": [s for s in profile["target_regions"] if s in known]}
    applicant = build_applicant(profile)
    result, _ = judge_applicant(applicant, get_registry())
    return StoredTier(result.tier, result.tier_scale, _strategies_key(applicant.target_regions))


def _strategies_key(slugs: Iterable[str]) -> str:
    return "," + "".join(f"{s}," for s in slugs)


def refresh_applicant_tier(student: Student) -> None:
    """Recompute a stored student's tier, e.g. after loading demo data or changing plugins."""
    applicant_tier(parse_profile(profile_from_student(student))).store_on(student)


def refresh_default_strategy_tiers() -> int:
    """Re-judge the students who follow the office's default strategies, when those changed
    since their tier was stored. Returns how many were refreshed; the caller commits."""
    current = _strategies_key(default_strategies())
    stale = db.session.scalars(select(Student).where(
        Student.deleted_at.is_(None), Student.target_regions_key == ",",
        Student.tier_strategies != current))
    count = 0
    for student in stale:
        refresh_applicant_tier(student)
        count += 1
    return count


# ----------------------------------------------------------------------- staff changes

def create_student(profile: dict[str, Any]) -> Student:
    """Add a student from a parsed profile, with its applicant tier (the caller commits)."""
    student = student_from_profile(profile)
    applicant_tier(profile).store_on(student)
    db.session.add(student)
    db.session.flush()
    record("student_created", "student", student.id)
    return student


def update_student(student: Student, profile: dict[str, Any], expected_version: int | None) -> None:
    """Save an edited profile over `student`, unless it changed since the editor loaded it.

    `expected_version` is the `version` the edit form was built from. Raises EditConflict when
    it is not the stored one, or when another save lands between this check and the write (the
    UPDATE then matches no row); either way nothing is saved. The caller commits.
    """
    if expected_version is None or student.version != expected_version:
        raise EditConflict()
    try:
        # One UPDATE at the end: no early flush half-way through the changes.
        with db.session.no_autoflush:
            apply_profile(student, profile)
            applicant_tier(profile).store_on(student)
            # Always touch the row itself, so the version moves even when only rows changed.
            student.updated_at = utcnow()
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict() from None
    record("student_updated", "student", student.id, f"version {student.version}")


def set_season(student: Student, season_year: int | None) -> None:
    """Set the season the student applies in (None: the current one). It is not part of the
    profile, so outcome snapshots never carry it. Call after `update_student`, whose version
    check must come first; the caller commits."""
    if student.season_year != season_year:
        student.season_year = season_year
        db.session.flush()


def delete_student(student: Student) -> None:
    """Soft delete: hidden from lists until an admin restores it (the caller commits)."""
    if student.deleted_at is None:
        student.deleted_at = utcnow()
        db.session.flush()
        record("student_deleted", "student", student.id)


def restore_student(student: Student) -> None:
    if student.deleted_at is not None:
        student.deleted_at = None
        db.session.flush()
        record("student_restored", "student", student.id)


# ----------------------------------------------------------------------------- finding

def get_student(student_id: int, include_deleted: bool = False) -> Student | None:
    student = db.session.get(Student, student_id)
    if student is None or student.deleted_at is not None and not include_deleted:
        return None
    return student


def _sort_keys(season: int) -> dict[str, list[Any]]:
    """The list's sort keys -> what they order by (an unknown value sorts as the column's
    NULLs are put last by `student_query`)."""
    return {
        "name": [func.lower(Student.name)],
        "specialty": [Student.specialty],
        "step2ck": [Student.step2ck_score],
        "visa": [Student.citizenship, Student.visa_needed],
        "tier": [Student.applicant_tier],
        "season": [func.coalesce(Student.season_year, season)],
        "updated": [Student.updated_at],
    }


SORT_KEYS = ("name", "specialty", "step2ck", "visa", "tier", "season", "updated")


def student_query(name: str | None = None, strategy: str | None = None, tier: str | None = None,
                  deleted: bool = False, season: int | None = None, sort: str = "name",
                  descending: bool = False) -> Select[Student]:
    """Students: most recently deleted first when `deleted`, else live ones by `sort` (one of
    SORT_KEYS; unknown values last either way), then by name.

    `name` matches any part of the name, in any case; `strategy` is a region slug (students
    with no target region count for the office's default strategies); `tier` an applicant tier;
    `season` an application season (students with none set count as the current season's).
    """
    query = select(Student)
    if deleted:
        query = query.where(Student.deleted_at.is_not(None))
    else:
        query = query.where(Student.deleted_at.is_(None))
    if name and name.strip():
        query = query.where(contains(Student.name, name.strip()))
    if strategy:
        condition: ColumnElement[bool] = Student.target_regions_key.like(f"%,{like_escape(strategy)},%", escape=ESCAPE)
        if strategy in default_strategies():
            condition = condition | (Student.target_regions_key == ",")
        query = query.where(condition)
    if tier:
        query = query.where(Student.applicant_tier == tier)
    if season:
        season_condition = Student.season_year == season
        if season == current_season():
            season_condition = season_condition | Student.season_year.is_(None)
        query = query.where(season_condition)
    if deleted:
        return query.order_by(Student.deleted_at.desc(), Student.id)
    order: list[Any] = []
    for key in _sort_keys(current_season()).get(sort, []):
        # "x IS NULL" is false for known values, so they come first whichever way x is sorted.
        order += [key.is_(None), key.desc() if descending else key.asc()]
    return query.order_by(*order, func.lower(Student.name), Student.id)


def students_by_id(ids: Iterable[int]) -> dict[int, Student]:
    """id -> student, deleted ones included, for those of `ids` still stored."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {s.id: s for s in db.session.scalars(select(Student).where(Student.id.in_(wanted)))}


def default_strategies() -> list[str]:
    """Region slugs that speak for a student who names none (the office default)."""
    known = get_registry().regions()
    return [s for s in current_app.config["DEFAULT_STRATEGIES"].split(",") if s.strip() in known]


def seasons_in_use() -> list[int]:
    """The application seasons of live students, newest first, the current one always in."""
    query = (select(Student.season_year).distinct()
             .where(Student.deleted_at.is_(None), Student.season_year.is_not(None)))
    return sorted({*db.session.scalars(query), current_season()}, reverse=True)


def tiers_in_use() -> list[tuple[str, str]]:
    """(tier, label with its scale) for the applicant tiers live students have, for the list's
    filter, e.g. ("B", "Pacific Coast tier B")."""
    query = (select(Student.applicant_tier, Student.applicant_tier_scale).distinct()
             .where(Student.deleted_at.is_(None), Student.applicant_tier.is_not(None)))
    scales: dict[str, list[str]] = {}
    for tier, scale in db.session.execute(query):
        if tier is not None:  # always, by the query
            scales.setdefault(tier, []).append(scale or "Tier")
    return [(tier, " / ".join(sorted(set(scales[tier]))) + f" {tier}") for tier in sorted(scales)]
