"""The one-line JSON summary each benchmark prints with --summary-json, for benchmarks/run.py.

A summary is a list of goals, each a dict with the keys in `FIELDS`: the figure measured, the
baseline it is compared with in the same run (and its name), their ratio, the target (text,
as people read it) and whether it is met (None when the goal has no target, only a figure).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

FIELDS = ("goal", "figure", "unit", "baseline", "baseline_name", "ratio", "target", "met")


def goal(goal: str, figure: float, unit: str, baseline: float | None, baseline_name: str,
         target: str, met: bool | None, ratio: float | None = None) -> dict[str, Any]:
    """One goal's row; the ratio defaults to figure / baseline."""
    if ratio is None and baseline:
        ratio = figure / baseline
    return {"goal": goal, "figure": round(figure, 3), "unit": unit,
            "baseline": None if baseline is None else round(baseline, 3),
            "baseline_name": baseline_name,
            "ratio": None if ratio is None else round(ratio, 4), "target": target, "met": met}


@contextlib.contextmanager
def figures_to_stderr(active: bool) -> Iterator[None]:
    """While active, the script's own lines go to stderr so stdout carries the JSON alone."""
    if not active:
        yield
        return
    with contextlib.redirect_stdout(sys.stderr):
        yield


def print_summary(rows: list[dict[str, Any]]) -> None:
    print(json.dumps(rows), flush=True)


def run_summarised(measure: Callable[[], Any], summarise: Callable[[Any], list[dict[str, Any]]],
                   summary_json: bool) -> Any:
    """Run `measure`; with `summary_json`, its printing goes to stderr and stdout gets the
    summary line of its result."""
    with figures_to_stderr(summary_json):
        result = measure()
    if summary_json:
        print_summary(summarise(result))
    return result
