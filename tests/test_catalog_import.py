"""Catalog CSV import: every error path, all-or-nothing writes, upserts, and the CLI."""

from __future__ import annotations

import codecs
import csv
import io
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from advisor.catalog import import_catalog
from advisor.catalog.checker import check_row
from advisor.catalog.columns import COLUMNS
from advisor.catalog.reader import read_table
from advisor.catalog.result import ImportResult
from advisor.extensions import db
from advisor.geo import zips_in
from advisor.models import Program, current_catalog_revision

SMALL = Path(__file__).parent / "data" / "programs_small.csv"

GOOD: dict[str, str] = {
    "acgme_id": "9900000001", "name": "Westside Internal Medicine (fictional)",
    "institution": "Westside Hospital", "specialty": "internal_medicine", "city": "Los Angeles",
    "state": "CA", "zip": "90033", "program_type": "community", "positions": "20",
    "img_share": "0.6", "us_img_share": "0.2", "non_us_img_share": "0.4", "visa_j1": "yes",
    "visa_h1b": "no", "step2_min": "215", "step2_median": "228", "yog_max_years": "5",
    "attempts_max": "2", "usce_required": "yes", "new_program": "no",
    "website": "https://example.org/westside",
}


def row(number: int = 1, **cells: str) -> dict[str, str]:
    return {**GOOD, "acgme_id": f"99{number:08d}", **cells}


def csv_bytes(rows: list[dict[str, str]], columns: list[str] | tuple[str, ...] = COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for cells in rows:
        writer.writerow([cells.get(column, "") for column in columns])
    return out.getvalue().encode()


def import_rows(rows: list[dict[str, str]], **kwargs: Any):  # type: ignore[no-untyped-def]
    return import_catalog(io.BytesIO(csv_bytes(rows)), **kwargs)


def program(acgme_id: str) -> Program | None:
    return db.session.scalar(select(Program).where(Program.acgme_id == acgme_id))


def program_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Program)) or 0


def snapshot() -> list[tuple[Any, ...]]:
    """Every stored column of every program, to prove a failed import touched nothing."""
    db.session.expire_all()
    table = Program.__table__
    return [tuple(r) for r in db.session.execute(select(table).order_by(table.c.acgme_id))]


# --- cell errors --------------------------------------------------------------------------

@pytest.mark.parametrize(("column", "cell", "message"), [
    ("step2_min", "2OO", '"2OO" is not a whole number'),
    ("step2_min", "230.5", '"230.5" is not a whole number'),
    ("step2_min", "9" * 30, f'"{"9" * 30}" is not a whole number'),
    ("step2_median", "301", "301 is out of range: must be 1 to 300"),
    ("positions", "-1", "-1 is out of range: must be 0 to 1000"),
    ("attempts_max", "0", "0 is out of range: must be 1 to 10"),
    ("yog_max_years", "²", '"²" is not a whole number'),
    ("specialty", "IM", '"IM" is not one of: internal_medicine, family_medicine'),
    ("program_type", "private", '"private" is not one of: academic, university_affiliated'),
    ("img_share", "1.5", "1.5 is out of range: must be 0 to 1"),
    ("img_share", "45%", '"45%" is not a number'),
    ("us_img_share", "-0.1", "-0.1 is out of range: must be 0 to 1"),
    ("non_us_img_share", "nan", '"nan" is not a finite number'),
    ("visa_j1", "maybe", '"maybe" is not "yes" or "no"'),
    ("usce_required", "Y", '"Y" is not "yes" or "no"'),
    ("zip", "9003", '"9003" is not a 5-digit ZIP code'),
    ("zip", "00000", '"00000" is not a known US ZIP code'),
    ("zip", "10001", "10001 is in NY, not CA"),
    ("state", "XX", '"XX" is not a US state code such as CA or NY'),
    ("acgme_id", "", "must not be blank"),
    ("acgme_id", "id with spaces", '"id with spaces" is not a program id'),
    ("name", "   ", "must not be blank"),
    ("specialty", "", "must not be blank"),
    ("state", "", "must not be blank"),
    ("name", "x" * 201, "is longer than 200 characters"),
    ("name", "bad\x00name", "contains a control character"),
    ("website", "javascript:alert(1)", "is not a web address starting with http:// or https://"),
    ("step2_min", "240", None),  # above the median: reported on step2_median
])
def test_a_bad_cell_names_row_column_and_problem_and_nothing_is_written(app, column, cell, message):
    result = import_rows([row(1), row(2, **{column: cell})])

    assert not result.ok
    if message is None:
        assert result.error_lines() == ["row 3, step2_median: 228 is below step2_min (240)"]
    else:
        [line] = result.error_lines()
        assert line.startswith(f"row 3, {column}: {message}")
    assert program_count() == 0


def test_the_parts_of_the_img_share_must_fit_in_the_whole(app):
    result = import_rows([row(img_share="0.3", us_img_share="0.2", non_us_img_share="0.2")])

    assert result.error_lines() == [
        "row 2, non_us_img_share: us_img_share + non_us_img_share (0.4) is more than img_share (0.3)"
    ]
    # Rounded figures within the tolerance pass.
    assert import_rows([row(img_share="0.6", us_img_share="0.21", non_us_img_share="0.4")]).ok


def test_every_error_of_every_row_is_reported_in_row_and_column_order(app):
    result = import_rows([row(1, visa_h1b="maybe", step2_min="abc"), row(2), row(3, state="ZZ")])

    assert result.error_lines() == [
        'row 2, visa_h1b: "maybe" is not "yes" or "no"',
        'row 2, step2_min: "abc" is not a whole number',
        'row 4, state: "ZZ" is not a US state code such as CA or NY',
    ]


def test_cell_errors_misshaped_rows_and_repeated_ids_are_listed_in_row_order(app):
    data = (csv_bytes([row(1, step2_min="2OO"), row(2)])
            + b"9900000003,Unquoted, comma" + b"," * 19 + b"\r\n"
            + csv_bytes([row(4, visa_j1="si"), row(1, name="Again")]).split(b"\r\n", 1)[1])

    assert import_catalog(io.BytesIO(data)).error_lines() == [
        'row 2, step2_min: "2OO" is not a whole number',
        "row 4: has 22 cells but the header has 21 columns "
        "(a comma inside a cell must be in double quotes)",
        'row 5, visa_j1: "si" is not "yes" or "no"',
        'row 6, acgme_id: "9900000001" is also in row 2',
    ]


def test_errors_far_into_a_long_file_name_their_own_rows(app):
    rows = [row(i) for i in range(1, 1201)]
    rows[1000] = {**rows[1000], "zip": "10001"}
    rows[1150] = {**rows[1150], "acgme_id": rows[3]["acgme_id"]}

    assert import_rows(rows).error_lines() == [
        "row 1002, zip: 10001 is in NY, not CA",
        'row 1152, acgme_id: "9900000004" is also in row 5',
    ]
    assert program_count() == 0


def test_too_many_errors_are_capped_with_a_count_of_the_rest(app):
    result = import_rows([row(i, positions="many") for i in range(1, 151)])

    lines = result.error_lines()
    assert result.error_count == 150
    assert len(lines) == 101
    assert lines[0] == 'row 2, positions: "many" is not a whole number'
    assert lines[-1] == "... and 50 more"


@settings(deadline=None)  # the first example builds the ZIP index
@given(st.sampled_from(COLUMNS), st.text(max_size=300))
def test_any_cell_text_is_accepted_or_reported_never_a_crash(column, cell):
    values, problems = check_row({**GOOD, column: cell})

    assert {name for name, _ in problems} <= set(COLUMNS)
    if not problems:
        assert values[column] is None if not cell.strip() else values[column] is not None


@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_reported_never_a_crash(data):
    result = ImportResult()

    table = read_table(io.BytesIO(data), result)

    assert table is not None or result.error_lines()


# --- file errors --------------------------------------------------------------------------

def test_a_program_id_twice_in_the_file_names_both_rows(app):
    result = import_rows([row(1), row(2), row(1, name="Again")])

    assert result.error_lines() == ['row 4, acgme_id: "9900000001" is also in row 2']
    assert program_count() == 0


def test_missing_required_columns_are_named(app):
    columns = [c for c in COLUMNS if c not in ("state", "specialty")]
    result = import_catalog(io.BytesIO(csv_bytes([row()], columns)))

    assert result.error_lines() == ["row 1: missing required columns: specialty, state"]


def test_unknown_columns_are_named(app):
    result = import_catalog(io.BytesIO(csv_bytes([row()], [*COLUMNS, "notes", "Fax"])))

    [line] = result.error_lines()
    assert line.startswith("row 1: unknown columns: notes, fax; the columns are: acgme_id,name,")


def test_duplicated_columns_are_named(app):
    result = import_catalog(io.BytesIO(csv_bytes([row()], [*COLUMNS, "city"])))

    assert result.error_lines() == ["row 1: duplicated columns: city"]


def test_a_header_cell_without_a_name_is_an_error(app):
    result = import_catalog(io.BytesIO(csv_bytes([row()], [*COLUMNS, ""])))

    assert result.error_lines() == ["row 1: column 22 has no name; name it or delete it"]


def test_a_semicolon_separated_file_gets_a_hint(app):
    data = ";".join(COLUMNS).encode() + b"\n" + ";".join(GOOD.values()).encode() + b"\n"

    unknown, missing = import_catalog(io.BytesIO(data)).error_lines()
    assert "(the file seems to use semicolons; save it with commas between cells)" in unknown
    assert missing == "row 1: missing required columns: acgme_id, name, specialty, state"


def test_a_row_with_too_many_cells_is_an_error(app):
    data = csv_bytes([row(1)]) + b"9900000002,Unquoted, comma" + b"," * 19 + b"\r\n"

    assert import_catalog(io.BytesIO(data)).error_lines() == [
        "row 3: has 22 cells but the header has 21 columns "
        "(a comma inside a cell must be in double quotes)"
    ]
    assert program_count() == 0


def test_a_file_that_is_not_utf8_is_refused_with_advice(app):
    data = csv_bytes([row(1), row(2, name="Hôpital Saint-Luc")]).decode().encode("latin-1")

    result = import_catalog(io.BytesIO(data))

    assert result.error_lines() == [
        'the file is not UTF-8 text (the first bad byte is on line 3); '
        're-save it as "CSV UTF-8" in your spreadsheet program'
    ]
    assert program_count() == 0


def test_a_utf16_file_is_refused_with_advice(app):
    data = codecs.BOM_UTF16_LE + csv_bytes([row()]).decode().encode("utf-16-le")

    [line] = import_catalog(io.BytesIO(data)).error_lines()
    assert line.startswith("the file is UTF-16 text, not UTF-8")


def test_a_utf8_byte_order_mark_is_accepted(app):
    result = import_catalog(io.BytesIO(codecs.BOM_UTF8 + csv_bytes([row(name="Clínica (fictional)")])))

    assert result.ok, result.error_lines()
    assert program("9900000001").name == "Clínica (fictional)"


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\r\n"])
def test_an_empty_file_is_an_error(app, data):
    assert import_catalog(io.BytesIO(data)).error_lines() == [
        "the file is empty; the first row must name the columns"
    ]


def test_a_header_without_rows_is_an_error(app):
    assert import_catalog(io.BytesIO(csv_bytes([]))).error_lines() == [
        "the file has a header but no program rows"
    ]


def test_a_cell_too_large_to_parse_stops_with_an_error_not_a_crash(app):
    data = csv_bytes([row(1)]) + b'9900000002,"' + b"x" * 200_000 + b'"\r\n'

    [line] = import_catalog(io.BytesIO(data)).error_lines()
    assert line.startswith("row 3: the CSV cannot be read past here:")
    assert program_count() == 0


def test_blank_lines_are_skipped_but_keep_their_row_number(app):
    data = csv_bytes([row(1)]) + b"\r\n,,,,,,,,,,,,,,,,,,,,\r\n" + csv_bytes([row(2, zip="bad")]).split(b"\r\n", 1)[1]

    assert import_catalog(io.BytesIO(data)).error_lines() == [
        'row 5, zip: "bad" is not a 5-digit ZIP code'
    ]


# --- writing ------------------------------------------------------------------------------

def test_one_bad_row_in_fifty_writes_nothing_and_leaves_prior_data_as_it_was(app):
    assert import_catalog(SMALL).ok
    before, revision = snapshot(), current_catalog_revision(db.session)
    rows = [row(i) for i in range(1, 51)]
    rows[0] = {**rows[0], "acgme_id": "1400500001", "name": "Renamed"}  # an update
    rows[35] = {**rows[35], "step2_min": "2OO"}

    result = import_rows(rows)

    assert result.error_lines() == ['row 37, step2_min: "2OO" is not a whole number']
    assert (result.created, result.updated) == (0, 0)
    assert snapshot() == before
    assert current_catalog_revision(db.session) == revision


def test_a_blank_cell_is_stored_as_unknown_not_as_no_or_zero(app):
    assert import_catalog(SMALL).ok

    blank = program("1200500002")
    assert blank.visa_j1 is None and blank.visa_h1b is None and blank.usce_required is None
    assert blank.positions is None and blank.img_share is None and blank.step2_min is None
    assert blank.institution is None and blank.website is None
    stated = program("1400500001")
    assert stated.visa_j1 is True and stated.visa_h1b is False and stated.usce_required is True
    zero = program("1400500005")
    assert zero.img_share == 0.0 and zero.yog_max_years == 0 and zero.visa_j1 is False


def test_values_are_stored_typed(app):
    assert import_catalog(SMALL).ok

    eastside = program("1400500001")
    assert eastside.specialty.value == "internal_medicine"
    assert eastside.program_type.value == "county"
    assert (eastside.positions, eastside.img_share, eastside.step2_median) == (42, 0.55, 232)
    assert program("1400500003").institution == "Hôpital São José — Programa"


def test_county_is_derived_from_the_zip(app):
    assert import_catalog(SMALL).ok

    assert program("1400500001").county == "Los Angeles County"
    houston = program("1400500003")
    assert (houston.zip, houston.county) == ("77030", "Harris County")  # ZIP+4 cut to 5
    assert program("1400500005").county is None  # no ZIP given

    assert import_rows([row(1, zip="10016", state="NY")]).ok
    assert import_rows([row(1, zip="60612", state="IL")]).ok
    assert program("9900000001").county == "Cook County"


def test_reimporting_updates_by_acgme_id_instead_of_duplicating(app):
    first = import_catalog(SMALL)
    assert (first.created, first.updated, first.unchanged) == (5, 0, 0)
    revision = current_catalog_revision(db.session)

    again = import_catalog(SMALL)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert current_catalog_revision(db.session) == revision  # nothing changed, caches stay

    text = SMALL.read_text(encoding="utf-8").replace("Eastside Internal Medicine", "Eastside IM")
    changed = import_catalog(io.StringIO(text + "1400500099,New One (fictional),,pathology,,WA,,,,,,,,,,,,,,,\n"))
    assert (changed.created, changed.updated, changed.unchanged) == (1, 1, 4)
    assert program_count() == 6
    assert program("1400500001").name == "Eastside IM (fictional)"
    assert current_catalog_revision(db.session) == revision + 1


def test_a_blank_cell_on_reimport_makes_a_known_value_unknown(app):
    assert import_rows([row(1, visa_j1="yes", zip="90033")]).ok

    assert import_rows([row(1, visa_j1="", zip="")]).ok

    stored = program("9900000001")
    assert stored.visa_j1 is None
    assert stored.county is None


def test_a_column_left_out_of_the_file_leaves_existing_values_alone(app):
    assert import_rows([row(1, visa_j1="yes", step2_min="215")]).ok
    columns = [c for c in COLUMNS if c not in ("visa_j1", "step2_min", "zip")]

    result = import_catalog(io.BytesIO(csv_bytes([row(1, name="Renamed"), row(2)], columns)))

    assert (result.created, result.updated) == (1, 1)
    kept, new = program("9900000001"), program("9900000002")
    assert (kept.name, kept.visa_j1, kept.step2_min, kept.county) == ("Renamed", True, 215, "Los Angeles County")
    assert (new.visa_j1, new.step2_min, new.zip) == (None, None, None)


def test_a_formula_guard_apostrophe_from_an_export_is_removed(app):
    assert import_rows([row(name="'=SUM(1) (fictional)", city="'-Dash")]).ok

    stored = program("9900000001")
    assert (stored.name, stored.city) == ("=SUM(1) (fictional)", "-Dash")


def test_dry_run_counts_but_writes_nothing(app):
    result = import_catalog(SMALL, dry_run=True)

    assert result.ok and (result.created, result.rows) == (5, 5)
    assert "Dry run" in result.summary()
    assert program_count() == 0


def test_a_text_stream_and_a_path_are_both_accepted(app):
    assert import_catalog(io.StringIO(SMALL.read_text(encoding="utf-8"))).created == 5
    assert import_catalog(str(SMALL)).unchanged == 5


def test_progress_reports_checked_rows_up_to_the_total(app):
    calls: list[tuple[int, int]] = []

    assert import_rows([row(i) for i in range(1, 601)], progress=lambda *a: calls.append(a)).ok

    assert calls[-1] == (600, 600)
    assert len(calls) > 1 and all(total == 600 for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


@pytest.mark.slow
def test_thirteen_thousand_rows_import_in_a_few_seconds(app):
    places = [p for p in zips_in("NY") if p.county][:500]
    rows = [row(i, state="NY", zip=places[i % len(places)].zip, visa_h1b=("", "yes", "no")[i % 3])
            for i in range(13_000)]
    data = csv_bytes(rows)

    started = time.perf_counter()
    result = import_catalog(io.BytesIO(data))
    elapsed = time.perf_counter() - started

    assert result.ok and result.created == 13_000
    assert program_count() == 13_000
    print(f"13,000 rows imported in {elapsed:.2f}s")
    assert elapsed < 20, f"13,000 rows took {elapsed:.1f}s"


# --- CLI ----------------------------------------------------------------------------------

def test_cli_import_prints_a_summary(runner):
    result = runner.invoke(args=["programs", "import", str(SMALL)])

    assert result.exit_code == 0, result.output
    assert "5 programs read: 5 were created, 0 were updated, 0 unchanged." in result.stdout
    assert "Checking rows" not in result.output  # no progress bar when not on a terminal
    assert program_count() == 5


def test_cli_import_of_a_bad_file_lists_every_error_and_exits_1(runner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row(1, step2_min="2OO"), row(2), row(3, visa_j1="si")]))

    result = runner.invoke(args=["programs", "import", str(bad)])

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'row 2, step2_min: "2OO" is not a whole number',
        'row 4, visa_j1: "si" is not "yes" or "no"',
        "Nothing was imported: 2 errors in the file.",
    ]
    assert program_count() == 0


def test_cli_dry_run_writes_nothing(runner):
    result = runner.invoke(args=["programs", "import", "--dry-run", str(SMALL)])

    assert result.exit_code == 0
    assert "5 would be created" in result.stdout and "nothing was written" in result.stdout
    assert program_count() == 0


def test_cli_import_reads_standard_input(runner):
    result = runner.invoke(args=["programs", "import", "-"], input=SMALL.read_bytes())

    assert result.exit_code == 0, result.output
    assert program_count() == 5


def test_cli_import_help_states_the_row_convention_and_columns(runner):
    help_text = " ".join(runner.invoke(args=["programs", "import", "--help"]).output.split())

    assert "counting the header as row 1" in help_text
    assert "acgme_id, name, specialty, state must not be blank" in help_text


# --- the row limit and reading as a stream -----------------------------------------------

class CountingStream(io.RawIOBase):
    """A file that counts the bytes read from it and, optionally, cannot be rewound (as
    standard input)."""

    def __init__(self, data: bytes, seekable: bool = True) -> None:
        self._data = io.BytesIO(data)
        self._seekable = seekable
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._seekable

    def seek(self, offset: int, whence: int = 0) -> int:
        if not self._seekable:
            raise io.UnsupportedOperation("seek")
        return self._data.seek(offset, whence)

    def tell(self) -> int:
        return self._data.tell()

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        chunk = self._data.read(len(buffer))
        buffer[:len(chunk)] = chunk
        self.read_bytes += len(chunk)
        return len(chunk)


def test_a_file_over_the_row_limit_is_refused_without_reading_it_all(app):
    app.config["IMPORT_MAX_ROWS"] = 100
    data = csv_bytes([row(n) for n in range(20_000)])
    stream = CountingStream(data)
    result = import_catalog(io.BufferedReader(stream))
    assert result.error_lines() == [
        "the file has more than 100 program rows, the most one import takes; split it into "
        "files of up to 100 rows and import them one by one"]
    assert program_count() == 0
    # It stopped soon after the limit instead of reading (let alone parsing) the whole file.
    assert stream.read_bytes < len(data) // 10

    assert import_rows([row(n) for n in range(100)]).ok
    assert program_count() == 100


def test_the_row_limit_defaults_to_fifty_thousand(app):
    assert app.config["IMPORT_MAX_ROWS"] == 50_000


def test_a_stream_that_cannot_be_rewound_is_imported(app):
    stream = CountingStream(csv_bytes([row(1), row(2)]), seekable=False)
    result = import_catalog(io.BufferedReader(stream))
    assert result.ok, result.error_lines()
    assert program_count() == 2


def test_a_catalog_within_the_held_size_is_read_once(app):
    data = csv_bytes([row(n) for n in range(1, 201)])
    stream = CountingStream(data)

    assert import_catalog(io.BufferedReader(stream)).created == 200
    assert stream.read_bytes == len(data)


def test_a_file_over_the_held_size_is_read_again_and_imported_whole(app, monkeypatch):
    from advisor.catalog import reader

    monkeypatch.setattr(reader, "HELD_CELLS", 21 * 50)
    data = csv_bytes([row(n) for n in range(1, 201)])
    stream = CountingStream(data)

    result = import_catalog(io.BufferedReader(stream))

    assert (result.ok, result.created) == (True, 200)
    assert stream.read_bytes == 2 * len(data)
    assert program("9900000200").county == "Los Angeles County"


def test_after_the_first_bad_row_no_checked_rows_are_kept(app, monkeypatch):
    """A bad file's checked rows are never written, so they are not held while the rest of
    the file is checked: memory stays flat however long the file is."""
    from advisor.catalog import importer

    kept: list[int] = []
    real_validate = importer._validate

    def watching(*args):  # type: ignore[no-untyped-def]
        valid = real_validate(*args)
        kept.append(len(valid))
        return valid

    monkeypatch.setattr(importer, "_validate", watching)
    rows = [row(n) for n in range(50)]
    rows[1]["step2_min"] = "2OO"
    assert not import_rows(rows).ok
    assert kept == [0]
