"""Catalog CSV export: the import format, lossless round trips, and the formula guard."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from advisor.catalog import export_catalog, import_catalog
from advisor.catalog.checker import check_row
from advisor.catalog.columns import (
    COLUMNS,
    FORMULA_TRIGGERS,
    guard_formula,
    unguard_formula,
)
from advisor.enums import Specialty
from advisor.extensions import db
from advisor.models import Program

SMALL = Path(__file__).parent / "data" / "programs_small.csv"


def exported() -> str:
    out = io.StringIO(newline="")
    export_catalog(out)
    return out.getvalue()


def exported_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(exported(), newline="")))


def snapshot() -> list[tuple[object, ...]]:
    db.session.expire_all()
    table = Program.__table__
    return [tuple(r) for r in db.session.execute(select(table).order_by(table.c.acgme_id))]


def test_export_writes_the_import_columns_ordered_by_acgme_id(app):
    assert import_catalog(SMALL).ok

    text = exported()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))

    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert [r["acgme_id"] for r in rows] == [
        "1200500002", "1400500001", "1400500003", "1400500004", "1400500005"]
    eastside = rows[1]
    assert (eastside["specialty"], eastside["program_type"], eastside["visa_j1"],
            eastside["visa_h1b"], eastside["img_share"], eastside["positions"]) == (
        "internal_medicine", "county", "yes", "no", "0.55", "42")


def test_unknown_values_export_as_blank_cells_and_zero_as_zero(app):
    assert import_catalog(SMALL).ok

    rows = {r["acgme_id"]: r for r in exported_rows()}

    blank = rows["1200500002"]
    assert all(blank[c] == "" for c in ("institution", "positions", "img_share", "visa_j1",
                                        "visa_h1b", "step2_min", "usce_required", "website"))
    zero = rows["1400500005"]
    assert (zero["img_share"], zero["yog_max_years"], zero["visa_j1"], zero["zip"]) == (
        "0.0", "0", "no", "")


def test_importing_an_export_changes_nothing(app):
    assert import_catalog(SMALL).ok
    before = snapshot()

    result = import_catalog(io.StringIO(exported()))

    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert snapshot() == before


def test_an_export_imports_into_an_empty_catalog_identically(app):
    assert import_catalog(SMALL).ok
    text = exported()
    db.session.execute(Program.__table__.delete())
    db.session.commit()

    assert import_catalog(io.StringIO(text)).created == 5

    assert exported() == text


def test_text_that_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(app):
    assert import_catalog(SMALL).ok

    rows = {r["acgme_id"]: r for r in exported_rows()}

    assert rows["1400500004"]["name"] == "'=HYPERLINK(fictional)"
    assert rows["1400500004"]["institution"] == "'+Plus Hospital"
    assert rows["1400500005"]["name"] == "'-Dash Surgery Prelim (fictional)"
    assert rows["1400500005"]["institution"] == "'@Mention Health"
    assert rows["1400500003"]["name"] == "Harbor Psychiatry, Inc. (fictional)"


def test_tab_and_carriage_return_are_guarded_but_negative_numbers_are_not(app):
    # Written through the ORM: the import would reject these values, older data might not.
    db.session.add(Program(acgme_id="X1", name="\tTabbed", city="\rCarriage", specialty=Specialty.PATHOLOGY,
                           state="CA", positions=-3, img_share=-0.5, step2_min=-1))
    db.session.commit()

    [cells] = exported_rows()

    assert (cells["name"], cells["city"]) == ("'\tTabbed", "'\rCarriage")
    assert (cells["positions"], cells["img_share"], cells["step2_min"]) == ("-3", "-0.5", "-1")


@settings(deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=200)
       .filter(lambda s: s == s.strip() and s != ""))
def test_any_name_survives_export_and_import_and_never_starts_a_formula(name):
    cell = guard_formula(name)
    out = io.StringIO(newline="")
    csv.writer(out).writerow([cell])
    [[read_back]] = csv.reader(io.StringIO(out.getvalue(), newline=""))

    assert not cell.startswith(FORMULA_TRIGGERS)
    assert unguard_formula(read_back) == name
    loaded, problems = check_row({"acgme_id": "A1", "name": read_back, "specialty": "pathology",
                                  "state": "CA"})
    assert problems == [] and loaded["name"] == name


def test_cli_export_to_a_file_round_trips_through_cli_import(runner, tmp_path):
    assert runner.invoke(args=["programs", "import", str(SMALL)]).exit_code == 0
    before = snapshot()
    target = tmp_path / "catalog.csv"

    result = runner.invoke(args=["programs", "export", str(target)])

    assert result.exit_code == 0, result.output
    assert f"Exported 5 programs to {target}." in result.stderr
    data = target.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)  # so spreadsheets read "São José" correctly
    assert "Hôpital São José — Programa" in data.decode("utf-8-sig")

    again = runner.invoke(args=["programs", "import", str(target)])
    assert again.exit_code == 0
    assert "0 were created, 0 were updated, 5 unchanged" in again.stdout
    assert snapshot() == before


def test_cli_export_dash_writes_csv_to_standard_output(runner):
    assert runner.invoke(args=["programs", "import", str(SMALL)]).exit_code == 0

    result = runner.invoke(args=["programs", "export", "-"])

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) == 6
    assert "Exported 5 programs to standard output." in result.stderr


def test_cli_export_of_an_empty_catalog_writes_just_the_header(runner):
    result = runner.invoke(args=["programs", "export", "-"])

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [",".join(COLUMNS)]
