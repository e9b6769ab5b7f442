"""A student's working list for their season: reading it, and editing it under its version.

Every edit names the version of the list the editor read. The edit first moves the stored
version from that value to the next in one conditional UPDATE: if someone else edited the
list meanwhile, no row matches, nothing is saved and ListConflict says so. Each change adds
an audit entry naming the student; the caller commits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select, update

from advisor.catalog.columns import PROGRAM_ID
from advisor.enums import ApplicationStatus
from advisor.extensions import db
from advisor.models import ListEntry, Student, WorkingList
from advisor.models.working_list import NOTE_MAX, REASON_MAX
from advisor.scoring.planner import ListEdits
from advisor.services.audit import record
from advisor.services.outcomes import insert_unless_present, unknown_programs
from advisor.services.programs import program_names
from advisor.services.seasons import season_of
from advisor.validation import FieldErrors

CONFLICT_MESSAGE = ("Someone else changed this student's list since you opened it; nothing "
                    "was saved. The list below is the current one: check it and try again.")


class _Unset:
    """A field a change leaves as it is."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


class ListConflict(Exception):
    """The list changed since the editor read it; nothing was saved."""

    def __init__(self, current: int) -> None:
        super().__init__(CONFLICT_MESSAGE)
        self.current = current


class ListError(FieldErrors):
    """Changes that cannot be saved; each line names the field and the problem (and the row
    of a CSV file), e.g. "row 3, status: "maybe" is not one of: applied, ..."."""


@dataclass(frozen=True, slots=True)
class EntryChange:
    """What to change on one program's entry; UNSET fields are kept as they are."""

    acgme_id: str
    pinned: bool = UNSET
    excluded: bool = UNSET
    exclude_reason: str = UNSET
    note: str = UNSET
    status: ApplicationStatus | None = UNSET

    def given(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name != "acgme_id" and getattr(self, f.name) is not UNSET}


@dataclass(frozen=True, slots=True)
class ListState:
    """The list as stored: its season, version and entries by ACGME id."""

    student_id: int
    season: int
    version: int
    entries: dict[str, ListEntry]

    @property
    def edits(self) -> ListEdits:
        return ListEdits(
            pinned=frozenset(a for a, e in self.entries.items() if e.pinned and not e.excluded),
            excluded=frozenset(a for a, e in self.entries.items() if e.excluded))

    @property
    def excluded(self) -> list[ListEntry]:
        return sorted((e for e in self.entries.values() if e.excluded), key=lambda e: e.acgme_id)

    @property
    def tracked(self) -> list[ListEntry]:
        return sorted((e for e in self.entries.values() if e.status is not None),
                      key=lambda e: e.acgme_id)


@dataclass(frozen=True, slots=True)
class ListPin:
    """One program's entry on a student's list (None: the list says nothing of it) and the
    list's version, for a page that pins it from elsewhere."""

    entry: ListEntry | None
    version: int

    @property
    def pinned(self) -> bool:
        return self.entry is not None and self.entry.pinned and not self.entry.excluded


def list_version(student: Student) -> int:
    """The stored version of the student's list (0 before its first edit): one small query,
    for cache keys."""
    version = db.session.scalar(select(WorkingList.version).where(
        WorkingList.student_id == student.id, WorkingList.season == season_of(student)))
    return version or 0


def read_list(student: Student) -> ListState:
    season = season_of(student)
    entries = db.session.scalars(
        select(ListEntry).where(ListEntry.student_id == student.id, ListEntry.season == season)
        .order_by(ListEntry.acgme_id).execution_options(populate_existing=True))
    return ListState(student.id, season, list_version(student),
                     {e.acgme_id: e for e in entries})


def list_edits(student: Student) -> ListEdits:
    return read_list(student).edits


# Line breaks and tabs are text; other control characters (PostgreSQL refuses NUL) are not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _shown(text: str) -> str:
    return _CONTROL.sub("?", text[:40])


def check_changes(changes: Sequence[EntryChange], entries: dict[str, ListEntry],
                  where: Sequence[str] | None = None) -> list[str]:
    """Problems with the changes, each "field: problem", or where `where[i]` says, a format of
    the field such as "row 3, {field}" or "entries[2].{field}". Programs must be in the
    catalog unless the list already names them."""
    problems: list[str] = []
    seen: dict[str, int] = {}

    def say(i: int, field: str, message: str) -> None:
        problems.append(f"{where[i].format(field=field) if where else field}: {message}")

    for i, change in enumerate(changes):
        given = change.given()
        acgme_id = change.acgme_id.strip() if isinstance(change.acgme_id, str) else ""
        if not acgme_id:
            say(i, "acgme_id", "is required")
            continue
        if not PROGRAM_ID.fullmatch(acgme_id):
            say(i, "acgme_id", f'"{_shown(acgme_id)}" is not a program id: up to 32 letters, '
                               'digits, ".", "_" or "-"')
            continue
        if acgme_id in seen:
            say(i, "acgme_id", f"{acgme_id} is named twice; name each program once")
        seen.setdefault(acgme_id, i)
        old = entries.get(acgme_id)
        note = given.get("note")
        if note is not None and len(note) > NOTE_MAX:
            say(i, "note", f"is {len(note)} characters; at most {NOTE_MAX}")
        reason = given.get("exclude_reason")
        if reason is not None and len(reason.strip()) > REASON_MAX:
            say(i, "exclude_reason", f"is {len(reason.strip())} characters; at most {REASON_MAX}")
        for name, text in (("note", note), ("exclude_reason", reason)):
            if text and _CONTROL.search(text):
                say(i, name, "contains a control character; type plain text")
        if given.get("pinned") is True and given.get("excluded") is True:
            say(i, "excluded", "a program cannot be both pinned and excluded")
        if given.get("excluded") is True:
            kept = (reason if reason is not None
                    else old.exclude_reason if old is not None else "")
            if not kept.strip():
                say(i, "exclude_reason", "is required when excluding a program: say why")
    unknown = unknown_programs(a for a in seen if a not in entries)
    for acgme_id in sorted(unknown):
        say(seen[acgme_id], "acgme_id", f"{acgme_id} is not in the catalog")
    return problems


def apply_changes(student: Student, expected_version: int | None,
                  changes: Sequence[EntryChange], *, via: str = "",
                  where: Sequence[str] | None = None) -> ListState:
    """Save `changes` to the student's list, all or none, if it is still at
    `expected_version`. Raises ListError (nothing changed) for bad changes, ListConflict when
    the list moved on. Pinning clears an exclusion; excluding keeps a pin, unused while the
    program is excluded, so that undoing the exclusion restores it. Returns the
    list as saved; the caller commits."""
    state = read_list(student)
    problems = check_changes(changes, state.entries, where)
    if problems:
        raise ListError(problems)
    if expected_version is None:
        raise ListError(["version: required; send the version of the list you read"])
    _take_version(student.id, state.season, expected_version)
    names = program_names(c.acgme_id.strip() for c in changes)
    for change in changes:
        _apply(student, state, change, via, names)
    db.session.flush()
    return read_list(student)


def _take_version(student_id: int, season: int, expected: int) -> None:
    """Move the list's version from `expected` to the next, or raise ListConflict."""
    table = WorkingList.__table__
    if expected == 0:
        db.session.execute(insert_unless_present(table),
                           [{"student_id": student_id, "season": season, "version": 0}])
    moved = db.session.execute(
        update(WorkingList)
        .where(WorkingList.student_id == student_id, WorkingList.season == season,
               WorkingList.version == expected)
        .values(version=WorkingList.version + 1)
        .execution_options(synchronize_session=False))
    if not getattr(moved, "rowcount", 0):
        db.session.rollback()
        current = db.session.scalar(select(WorkingList.version).where(
            WorkingList.student_id == student_id, WorkingList.season == season)) or 0
        raise ListConflict(current)


def program_label(acgme_id: str, names: dict[str, str] | None = None) -> str:
    """The program's name, or its id once the catalog has dropped it."""
    if names is None:
        names = program_names([acgme_id])
    return names.get(acgme_id, acgme_id)


def _apply(student: Student, state: ListState, change: EntryChange, via: str,
           names: dict[str, str]) -> None:
    acgme_id = change.acgme_id.strip()
    entry = state.entries.get(acgme_id)
    if entry is None:
        entry = ListEntry(student_id=student.id, season=state.season, acgme_id=acgme_id,
                          pinned=False, excluded=False, exclude_reason="", note="")
        db.session.add(entry)
        state.entries[acgme_id] = entry
    given = change.given()
    said: list[str] = []
    if given.get("pinned") is not None and given["pinned"] != entry.pinned:
        entry.pinned = given["pinned"]
        said.append("pinned" if entry.pinned else "unpinned")
        if entry.pinned and entry.excluded:
            entry.excluded, entry.exclude_reason = False, ""
            said.append("no longer excluded")
    if "exclude_reason" in given and given.get("excluded") is not False:
        entry.exclude_reason = (given["exclude_reason"] or "").strip()
    if given.get("excluded") is not None and given["excluded"] != entry.excluded:
        entry.excluded = given["excluded"]
        if entry.excluded:
            # The pin is kept so that undoing the exclusion restores it; exclusion wins.
            said.append(f"excluded ({entry.exclude_reason})"
                        + (", pin kept for an undo" if entry.pinned else ""))
        else:
            entry.exclude_reason = ""
            said.append("exclusion undone")
    if "note" in given and (given["note"] or "") != entry.note:
        entry.note = given["note"] or ""
        said.append("note changed" if entry.note else "note removed")
    if "status" in given and given["status"] != entry.status:
        entry.status = given["status"]
        said.append(f"status {entry.status.value}" if entry.status else "status cleared")
    # An entry that says nothing (all undone, or a new one given nothing) is not kept.
    if entry.empty:
        if entry in db.session.new:
            db.session.expunge(entry)
        else:
            db.session.delete(entry)
        del state.entries[acgme_id]
    if not said:
        return
    record("working_list_edited", "student", student.id,
           f"season {state.season}: {_audit_name(acgme_id, names)} " + ", ".join(said)
           + (f" ({via})" if via else ""))


def _audit_name(acgme_id: str, names: dict[str, str]) -> str:
    # The log keeps the id too: two programs may share a name.
    return f"{names[acgme_id]} ({acgme_id})" if acgme_id in names else acgme_id
