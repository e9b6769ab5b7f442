"""Peak memory and time of a CSV import's dry run (outcomes and catalog). Prints figures;
asserts nothing.

    .venv/bin/python benchmarks/import_memory.py                   # 50,000 rows each
    .venv/bin/python benchmarks/import_memory.py --rows 200000     # raises the row limit to fit

It builds a fresh SQLite database with the demo data (1,000 programs, their students and
alumni), writes an outcomes file of valid rows naming those students and programs, and a
catalog file of new programs (the four required columns), then dry-runs each import under
tracemalloc. "peak MB" is the most memory Python held at once during the import, above what it
held before (the app, the catalog cache and the demo data are not counted).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from advisor import create_app
from advisor.catalog import import_catalog
from advisor.catalog.result import ImportResult
from advisor.demo.loader import load_demo
from advisor.extensions import db
from advisor.models import Program, Student
from advisor.services.outcome_import import import_outcomes


def write_outcomes(path: Path, rows: int) -> None:
    students = list(db.session.scalars(select(Student.id).order_by(Student.id)))
    programs = list(db.session.scalars(select(Program.acgme_id).order_by(Program.acgme_id)))
    keys = itertools.product((2023, 2024, 2025), programs, students)
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["student_id", "student_name", "season", "acgme_id", "interviewed",
                         "ranked", "matched"])
        for n, (season, program, student) in enumerate(itertools.islice(keys, rows)):
            writer.writerow([student, "", season, program,
                             *(("yes", "yes", "no") if n % 5 == 0 else ("no", "", ""))])


def write_catalog(path: Path, rows: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["acgme_id", "name", "specialty", "state"])
        for n in range(rows):
            writer.writerow([f"7{n:09d}", f"Program {n} (fictional)", "internal_medicine", "CA"])


def measure(run: Callable[[], ImportResult]) -> tuple[float, float, str]:
    """(peak MB, seconds, summary) of one run."""
    tracemalloc.start()
    started = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024, seconds, result.summary()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000, help="rows in each file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        app = create_app({"TESTING": True, "SEASON_YEAR": 2026,
                          "IMPORT_MAX_ROWS": max(args.rows, 50_000),
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.sqlite3'}"})
        with app.app_context():
            db.create_all()
            load_demo(1000)
            outcomes, catalog = work / "outcomes.csv", work / "catalog.csv"
            write_outcomes(outcomes, args.rows)
            write_catalog(catalog, args.rows)
            print(f"{'import':<9} {'rows':>9} {'MB file':>8} {'peak MB':>8} {'seconds':>8}  result")
            for name, path, importer in (("outcomes", outcomes, import_outcomes),
                                         ("catalog", catalog, import_catalog)):
                peak, seconds, summary = measure(lambda: importer(path, dry_run=True))
                size = path.stat().st_size / 1024 / 1024
                print(f"{name:<9} {args.rows:>9,} {size:>8.1f} {peak:>8.1f} {seconds:>8.1f}  "
                      f"{summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
