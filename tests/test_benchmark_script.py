"""The speed benchmark keeps working (it prints figures; no timing is asserted here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "assess_speed.py"


def test_benchmark_runs_on_a_small_catalog_and_prints_a_row(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    # The benchmark builds its own SQLite files; the worker's database must stay untouched.
    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    spec = importlib.util.spec_from_file_location("assess_speed", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    assert module.main(["--sizes", "1000", "--repeat", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split()[:2] == ["catalog", "scored"]
    size, scored, *figures = lines[1].replace(",", "").split()
    assert size == "1000" and int(scored) > 100
    assert all(float(f) > 0 for f in figures)


MEMORY_SCRIPT = SCRIPT.parent / "import_memory.py"


def test_the_import_memory_benchmark_runs_and_prints_a_row_per_import(capsys, monkeypatch,
                                                                     tmp_path):
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    spec = importlib.util.spec_from_file_location("import_memory", MEMORY_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    assert module.main(["--rows", "300"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split()[:2] == ["import", "rows"]
    assert [line.split()[:2] for line in lines[1:]] == [["outcomes", "300"], ["catalog", "300"]]
    assert all("300 " in line and "would be created" in line for line in lines[1:])
