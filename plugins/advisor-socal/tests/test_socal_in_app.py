"""Southern California inside a running app: its reasons, plan and advice for a student who
targets it, its guide page, and its own view of Los Angeles County programs."""

from __future__ import annotations

from markupsafe import escape

from advisor.hooks.types import ADVICE_THEMES


def sources_of(result, program) -> set[str]:  # type: ignore[no-untyped-def]
    scored = next(s for s in result.programs if s.program.acgme_id == program.acgme_id)
    return {reason.source for reason in scored.reasons}


def test_a_student_targeting_socal_gets_its_reasons_plan_and_advice(
        program_factory, student_factory, advisor_assess, advisor_client):
    orange = program_factory(state="CA", zip="92868", step2_median=None, step2_min=None)
    fresno = program_factory(state="CA", zip="93721")
    student = student_factory(target_regions=["socal"], citizenship="us_citizen",
                              visa_needed="none", languages=["spanish"])
    result = advisor_assess(student)
    assert not result.warnings and result.strategies == ["socal"]
    assert "socal" in sources_of(result, orange)
    assert "socal" not in sources_of(result, fresno)
    assert any(cap.region == "socal" for cap in result.plan.caps)
    advice = [section for source, section in result.advice if source == "socal"]
    assert {section.theme for section in advice} >= set(ADVICE_THEMES)

    page = advisor_client.get(f"/students/{student.id}/advice").get_data(as_text=True)
    assert str(escape(advice[0].title)) in page
    guide = advisor_client.get("/guides/socal").get_data(as_text=True)
    assert "Southern California for US-citizen IMGs" in guide


def test_a_socal_student_gets_socal_reasons_on_los_angeles_county_programs(
        program_factory, student_factory, advisor_assess):
    # An academic centre stating no Step 2 CK figures: SoCal's coastal expectations apply,
    # whichever other plugins also cover Los Angeles County.
    los_angeles = program_factory(state="CA", zip="90033", program_type="academic",
                                  step2_median=None, step2_min=None)
    student = student_factory(target_regions=["socal"], step2ck={"score": 221, "attempts": 1})
    result = advisor_assess(student)
    scored = next(s for s in result.programs if s.program.acgme_id == los_angeles.acgme_id)
    assert {"socal", "los_angeles"} <= set(scored.program.regions)
    assert "socal" in sources_of(result, los_angeles)
