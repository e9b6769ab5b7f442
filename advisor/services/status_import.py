"""Application statuses for one student's working list from a CSV file (acgme_id,status):
every row checked, then all of them saved or none.

Rows are numbered as a spreadsheet shows them: the header is row 1. An empty status clears
one (not applied yet). The file is one more edit of the list, under the version the upload
form read.
"""

from __future__ import annotations

from advisor.catalog.reader import Source, read_table
from advisor.catalog.result import ImportResult
from advisor.enums import ApplicationStatus
from advisor.models import Student
from advisor.services.audit import record
from advisor.services.working_list import (
    EntryChange, ListError, apply_changes, check_changes, read_list,
)

COLUMNS = ("acgme_id", "status")
# Most students apply to 50 to 150 programs; a file far longer is the wrong file.
MAX_STATUS_ROWS = 1000


def import_statuses(student: Student, expected_version: int | None, source: Source) -> int:
    """Set the statuses the file gives. Raises ListError naming every bad row (row number,
    field, problem) or the file's own problem, ListConflict when the list changed since the
    form was read. Returns the number of rows; the caller commits."""
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
            code = cells["status"].strip().lower()
            status: ApplicationStatus | None = None
            if code:
                try:
                    status = ApplicationStatus(code)
                except ValueError:
                    result.add_error(f'"{cells["status"].strip()[:40]}" is not one of: '
                                     + ", ".join(ApplicationStatus.codes())
                                     + " (or empty: not applied yet)", number, "status")
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
    return len(changes)
