"""Bytes -> header and rows of cell text, with file-level problems reported as import errors.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first program row 2.
Blank lines keep their number (a spreadsheet shows them too) but are skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Union

from advisor.catalog.columns import COLUMNS, REQUIRED_COLUMNS
from advisor.catalog.result import ImportResult

Source = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]
# A required column, or a tuple of columns of which the file must have at least one.
Required = Union[str, tuple[str, ...]]

_SAVE_AS_UTF8 = 're-save it as "CSV UTF-8" in your spreadsheet program'


@dataclass(slots=True)
class CsvTable:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, column -> cell)


def read_table(source: Source, result: ImportResult, *, columns: Sequence[str] = COLUMNS,
               required: Sequence[Required] = REQUIRED_COLUMNS,
               row_noun: str = "program") -> CsvTable | None:
    """Parse the file; on a problem that stops reading, record it in `result` and return None.

    `columns`, `required` and `row_noun` describe the file; they default to the catalog's.
    """
    text = _read_text(source, result)
    if text is None:
        return None
    if not text.strip():
        result.add_error("the file is empty; the first row must name the columns")
        return None
    records = csv.reader(io.StringIO(text, newline=""))
    row_number = 0  # the last row read whole, so a parse error is in the next one
    try:
        header = next(records)
        row_number = 1
        names = _check_header(header, result, columns, required)
        if names is None:
            return None
        rows: list[tuple[int, dict[str, str]]] = []
        for row_number, cells in enumerate(records, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(names):
                result.add_error(
                    f"has {len(cells)} cells but the header has {len(names)} columns "
                    "(a comma inside a cell must be in double quotes)", row_number)
                continue
            rows.append((row_number, dict(zip(names, cells))))
    except csv.Error as exc:
        # The parser cannot resynchronise after this, so it is the last error for the file.
        result.add_error(f"the CSV cannot be read past here: {exc}", row_number + 1)
        return None
    if not rows and result.ok:
        result.add_error(f"the file has a header but no {row_noun} rows")
        return None
    return CsvTable(names, rows)


def _read_text(source: Source, result: ImportResult) -> str | None:
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as stream:
            data: bytes | str = stream.read()
    else:
        data = source.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        result.add_error(f"the file is UTF-16 text, not UTF-8; {_SAVE_AS_UTF8}")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        result.add_error(f"the file is not UTF-8 text (the first bad byte is on line {line}); "
                         f"{_SAVE_AS_UTF8}")
        return None


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
