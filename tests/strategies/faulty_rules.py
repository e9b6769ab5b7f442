"""The toy strategy's rules (toy_rules) with one fault each: every class breaks one promise of
the plugin contract, so tests/test_plugin_contract.py can show each check failing."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from advisor.enums import Factor
from advisor.hooks.places import RegionalRecord
from advisor.hooks.strategy import StrategyContent
from advisor.hooks.types import Applicant, ProgramInfo, ScoreAdjustment
from tests.strategies import toy_rules


class _Fault:
    """The toy's terms plus one more, which breaks a promise."""

    @classmethod
    def adjust_scores(cls, strategy: StrategyContent, applicant: Applicant,
                      programs: Sequence[ProgramInfo]) -> list[ScoreAdjustment]:
        assert strategy.geography is not None
        record = RegionalRecord.of(applicant, strategy.geography)
        terms = [*toy_rules.terms(strategy, applicant), cls.fault(record, applicant)]
        return toy_rules.adjustments(strategy, terms, programs)

    @staticmethod
    def fault(record: RegionalRecord, applicant: Applicant) -> toy_rules.Term:
        raise NotImplementedError


class PenalisesAHighStep2(_Fault):
    @staticmethod
    def fault(record: RegionalRecord, applicant: Applicant) -> toy_rules.Term:
        high = (applicant.step2ck_score or 0) >= 245
        return (-10.0 if high else 0.0, "Overqualified", Factor.OTHER)


class PenalisesExperience(_Fault):
    @staticmethod
    def fault(record: RegionalRecord, applicant: Applicant) -> toy_rules.Term:
        return (-2.0 * len(applicant.clinical_experience), "Too many rotations", Factor.OTHER)


class PenalisesLetters(_Fault):
    @staticmethod
    def fault(record: RegionalRecord, applicant: Applicant) -> toy_rules.Term:
        return (-2.0 * len(applicant.us_letters), "Too many letters", Factor.OTHER)


class RewardsAVisaNeed(_Fault):
    @staticmethod
    def fault(record: RegionalRecord, applicant: Applicant) -> toy_rules.Term:
        return (6.0 if applicant.needs_visa else 0.0, "Sponsorship welcome", Factor.OTHER)


class PrefersElsewhere(_Fault):
    """Credits what lies outside the region (or cannot be placed) more than what is in it."""

    @staticmethod
    def fault(record: RegionalRecord, applicant: Applicant) -> toy_rules.Term:
        away = (record.usce_elsewhere + record.letters_elsewhere + record.ties_elsewhere
                + record.usce_not_given + record.letters_not_given + record.ties_not_given)
        return (4.0 * away, "Broad experience", Factor.OTHER)


class CountsLettersAnywhere(_Fault):
    """Credits every letter the same wherever it is from: moving one out of the region
    raises nothing, but one from elsewhere changes the region's adjustments."""

    @staticmethod
    def fault(record: RegionalRecord, applicant: Applicant) -> toy_rules.Term:
        return (1.0 * len(applicant.us_letters), "US letters", Factor.OTHER)


_calls = itertools.count()


class Forgetful(_Fault):
    """Keeps a count between calls, so the same profile scores differently each time."""

    @staticmethod
    def fault(record: RegionalRecord, applicant: Applicant) -> toy_rules.Term:
        return (float(next(_calls) % 3), "Luck", Factor.OTHER)
