"""The speed benchmarks keep working (they print figures; no timing is asserted here)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "assess_speed.py"


def _load(script: Path, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    # The benchmark builds its own SQLite files; the worker's database must stay untouched.
    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    spec = importlib.util.spec_from_file_location(script.stem, script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_benchmark_runs_on_a_small_catalog_and_prints_a_row(capsys, monkeypatch, tmp_path):
    module = _load(SCRIPT, monkeypatch, tmp_path)
    assert module.main(["--sizes", "1000", "--repeat", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split()[:2] == ["catalog", "scored"]
    size, scored, *figures = lines[1].replace(",", "").split()
    assert size == "1000" and int(scored) > 100
    assert all(float(f) > 0 for f in figures)


def test_the_summary_is_one_line_of_json_with_each_goal_beside_its_baseline(capsys, monkeypatch,
                                                                          tmp_path):
    module = _load(SCRIPT, monkeypatch, tmp_path)
    assert module.main(["--sizes", "300,13000", "--repeat", "1", "--summary-json"]) == 0
    [line] = capsys.readouterr().out.strip().splitlines()
    goals = json.loads(line)
    assert [g["target"] for g in goals] == ["< 20 ms", "per-program cost within 1.5x"]
    for goal in goals:
        assert set(goal) == {"goal", "figure", "unit", "baseline", "baseline_name", "ratio",
                             "target", "met"}
        assert goal["unit"] == "ms" and goal["figure"] > 0 and goal["baseline"] > 0
        assert goal["ratio"] == pytest.approx(goal["figure"] / goal["baseline"], rel=0.05)
        assert isinstance(goal["met"], bool)
    assert goals[0]["baseline_name"] == "bare Python loop over the same programs"


MEMORY_SCRIPT = SCRIPT.parent / "import_memory.py"


def test_the_import_memory_benchmark_runs_and_prints_a_row_per_import(capsys, monkeypatch,
                                                                     tmp_path):
    module = _load(MEMORY_SCRIPT, monkeypatch, tmp_path)
    assert module.main(["--rows", "300"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split()[:2] == ["import", "rows"]
    assert [line.split()[:2] for line in lines[1:]] == [["outcomes", "300"], ["catalog", "300"]]
    assert all("300 " in line and "would be created" in line for line in lines[1:])


def _run_benchmark(name: str, *args: str) -> str:
    # Each sets up its own instance folder with SQLite; the suite's database stays untouched.
    env = {k: v for k, v in os.environ.items() if k != "ADVISOR_DATABASE_URL"}
    done = subprocess.run([sys.executable, str(SCRIPT.parent / name), *args], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_memory_benchmark_prints_the_worker_beside_a_bare_flask_worker():
    out = _run_benchmark("memory.py", "--pages", "4", "--clients", "2")
    lines = out.splitlines()
    for label in ("advisor worker ready", "after warm-up", "after     4 advice pages",
                  "bare Flask worker ready", "advisor/bare after the pages",
                  "growth after warm-up"):
        assert any(line.startswith(label) for line in lines), out
    ready = next(line for line in lines if line.startswith("advisor worker ready"))
    assert float(ready.split()[-2]) > 0


@pytest.mark.slow
def test_cli_benchmark_prints_assess_beside_the_start_up():
    out = _run_benchmark("cli_speed.py", "--repeat", "1")
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:3]}
    assert set(rows) == {"plugins", "assess"}
    assert "assess / plugins list:" in out and float(out.split("list: ")[1].split("x")[0]) > 0


IMPORT_SCRIPT = SCRIPT.parent / "import_speed.py"


def test_the_import_benchmark_prints_one_line_of_json_with_its_figure_and_baseline(
        capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    spec = importlib.util.spec_from_file_location("import_speed", IMPORT_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    assert module.main(["--rows", "200", "--repeat", "1", "--summary-json"]) == 0
    captured = capsys.readouterr()
    [line] = captured.out.splitlines()
    [summary] = json.loads(line)
    assert summary["goal"] == "catalog import, 200 rows"
    assert summary["unit"] == "s" and summary["target"] == "<= 3x"
    assert summary["baseline_name"] == "raw sqlite3 executemany"
    assert summary["figure"] > 0 and summary["baseline"] > 0
    assert summary["ratio"] == pytest.approx(summary["figure"] / summary["baseline"], rel=0.01)
    assert summary["met"] is (summary["ratio"] <= 3)
    assert "import / executemany" in captured.err  # the figures, for a person, on stderr
