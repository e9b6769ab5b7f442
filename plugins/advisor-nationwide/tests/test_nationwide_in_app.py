"""The nationwide strategy inside a running app: it speaks for students who name no region,
scores IMG-friendly programs anywhere, and serves its guide page."""

from __future__ import annotations

from markupsafe import escape

from advisor.hooks.types import ADVICE_THEMES


def sources_of(result, program) -> set[str]:  # type: ignore[no-untyped-def]
    scored = next(s for s in result.programs if s.program.acgme_id == program.acgme_id)
    return {reason.source for reason in scored.reasons}


def test_a_student_with_no_target_region_gets_the_nationwide_strategy(
        program_factory, student_factory, advisor_assess, advisor_client):
    friendly = program_factory(state="TX", zip="77002", img_share=0.6)
    selective = program_factory(state="MA", zip="02115", img_share=0.05)
    student = student_factory(target_regions=[])
    result = advisor_assess(student)
    assert not result.warnings and result.strategies == ["nationwide"]
    assert "nationwide" in sources_of(result, friendly)
    assert "nationwide" not in sources_of(result, selective)
    advice = [section for source, section in result.advice if source == "nationwide"]
    assert {section.theme for section in advice} >= set(ADVICE_THEMES)

    page = advisor_client.get(f"/students/{student.id}/advice").get_data(as_text=True)
    assert str(escape(advice[0].title)) in page
    guide = advisor_client.get("/guides/nationwide").get_data(as_text=True)
    assert "IMG-friendly programs nationwide" in guide
