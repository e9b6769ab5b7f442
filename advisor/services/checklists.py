"""A student's season checklist: its items' due dates and done dates, what is overdue, and
saving an edit (audited, refused when the checklist changed since the form was opened).

Step 3 and ECFMG certification are done when the profile says so, never by a tick here, so
the checklist cannot contradict the profile: the checklist holds only their due dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from advisor.enums import EcfmgStatus
from advisor.extensions import db
from advisor.models import SeasonChecklist, Student
from advisor.models.columns import utcnow
from advisor.scoring.published import Published
from advisor.services.audit import record
from advisor.services.season_costs import ERAS_OPENING_SOURCE, SeasonCosts, season_costs
from advisor.services.seasons import season_of, today

CONFLICT_MESSAGE = ("Someone else saved this checklist since you opened it; nothing you typed "
                    "was saved. The checklist below is as stored now: make your changes again.")


class ChecklistConflict(Exception):
    def __init__(self) -> None:
        super().__init__(CONFLICT_MESSAGE)


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    label: str
    # Done when the profile says so (Step 3 passed, ECFMG certified), not by a date here.
    from_profile: bool = False


ITEMS: tuple[Item, ...] = (
    Item("letters_requested", "Letters of recommendation requested"),
    Item("letters_received", "Letters of recommendation received"),
    Item("rotations", "US rotations completed"),
    Item("step3", "Step 3 passed", from_profile=True),
    Item("ecfmg", "ECFMG certification", from_profile=True),
    Item("eras_submitted", "ERAS application submitted"),
)
ITEM_KEYS = tuple(item.key for item in ITEMS)
# (earlier, later): the later item cannot be done before the earlier one.
DONE_IN_ORDER: tuple[tuple[str, str], ...] = (("letters_requested", "letters_received"),)


@dataclass(frozen=True, slots=True)
class ItemState:
    item: Item
    due: date | None
    # The due date is the season's ERAS opening date, not one typed here: the office's own
    # (`due_published` None) or the published one.
    due_from_opening: bool
    due_published: Published | None
    done: bool
    done_on: date | None
    # Why it counts as done or not, when the profile decides.
    profile_note: str | None
    overdue: bool



def get_checklist(student: Student, season: int | None = None) -> SeasonChecklist | None:
    return db.session.scalar(select(SeasonChecklist).where(
        SeasonChecklist.student_id == student.id,
        SeasonChecklist.season_year == (season or season_of(student))))


def item_states(student: Student, checklist: SeasonChecklist | None,
                costs: SeasonCosts | None = None, on: date | None = None) -> list[ItemState]:
    """Every item as of `on` (default: the app's today): overdue when its due date has
    passed and it is not done."""
    on = on or today()
    costs = costs or season_costs()
    states = []
    for item in ITEMS:
        due = getattr(checklist, f"{item.key}_due", None)
        from_opening, published = False, None
        if due is None and item.key == "eras_submitted":
            due = costs.eras_opening(season_of(student))
            from_opening = due is not None
            if from_opening and not costs.office_opening_serves(season_of(student)):
                published = ERAS_OPENING_SOURCE
        note = None
        if item.from_profile:
            done, note = _profile_answer(student, item.key)
            done_on = None
        else:
            done_on = getattr(checklist, f"{item.key}_done", None)
            done = done_on is not None
        states.append(ItemState(item, due, from_opening, published, done, done_on, note,
                                overdue=not done and due is not None and due < on))
    return states


def _profile_answer(student: Student, key: str) -> tuple[bool, str]:
    if key == "step3":
        if student.step3_passed:
            return True, "Passed, as the profile records."
        if student.step3_passed is False:
            return False, "The profile records a Step 3 fail."
        return False, "The profile records no Step 3 pass."
    status = student.ecfmg_status
    if status is EcfmgStatus.CERTIFIED:
        return True, "Certified, as the profile records."
    return False, (f"The profile records: {status.label.lower()}." if status
                   else "The profile records no ECFMG status.")


def overdue_count(student: Student, checklist: SeasonChecklist | None,
                  costs: SeasonCosts | None = None) -> int:
    return sum(1 for s in item_states(student, checklist, costs) if s.overdue)


def overdue_counts(students: Iterable[Student]) -> dict[int, int]:
    """student id -> overdue items on their own season's checklist, for a page of students
    (one query for the checklists)."""
    students = list(students)
    if not students:
        return {}
    rows = db.session.scalars(select(SeasonChecklist).where(
        SeasonChecklist.student_id.in_([s.id for s in students])))
    by_key = {(c.student_id, c.season_year): c for c in rows}
    costs = season_costs()
    return {s.id: overdue_count(s, by_key.get((s.id, season_of(s))), costs) for s in students}


def save_checklist(student: Student, values: Mapping[str, Any],
                   expected_version: int | None) -> SeasonChecklist:
    """Store the checklist of the student's season: `values` has `<item>_due`,
    `<item>_done` (items not from the profile) and `notes`. `expected_version` is the version
    the form showed (None: there was no checklist yet). Raises ChecklistConflict, saving
    nothing, when it is not the stored one or another save lands first. The caller commits."""
    checklist = get_checklist(student)
    stored_version = checklist.version if checklist is not None else None
    if stored_version != expected_version:
        raise ChecklistConflict()
    created = checklist is None
    if checklist is None:
        checklist = SeasonChecklist(student_id=student.id, season_year=season_of(student))
        db.session.add(checklist)
    try:
        with db.session.no_autoflush:
            for item in ITEMS:
                setattr(checklist, f"{item.key}_due", values.get(f"{item.key}_due"))
                if not item.from_profile:
                    setattr(checklist, f"{item.key}_done", values.get(f"{item.key}_done"))
            checklist.notes = (values.get("notes") or "").strip()
            # Touch the row so the version moves even when nothing else changed.
            checklist.updated_at = utcnow()
        db.session.flush()
    except (StaleDataError, IntegrityError):
        # Another save changed the row, or created the season's checklist first.
        db.session.rollback()
        raise ChecklistConflict() from None
    record("checklist_created" if created else "checklist_updated", "student", student.id,
           f"season {checklist.season_year} checklist, version {checklist.version}")
    return checklist
