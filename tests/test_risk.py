"""The verdict's biggest risk: the profile factor whose counted penalties cost the list most."""

from __future__ import annotations

from typing import NamedTuple

from advisor.enums import Factor
from advisor.scoring.results import Reason
from advisor.scoring.risk import biggest_risk


class Listed(NamedTuple):
    """Stands in for a listed program: the risk reads only its reasons."""

    reasons: list[Reason]


def reason(factor: Factor, delta: float, counted: bool = True, source: str = "core") -> Reason:
    return Reason(source, delta, f"{factor.label} {delta}", factor=factor, counted=counted)


def test_the_factor_costing_the_most_points_over_the_list_is_named():
    entries = [Listed([reason(Factor.USCE, -5), reason(Factor.GRADUATION, -8)]),
               Listed([reason(Factor.USCE, -5), reason(Factor.STEP2CK, +6)]),
               Listed([reason(Factor.USCE, -5)])]
    risk = biggest_risk(entries)
    assert risk is not None and risk.factor is Factor.USCE
    assert risk.sentence == ("Biggest risk: US clinical experience, which lowers the score at 3 "
                             "of the 3 listed programs, by about 5 points each.")


def test_penalties_that_do_not_count_or_are_not_about_the_profile_are_left_out():
    entries = [Listed([reason(Factor.USCE, -9, counted=False), reason(Factor.EVIDENCE, -20),
                       reason(Factor.OTHER, -15), reason(Factor.LETTERS, -2)])]
    risk = biggest_risk(entries)
    assert risk is not None and risk.factor is Factor.LETTERS
    assert risk.sentence.endswith("at 1 of the 1 listed programs, by about 2 points.")


def test_a_list_without_penalties_has_no_risk_to_name():
    assert biggest_risk([Listed([reason(Factor.STEP2CK, +4)])]) is None
    assert biggest_risk([]) is None


def test_a_result_not_on_record_is_said_as_missing_not_as_low():
    entries = [Listed([reason(Factor.STEP2CK, -30)])]
    risk = biggest_risk(entries, frozenset({Factor.STEP2CK}))
    assert risk is not None and risk.sentence.startswith(
        "Biggest risk: Step 2 CK, not yet on record, which lowers the score at 1 of the 1")
    assert "not yet on record" not in biggest_risk(entries).sentence  # type: ignore[union-attr]
