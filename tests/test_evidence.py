"""The office-evidence rule: our graduates' outcomes move a program's score, with a reason."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from advisor.enums import Citizenship, Tier, VisaNeed
from advisor.plugin_registry import PluginRegistry
from advisor.scoring import core_plugin
from advisor.scoring.evidence import (
    EVIDENCE_SOURCE,
    Evidence,
    PastApplication,
    evidence_adjustments,
    is_similar,
    program_record,
)
from advisor.scoring.engine import assess
from advisor.testing import make_applicant, make_program


def _registry() -> PluginRegistry:
    registry = PluginRegistry()
    registry.register(core_plugin, "core")
    return registry


def _past(acgme_id: str, step2: int | None, interviewed: bool, season: int = 2024,
          visa: VisaNeed = VisaNeed.J1) -> PastApplication:
    return PastApplication(acgme_id, season, step2, Citizenship.NON_US, visa, interviewed)


def _scored(programs, evidence=None, **applicant):  # type: ignore[no-untyped-def]
    result = assess(make_applicant(**applicant), programs, _registry(), evidence)
    return {s.program.acgme_id: s for s in result.programs}


def _evidence_reasons(scored) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text for r in scored.reasons if r.source == EVIDENCE_SOURCE]


def test_similar_graduates_interviewed_lift_the_program_and_say_so() -> None:
    program, twin = make_program(), make_program()
    evidence = Evidence([_past(program.acgme_id, 214, True, 2024),
                         _past(program.acgme_id, 222, True, 2025),
                         _past(program.acgme_id, 218, True, 2025)])
    scored = _scored([program, twin], evidence, step2ck_score=218)
    assert scored[program.acgme_id].score > scored[twin.acgme_id].score
    assert _evidence_reasons(scored[program.acgme_id]) == [
        "3 of our graduates needing a visa, with Step 2 CK 214-222, interviewed here since 2024"]
    assert _evidence_reasons(scored[twin.acgme_id]) == []


def test_ten_similar_graduates_never_interviewed_make_the_program_less_realistic() -> None:
    program, twin = make_program(), make_program()
    evidence = Evidence([_past(program.acgme_id, 220 + i % 5, False, 2023 + i % 3)
                         for i in range(10)])
    scored = _scored([program, twin], evidence, step2ck_score=222)
    hit, plain = scored[program.acgme_id], scored[twin.acgme_id]
    assert hit.score < plain.score - 5
    assert hit.chance < plain.chance / 2
    assert _evidence_reasons(hit) == [
        "None of our 10 graduates needing a visa, with Step 2 CK 220-224, who applied here "
        "since 2023 was interviewed"]


def test_graduates_unlike_the_applicant_do_not_count() -> None:
    program = make_program()
    evidence = Evidence([
        _past(program.acgme_id, 245, True),                    # far higher Step 2 CK
        _past(program.acgme_id, 224, True, visa=VisaNeed.NONE),  # needed no visa
    ])
    scored = _scored([program], evidence, step2ck_score=224)
    assert _evidence_reasons(scored[program.acgme_id]) == []


def test_some_interviews_among_more_applicants_are_counted_against_the_whole() -> None:
    program = make_program()
    evidence = Evidence([_past(program.acgme_id, 226, True, 2025)]
                        + [_past(program.acgme_id, 226, False, 2024) for _ in range(4)])
    reasons = _evidence_reasons(_scored([program], evidence)[program.acgme_id])
    assert reasons == ["One of our graduates needing a visa, with Step 2 CK 226, interviewed "
                       "here in 2025 (of 5 similar applicants)"]


def test_evidence_cannot_make_an_ineligible_program_eligible() -> None:
    program = make_program(visa_j1=False, visa_h1b=False)  # sponsors no visa: ruled out
    evidence = Evidence([_past(program.acgme_id, 225, True) for _ in range(5)])
    assert _scored([program], evidence)[program.acgme_id].tier is Tier.INELIGIBLE


def test_evidence_about_unlike_graduates_leaves_the_scores_alone() -> None:
    programs = [make_program(), make_program(img_share=0.1)]
    plain = _scored(programs)
    unlike = _scored(programs, Evidence([_past(programs[0].acgme_id, 250, True),
                                         _past(programs[1].acgme_id, 190, False)]))
    assert {k: v.score for k, v in plain.items()} == {k: v.score for k, v in unlike.items()}


def test_a_capped_tier_stands_for_no_more_than_its_band_s_chance() -> None:
    from advisor.scoring.chances import TIER_BANDS, ChanceModel, Population

    model = ChanceModel(Population.US_IMG)
    bands = dict(TIER_BANDS)
    assert model.chance(99) > bands[Tier.SAFETY]
    assert model.chance(99, Tier.REACH) == bands[Tier.TARGET]
    assert model.chance(99, Tier.TARGET) == bands[Tier.SAFETY]
    assert model.chance(99, Tier.SAFETY) == model.chance(99)
    assert model.chance(99, Tier.INELIGIBLE) == 0


def test_program_record_counts_and_mixes() -> None:
    apps = [PastApplication("P1", 2024, 214, Citizenship.NON_US, VisaNeed.J1, True, True, True),
            PastApplication("P1", 2025, 231, Citizenship.US_CITIZEN, VisaNeed.NONE, True),
            PastApplication("P1", 2025, None, Citizenship.NON_US, VisaNeed.H1B, False)]
    record = program_record(apps)
    assert (record.applied, record.interviewed, record.ranked, record.matched) == (3, 2, 1, 1)
    assert record.step2_range == (214, 231)
    assert record.seasons == (2024, 2025)
    assert record.citizenship == {Citizenship.NON_US: 2, Citizenship.US_CITIZEN: 1}
    assert record.visas == {VisaNeed.J1: 1, VisaNeed.NONE: 1, VisaNeed.H1B: 1}


def test_the_advice_page_gives_the_evidence_reason(advisor_app, advisor_client,
                                                   student_factory) -> None:  # type: ignore[no-untyped-def]
    from advisor.extensions import db
    from advisor.services.outcomes import OutcomeRow, save_season

    for i, season in enumerate((2024, 2025)):
        grad = student_factory(name=f"Grad {i}", step2ck={"score": 219 + 3 * i, "attempts": 1})
        grad.season_year = season
        save_season(grad, season, [OutcomeRow("CAT0013", interviewed=True)])
    db.session.commit()
    student = student_factory(name="Applicant", step2ck={"score": 220, "attempts": 1})

    html = advisor_client.get(f"/students/{student.id}/advice").get_data(as_text=True)
    assert ("2 of our graduates needing a visa, with Step 2 CK 219-222, interviewed here "
            "since 2024") in html
    assert "(Our graduates&#39; outcomes)" in html


def _record(student_factory, name: str, season: int, step2: int, acgme_id: str,
            interviewed: bool) -> None:  # type: ignore[no-untyped-def]
    from advisor.extensions import db
    from advisor.services.outcomes import OutcomeRow, save_season

    grad = student_factory(name=name, step2ck={"score": step2, "attempts": 1})
    grad.season_year = season
    save_season(grad, season, [OutcomeRow(acgme_id, interviewed=interviewed)])
    db.session.commit()


def test_a_season_still_under_way_is_not_evidence(advisor_app, student_factory) -> None:  # type: ignore[no-untyped-def]
    from advisor.services.evidence import past_applications

    _record(student_factory, "Finished", 2025, 220, "CAT0013", True)
    _record(student_factory, "Waiting", 2026, 220, "CAT0013", False)  # no interview *yet*
    assert [a.season for a in past_applications()] == [2025]


def test_an_unreadable_snapshot_is_left_out_and_pages_still_render(
        advisor_app, advisor_client, student_factory) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from advisor.extensions import db
    from advisor.models import Outcome
    from advisor.services.evidence import past_applications

    _record(student_factory, "Good", 2025, 220, "CAT0013", True)
    _record(student_factory, "Odd", 2024, 220, "CAT0013", True)
    odd = db.session.scalar(select(Outcome).where(Outcome.season == 2024))
    odd.profile = {"name": "hand-edited"}
    db.session.commit()
    assert [a.season for a in past_applications()] == [2025]
    student = student_factory(name="Applicant")
    assert advisor_client.get(f"/students/{student.id}/advice").status_code == 200
    assert advisor_client.get("/programs/CAT0013").status_code == 200


def test_a_shared_page_does_not_describe_other_students(advisor_app, advisor_client,
                                                        student_factory) -> None:  # type: ignore[no-untyped-def]
    import re

    for i in range(2):
        _record(student_factory, f"Grad {i}", 2025, 219 + 3 * i, "CAT0013", True)
    student = student_factory(name="Applicant", step2ck={"score": 220, "attempts": 1})
    staff = advisor_client.get(f"/students/{student.id}/advice").get_data(as_text=True)
    assert "2 of our graduates needing a visa, with Step 2 CK 219-222" in staff
    created = advisor_client.post(f"/students/{student.id}/share", data={"days": "7"})
    link = re.search(r"/shared/[\w-]+", created.get_data(as_text=True)).group(0)
    shared = advisor_client.get(link).get_data(as_text=True)
    assert "Past graduates of our school with similar profiles did well here" in shared
    assert "Step 2 CK 219-222" not in shared and "2 of our graduates" not in shared


def test_a_student_is_judged_as_of_their_own_season(advisor_app, advisor_assess,
                                                     student_factory) -> None:  # type: ignore[no-untyped-def]
    from advisor.extensions import db

    # Graduated 2021: five years out in 2026, within every catalog program's limit of five;
    # six years out in 2027, past it.
    student = student_factory(name="Later", graduation_year=2021)

    def ruled_out_for_graduation_year() -> int:
        return sum(any("graduated 6 years ago" in r.text for r in s.reasons)
                   and s.tier is Tier.INELIGIBLE for s in advisor_assess(student).programs)

    assert ruled_out_for_graduation_year() == 0
    student.season_year = 2027
    db.session.commit()
    assert ruled_out_for_graduation_year() == len(advisor_assess(student).programs)


@given(interviewed=st.integers(0, 12), refused=st.integers(0, 12), score=st.floats(0, 100))
def test_another_interview_never_makes_a_program_look_worse(interviewed, refused, score) -> None:  # type: ignore[no-untyped-def]
    program = make_program()
    applicant = make_applicant()

    def delta(extra_interviews: int) -> float:
        evidence = Evidence([_past(program.acgme_id, 225, True)] * (interviewed + extra_interviews)
                            + [_past(program.acgme_id, 225, False)] * refused)
        found = evidence_adjustments(applicant, [program], [score], evidence)
        return found[0].delta if found else 0.0

    assert delta(1) >= delta(0) - 0.1  # rounding to one decimal
    # Turning a refusal into an interview helps too.
    if refused:
        fewer_refusals = Evidence([_past(program.acgme_id, 225, True)] * (interviewed + 1)
                                  + [_past(program.acgme_id, 225, False)] * (refused - 1))
        found = evidence_adjustments(applicant, [program], [score], fewer_refusals)
        assert (found[0].delta if found else 0.0) >= delta(0) - 0.1


def test_the_cached_evidence_follows_every_change(advisor_app, student_factory) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from advisor.extensions import db
    from advisor.models import Student
    from advisor.services.evidence import office_evidence
    from advisor.services.outcomes import OutcomeRow, save_season
    from advisor.services.students import delete_student, restore_student

    def interviews() -> list[bool]:
        return [a.interviewed for a in office_evidence().by_program.get("CAT0013", [])]

    assert interviews() == []
    first = office_evidence()
    assert office_evidence() is first  # nothing changed: no second read

    _record(student_factory, "Grad", 2025, 220, "CAT0013", False)
    assert interviews() == [False]
    grad = db.session.scalar(select(Student).where(Student.name == "Grad"))
    save_season(grad, 2025, [OutcomeRow("CAT0013", interviewed=True)])
    db.session.commit()
    assert interviews() == [True]
    delete_student(grad)
    db.session.commit()
    assert interviews() == []
    restore_student(grad)
    db.session.commit()
    assert interviews() == [True]


@given(interviewed=st.integers(0, 12), refused=st.integers(0, 12), score=st.floats(-60, 160))
def test_evidence_moves_a_score_only_the_way_it_points(interviewed, refused, score) -> None:  # type: ignore[no-untyped-def]
    """No interview among our graduates never lifts a program, and only interviews never lower
    one, however low or high its score so far (a score far below the chance model's floor was
    once lifted to the floor by graduates who were all refused)."""
    program = make_program()
    evidence = Evidence([_past(program.acgme_id, 225, True)] * interviewed
                        + [_past(program.acgme_id, 225, False)] * refused)
    found = evidence_adjustments(make_applicant(), [program], [score], evidence)
    delta = found[0].delta if found else 0.0
    if not interviewed:
        assert delta <= 0
    if not refused:
        assert delta >= 0


def test_a_long_shot_whose_graduate_was_refused_is_not_lifted() -> None:
    program = make_program()
    evidence = Evidence([_past(program.acgme_id, 225, False, 2023)])
    found = evidence_adjustments(make_applicant(), [program], [5.0], evidence)
    assert [a.delta < 0 for a in found] == [True]


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(195, 245)), st.sampled_from(VisaNeed),
                          st.booleans()), max_size=12),
       st.one_of(st.none(), st.integers(200, 240)), st.sampled_from(VisaNeed))
def test_the_counts_and_the_reason_rest_on_the_same_similar_graduates(apps, step2, visa) -> None:  # type: ignore[no-untyped-def]
    # The counts that move a score and the applications its reason is written from are found
    # two ways (by profile bucket, by program); both must pick exactly the similar graduates.
    applicant = make_applicant(step2ck_score=step2, visa_needed=visa)
    evidence = Evidence([_past(f"P{i % 3}", score, interviewed, visa=need)
                         for i, (score, need, interviewed) in enumerate(apps)])
    applied, interviewed = evidence.similar_counts(applicant)
    for acgme_id in ("P0", "P1", "P2"):
        expected = [a for a in evidence.by_program.get(acgme_id, ()) if is_similar(applicant, a)]
        assert evidence.similar(applicant, acgme_id) == expected
        assert applied.get(acgme_id, 0) == len(expected)
        assert interviewed.get(acgme_id, 0) == sum(a.interviewed for a in expected)
