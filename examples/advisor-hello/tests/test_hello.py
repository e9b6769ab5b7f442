"""The hello plugin adds its note to every student's advice, and moves no score."""

from __future__ import annotations

from advisor.plugin_contract import StrategyContract
from advisor_hello import plugin


def scores(assessment):
    return {s.program.acgme_id: (s.score, s.tier) for s in assessment.programs}


def test_every_student_reads_the_note_and_no_score_moves(
        student_factory, advisor_assess, with_plugin):
    student = student_factory(name="Ana Rivera")
    before = advisor_assess(student)
    with_plugin(plugin, name="hello")
    after = advisor_assess(student)
    notes = [section for source, section in after.advice if source == "hello"]
    assert [note.title for note in notes] == ["Practise with us"]
    assert notes[0].body.startswith("Ana, book a mock interview")
    assert f"this list of {len(after.plan.entries)} programs" in notes[0].body
    assert scores(after) == scores(before)


def test_the_note_is_on_the_advice_page(student_factory, advisor_client, with_plugin):
    with_plugin(plugin, name="hello")
    student = student_factory()
    page = advisor_client.get(f"/students/{student.id}/advice")
    assert "Practise with us" in page.get_data(as_text=True)


class TestContract(StrategyContract):
    # Not installed for the tests: the suite registers the module itself.
    plugin_name = "hello"
    plugin_object = plugin
