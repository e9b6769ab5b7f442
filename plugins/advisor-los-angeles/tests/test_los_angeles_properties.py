"""The properties the core relies on, searched for the Los Angeles adjustments and advice
(advisor/plugin_properties.py), and what a place just outside Los Angeles County changes."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.enums import TieKind
from advisor.hooks.types import Applicant, Place, ProgramInfo, RegionalTie
from advisor.plugin_properties import AdjustmentProperties, applicants, effect, programs_in

from advisor_los_angeles import plugin

LA = Place("CA", "Los Angeles County")
ORANGE = Place("CA", "Orange County")


class TestLosAngelesProperties(AdjustmentProperties):
    subject = plugin


@settings(max_examples=300, deadline=None)
@given(applicants([LA, ORANGE, Place("CA"), Place(None, None)]),
       programs_in([LA], ("los_angeles",)), st.sampled_from(list(TieKind)))
def test_a_tie_outside_la_county_changes_nothing_nor_do_other_regions(
        applicant: Applicant, program: ProgramInfo, kind: TieKind) -> None:
    # Orange County lies next to Los Angeles County but not in it.
    with_tie = replace(applicant, ties=applicant.ties + (RegionalTie(kind, ORANGE),))
    assert effect(plugin, with_tie, program) == effect(plugin, applicant, program)
    other = replace(program, regions=("los_angeles", "socal", "pacific_coast"))
    assert effect(plugin, with_tie, other) == effect(plugin, with_tie, program)
