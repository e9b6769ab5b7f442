"""How long `flask --app advisor assess` takes beside the CLI's own start-up. Asserts nothing.

    .venv/bin/python benchmarks/cli_speed.py                  # 5 runs of each, demo data
    .venv/bin/python benchmarks/cli_speed.py --programs 13000 --repeat 3

Sets up a fresh instance folder with the demo data (`python -m advisor setup --demo`), or with
--programs N a demo catalog of N programs besides, then runs, in turn, `flask --app advisor
plugins list` (the start-up: Python, Flask, the app, its plugins) and `flask --app advisor assess`
for a demo student who targets every region (the same start-up, then the ZIP table, the catalog,
the assessment and its JSON). Prints the median wall time of each, their ratio, and what
`python -X importtime` counts for the imports of each.

Bytecode is cached as in an installed copy (in a temporary folder: PYTHONPYCACHEPREFIX), and one
untimed run of each command fills it first. --summary-json prints the figures to stderr and one
JSON line of goals to stdout (for benchmarks/run.py); --quick runs each command twice.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summary import goal, run_summarised

ROOT = Path(__file__).resolve().parent.parent
STUDENT = "Demo: Ana R."
# The goal of issue 15: `assess` takes at most twice the CLI's own start-up.
TARGET_RATIO = 2.0


def prepare(folder: Path, programs: int | None, env: dict[str, str]) -> Path:
    """The instance folder set up, and the profile file the `assess` runs read."""
    subprocess.run([sys.executable, "-m", "advisor", "setup", "--demo"], env=env, cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    code = ("import json, sys\n"
            "from advisor.demo.students import demo_students\n"
            f"student = next(s for s in demo_students(2026) if s['name'] == {STUDENT!r})\n"
            "student['target_regions'] = ['los_angeles', 'socal', 'bay_area', 'pacific_coast',"
            " 'nationwide']\n"
            "json.dump(student, sys.stdout, default=str)\n")
    if programs:
        code += ("from advisor import create_app\n"
                 "from advisor.catalog.upsert import plan_upsert, write_upsert\n"
                 "from advisor.demo.catalog import generate_catalog\n"
                 "from advisor.extensions import db\n"
                 "with create_app().app_context():\n"
                 f"    write_upsert(db.session, plan_upsert(db.session, generate_catalog({programs})))\n"
                 "    db.session.commit()\n")
    profile = folder / "profile.json"
    profile.write_text(subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                                      capture_output=True, text=True).stdout)
    return profile


def wall_seconds(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def import_seconds(args: list[str], env: dict[str, str]) -> float:
    """The imports' own total, as `python -X importtime` reports it (outermost imports)."""
    done = subprocess.run([sys.executable, "-X", "importtime", *args[1:]], env=env, cwd=ROOT,
                          check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    outer = re.findall(r"^import time:\s+\d+ \|\s+(\d+) \| \S", done.stderr, re.MULTILINE)
    return sum(int(us) for us in outer) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each command")
    parser.add_argument("--programs", type=int, help="add a demo catalog of this many programs")
    parser.add_argument("--quick", action="store_true", help="two timed runs of each")
    parser.add_argument("--summary-json", action="store_true",
                        help="print the figures to stderr and one JSON line of goals to stdout")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat = 2
    run_summarised(lambda: measure(args.repeat, args.programs), summarise, args.summary_json)
    return 0


def measure(repeat: int, programs: int | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="advisor-cli-") as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items()
               if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith(("ADVISOR_", "FLASK_"))}
        env.update(ADVISOR_INSTANCE_PATH=str(folder / "instance"),
                   PYTHONPYCACHEPREFIX=str(folder / "pycache"))
        profile = prepare(folder, programs, env)
        flask = [sys.executable, "-m", "flask", "--app", "advisor"]
        commands = {"plugins list": [*flask, "plugins", "list"],
                    "assess": [*flask, "assess", str(profile)]}
        for command in commands.values():
            wall_seconds(command, env)  # fills the bytecode cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repeat):
            for name, command in commands.items():
                times[name].append(wall_seconds(command, env))
        imports = {name: import_seconds(command, env) for name, command in commands.items()}
        scored = len(json.loads(subprocess.run(commands["assess"], env=env, cwd=ROOT, check=True,
                                               capture_output=True, text=True).stdout)["programs"])

    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{'command':<14} {'median s':>9} {'min s':>7} {'imports s':>10}")
    for name, values in times.items():
        print(f"{name:<14} {medians[name]:>9.2f} {min(values):>7.2f} {imports[name]:>10.2f}")
    print(f"assess / plugins list: {medians['assess'] / medians['plugins list']:.2f}x "
          f"({scored:,} programs in the assessment, {repeat} runs each)")
    return {"assess": medians["assess"], "start": medians["plugins list"], "scored": scored}


def summarise(figures: dict[str, float]) -> list[dict[str, object]]:
    ratio = figures["assess"] / figures["start"]
    return [goal(f"CLI assess ({int(figures['scored']):,} programs assessed)", figures["assess"],
                 "s", figures["start"], "the CLI's start-up, plugins list",
                 f"<= {TARGET_RATIO:g}x", ratio <= TARGET_RATIO)]


if __name__ == "__main__":
    sys.exit(main())
