"""The planner and the advisor's working list: pins are always listed, exclusions never."""

from __future__ import annotations

from advisor.enums import Tier
from advisor.scoring.planner import ListEdits, plan_list
from advisor.testing import make_applicant

from tests.test_planner import CORE, count, scored


def ids(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.program.acgme_id for e in plan.entries]


def catalog():  # type: ignore[no-untyped-def]
    return scored(Tier.SAFETY, 60, 80) + scored(Tier.TARGET, 80) + scored(Tier.REACH, 60, 45)


def test_an_excluded_program_is_never_listed_and_the_next_best_takes_its_place():
    programs = catalog()
    before = plan_list(make_applicant(), programs, [CORE])
    gone = before.entries[0].program.acgme_id
    after = plan_list(make_applicant(), programs, [CORE], edits=ListEdits(excluded=frozenset({gone})))
    assert gone not in ids(after)
    assert len(after.entries) == len(before.entries) == 100
    assert count(after, Tier.SAFETY) == count(before, Tier.SAFETY)
    refill = (set(ids(after)) - set(ids(before))).pop()
    assert next(e for e in after.entries if e.program.acgme_id == refill).tier is Tier.SAFETY
    assert "0 pinned, 1 excluded by the advisor on the working list." in after.notes


def test_a_pinned_program_is_listed_first_in_its_tier_and_counts_toward_its_quota():
    programs = catalog()
    before = plan_list(make_applicant(), programs, [CORE])
    # The weakest reach, left off the list as planned.
    weakest = [s for s in programs if s.tier is Tier.REACH][-1]
    assert weakest.program.acgme_id not in ids(before)
    after = plan_list(make_applicant(), programs, [CORE],
                      edits=ListEdits(pinned=frozenset({weakest.program.acgme_id})))
    reaches = [e.program.acgme_id for e in after.entries if e.tier is Tier.REACH]
    assert reaches[0] == weakest.program.acgme_id  # first in its tier
    assert count(after, Tier.REACH) == count(before, Tier.REACH)
    assert len(after.entries) == len(before.entries)
    assert "1 pinned, 0 excluded by the advisor on the working list." in after.notes


def test_a_pinned_long_shot_is_listed_though_the_plan_would_leave_it_off():
    programs = catalog() + scored(Tier.LONG_SHOT, 5, 20)
    shot = programs[-1].program.acgme_id
    plan = plan_list(make_applicant(), programs, [CORE], edits=ListEdits(pinned=frozenset({shot})))
    assert shot in ids(plan) and count(plan, Tier.LONG_SHOT) == 1


def test_a_pinned_ruled_out_program_is_listed_with_a_note_saying_why():
    ruled_out = scored(Tier.INELIGIBLE, 1)
    programs = catalog() + ruled_out
    program = ruled_out[0].program
    plan = plan_list(make_applicant(), programs, [CORE],
                     edits=ListEdits(pinned=frozenset({program.acgme_id})))
    assert plan.entries[-1].program.acgme_id == program.acgme_id
    assert plan.entries[-1].tier is Tier.INELIGIBLE
    assert any(note.startswith(f"{program.name} ({program.acgme_id}) is pinned although it is "
                               "ruled out") for note in plan.notes)


def test_a_pin_outside_the_assessed_programs_is_counted_as_not_listed():
    plan = plan_list(make_applicant(), catalog(), [CORE],
                     edits=ListEdits(pinned=frozenset({"9999999999"})))
    assert "9999999999" not in ids(plan)
    assert any("1 pinned program is not listed" in note for note in plan.notes)


def test_a_pin_ignores_a_regional_cap_but_counts_toward_it():
    from advisor.hooks.types import PlanContribution, RegionCap

    ny = scored(Tier.TARGET, 5, state="NY")
    capped = ("la", PlanContribution(caps=(RegionCap(states=frozenset({"NY"}), max=0),)))
    pinned = ny[0].program.acgme_id
    plan = plan_list(make_applicant(), catalog() + ny, [capped, CORE],
                     edits=ListEdits(pinned=frozenset({pinned})))
    assert [e.program.acgme_id for e in plan.entries if e.program.state == "NY"] == [pinned]
