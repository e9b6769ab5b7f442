"""How advice names a student's exam record: what a program would ask about, and the proof
that things have changed since, each only from what the profile holds."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.enums import Step1Result
from advisor.hooks.facts import STEP1_LOW, STEP2CK_LOW
from advisor.hooks.places import HANDS_ON
from advisor.hooks.types import Applicant

# A Step 2 CK this far above Step 1 shows an upward trend (seed guide 004_d7b6c2b92d1fd70f.txt).
RISE = 15
# A Step 2 CK at least this high answers a Step 1 concern on its own (seed guides 000, 001).
STRONG_STEP2CK = 230


def step1_concern(a: Applicant) -> str | None:
    """The Step 1 record in a program's words, or None when it is clean."""
    if a.step1_result is Step1Result.FAIL:
        return "a Step 1 failure that is not yet passed"
    if fails := a.step1_failures:
        return "a failed Step 1 attempt" if fails == 1 else f"{fails} failed Step 1 attempts"
    if a.step1_score is not None and a.step1_score < STEP1_LOW:
        return f"a low numeric Step 1 score ({a.step1_score})"
    return None


@dataclass(frozen=True, slots=True)
class ExamRecord:
    """`step1`: the Step 1 concern or None; `issues`: everything an interviewer would ask
    about (empty for a clean record, exactly when the fact exam_concern is false);
    `evidence`: proof of progress. US evaluations count as proof only with hands-on US
    clinical experience on record, and Step 3 only when passed."""

    step1: str | None
    issues: tuple[str, ...]
    evidence: tuple[str, ...]

    @classmethod
    def of(cls, a: Applicant) -> ExamRecord:
        s1, s2 = a.step1_score, a.step2ck_score
        step1 = step1_concern(a)
        issues = [step1] if step1 else []
        if a.step2ck_attempts > 1:
            issues.append("a repeated Step 2 CK")
        elif s2 is not None and s2 < STEP2CK_LOW:
            issues.append(f"a Step 2 CK of {s2}")
        proof = []
        if s1 is not None and s2 is not None and s2 - s1 >= RISE:
            proof.append(f"a Step 2 CK {s2 - s1} points above your Step 1")
        elif step1 and s2 is not None and s2 >= STRONG_STEP2CK:
            proof.append(f"a Step 2 CK of {s2}")
        if a.step3_passed:
            proof.append("a passed Step 3")
        if any(e.kind in HANDS_ON for e in a.clinical_experience):
            proof.append("your US clinical evaluations")
        return cls(step1, tuple(issues), tuple(proof))
