"""The contract every strategy plugin keeps, as tests its package runs with one line:

    from advisor.plugin_contract import StrategyContract


    class TestContract(StrategyContract):
        plugin_name = "texas"

`plugin_name` is the plugin's entry point name (its slug); the plugin must be installed
(`pip install -e plugins/advisor-texas`). The checks run through the real engine on the
`advisor_app` fixture's small catalog, with a few programs added inside the plugin's region,
and each failure says what broke, for which sample student and where to look:

- a better Step 2 CK, more US clinical experience or another US letter never lowers a score;
- a visa need never raises one;
- experience, letters and ties count only inside the region: moving one out of it never
  raises a score there, and one outside changes none of the plugin's adjustments;
- the same profile gives the same answer twice;
- in the app, a student choosing its regions is assessed with it without a failure, and its
  advice and guide show on their pages;
- the plugin declares ADVISOR_HOOK_API and implements only hooks the host defines;
- for a content strategy (StrategyPlugin), every template renders for every sample profile,
  every demo student and students placed in the region, with no undefined variable and no
  claim stated for a student who lacks the fact; and every fact the content claims is seen
  both holding and not, so that check proves something.

A class may add students of its own with `extra_profiles`.
"""

from __future__ import annotations

import difflib
import inspect
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import entry_points
from itertools import pairwise
from typing import Any

import pluggy
import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from advisor.demo.students import DEMO_SEASON, demo_students
from advisor.enums import Citizenship, ExperienceKind, ProgramType, Specialty, TieKind, VisaNeed
from advisor.geo import zips_in
from advisor.hooks import ENTRY_POINT_GROUP, PROJECT_NAME, specs
from advisor.hooks.areas import Area, Whereabouts, where
from advisor.hooks.samples import profile_variants, sample_applicants, sample_plans
from advisor.hooks.strategy import STRATEGY_FILE, StrategyContent
from advisor.hooks.strategy_plugin import StrategyPlugin
from advisor.hooks.templating import ClaimLog, claimed_facts
from advisor.hooks.text import plural
from advisor.hooks.types import (
    Applicant,
    ClinicalExperience,
    Place,
    ProgramInfo,
    Region,
    RegionalTie,
    ScoreAdjustment,
    UsLetter,
)
from advisor.plugin_registry import PluginRefused, PluginRegistry, check_api_version, get_registry
from advisor.profile_schema import parse_profile
from advisor.scoring.engine import assess
from advisor.scoring.results import TIER_RANK, Assessment, ScoredProgram
from advisor.services.applicants import applicant_from_profile
from advisor.services.catalog_cache import get_catalog_cache

STEP2_LADDER = (195, 205, 215, 225, 235, 245, 255)
VISA_NEEDS = (VisaNeed.J1, VisaNeed.H1B, VisaNeed.J1_OR_H1B)
# Places to stand for "outside the region", tried in order; a county-drawn region first tries
# another county of its own state.
OUTSIDE_CANDIDATES = (
    Place("OH", "Franklin County", "43215"), Place("NY", "New York County", "10032"),
    Place("IL", "Cook County", "60612"), Place("FL", "Miami-Dade County", "33136"),
    Place("AZ", "Maricopa County", "85006"), Place("WA", "King County", "98104"),
    Place("TX", "Harris County", "77002"), Place("CA", "Los Angeles County", "90033"),
)
# Programs added at each place inside the region: the kinds a strategy treats differently.
REGION_PROGRAMS: tuple[dict[str, Any], ...] = (
    {"program_type": ProgramType.COMMUNITY, "visa_j1": True, "visa_h1b": False},
    {"program_type": ProgramType.ACADEMIC, "visa_j1": False, "visa_h1b": True,
     "usce_required": True, "step2_min": 230, "step2_median": 240},
    {"program_type": ProgramType.COUNTY, "specialty": Specialty.FAMILY_MEDICINE,
     "visa_j1": None, "visa_h1b": None, "step2_min": None},
)
MAX_SHOWN = 8


# ------------------------------------------------------------------------------ places


def _counties_by_size(state: str) -> list[tuple[str, str]]:
    """(county, first ZIP) of a state, the county with the most ZIP codes first."""
    places = [p for p in zips_in(state) if p.county]
    sizes = Counter(p.county for p in places)
    first: dict[str, str] = {}
    for p in places:
        first.setdefault(str(p.county), p.zip)
    return [(county, first[county]) for county in sorted(first, key=lambda c: (-sizes[c], c))]


def places_inside(geo: Area | Region, limit: int = 3) -> list[Place]:
    """Real places (with ZIPs) inside an area or region: one per county or state, largest
    first. Empty for a region drawn by no state (it is everywhere)."""
    found: list[Place] = []
    if geo.counties:
        for county, state in sorted(geo.counties):
            zips = zips_in(state, county)
            place = Place(state, county, zips[0].zip) if zips else None
            if place and where(place, geo) is Whereabouts.INSIDE:
                found.append(place)
            if len(found) == limit:
                break
        return found
    for state in sorted(geo.states)[:limit]:
        for county, zip_code in _counties_by_size(state):
            place = Place(state, county, zip_code)
            if where(place, geo) is Whereabouts.INSIDE:
                found.append(place)
                break
    return found


def places_outside(geos: Sequence[Area | Region], limit: int = 1) -> list[Place]:
    """Real places outside every one of `geos`, a county-drawn one's own state first; fewer
    than `limit` (or none) when they cover the candidates."""
    candidates: list[Place] = []
    for geo in geos:
        if geo.counties:
            state = sorted(geo.states)[0]
            candidates += [Place(state, county, zip_code)
                           for county, zip_code in _counties_by_size(state)[:12]]
    found = [place for place in [*candidates, *OUTSIDE_CANDIDATES]
             if all(where(place, geo) is Whereabouts.OUTSIDE for geo in geos)]
    return found[:limit]


def place_outside(geos: Sequence[Area | Region]) -> Place | None:
    """A real place outside every one of `geos`, or None when they cover every candidate."""
    return next(iter(places_outside(geos)), None)


def _moved(applicant: Applicant, place: Place) -> Applicant:
    """Every experience, letter and tie of the profile, placed at `place`."""
    return replace(
        applicant,
        clinical_experience=tuple(replace(e, place=place) for e in applicant.clinical_experience),
        us_letters=tuple(replace(x, place=place) for x in applicant.us_letters),
        ties=tuple(replace(t, place=place) for t in applicant.ties))


def _items_at(place: Place) -> dict[str, Callable[[Applicant], Applicant]]:
    """One more experience, letter or tie at `place`, by what it is."""
    return {
        "hands-on experience": lambda a: replace(a, clinical_experience=a.clinical_experience + (
            ClinicalExperience(ExperienceKind.ELECTIVE, 2.0, a.specialty, place),)),
        "an observership": lambda a: replace(a, clinical_experience=a.clinical_experience + (
            ClinicalExperience(ExperienceKind.OBSERVERSHIP, 1.0, a.specialty, place),)),
        "a US letter": lambda a: replace(a, us_letters=a.us_letters + (
            UsLetter(a.specialty, place),)),
        "a tie": lambda a: replace(a, ties=a.ties + (RegionalTie(TieKind.FAMILY, place),)),
    }


def _where(place: Place) -> str:
    if place.county:
        return f"{place.county}, {place.state}"
    return f"{place.state} with no ZIP" if place.state else "no place given"


def demo_applicants() -> list[tuple[str, Applicant]]:
    """The demo students (advisor.demo) as the Applicants plugins receive."""
    return [(profile["name"], applicant_from_profile(parse_profile(profile), DEMO_SEASON))
            for profile in demo_students(DEMO_SEASON)]


# ------------------------------------------------------------------------ the engine


@dataclass
class _Subject:
    """The plugin under test inside a running app, with the catalog it is scored on."""

    name: str
    registry: PluginRegistry
    regions: list[Region]
    inside: list[Place]
    outside: Place | None

    def programs(self, applicant: Applicant) -> list[ProgramInfo]:
        specialties = [applicant.specialty]
        if applicant.backup_specialty is not None:
            specialties.append(applicant.backup_specialty)
        return get_catalog_cache().programs(specialties)

    def in_region(self, program: ProgramInfo) -> bool:
        return bool({r.slug for r in self.regions} & set(program.regions))

    def assessment(self, applicant: Applicant, label: str) -> Assessment:
        result = assess(applicant, self.programs(applicant), self.registry)
        failed = [w.message for w in result.warnings if w.source == self.name]
        if failed:
            pytest.fail(f"assessing {label!r}, the plugin failed: {failed[0]}", pytrace=False)
        return result

    def scores(self, applicant: Applicant, label: str) -> dict[str, ScoredProgram]:
        return {s.program.acgme_id: s for s in self.assessment(applicant, label).programs}

    def adjustments(self, applicant: Applicant) -> list[ScoreAdjustment]:
        """The plugin's own answer for the programs of its regions, in a stable order."""
        programs = [p for p in self.programs(applicant) if self.in_region(p)]
        result = self.registry.call("advisor_adjust_scores",
                                    {"applicant": applicant, "programs": programs},
                                    only=lambda name: name == self.name)
        if result.warnings:
            pytest.fail(f"advisor_adjust_scores failed: {result.warnings[0].message}",
                        pytrace=False)
        answers = [list(answer or ()) for _, answer in result.answers]
        return sorted((a for answer in answers for a in answer), key=repr)

    def applicants(self) -> list[tuple[str, Applicant]]:
        """The sample students, each choosing this plugin's regions."""
        slugs = tuple(r.slug for r in self.regions)
        return [(a.name, replace(a, target_regions=slugs)) for a in sample_applicants()]


def _worse(stronger: dict[str, ScoredProgram], weaker: dict[str, ScoredProgram],
           only: Callable[[ProgramInfo], bool]) -> list[tuple[ScoredProgram, ScoredProgram]]:
    """(stronger, weaker) results of programs where the stronger profile scores lower, tiers
    worse or has a lower interview chance than the weaker one."""
    found = []
    for acgme_id, low in weaker.items():
        high = stronger[acgme_id]
        if only(high.program) and (high.score < low.score - 1e-9
                                   or TIER_RANK[high.tier] > TIER_RANK[low.tier]
                                   or high.chance < low.chance * (1 - 1e-9)):
            found.append((high, low))
    return found


class _Findings:
    """Score comparisons that went the wrong way: per student and change, the first program
    it hit, how many others, and what the plugin said on each side."""

    def __init__(self, subject: _Subject) -> None:
        self.subject = subject
        self.found: dict[tuple[str, str, str], list[tuple[ScoredProgram, ScoredProgram]]] = {}

    def compare(self, label: str, weaker: tuple[str, dict[str, ScoredProgram]],
                stronger: tuple[str, dict[str, ScoredProgram]],
                only: Callable[[ProgramInfo], bool] = lambda p: True) -> None:
        pairs = _worse(stronger[1], weaker[1], only)
        if pairs:
            self.found.setdefault((label, weaker[0], stronger[0]), []).extend(pairs)

    def fail_if_any(self, what: str) -> None:
        if not self.found:
            return
        blocks = []
        for (label, weak_name, strong_name), pairs in list(self.found.items())[:MAX_SHOWN]:
            high, low = pairs[0]
            others = f" (and {plural(len(pairs) - 1, 'other program')})" if len(pairs) > 1 else ""
            worse = [what for what, bad in (
                ("score", high.score < low.score - 1e-9),
                ("tier", TIER_RANK[high.tier] > TIER_RANK[low.tier]),
                ("interview chance", high.chance < low.chance * (1 - 1e-9))) if bad]
            note = f"\n    so {strong_name} does worse on: {', '.join(worse)}"
            if worse == ["interview chance"] and high.score == low.score:
                note += " (the score shown is held at 0-100; the total behind it fell)"
            blocks.append(f"{label}, at {self._program(high)}{others}:\n"
                          f"    {weak_name}: {self._result(low)}\n"
                          f"    {strong_name}: {self._result(high)}{note}")
        more = len(self.found) - MAX_SHOWN
        tail = f"\n  (and {more} more)" if more > 0 else ""
        pytest.fail(f"{what}\n  " + "\n  ".join(blocks) + tail, pytrace=False)

    def _program(self, s: ScoredProgram) -> str:
        where_ = (f"in {self.subject.name}'s region" if self.subject.in_region(s.program)
                  else "elsewhere")
        return f"{s.program.name} ({s.program.acgme_id}, {s.program.state}, {where_})"

    def _result(self, s: ScoredProgram) -> str:
        said = "; ".join(f"{r.delta:+g} {r.text}" for r in s.reasons
                         if r.source == self.subject.name) or "nothing"
        return (f"score {s.score:g} ({s.tier.value}, interview chance {s.chance:.1%}); "
                f"{self.subject.name} said: {said}")


# -------------------------------------------------------------------------- content


def claimed_facts_of(content: StrategyContent) -> dict[str, set[str]]:
    """Fact -> the files whose templates claim it: the advice files and the texts in
    strategy.toml (notes, remedies, the assessment summary)."""
    found: dict[str, set[str]] = {}
    for path in content.files:
        if path.suffix == ".j2":
            texts = [path.read_text(encoding="utf-8")]
        elif path.name == STRATEGY_FILE:
            texts = list(_strings(tomllib.loads(path.read_text(encoding="utf-8"))))
        else:
            continue
        for text in texts:
            for fact in claimed_facts(text):
                found.setdefault(fact, set()).add(path.name)
    return found


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if "{%" in value:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _spec_names() -> set[str]:
    return {name for name, f in inspect.getmembers(specs, inspect.isfunction)
            if hasattr(f, f"{PROJECT_NAME}_spec")}


# --------------------------------------------------------------------------- the suite


def _credit(adjustments: list[ScoreAdjustment]) -> list[ScoreAdjustment]:
    """The adjustments that move a score; a tier cap alone (delta 0) comes from a
    whole-profile judgement such as an applicant tier."""
    return [a for a in adjustments if a.delta]


class StrategyContract:
    """Subclass as `class TestContract(StrategyContract): plugin_name = "<slug>"`."""

    plugin_name: str = ""
    # The plugin itself, for one that is not installed (Match Advisor's own tests of this
    # suite); an installed plugin is found by `plugin_name`.
    plugin_object: object | None = None

    def extra_profiles(self) -> list[tuple[str, Applicant]]:
        """(label, applicant) pairs to render the content for, besides the samples and the
        demo students; add students your strategy treats specially."""
        return []

    # ------------------------------------------------------------------ finding the plugin

    def contract_plugin(self) -> object:
        """The plugin object: `plugin_object`, or the installed entry point `plugin_name`."""
        if self.plugin_object is not None:
            return self.plugin_object
        assert self.plugin_name, "set plugin_name to the plugin's entry point name"
        found = entry_points(group=ENTRY_POINT_GROUP, name=self.plugin_name)
        if not found:
            pytest.fail(f"no plugin named {self.plugin_name!r} is installed: install its package "
                        "(pip install -e plugins/advisor-...), and check that the entry point "
                        f"in its pyproject.toml is named {self.plugin_name!r}", pytrace=False)
        return next(iter(found)).load()

    def content_strategy(self) -> StrategyPlugin:
        plugin = self.contract_plugin()
        if not isinstance(plugin, StrategyPlugin):
            pytest.skip("not a content strategy (advisor.hooks.strategy_plugin.StrategyPlugin)")
        return plugin

    def contract_profiles(self, content: StrategyContent) -> list[tuple[str, Applicant]]:
        """Every profile the content is rendered for: the kit's samples and their variants,
        the demo students, the samples with everything placed inside the region and in its
        state with no ZIP, and `extra_profiles`."""
        profiles = list(profile_variants()) + demo_applicants()
        geo = content.geography
        if geo is not None:
            for place in places_inside(geo, limit=1):
                profiles += [(f"{a.name}, everything in {_where(place)}", _moved(a, place))
                             for a in sample_applicants()]
                unplaced = Place(place.state)
                profiles += [(f"{a.name}, everything in {place.state} with no ZIP",
                              _moved(a, unplaced)) for a in sample_applicants()]
        return profiles + self.extra_profiles()

    @pytest.fixture
    def contract_subject(self, advisor_app: Flask, with_plugin: Any,
                         program_factory: Callable[..., Any]) -> _Subject:
        """The plugin registered in `advisor_app`, with programs added inside its region."""
        registry = get_registry(advisor_app)
        name = self.plugin_name
        plugin = self.contract_plugin()
        if self.plugin_object is not None:
            with_plugin(plugin, name=name)
        elif registry.pm.get_plugin(name) is None:
            info = {i.name: i for i in registry.plugins()}.get(name)
            why = (info.load_error if info and info.load_error
                   else "it is disabled (PLUGINS_DISABLED)" if info else "it is not loaded")
            pytest.fail(f"the app did not load the plugin {name!r}: {why}", pytrace=False)
        regions = registry.plugin_regions().get(name, [])
        inside = [place for region in regions for place in places_inside(region)]
        for place in inside:
            share = min(1.0, max(0.4, (regions[0].min_img_share or 0.0) + 0.1))
            for extra in REGION_PROGRAMS:
                program_factory(state=place.state, zip=place.zip, city=None, img_share=share,
                                **extra)
        subject = _Subject(name, registry, regions, inside, place_outside(regions))
        if regions and not any(subject.in_region(p) for p in get_catalog_cache().programs(
                list(Specialty))):
            pytest.fail(f"no program of the test catalog lies in {name}'s regions; "
                        "check their states and counties", pytrace=False)
        return subject

    def _needs_outside(self, subject: _Subject) -> Place:
        if not subject.regions or not subject.inside or subject.outside is None:
            pytest.skip("the plugin's regions cover every place (or it has none): nothing lies "
                        "outside them")
        return subject.outside

    # ------------------------------------------------------------------ the plugin itself

    def test_the_plugin_declares_the_hook_api_version(self) -> None:
        try:
            check_api_version(self.contract_plugin())
        except PluginRefused as exc:
            pytest.fail(f"the plugin {exc}", pytrace=False)

    def test_every_hook_is_one_the_host_defines(self) -> None:
        plugin = self.contract_plugin()
        known = _spec_names()
        problems = []
        for attr in dir(plugin):
            if attr.startswith("__"):
                continue
            value = inspect.getattr_static(plugin, attr, None)
            value = getattr(value, "__func__", value)
            marked = getattr(value, f"{PROJECT_NAME}_impl", None) is not None
            close = difflib.get_close_matches(attr, known, n=1)
            if marked and attr not in known:
                hint = f"; did you mean {close[0]}?" if close else ""
                problems.append(f"{attr} is marked @hookimpl, but the host defines no hook of "
                                f"that name{hint}")
            elif not marked and callable(value) and attr in known:
                problems.append(f"{attr} is not marked with @hookimpl, so it is never called")
            elif not marked and callable(value) and attr.startswith("advisor_") and close:
                problems.append(f"{attr} looks like the hook {close[0]} misspelt; it is never "
                                "called")
        manager = pluggy.PluginManager(PROJECT_NAME)
        manager.add_hookspecs(specs)
        try:
            manager.register(plugin)
            manager.check_pending()
        except pluggy.PluginValidationError as exc:
            problems.append(str(exc))
        if problems:
            pytest.fail("hooks the host would refuse or never call:\n  " + "\n  ".join(
                dict.fromkeys(problems)), pytrace=False)

    # ------------------------------------------------------------------------- scoring

    def test_a_better_step2ck_never_lowers_a_score(self, contract_subject: _Subject) -> None:
        findings = _Findings(contract_subject)
        for label, base in contract_subject.applicants():
            results = [(f"Step 2 CK {score}",
                        contract_subject.scores(replace(base, step2ck_score=score), label))
                       for score in STEP2_LADDER]
            for weaker, stronger in pairwise(results):
                findings.compare(label, weaker, stronger)
        findings.fail_if_any("a better Step 2 CK lowered a program's score, tier or chance:")

    def test_more_us_clinical_experience_never_lowers_a_score(
            self, contract_subject: _Subject) -> None:
        self._more_never_lowers(contract_subject, ("hands-on experience", "an observership"))

    def test_another_us_letter_never_lowers_a_score(self, contract_subject: _Subject) -> None:
        self._more_never_lowers(contract_subject, ("a US letter",))

    def _more_never_lowers(self, subject: _Subject, kinds: Sequence[str]) -> None:
        places = [*subject.inside, *([subject.outside] if subject.outside else []),
                  *dict.fromkeys(Place(p.state) for p in subject.inside)]
        findings = _Findings(subject)
        for label, base in subject.applicants():
            without = ("without it", subject.scores(base, label))
            for place in places:
                for kind in kinds:
                    more = _items_at(place)[kind](base)
                    findings.compare(label, without, (f"with {kind} in {_where(place)}",
                                                      subject.scores(more, label)))
        findings.fail_if_any(f"adding {' or '.join(kinds)} lowered a program's score, tier or "
                             "chance:")

    def test_a_visa_need_never_raises_a_score(self, contract_subject: _Subject) -> None:
        findings = _Findings(contract_subject)
        for label, base in contract_subject.applicants():
            free = replace(base, citizenship=Citizenship.NON_US, visa_needed=VisaNeed.NONE)
            without = ("needing no visa", contract_subject.scores(free, label))
            for need in VISA_NEEDS:
                needing = contract_subject.scores(replace(free, visa_needed=need), label)
                findings.compare(label, (f"needing {need.label}", needing), without)
        findings.fail_if_any("a visa need raised a program's score, tier or chance:")

    def test_moving_an_item_out_of_the_region_never_raises_a_score_there(
            self, contract_subject: _Subject) -> None:
        outside = self._needs_outside(contract_subject)
        inside = contract_subject.inside[0]
        findings = _Findings(contract_subject)
        for label, base in contract_subject.applicants():
            for kind, add in _items_at(inside).items():
                kept = (f"{kind} in {_where(inside)}", contract_subject.scores(add(base), label))
                for place in (outside, Place(inside.state)):
                    moved = contract_subject.scores(_items_at(place)[kind](base), label)
                    findings.compare(label, (f"{kind} in {_where(place)}", moved), kept,
                                     contract_subject.in_region)
        findings.fail_if_any("experience, a letter or a tie counted for more outside the region "
                             "(or with its place not given) than inside it:")

    def test_an_item_outside_the_region_changes_none_of_its_adjustments(
            self, contract_subject: _Subject) -> None:
        """A plugin's score changes count only what lies inside the region. A tier cap with no
        score change comes from a whole-profile judgement (an applicant tier reads all of a
        student's US experience, as its guide does) and is not checked here."""
        outside = self._needs_outside(contract_subject)
        problems: list[str] = []
        for label, base in contract_subject.applicants():
            before = _credit(contract_subject.adjustments(base))
            for kind, add in _items_at(outside).items():
                after = _credit(contract_subject.adjustments(add(base)))
                if after != before:
                    changed = sorted({a.reason for a in set(after) ^ set(before)})
                    problems.append(f"{label}: {kind} in {_where(outside)} changed the plugin's "
                                    f"adjustments: {'; '.join(changed[:3])}")
        if problems:
            pytest.fail("something outside the region changed the plugin's adjustments to "
                        "programs inside it:\n  " + "\n  ".join(problems[:MAX_SHOWN]),
                        pytrace=False)

    def test_the_same_profile_gives_the_same_answer(self, contract_subject: _Subject) -> None:
        for label, base in contract_subject.applicants():
            first = contract_subject.assessment(base, label).to_dict()
            second = contract_subject.assessment(base, label).to_dict()
            if first != second:
                changed = [key for key in first if first[key] != second[key]]
                pytest.fail(f"{label}: assessing the same profile twice gave different "
                            f"{', '.join(changed)}; a hook must not depend on randomness, the "
                            "clock, the order of sets or anything kept between calls",
                            pytrace=False)

    # ---------------------------------------------------------------------- in the app

    def test_a_student_choosing_the_region_sees_its_advice_and_guide(
            self, contract_subject: _Subject, student_factory: Callable[..., Any],
            advisor_assess: Callable[[Any], Assessment], advisor_client: FlaskClient) -> None:
        """As an advisor meets the plugin: a student who chooses its regions is assessed with
        it without a failure, its advice shows on the student's advice page, and its guide on
        the guide's page."""
        subject = contract_subject
        if not subject.regions:
            pytest.skip("the plugin has no region a student could choose")
        student = student_factory(target_regions=[r.slug for r in subject.regions])
        result = advisor_assess(student)
        problems = [f"the plugin failed: {w.message}" for w in result.warnings
                    if w.source == subject.name]
        if subject.name not in result.strategies:
            problems.append(f"it is not among the student's strategies {result.strategies}")
        page = advisor_client.get(f"/students/{student.id}/advice").get_data(as_text=True)
        titles = [section.title for source, section in result.advice if source == subject.name]
        problems += [f"the advice page lacks its section {t!r}" for t in titles
                     if str(escape(t)) not in page]
        plugin = self.contract_plugin()
        if isinstance(plugin, StrategyPlugin) and plugin.content.guide_body:
            if not titles:
                problems.append("it gave the student no advice")
            response = advisor_client.get(f"/guides/{plugin.content.slug}")
            if str(escape(plugin.content.guide_title)) not in response.get_data(as_text=True):
                problems.append(f"/guides/{plugin.content.slug} does not show its guide "
                                f"{plugin.content.guide_title!r} (status {response.status_code})")
        if problems:
            pytest.fail("in the app, for a student choosing its regions:\n  "
                        + "\n  ".join(problems), pytrace=False)

    # ------------------------------------------------------------------------- content

    def test_every_text_renders_for_every_profile_and_claims_only_what_it_holds(
            self) -> None:
        plugin = self.content_strategy()
        problems: dict[str, str] = {}
        for label, applicant in self.contract_profiles(plugin.content):
            claims = ClaimLog()
            try:
                plugin.render_all(applicant, sample_plans(), claims)
            except Exception as exc:  # every failure is reported, with the student it met
                problems.setdefault(str(exc), f"{exc} (for {label!r})")
                continue
            for claim in claims.broken:
                facts = ", ".join(claim.facts)
                problems.setdefault(
                    f"{claim.file}:{claim.line}",
                    f"{claim.file}, line {claim.line}: claims {facts} for {label!r}, who lacks "
                    f"it; put the sentence inside {{% if facts.{claim.facts[0]} %}}")
        if problems:
            pytest.fail("strategy content that fails or states what a student lacks:\n  "
                        + "\n  ".join(list(problems.values())[:MAX_SHOWN]), pytrace=False)

    def test_every_claimed_fact_is_seen_both_holding_and_not(self) -> None:
        plugin = self.content_strategy()
        content = plugin.content
        claimed = claimed_facts_of(content)
        declared = {fact: set(files) for fact, files in claimed.items()}
        for entry in content.advice:
            for fact in entry.requires:
                declared.setdefault(fact, set()).add(f"{STRATEGY_FILE} requires")
        holds: set[str] = set()
        lacks: set[str] = set()
        shown: set[str] = set()
        for _, applicant in self.contract_profiles(content):
            facts = plugin.context(content, applicant)["facts"]
            holds.update(f for f in declared if facts[f])
            lacks.update(f for f in declared if not facts[f])
            claims = ClaimLog()
            try:
                plugin.render_all(applicant, sample_plans(), claims)
            except Exception:  # reported by the rendering test
                continue
            shown |= claims.made
        problems = []
        for fact in sorted(declared):
            files = ", ".join(sorted(declared[fact]))
            if fact not in holds:
                problems.append(f"{fact} ({files}): no profile holds it, so its text is never "
                                "shown or checked")
            elif fact not in lacks:
                problems.append(f"{fact} ({files}): no profile lacks it, so nothing shows the "
                                "text is kept from students without it; add one with "
                                "extra_profiles")
            elif fact in claimed and fact not in shown:
                problems.append(f"{fact} ({files}): no profile that holds it reaches its "
                                "claim, so that text is never rendered; check the conditions "
                                "around it")
        if problems:
            pytest.fail("facts the content states that the profiles do not exercise both ways:"
                        "\n  " + "\n  ".join(problems), pytrace=False)


__all__ = ["StrategyContract", "claimed_facts_of", "demo_applicants", "place_outside",
           "places_inside", "places_outside"]
