"""Southern California inside a running app: its cap on the plan, and its own view of Los
Angeles County programs (the contract suite checks its advice and guide)."""

from __future__ import annotations

from advisor.testing import reason_sources


def test_a_socal_student_gets_a_socal_cap_and_socal_reasons_on_los_angeles_county_programs(
        program_factory, student_factory, advisor_assess):
    # An academic centre stating no Step 2 CK figures: SoCal's coastal expectations apply,
    # whichever other plugins also cover Los Angeles County.
    los_angeles = program_factory(state="CA", zip="90033", program_type="academic",
                                  step2_median=None, step2_min=None)
    student = student_factory(target_regions=["socal"], step2ck={"score": 221, "attempts": 1})
    result = advisor_assess(student)
    assert any(cap.region == "socal" for cap in result.plan.caps)
    scored = next(s for s in result.programs if s.program.acgme_id == los_angeles.acgme_id)
    assert {"socal", "los_angeles"} <= set(scored.program.regions)
    assert "socal" in reason_sources(result, los_angeles)
