"""Los Angeles inside a running app: its reasons, plan and advice for a student who targets
it, and its guide page."""

from __future__ import annotations

from markupsafe import escape

from advisor.hooks.types import ADVICE_THEMES


def sources_of(result, program) -> set[str]:  # type: ignore[no-untyped-def]
    scored = next(s for s in result.programs if s.program.acgme_id == program.acgme_id)
    return {reason.source for reason in scored.reasons}


def test_a_student_targeting_los_angeles_gets_its_reasons_plan_and_advice(
        program_factory, student_factory, advisor_assess, advisor_client):
    county = program_factory(state="CA", zip="90813", program_type="county")
    orange = program_factory(state="CA", zip="92868")
    student = student_factory(
        target_regions=["los_angeles"], languages=["spanish"],
        clinical_experience=[{"kind": "elective", "months": 2, "state": "CA", "zip": "90033"}])
    result = advisor_assess(student)
    assert not result.warnings and result.strategies == ["los_angeles"]
    assert "los_angeles" in sources_of(result, county)
    assert "los_angeles" not in sources_of(result, orange)
    advice = [section for source, section in result.advice if source == "los_angeles"]
    assert {section.theme for section in advice} >= set(ADVICE_THEMES)

    page = advisor_client.get(f"/students/{student.id}/advice").get_data(as_text=True)
    assert str(escape(advice[0].title)) in page
    guide = advisor_client.get("/guides/los_angeles").get_data(as_text=True)
    assert "Los Angeles for non-US-citizen IMGs" in guide
