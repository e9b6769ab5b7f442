"""Importing the catalog CSV beside a raw sqlite3 executemany of the same rows. Asserts nothing.

    .venv/bin/python benchmarks/import_speed.py                  # 13,000 rows, medians of 3
    .venv/bin/python benchmarks/import_speed.py --rows 1000 --repeat 1
    .venv/bin/python benchmarks/import_speed.py --summary-json   # one line of JSON on stdout
    .venv/bin/python benchmarks/import_speed.py --quick          # one timed run of each

The file is the demo catalog (the demo generator, as `setup --demo` builds it) as `programs
export` writes it. Each timed run starts from a fresh SQLite database, and the two are timed in
turn so that both see the same load on the machine:

  import    `flask --app advisor programs import FILE`, run through the app's CLI runner: the
            command, the import job, reading and checking every row, the write and the commit.
            Python's start-up and the app's are left out, and the ZIP table is loaded before
            timing, as a server worker has it (a fresh command pays about 0.1 s for it).
  baseline  the same rows as the import stores them (the driver's values: code strings, 0/1,
            ISO timestamps), already in memory, written by `sqlite3` executemany into a table
            made from the same CREATE statements, with the app's pragmas, then committed.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor import create_app
from advisor.catalog import export_catalog
from advisor.catalog.upsert import plan_upsert, write_upsert
from advisor.demo.catalog import generate_catalog
from advisor.extensions import db
from advisor.geo import load_table

GOAL = "catalog import, 13,000 rows"
TARGET_RATIO = 3.0
# The app's own per-connection pragmas (advisor/database.py), so the baseline writes alike.
PRAGMAS = ("PRAGMA foreign_keys=ON", "PRAGMA journal_mode=WAL")


def app_for(database: Path) -> Any:
    return create_app({"TESTING": True, "SEASON_YEAR": 2026, "SECRET_KEY": secrets.token_hex(32),
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})


def prepare(folder: Path, rows: int) -> tuple[Path, list[str], list[tuple[Any, ...]]]:
    """The CSV file; the program table's CREATE statements; its rows as the driver stores them."""
    source = folder / "source.sqlite3"
    with app_for(source).app_context():
        db.create_all()
        write_upsert(db.session, plan_upsert(db.session, generate_catalog(rows)))
        db.session.commit()
        csv_path = folder / "catalog.csv"
        with open(csv_path, "w", encoding="utf-8-sig", newline="") as stream:
            export_catalog(stream)
        db.engine.dispose()
    with sqlite3.connect(source) as connection:
        schema = [sql for (sql,) in connection.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'program' AND sql IS NOT NULL "
            "ORDER BY type DESC")]  # the table before its indexes
        stored = connection.execute("SELECT * FROM program ORDER BY id").fetchall()
    connection.close()
    return csv_path, schema, stored


def time_import(database: Path, csv_path: Path, rows: int) -> float:
    app = app_for(database)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    runner = app.test_cli_runner()
    started = time.perf_counter()
    result = runner.invoke(args=["programs", "import", str(csv_path)])
    seconds = time.perf_counter() - started
    if result.exit_code != 0 or f"{rows} were created" not in result.output:
        raise SystemExit(f"the import failed: {result.output[-2000:]}")
    with app.app_context():
        db.engine.dispose()
    return seconds


def time_executemany(database: Path, schema: list[str], stored: list[tuple[Any, ...]]) -> float:
    connection = sqlite3.connect(database)
    try:
        for pragma in PRAGMAS:
            connection.execute(pragma)
        for statement in schema:
            connection.execute(statement)
        connection.commit()
        marks = ", ".join("?" * len(stored[0]))
        started = time.perf_counter()
        connection.executemany(f"INSERT INTO program VALUES ({marks})", stored)
        connection.commit()
        seconds = time.perf_counter() - started
    finally:
        connection.close()
    return seconds


def median_of(repeat: int, run: Callable[[int], tuple[float, float]]) -> tuple[float, float]:
    pairs = [run(n) for n in range(repeat)]
    return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=13_000, help="catalog rows (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (default: %(default)s)")
    parser.add_argument("--summary-json", action="store_true",
                        help="print only one line of JSON on stdout (the figures go to stderr)")
    parser.add_argument("--quick", action="store_true",
                        help="one timed run of each instead of --repeat: rougher")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat = 1
    out = sys.stderr if args.summary_json else sys.stdout

    with tempfile.TemporaryDirectory(prefix="advisor-import-") as tmp:
        folder = Path(tmp)
        csv_path, schema, stored = prepare(folder, args.rows)
        load_table()

        def one_run(n: int) -> tuple[float, float]:
            imported = time_import(folder / f"import-{n}.sqlite3", csv_path, args.rows)
            raw = time_executemany(folder / f"raw-{n}.sqlite3", schema, stored)
            return imported, raw

        imported, raw = median_of(args.repeat, one_run)

    ratio = imported / raw
    print(f"catalog import, {args.rows:,} rows, medians of {args.repeat}", file=out)
    print(f"  programs import          {imported:8.3f} s", file=out)
    print(f"  raw sqlite3 executemany  {raw:8.3f} s", file=out)
    print(f"  import / executemany     {ratio:8.1f}x  (target <= {TARGET_RATIO:g}x)", file=out)
    if args.summary_json:
        print(json.dumps([{
            "goal": GOAL if args.rows == 13_000 else f"catalog import, {args.rows:,} rows",
            "figure": round(imported, 6), "unit": "s", "baseline": round(raw, 6),
            "baseline_name": "raw sqlite3 executemany", "ratio": round(ratio, 3),
            "target": f"<= {TARGET_RATIO:g}x", "met": ratio <= TARGET_RATIO,
        }]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
