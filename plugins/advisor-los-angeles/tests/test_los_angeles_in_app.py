"""Los Angeles inside a running app: its priority groups in the plan and on the advice page
(the contract suite checks its advice and guide in the app)."""

from __future__ import annotations


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
