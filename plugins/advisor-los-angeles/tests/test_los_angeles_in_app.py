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


def test_the_plan_takes_la_programs_with_non_us_img_residents_first_and_counts_the_groups(
        program_factory, student_factory, advisor_assess, advisor_client):
    # Two LA targets of the same kind: the one training non-US IMGs is priority group 1.
    friendly = program_factory(state="CA", zip="90033", non_us_img_share=0.3)
    few = program_factory(state="CA", zip="90033", non_us_img_share=0.02)
    student = student_factory(target_regions=["los_angeles"])
    result = advisor_assess(student)
    listed = {e.program.acgme_id for e in result.plan.entries}
    assert {friendly.acgme_id, few.acgme_id} <= listed
    (note,) = [n for n in result.plan.notes if n.startswith("Priority groups")]
    la_county = [e.program for e in result.plan.entries
                 if e.program.county == "Los Angeles County"]
    in_first = sum(1 for p in la_county if (p.non_us_img_share or 0) >= 0.1)
    assert f"1. IMG-friendly Los Angeles programs with non-US IMG residents: {in_first};" in note
    page = advisor_client.get(f"/students/{student.id}/advice").get_data(as_text=True)
    assert "IMG-friendly Los Angeles programs with non-US IMG residents" in page
