"""One cold assessment on this checkout and on another (say, a copy of the commit before a
change), taking turns, so that the machine's changing speed falls on both alike. Prints
figures; asserts nothing.

    .venv/bin/python benchmarks/assess_compare.py ../before            # 60 rounds of 3
    .venv/bin/python benchmarks/assess_compare.py ../before --rounds 100 --per 5

The other checkout needs its own .venv (`make install` there). Two worker processes, one per
checkout (each with its own virtualenv, so its own code), set up the demo data and a student as
benchmarks/assess_speed.py does at 13,000 programs, then take turns: each round, each runs
--per cold assessments (with the reasons of every listed program) and reports its fastest; the
one going first alternates. Printed: each checkout's median and fastest over the rounds, and
the median of the paired ratios (this checkout / the other). On a virtual machine whose speed
moves by 2x from one minute to the next, the paired ratio moves by a few percent, either
figure alone by far more.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
SIZE = 13000


def worker() -> None:
    """Answer each line "N" on stdin with the fastest of N cold assessments, in ms."""
    import logging

    from assess_speed import assess_with_reasons, demo_catalog, student_profile

    from advisor.collector import freeze_long_lived

    logging.disable(logging.WARNING)  # the random secret key's warning, once per process
    with tempfile.TemporaryDirectory() as tmp, demo_catalog(Path(tmp) / "compare.sqlite3", SIZE):
        profile = student_profile()
        assess_with_reasons(profile)  # warm up, as a server worker's first request does
        freeze_long_lived()
        assess_with_reasons(profile)
        print("ready", flush=True)
        for line in sys.stdin:
            times = []
            for _ in range(int(line)):
                start = time.perf_counter()
                assess_with_reasons(profile)
                times.append((time.perf_counter() - start) * 1000)
            print(min(times), flush=True)


def start(checkout: Path) -> subprocess.Popen[str]:
    # This script, run by the checkout's own Python in the checkout: its code is the one timed.
    process = subprocess.Popen(
        [str(checkout / ".venv" / "bin" / "python"), str(HERE), "--worker"], cwd=checkout,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        raise SystemExit(f"{checkout}: the worker did not start")
    return process


def ask(process: subprocess.Popen[str], per: int) -> float:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{per}\n")
    process.stdin.flush()
    return float(process.stdout.readline())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--worker"]:  # how start() runs this script in a checkout
        worker()
        return 0
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", type=Path, help="the other checkout, with its own .venv")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--per", type=int, default=3, help="assessments per turn")
    args = parser.parse_args(argv)
    checkouts = (HERE.parent.parent, args.other.resolve())
    processes = [start(checkout) for checkout in checkouts]
    times: tuple[list[float], list[float]] = ([], [])
    for n in range(args.rounds):
        for k in ((0, 1) if n % 2 == 0 else (1, 0)):
            times[k].append(ask(processes[k], args.per))
    for process in processes:
        assert process.stdin is not None
        process.stdin.close()
        process.wait()
    for checkout, figures in zip(checkouts, times):
        print(f"{checkout}: median {statistics.median(figures):.2f} ms, "
              f"fastest {min(figures):.2f} ms")
    ratios = [mine / theirs for mine, theirs in zip(*times)]
    print(f"this checkout / the other, median of {args.rounds} paired rounds: "
          f"{statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
