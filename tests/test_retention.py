"""Retention: students whose last season is older than the kept finished seasons are deleted or
de-identified (outcomes keep only the facts the evidence uses), by an admin's action or the
CLI, audited; and one student's data is exported or erased on request."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from advisor.extensions import db
from advisor.models import (
    AuditEntry,
    ClinicalExperience,
    OfficeSettings,
    Outcome,
    OutcomeSeason,
    Program,
    ShareLink,
    Student,
)
from advisor.profile_schema import parse_profile
from advisor.pytest_plugin import BASE_PROGRAM
from advisor.services import retention, share_links
from advisor.services.evidence import past_applications
from advisor.services.outcomes import OutcomeRow, save_season
from advisor.services.students import create_student, delete_student, set_season

P1, P2 = "9900000001", "9900000002"
FACTS = {"step2ck": {"score": 221}, "citizenship": "non_us", "visa_needed": "j1"}


def make(name: str, season: int | None, outcome_seasons: tuple[int, ...] = ()) -> Student:
    student = create_student(parse_profile({
        "name": name, "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass", "attempts": 1}, "step2ck": {"score": 221, "attempts": 1},
        "step3": {}, "graduation_year": 2018, "specialty": "internal_medicine",
        "clinical_experience": [{"kind": "elective", "months": 2, "zip": "90033"}],
        "languages": ["spanish"],
    }))
    set_season(student, season)
    for year in outcome_seasons:
        save_season(student, year, [OutcomeRow(P1, interviewed=True, ranked=True),
                                    OutcomeRow(P2)])
    db.session.commit()
    return student


@pytest.fixture
def office(app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Season 2026. With 3 finished seasons kept (2023-2025), the first two are due."""
    for acgme_id in (P1, P2):
        db.session.add(Program(**{**BASE_PROGRAM, "acgme_id": acgme_id}))
    db.session.commit()
    students = {
        "old": make("Old Alumna", 2021, (2021,)),
        "old_deleted": make("Deleted Alumnus", 2020, (2020,)),
        "reapplied": make("Re Applicant", 2021, (2021, 2024)),
        "recent": make("Recent Alumna", 2024, (2024,)),
        "current": make("Current Student", None),
    }
    delete_student(students["old_deleted"])
    share_links.create_link(students["old"], None)
    db.session.commit()
    return {key: student.id for key, student in students.items()}


def set_policy(keep: int | None, action: str = "deidentify") -> None:
    settings = db.session.get(OfficeSettings, 1) or OfficeSettings(id=1)
    settings.keep_seasons, settings.retention_action = keep, action
    db.session.add(settings)
    db.session.commit()


def student_ids() -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(Student.id)))


def outcome_rows() -> list[tuple[Any, ...]]:
    return [tuple(row) for row in db.session.execute(
        select(Outcome.student_id, Outcome.season, Outcome.acgme_id, Outcome.interviewed,
               Outcome.ranked, Outcome.profile).order_by(Outcome.id))]


def test_without_a_retention_period_nothing_is_due(office):
    set_policy(None)
    assert retention.due_students() == []
    assert retention.apply_retention(actor=None).students == 0
    assert student_ids() == set(office.values())


def test_only_students_whose_last_season_is_past_the_kept_ones_are_due(office):
    set_policy(3)
    due = retention.due_students()
    assert [(d.id, d.last_season) for d in due] == [
        (office["old"], 2021), (office["old_deleted"], 2020)]


def test_de_identifying_keeps_only_the_evidence_facts_of_their_outcomes(office):
    set_policy(3, "deidentify")
    evidence_before = Counter(past_applications())
    kept_rows = [row for row in outcome_rows()
                 if row[0] not in (office["old"], office["old_deleted"])]

    result = retention.apply_retention(actor=None)

    # A student deleted before was left out of the evidence: their outcomes go with them.
    assert (result.students, result.outcomes_kept, result.outcomes_deleted) == (2, 2, 2)
    assert student_ids() == {office["reapplied"], office["recent"], office["current"]}
    rows = outcome_rows()
    anonymous = [row for row in rows if row[0] is None]
    assert sorted(row[1:5] for row in anonymous) == [(2021, P1, True, True),
                                                     (2021, P2, False, False)]
    assert all(row[5] == FACTS for row in anonymous)
    assert [row for row in rows if row[0] is not None] == kept_rows
    # The evidence is what it was: the same applications, now without a student.
    assert Counter(past_applications()) == evidence_before
    # Nothing else of theirs is left.
    assert db.session.scalar(select(func.count()).select_from(ShareLink)) == 0
    assert db.session.scalar(select(func.count()).select_from(ClinicalExperience)) == 3
    assert db.session.scalar(select(func.count()).select_from(OutcomeSeason).where(
        OutcomeSeason.student_id.in_([office["old"], office["old_deleted"]]))) == 0
    entries = db.session.execute(select(AuditEntry.action, AuditEntry.object_id,
                                        AuditEntry.detail).order_by(AuditEntry.id)).all()
    assert ("retention_deidentified", str(office["old"]),
            "last season 2021; 2 outcomes kept as anonymous evidence") in entries
    assert ("retention_deidentified", str(office["old_deleted"]),
            "last season 2020; 2 outcomes deleted") in entries
    assert entries[-1][0] == "retention_applied"
    assert entries[-1][2] == ("keep 3 finished seasons (2023-2025): 2 students de-identified; "
                              "2 outcomes kept as anonymous evidence, 2 deleted")
    assert not any("Old Alumna" in (detail or "") for *_, detail in entries)


def test_deleting_removes_their_outcomes_too(office):
    set_policy(3, "delete")
    result = retention.apply_retention(actor=None)
    assert (result.students, result.outcomes_kept, result.outcomes_deleted) == (2, 0, 4)
    assert all(row[0] is not None for row in outcome_rows())
    assert len(outcome_rows()) == 6  # the re-applicant's two seasons and the recent one's


def test_a_dry_run_changes_nothing(office):
    set_policy(3)
    before = (student_ids(), outcome_rows())
    result = retention.apply_retention(actor=None, dry_run=True)
    assert (result.students, result.outcomes_kept, result.outcomes_deleted) == (2, 2, 2)
    assert (student_ids(), outcome_rows()) == before
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action.like("retention%"))) == 0


def test_the_cli_applies_the_policy_and_says_what_it_did(office, runner):
    set_policy(3)
    dry = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would de-identify 2 students" in dry.output
    assert f"student {office['old']}, last season 2021" in dry.output
    assert "Old Alumna" not in dry.output  # names stay out of logs and terminals
    assert len(student_ids()) == 5

    done = runner.invoke(args=["retention", "apply"])
    assert done.exit_code == 0, done.output
    assert ("De-identified 2 students; 2 outcomes kept as anonymous evidence, 2 deleted."
            in done.output)
    assert len(student_ids()) == 3
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "retention_applied"))
    assert entry.actor == "cli"


def test_the_cli_says_when_no_period_is_set(office, runner):
    result = runner.invoke(args=["retention", "apply"])
    assert result.exit_code == 0
    assert "No retention period is set" in result.output
    assert len(student_ids()) == 5


# ------------------------------------------------------------------------- on request


def test_a_students_data_is_exported_whole_without_secrets(office):
    student = db.session.get(Student, office["old"])
    data = retention.student_data(student)
    assert data["student"]["id"] == student.id
    assert data["student"]["profile"]["name"] == "Old Alumna"
    assert data["student"]["season_year"] == 2021
    assert [(o["season"], o["acgme_id"], o["interviewed"]) for o in data["outcomes"]] == [
        (2021, P1, True), (2021, P2, False)]
    assert data["outcomes"][0]["profile"]["name"] == "Old Alumna"
    (link,) = data["share_links"]
    assert set(link) == {"id", "created_at", "expires_at", "revoked_at", "last_used_at"}
    assert any(entry["action"] == "student_created" for entry in data["audit"])
    json.dumps(data)  # plain JSON all through


def test_a_student_erased_on_request_is_gone_with_an_audit_entry(office):
    student = db.session.get(Student, office["recent"])
    summary = retention.erase_student(student, keep_outcomes=False)
    db.session.commit()
    assert summary == "erased on request; 2 outcomes deleted"
    assert office["recent"] not in student_ids()
    assert not [row for row in outcome_rows() if row[1] == 2024 and row[0] is None]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "student_erased"))
    assert (entry.object_id, entry.detail) == (str(office["recent"]), summary)


def test_erasing_may_keep_the_outcomes_as_anonymous_evidence(office):
    student = db.session.get(Student, office["recent"])
    summary = retention.erase_student(student, keep_outcomes=True)
    db.session.commit()
    assert summary == "erased on request; 2 outcomes kept as anonymous evidence"
    anonymous = [row for row in outcome_rows() if row[0] is None]
    assert len(anonymous) == 2 and all(row[-1] == FACTS for row in anonymous)
