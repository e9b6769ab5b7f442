"""The scoring engine with the core plugin and fake region plugins."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.enums import (
    Citizenship,
    ExperienceKind,
    Factor,
    ProgramType,
    Specialty,
    Step1Result,
    Tier,
    VisaNeed,
)
from advisor.hooks import hookimpl
from advisor.hooks.adjustments import adjustments_by_key
from advisor.plugin_registry import PluginRegistry
from advisor.hooks.types import (
    ALL_PROGRAMS,
    AdviceSection,
    ApplicantAssessment,
    ClinicalExperience,
    PlanContribution,
    ProgramsAdjustment,
    Region,
    RegionCap,
    ScoreAdjustment,
    UsLetter,
)
from advisor.scoring import core_plugin
from advisor.scoring.batch import ProgramBatch
from advisor.scoring.engine import assess
from advisor.testing import make_applicant, make_program


def registry_with(*plugins: tuple[object, str]) -> PluginRegistry:
    registry = PluginRegistry()
    registry.register(core_plugin, "core")
    for plugin, name in plugins:
        registry.register(plugin, name)
    return registry


def tagged(*programs, region="ohio"):  # type: ignore[no-untyped-def]
    return [replace(p, regions=(region,)) if p.state == "OH" else p for p in programs]


class OhioPlugin:
    """A well-behaved fake region: every Ohio program gets +5, and it speaks in plans."""

    @hookimpl
    def advisor_regions(self):  # type: ignore[no-untyped-def]
        return [Region("ohio", "Ohio", "Fake Ohio region", states=frozenset({"OH"}))]

    @hookimpl
    def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
        self.batch = list(programs)
        return [ScoreAdjustment(p.acgme_id, 5.0, "Ohio likes this applicant") for p in programs]

    @hookimpl
    def advisor_assess_applicant(self, applicant):  # type: ignore[no-untyped-def]
        return ApplicantAssessment(tier="B", flags=("ohio_flag",), summary="Ohio view")

    @hookimpl
    def advisor_plan_list(self, applicant):  # type: ignore[no-untyped-def]
        return PlanContribution(total=(100, 150), caps=(RegionCap(2, region="ohio"),))

    @hookimpl
    def advisor_advice(self, applicant, plan):  # type: ignore[no-untyped-def]
        return [AdviceSection("Ohio advice", f"Your list has {plan.total} programs.", "list_building")]


class RaisingPlugin:
    @hookimpl
    def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    @hookimpl
    def advisor_advice(self, applicant, plan):  # type: ignore[no-untyped-def]
        raise KeyError("nope")


class MalformedPlugin:
    @hookimpl
    def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
        good = [ScoreAdjustment(p.acgme_id, 50.0, "would be huge") for p in programs]
        return good + [ScoreAdjustment("NOT-IN-BATCH", 1.0, "stray")]

    @hookimpl
    def advisor_plan_list(self, applicant):  # type: ignore[no-untyped-def]
        return {"total": (1, 2)}  # a dict, not a PlanContribution


def score_of(result, acgme_id):  # type: ignore[no-untyped-def]
    return next(s for s in result.programs if s.program.acgme_id == acgme_id)


def test_every_program_gets_a_score_tier_and_reasons_from_the_core():
    programs = [make_program() for _ in range(5)]
    result = assess(make_applicant(), programs, registry_with())
    assert len(result.programs) == 5
    for scored in result.programs:
        assert 0 <= scored.score <= 100
        assert scored.reasons and all(r.source == "core" for r in scored.reasons)
        # the score is the base plus the reasons' deltas (before clamping)
        assert scored.score == pytest.approx(50 + sum(r.delta for r in scored.reasons), abs=0.2)


def test_region_plugin_sees_only_its_programs_and_its_reasons_are_attributed():
    ohio, texas = make_program(state="OH"), make_program(state="TX", zip="77002", county="Harris County")
    plugin = OhioPlugin()
    registry = registry_with((plugin, "ohio"))
    result = assess(make_applicant(target_regions=("ohio",)), tagged(ohio, texas), registry)
    assert [p.acgme_id for p in plugin.batch] == [ohio.acgme_id]
    ohio_reasons = score_of(result, ohio.acgme_id).reasons
    assert any(r.source == "ohio" and r.delta == 5.0 for r in ohio_reasons)
    assert all(r.source == "core" for r in score_of(result, texas.acgme_id).reasons)


def test_applicant_tier_comes_from_an_active_strategy():
    registry = registry_with((OhioPlugin(), "ohio"))
    active = assess(make_applicant(target_regions=("ohio",)), tagged(make_program()), registry)
    assert active.applicant.tier == "B"
    assert active.applicant.tier_source == "ohio"
    assert "ohio_flag" in active.applicant.flags


def test_plan_and_advice_come_only_from_active_strategies():
    registry = registry_with((OhioPlugin(), "ohio"))
    programs = tagged(*[make_program() for _ in range(3)])
    inactive = assess(make_applicant(target_regions=()), programs, registry)
    assert inactive.plan.total == (80, 120)
    assert not [s for src, s in inactive.advice if src == "ohio"]

    active = assess(make_applicant(target_regions=("ohio",)), programs, registry)
    assert active.plan.total == (100, 150)
    assert [s.title for src, s in active.advice if src == "ohio"] == ["Ohio advice"]
    # the advice hook saw the finished list
    assert f"{len(active.plan.entries)} programs" in active.advice[0][1].body


def test_regional_cap_limits_the_list():
    registry = registry_with((OhioPlugin(), "ohio"))
    programs = tagged(*[make_program(step2_median=200, step2_min=190) for _ in range(6)])
    result = assess(make_applicant(target_regions=("ohio",), step2ck_score=240), programs, registry)
    assert len(result.plan.entries) == 2
    assert any("regional caps" in note for note in result.plan.notes)


def test_a_raising_plugin_is_skipped_and_reported_but_the_assessment_completes():
    registry = registry_with((RaisingPlugin(), "raiser"))
    result = assess(make_applicant(), [make_program()], registry)
    messages = [(w.source, w.message) for w in result.warnings]
    assert ("raiser", "advisor_adjust_scores skipped: RuntimeError: boom") in messages
    assert any(src == "raiser" and "advisor_advice" in msg for src, msg in messages)
    assert result.programs[0].score > 0
    assert registry.recent_errors("raiser")[0].hook == "advisor_adjust_scores"


def test_a_malformed_answer_counts_for_nothing():
    program = make_program()
    baseline = assess(make_applicant(), [program], registry_with()).programs[0].score
    registry = registry_with((MalformedPlugin(), "bad"))
    result = assess(make_applicant(), [program], registry)
    assert result.programs[0].score == baseline
    sources = {w.source for w in result.warnings}
    assert sources == {"bad"}
    assert any("not in its batch" in w.message for w in result.warnings)
    assert any("PlanContribution" in w.message for w in result.warnings)


def test_all_programs_adjustment_applies_to_the_whole_batch_once():
    class Everyone:
        @hookimpl
        def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
            return [ScoreAdjustment(ALL_PROGRAMS, -10.0, "office-wide caution")]

    programs = [make_program(), make_program()]
    base = {s.program.acgme_id: s.score for s in assess(make_applicant(), programs, registry_with()).programs}
    result = assess(make_applicant(), programs, registry_with((Everyone(), "office")))
    for scored in result.programs:
        assert scored.score == pytest.approx(base[scored.program.acgme_id] - 10.0)
        assert [r.text for r in scored.reasons if r.source == "office"] == ["office-wide caution"]


def test_tier_cap_from_a_plugin_limits_the_tier():
    class Reachy:
        @hookimpl
        def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
            return [ScoreAdjustment(p.acgme_id, 0.0, "a reach here", Tier.REACH) for p in programs]

    strong = make_applicant(step2ck_score=250, citizenship=Citizenship.US_CITIZEN,
                            visa_needed=VisaNeed.NONE,
                            clinical_experience=(ClinicalExperience(
                                ExperienceKind.CLERKSHIP, 4, Specialty.INTERNAL_MEDICINE),),
                            us_letters=(UsLetter(Specialty.INTERNAL_MEDICINE),) * 3)
    program = make_program(step2_median=220)
    assert assess(strong, [program], registry_with()).programs[0].tier is Tier.SAFETY
    assert assess(strong, [program], registry_with((Reachy(), "r"))).programs[0].tier is Tier.REACH


# ------------------------------------------------------------------ hard requirements

@pytest.mark.parametrize("program_kwargs, applicant_kwargs, words", [
    ({"visa_j1": False, "visa_h1b": False}, {}, "sponsors no visa"),
    ({"visa_j1": False, "visa_h1b": None}, {"visa_needed": VisaNeed.J1}, "sponsors no visa"),
    ({"attempts_max": 1}, {"step1_result": Step1Result.PASS, "step1_attempts": 2}, "attempts"),
    ({"yog_max_years": 3}, {"graduation_year": 2019}, "graduated 7 years ago"),
    ({"step2_min": 230}, {"step2ck_score": 229}, "under the stated minimum of 230"),
])
def test_failing_a_stated_requirement_makes_a_program_ineligible_and_says_which(
        program_kwargs, applicant_kwargs, words):
    result = assess(make_applicant(**applicant_kwargs), [make_program(**program_kwargs)], registry_with())
    scored = result.programs[0]
    assert scored.tier is Tier.INELIGIBLE
    assert any(words in r.text and r.tier_cap is Tier.INELIGIBLE for r in scored.reasons)


@pytest.mark.parametrize("unknown, applicant_kwargs, words", [
    ({"visa_j1": None, "visa_h1b": None}, {}, "Visa policy not known"),
    ({"attempts_max": None}, {"step1_attempts": 3}, "attempt limit not stated"),
    ({"yog_max_years": None}, {"graduation_year": 2016}, "Graduation-year limit not stated"),
    ({"step2_min": None, "step2_median": None}, {"step2ck_score": 180},
     "usual matched range is not published"),
])
def test_an_unknown_value_never_makes_a_program_ineligible_but_is_named(
        unknown, applicant_kwargs, words):
    # Each applicant would fail the requirement if the program stated it.
    applicant = make_applicant(**applicant_kwargs)
    scored = assess(applicant, [make_program(**unknown)], registry_with()).programs[0]
    assert scored.tier is not Tier.INELIGIBLE
    assert any(words.lower() in r.text.lower() for r in scored.reasons)


def test_unknown_visa_policy_is_not_ineligible_even_for_a_visa_applicant():
    scored = assess(make_applicant(), [make_program(visa_j1=None, visa_h1b=None)],
                    registry_with()).programs[0]
    assert scored.tier is not Tier.INELIGIBLE


def test_high_img_share_alone_does_not_make_a_safety():
    applicant = make_applicant(step2ck_score=226, citizenship=Citizenship.US_CITIZEN,
                               visa_needed=VisaNeed.NONE, graduation_year=2025,
                               clinical_experience=(ClinicalExperience(
                                   ExperienceKind.CLERKSHIP, 6, Specialty.INTERNAL_MEDICINE),),
                               us_letters=(UsLetter(Specialty.INTERNAL_MEDICINE),) * 3)
    friendly = make_program(img_share=0.9, new_program=True, step2_median=232, step2_min=None)
    scored = assess(applicant, [friendly], registry_with()).programs[0]
    assert scored.score >= 70  # the score alone would make it a safety...
    assert scored.tier is Tier.TARGET  # ...but the profile is under the program's usual range
    assert any("At best a target" in r.text for r in scored.reasons)
    within = replace(friendly, step2_median=224)
    assert assess(applicant, [within], registry_with()).programs[0].tier is Tier.SAFETY


def test_us_citizen_beats_an_otherwise_identical_visa_seeker():
    program = make_program()
    visa = assess(make_applicant(), [program], registry_with()).programs[0].score
    citizen = assess(make_applicant(citizenship=Citizenship.US_CITIZEN, visa_needed=VisaNeed.NONE),
                     [program], registry_with()).programs[0].score
    assert citizen > visa


def test_h1b_seeker_without_step3_is_told_h1b_sponsors_want_it():
    applicant = make_applicant(visa_needed=VisaNeed.H1B)
    program = make_program(visa_h1b=True, visa_j1=False)
    without = assess(applicant, [program], registry_with()).programs[0]
    with_step3 = assess(replace(applicant, step3_passed=True, step3_score=230), [program],
                        registry_with()).programs[0]
    assert any("require Step 3" in r.text for r in without.reasons)
    assert with_step3.score > without.score


def test_academic_programs_weigh_a_step1_failure_more():
    failed = make_applicant(step1_result=Step1Result.PASS, step1_attempts=2)
    academic = make_program(program_type=ProgramType.ACADEMIC)
    community = make_program(program_type=ProgramType.COMMUNITY)
    def drop(program):  # type: ignore[no-untyped-def]
        clean = assess(make_applicant(), [program], registry_with()).programs[0].score
        return clean - assess(failed, [program], registry_with()).programs[0].score
    assert drop(academic) > drop(community) > 0


def test_backup_specialty_programs_are_scored_with_their_own_class():
    applicant = make_applicant(step2ck_score=232, backup_specialty=Specialty.FAMILY_MEDICINE)
    programs = [make_program(), make_program(specialty=Specialty.DERMATOLOGY)]
    result = assess(applicant, programs, registry_with())
    derm = next(s for s in result.programs if s.program.specialty is Specialty.DERMATOLOGY)
    assert any("very low for highly competitive" in r.text for r in derm.reasons)


class CollectorWatcher:
    """Notes whether the cycle collector is on while the engine calls a hook."""

    def __init__(self) -> None:
        self.seen: list[bool] = []

    @hookimpl
    def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
        import gc

        self.seen.append(gc.isenabled())
        return []


def test_an_assessment_never_switches_the_cycle_collector_off():
    # The switch is process-wide: another server thread's assessment would switch it off (and
    # back on) under this one's feet.
    watcher = CollectorWatcher()
    assess(make_applicant(), [make_program()], registry_with((watcher, "watcher")))
    assert watcher.seen == [True]


def test_the_core_summary_reads_as_a_sentence():
    summary = assess(make_applicant(step2ck_score=228), [make_program()], registry_with()).applicant.summary
    assert summary.startswith("Step 2 CK 228")
    assert "needs J-1 sponsorship" in summary and summary.endswith(".")


# ------------------------------------------------------------------ composition

class CreditPlugin:
    """A region plugin crediting every program in its region with one factor."""

    def __init__(self, slug: str, delta: float, factor: Factor, cap: Tier | None = None):
        self.slug, self.delta, self.factor, self.cap = slug, delta, factor, cap
        self.called = False

    @hookimpl
    def advisor_regions(self):  # type: ignore[no-untyped-def]
        return [Region(self.slug, self.slug.title(), "fake", states=frozenset({"OH"}))]

    @hookimpl
    def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
        self.called = True
        return [ScoreAdjustment(p.acgme_id, self.delta, f"{self.slug} credit", self.cap,
                                self.factor) for p in programs]

    @hookimpl
    def advisor_assess_applicant(self, applicant):  # type: ignore[no-untyped-def]
        return ApplicantAssessment(tier=self.slug[0].upper(), tier_scale=f"{self.slug} tier")


def _both(program):  # type: ignore[no-untyped-def]
    return [replace(program, regions=("east", "west"))]


def test_a_strategy_the_student_did_not_choose_is_not_asked_and_changes_nothing():
    east = CreditPlugin("east", 6.0, Factor.LETTERS)
    program = make_program()
    alone = assess(make_applicant(), _both(program), registry_with())
    result = assess(make_applicant(target_regions=()), _both(program), registry_with((east, "east")))
    assert not east.called
    assert result.programs[0].score == alone.programs[0].score
    assert result.applicant.tier is None


def test_the_same_factor_from_two_sources_counts_once():
    east, west = CreditPlugin("east", 6.0, Factor.LETTERS), CreditPlugin("west", 4.0, Factor.LETTERS)
    program = make_program()
    base = assess(make_applicant(), _both(program), registry_with()).programs[0]
    applicant = make_applicant(target_regions=("east", "west"))
    scored = assess(applicant, _both(program), registry_with((east, "east"), (west, "west"))).programs[0]
    core_letters = sum(r.delta for r in base.reasons if r.factor is Factor.LETTERS)
    # the core's letters net is negative (no letters), so it still counts beside the +6
    assert core_letters < 0
    assert scored.score == pytest.approx(base.score + 6.0)
    by_source = {r.source: r for r in scored.reasons if r.factor is Factor.LETTERS and r.source != "core"}
    assert by_source["east"].counted and not by_source["west"].counted
    assert by_source["west"].to_dict()["counted"] is False
    # the counted reasons add up to the score
    assert scored.score == pytest.approx(50 + sum(r.delta for r in scored.reasons if r.counted))


def test_other_is_never_merged():
    east, west = CreditPlugin("east", 3.0, Factor.OTHER), CreditPlugin("west", 2.0, Factor.OTHER)
    program = make_program()
    base = assess(make_applicant(), _both(program), registry_with()).programs[0]
    applicant = make_applicant(target_regions=("east", "west"))
    scored = assess(applicant, _both(program), registry_with((east, "east"), (west, "west"))).programs[0]
    assert scored.score == pytest.approx(base.score + 5.0)


def test_of_clashing_caps_the_strictest_wins_and_the_other_is_marked():
    east = CreditPlugin("east", 0.0, Factor.OTHER, cap=Tier.TARGET)
    west = CreditPlugin("west", 0.0, Factor.OTHER, cap=Tier.LONG_SHOT)
    strong = make_applicant(step2ck_score=250, citizenship=Citizenship.US_CITIZEN,
                            visa_needed=VisaNeed.NONE, target_regions=("east", "west"))
    scored = assess(strong, _both(make_program(step2_median=220)),
                    registry_with((east, "east"), (west, "west"))).programs[0]
    assert scored.tier is Tier.LONG_SHOT
    looser = next(r for r in scored.reasons if r.source == "east")
    assert looser.cap_superseded and looser.to_dict()["tier_cap_superseded"] is True


def test_two_tier_giving_strategies_follow_the_students_target_order():
    east, west = CreditPlugin("east", 0.0, Factor.OTHER), CreditPlugin("west", 0.0, Factor.OTHER)
    registry = registry_with((east, "east"), (west, "west"))
    result = assess(make_applicant(target_regions=("west", "east")), _both(make_program()), registry)
    assert (result.applicant.tier, result.applicant.tier_source) == ("W", "west")
    assert result.applicant.tier_scale == "west tier"
    assert [t["tier_source"] for t in result.applicant.other_tiers] == ["east"]
    data = result.to_dict()["applicant"]
    assert data["tier_scale"] == "west tier" and data["other_tiers"][0]["tier"] == "E"


def test_the_json_carries_chances_factors_and_expected_interviews():
    result = assess(make_applicant(), [make_program() for _ in range(3)], registry_with()).to_dict()
    program = result["programs"][0]
    assert 0 <= program["chance"] <= 1
    assert {"factor", "counted"} <= program["reasons"][0].keys()
    plan = result["plan"]
    assert plan["expected_interviews"] == pytest.approx(
        sum(e["chance"] for e in plan["list"]), abs=0.06)
    assert plan["interview_goal"] == 8
    assert all("chance" in e for e in plan["list"])


# ------------------------------------------------------------------ many programs at once

class GroupPlugin:
    """Says one reason for many programs at once, or the same reason program by program."""

    def __init__(self, grouped: bool, stray: bool = False) -> None:
        self.grouped, self.stray = grouped, stray

    @hookimpl
    def advisor_regions(self):  # type: ignore[no-untyped-def]
        return [Region("ohio", "Ohio", "Fake Ohio region", states=frozenset({"OH"}))]

    @hookimpl
    def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
        named = [p.acgme_id for p in programs if p.program_type is ProgramType.COUNTY]
        if self.stray:
            named.append("NOT-IN-BATCH")
        if self.grouped:
            return [ProgramsAdjustment(tuple(named), 4.0, "Ohio counties like this applicant",
                                       Tier.TARGET, Factor.LETTERS)]
        return [ScoreAdjustment(acgme_id, 4.0, "Ohio counties like this applicant", Tier.TARGET,
                                Factor.LETTERS) for acgme_id in named]


def _ohio_batch():  # type: ignore[no-untyped-def]
    return tagged(make_program(program_type=ProgramType.COUNTY),
                  make_program(program_type=ProgramType.COMMUNITY),
                  make_program(program_type=ProgramType.COUNTY),
                  make_program(state="TX", zip="77002", county="Harris County",
                               program_type=ProgramType.COUNTY))


def test_a_reason_said_of_many_programs_at_once_counts_as_it_would_program_by_program():
    applicant = make_applicant(target_regions=("ohio",), step2ck_score=250)
    programs = _ohio_batch()
    one_by_one = assess(applicant, programs, registry_with((GroupPlugin(False), "ohio")))
    at_once = assess(applicant, programs, registry_with((GroupPlugin(True), "ohio")))
    assert not at_once.warnings
    assert at_once.to_dict() == one_by_one.to_dict()
    ohio = [s for s in at_once.programs if s.program.state == "OH"]
    said = {s.program.acgme_id: [r.text for r in s.reasons if r.source == "ohio"] for s in ohio}
    assert sorted(map(len, said.values())) == [0, 1, 1]


def test_a_reason_said_of_many_programs_naming_one_outside_the_batch_counts_for_nothing():
    applicant = make_applicant(target_regions=("ohio",))
    programs = _ohio_batch()
    baseline = assess(applicant, programs, registry_with())
    result = assess(applicant, programs, registry_with((GroupPlugin(True, stray=True), "ohio")))
    assert [s.score for s in result.programs] == [s.score for s in baseline.programs]
    assert any("NOT-IN-BATCH" in w.message and "not in its batch" in w.message
               for w in result.warnings)


def test_an_assessment_says_how_long_each_plugin_took_in_each_hook():
    result = assess(make_applicant(target_regions=("ohio",)), tagged(make_program()),
                    registry_with((OhioPlugin(), "ohio")))
    hooks = {"advisor_assess_applicant", "advisor_adjust_scores", "advisor_plan_list",
             "advisor_advice"}
    assert set(result.plugin_seconds) == {"core", "ohio"}
    assert set(result.plugin_seconds["ohio"]) == hooks  # it implements all four
    assert set(result.plugin_seconds["core"]) <= hooks
    assert all(seconds >= 0 for spent in result.plugin_seconds.values()
               for seconds in spent.values())


def test_the_ruled_out_reasons_of_many_programs_at_once_are_each_programs_own():
    class Caps:
        @hookimpl
        def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
            ids = [p.acgme_id for p in programs]
            return [ScoreAdjustment(ALL_PROGRAMS, 0.0, "closed to everyone", Tier.INELIGIBLE),
                    ScoreAdjustment(ids[2], 0.0, "this one is full", Tier.INELIGIBLE),
                    ScoreAdjustment(ids[2], 0.0, "a reach anyway", Tier.REACH),
                    ProgramsAdjustment(tuple(ids[:2]), 0.0, "these two are closed",
                                       Tier.INELIGIBLE)]

    applicant = make_applicant(target_regions=("ohio",))
    programs = [*_ohio_batch(), make_program(visa_j1=False, visa_h1b=False)]
    result = assess(applicant, programs, registry_with((Caps(), "office"),
                                                       (GroupPlugin(True), "ohio")))
    ledger = result.programs[0].ledger
    every = [s.index for s in result.programs]
    at_once = ledger.capping_of(every, Tier.INELIGIBLE)
    assert at_once == {i: ledger.capping(i, Tier.INELIGIBLE) for i in every}
    texts = {s.program.acgme_id: [text for _, text in at_once[s.index]] for s in result.programs}
    assert texts[programs[2].acgme_id] == ["closed to everyone", "this one is full"]
    assert texts[programs[0].acgme_id] == ["closed to everyone", "these two are closed"]
    assert any("sponsors no visa" in text for text in texts[programs[4].acgme_id])
    targets = ledger.capping_of(every[:1], Tier.TARGET)
    assert targets == {every[0]: ledger.capping(every[0], Tier.TARGET)}
    assert ("ohio", "Ohio counties like this applicant") in targets[every[0]]


# ------------------------------------------------------------------ rules said by key

class KeyedPlugin:
    """Two rules, each reading a program through its own key, said by group when handed the
    engine's batch (`as_given`) or program by program (handed a plain list)."""

    def __init__(self, slug: str, as_given: bool, base: float) -> None:
        self.slug, self.as_given, self.base = slug, as_given, base
        self.keys_read = 0

    @hookimpl
    def advisor_regions(self):  # type: ignore[no-untyped-def]
        return [Region(self.slug, self.slug.title(), "fake", states=frozenset({"OH"}))]

    @hookimpl
    def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
        def kind(p):  # type: ignore[no-untyped-def]
            self.keys_read += 1
            return p.program_type

        def kind_terms(p):  # type: ignore[no-untyped-def]
            if p.program_type is ProgramType.COUNTY:
                return [(self.base + 0.1, "county", None, Factor.LETTERS)]
            return [(self.base + 0.7, "not county", None, Factor.USCE),
                    (-0.3, "a caution", None, Factor.LETTERS)]

        def county_terms(p):  # type: ignore[no-untyped-def]
            return [(0.2, f"in {p.county}", Tier.REACH, Factor.LETTERS),
                    (0.1, "noted", None, Factor.OTHER), (self.base, "usce", None, Factor.USCE)]

        given = programs if self.as_given else list(programs)
        return adjustments_by_key(given, self.slug, [("kind", kind, kind_terms),
                                                     ("county", lambda p: p.county, county_terms)])


def _every_figure(result):  # type: ignore[no-untyped-def]
    return [(s.program.acgme_id, s.score, s.chance, s.tier, s.cap, [tuple(r) for r in s.reasons])
            for s in result.programs]


def test_rules_said_by_group_score_to_the_last_digit_as_said_program_by_program():
    applicant = make_applicant(target_regions=("east", "west"), step2ck_score=233)
    programs = [replace(p, regions=("east", "west")) if p.state == "OH" else p for p in (
        *_ohio_batch(), make_program(county="Cuyahoga County", program_type=ProgramType.ACADEMIC),
        make_program(county="Cuyahoga County"))]

    # Figures where adding the same terms in another order changes the last digit.
    def run(as_given: bool):  # type: ignore[no-untyped-def]
        return assess(applicant, programs, registry_with(
            (KeyedPlugin("east", as_given, 1.3), "east"),
            (KeyedPlugin("west", as_given, 3.3), "west")))

    by_group, one_by_one = run(True), run(False)
    assert not by_group.warnings
    assert _every_figure(by_group) == _every_figure(one_by_one)
    assert by_group.to_dict() == one_by_one.to_dict()
    texts = [r.text for r in score_of(by_group, programs[0].acgme_id).reasons
             if r.source == "east"]
    assert texts == ["county", "in Franklin County", "noted", "usce"]


def test_a_region_plugin_works_out_its_groups_once_per_batch():
    plugin = KeyedPlugin("east", True, 1.0)
    registry = registry_with((plugin, "east"))
    programs = ProgramBatch([replace(p, regions=("east",)) for p in _ohio_batch()
                             if p.state == "OH"])
    first = assess(make_applicant(target_regions=("east",)), programs, registry)
    read = plugin.keys_read
    again = assess(make_applicant(target_regions=("east",)), programs, registry)
    assert read == len(programs)  # each program's kind once
    assert plugin.keys_read == read
    assert _every_figure(again) == _every_figure(first)


def test_a_joined_batch_reuses_the_groups_its_parts_worked_out_for_a_region():
    plugin = KeyedPlugin("east", True, 1.0)
    registry = registry_with((plugin, "east"))
    parts = [ProgramBatch([replace(make_program(specialty=specialty, program_type=kind),
                                   regions=("east",)) for kind in ProgramType])
             for specialty in (Specialty.INTERNAL_MEDICINE, Specialty.FAMILY_MEDICINE)]
    applicant = make_applicant(target_regions=("east",))
    first = assess(applicant, ProgramBatch.join(parts), registry)
    # A new join of the same parts (the catalog keeps only the last few) reads no key again.
    again = assess(applicant, ProgramBatch.join(parts), registry)
    assert plugin.keys_read == sum(map(len, parts))
    assert _every_figure(again) == _every_figure(first)


def test_what_is_kept_for_one_student_never_shapes_anothers_scores():
    class Choosy(KeyedPlugin):
        """Says nothing of county programs to a student with a strong Step 2 CK."""

        @hookimpl
        def advisor_adjust_scores(self, applicant, programs):  # type: ignore[no-untyped-def]
            said = KeyedPlugin.advisor_adjust_scores(self, applicant, programs)
            if (applicant.step2ck_score or 0) < 240:
                return said
            return [a for a in said if a.reason != "county"]

    registry = registry_with((Choosy("east", True, 1.3), "east"), (Choosy("west", True, 3.3), "west"))
    programs = [replace(p, regions=("east", "west")) for p in _ohio_batch() if p.state == "OH"]
    kept = ProgramBatch(programs)
    weak, strong = (make_applicant(target_regions=("east", "west"), step2ck_score=score)
                    for score in (221, 250))
    for applicant in (weak, strong, weak, strong):
        fresh = assess(applicant, list(programs), registry)
        assert _every_figure(assess(applicant, kept, registry)) == _every_figure(fresh)
