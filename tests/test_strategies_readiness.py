"""The region strategies use the readiness fields as their guides ask (a gap in training,
ECFMG certification, OET and spoken English), and say nothing of them when unrecorded."""

from __future__ import annotations

import pytest

from advisor.enums import EcfmgStatus, OetStatus, SpokenEnglish
from advisor.testing import StrategyReader, make_applicant
from advisor_bay_area import plugin as bay_area
from advisor_los_angeles import plugin as los_angeles
from advisor_pacific_coast import plugin as pacific_coast
from advisor_socal import plugin as socal

NOT_RECORDED = make_applicant(step2ck_score=224)
GAP = make_applicant(step2ck_score=224, graduation_year=2020, training_gap_months=24,
                     training_gap_explained=False)
UNCERTIFIED = make_applicant(step2ck_score=224, ecfmg_status=EcfmgStatus.IN_PROGRESS,
                             oet_status=OetStatus.NOT_TAKEN)
ENGLISH = make_applicant(step2ck_score=224, spoken_english=SpokenEnglish.NEEDS_WORK)


@pytest.mark.parametrize("plugin, student, facts", [
    (socal, GAP, {"training_gap", "gap_unexplained"}),
    (pacific_coast, GAP, {"training_gap", "gap_unexplained"}),
    (pacific_coast, UNCERTIFIED, {"ecfmg_pending", "oet_pending"}),
    (pacific_coast, ENGLISH, {"english_needs_work"}),
    (bay_area, UNCERTIFIED, {"ecfmg_pending"}),
    (los_angeles, UNCERTIFIED, {"ecfmg_pending", "oet_pending"}),
    (los_angeles, ENGLISH, {"english_needs_work"}),
], ids=lambda v: getattr(v, "package", None) or getattr(v, "name", None))
def test_a_recorded_readiness_fact_is_named(plugin, student, facts):
    claims = StrategyReader(plugin).claims(student)
    assert not claims.broken
    assert facts <= claims.made


@pytest.mark.parametrize("plugin", [socal, los_angeles, pacific_coast, bay_area])
def test_unrecorded_readiness_is_never_spoken_of(plugin):
    made = StrategyReader(plugin).claims(NOT_RECORDED).made
    assert not made & {"training_gap", "gap_unexplained", "gap_explained", "ecfmg_pending",
                       "ecfmg_certified", "oet_pending", "oet_passed", "english_needs_work"}
