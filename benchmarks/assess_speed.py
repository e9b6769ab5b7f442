"""How long one assessment takes as the catalog grows, beside a bare Python loop over the same
programs. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/assess_speed.py                 # 1,000 / 13,000 / 100,000
    .venv/bin/python benchmarks/assess_speed.py --sizes 13000 --repeat 20
    .venv/bin/python benchmarks/assess_speed.py --summary-json  # one line of JSON: the goals
    .venv/bin/python benchmarks/assess_speed.py --quick         # 1,000 / 13,000, 5 runs each

For each catalog size it sets up a fresh SQLite database with the demo data (`load_demo`: the
catalog, the demo students and the demo alumni with their recorded applications, which are the
office's evidence), then times, medians of --repeat runs:

  load      reading every program into the in-memory catalog (what the catalog cache does
            after an import or edit), with what is worked out once per catalog
  assess    one cold assessment, as the advice page and the CLI make it: a demo student (internal
            medicine with a family medicine backup) who targets all five regions, so every
            region plugin and the core speak; the catalog and the office's evidence in memory
            (as in a running server), nothing of the assessment cached; then the reasons of
            every program on the planned list, which is what the page and the CLI show
  bare      a bare Python loop over the same programs: a few fields of each read into a score,
            then sorted; what any scoring in Python costs at the least
  json      turning the assessment into the `assess` JSON with every program's reasons

and the seconds each plugin spent in `advisor_adjust_scores` during the assessments.
`--summary-json` prints only one line of JSON: a list with one object per goal (its figure,
baseline, ratio, target and whether it is met), for benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from advisor import create_app
from advisor.collector import freeze_long_lived
from advisor.demo.loader import load_demo
from advisor.demo.students import demo_students
from advisor.extensions import db
from advisor.plugin_registry import get_registry
from advisor.hooks.types import ProgramInfo
from advisor.profile_schema import parse_profile
from advisor.services.assessment import assess_profile, build_applicant
from advisor.services.catalog_cache import get_catalog_cache, load_programs
from advisor.services.evidence import office_evidence

STUDENT = "Demo: Ana R."
ALL_REGIONS = ["los_angeles", "socal", "bay_area", "pacific_coast", "nationwide"]
GOAL_MS = 20.0
SCALING_LIMIT = 1.5
BARE_LOOP = "bare Python loop over the same programs"


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU milliseconds over `repeat` runs, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.thread_time()
        result = fn()
        cpus.append((time.thread_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return statistics.median(walls), statistics.median(cpus), result


def bare_loop(programs: Sequence[ProgramInfo], step2: int) -> list[tuple[float, str]]:
    """The least any scoring in Python does: read a few fields of each program into a score,
    then sort."""
    scored = []
    for p in programs:
        score = 50.0
        if p.step2_median is not None:
            score += (step2 - p.step2_median) * 0.6
        if p.img_share is not None:
            score += p.img_share * 10.0
        if p.visa_j1 is False:
            score -= 5.0
        scored.append((score, p.acgme_id))
    scored.sort(reverse=True)
    return scored


def student_profile() -> dict[str, Any]:
    document = next(s for s in demo_students(2026) if s["name"] == STUDENT)
    return parse_profile({**document, "target_regions": ALL_REGIONS})


@contextmanager
def demo_catalog(database: Path, size: int) -> Iterator[None]:
    """Inside an app context on a fresh SQLite database at `database`, with the demo data of a
    `size`-program catalog loaded."""
    app = create_app({"TESTING": True, "SEASON_YEAR": 2026,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        db.create_all()
        load_demo(size)
        yield


def assess_with_reasons(profile: dict[str, Any]) -> Any:
    """One cold assessment as the page and the CLI make it: then every listed program's
    reasons (built when read)."""
    result = assess_profile(profile)
    for entry in result.plan.entries:
        entry.reasons  # noqa: B018 (built when read)
    return result


def run(size: int, repeat: int, folder: Path) -> dict[str, Any]:
    with demo_catalog(folder / f"bench-{size}.sqlite3", size):
        registry = get_registry()
        regions = [region for _, region in registry.regions().values()]
        load_ms, _, _ = timed(lambda: load_programs(regions), max(1, repeat // 5))

        profile = student_profile()
        applicant = build_applicant(profile)
        specialties = [applicant.specialty, applicant.backup_specialty]
        programs = list(get_catalog_cache().programs(specialties))
        evidence = office_evidence()  # the office's outcomes, read once as a server worker does
        freeze_long_lived()  # as a server worker does once its catalog is loaded

        def one_assessment() -> Any:
            return assess_with_reasons(profile)

        one_assessment()  # warm up: the first request of a worker fills the caches
        assess_ms, assess_cpu, result = timed(one_assessment, repeat)
        bare_ms, _, _ = timed(lambda: bare_loop(programs, applicant.step2ck_score or 0), repeat)
        json_ms, _, _ = timed(lambda: result.to_dict(), max(1, repeat // 5))  # type: ignore[attr-defined]
        plugins: dict[str, list[float]] = {}
        for _ in range(repeat):
            for plugin, hooks in getattr(assess_profile(profile), "plugin_seconds", {}).items():
                plugins.setdefault(plugin, []).append(hooks.get("advisor_adjust_scores", 0.0))
    gc.unfreeze()  # the next size starts afresh
    return {"size": size, "scored": len(programs), "evidence": len(evidence),
            "listed": len(result.plan.entries),  # type: ignore[attr-defined]
            "load": load_ms, "assess": assess_ms, "assess_cpu": assess_cpu, "bare": bare_ms,
            "json": json_ms,
            "plugins": {name: statistics.median(s) * 1000 for name, s in plugins.items()}}


def summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One object per goal, for benchmarks/run.py."""
    goals = []
    at_13000 = next((r for r in rows if r["size"] == 13000), None)
    if at_13000:
        ratio = at_13000["assess"] / at_13000["bare"]
        goals.append({
            "goal": "one cold assessment against 13,000 programs (all five regions, the "
                    "office's evidence, the listed programs' reasons)",
            "figure": round(at_13000["assess"], 2), "unit": "ms",
            "baseline": round(at_13000["bare"], 3), "baseline_name": BARE_LOOP,
            "ratio": float(f"{ratio:.3g}"), "target": f"< {GOAL_MS:g} ms",
            "met": at_13000["assess"] < GOAL_MS,
        })
    if len(rows) > 1:
        small, large = min(rows, key=lambda r: r["size"]), max(rows, key=lambda r: r["size"])
        per = {r["size"]: r["assess"] / r["scored"] for r in (small, large)}
        ratio = per[large["size"]] / per[small["size"]]
        goals.append({
            "goal": f"cost per program of an assessment, {small['size']:,} to "
                    f"{large['size']:,} programs in the catalog",
            "figure": round(per[large["size"]], 6), "unit": "ms",
            "baseline": round(per[small["size"]], 6),
            "baseline_name": f"the same assessment per program at {small['size']:,} programs",
            "ratio": float(f"{ratio:.3g}"), "target": f"per-program cost within {SCALING_LIMIT:g}x",
            "met": ratio <= SCALING_LIMIT,
        })
    return goals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,13000,100000",
                        help="comma-separated catalog sizes (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per figure")
    parser.add_argument("--summary-json", action="store_true",
                        help="print only one line of JSON: each goal's figure beside its baseline")
    parser.add_argument("--quick", action="store_true",
                        help="sizes 1,000 and 13,000, 5 runs each: rougher, and the cost per "
                             "program is compared up to 13,000 only")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = "1000,13000", 5
    sizes = [int(s) for s in args.sizes.split(",")]
    quiet = args.summary_json

    rows = []
    if not quiet:
        print(f"{'catalog':>9} {'scored':>7} {'listed':>6} {'load ms':>9} {'assess ms':>10} "
              f"{'cpu ms':>8} {'bare ms':>8} {'×bare':>6} {'json ms':>9} {'µs/program':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            r = run(size, args.repeat, Path(tmp))
            rows.append(r)
            if not quiet:
                print(f"{r['size']:>9,} {r['scored']:>7,} {r['listed']:>6} {r['load']:>9.1f} "
                      f"{r['assess']:>10.1f} {r['assess_cpu']:>8.1f} {r['bare']:>8.2f} "
                      f"{r['assess'] / r['bare']:>6.1f} {r['json']:>9.1f} "
                      f"{r['assess'] * 1000 / max(1, r['scored']):>11.1f}")
                sys.stdout.flush()
    if quiet:
        print(json.dumps(summary(rows)))
        return 0
    print("\nadvisor_adjust_scores, ms per assessment (median):")
    print(f"{'catalog':>9} " + " ".join(f"{name:>14}" for name in sorted(rows[0]["plugins"])))
    for r in rows:
        print(f"{r['size']:>9,} " + " ".join(f"{r['plugins'][name]:>14.2f}"
                                            for name in sorted(r["plugins"])))
    print()
    for goal in summary(rows):
        print(f"{goal['goal']}: {goal['figure']:g} {goal['unit']} against {goal['baseline']:g} "
              f"({goal['baseline_name']}), {goal['ratio']:g}x; target {goal['target']}: "
              f"{'met' if goal['met'] else 'not met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
