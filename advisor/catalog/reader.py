"""A CSV file -> its header and a stream of rows of cell text, with file-level problems
reported as import errors.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row 2.
Blank lines keep their number (a spreadsheet shows them too) but are skipped.

A first pass checks the encoding, the header and the CSV syntax and counts the rows, stopping
at the row limit; `CsvTable.rows()` and `batches()` then give the rows for the caller's checks.
A file of up to HELD_CELLS cells (a catalog the size of the national one) is parsed once: the
first pass keeps its rows and hands each over once, so they are freed as the caller goes. A
larger file is never held whole, decoded or parsed: it is read again, one row at a time. A
stream that cannot be read twice (standard input) is first copied to a temporary file.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Union, cast

from flask import current_app, has_app_context

from advisor.catalog.columns import COLUMNS, REQUIRED_COLUMNS
from advisor.catalog.result import ImportResult

Source = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]
# A required column, or a tuple of columns of which the file must have at least one.
Required = str | tuple[str, ...]

# The most rows one import takes (ADVISOR_IMPORT_MAX_ROWS): a bad or hostile file must not
# hold a worker for minutes or exhaust the server's memory.
DEFAULT_MAX_ROWS = 50_000
MAX_ROWS_SETTING = "IMPORT_MAX_ROWS"
# A stream that cannot be rewound is copied to a file past this size, to memory below it.
_SPOOL_IN_MEMORY = 1024 * 1024
# The first pass keeps the parsed rows of a file with up to this many cells (about 20 MB of
# Python strings for the 13,000 programs of a full national catalog), so it is not parsed
# again: that second parse was an eighth of a catalog import.
HELD_CELLS = 300_000

_SAVE_AS_UTF8 = 're-save it as "CSV UTF-8" in your spreadsheet program'


def max_rows() -> int:
    """The configured row limit of one import."""
    if not has_app_context():
        return DEFAULT_MAX_ROWS
    return int(current_app.config.get(MAX_ROWS_SETTING) or DEFAULT_MAX_ROWS)


class CsvTable:
    """A checked CSV file: its normalised column names, its row count, and its rows."""

    def __init__(self, opened: _Reopenable, columns: list[str], total: int,
                 result: ImportResult,
                 held: tuple[list[int], list[list[str]]] | None = None) -> None:
        self._opened = opened
        self._result = result
        self._held = held  # the first pass's rows: (row numbers, cells), when kept
        self.columns = columns
        self.total = total  # rows that are not blank, header left out

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(spreadsheet row number, column -> cell) for each row, read as needed. A row with
        the wrong number of cells is recorded as an error in the result and left out."""
        for row_number, cells in self.records():
            problem = self.shape_problem(cells)
            if problem:
                self._result.add_error(problem, row_number)
                continue
            yield row_number, dict(zip(self.columns, cells))

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(spreadsheet row number, cells) for each row that is not blank, read as needed;
        the caller checks the number of cells (`shape_problem`)."""
        for numbers, rows in self.batches(256):
            yield from zip(numbers, rows)

    def batches(self, size: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        """`records` a batch at a time: up to `size` row numbers and their rows' cells."""
        if self._held is not None:
            yield from self._handed_over(size)
            return
        numbers: list[int] = []
        rows: list[list[str]] = []
        with self._opened.text() as text:
            records = csv.reader(text)
            next(records, None)  # the header, checked already
            try:
                for row_number, cells in enumerate(records, start=2):
                    # Blank: no cells, or none but spaces (the first cell decides most rows).
                    if not cells or not cells[0].strip() and not any(map(str.strip, cells)):
                        continue
                    numbers.append(row_number)
                    rows.append(cells)
                    if len(rows) == size:
                        yield numbers, rows
                        numbers, rows = [], []
            except (csv.Error, UnicodeDecodeError):  # only if the file changed since it was checked
                self._result.add_error("the file changed while it was being imported")
        if rows:
            yield numbers, rows

    def _handed_over(self, size: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        """The kept rows, once: each batch is dropped from the table as it is handed over."""
        assert self._held is not None
        numbers, rows = self._held
        self._held = None
        for start in range(0, len(rows), size):
            end = start + size
            batch = rows[start:end]
            rows[start:end] = [[]] * len(batch)
            yield numbers[start:end], batch

    def shape_problem(self, cells: list[str]) -> str | None:
        """What is wrong with a row that has not one cell per column, or None."""
        if len(cells) == len(self.columns):
            return None
        return (f"has {len(cells)} cells but the header has {len(self.columns)} columns "
                "(a comma inside a cell must be in double quotes)")

    def close(self) -> None:
        self._opened.close()

    def __enter__(self) -> CsvTable:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def read_table(source: Source, result: ImportResult, *, columns: Sequence[str] = COLUMNS,
               required: Sequence[Required] = REQUIRED_COLUMNS, row_noun: str = "program",
               limit: int | None = None) -> CsvTable | None:
    """Check the file; on a problem that stops reading, record it in `result` and return None.

    `columns`, `required` and `row_noun` describe the file; they default to the catalog's.
    `limit` is the most rows the file may have (default: `max_rows()`). The caller closes the
    table (it is a context manager).
    """
    limit = limit or max_rows()
    opened = _Reopenable(source)
    try:
        table = _first_pass(opened, result, columns, required, row_noun, limit)
    except BaseException:
        opened.close()
        raise
    if table is None:
        opened.close()
    return table


def _first_pass(opened: _Reopenable, result: ImportResult, known: Sequence[str],
                required: Sequence[Required], row_noun: str, limit: int) -> CsvTable | None:
    if opened.starts_with((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        result.add_error(f"the file is UTF-16 text, not UTF-8; {_SAVE_AS_UTF8}")
        return None
    row_number = 0  # the last row read whole, so a parse error is in the next one
    total = 0
    held_numbers: list[int] = []
    held_rows: list[list[str]] | None = []
    held_cells = 0
    with opened.text() as text:
        records = csv.reader(text)
        try:
            header = next(records, None)
            if header is None or not any(cell.strip() for cell in header):
                if not any(any(cell.strip() for cell in cells) for cells in records):
                    result.add_error("the file is empty; the first row must name the columns")
                    return None
                header = header or []
            row_number = 1
            names = _check_header(header, result, known, required)
            if names is None:
                return None
            for row_number, cells in enumerate(records, start=2):
                if not cells or not cells[0].strip() and not any(map(str.strip, cells)):
                    continue  # a blank row (see CsvTable.batches)
                total += 1
                if total > limit:
                    result.add_error(
                        f"the file has more than {limit:,} {row_noun} rows, the most one "
                        f"import takes; split it into files of up to {limit:,} rows and "
                        "import them one by one")
                    return None
                if held_rows is not None:
                    held_cells += len(cells)
                    if held_cells > HELD_CELLS:
                        held_numbers, held_rows = [], None  # too large: read it again
                    else:
                        held_numbers.append(row_number)
                        held_rows.append(cells)
        except csv.Error as exc:
            # The parser cannot resynchronise after this, so it is the last error for the file.
            result.add_error(f"the CSV cannot be read past here: {exc}", row_number + 1)
            return None
        except UnicodeDecodeError:
            result.add_error(f"the file is not UTF-8 text (the first bad byte is on line "
                             f"{opened.first_bad_line()}); {_SAVE_AS_UTF8}")
            return None
    if total == 0:
        result.add_error(f"the file has a header but no {row_noun} rows")
        return None
    held = (held_numbers, held_rows) if held_rows is not None else None
    return CsvTable(opened, names, total, result, held)


class _Reopenable:
    """The source, readable from its start as many times as needed, as text."""

    def __init__(self, source: Source) -> None:
        self._path: str | os.PathLike[str] | None = None
        self._stream: IO[bytes] | IO[str] | None = None
        self._spool: IO[bytes] | IO[str] | None = None
        self._start = 0
        self._is_text = False
        if isinstance(source, (str, os.PathLike)):
            self._path = source
            return
        self._is_text = isinstance(source.read(0), str)
        if source.seekable():
            self._stream, self._start = source, source.tell()
        else:
            self._spool = self._stream = _spooled(source, self._is_text)

    def starts_with(self, prefixes: tuple[bytes, ...]) -> bool:
        if self._is_text:
            return False
        with self._binary() as stream:
            return stream.read(4).startswith(prefixes)

    @contextmanager
    def text(self) -> Iterator[Iterator[str]]:
        if self._is_text:
            text = cast(IO[str], self._stream)
            text.seek(self._start)
            yield _without_bom(text)
            return
        with self._binary() as stream:
            wrapper = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
            try:
                yield wrapper
            finally:
                wrapper.detach()  # leaves the caller's stream open

    def first_bad_line(self) -> int:
        """The line (counting line feeds, as editors do) of the first byte that is not UTF-8."""
        with self._binary() as stream:
            for number, line in enumerate(stream, start=1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    return number
        return 1

    @contextmanager
    def _binary(self) -> Iterator[IO[bytes]]:
        if self._path is not None:
            with open(self._path, "rb") as stream:
                yield stream
            return
        given = cast(IO[bytes], self._stream)  # a binary stream: text ones never get here
        given.seek(self._start)
        yield given

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None


def _spooled(source: IO[bytes] | IO[str], is_text: bool) -> IO[bytes] | IO[str]:
    spool: IO[bytes] | IO[str]
    if is_text:
        spool = tempfile.SpooledTemporaryFile(_SPOOL_IN_MEMORY, mode="w+", newline="",
                                              encoding="utf-8")
    else:
        spool = tempfile.SpooledTemporaryFile(_SPOOL_IN_MEMORY, mode="w+b")
    while chunk := source.read(64 * 1024):
        spool.write(chunk)  # type: ignore[arg-type]  # both text or both bytes, as is_text says
    spool.seek(0)
    return spool


def _without_bom(text: IO[str]) -> Iterator[str]:
    lines = iter(text)
    first = next(lines, None)
    if first is not None:
        yield first.removeprefix("\ufeff")
    yield from lines


def _check_header(header: list[str], result: ImportResult, known: Sequence[str],
                  required: Sequence[Required]) -> list[str] | None:
    """The normalised column names, or None after recording what is wrong with them."""
    columns = [name.strip().lower() for name in header]
    problems: list[str] = []
    unnamed = [str(i) for i, name in enumerate(columns, start=1) if not name]
    if unnamed:
        problems.append(f"column {', '.join(unnamed)} has no name; name it or delete it")
    duplicated = sorted({name for name in columns if name and columns.count(name) > 1},
                        key=columns.index)
    if duplicated:
        problems.append(f"duplicated columns: {', '.join(duplicated)}")
    unknown = [name for name in dict.fromkeys(columns) if name and name not in known]
    if unknown:
        hint = ""
        if len(header) == 1 and ";" in header[0]:
            hint = " (the file seems to use semicolons; save it with commas between cells)"
        problems.append(f"unknown columns: {', '.join(unknown)}{hint}; "
                        f"the columns are: {','.join(known)}")
    missing = [" or ".join(_choices(need)) for need in required
               if not any(name in columns for name in _choices(need))]
    if missing:
        problems.append(f"missing required columns: {', '.join(missing)}")
    for problem in problems:
        result.add_error(problem, row=1)
    return None if problems else columns


def _choices(need: Required) -> tuple[str, ...]:
    return (need,) if isinstance(need, str) else need
