"""The student's application list as CSV, to hand to the student: the words the advice page
uses, safe to open in a spreadsheet.

It says what the student needs to apply (where, what, whether the program sponsors their visa,
where to read more, how likely an interview is) and nothing about the office's graduates: no
reasons, scores or outcome counts, which the shared page also keeps to itself.
"""

from __future__ import annotations

import csv
from typing import IO

from advisor.catalog.columns import guard_formula
from advisor.hooks.types import ProgramInfo
from advisor.scoring.chances import chance_text
from advisor.scoring.results import Plan

HEADER: tuple[str, ...] = ("Tier", "Program", "Institution", "City", "State", "Specialty",
                           "Visa sponsorship", "Website", "Interview chance", "ACGME ID")
# A byte-order mark, so spreadsheets read accented names as UTF-8.
BOM = "\ufeff"

_VISA_NAMES = {"visa_j1": "J-1", "visa_h1b": "H-1B"}


def visa_policy(program: ProgramInfo) -> str:
    """What the catalog says of the program's visa sponsorship, in words."""
    stated = {name: getattr(program, column) for column, name in _VISA_NAMES.items()}
    yes = [name for name, value in stated.items() if value is True]
    unknown = [name for name, value in stated.items() if value is None]
    if not unknown:
        if not yes:
            return "Sponsors neither J-1 nor H-1B"
        return "Sponsors " + " and ".join(yes) + (" only" if len(yes) == 1 else "")
    if len(unknown) == len(stated):
        return "Not stated"
    known = yes[0] if yes else next(n for n, v in stated.items() if v is False)
    verb = "Sponsors" if yes else "Does not sponsor"
    return f"{verb} {known}; {unknown[0]} not stated"


def write_plan_csv(plan: Plan, stream: IO[str]) -> int:
    """Write one row per program on the list (open `stream` with newline=""); return the count.

    Text cells that a spreadsheet would run as a formula get a leading apostrophe.
    """
    stream.write(BOM)
    writer = csv.writer(stream)
    writer.writerow(HEADER)
    for entry in plan.entries:
        p = entry.program
        writer.writerow([
            entry.tier.label,
            guard_formula(p.name),
            guard_formula(p.institution or ""),
            guard_formula(p.city or ""),
            p.state or "",
            p.specialty.label,
            visa_policy(p),
            guard_formula(p.website or ""),
            chance_text(entry.chance),
            guard_formula(p.acgme_id),
        ])
    return len(plan.entries)
