"""The list planner: sizes, shares, caps, shortfalls."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.enums import Citizenship, RemedyKind, Specialty, Tier, VisaNeed
from advisor.hooks.types import PlanContribution, PriorityGroup, RegionCap, Remedy
from advisor.scoring.goals import InterviewGoals
from advisor.scoring.planner import LIST_TIERS, combine, plan_list
from advisor.scoring.results import ReasonLedger, ScoredProgram
from advisor.testing import make_applicant, make_program

LEDGER = ReasonLedger(index={})
# A chance inside each tier's band (advisor.scoring.chances.TIER_BANDS).
CHANCE = {Tier.SAFETY: 0.25, Tier.TARGET: 0.10, Tier.REACH: 0.04, Tier.LONG_SHOT: 0.01,
          Tier.INELIGIBLE: 0.0}


def scored(tier: Tier, n: int, score: float = 60.0, chance: float | None = None,
           **program_kwargs) -> list[ScoredProgram]:  # type: ignore[no-untyped-def]
    """`n` programs of one tier, best first: scores and chances fall a little each; a higher
    `score` gives a higher chance within the tier."""
    top = CHANCE[tier] + (score - 60.0) * 0.0005 if chance is None else chance
    return [ScoredProgram(make_program(**program_kwargs), score - i * 0.1, tier, LEDGER, 0,
                          max(0.0, top - i * 0.0001)) for i in range(n)]


def count(plan, tier: Tier) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for e in plan.entries if e.tier is tier)


CORE = ("core", PlanContribution(total=(80, 120), shares={"reach": (0.2, 0.3), "target": (0.4, 0.5),
                                                          "safety": (0.2, 0.3)},
                                 remedies=(Remedy(RemedyKind.BACKUP_SPECIALTY,
                                                  "Add a backup specialty."),
                                           Remedy(RemedyKind.WIDER, "Apply more widely."))))


def test_a_full_catalog_gives_the_middle_of_the_range_in_the_planned_shares():
    programs = scored(Tier.SAFETY, 60, 80) + scored(Tier.TARGET, 80) + scored(Tier.REACH, 60, 45)
    plan = plan_list(make_applicant(), programs, [CORE])
    assert len(plan.entries) == 100
    # the shares' midpoints (25/45/25%) scaled up to fill the whole list
    assert (count(plan, Tier.SAFETY), count(plan, Tier.TARGET), count(plan, Tier.REACH)) == (26, 48, 26)
    assert plan.shortfalls == []
    # best first within each tier, tiers in order
    assert [e.tier for e in plan.entries[:26]] == [Tier.SAFETY] * 26
    assert plan.entries[0].score == 80
    # 26 safeties at about 26%, 48 targets at 10%, 26 reaches at 3%: well over the goal of 8, so the list stays at 100
    assert plan.expected_interviews == pytest.approx(12.2, abs=0.2)
    assert plan.interview_goal == 8 and plan.goal_met and plan.remedies == []


def test_a_tier_short_of_candidates_borrows_from_its_neighbour_and_says_so():
    programs = scored(Tier.SAFETY, 5, 80) + scored(Tier.TARGET, 200)
    plan = plan_list(make_applicant(), programs, [CORE])
    assert count(plan, Tier.SAFETY) == 5
    assert any("Only 5 safeties for a planned 26" in s and "21 targets take their place" in s
               for s in plan.shortfalls)
    assert len(plan.entries) == 100


def test_expected_interviews_below_the_goal_grow_the_list_toward_its_upper_bound():
    # 100 reaches at 4% expect 4 interviews: the list grows, most likely first, to 120.
    programs = scored(Tier.REACH, 150) + scored(Tier.LONG_SHOT, 100, 30)
    plan = plan_list(make_applicant(), programs, [CORE])
    assert len(plan.entries) == 120
    assert count(plan, Tier.REACH) == 120 and count(plan, Tier.LONG_SHOT) == 0
    assert plan.expected_interviews == pytest.approx(sum(e.chance for e in plan.entries))
    assert not plan.goal_met
    assert "well short of the goal" in " ".join(plan.headline)
    assert plan.remedies == ["Apply more widely.", "Add a backup specialty."]


def test_a_list_meeting_its_goal_does_not_grow():
    programs = scored(Tier.SAFETY, 200, 80)
    plan = plan_list(make_applicant(), programs, [CORE])
    assert len(plan.entries) == 100 and plan.goal_met


def test_long_shots_fill_only_when_nothing_else_is_left_and_the_plan_says_so():
    programs = scored(Tier.REACH, 10) + scored(Tier.LONG_SHOT, 200, 30) + scored(Tier.INELIGIBLE, 50)
    plan = plan_list(make_applicant(), programs, [CORE])
    assert count(plan, Tier.REACH) == 10
    # the minimum of 80 and then the goal grow the list to its upper bound of 120
    assert count(plan, Tier.LONG_SHOT) == 110
    assert count(plan, Tier.INELIGIBLE) == 0
    assert any("long shots were added" in s for s in plan.shortfalls)


def test_a_catalog_too_small_for_the_minimum_says_so():
    plan = plan_list(make_applicant(), scored(Tier.TARGET, 12), [CORE])
    assert len(plan.entries) == 12
    assert any("calls for at least 80" in s for s in plan.shortfalls)


def test_a_specialty_with_nothing_eligible_is_said_first():
    applicant = make_applicant(backup_specialty=Specialty.FAMILY_MEDICINE)
    programs = (scored(Tier.INELIGIBLE, 30) +
                scored(Tier.TARGET, 100, specialty=Specialty.FAMILY_MEDICINE))
    plan = plan_list(applicant, programs, [CORE])
    assert plan.headline[0].startswith("No internal medicine program in the catalog is open")
    assert "all 30 are ruled out" in plan.headline[0]
    assert plan.headline[1] == ("The list is built entirely from the backup specialty, "
                                "family medicine: all 100 programs.")
    assert "expected" in plan.headline[2]


def test_a_target_specialty_of_long_shots_only_is_said_with_the_backup_it_leans_on():
    # The dermatology fault: only long shots in the target specialty, and the list filled
    # from the backup without a word.
    applicant = make_applicant(specialty=Specialty.DERMATOLOGY,
                               backup_specialty=Specialty.INTERNAL_MEDICINE)
    programs = (scored(Tier.LONG_SHOT, 9, 30, specialty=Specialty.DERMATOLOGY)
                + scored(Tier.INELIGIBLE, 20, specialty=Specialty.DERMATOLOGY)
                + scored(Tier.TARGET, 150))
    plan = plan_list(applicant, programs, [CORE])
    assert plan.headline[0] == (
        "Of the 29 dermatology programs in the catalog, none is realistic for this profile "
        "(a safety, target or reach): 9 are long shots (under 3% interview chance) and 20 are "
        "ruled out by their stated requirements.")
    from_backup = sum(1 for e in plan.entries if e.program.specialty is Specialty.INTERNAL_MEDICINE)
    assert plan.headline[1] == ("The list is built mostly from the backup specialty, internal "
                                f"medicine: {from_backup} of its {len(plan.entries)} programs.")
    assert "expected" in plan.headline[2]


def test_very_few_realistic_programs_in_the_target_specialty_are_counted():
    applicant = make_applicant(specialty=Specialty.DERMATOLOGY,
                               backup_specialty=Specialty.INTERNAL_MEDICINE)
    programs = scored(Tier.REACH, 2, specialty=Specialty.DERMATOLOGY) + scored(Tier.TARGET, 150)
    plan = plan_list(applicant, programs, [CORE])
    assert plan.headline[0] == ("Of the 2 dermatology programs in the catalog, only 2 are "
                                "realistic for this profile (a safety, target or reach).")
    assert plan.headline[1].startswith("The list is built mostly from the backup specialty")


def test_enough_realistic_programs_in_the_target_specialty_say_nothing_of_it():
    plan = plan_list(make_applicant(backup_specialty=Specialty.FAMILY_MEDICINE),
                     scored(Tier.TARGET, 60) + scored(Tier.TARGET, 60, 50,
                                                      specialty=Specialty.FAMILY_MEDICINE),
                     [CORE])
    assert plan.headline[0].startswith("These 100 applications")


def test_an_empty_list_says_nothing_in_the_catalog_fits():
    applicant = make_applicant(specialty=Specialty.DERMATOLOGY,
                               backup_specialty=Specialty.INTERNAL_MEDICINE)
    plan = plan_list(applicant, scored(Tier.INELIGIBLE, 5, specialty=Specialty.DERMATOLOGY),
                     [CORE])
    assert plan.entries == []
    assert plan.headline == [
        "No dermatology program in the catalog is open to this profile: all 5 are ruled out "
        "by their stated requirements.",
        "Nothing in the catalog fits this profile in the backup specialty, internal medicine, "
        "either, so the list is empty."]


def test_the_office_can_set_its_own_interview_goal():
    programs = scored(Tier.TARGET, 200)
    goals = InterviewGoals.parse("internal_medicine=12")
    plan = plan_list(make_applicant(), programs, [CORE], goals)
    assert plan.interview_goal == 12
    assert len(plan.entries) == 120  # 100 targets expect 10, under 12: the list grows
    with pytest.raises(ValueError, match="internal_medicin=12"):
        InterviewGoals.parse("internal_medicin=12")


def test_regional_caps_are_never_exceeded():
    west = [replace(s, program=replace(s.program, regions=("pacific_coast",), state="OR"))
            for s in scored(Tier.SAFETY, 50, 90)]
    rest = scored(Tier.SAFETY, 50, 70) + scored(Tier.TARGET, 100) + scored(Tier.REACH, 50, 45)
    cap = ("pc", PlanContribution(caps=(RegionCap(15, region="pacific_coast"),)))
    plan = plan_list(make_applicant(), west + rest, [CORE, cap])
    assert sum(1 for e in plan.entries if "pacific_coast" in e.program.regions) == 15
    state_cap = ("ca", PlanContribution(caps=(RegionCap(7, states=frozenset({"OR"})),)))
    plan = plan_list(make_applicant(), west + rest, [CORE, state_cap])
    assert sum(1 for e in plan.entries if e.program.state == "OR") == 7
    assert any("regional caps" in n for n in plan.notes)


def test_main_specialty_comes_before_the_backup_within_a_tier():
    applicant = make_applicant(backup_specialty=Specialty.FAMILY_MEDICINE)
    backup = scored(Tier.TARGET, 60, 70, specialty=Specialty.FAMILY_MEDICINE)
    main = scored(Tier.TARGET, 60, 56)
    plan = plan_list(applicant, backup + main, [CORE])
    chosen = [e.program.specialty for e in plan.entries]
    # every main-specialty program is chosen before the better-scored backup ones
    assert chosen.count(Specialty.INTERNAL_MEDICINE) == 60
    assert chosen.count(Specialty.FAMILY_MEDICINE) == 40


def test_combining_takes_the_largest_totals_the_most_safeties_and_every_cap():
    a = ("a", PlanContribution(total=(80, 120), shares={"safety": (0.2, 0.3), "target": (0.4, 0.5),
                                                        "reach": (0.2, 0.3)},
                               caps=(RegionCap(30, region="pacific_coast"),)))
    b = ("b", PlanContribution(total=(100, 150), shares={"safety": (0.3, 0.4), "target": (0.4, 0.5),
                                                         "reach": (0.2, 0.25)},
                               caps=(RegionCap(20, states=frozenset({"CA"})),), notes=("b says",)))
    total, shares, caps, notes = combine(make_applicant(), [a, b])
    assert total == (100, 150)
    assert shares["safety"] == (0.3, 0.4)
    assert len(caps) == 2 and notes == ["b says"]


def test_a_regional_minimum_brings_the_strategys_region_onto_the_list():
    local = [replace(s, program=replace(s.program, regions=("socal",), state="CA"))
             for s in scored(Tier.TARGET, 40, 55)]
    elsewhere = scored(Tier.SAFETY, 60, 90) + scored(Tier.TARGET, 100, 65) + scored(Tier.REACH, 60, 45)
    focus = ("socal", PlanContribution(caps=(RegionCap(None, region="socal", min=25, label="SoCal"),)))
    without = plan_list(make_applicant(), local + elsewhere, [CORE])
    assert sum(1 for e in without.entries if "socal" in e.program.regions) == 0
    plan = plan_list(make_applicant(), local + elsewhere, [CORE, focus])
    assert sum(1 for e in plan.entries if "socal" in e.program.regions) == 25
    assert len(plan.entries) == 100 and count(plan, Tier.TARGET) == 48


def test_a_regional_minimum_the_catalog_cannot_meet_is_a_shortfall():
    local = [replace(s, program=replace(s.program, regions=("socal",))) for s in scored(Tier.REACH, 3)]
    focus = ("socal", PlanContribution(caps=(RegionCap(None, region="socal", min=10, label="SoCal"),)))
    plan = plan_list(make_applicant(), local + scored(Tier.TARGET, 100), [CORE, focus])
    assert any("Only 3 realistic programs in SoCal for a planned 10" in s for s in plan.shortfalls)


def test_overlapping_regional_minimums_count_programs_once_for_both():
    la = [replace(s, program=replace(s.program, regions=("los_angeles", "socal")))
          for s in scored(Tier.TARGET, 30, 52)]
    rest = scored(Tier.TARGET, 200, 65) + scored(Tier.SAFETY, 50, 90) + scored(Tier.REACH, 50, 45)
    focus = ("x", PlanContribution(caps=(RegionCap(None, region="socal", min=15, label="SoCal"),
                                         RegionCap(None, region="los_angeles", min=10, label="LA"))))
    plan = plan_list(make_applicant(), la + rest, [CORE, focus])
    assert sum(1 for e in plan.entries if "los_angeles" in e.program.regions) == 15
    assert not any("realistic programs" in s for s in plan.shortfalls)


def test_one_remedy_per_kind_the_strategys_own_words_before_the_cores():
    strategy = ("west", PlanContribution(remedies=(
        Remedy(RemedyKind.WIDER, "Look beyond the west coast."),)))
    programs = scored(Tier.REACH, 150)
    plan = plan_list(make_applicant(), programs, [strategy, CORE])
    assert plan.remedies == ["Look beyond the west coast.", "Add a backup specialty."]


def test_the_cores_remedies_follow_the_profile():
    from advisor.scoring.core_rules import remedies

    def texts(**changes):  # type: ignore[no-untyped-def]
        return " ".join(r.text for r in remedies(make_applicant(**changes)))

    assert "family medicine" in texts()
    with_backup = texts(backup_specialty=Specialty.PSYCHIATRY)
    assert "psychiatry" in with_backup and "family medicine" not in with_backup
    # A one-year position already applied to is not offered again as news.
    assert "preliminary" in texts()
    assert "preliminary" not in texts(backup_specialty=Specialty.TRANSITIONAL_YEAR)
    # Step 3 only on an H-1B route without a pass; visas only for a student who needs one.
    assert "Step 3" in texts(visa_needed=VisaNeed.H1B)
    assert "Step 3" not in texts(visa_needed=VisaNeed.H1B, step3_passed=True)
    assert "Step 3" not in texts(visa_needed=VisaNeed.J1)
    # Step 3 needs Step 2 CK passed first: no "before applying" without it.
    pending = texts(visa_needed=VisaNeed.H1B, step2ck_score=None)
    assert "Once Step 1 and Step 2 CK are passed" in pending
    assert "Pass Step 3 before applying" not in pending
    citizen = texts(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE)
    assert "visa" not in citizen and "sponsor" not in citizen


def test_a_regional_minimum_with_nothing_realistic_says_none_not_only_zero():
    focus = ("socal", PlanContribution(caps=(RegionCap(None, region="socal", min=10, label="SoCal"),)))
    plan = plan_list(make_applicant(), scored(Tier.TARGET, 100), [CORE, focus])
    assert "No realistic programs in SoCal for a planned 10." in plan.shortfalls
    assert not any(s.startswith("Only 0 ") for s in plan.shortfalls)


def test_of_clashing_region_caps_the_strictest_maximum_wins_with_a_note():
    local = [replace(s, program=replace(s.program, regions=("socal",), state="CA"))
             for s in scored(Tier.TARGET, 40, 70)]
    rest = scored(Tier.TARGET, 200) + scored(Tier.SAFETY, 50, 90) + scored(Tier.REACH, 50, 45)
    wish = ("socal", PlanContribution(caps=(RegionCap(None, region="socal", min=25,
                                                      label="Southern California"),)))
    limit = ("nationwide", PlanContribution(caps=(RegionCap(10, states=frozenset({"CA"}),
                                                            label="California"),)))
    plan = plan_list(make_applicant(), local + rest, [wish, limit, CORE])
    assert sum(1 for e in plan.entries if e.program.state == "CA") == 10
    assert any("Only 10 realistic programs in Southern California for a planned 25" in s
               for s in plan.shortfalls)
    assert any("the stricter one, at most 10 in California, wins over the wish for at least "
               "25 in Southern California" in n for n in plan.notes)


LA_GROUPS = ("los_angeles", PlanContribution(priority_groups=(
    PriorityGroup("IMG-friendly LA programs", area="los_angeles_county",
                  min_non_us_img_share=0.1),
    PriorityGroup("Southern California", area="southern_california"),
    PriorityGroup("Everywhere else"),
)))


def in_county(programs: list[ScoredProgram], county: str, **changes) -> list[ScoredProgram]:  # type: ignore[no-untyped-def]
    return [replace(s, program=replace(s.program, state="CA", county=county, **changes))
            for s in programs]


def group_counts(plan) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    la = sum(1 for e in plan.entries if e.program.county == "Los Angeles County"
             and (e.program.non_us_img_share or 0) >= 0.1)
    socal = sum(1 for e in plan.entries if e.program.state == "CA") - la
    return la, socal, len(plan.entries) - la - socal


def test_priority_groups_come_first_within_a_tier_whatever_their_chance():
    # LA targets with a lower chance than the Ohio targets: the groups put them on the list.
    la = in_county(scored(Tier.TARGET, 20, 52), "Los Angeles County")
    orange = in_county(scored(Tier.TARGET, 20, 54), "Orange County")
    rest = scored(Tier.SAFETY, 60, 80) + scored(Tier.TARGET, 100, 65) + scored(Tier.REACH, 60, 45)
    without = plan_list(make_applicant(), la + orange + rest, [CORE])
    assert group_counts(without)[:2] == (0, 0)
    plan = plan_list(make_applicant(), la + orange + rest, [LA_GROUPS, CORE])
    assert group_counts(plan) == (20, 20, 60)
    # The tiers' shares, and so the expected interviews' make-up, are the planner's as before.
    for tier in LIST_TIERS:
        assert count(plan, tier) == count(without, tier)
    # Groups order programs within a tier, never a worse tier before a better one: the
    # LA targets did not displace any safety.
    assert count(plan, Tier.SAFETY) == 26


def test_a_program_below_the_non_us_img_share_falls_to_a_later_group():
    few = in_county(scored(Tier.TARGET, 5, 70), "Los Angeles County", non_us_img_share=0.05)
    unknown = in_county(scored(Tier.TARGET, 5, 70), "Los Angeles County", non_us_img_share=None)
    friendly = in_county(scored(Tier.TARGET, 5, 50), "Los Angeles County")
    rest = scored(Tier.TARGET, 200, 60)
    plan = plan_list(make_applicant(), few + unknown + friendly + rest, [LA_GROUPS, CORE])
    # An unknown share does not qualify: only the five stated friendly ones are group 1.
    assert ("1. IMG-friendly LA programs: 5; 2. Southern California: 10; 3. Everywhere else: "
            f"{len(plan.entries) - 15}.") in " ".join(plan.notes)


def test_priority_groups_keep_the_interview_goal_and_the_caps():
    # Reaches only: the list still grows toward its upper bound to chase the goal, and a cap
    # on California holds against the groups' wish for LA.
    la = in_county(scored(Tier.REACH, 40, 40), "Los Angeles County")
    rest = scored(Tier.REACH, 200, 60)
    cap = ("nationwide", PlanContribution(caps=(RegionCap(10, states=frozenset({"CA"})),)))
    plan = plan_list(make_applicant(), la + rest, [LA_GROUPS, cap, CORE])
    assert len(plan.entries) == 120 and not plan.goal_met
    assert group_counts(plan) == (10, 0, 110)


def test_the_first_strategy_with_priority_groups_decides_them():
    other = ("elsewhere", PlanContribution(priority_groups=(PriorityGroup("Ohio first",
                                                                          area="midwest"),)))
    la = in_county(scored(Tier.TARGET, 30, 50), "Los Angeles County")
    rest = scored(Tier.TARGET, 200, 60)
    first = plan_list(make_applicant(), la + rest, [LA_GROUPS, other, CORE])
    assert group_counts(first)[0] == 30
    assert not any("Ohio first" in n for n in first.notes)
    second = plan_list(make_applicant(), la + rest, [other, LA_GROUPS, CORE])
    assert group_counts(second)[0] == 0
    assert any("1. Ohio first: 100" in n for n in second.notes)


def test_a_plan_without_priority_groups_says_nothing_of_them():
    plan = plan_list(make_applicant(), scored(Tier.TARGET, 150), [CORE])
    assert not any("Priority groups" in n for n in plan.notes)
