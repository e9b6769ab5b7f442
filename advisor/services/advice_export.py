"""The recommended application list as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from typing import IO

from advisor.catalog.columns import guard_formula
from advisor.scoring.results import Plan, Reason

HEADER: tuple[str, ...] = ("tier", "acgme_id", "program", "city", "state", "chance", "score",
                           "top_reasons")
TOP_REASONS = 3


def top_reasons(reasons: list[Reason], limit: int = TOP_REASONS) -> list[Reason]:
    """What moved the score most: ineligibility and tier caps first, then the largest changes
    that counted (a factor another source already credited adds nothing)."""
    ranked = sorted((r for r in reasons if r.counted),
                    key=lambda r: (r.tier_cap is None, -abs(r.delta)))
    return [r for r in ranked if r.delta or r.tier_cap is not None][:limit]


def reason_text(reason: Reason) -> str:
    return f"{reason.source} {reason.delta:+.1f}: {reason.text}"


def write_plan_csv(plan: Plan, stream: IO[str]) -> int:
    """Write one row per program on the list (open `stream` with newline=""); return the count.

    Text cells that a spreadsheet would run as a formula get a leading apostrophe.
    """
    writer = csv.writer(stream)
    writer.writerow(HEADER)
    for entry in plan.entries:
        p = entry.program
        writer.writerow([
            entry.tier.value,
            guard_formula(p.acgme_id),
            guard_formula(p.name),
            guard_formula(p.city or ""),
            p.state or "",
            f"{entry.chance:.3f}",
            f"{entry.score:.1f}",
            guard_formula("; ".join(reason_text(r) for r in top_reasons(entry.reasons))),
        ])
    return len(plan.entries)
