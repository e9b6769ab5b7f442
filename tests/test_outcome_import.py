"""Alumni outcomes CSV: checks that name row and column, all-or-nothing writes, upserts that
keep profile snapshots, export round trips, and the CLI."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from advisor.extensions import db
from advisor.models import AuditEntry, Outcome, Program, Student
from advisor.profile_schema import parse_profile
from advisor.pytest_plugin import BASE_PROGRAM
from advisor.services.outcome_import import export_outcomes, import_outcomes
from advisor.services.outcome_rows import COLUMNS
from advisor.services.students import create_student, delete_student, profile_from_student

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "data" / "outcomes_example.csv"
DOCS = ROOT / "docs" / "outcomes-csv.md"
P1, P2, P3 = "9900000001", "9900000002", "9900000003"


def add_student(name: str, score: int = 225) -> Student:
    student = create_student(parse_profile({
        "name": name, "citizenship": "non_us", "visa_needed": "j1",
        "step1": {"result": "pass", "attempts": 1}, "step2ck": {"score": score, "attempts": 1},
        "step3": {}, "graduation_year": 2022, "specialty": "internal_medicine",
    }))
    db.session.commit()
    return student


@pytest.fixture
def catalog(app) -> None:  # type: ignore[no-untyped-def]
    for n, acgme_id in enumerate((P1, P2, P3), start=1):
        db.session.add(Program(**{**BASE_PROGRAM, "acgme_id": acgme_id,
                                  "name": f"Program {n} (fictional)"}))
    db.session.commit()


@pytest.fixture
def ana(catalog) -> Student:  # type: ignore[no-untyped-def]
    return add_student("Ana Lopez", 225)


@pytest.fixture
def omar(catalog) -> Student:  # type: ignore[no-untyped-def]
    return add_student("Omar Haddad", 240)


def csv_bytes(rows: list[dict[str, Any]], columns: tuple[str, ...] | list[str] = COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for cells in rows:
        writer.writerow([cells.get(column, "") for column in columns])
    return out.getvalue().encode()


def line(student: Student | None = None, acgme_id: str = P1, season: Any = 2024,
         flags: str = "yes,yes,no", **cells: Any) -> dict[str, Any]:
    interviewed, ranked, matched = flags.split(",")
    return {"student_id": student.id if student else "", "season": season,
            "acgme_id": acgme_id, "interviewed": interviewed, "ranked": ranked,
            "matched": matched, **cells}


def run(rows: list[dict[str, Any]], **kwargs: Any):  # type: ignore[no-untyped-def]
    return import_outcomes(io.BytesIO(csv_bytes(rows)), **kwargs)


def stored() -> list[tuple[Any, ...]]:
    """Every stored outcome with its flags and snapshot, to prove what a run changed."""
    db.session.expire_all()
    return [(o.student_id, o.season, o.acgme_id, o.interviewed, o.ranked, o.matched,
             o.profile)
            for o in db.session.scalars(select(Outcome).order_by(Outcome.id))]


def outcome(student: Student, acgme_id: str, season: int = 2024) -> Outcome:
    db.session.expire_all()
    found = db.session.scalar(select(Outcome).where(
        Outcome.student_id == student.id, Outcome.acgme_id == acgme_id, Outcome.season == season))
    assert found is not None
    return found


def audit_entries() -> list[AuditEntry]:
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "outcomes_imported")))


# --- a valid file ---------------------------------------------------------------------------

def test_a_valid_file_creates_outcomes_with_the_students_profile_as_snapshot(ana, omar):
    result = run([line(ana, P1, flags="yes,yes,yes"), line(ana, P2, flags="yes,,"),
                  line(omar, P1, season=2025, flags=",,")])

    assert result.ok, result.error_lines()
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    assert result.summary() == ("3 outcome rows read: 3 were created, 0 were updated, "
                                "0 unchanged.")
    first = outcome(ana, P1)
    assert (first.interviewed, first.ranked, first.matched) == (True, True, True)
    second = outcome(ana, P2)
    assert (second.interviewed, second.ranked, second.matched) == (True, False, False)
    assert first.profile == profile_from_student(ana)
    assert first.profile["step2ck"]["score"] == 225
    assert outcome(omar, P1, 2025).profile["step2ck"]["score"] == 240
    assert len(audit_entries()) == 1
    assert "3 created" in (audit_entries()[0].detail or "")


def test_students_can_be_named_instead_of_numbered(ana):
    result = run([line(None, P1, student_name="Ana Lopez"),
                  line(None, P2, student_name="  Ana Lopez ")])

    assert result.ok, result.error_lines()
    assert outcome(ana, P1).interviewed and outcome(ana, P2).ranked


def test_the_example_file_imports(ana, omar):
    result = import_outcomes(EXAMPLE)

    assert result.ok, result.error_lines()
    assert result.created == 4
    assert outcome(ana, P1).matched and not outcome(ana, P3).interviewed
    assert outcome(omar, P1, 2025).interviewed


def test_the_docs_show_the_example_file():
    assert EXAMPLE.read_text(encoding="utf-8").strip() in DOCS.read_text(encoding="utf-8")


# --- one bad cell anywhere ------------------------------------------------------------------

@pytest.mark.parametrize(("bad", "error"), [
    (dict(flags="maybe,,"), 'row 4, interviewed: "maybe" is not "yes" or "no"'),
    (dict(flags="no,yes,no"), "row 4, ranked: ranked needs an interview first"),
    (dict(flags="yes,no,yes"), "row 4, matched: matched needs the program to have been ranked"),
    (dict(season="1999"), "row 4, season: 1999 is not a season between 2000 and 2026"),
    (dict(season="2O24"), 'row 4, season: "2O24" is not a whole number'),
    (dict(season=""), "row 4, season: must not be blank"),
    (dict(acgme_id="0000000000"), 'row 4, acgme_id: "0000000000" is not in the catalog'),
    (dict(acgme_id=""), "row 4, acgme_id: must not be blank"),
    (dict(student_id="abc"), 'row 4, student_id: "abc" is not a whole number'),
    (dict(student_id="999"), "row 4, student_id: no student has id 999"),
    (dict(student_id="", student_name="Nobody"),
     'row 4, student_name: no student is named "Nobody"'),
    (dict(student_id="", student_name=""),
     "row 4, student_id: must not be blank when student_name is blank"),
    (dict(student_name="Omar Haddad"),
     'row 4, student_name: student {ana} is named "Ana Lopez", not "Omar Haddad"'),
])
def test_one_bad_cell_anywhere_writes_nothing_and_names_row_and_column(ana, omar, bad, error):
    run([line(ana, P3, flags="yes,,")])  # already stored: must stay exactly as it is
    before = stored()
    audits = len(audit_entries())
    rows = [line(ana, P1), line(omar, P1), line(ana, **{"acgme_id": P2, **bad}), line(omar, P2)]

    result = run(rows)

    assert not result.ok
    assert result.error_lines() == [error.format(ana=ana.id)]
    assert result.summary() == "Nothing was imported: 1 error in the file."
    assert stored() == before
    assert len(audit_entries()) == audits


def test_every_problem_is_listed_in_file_order_and_column_order(ana):
    result = run([line(None, P1, student_name="Nobody"), line(ana, P1, flags="si,,"),
                  line(ana, P2), line(ana, P3, season="3000", flags="no,yes,"),
                  line(ana, "0000000000", student_id="999", flags="yes,,maybe")])

    assert result.error_lines() == [
        'row 2, student_name: no student is named "Nobody"',
        'row 3, interviewed: "si" is not "yes" or "no"',
        "row 5, season: 3000 is not a season between 2000 and 2026",
        "row 5, ranked: ranked needs an interview first",
        "row 6, student_id: no student has id 999",
        'row 6, acgme_id: "0000000000" is not in the catalog',
        'row 6, matched: "maybe" is not "yes" or "no"',
    ]
    assert stored() == []


def test_a_row_listed_twice_names_both_rows(ana):
    result = run([line(ana, P1), line(ana, P2), line(None, P1, student_name="Ana Lopez")])

    assert result.error_lines() == [
        f"row 4, acgme_id: student {ana.id}, season 2024 and program {P1} are also in row 2"]
    assert stored() == []


def test_the_same_program_in_another_season_is_not_a_duplicate(ana):
    result = run([line(ana, P1, season=2024), line(ana, P1, season=2025)])

    assert result.ok, result.error_lines()
    assert result.created == 2


@pytest.mark.parametrize(("columns", "error"), [
    (["student_id", "season", "acgme_id", "interviewed", "ranked", "matched", "notes"],
     "row 1: unknown columns: notes; the columns are: " + ",".join(COLUMNS)),
    (["season", "acgme_id", "interviewed", "ranked", "matched"],
     "row 1: missing required columns: student_id or student_name"),
    (["student_name", "season", "acgme_id", "interviewed", "ranked"],
     "row 1: missing required columns: matched"),
])
def test_unknown_and_missing_columns_are_reported(ana, columns, error):
    result = import_outcomes(io.BytesIO(csv_bytes(
        [line(ana, student_name="Ana Lopez")], columns)))

    assert result.error_lines() == [error]
    assert stored() == []


def test_a_file_with_only_the_name_column_says_the_name_is_blank(ana):
    columns = ["student_name", "season", "acgme_id", "interviewed", "ranked", "matched"]
    result = import_outcomes(io.BytesIO(csv_bytes([line(ana, student_name="")], columns)))

    assert result.error_lines() == ["row 2, student_name: must not be blank"]


# --- finding students by name ---------------------------------------------------------------

def test_a_name_shared_by_two_students_is_an_error_naming_the_row(ana):
    twin = add_student("Ana Lopez", 250)

    result = run([line(ana, P2), line(None, P1, student_name="Ana Lopez")])

    assert result.error_lines() == [(
        f'row 3, student_name: 2 students are named "Ana Lopez" (ids {ana.id}, {twin.id}); '
        "give the student_id to say which")]
    assert stored() == []


def test_an_id_settles_a_shared_name(ana):
    twin = add_student("Ana Lopez", 250)

    result = run([line(twin, P1, student_name="Ana Lopez")])

    assert result.ok, result.error_lines()
    assert outcome(twin, P1).profile["step2ck"]["score"] == 250


def test_deleted_students_are_not_matched(ana):
    gone = add_student("Omar Haddad")
    delete_student(gone)
    db.session.commit()

    by_name = run([line(None, P1, student_name="Omar Haddad")])
    by_id = run([line(gone, P1)])

    assert by_name.error_lines() == ['row 2, student_name: no student is named "Omar Haddad"']
    assert by_id.error_lines() == [
        f"row 2, student_id: student {gone.id} has been deleted; an admin can restore them"]
    # A deleted student's name no longer makes a live one's ambiguous.
    ana_gone_twin = add_student("Ana Lopez")
    delete_student(ana_gone_twin)
    db.session.commit()
    assert run([line(None, P1, student_name="Ana Lopez")]).ok
    assert stored()[0][0] == ana.id


# --- updating -------------------------------------------------------------------------------

def test_a_second_import_updates_flags_and_keeps_the_old_snapshot(ana):
    assert run([line(ana, P1, flags="yes,,"), line(ana, P2, flags="yes,,")]).ok
    ana.step2ck_score = 250  # the student improves after applying
    db.session.commit()

    result = run([line(ana, P1, flags="yes,yes,yes"), line(ana, P2, flags="yes,,"),
                  line(ana, P3, flags="yes,,")])

    assert result.ok, result.error_lines()
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    updated = outcome(ana, P1)
    assert (updated.interviewed, updated.ranked, updated.matched) == (True, True, True)
    assert updated.profile["step2ck"]["score"] == 225
    # A new row of a season already recorded takes that season's snapshot: one season, one
    # profile.
    assert outcome(ana, P3).profile["step2ck"]["score"] == 225
    assert len(stored()) == 3


def test_outcomes_missing_from_the_file_are_left_alone(ana, omar):
    assert run([line(ana, P1), line(omar, P2, flags="yes,yes,yes")]).ok

    assert run([line(ana, P1, flags="yes,,")]).ok

    assert outcome(omar, P2).matched
    assert len(stored()) == 2


def test_a_dry_run_counts_but_writes_nothing(ana):
    assert run([line(ana, P1, flags="yes,,")]).ok
    before, audits = stored(), len(audit_entries())

    result = run([line(ana, P1, flags="yes,yes,no"), line(ana, P2)], dry_run=True)

    assert result.ok
    assert (result.created, result.updated) == (1, 1)
    assert result.summary().endswith("Dry run: nothing was written.")
    assert "1 would be created, 1 would be updated" in result.summary()
    assert stored() == before
    assert len(audit_entries()) == audits


# --- export ---------------------------------------------------------------------------------

def test_export_writes_the_import_columns_ordered_by_season_name_and_program(ana, omar):
    assert run([line(omar, P2, season=2024, flags="yes,yes,yes"), line(ana, P2, season=2025),
                line(ana, P1, season=2024, flags=",,"), line(omar, P1, season=2024)]).ok

    rows = list(csv.reader(io.StringIO(export_outcomes())))

    assert rows == [
        list(COLUMNS),
        [str(ana.id), "Ana Lopez", "2024", P1, "no", "no", "no"],
        [str(omar.id), "Omar Haddad", "2024", P1, "yes", "yes", "no"],
        [str(omar.id), "Omar Haddad", "2024", P2, "yes", "yes", "yes"],
        [str(ana.id), "Ana Lopez", "2025", P2, "yes", "yes", "no"],
    ]


def test_export_then_import_changes_nothing(ana, omar):
    assert run([line(ana, P1, flags="yes,yes,yes"), line(ana, P2, flags=",,"),
                line(omar, P1, season=2025)]).ok
    ana.name = "=Ana Lopez"  # a name a spreadsheet would run as a formula
    db.session.commit()
    before = stored()
    exported = export_outcomes()
    assert "'=Ana Lopez" in exported

    result = import_outcomes(io.StringIO(exported))

    assert result.ok, result.error_lines()
    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 0, 0, 3)
    assert stored() == before
    assert export_outcomes() == exported


def test_history_at_a_program_that_left_the_catalog_still_imports_but_new_rows_do_not(ana, omar):
    from advisor.models import Program

    assert run([line(ana, P1), line(ana, P2)]).ok
    db.session.delete(db.session.scalar(select(Program).where(Program.acgme_id == P2)))
    db.session.commit()
    exported = export_outcomes()

    again = import_outcomes(io.StringIO(exported))
    assert again.ok, again.error_lines()
    assert (again.unchanged, again.created) == (2, 0)
    # The same program for a student who never applied there is a new row: refused.
    refused = run([line(omar, P2)])
    assert refused.error_lines() == [f'row 2, acgme_id: "{P2}" is not in the catalog']


def test_export_leaves_out_deleted_students(ana, omar):
    assert run([line(ana, P1), line(omar, P1)]).ok
    delete_student(omar)
    db.session.commit()

    exported = export_outcomes()

    assert "Omar Haddad" not in exported and "Ana Lopez" in exported
    assert import_outcomes(io.StringIO(exported)).ok


# --- CLI ------------------------------------------------------------------------------------

def test_cli_import_prints_a_summary_and_exits_0(runner, ana, omar):
    result = runner.invoke(args=["outcomes", "import", str(EXAMPLE)])

    assert result.exit_code == 0, result.output
    assert "4 outcome rows read: 4 were created" in result.stdout
    assert len(stored()) == 4


def test_cli_import_of_a_bad_file_lists_every_error_and_exits_1(runner, ana, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([line(ana, P1, flags="maybe,,"), line(ana, P2),
                               line(ana, P3, flags="no,yes,no")]))

    result = runner.invoke(args=["outcomes", "import", str(bad)])

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'row 2, interviewed: "maybe" is not "yes" or "no"',
        "row 4, ranked: ranked needs an interview first",
        "Nothing was imported: 2 errors in the file.",
    ]
    assert stored() == []


def test_cli_dry_run_writes_nothing(runner, ana, omar):
    result = runner.invoke(args=["outcomes", "import", "--dry-run", str(EXAMPLE)])

    assert result.exit_code == 0, result.output
    assert "4 would be created" in result.stdout and "nothing was written" in result.stdout
    assert stored() == []


def test_cli_export_to_a_file_imports_back_unchanged(runner, ana, omar, tmp_path):
    assert runner.invoke(args=["outcomes", "import", str(EXAMPLE)]).exit_code == 0
    out = tmp_path / "outcomes.csv"

    exported = runner.invoke(args=["outcomes", "export", "-o", str(out)])
    again = runner.invoke(args=["outcomes", "import", str(out)])

    assert exported.exit_code == 0, exported.output
    assert "Exported 4 outcomes" in exported.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets then read UTF-8
    assert again.exit_code == 0, again.output
    assert re.search(r"4 outcome rows read: 0 were created, 0 were updated, 4 unchanged",
                     again.stdout)


def test_cli_export_writes_standard_output_by_default(runner, ana):
    assert run([line(ana, P1)]).ok

    result = runner.invoke(args=["outcomes", "export"])

    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == f"{ana.id},Ana Lopez,2024,{P1},yes,yes,no"
