"""Properties a region plugin's own adjustments keep, searched with hypothesis; its tests
subclass this with one line and the plugin:

    from advisor.plugin_properties import AdjustmentProperties

    class TestSocalProperties(AdjustmentProperties):
        subject = plugin

Random students (exams, visa, experience, letters and ties inside the plugin's region,
outside it, in its state with no ZIP, and with no place at all) meet random programs inside
the region, and the plugin's answer for one program, its total and its strictest cap, must
keep: a better Step 2 CK, more US clinical experience or another US letter never lower it; a
visa need never raises it; a tie outside the region changes nothing; the same question gets
the same answer; each factor's net change stays within `max_per_factor` points (or the
program's total within `max_per_program`); and any student, against any list, gets advice on
every theme that states no fact the profile lacks. The contract suite (advisor.plugin_contract)
checks the like through the engine for fixed sample students; these search wider.

The strategies for students and programs are here too (`applicants`, `programs_in`), for a
plugin's own properties.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from functools import cached_property
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.enums import (
    Citizenship, ExperienceKind, ProgramType, Specialty, Step1Result, TieKind, VisaNeed,
)
from advisor.hooks.strategy_plugin import StrategyPlugin
from advisor.hooks.types import (
    ADVICE_THEMES, Applicant, ClinicalExperience, Place, PlanSummary, ProgramInfo, RegionalTie,
    UsLetter,
)
from advisor.plugin_contract import places_inside, places_outside
from advisor.scoring.results import TIER_RANK
from advisor.testing import StrategyReader, make_applicant, make_program

# Each plugin's subclass runs the same test methods: hypothesis sees one test called from
# several classes, which here is the point.
SEARCH = settings(max_examples=300, deadline=None,
                  suppress_health_check=[HealthCheck.differing_executors])
LANGUAGES = ("Spanish", "Korean", "Vietnamese", "Tagalog", "Cantonese", "French")
scores = st.one_of(st.none(), st.integers(180, 275))


def experiences(places: list[Place]) -> st.SearchStrategy[ClinicalExperience]:
    return st.builds(ClinicalExperience, st.sampled_from(list(ExperienceKind)),
                     st.floats(0, 12, allow_nan=False), st.sampled_from([None, *Specialty]),
                     st.sampled_from(places))


def letters(places: list[Place]) -> st.SearchStrategy[UsLetter]:
    return st.builds(UsLetter, st.sampled_from([None, *Specialty]), st.sampled_from(places))


def ties(places: list[Place]) -> st.SearchStrategy[RegionalTie]:
    return st.builds(RegionalTie, st.sampled_from(list(TieKind)), st.sampled_from(places))


def applicants(places: list[Place]) -> st.SearchStrategy[Applicant]:
    """Students of every kind, their experience, letters and ties at `places`."""
    return st.builds(
        make_applicant,
        citizenship=st.sampled_from(list(Citizenship)),
        visa_needed=st.sampled_from(list(VisaNeed)),
        step1_result=st.sampled_from(list(Step1Result)),
        step1_attempts=st.integers(0, 3),
        step1_score=st.one_of(st.none(), st.integers(180, 260)),
        step2ck_score=scores,
        step2ck_attempts=st.integers(0, 3),
        step3_passed=st.sampled_from([None, True, False]),
        graduation_year=st.integers(2012, 2026),
        publications=st.integers(0, 3),
        specialty=st.sampled_from(list(Specialty)),
        clinical_experience=st.lists(experiences(places), max_size=3).map(tuple),
        us_letters=st.lists(letters(places), max_size=3).map(tuple),
        ties=st.lists(ties(places), max_size=2).map(tuple),
        languages=st.lists(st.sampled_from(LANGUAGES), max_size=2).map(tuple),
    )


def programs_in(places: list[Place], regions: tuple[str, ...]) -> st.SearchStrategy[ProgramInfo]:
    """Programs of every kind at `places`, tagged with `regions`."""
    kinds = st.builds(
        make_program,
        specialty=st.sampled_from(list(Specialty)),
        program_type=st.sampled_from([None, *ProgramType]),
        step2_median=st.one_of(st.none(), st.integers(200, 250)),
        step2_min=st.one_of(st.none(), st.integers(195, 240)),
        img_share=st.one_of(st.none(), st.floats(0, 1)),
        visa_j1=st.sampled_from([None, True, False]),
        visa_h1b=st.sampled_from([None, True, False]),
        regions=st.just(regions),
    )
    return st.tuples(st.sampled_from(places), kinds).map(lambda pair: _placed(*pair))


def _placed(place: Place, program: ProgramInfo) -> ProgramInfo:
    assert place.state, "a program's place needs a state"
    return replace(program, state=place.state, county=place.county, zip=place.zip)


def plans(region: str) -> st.SearchStrategy[PlanSummary]:
    """Finished lists of every size, some with shortfalls, part of them in `region`."""
    return st.builds(
        lambda reach, target, safety, shortfalls: PlanSummary(
            total=reach + target + safety,
            by_tier={"reach": reach, "target": target, "safety": safety},
            by_region={region: target}, shortfalls=tuple(shortfalls)),
        st.integers(0, 50), st.integers(0, 70), st.integers(0, 40),
        st.lists(st.sampled_from(["Only 4 safeties in the catalog fit this profile",
                                  "The state cap leaves 12 places unfilled"]), max_size=2),
    )


def effect(plugin: Any, applicant: Applicant, program: ProgramInfo) -> tuple[float, int]:
    """A plugin's total change to one program and its strictest cap (as a rank, 0 for none)."""
    found = plugin.advisor_adjust_scores(applicant, [program])
    cap = max((TIER_RANK[a.tier_cap] for a in found if a.tier_cap), default=0)
    return sum(a.delta for a in found), cap


def no_worse(better: tuple[float, int], worse: tuple[float, int]) -> bool:
    return better[0] >= worse[0] - 1e-9 and better[1] <= worse[1]


class AdjustmentProperties:
    """Subclass with `subject = <the plugin>`; the plugin must be a content strategy with a
    region."""

    subject: Any = None
    max_per_factor: float | None = 10.0
    max_per_program: float | None = None

    @cached_property
    def _places(self) -> tuple[list[Place], list[Place]]:
        assert isinstance(self.subject, StrategyPlugin), "set subject to the strategy plugin"
        geo = self.subject.content.required_geography
        return places_inside(geo, limit=4), places_outside([geo], limit=3)

    @cached_property
    def applicants(self) -> st.SearchStrategy[Applicant]:
        inside, outside = self._places
        unplaced = [Place(state) for state in dict.fromkeys(p.state for p in inside)]
        return applicants([*inside, *outside, *unplaced, Place(None, None)])

    @cached_property
    def programs(self) -> st.SearchStrategy[ProgramInfo]:
        region = self.subject.content.region
        return programs_in(self._places[0], (region.slug,))

    def effect(self, applicant: Applicant, program: ProgramInfo) -> tuple[float, int]:
        return effect(self.subject, applicant, program)

    @SEARCH
    @given(st.data(), scores, scores)
    def test_a_higher_step2ck_never_lowers_the_adjustment(self, data: st.DataObject,
                                                          a: int | None, b: int | None) -> None:
        applicant, program = data.draw(self.applicants), data.draw(self.programs)
        low, high = sorted([a, b], key=lambda s: -1 if s is None else s)
        assert no_worse(self.effect(replace(applicant, step2ck_score=high), program),
                        self.effect(replace(applicant, step2ck_score=low), program))

    @SEARCH
    @given(st.data())
    def test_more_usce_or_another_letter_never_lowers_it(self, data: st.DataObject) -> None:
        applicant, program = data.draw(self.applicants), data.draw(self.programs)
        inside, outside = self._places
        extra = data.draw(experiences([*inside, *outside]))
        letter = data.draw(letters([*inside, *outside]))
        base = self.effect(applicant, program)
        more_usce = replace(applicant, clinical_experience=applicant.clinical_experience + (extra,))
        more_letters = replace(applicant, us_letters=applicant.us_letters + (letter,))
        assert no_worse(self.effect(more_usce, program), base)
        assert no_worse(self.effect(more_letters, program), base)

    @SEARCH
    @given(st.data())
    def test_a_visa_need_never_raises_it(self, data: st.DataObject) -> None:
        applicant, program = data.draw(self.applicants), data.draw(self.programs)
        without = replace(applicant, visa_needed=VisaNeed.NONE)
        assert no_worse(self.effect(without, program), self.effect(applicant, program))

    @SEARCH
    @given(st.data(), st.sampled_from(list(TieKind)))
    def test_a_tie_outside_the_region_changes_nothing(self, data: st.DataObject,
                                                      kind: TieKind) -> None:
        applicant, program = data.draw(self.applicants), data.draw(self.programs)
        place = data.draw(st.sampled_from(self._places[1]))
        with_tie = replace(applicant, ties=applicant.ties + (RegionalTie(kind, place),))
        assert self.effect(with_tie, program) == self.effect(applicant, program)

    @settings(SEARCH, max_examples=200)
    @given(st.data())
    def test_answers_are_deterministic_bounded_and_only_for_the_batch(
            self, data: st.DataObject) -> None:
        applicant = data.draw(self.applicants)
        batch = data.draw(st.lists(self.programs, min_size=1, max_size=4))
        first = list(self.subject.advisor_adjust_scores(applicant, batch))
        assert first == list(self.subject.advisor_adjust_scores(applicant, batch))
        assert all(a.acgme_id in {p.acgme_id for p in batch} and a.reason for a in first)
        for program in batch:
            mine = [a for a in first if a.acgme_id == program.acgme_id]
            if self.max_per_program is not None:
                assert abs(sum(a.delta for a in mine)) <= self.max_per_program, mine
            if self.max_per_factor is not None:
                net: dict[Any, float] = defaultdict(float)
                for a in mine:
                    net[a.factor] += a.delta
                assert all(abs(d) <= self.max_per_factor for d in net.values()), dict(net)

    @SEARCH
    @given(st.data())
    def test_any_profile_gets_every_theme_and_no_claim_it_does_not_hold(
            self, data: st.DataObject) -> None:
        applicant = data.draw(self.applicants)
        plan = data.draw(plans(self.subject.content.region.slug))
        found = self.subject.advisor_advice(applicant, plan)
        assert {s.theme for s in found} >= set(ADVICE_THEMES)
        assert all(section.body.strip() for section in found)
        StrategyReader(self.subject, plan).claims(applicant)  # fails on a claim it lacks
