"""Fingerprints of many full assessments, to check that a change to the engine or the plugins
changes no score, tier, chance, cap or reason. Asserts nothing by itself: run it on the code
before the change and after, and compare.

    .venv/bin/python benchmarks/assess_dump.py --out before.json      # on the old code
    .venv/bin/python benchmarks/assess_dump.py --compare before.json  # on the new code

Each demo student is assessed against a demo catalog (13,000 programs by default, with the
demo alumni as the office's evidence) as they are, targeting all five regions, and in variants
that reach other branches of the rules (other Step 2 CK scores, a failed Step 1, a US citizen,
an H-1B need, other specialties). For every assessment it keeps, per program in the order
given: acgme_id, score, tier, chance (full precision), cap and a digest of its reasons (every
field, unrounded, in order); and a digest of the rest (applicant, plan, advice, warnings).
--compare exits 1 and names the first differences when any assessment differs.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from advisor import create_app
from advisor.demo.loader import load_demo
from advisor.demo.students import demo_students
from advisor.extensions import db
from advisor.profile_schema import ProfileError, parse_profile
from advisor.scoring.results import Assessment
from advisor.services.assessment import assess_profile

ALL_REGIONS = ["los_angeles", "socal", "bay_area", "pacific_coast", "nationwide"]
SEASON = 2026


def variants(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The student as they are, then with all five regions and changes to one fact each."""
    yield "own", document
    everywhere = {**document, "target_regions": ALL_REGIONS}
    yield "all", everywhere
    for score in (None, 199, 212, 218, 224, 229, 236, 248, 262):
        yield f"step2={score}", {**everywhere, "step2ck": {"score": score, "attempts": 1}}
    yield "step1 failed twice", {**everywhere, "step1": {"result": "pass", "attempts": 3,
                                                         "score": None}}
    yield "step1 failed", {**everywhere, "step1": {"result": "fail", "attempts": 1, "score": None}}
    yield "step1 scored", {**everywhere, "step1": {"result": "pass", "attempts": 1, "score": 205}}
    yield "us citizen", {**everywhere, "citizenship": "us_citizen", "visa_needed": "none"}
    yield "h1b", {**everywhere, "visa_needed": "h1b",
                  "step3": {"score": None, "passed": None}}
    for specialty in ("general_surgery", "dermatology", "transitional_year", "psychiatry"):
        yield f"specialty={specialty}", {**everywhere, "specialty": specialty,
                                         "backup_specialty": None}


def digest(value: Any) -> str:
    return hashlib.sha1(repr(value).encode()).hexdigest()[:16]


def fingerprint(result: Assessment) -> dict[str, Any]:
    programs = [[p.program.acgme_id, p.score, p.tier.value, repr(p.chance),
                 p.cap.value if p.cap else None,
                 digest([tuple(r) for r in p.reasons])] for p in result.programs]
    whole = result.to_dict(top=0)
    return {"programs": programs, "rest": digest(json.dumps(whole, sort_keys=True))}


def dump(size: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SEASON_YEAR": SEASON,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'dump.sqlite3'}"})
        with app.app_context():
            db.create_all()
            load_demo(size)
            for document in demo_students(SEASON):
                for name, variant in variants(document):
                    if variant["step2ck"]["score"] is None or variant["step1"]["result"] == "fail":
                        variant = {**variant, "ecfmg_status": "in_progress"}
                    try:
                        profile = parse_profile(copy.deepcopy(variant))
                    except ProfileError as exc:  # a variant the profile rules refuse
                        out[f"{document['name']} / {name}"] = {"programs": [], "rest": str(exc)}
                        continue
                    out[f"{document['name']} / {name}"] = fingerprint(assess_profile(profile))
    return out


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    problems = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is None or new is None:
            problems.append(f"{key}: only {'after' if old is None else 'before'}")
            continue
        if old["rest"] != new["rest"]:
            problems.append(f"{key}: applicant, plan, advice or warnings differ")
        if old["programs"] != new["programs"]:
            changed = [(a, b) for a, b in zip(old["programs"], new["programs"]) if a != b]
            first = changed[0] if changed else (len(old["programs"]), len(new["programs"]))
            problems.append(f"{key}: {len(changed)} programs differ; first: {first}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=13000, help="demo catalog size")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--out", type=Path, help="write the fingerprints here")
    action.add_argument("--compare", type=Path, help="compare with fingerprints written before")
    args = parser.parse_args(argv)
    fingerprints = dump(args.size)
    programs = sum(len(f["programs"]) for f in fingerprints.values())
    print(f"{len(fingerprints)} assessments, {programs:,} scored programs", file=sys.stderr)
    if args.out:
        args.out.write_text(json.dumps({"size": args.size, "assessments": fingerprints}))
        return 0
    before = json.loads(args.compare.read_text())
    if before["size"] != args.size:
        print(f"the file was written at --size {before['size']}", file=sys.stderr)
        return 2
    problems = compare(before["assessments"], fingerprints)
    for line in problems[:20]:
        print(line)
    print(f"{len(problems)} assessments differ" if problems else "identical")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
