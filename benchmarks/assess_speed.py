"""How long one assessment takes as the catalog grows. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/assess_speed.py                 # 1,000 / 13,000 / 100,000
    .venv/bin/python benchmarks/assess_speed.py --sizes 13000 --repeat 20

For each catalog size it builds a fresh SQLite database from the demo generator, then times:
  load    reading every program from the database into frozen ProgramInfo (the cache fill)
  assess  one demo student with all installed plugins, catalog already in memory
  json    turning that assessment into the `assess` JSON (every program's reasons)
The student is an internal medicine applicant with a family medicine backup who targets Los
Angeles and Southern California, so five plugins speak and two specialties are scored.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from advisor import create_app
from advisor.catalog.upsert import plan_upsert, write_upsert
from advisor.collector import freeze_long_lived
from advisor.demo.catalog import generate_catalog
from advisor.demo.students import demo_students
from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.profile_schema import parse_profile
from advisor.scoring.engine import assess
from advisor.services.assessment import build_applicant
from advisor.services.catalog_cache import load_programs

STUDENT = "Demo: Ana R."


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median milliseconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def run(size: int, repeat: int, folder: Path) -> dict[str, float]:
    app = create_app({"TESTING": True, "SEASON_YEAR": 2026,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / f'bench-{size}.sqlite3'}"})
    with app.app_context():
        db.create_all()
        write_upsert(db.session, plan_upsert(db.session, generate_catalog(size)))
        db.session.commit()

        registry = get_registry()
        regions = [region for _, region in registry.regions().values()]
        load_ms, catalog = timed(lambda: load_programs(regions), max(1, repeat // 5))
        freeze_long_lived()  # as a server worker does once its catalog is loaded

        profile = parse_profile(next(s for s in demo_students(2026) if s["name"] == STUDENT))
        applicant = build_applicant(profile)
        programs = [p for s in (applicant.specialty, applicant.backup_specialty)
                    for p in catalog.get(s, ())]  # type: ignore[union-attr]
        assess(applicant, programs, registry)  # warm up caches
        assess_ms, result = timed(lambda: assess(applicant, programs, registry), repeat)
        json_ms, _ = timed(lambda: result.to_dict(), max(1, repeat // 5))  # type: ignore[union-attr]
    gc.unfreeze()  # the next size starts afresh
    return {"size": size, "scored": len(programs), "load": load_ms, "assess": assess_ms,
            "json": json_ms}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,13000,100000",
                        help="comma-separated catalog sizes (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per figure")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    print(f"{'catalog':>9} {'scored':>7} {'load ms':>9} {'assess ms':>10} {'json ms':>9} {'assess µs/program':>18}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            r = run(size, args.repeat, Path(tmp))
            print(f"{r['size']:>9,} {r['scored']:>7,} {r['load']:>9.1f} {r['assess']:>10.1f} "
                  f"{r['json']:>9.1f} {r['assess'] * 1000 / max(1, r['scored']):>18.1f}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
