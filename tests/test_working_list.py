"""The working list as a service: pins and exclusions reach the plan, edits are all or
nothing under the list's version, statuses come from a CSV file, and closing a season turns
them into outcomes."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from advisor.demo.loader import load_demo
from advisor.enums import ApplicationStatus
from advisor.extensions import db
from advisor.models import AuditEntry, ListEntry, Outcome, Student, WorkingList
from advisor.services.evidence import freshness, office_evidence
from advisor.services.outcomes import OutcomeError
from advisor.services.programs import program_names
from advisor.services.season_close import close_season, tracked_seasons
from advisor.services.status_import import import_statuses
from advisor.services.student_assessment import assess_student
from advisor.services.students import profile_from_student
from advisor.services.working_list import (
    EntryChange, ListConflict, ListError, apply_changes, list_version, read_list,
)

ANA = "Demo: Ana R."


@pytest.fixture
def ana(app) -> Student:  # type: ignore[no-untyped-def]
    load_demo(300)
    return db.session.scalar(select(Student).where(Student.name == ANA))


def listed(student: Student) -> list[str]:
    return [e.program.acgme_id for e in assess_student(student)[0].plan.entries]


def audit_details(action: str) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.detail).where(AuditEntry.action == action)
                                   .order_by(AuditEntry.id)))


def edit(student: Student, *changes: EntryChange) -> None:
    apply_changes(student, list_version(student), changes)
    db.session.commit()


def test_a_pinned_program_joins_the_plan_and_the_edit_is_audited_with_the_student(ana):
    assessment, _ = assess_student(ana)
    on_list = set(listed(ana))
    left_off = next(p for p in assessment.programs
                    if p.program.acgme_id not in on_list)
    edit(ana, EntryChange(left_off.program.acgme_id, pinned=True))
    assert left_off.program.acgme_id in listed(ana)
    assert read_list(ana).version == 1
    assert audit_details("working_list_edited") == [
        f"season 2026: {left_off.program.name} ({left_off.program.acgme_id}) pinned"]


def test_an_excluded_program_leaves_the_plan_and_the_list_is_refilled(app):
    load_demo(1000)  # a catalog with more than fits on Ana's list, to refill it from
    ana = db.session.scalar(select(Student).where(Student.name == ANA))
    before = listed(ana)
    gone = before[0]
    edit(ana, EntryChange(gone, excluded=True, exclude_reason="Student will not move there"))
    after = listed(ana)
    assert gone not in after
    assert len(after) == len(before)
    assert read_list(ana).excluded[0].exclude_reason == "Student will not move there"
    # Undone, it comes back.
    edit(ana, EntryChange(gone, excluded=False))
    assert gone in listed(ana)
    assert read_list(ana).entries == {}  # an entry that says nothing is not kept


def test_excluding_without_a_reason_is_refused_and_nothing_is_saved(ana):
    first = listed(ana)[0]
    with pytest.raises(ListError) as refused:
        apply_changes(ana, 0, [EntryChange(listed(ana)[1], pinned=True),
                               EntryChange(first, excluded=True, exclude_reason="  ")])
    db.session.rollback()
    assert refused.value.lines == ["exclude_reason: is required when excluding a program: say why"]
    assert db.session.scalar(select(func.count()).select_from(ListEntry)) == 0
    assert list_version(ana) == 0


def test_an_unknown_program_and_a_long_note_are_named(ana):
    with pytest.raises(ListError) as refused:
        apply_changes(ana, 0, [EntryChange("NOPE123", pinned=True),
                               EntryChange(listed(ana)[0], note="x" * 1001)])
    assert refused.value.lines == ["note: is 1001 characters; at most 1000",
                                   "acgme_id: NOPE123 is not in the catalog"]


def test_an_edit_from_a_stale_page_saves_nothing(ana):
    first, second = listed(ana)[:2]
    edit(ana, EntryChange(first, note="Call the coordinator"))
    with pytest.raises(ListConflict) as stale:
        apply_changes(ana, 0, [EntryChange(second, pinned=True),
                               EntryChange(first, note="Overwritten")])
    assert stale.value.current == 1
    state = read_list(ana)
    assert state.version == 1
    assert {a: e.note for a, e in state.entries.items()} == {first: "Call the coordinator"}
    assert "changed this student's list since you opened it" in str(stale.value)


def test_pinning_clears_an_exclusion_and_undoing_an_exclusion_restores_the_pin(ana):
    first = listed(ana)[0]
    edit(ana, EntryChange(first, excluded=True, exclude_reason="Too far"))
    edit(ana, EntryChange(first, pinned=True))
    entry = read_list(ana).entries[first]
    assert entry.pinned and not entry.excluded and entry.exclude_reason == ""
    edit(ana, EntryChange(first, excluded=True, exclude_reason="Changed our mind"))
    # Exclusion wins while it lasts: not listed, not counted as a pin.
    assert first not in listed(ana)
    assert read_list(ana).edits.pinned == frozenset()
    edit(ana, EntryChange(first, excluded=False))
    entry = read_list(ana).entries[first]
    assert entry.pinned and not entry.excluded
    assert read_list(ana).edits.pinned == {first} and first in listed(ana)
    name = f"{program_names([first])[first]} ({first})"
    assert audit_details("working_list_edited")[-2:] == [
        f"season 2026: {name} excluded (Changed our mind), pin kept for an undo",
        f"season 2026: {name} exclusion undone"]


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def test_a_status_csv_with_any_bad_row_saves_nothing_and_names_each_row(ana):
    a, b = listed(ana)[:2]
    with pytest.raises(ListError) as refused:
        import_statuses(ana, 0, csv_file(f"acgme_id,status\n{a},applied\n{b},maybe\n"
                                         f"NOPE123,invited\n{a},ranked\n"))
    db.session.rollback()
    assert refused.value.lines == [
        'row 3, status: "maybe" is not one of: Applied, Invited to interview, Not invited, '
        "Interviewed, Ranked, Matched, Withdrawn, Declined the interview (or their codes, such "
        "as not_invited; or empty: not applied yet)",
        "row 4, acgme_id: NOPE123 is not in the catalog",
        f"row 5, acgme_id: {a} is named twice; name each program once",
    ]
    assert read_list(ana).entries == {} and list_version(ana) == 0


def test_a_status_csv_with_the_wrong_columns_is_refused(ana):
    with pytest.raises(ListError) as refused:
        import_statuses(ana, 0, csv_file("program,status\nX,applied\n"))
    assert any("missing required columns: acgme_id" in line for line in refused.value.lines)


def test_a_good_status_csv_sets_every_status(ana):
    a, b = listed(ana)[:2]
    imported = import_statuses(ana, 0, csv_file(f"acgme_id,status\n{a},Interviewed\n{b},\n"
                                                f"{listed(ana)[2]},not_invited\n"))
    db.session.commit()
    assert (imported.count, imported.off_list) == (3, [])
    statuses = {k: e.status for k, e in read_list(ana).entries.items()}
    assert statuses == {a: ApplicationStatus.INTERVIEWED,
                        listed(ana)[2]: ApplicationStatus.NOT_INVITED}
    assert audit_details("working_list_statuses_imported") == [
        "3 statuses from a CSV file"]


def test_a_status_csv_takes_the_labels_the_page_shows_and_names_programs_off_the_list(ana):
    assessment, _ = assess_student(ana)
    a, b, c, d = listed(ana)[:4]
    off = next(p.program for p in assessment.programs if p.program.acgme_id not in listed(ana))
    imported = import_statuses(ana, 0, csv_file(
        f"acgme_id,status\n{a},not invited\n{b},Invited to interview\n{c},DECLINED_THE_INTERVIEW\n"
        f"{d},Not applied yet\n{off.acgme_id},applied\n"))
    db.session.commit()
    assert {k: e.status for k, e in read_list(ana).entries.items()} == {
        a: ApplicationStatus.NOT_INVITED, b: ApplicationStatus.INVITED,
        c: ApplicationStatus.DECLINED, off.acgme_id: ApplicationStatus.APPLIED}
    assert (imported.count, imported.off_list) == (5, [(off.acgme_id, off.name)])


STATUSES = {
    ApplicationStatus.APPLIED: (False, False, False),
    ApplicationStatus.NOT_INVITED: (False, False, False),
    # An invitation is what the interview chance predicts: the outcome says interviewed.
    ApplicationStatus.INVITED: (True, False, False),
    ApplicationStatus.INTERVIEWED: (True, False, False),
    ApplicationStatus.RANKED: (True, True, False),
    ApplicationStatus.MATCHED: (True, True, True),
    ApplicationStatus.WITHDRAWN: (False, False, False),
}


def track_last_season(student: Student) -> dict[str, ApplicationStatus]:
    """Statuses for seven listed programs, in the season before the current one."""
    student.season_year = 2025
    db.session.commit()
    programs = listed(student)[:len(STATUSES)]
    statuses = dict(zip(programs, STATUSES))
    edit(student, *(EntryChange(a, status=s) for a, s in statuses.items()))
    return statuses


def outcomes_of(student: Student) -> dict[str, tuple[bool, bool, bool]]:
    rows = db.session.scalars(select(Outcome).where(Outcome.student_id == student.id,
                                                    Outcome.season == 2025))
    return {o.acgme_id: (o.interviewed, o.ranked, o.matched) for o in rows}


def test_closing_a_season_writes_each_tracked_program_as_an_outcome(ana):
    statuses = track_last_season(ana)
    assert tracked_seasons()[0].season == 2025
    evidence_before = freshness()
    result = close_season(2025)
    db.session.commit()
    assert (result.students, result.created, result.updated) == (1, 7, 0)
    assert outcomes_of(ana) == {a: STATUSES[s] for a, s in statuses.items()}
    snapshot = db.session.scalar(select(Outcome.profile).where(Outcome.student_id == ana.id))
    assert snapshot == profile_from_student(ana)
    # The office's evidence now counts them.
    assert freshness() != evidence_before
    seen = {app.acgme_id for apps in office_evidence().by_program.values() for app in apps}
    assert set(statuses) <= seen
    assert audit_details("season_closed") == [
        "1 students: 7 outcomes added, 0 updated, 0 unchanged"]
    assert audit_details("outcomes_saved")[0].startswith("season 2025 closed")


def test_an_invitation_or_a_declined_one_closes_as_interviewed_and_applied_is_counted(ana):
    ana.season_year = 2025
    db.session.commit()
    a, b, c, d = listed(ana)[:4]
    edit(ana, EntryChange(a, status=ApplicationStatus.INVITED),
         EntryChange(b, status=ApplicationStatus.DECLINED),
         EntryChange(c, status=ApplicationStatus.APPLIED),
         EntryChange(d, status=ApplicationStatus.APPLIED))
    (season,) = tracked_seasons()
    assert (season.season, season.programs, season.unanswered) == (2025, 4, 2)
    close_season(2025)
    db.session.commit()
    assert outcomes_of(ana) == {a: (True, False, False), b: (True, False, False),
                                c: (False, False, False), d: (False, False, False)}


def test_closing_twice_changes_nothing_and_a_recorded_outcome_is_updated_not_duplicated(ana):
    statuses = track_last_season(ana)
    first = next(iter(statuses))
    db.session.add(Outcome(student_id=ana.id, season=2025, acgme_id=first, interviewed=True,
                           ranked=True, profile=profile_from_student(ana)))
    db.session.commit()
    result = close_season(2025)
    db.session.commit()
    assert (result.created, result.updated) == (6, 1)
    assert outcomes_of(ana)[first] == STATUSES[statuses[first]]
    again = close_season(2025)
    db.session.commit()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert db.session.scalar(select(func.count()).select_from(Outcome)
                             .where(Outcome.student_id == ana.id)) == 7


def test_a_season_in_the_future_cannot_be_closed(app):
    with pytest.raises(OutcomeError) as refused:
        close_season(2027)
    assert "2027 is not a season between" in str(refused.value)


def test_a_deleted_student_takes_their_list_with_them(ana):
    edit(ana, EntryChange(listed(ana)[0], note="x"))
    db.session.delete(ana)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(ListEntry)) == 0
    assert db.session.scalar(select(func.count()).select_from(WorkingList)) == 0


def test_a_students_data_export_carries_their_working_list(ana):
    from advisor.services.retention import student_data

    first = listed(ana)[0]
    edit(ana, EntryChange(first, note="Prefers the county program",
                          status=ApplicationStatus.APPLIED))
    (entry,) = student_data(ana)["working_lists"]
    assert (entry["season"], entry["acgme_id"], entry["note"], entry["status"]) == (
        2026, first, "Prefers the county program", "applied")
