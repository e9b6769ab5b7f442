"""The nationwide strategy inside a running app: it speaks for students who name no region
and scores IMG-friendly programs anywhere (the contract suite checks its advice and guide)."""

from __future__ import annotations

from advisor.testing import reason_sources


def test_a_student_with_no_target_region_gets_the_nationwide_strategy(
        program_factory, student_factory, advisor_assess):
    friendly = program_factory(state="TX", zip="77002", img_share=0.6)
    selective = program_factory(state="MA", zip="02115", img_share=0.05)
    result = advisor_assess(student_factory(target_regions=[]))
    assert not result.warnings and result.strategies == ["nationwide"]
    assert "nationwide" in reason_sources(result, friendly)
    assert "nationwide" not in reason_sources(result, selective)
