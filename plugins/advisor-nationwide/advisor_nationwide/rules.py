"""The nationwide strategy's rules that its strategy.toml cannot express: the Step 2 CK band
and list size, the California cap's size, and score adjustments by where a program sits.

Scoring reads no experience, letters, ties or visa need, and Step 2 CK only removes a penalty
as it rises, so the core's properties (monotone, tie-local) hold. Each term names the factor
it judges, so where another strategy or the core judges the same fact it counts once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from advisor.enums import Factor, ProgramType, SpecialtyClass, VisaNeed
from advisor.hooks.adjustments import KeyedRule, Term, adjustments_by_key
from advisor.hooks.areas import Area, Whereabouts, area
from advisor.hooks.places import HANDS_ON
from advisor.hooks.strategy import StrategyContent
from advisor.hooks.types import (
    Applicant, PlanContribution, ProgramInfo, ProgramsAdjustment, ScoreAdjustment,
)

LOW_BANDS = ("lower", "low", "very_low")
COMMUNITY = frozenset({ProgramType.COMMUNITY, ProgramType.COUNTY})


def step2_band(n: Mapping[str, Any], score: int | None) -> str:
    if score is None:
        return "pending"
    return next((name for below, name in n["bands"] if score < below), "strong")


def list_total(strategy: StrategyContent, a: Applicant) -> tuple[int, int]:
    """The strategy's own size for this list: by Step 2 CK, plus extra for a harder
    specialty, each red flag and a visa need."""
    n = strategy.numbers
    if a.step2ck_score is None:
        low, high = strategy.total or (0, 0)
    else:
        low, high = next((lo, hi) for floor, lo, hi in n["totals"] if a.step2ck_score >= floor)
    flags = (a.step1_failures > 0 or a.step2ck_attempts > 1) + (a.years_since_graduation >= 5)
    extra = (n["specialty_extra"][a.specialty.specialty_class.value] + n["flag_extra"] * flags
             + (n["visa_extra"] if a.needs_visa else 0))
    return low + extra, high + extra


def list_shares(strategy: StrategyContent, a: Applicant) -> dict[str, tuple[float, float]]:
    n = strategy.numbers
    cautious = (step2_band(n, a.step2ck_score) == "very_low" or a.step1_failures > 0
                or a.step2ck_attempts > 1)
    chosen = n["cautious_shares"] if cautious else strategy.shares or {}
    return {tier: (float(lo), float(hi)) for tier, (lo, hi) in chosen.items()}


def context(strategy: StrategyContent, a: Applicant) -> dict[str, Any]:
    """Values the templates and conditions in strategy.toml use beside the facts."""
    n = strategy.numbers
    band = step2_band(n, a.step2ck_score)
    in_field = [e for e in a.clinical_experience if e.specialty is a.specialty]
    specialty_usce = sum(e.months for e in in_field if e.kind in HANDS_ON)
    specialty_letters = sum(1 for x in a.us_letters if x.specialty is a.specialty)
    competitive = a.specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE
    return {
        "band": band,
        "low_band": band in LOW_BANDS,
        "specialty_usce": specialty_usce,
        "specialty_letters": specialty_letters,
        "usce_short": specialty_usce < n["usce_months"],
        "letters_short": specialty_letters < n["letters"],
        "specialty_reach": competitive and band in LOW_BANDS,
        "competitive_specialty": competitive,
        "own_total": list_total(strategy, a),
        "own_shares": {tier: (round(lo * 100), round(hi * 100))
                       for tier, (lo, hi) in list_shares(strategy, a).items()},
        "wants_h1b": a.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B),
        "step1_passed": a.step1_result.value == "pass",
    }


def plan(strategy: StrategyContent, a: Applicant,
         contribution: PlanContribution) -> PlanContribution:
    """Size and shares from the profile; each cap grows with the list and is dropped for a
    student with a tie inside its area."""
    low, high = list_total(strategy, a)
    caps = tuple(
        replace(cap, max=max(cap.max or 0, round(high * strategy.numbers["cap_share"])))
        for cap in contribution.caps
        if not (cap.area and any(area(cap.area).where(t.place.state, t.place.county)
                                 is Whereabouts.INSIDE for t in a.ties)))
    return replace(contribution, total=(low, high), shares=list_shares(strategy, a), caps=caps)


# ----------------------------------------------------------------------------- scoring

class Places:
    """Where a program sits, as the strategy's [numbers.places] and large cities draw it."""

    def __init__(self, n: Mapping[str, Any]) -> None:
        places = n["places"]
        self.crowded: list[Area] = [area(slug) for slug in places["crowded"]]
        self.heartland: list[Area] = [area(slug) for slug in places["heartland"]]
        self.metros: list[Area] = [area(slug) for slug in places["metros"]]
        self.city_names = {slug: frozenset(names)
                           for slug, names in places.get("city_names", {}).items()}
        self.large = {(state, city) for state, cities in n["large_cities"].items()
                      for city in cities}
        # (state, county, city) -> (crowded market, in the heartland, in a smaller city):
        # thousands of programs share a few thousand places.
        self._known: dict[tuple[str, str | None, str | None],
                          tuple[Area | None, bool, bool | None]] = {}

    @staticmethod
    def city(program: ProgramInfo) -> str | None:
        """City name folded for comparison: case, dots and "Saint" spelled out do not matter."""
        if not program.city:
            return None
        name = program.city.casefold().replace(".", "").strip()
        return "st " + name[6:] if name.startswith("saint ") else name

    def within(self, program: ProgramInfo, place: Area) -> bool:
        """Inside by county, or by a city name the strategy lists for the area."""
        return place.holds(program) or (program.state in place.states and
                                        self.city(program) in self.city_names.get(place.slug, ()))

    def crowded_market(self, program: ProgramInfo) -> Area | None:
        return next((p for p in self.crowded if self.within(program, p)), None)

    def in_heartland(self, program: ProgramInfo) -> bool:
        return any(self.within(program, p) for p in self.heartland)

    def in_smaller_city(self, program: ProgramInfo) -> bool | None:
        """True outside the big metros' principal cities; None when the city is not known."""
        city = self.city(program)
        if city is None:
            return None
        return (program.state, city) not in self.large and not any(
            self.within(program, p) for p in self.metros)

    def of(self, program: ProgramInfo) -> tuple[Area | None, bool, bool | None]:
        """(crowded_market, in_heartland, in_smaller_city) of the program, each worked out
        once per place: they read only its state, county and city."""
        key = (program.state, program.county, program.city)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = (self.crowded_market(program),
                                        self.in_heartland(program),
                                        self.in_smaller_city(program))
        return found


# The strategy's numbers -> its Places: kept while the strategy content is the same object
# (a changed strategy file loads new content, and new numbers).
_PLACES: dict[int, tuple[Mapping[str, Any], Places]] = {}


def places_of(n: Mapping[str, Any]) -> Places:
    kept = _PLACES.get(id(n))
    if kept is None or kept[0] is not n:
        if len(_PLACES) >= 8:
            _PLACES.clear()
        kept = _PLACES[id(n)] = (n, Places(n))
    return kept[1]


def adjust_scores(strategy: StrategyContent, a: Applicant, programs: Sequence[ProgramInfo]
                  ) -> list[ScoreAdjustment] | list[ProgramsAdjustment]:
    n, s = strategy.numbers, strategy.numbers["scores"]
    places = places_of(n)
    very_low = step2_band(n, a.step2ck_score) == "very_low"
    us_img: Term = ((s["us_img_citizen"], "US-citizen IMGs are training here now, the clearest "
                     "sign you fit", None, Factor.IMG_SHARE) if a.is_us_citizen else
                    (s["us_img_other"], "US-citizen IMGs train here now, so the program is used "
                     "to reading IMG files", None, Factor.IMG_SHARE))
    no_us_img: Term = (s["no_us_img"], "No US-citizen IMGs in training at present; ask why "
                       "before counting on it", None, Factor.IMG_SHARE)
    strong_share, strong_bonus = s["strong_img_share"], s["strong_img_bonus"]
    heartland: Term = (s["heartland"], "Midwest or South, where IMG-heavy programs are common "
                       "and competition is thinner", None, Factor.COMPETITION)
    small_city: Term = (s["small_city_community"], "Community hospital outside the big metros, "
                        "where fewer applicants compete", None, Factor.COMPETITION)

    def us_img_terms(p: ProgramInfo) -> list[Term]:
        if p.us_img_share is not None and p.us_img_share > 0:
            return [us_img]
        return [no_us_img] if p.us_img_share is not None and a.is_us_citizen else []

    def share_terms(p: ProgramInfo) -> list[Term]:
        share = p.img_share
        if share is None or share < strong_share:
            return []
        return [(strong_bonus, f"IMGs are {share:.0%} of residents here, a program that relies "
                 "on them year after year", None, Factor.IMG_SHARE)]

    def market_terms(p: ProgramInfo) -> list[Term]:
        market = places.of(p)[0]
        kind = p.program_type
        return [_market_term(s, market, kind)] if market and kind in _MARKET_KINDS else []

    def heartland_terms(p: ProgramInfo) -> list[Term]:
        return [heartland] if places.of(p)[1] else []

    def small_city_terms(p: ProgramInfo) -> list[Term]:
        return [small_city] if p.program_type in COMMUNITY and places.of(p)[2] else []

    def very_low_terms(p: ProgramInfo) -> list[Term]:
        return [(delta, why, None, factor) for delta, why, factor in _very_low_terms(n, p)]

    # Each rule with what it reads of a program, in the order a program's reasons are listed.
    low_share = s["very_low_share"]
    rules: list[KeyedRule] = [
        ("us_img", lambda p: None if p.us_img_share is None else p.us_img_share > 0,
         us_img_terms),
        # The share only as the reason shows it.
        ("share", lambda p: (f"{p.img_share:.0%}" if p.img_share is not None
                             and p.img_share >= strong_share else None), share_terms),
        ("market", lambda p: ((places.of(p)[0] or _NOWHERE).slug, p.program_type), market_terms),
        ("heartland", lambda p: places.of(p)[1], heartland_terms),
        ("small_city", lambda p: p.program_type in COMMUNITY and bool(places.of(p)[2]),
         small_city_terms),
    ]
    if very_low:
        rules.append(("very_low", lambda p: (p.img_share is not None and p.img_share < low_share,
                                             p.specialty, p.program_type), very_low_terms))
    return adjustments_by_key(programs, f"{strategy.slug}:{strategy.fingerprint}", rules)


_MARKET_KINDS = frozenset({ProgramType.ACADEMIC, ProgramType.UNIVERSITY_AFFILIATED})
_NOWHERE = Area("", "", frozenset())  # the market of a program in none


def _market_term(s: Mapping[str, Any], market: Area, kind: ProgramType | None) -> Term:
    if kind is ProgramType.ACADEMIC:
        return (s["academic_crowded"], f"University program in {market.name}, where "
                "applicants crowd in; keep few of these", None, Factor.COMPETITION)
    return (s["affiliated_crowded"], f"University-affiliated program in {market.name}, a "
            "crowded market for IMGs", None, Factor.COMPETITION)


def _very_low_terms(n: Mapping[str, Any], p: ProgramInfo) -> list[tuple[float, str, Factor]]:
    s, below = n["scores"], n["bands"][0][0]
    terms = []
    if p.img_share is not None and p.img_share < s["very_low_share"]:
        terms.append((s["very_low_share_penalty"], f"Below {below}, only programs where IMGs "
                      "are a large share of residents are realistic", Factor.IMG_SHARE))
    # Community internal medicine counts; an unknown program type gets the benefit of the doubt.
    fits = p.specialty.value in s["very_low_fields"] or (
        p.specialty.value in s["very_low_community_fields"]
        and (p.program_type is None or p.program_type in COMMUNITY))
    if not fits:
        terms.append((s["very_low_field_penalty"], f"Below {below}, family medicine, psychiatry "
                      "and community internal medicine are the open doors", Factor.SPECIALTY))
    return terms
