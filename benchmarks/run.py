"""Every benchmark in turn, then one table of the goals: figure, baseline, ratio, target, met.

    .venv/bin/python benchmarks/run.py            # or: make bench
    .venv/bin/python benchmarks/run.py --quick    # shorter runs, rougher figures

Each script in SCRIPTS runs with --summary-json (and --quick when asked and its --help offers
it) and prints one JSON line of goals on stdout (benchmarks/summary.py); its own figures go to
stderr, which is shown as it runs. A script that is not there yet, or whose --help does not
offer --summary-json yet, is skipped and said so; one that fails is named, with the end of its
output. Exits 1 when a script failed; an unmet goal is a figure,
not a failure.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summary import FIELDS

HERE = Path(__file__).resolve().parent
SCRIPTS = ("page_speed.py", "load.py", "memory.py", "cli_speed.py", "assess_speed.py",
           "import_speed.py")
COLUMNS = ("goal", "figure", "baseline", "ratio", "target", "met")


@dataclass
class Outcome:
    script: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    problem: str | None = None  # why there are no rows: skipped or failed
    seconds: float = 0.0


def help_text(script: Path) -> str:
    return subprocess.run([sys.executable, str(script), "--help"], capture_output=True,
                          text=True, timeout=120, check=False).stdout


def summary_line(stdout: str) -> list[dict[str, Any]]:
    """The goals from the last line of stdout that is a JSON list; ValueError when none is."""
    for line in reversed(stdout.strip().splitlines()):
        try:
            rows = json.loads(line)
        except ValueError:
            continue
        if isinstance(rows, list) and all(isinstance(r, dict) and "goal" in r for r in rows):
            return [{name: row.get(name) for name in FIELDS} for row in rows]
    raise ValueError("no JSON summary line on stdout")


def run_script(script: Path, quick: bool, echo: bool = True) -> Outcome:
    outcome = Outcome(script.name)
    if not script.exists():
        outcome.problem = "skipped: the script does not exist yet"
        return outcome
    usage = help_text(script)
    if "--summary-json" not in usage:
        outcome.problem = "skipped: the script has no --summary-json yet"
        return outcome
    args = [sys.executable, str(script), "--summary-json"]
    if quick:
        if "--quick" in usage:
            args.append("--quick")
        elif echo:
            print(f"{script.name} has no --quick: running it in full", file=sys.stderr)
    started = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=None if echo else subprocess.PIPE,
                          text=True, check=False)
    outcome.seconds = time.perf_counter() - started
    try:
        outcome.rows = summary_line(done.stdout)
    except ValueError as exc:
        tail = "\n".join((done.stdout + (done.stderr or "")).strip().splitlines()[-5:])
        outcome.problem = f"failed (exit {done.returncode}): {exc}" + (f"\n{tail}" if tail else "")
        return outcome
    if done.returncode:
        outcome.problem = f"exited {done.returncode} after printing its figures"
    return outcome


def _number(value: Any) -> str:
    """Whole thousands, one decimal from 10 on (149.7 must not read as 150), else 3 digits."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return (f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.1f}" if abs(value) >= 10
                else f"{value:.3g}")
    return f"{value:,}" if isinstance(value, int) else str(value)


def cells(row: dict[str, Any]) -> dict[str, str]:
    unit = f" {row['unit']}" if row.get("unit") else ""
    baseline = "-" if row.get("baseline") is None else f"{_number(row['baseline'])}{unit}"
    if row.get("baseline_name") and row["baseline_name"] != "none":
        baseline += f" ({row['baseline_name']})"
    ratio = "-" if row.get("ratio") is None else f"{row['ratio']:.3g}x"
    met = {True: "yes", False: "NO", None: "-"}[row.get("met")]
    return {"goal": str(row["goal"]), "figure": f"{_number(row.get('figure'))}{unit}",
            "baseline": baseline, "ratio": ratio, "target": str(row.get("target") or "-"),
            "met": met}


def table(outcomes: list[Outcome]) -> str:
    """The goals of every script as one text table, then a line per script without rows."""
    rows = [cells(row) for outcome in outcomes for row in outcome.rows]
    widths = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in COLUMNS}
    lines = ["  ".join(c.ljust(widths[c]) for c in COLUMNS),
             "  ".join("-" * widths[c] for c in COLUMNS)]
    lines += ["  ".join(r[c].ljust(widths[c]) for c in COLUMNS).rstrip() for r in rows]
    for outcome in outcomes:
        if outcome.problem:
            lines.append(f"{outcome.script}: {outcome.problem}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short runs of each benchmark")
    parser.add_argument("--only", nargs="+", metavar="SCRIPT", choices=SCRIPTS,
                        help="run only these scripts")
    args = parser.parse_args(argv)
    outcomes = []
    for name in args.only or SCRIPTS:
        print(f"== {name}", file=sys.stderr, flush=True)
        outcomes.append(run_script(HERE / name, args.quick))
    print(table(outcomes))
    return 1 if any(o.problem and not o.problem.startswith("skipped") for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
