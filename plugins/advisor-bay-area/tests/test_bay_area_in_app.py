"""The Bay Area inside a running app: its reasons, plan and advice for a student who targets
it, and its guide page."""

from __future__ import annotations

from markupsafe import escape

from advisor.hooks.types import ADVICE_THEMES


def sources_of(result, program) -> set[str]:  # type: ignore[no-untyped-def]
    scored = next(s for s in result.programs if s.program.acgme_id == program.acgme_id)
    return {reason.source for reason in scored.reasons}


def test_a_student_targeting_the_bay_area_gets_its_reasons_plan_and_advice(
        program_factory, student_factory, advisor_assess, advisor_client):
    oakland = program_factory(state="CA", zip="94612")
    fresno = program_factory(state="CA", zip="93721")
    student = student_factory(
        target_regions=["bay_area"], languages=["cantonese"],
        ties=[{"kind": "family", "state": "CA", "zip": "94110"}])
    result = advisor_assess(student)
    assert not result.warnings and result.strategies == ["bay_area"]
    assert "bay_area" in sources_of(result, oakland)
    assert "bay_area" not in sources_of(result, fresno)
    advice = [section for source, section in result.advice if source == "bay_area"]
    assert {section.theme for section in advice} >= set(ADVICE_THEMES)

    page = advisor_client.get(f"/students/{student.id}/advice").get_data(as_text=True)
    assert str(escape(advice[0].title)) in page
    guide = advisor_client.get("/guides/bay_area").get_data(as_text=True)
    assert "Matching in the San Francisco Bay Area with low scores" in guide
