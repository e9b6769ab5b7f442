"""The core on ECFMG certification, English and gaps in training: it names what the profile
records, says nothing of a blank, and changes no score."""

from __future__ import annotations

from advisor.enums import EcfmgStatus, OetStatus, SpokenEnglish, Step1Result
from advisor.scoring import core_plugin, core_rules
from advisor.scoring.readiness import flags_and_notes, plan_notes
from advisor.testing import make_applicant, make_program

RECORDED = dict(ecfmg_status=EcfmgStatus.IN_PROGRESS, oet_status=OetStatus.NOT_TAKEN,
                spoken_english=SpokenEnglish.NEEDS_WORK, training_gap_months=14,
                training_gap_explained=False)


def test_nothing_recorded_says_nothing():
    applicant = make_applicant()
    assert flags_and_notes(applicant) == ([], [])
    assert plan_notes(applicant) == []


def test_recorded_risks_are_flagged_and_noted():
    flags, notes = flags_and_notes(make_applicant(**RECORDED))
    assert flags == ["ecfmg_incomplete", "oet_not_taken", "spoken_english_needs_work",
                     "training_gap", "training_gap_unexplained"]
    assert notes == ["ECFMG certification in progress", "OET Medicine not taken yet",
                     "spoken English needs work", "a 14-month gap in training (not explained yet)"]
    ecfmg, gap, english = plan_notes(make_applicant(**RECORDED))
    assert ecfmg.startswith("ECFMG certification is recorded as in progress: the Match withdraws")
    assert ecfmg.endswith("Still to pass, as the profile shows: OET Medicine.")
    assert gap.startswith("A gap of 14 months out of clinical training or practice is on "
                          "record, not explained yet: programs ask")
    assert english.startswith("Spoken English is recorded as needing work")


def test_what_is_still_to_pass_comes_only_from_the_profile():
    applicant = make_applicant(ecfmg_status=EcfmgStatus.NOT_STARTED,
                               step1_result=Step1Result.NOT_TAKEN, step1_attempts=0,
                               step2ck_score=None, step2ck_attempts=0)
    (note,) = plan_notes(applicant)
    assert note.endswith("Still to pass, as the profile shows: Step 1 and Step 2 CK.")
    # OET not recorded: not listed as missing, and no "still to pass" when nothing shows.
    (note,) = plan_notes(make_applicant(ecfmg_status=EcfmgStatus.IN_PROGRESS))
    assert "Still to pass" not in note and "OET" not in note


def test_a_missing_english_test_is_named_even_when_certification_is_not_recorded():
    (note,) = plan_notes(make_applicant(oet_status=OetStatus.NOT_PASSED))
    assert note.startswith("OET Medicine is recorded as not passed yet: ECFMG certification "
                           "needs it passed")


def test_good_news_and_short_gaps_raise_no_concern():
    applicant = make_applicant(ecfmg_status=EcfmgStatus.CERTIFIED, oet_status=OetStatus.PASSED,
                               spoken_english=SpokenEnglish.STRONG, training_gap_months=11)
    assert flags_and_notes(applicant) == (["ecfmg_certified"], ["ECFMG certified"])
    assert plan_notes(applicant) == []


def test_an_unrecorded_explanation_is_said_as_not_recorded_not_as_no():
    applicant = make_applicant(training_gap_months=24)
    assert flags_and_notes(applicant) == (["training_gap"], ["a 24-month gap in training"])
    (note,) = plan_notes(applicant)
    assert "whether it is explained is not recorded" in note and "not explained yet" not in note


def test_the_core_plugin_carries_them_and_no_score_changes():
    plain, recorded = make_applicant(), make_applicant(**RECORDED)
    assert "ECFMG certification in progress" in core_plugin.advisor_assess_applicant(recorded).summary
    assert core_plugin.advisor_plan_list(recorded).notes == tuple(plan_notes(recorded))
    assert core_plugin.advisor_plan_list(plain).notes == ()
    programs = [make_program(acgme_id="P1"), make_program(acgme_id="P2", visa_h1b=True)]
    assert core_rules.adjust(recorded, programs) == core_rules.adjust(plain, programs)
