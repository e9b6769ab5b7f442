"""The season's costs as pure functions of a plan: which programs get ERAS signals, and what
the list costs in ERAS fees."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advisor.enums import Specialty, Tier
from advisor.scoring.fees import (
    PUBLISHED_FEES, FeeSchedule, FeeTier, FixedFee, list_fees, long_shot_cost,
)
from advisor.scoring.results import Plan, ReasonLedger, ScoredProgram
from advisor.scoring.signals import (
    PUBLISHED_SIGNALS,
    SignalAllowance,
    SignalKind,
    choose_signals,
)
from advisor.testing import make_program

LEDGER = ReasonLedger(index={})
IM, FM, PRELIM = (Specialty.INTERNAL_MEDICINE, Specialty.FAMILY_MEDICINE,
                  Specialty.PRELIM_INTERNAL_MEDICINE)


def entry(tier: Tier, chance: float, specialty: Specialty = IM, acgme_id: str | None = None,
          regions: tuple[str, ...] = ()) -> ScoredProgram:
    program = make_program(specialty=specialty, regions=regions,
                           **({"acgme_id": acgme_id} if acgme_id else {}))
    return ScoredProgram(program, 50.0, tier, LEDGER, 0, chance)


def plan_of(*entries: ScoredProgram) -> Plan:
    return Plan((80, 120), {}, [], list(entries), [])


def marked(signals, entries) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [None if (k := signals.kind(e.program.acgme_id)) is None else k.value for e in entries]


# ----------------------------------------------------------------------------- signals

def test_signals_go_to_targets_and_reaches_best_chance_first_never_long_shots_or_safeties():
    safety = entry(Tier.SAFETY, 0.30)
    targets = [entry(Tier.TARGET, c) for c in (0.09, 0.12)]
    reach = entry(Tier.REACH, 0.05)
    long_shots = [entry(Tier.LONG_SHOT, 0.02) for _ in range(5)]
    plan = plan_of(safety, *targets, reach, *long_shots)

    signals = choose_signals(plan, {IM: SignalAllowance(2)})

    # the two likeliest realistic programs; the safety and the long shots get none
    assert marked(signals, [safety, *targets, reach, *long_shots]) == \
        [None, "signal", "signal", None] + [None] * 5
    assert signals.used == 2
    pool = signals.pools[0]
    assert (pool.specialty, pool.listed, pool.used, pool.to_safeties) == (IM, 9, 2, 0)
    assert (pool.realistic, pool.safeties, pool.long_shots, pool.unused) == (3, 1, 5, 0)


def test_a_pool_counts_the_signals_left_unused_and_the_gold_and_silver_suggested():
    entries = [entry(Tier.TARGET, 0.1), entry(Tier.REACH, 0.05), entry(Tier.LONG_SHOT, 0.01)]
    pool = choose_signals(plan_of(*entries), {IM: SignalAllowance(3, 12)}).pools[0]
    assert (pool.used, pool.unused, pool.gold_used, pool.silver_used) == (2, 13, 2, 0)
    assert (pool.realistic, pool.safeties, pool.long_shots) == (2, 0, 1)
    bigger = choose_signals(plan_of(*[entry(Tier.TARGET, 0.1) for _ in range(5)]),
                            {IM: SignalAllowance(3, 12)}).pools[0]
    assert (bigger.gold_used, bigger.silver_used, bigger.unused) == (3, 2, 10)


def test_tiered_allowances_give_gold_to_the_first_picks_and_silver_to_the_next():
    picks = [entry(Tier.TARGET, 0.14 - i * 0.01) for i in range(6)]
    signals = choose_signals(plan_of(*reversed(picks)), {IM: SignalAllowance(2, 3)})
    assert marked(signals, picks) == ["gold", "gold", "silver", "silver", "silver", None]


def test_safeties_nearest_the_target_band_fill_signals_only_when_targets_and_reaches_run_out():
    target = entry(Tier.TARGET, 0.10)
    safeties = [entry(Tier.SAFETY, c) for c in (0.40, 0.16, 0.25)]
    long_shot = entry(Tier.LONG_SHOT, 0.02)
    signals = choose_signals(plan_of(target, *safeties, long_shot), {IM: SignalAllowance(3)})
    assert marked(signals, [target, *safeties, long_shot]) == \
        ["signal", None, "signal", "signal", None]
    assert signals.pools[0].to_safeties == 2


def test_the_students_strategy_regions_come_first_when_preferred():
    far = entry(Tier.TARGET, 0.14)
    near = entry(Tier.REACH, 0.04, regions=("socal",))
    plan = plan_of(far, near)
    assert marked(choose_signals(plan, {IM: SignalAllowance(1)}, ("socal",)), [far, near]) == \
        [None, "signal"]
    # without the preference the likelier program wins
    assert marked(choose_signals(plan, {IM: SignalAllowance(1)}), [far, near]) == \
        ["signal", None]


def test_each_specialty_spends_its_own_allowance_and_prelim_im_shares_internal_medicines():
    im = [entry(Tier.TARGET, 0.10), entry(Tier.TARGET, 0.11)]
    prelim = entry(Tier.TARGET, 0.13, PRELIM)
    fm = [entry(Tier.REACH, 0.05, FM), entry(Tier.REACH, 0.06, FM)]
    signals = choose_signals(plan_of(*im, prelim, *fm), {IM: SignalAllowance(2),
                                                         FM: SignalAllowance(1)})
    # the preliminary program draws on internal medicine's two signals, and wins one
    assert marked(signals, [*im, prelim, *fm]) == [None, "signal", "signal", None, "signal"]
    assert {p.specialty: p.used for p in signals.pools} == {IM: 2, FM: 1}


def test_a_specialty_without_an_allowance_gets_no_signals():
    plan = plan_of(entry(Tier.TARGET, 0.1, Specialty.OBSTETRICS_GYNECOLOGY))
    assert choose_signals(plan, PUBLISHED_SIGNALS).used == 0


def test_the_published_allowances_are_the_aamcs_2025_figures():
    assert PUBLISHED_SIGNALS[IM] == SignalAllowance(3, 12)
    assert PUBLISHED_SIGNALS[FM].total == 5
    assert PUBLISHED_SIGNALS[Specialty.ORTHOPAEDIC_SURGERY].total == 30
    assert SignalKind.GOLD.label == "Gold signal"


# ----------------------------------------------------------------------------- fees

def test_fees_follow_the_published_tiers_per_specialty_and_add_the_token():
    # AAMC's own example: 43 internal medicine and 7 radiology programs cost $797
    fees = list_fees([IM] * 43 + [Specialty.RADIOLOGY] * 7, PUBLISHED_FEES)
    assert [(line.specialty, line.programs, line.price) for line in fees.lines] == [
        (IM, 30, Decimal(11)), (IM, 13, Decimal(30)), (Specialty.RADIOLOGY, 7, Decimal(11))]
    assert fees.total == Decimal(797) + Decimal(165)


def test_each_line_names_the_price_band_it_is_for():
    fees = list_fees([IM] * 43 + [Specialty.RADIOLOGY] * 7, PUBLISHED_FEES)
    assert [line.band_text() for line in fees.lines] == [
        "programs 1–30", "programs 31 and more", "programs 1–30"]
    one_price = list_fees([FM] * 3, FeeSchedule((FeeTier(None, Decimal(20)),)))
    assert [line.band_text() for line in one_price.lines] == ["every program"]


def test_a_list_far_below_its_goal_says_what_its_long_shots_cost():
    entries = [entry(Tier.TARGET, 0.1), entry(Tier.REACH, 0.05)] + [
        entry(Tier.LONG_SHOT, 0.02) for _ in range(33)]
    hopeless = Plan((80, 120), {}, [], entries, [], expected_interviews=0.81, interview_goal=10)
    cost = long_shot_cost(hopeless, PUBLISHED_FEES)
    assert cost is not None
    # 35 programs cost 30 x $11 + 5 x $30 = $480, the 2 kept ones $22: the token stays either way
    assert (cost.long_shots, cost.programs, cost.amount, cost.total) == (
        33, 35, Decimal(458), Decimal(480 + 165))
    assert cost.most
    assert (cost.expected_interviews, cost.interview_goal) == (0.81, 10)


def test_no_long_shot_cost_when_the_goal_is_near_or_there_are_no_long_shots():
    entries = [entry(Tier.TARGET, 0.1)] + [entry(Tier.LONG_SHOT, 0.02) for _ in range(10)]
    near = Plan((80, 120), {}, [], entries, [], expected_interviews=6, interview_goal=10)
    assert long_shot_cost(near) is None
    realistic = Plan((80, 120), {}, [], entries[:1], [], expected_interviews=0.1,
                     interview_goal=10)
    assert long_shot_cost(realistic) is None


def test_each_specialty_starts_the_count_again():
    # AAMC's example 3: 32 internal medicine and 32 emergency medicine programs, $780
    fees = list_fees([IM] * 32 + [Specialty.EMERGENCY_MEDICINE] * 32,
                     FeeSchedule(PUBLISHED_FEES.tiers))
    assert fees.total == Decimal(780)


def test_an_office_schedule_with_more_steps_and_no_token():
    schedule = FeeSchedule((FeeTier(10, Decimal("9.5")), FeeTier(20, Decimal(15)),
                            FeeTier(None, Decimal(25))),
                           (FixedFee("Transcript", Decimal(80)),))
    assert list_fees([FM] * 25, schedule).total == Decimal("95") + 150 + 125 + 80
    assert list_fees([], schedule).total == Decimal(80)


@pytest.mark.parametrize("tiers, problem", [
    ((), "at least one price"),
    ((FeeTier(30, Decimal(11)),), "last price must cover every further program"),
    ((FeeTier(None, Decimal(11)), FeeTier(None, Decimal(30))), "Only the last price"),
    ((FeeTier(30, Decimal(11)), FeeTier(20, Decimal(15)), FeeTier(None, Decimal(30))),
     "larger than the one before"),
    ((FeeTier(None, Decimal(-1)),), "cannot be negative"),
])
def test_a_schedule_that_does_not_cover_every_count_is_refused(tiers, problem):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=problem):
        FeeSchedule(tiers)
