"""benchmarks/run.py: runs each benchmark for its JSON summary line and prints one table of the
goals. Fake scripts stand in for the benchmarks; no speed is measured or asserted here."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

FAKE = textwrap.dedent('''
    import argparse, json, sys
    parser = argparse.ArgumentParser()
    parser.add_argument("--summary-json", action="store_true")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print("figures the script prints for people", file=sys.stderr)
    print(json.dumps([
        {"goal": "Fake page throughput", "figure": 40.0 if args.quick else 60.0,
         "unit": "req/s", "baseline": 120.0, "baseline_name": "fake list page",
         "ratio": (40.0 if args.quick else 60.0) / 120.0, "target": ">= 0.5x",
         "met": not args.quick},
        {"goal": "Fake figure only", "figure": 3, "unit": "", "baseline": None,
         "baseline_name": "none", "ratio": None, "target": "printed only", "met": None},
    ]))
''')


@pytest.fixture(scope="module")
def runner():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCHMARKS))  # run.py imports its sibling summary.py
    try:
        spec = importlib.util.spec_from_file_location("bench_run", BENCHMARKS / "run.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        yield module
    finally:
        sys.modules.pop("bench_run", None)
        sys.path.remove(str(BENCHMARKS))


def fake_script(folder: Path, body: str = FAKE) -> Path:
    script = folder / "fake_bench.py"
    script.write_text(body)
    return script


def row_of(table: str, goal: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(goal))
    return [cell for cell in line[len(goal):].split("  ") if cell.strip()]


def test_a_scripts_goals_become_rows_with_baseline_ratio_target_and_verdict(runner, tmp_path):
    outcome = runner.run_script(fake_script(tmp_path), quick=False, echo=False)
    assert outcome.problem is None
    table = runner.table([outcome])
    assert table.splitlines()[0].split() == ["goal", "figure", "baseline", "ratio", "target",
                                             "met"]
    assert [c.strip() for c in row_of(table, "Fake page throughput")] == [
        "60.0 req/s", "120.0 req/s (fake list page)", "0.5x", ">= 0.5x", "yes"]
    assert [c.strip() for c in row_of(table, "Fake figure only")] == [
        "3", "-", "-", "printed only", "-"]


def test_quick_is_passed_to_a_script_that_offers_it(runner, tmp_path):
    outcome = runner.run_script(fake_script(tmp_path), quick=True, echo=False)
    assert outcome.rows[0]["figure"] == 40.0
    assert row_of(runner.table([outcome]), "Fake page throughput")[-1].strip() == "NO"


def test_a_missing_script_is_skipped_and_said_so(runner, tmp_path):
    outcome = runner.run_script(tmp_path / "import_speed.py", quick=False, echo=False)
    assert outcome.rows == []
    assert "import_speed.py: skipped: the script does not exist yet" in runner.table([outcome])


def test_a_script_without_a_summary_line_is_named_as_failed_with_its_output(runner, tmp_path):
    script = fake_script(tmp_path, textwrap.dedent('''
        import sys
        if "--help" in sys.argv:
            print("usage: fake_bench.py [--summary-json]")
        else:
            print("Traceback: boom")
            sys.exit(3)
    '''))
    table = runner.table([runner.run_script(script, quick=False, echo=False)])
    assert "fake_bench.py: failed (exit 3): no JSON summary line on stdout" in table
    assert "Traceback: boom" in table


@pytest.mark.parametrize("name", ["page_speed.py", "load.py", "memory.py", "cli_speed.py"])
def test_each_benchmark_offers_the_summary_and_a_quick_run(name):
    done = subprocess.run([sys.executable, str(BENCHMARKS / name), "--help"],
                          capture_output=True, text=True, timeout=120, check=True)
    assert "--summary-json" in done.stdout and "--quick" in done.stdout


def test_a_script_without_the_summary_flag_is_skipped_and_said_so(runner, tmp_path):
    script = fake_script(tmp_path, "import argparse\nargparse.ArgumentParser().parse_args()\n")
    table = runner.table([runner.run_script(script, quick=True, echo=False)])
    assert "fake_bench.py: skipped: the script has no --summary-json yet" in table
