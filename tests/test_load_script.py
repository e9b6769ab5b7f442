"""The load script keeps working: a tiny run against its own production server prints its
figures (no speed is asserted here; docs/load.md records the real run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "load.py"
# The script's own server uses a SQLite file in its temporary instance folder, never the
# database the rest of the suite runs on.
ENV = {key: value for key, value in os.environ.items() if key != "ADVISOR_DATABASE_URL"}


@pytest.mark.slow
def test_load_script_runs_two_users_briefly_and_prints_its_figures():
    done = subprocess.run([sys.executable, str(SCRIPT), "--users", "2", "--seconds", "3"],
                          capture_output=True, text=True, timeout=300, env=ENV)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    out = done.stdout
    assert "rps" in out and "p95" in out and "p99" in out
    assert "5xx 0" in out and "database-locked 0" in out and "lost-edits 0" in out


def test_load_script_refuses_a_url_off_loopback():
    done = subprocess.run([sys.executable, str(SCRIPT), "--url", "http://192.0.2.1:80",
                           "--seconds", "1"], capture_output=True, text=True, timeout=60,
                          env=ENV)
    assert done.returncode != 0 and "loopback" in done.stderr
