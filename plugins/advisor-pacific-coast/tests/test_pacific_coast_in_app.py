"""The Pacific Coast inside a running app: its A/B/C tier is the student's, and stored with
them (the contract suite checks its advice and guide in the app)."""

from __future__ import annotations


def test_a_student_targeting_the_pacific_coast_gets_and_keeps_its_tier(
        student_factory, advisor_assess):
    student = student_factory(target_regions=["pacific_coast"])
    result = advisor_assess(student)
    assert result.applicant.tier in {"A", "B", "C"}
    assert result.applicant.tier_source == "pacific_coast"
    assert student.applicant_tier == result.applicant.tier
