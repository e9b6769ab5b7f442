"""The office-evidence rule: our graduates' outcomes move a program's score, with a reason."""

from __future__ import annotations

from advisor.enums import Citizenship, Tier, VisaNeed
from advisor.hooks.manager import PluginRegistry
from advisor.scoring import core_plugin
from advisor.scoring.evidence import EVIDENCE_SOURCE, Evidence, PastApplication, program_record
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
    assert hit.tier.value != plain.tier.value
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


def test_without_evidence_the_scores_are_the_engine_s_own() -> None:
    programs = [make_program(), make_program(img_share=0.1)]
    plain = _scored(programs)
    empty = _scored(programs, Evidence([]))
    assert {k: v.score for k, v in plain.items()} == {k: v.score for k, v in empty.items()}


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
