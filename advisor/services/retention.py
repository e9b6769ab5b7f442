"""How long student data is kept, and one student's data on request (export and erasure).

The office sets how many finished seasons a student's profile is kept after their last season
(Admin > Settings). A student's last season is the later of their application season and the
latest season of their recorded outcomes; a student without an application season counts as
this season's and is kept. Past that period, applying the policy (Admin > Retention, or
`flask --app advisor retention apply`) either

- de-identifies them: the student, their profile rows and share links are deleted, and their
  outcomes stay as anonymous evidence, each snapshot cut down to the facts the evidence
  compares (Step 2 CK, citizenship, visa need) beside the season, program and result; or
- deletes them with their outcomes.

The outcomes of a student who was already deleted (soft-deleted, left out of the evidence) are
deleted either way, so the evidence is the same after as before. Every student removed gets an
audit entry, by id: no name is written to the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select

from advisor.extensions import db
from advisor.models import (
    AuditEntry,
    ListEntry,
    OfficeSettings,
    Outcome,
    OutcomeSeason,
    RetentionAction,
    SeasonChecklist,
    ShareLink,
    Student,
    get_office_settings,
)
from advisor.models.columns import utcnow
from advisor.models.office_settings import office_settings_for_update
from advisor.services.audit import record
from advisor.services.seasons import current_season
from advisor.services.students import profile_from_student

# A retention period longer than this is a typing mistake.
MAX_KEEP_SEASONS = 50


@dataclass(frozen=True, slots=True)
class Policy:
    keep_seasons: int | None
    action: RetentionAction

    @property
    def kept_from(self) -> int | None:
        """The earliest season kept: students whose last season is before it are due."""
        return None if self.keep_seasons is None else current_season() - self.keep_seasons

    def describe(self) -> str:
        if self.keep_seasons is None:
            return "keep for ever"
        seasons = f"{self.keep_seasons} finished season{'s' if self.keep_seasons != 1 else ''}"
        return f"keep {seasons} ({self.kept_from}-{current_season() - 1})"


@dataclass(frozen=True, slots=True)
class DueStudent:
    id: int
    last_season: int
    deleted: bool  # soft-deleted already: left out of the evidence


@dataclass(slots=True)
class RetentionResult:
    policy: Policy
    due: list[DueStudent] = field(default_factory=list)
    outcomes_kept: int = 0
    outcomes_deleted: int = 0
    dry_run: bool = False

    @property
    def students(self) -> int:
        return len(self.due)

    def summary(self) -> str:
        verb = {RetentionAction.DEIDENTIFY: "de-identified",
                RetentionAction.DELETE: "deleted"}[self.policy.action]
        return (f"{self.students} student{'s' if self.students != 1 else ''} {verb}; "
                f"{_outcome_words(self.outcomes_kept, self.outcomes_deleted)}")


def policy() -> Policy:
    settings = get_office_settings()
    return Policy(settings.keep_seasons, settings.retention_action or RetentionAction.DEIDENTIFY)


def set_policy(keep_seasons: int | None, action: RetentionAction) -> OfficeSettings:
    """Change the retention period (the caller commits); applying it is a separate step."""
    if keep_seasons is not None and not 1 <= keep_seasons <= MAX_KEEP_SEASONS:
        raise ValueError(f"keep_seasons: {keep_seasons} is not from 1 to {MAX_KEEP_SEASONS}")
    settings = office_settings_for_update()
    changed = (settings.keep_seasons, settings.retention_action) != (keep_seasons, action)
    settings.keep_seasons, settings.retention_action = keep_seasons, action
    if changed:
        described = Policy(keep_seasons, action).describe()
        record("retention_policy_changed", "settings", None,
               f"{described}, then {action.value}" if keep_seasons else described)
    return settings


def due_students(current: Policy | None = None) -> list[DueStudent]:
    """The students past the retention period, by id."""
    current = current or policy()
    kept_from = current.kept_from
    if kept_from is None:
        return []
    candidates = db.session.execute(
        select(Student.id, Student.season_year, Student.deleted_at)
        .where(Student.season_year.is_not(None), Student.season_year < kept_from)
        .order_by(Student.id)).all()
    if not candidates:
        return []
    latest = dict(db.session.execute(
        select(Outcome.student_id, func.max(Outcome.season))
        .where(Outcome.student_id.in_([row.id for row in candidates]))
        .group_by(Outcome.student_id)).all())
    due = []
    for student_id, season, deleted_at in candidates:
        last = max(season or 0, latest.get(student_id) or 0)  # the query left no season None
        if last < kept_from:
            due.append(DueStudent(student_id, last, deleted_at is not None))
    return due


def apply_retention(*, actor: object, dry_run: bool = False) -> RetentionResult:
    """Remove every due student as the policy says; with `dry_run`, only count. Audited (one
    entry per student and one for the run); the caller commits."""
    current = policy()
    result = RetentionResult(current, due_students(current), dry_run=dry_run)
    if current.keep_seasons is None:
        return result
    for due in result.due:
        keep = current.action is RetentionAction.DEIDENTIFY and not due.deleted
        kept, deleted = _count_outcomes(due.id, keep)
        result.outcomes_kept += kept
        result.outcomes_deleted += deleted
        if dry_run:
            continue
        student = db.session.get(Student, due.id)
        if student is None:  # removed meanwhile by someone else
            continue
        _remove_student(student, keep_outcomes=keep)
        action = "retention_deidentified" if current.action is RetentionAction.DEIDENTIFY \
            else "retention_deleted"
        record(action, "student", due.id,
               f"last season {due.last_season}; {_outcome_words(kept, deleted)}", actor=actor)
    if not dry_run:
        record("retention_applied", "student", None,
               f"{current.describe()}: {result.summary()}", actor=actor)
    return result


# ------------------------------------------------------------------------- on request


def student_data(student: Student) -> dict[str, Any]:
    """Everything stored about the student, as plain JSON-ready data: the profile, outcomes
    with their snapshots, share links (never their secrets), their working lists and the
    audit entries about them."""
    outcomes = db.session.scalars(select(Outcome).where(Outcome.student_id == student.id)
                                  .order_by(Outcome.season, Outcome.acgme_id))
    links = list(db.session.scalars(select(ShareLink).where(ShareLink.student_id == student.id)
                                    .order_by(ShareLink.id)))
    link_ids = [str(link.id) for link in links]
    audit = db.session.scalars(
        select(AuditEntry).where(or_(
            (AuditEntry.object_type == "student") & (AuditEntry.object_id == str(student.id)),
            (AuditEntry.object_type == "share_link") & AuditEntry.object_id.in_(link_ids)))
        .order_by(AuditEntry.at, AuditEntry.id))
    return {
        "exported_at": _iso(utcnow()),
        "student": {
            "id": student.id, "season_year": student.season_year,
            "applicant_tier": student.applicant_tier, "created_at": _iso(student.created_at),
            "updated_at": _iso(student.updated_at), "deleted_at": _iso(student.deleted_at),
            "profile": profile_from_student(student),
        },
        "outcomes": [
            {"season": o.season, "acgme_id": o.acgme_id, "interviewed": o.interviewed,
             "ranked": o.ranked, "matched": o.matched, "recorded_at": _iso(o.created_at),
             "updated_at": _iso(o.updated_at), "profile": o.profile}
            for o in outcomes],
        "season_checklists": [
            {column.name: _plain(getattr(checklist, column.key))
             for column in SeasonChecklist.__table__.columns}
            for checklist in db.session.scalars(select(SeasonChecklist).where(
                SeasonChecklist.student_id == student.id).order_by(SeasonChecklist.season_year))],
        "share_links": [
            {"id": link.id, "created_at": _iso(link.created_at),
             "expires_at": _iso(link.expires_at), "revoked_at": _iso(link.revoked_at),
             "last_used_at": _iso(link.last_used_at)}
            for link in links],
        "working_lists": [
            {"season": e.season, "acgme_id": e.acgme_id, "pinned": e.pinned,
             "excluded": e.excluded, "exclude_reason": e.exclude_reason, "note": e.note,
             "status": e.status.value if e.status else None, "updated_at": _iso(e.updated_at)}
            for e in db.session.scalars(select(ListEntry).where(ListEntry.student_id == student.id)
                                        .order_by(ListEntry.season, ListEntry.acgme_id))],
        "audit": [
            {"at": _iso(entry.at), "actor": entry.actor, "action": entry.action,
             "object": f"{entry.object_type} {entry.object_id}", "detail": entry.detail,
             "count": entry.count}
            for entry in audit],
    }


def _plain(value: object) -> object:
    """A column value as JSON holds it: dates and times as ISO text."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def erase_student(student: Student, *, keep_outcomes: bool) -> str:
    """Delete the student and everything about them at their request; with `keep_outcomes`
    their outcomes stay as anonymous evidence, as retention's de-identification leaves them.
    Audited by id; the caller commits. Returns the audit entry's detail."""
    student_id = student.id
    kept, deleted = _remove_student(student, keep_outcomes=keep_outcomes)
    detail = f"erased on request; {_outcome_words(kept, deleted)}"
    record("student_erased", "student", student_id, detail)
    return detail


# ------------------------------------------------------------------------------ removing


def _count_outcomes(student_id: int, keep: bool) -> tuple[int, int]:
    count = db.session.scalar(select(func.count()).select_from(Outcome)
                              .where(Outcome.student_id == student_id)) or 0
    return (count, 0) if keep else (0, count)


def _remove_student(student: Student, *, keep_outcomes: bool) -> tuple[int, int]:
    """Delete the student, their profile rows, share links and season locks; their outcomes
    are cut down to the evidence's facts and detached, or deleted. Returns (kept, deleted)."""
    outcomes = list(db.session.scalars(select(Outcome).where(Outcome.student_id == student.id)))
    if keep_outcomes:
        for outcome in outcomes:
            outcome.profile = evidence_facts(outcome)
            outcome.student = None
            outcome.student_id = None
    else:
        for outcome in outcomes:
            db.session.delete(outcome)
    db.session.flush()  # outcomes detached or gone before the student's row goes
    db.session.execute(delete(ShareLink).where(ShareLink.student_id == student.id))
    db.session.execute(delete(SeasonChecklist).where(SeasonChecklist.student_id == student.id))
    db.session.execute(delete(OutcomeSeason).where(OutcomeSeason.student_id == student.id))
    db.session.delete(student)
    db.session.flush()
    return (len(outcomes), 0) if keep_outcomes else (0, len(outcomes))


def evidence_facts(outcome: Outcome) -> dict[str, Any]:
    """What a de-identified outcome's snapshot keeps: the facts the evidence rule compares."""
    return {"step2ck": {"score": outcome.step2ck_score},
            "citizenship": outcome.citizenship.value if outcome.citizenship else None,
            "visa_needed": outcome.visa_needed.value if outcome.visa_needed else None}


def _outcome_words(kept: int, deleted: int) -> str:
    parts = []
    if kept:
        parts.append(f"{kept} outcome{'s' if kept != 1 else ''} kept as anonymous evidence")
    if deleted:
        noun = "outcome" + ("s" if deleted != 1 else "")
        parts.append(f"{deleted} deleted" if parts else f"{deleted} {noun} deleted")
    return ", ".join(parts) or "no outcomes"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
