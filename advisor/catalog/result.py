"""What an import reports back: counts, and errors that name their row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

# Past this many, a bad file (say, the wrong export pasted in) would bury the first, useful
# errors; the rest are counted instead.
MAX_REPORTED_ERRORS = 100


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem. Rows count as in a spreadsheet: the header is row 1."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.column}: {self.message}" if self.column else self.message
        if self.column is None:
            return f"row {self.row}: {self.message}"
        return f"row {self.row}, {self.column}: {self.message}"


@dataclass(slots=True)
class ImportResult:
    # What a row is, for summary(); other imports built on this one subclass and change it.
    NOUN: ClassVar[str] = "programs"
    NOUN_ONE: ClassVar[str] = "program"

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[ImportIssue] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(ImportIssue(message, row, column))

    def error_lines(self) -> list[str]:
        lines = [str(issue) for issue in self.errors]
        if self.error_count > len(self.errors):
            lines.append(f"... and {self.error_count - len(self.errors)} more")
        return lines

    def summary(self) -> str:
        if not self.ok:
            return (f"Nothing was imported: {self.error_count} "
                    f"error{'s' if self.error_count != 1 else ''} in the file.")
        def counted(n: int) -> str:
            return f"{n} {'would be' if self.dry_run else 'was' if n == 1 else 'were'}"

        return (f"{self.rows} {self.NOUN_ONE if self.rows == 1 else self.NOUN} read: "
                f"{counted(self.created)} created, {counted(self.updated)} updated, "
                f"{self.unchanged} unchanged."
                + (" Dry run: nothing was written." if self.dry_run else ""))
