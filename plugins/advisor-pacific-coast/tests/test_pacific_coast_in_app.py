"""The Pacific Coast inside a running app: its A/B/C tier, reasons, plan and advice for a
student who targets it, and its guide page."""

from __future__ import annotations

from markupsafe import escape

from advisor.hooks.types import ADVICE_THEMES


def sources_of(result, program) -> set[str]:  # type: ignore[no-untyped-def]
    scored = next(s for s in result.programs if s.program.acgme_id == program.acgme_id)
    return {reason.source for reason in scored.reasons}


def test_a_student_targeting_the_pacific_coast_gets_its_tier_reasons_plan_and_advice(
        program_factory, student_factory, advisor_assess, advisor_client):
    portland = program_factory(state="OR", zip="97201")
    houston = program_factory(state="TX", zip="77002")
    student = student_factory(target_regions=["pacific_coast"])
    result = advisor_assess(student)
    assert not result.warnings and result.strategies == ["pacific_coast"]
    assert result.applicant.tier in {"A", "B", "C"}
    assert result.applicant.tier_source == "pacific_coast"
    assert student.applicant_tier == result.applicant.tier
    assert "pacific_coast" in sources_of(result, portland)
    assert "pacific_coast" not in sources_of(result, houston)
    advice = [section for source, section in result.advice if source == "pacific_coast"]
    assert {section.theme for section in advice} >= set(ADVICE_THEMES)

    page = advisor_client.get(f"/students/{student.id}/advice").get_data(as_text=True)
    assert str(escape(advice[0].title)) in page
    guide = advisor_client.get("/guides/pacific_coast").get_data(as_text=True)
    assert "The Pacific Coast for non-US IMGs with modest scores" in guide
