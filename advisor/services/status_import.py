"""Application statuses for one student's working list from a CSV file (acgme_id,status):
every row checked, then all of them saved or none.

Rows are numbered as a spreadsheet shows them: the header is row 1. A status is its code
("not_invited") or its label on the page ("Not invited"), in any case, with spaces or
underscores; an empty status (or "Not applied yet") clears one. The file is one more edit of
the list, under the version the upload form read.

A row may name a program in the catalog that the recommended list does not hold (the student
applied there anyway): it is imported like the others, since the office tracks every
application, and the result names it so the counsellor can check it was meant.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.catalog.reader import Source, read_table
from advisor.catalog.result import ImportResult
from advisor.enums import ApplicationStatus
from advisor.models import Student
from advisor.profile_schema import ProfileError
from advisor.services.audit import record
from advisor.services.programs import program_names
from advisor.services.student_assessment import assess_student
from advisor.services.working_list import (
    EntryChange, ListError, apply_changes, check_changes, read_list,
)

COLUMNS = ("acgme_id", "status")
# Most students apply to 50 to 150 programs; a file far longer is the wrong file.
MAX_STATUS_ROWS = 1000
NOT_APPLIED = "not_applied_yet"


def _words(text: str) -> str:
    return "_".join(text.strip().lower().replace("_", " ").split())


# Each status by its code and by its label as the page shows it, in one spelling.
_STATUS_WORDS = {**{_words(s.label): s for s in ApplicationStatus},
                 **{s.value: s for s in ApplicationStatus}}


def parse_status(text: str) -> ApplicationStatus | None:
    """The status a cell names (None: not applied yet). Raises ValueError for anything else."""
    words = _words(text)
    if not words or words == NOT_APPLIED:
        return None
    if words not in _STATUS_WORDS:
        raise ValueError(f"not a status: {text!r}")
    return _STATUS_WORDS[words]


@dataclass(frozen=True, slots=True)
class StatusImport:
    """What a file imported: its row count, and the programs it named that the student's
    recommended list does not hold, as (ACGME id, name)."""

    count: int
    off_list: list[tuple[str, str]]


def import_statuses(student: Student, expected_version: int | None,
                    source: Source) -> StatusImport:
    """Set the statuses the file gives. Raises ListError naming every bad row (row number,
    field, problem) or the file's own problem, ListConflict when the list changed since the
    form was read. The caller commits."""
    result = ImportResult()
    table = read_table(source, result, columns=COLUMNS, required=COLUMNS, row_noun="status",
                       limit=MAX_STATUS_ROWS)
    if table is None:
        raise ListError(result.error_lines())
    changes: list[EntryChange] = []
    where: list[str] = []
    with table:
        for number, cells in table.rows():
            acgme_id = cells["acgme_id"].strip()
            try:
                status = parse_status(cells["status"])
            except ValueError:
                result.add_error(f'"{cells["status"].strip()[:40]}" is not one of: '
                                 + ", ".join(s.label for s in ApplicationStatus)
                                 + " (or their codes, such as not_invited; or empty: not "
                                   "applied yet)", number, "status")
                continue
            changes.append(EntryChange(acgme_id, status=status))
            where.append(f"row {number}, {{field}}")
    # Every bad row is named at once: the bad cells, then the programs (unknown, repeated).
    problems = [(issue.row or 0, str(issue)) for issue in result.errors]
    checked = check_changes(changes, read_list(student).entries, where)
    problems += [(int(line.split(",", 1)[0].removeprefix("row ")), line) for line in checked]
    if problems:
        raise ListError([line for _, line in sorted(problems, key=lambda p: p[0])])
    if not changes:
        raise ListError(["file: has no rows; put one program a row under the header "
                         "acgme_id,status"])
    # Problems of the rows that parsed (unknown programs, repeats) are named by their row too.
    apply_changes(student, expected_version, changes, via="CSV import", where=where)
    record("working_list_statuses_imported", "student", student.id,
           f"{len(changes)} statuses from a CSV file")
    return StatusImport(len(changes), _off_list([c.acgme_id.strip() for c in changes], student))


def _off_list(acgme_ids: list[str], student: Student) -> list[tuple[str, str]]:
    try:
        listed = {e.program.acgme_id for e in assess_student(student)[0].plan.entries}
    except ProfileError:  # no list to compare with until the profile is corrected
        return []
    names = program_names(acgme_ids)
    return [(a, names.get(a, a)) for a in sorted(acgme_ids, key=lambda a: (names.get(a, a), a))
            if a not in listed]
