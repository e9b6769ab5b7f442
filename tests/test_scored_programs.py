"""An assessment's scored programs, kept as columns: what a page or the JSON reads of them is
what a list of ScoredProgram objects would give."""

from __future__ import annotations

from advisor.enums import Tier
from advisor.plugin_registry import PluginRegistry
from advisor.scoring import core_plugin
from advisor.scoring.engine import assess
from advisor.scoring.results import ScoredPrograms
from advisor.testing import make_applicant, make_program


def _assessed():  # type: ignore[no-untyped-def]
    registry = PluginRegistry()
    registry.register(core_plugin, "core")
    programs = ([make_program(step2_median=200 + 3 * k) for k in range(12)]
                + [make_program(step2_min=260), make_program(step2_min=250)])
    return assess(make_applicant(step2ck_score=225), programs, registry), programs


def test_programs_read_best_first_are_the_same_objects_each_time() -> None:
    result, programs = _assessed()
    table = result.programs
    assert isinstance(table, ScoredPrograms) and len(table) == len(programs)
    listed = list(table)
    assert [s.program.acgme_id for s in listed] == [table[k].program.acgme_id
                                                    for k in range(len(table))]
    assert all(a is b for a, b in zip(listed, table[:]))  # made once, then kept
    order = [Tier.SAFETY, Tier.TARGET, Tier.REACH, Tier.LONG_SHOT, Tier.INELIGIBLE]
    keys = [(order.index(s.tier), -s.chance) for s in listed]
    assert keys == sorted(keys)  # the best tier first, then the best chance


def test_tiers_counted_and_found_from_the_columns_match_the_programs() -> None:
    result, programs = _assessed()
    table = result.programs
    ruled_out = [s for s in table if s.tier is Tier.INELIGIBLE]
    assert len(ruled_out) == 2  # both minimums are over the student's 225
    assert table.of_tier(Tier.INELIGIBLE) == ruled_out
    for tier in Tier:
        assert table.tier_count(tier) == sum(1 for s in table if s.tier is tier)
    wanted = {programs[0].acgme_id, programs[-1].acgme_id, "NOT-A-PROGRAM"}
    found = table.by_id(wanted)
    assert set(found) == wanted - {"NOT-A-PROGRAM"}
    assert all(found[a].program.acgme_id == a for a in found)
    # The planned list's entries are the table's own objects, reasons and all.
    entry = result.plan.entries[0]
    assert table.by_id([entry.program.acgme_id])[entry.program.acgme_id] is entry
    assert entry.reasons
