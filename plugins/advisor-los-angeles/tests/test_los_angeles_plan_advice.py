"""The Los Angeles list plan, the advice a student reads, the applicant summary and the guide."""

from __future__ import annotations

import re


from advisor.enums import (
    Citizenship, ExperienceKind, RemedyKind, Specialty, Step1Result, TieKind, VisaNeed,
)
from advisor.hooks.samples import VARIANTS
from advisor.hooks.types import (
    ClinicalExperience, Place, PlanSummary, PriorityGroup, RegionalTie, UsLetter,
)
from advisor.testing import StrategyReader, make_applicant

from advisor_los_angeles import plugin

LA = Place("CA", "Los Angeles County")
RIVERSIDE = Place("CA", "Riverside County")
PLAN = PlanSummary(total=110, by_tier={"reach": 25, "target": 55, "safety": 30},
                   by_region={"los_angeles": 18, "socal": 30})
US_CITIZEN = dict(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE)

READ = StrategyReader(plugin, PLAN)

PROFILES = {
    "typical J-1": make_applicant(step2ck_score=224),
    "step1 retake, H-1B": make_applicant(step1_attempts=2, step1_score=200, step2ck_score=218,
                                         visa_needed=VisaNeed.H1B),
    "Spanish, LA family": make_applicant(
        step2ck_score=231, languages=("Spanish",), ties=(RegionalTie(TieKind.FAMILY, LA),),
        clinical_experience=(ClinicalExperience(ExperienceKind.SUBINTERNSHIP, 1,
                                                Specialty.INTERNAL_MEDICINE, LA),),
        us_letters=(UsLetter(None, LA),) * 3),
    "citizen, no score": make_applicant(**US_CITIZEN, step2ck_score=None,
                                        graduation_year=2019),
    "surgery hopeful": make_applicant(step1_result=Step1Result.FAIL, step2ck_score=205,
                                      step2ck_attempts=2, specialty=Specialty.GENERAL_SURGERY,
                                      languages=("Korean",),
                                      ties=(RegionalTie(TieKind.WORK, RIVERSIDE),),
                                      clinical_experience=(ClinicalExperience(
                                          ExperienceKind.OBSERVERSHIP, 2, None, RIVERSIDE),)),
}


def words(text: str) -> int:
    return len(re.findall(r"[\w'-]+", text))


# ------------------------------------------------------------------------------- the plan


def test_plan_is_80_to_120_in_three_priority_groups_with_la_as_the_focus():
    contribution = plugin.advisor_plan_list(PROFILES["typical J-1"])
    assert contribution.total == (80, 120)
    assert contribution.shares is None
    assert contribution.priority_groups == (
        PriorityGroup("IMG-friendly Los Angeles programs with non-US IMG residents",
                      area="los_angeles_county", min_non_us_img_share=0.1),
        PriorityGroup("Los Angeles and Southern California programs that sometimes take IMGs",
                      area="southern_california"),
        PriorityGroup("The rest of California and other states"))
    assert "priority groups" in contribution.notes[0]
    assert not any("tier" in n.lower() for n in contribution.notes)
    assert any("sponsor no visa" in n for n in contribution.notes)


def test_harder_specialties_and_visa_plus_weak_exams_start_broader():
    assert plugin.advisor_plan_list(PROFILES["surgery hopeful"]).total == (120, 140)
    assert plugin.advisor_plan_list(PROFILES["step1 retake, H-1B"]).total == (100, 120)
    # The same weak record without a visa need keeps the ordinary floor.
    citizen = make_applicant(**US_CITIZEN, step1_attempts=2, step2ck_score=218)
    contribution = plugin.advisor_plan_list(citizen)
    assert contribution.total == (80, 120)
    assert any("No visa needed" in n for n in contribution.notes)


def test_remedies_add_breadth_beyond_la():
    text = READ.remedy_text(PROFILES["typical J-1"])
    assert "other states" in text and "sponsor your visa" in text
    assert READ.remedy_kinds(PROFILES["typical J-1"])[0] is RemedyKind.WIDER


def test_the_generic_remedies_are_left_to_the_core():
    # A backup specialty and a one-year position are worded no differently here.
    assert RemedyKind.BACKUP_SPECIALTY not in READ.remedy_kinds(make_applicant())
    assert "family medicine" not in READ.remedy_text(make_applicant())


def test_remedies_speak_of_visas_and_step3_only_to_a_student_who_needs_them():
    citizen = READ.remedy_text(make_applicant(**US_CITIZEN, step2ck_score=235))
    assert not re.search(r"visa|J-1|H-1B|sponsor|Step 3", citizen, re.IGNORECASE)
    assert "Step 3" in READ.remedy_text(PROFILES["step1 retake, H-1B"])
    passed = make_applicant(visa_needed=VisaNeed.H1B, step3_passed=True)
    assert "Step 3" not in READ.remedy_text(passed)


def test_the_strengthening_year_follows_what_the_profile_lacks():
    assert "hands-on" in READ.remedy_text(PROFILES["typical J-1"])
    anchored = READ.remedy_text(PROFILES["Spanish, LA family"])
    assert "research" in anchored and "hands-on" not in anchored
    assert "Step 2 CK" in READ.remedy_text(PROFILES["citizen, no score"])


# ------------------------------------------------------------------------------- the advice


def test_step_score_bands_follow_the_la_markers():
    def stand(score):
        return READ.by_theme(make_applicant(step2ck_score=score))["self_assessment"].body
    assert "meets the ~230 mark" in stand(233)
    assert "225-230 screens" in stand(227)
    assert "mid-range LA programs" in stand(214)
    assert "clearly below average" in stand(205)
    assert "NBME" in READ.by_theme(make_applicant(step2ck_score=None))["self_assessment"].body


def test_h1b_need_with_a_low_score_gets_the_step3_point_everywhere_it_matters():
    advice = READ.by_theme(PROFILES["step1 retake, H-1B"])
    assert "pass Step 3 before applying" in advice["self_assessment"].body
    assert "Step 3" in advice["applying_early"].body
    assert "Step 3" in advice["interviews"].body
    done = READ.by_theme(make_applicant(visa_needed=VisaNeed.H1B, step2ck_score=218,
                                        step3_passed=True))
    assert "already satisfies" in done["self_assessment"].body
    assert "Schedule Step 3" not in done["applying_early"].body


def test_a_step1_retake_is_addressed_briefly_with_evidence():
    retake, clean = PROFILES["step1 retake, H-1B"], PROFILES["Spanish, LA family"]
    statement = READ.text(retake, "personal_statement")
    assert "a failed Step 1 attempt" in statement and "two or three sentences" in statement
    assert "20-40 seconds" in READ.text(retake, "interviews")
    assert "Acknowledge" in READ.text(retake, "interviews")
    assert "exam_concern" in READ.claims(retake).made - READ.claims(clean).made


def test_spanish_and_la_family_are_named_together():
    advice = READ.by_theme(PROFILES["Spanish, LA family"])
    assert "Together with your LA ties" in advice["networking"].body
    assert "your family ties in Los Angeles, your Spanish" in advice["personal_statement"].body
    assert "HIV" in advice["networking"].body


def test_nearby_ties_and_experience_are_named_as_near_la_not_as_la():
    advice = READ.by_theme(PROFILES["surgery hopeful"])
    assert "ties in Riverside County put you near Los Angeles" in advice["networking"].body
    assert "Korean-speaking" in advice["networking"].body
    assert "elsewhere in Southern California" in advice["clinical_experience"].body


def test_a_citizen_is_told_what_the_visa_free_position_changes():
    advice = READ.by_theme(PROFILES["citizen, no score"])
    assert "written for graduates who need a visa" in advice["self_assessment"].body
    assert "sponsor none are open to you" in advice["list_building"].body
    assert "need no visa" in advice["interviews"].body
    assert "applying a year later" in advice["applying_early"].body


def test_no_usce_gets_a_concrete_plan():
    advice = READ.by_theme(PROFILES["typical J-1"])["clinical_experience"]
    assert advice.title == "US clinical experience: a plan"
    assert "no_usce" in READ.claims(PROFILES["typical J-1"]).made
    body = advice.body
    assert "1. A 4-week" in body and "safety-net" in body and "shadowing" in body


def test_list_advice_uses_the_plans_numbers():
    thin = PlanSummary(total=60, by_tier={"reach": 20, "target": 35, "safety": 5},
                       by_region={"los_angeles": 12},
                       shortfalls=("Only 60 programs in the catalog fit",))
    body = READ.by_theme(PROFILES["typical J-1"], thin)["list_building"].body
    assert "80-120" in body and "60 programs, 12 in Los Angeles County" in body
    assert "20 short" in body and "Only 8% are safeties" in body
    assert "Only 60 programs in the catalog fit" in body
    healthy = READ.by_theme(PROFILES["typical J-1"])["list_building"].body
    assert "short of" not in healthy and "are safeties" not in healthy


def test_a_competitive_specialty_gets_the_long_route():
    body = READ.by_theme(PROFILES["surgery hopeful"])["backup_plans"].body
    assert "Long route to general surgery" in body


# ------------------------------------------------------------------------ assessment, guide


def test_assessment_flags_the_screen_and_step3():
    weak = plugin.advisor_assess_applicant(PROFILES["step1 retake, H-1B"])
    assert {"la_below_screen", "la_step3_advised", "la_no_local_usce"} <= set(weak.flags)
    assert "225-230" in weak.summary and "Step 1" in weak.summary
    strong = plugin.advisor_assess_applicant(PROFILES["Spanish, LA family"])
    assert strong.flags == ()
    assert "clears" in strong.summary


def test_guide_is_a_full_markdown_page_that_speaks_of_priority_groups_not_tiers():
    assert READ.guide_lacks("225-230", "step 3", "h-1b", "priority group 3", "spanish",
                            "tuberculosis", sections=7) == []
    body = plugin.advisor_guide().body
    assert body.startswith("# ") and 700 <= words(body) <= 1300
    assert "tier 3" not in body.lower()


# ----------------------------------------------------------------- faults of issue 14, fixed


def test_places_without_a_zip_are_not_called_outside_or_missing_from_la():
    # The Los Angeles family's record (ties, rotation, letters), entered with no ZIP.
    unplaced = VARIANTS["places without a county"](PROFILES["Spanish, LA family"])
    assert all(x.place == Place("CA") for x in unplaced.ties + unplaced.us_letters)
    advice = READ.by_theme(unplaced)
    written = READ.everything(unplaced)
    for wrong in ("No LA ties are recorded", "outside Southern California",
                  "Without a personal link to LA"):
        assert wrong not in written
    for theme in ("self_assessment", "personal_statement", "letters", "clinical_experience",
                  "networking"):
        assert "location within ca not given" in advice[theme].body.lower(), theme
    assert "location within CA not given" in plugin.advisor_assess_applicant(unplaced).summary
    assert "location_not_given" in READ.claims(unplaced).made
    # Known to lie elsewhere, the same record is still called what it is.
    texas = Place("TX", "Harris County")
    elsewhere = make_applicant(
        clinical_experience=(ClinicalExperience(ExperienceKind.SUBINTERNSHIP, 2, None, texas),),
        ties=(RegionalTie(TieKind.FAMILY, texas),))
    assert "No LA ties are recorded" in READ.by_theme(elsewhere)["networking"].body
    assert "outside Southern California" in READ.by_theme(elsewhere)["clinical_experience"].body


def test_no_us_clinical_experience_is_never_told_to_cite_us_evaluations():
    for name in ("typical J-1", "step1 retake, H-1B", "citizen, no score"):
        applicant = PROFILES[name]
        assert not applicant.clinical_experience
        assert "evaluation" not in READ.everything(applicant).lower()
        assert not {"has_usce", "has_hands_on_usce"} & READ.claims(applicant).made
    hands_on = make_applicant(step1_attempts=2, clinical_experience=(
        ClinicalExperience(ExperienceKind.SUBINTERNSHIP, 2, None, LA),))
    assert "your US clinical evaluations" in READ.by_theme(hands_on)["interviews"].body


def test_a_student_without_step2ck_is_not_told_to_pass_step3_before_applying():
    for visa in (VisaNeed.H1B, VisaNeed.J1):
        pending = make_applicant(step2ck_score=None, visa_needed=visa)
        text = READ.everything(pending)
        assert "pass Step 3 before applying" not in text.replace("Pass", "pass")
        assert "Schedule Step 3" not in text and "when you will sit Step 3" not in text
        assert "la_step3_advised" not in plugin.advisor_assess_applicant(pending).flags
        assert "Step 3 comes after Step 2 CK" in READ.by_theme(pending)["self_assessment"].body
        assert "step2ck_pending" in READ.claims(pending).made
    assert "Step 2 CK first, then Step 3" in READ.remedy_text(make_applicant(
        step2ck_score=None, visa_needed=VisaNeed.H1B))
    # With a Step 2 CK under 230 the Step 3 advice stands, once Step 1 is passed.
    scored = make_applicant(step2ck_score=222, visa_needed=VisaNeed.J1)
    assert "pass Step 3 before applying" in READ.by_theme(scored)["self_assessment"].body
    unpassed = make_applicant(step2ck_score=222, visa_needed=VisaNeed.J1,
                              step1_result=Step1Result.FAIL)
    assert "pass Step 3 before applying" not in READ.by_theme(unpassed)["self_assessment"].body
