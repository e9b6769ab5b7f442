"""Turns one student's assessment into what the advice page shows.

The staff page and the student's shared page both render from an `AdvicePage`; the views only
decide who may see it and which parts (admin warnings, share links) to add.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from markupsafe import Markup

from advisor.enums import Factor, Tier
from advisor.plugin_registry import CORE_PLUGIN_NAME, PluginWarning, get_registry
from advisor.hooks.types import AdviceSection, RegionCap
from advisor.models import Student
from advisor.scoring.chances import band_text
from advisor.scoring.evidence import EVIDENCE_SOURCE
from advisor.scoring.fees import FeeBreakdown, LongShotCost, list_fees, long_shot_cost
from advisor.scoring.results import Assessment, Reason, ScoredProgram
from advisor.scoring.risk import Risk, biggest_risk
from advisor.scoring.signals import SignalPlan, choose_signals
from advisor.services.season_costs import season_costs
from advisor.services.seasons import season_of
from advisor.services.student_assessment import assess_student
from advisor.services.programs import program_names
from advisor.services.working_list import read_list
from advisor.web import charts
from advisor.web.worklist_view import ListOptions, WorklistView, worklist_view

LIST_TIERS: tuple[Tier, ...] = (Tier.SAFETY, Tier.TARGET, Tier.REACH)
GENERAL_NAME = "General"
EVIDENCE_NAME = "Our graduates' outcomes"
# What a shared page says instead of the evidence reason, which describes other students.
SHARED_EVIDENCE_TEXT = {True: "Past graduates of our school with similar profiles did well here",
                        False: "Past graduates of our school with similar profiles found this "
                               "program hard to get into"}
# Ruled-out programs listed one by one; the rest are only counted by requirement.
INELIGIBLE_SHOWN = 200

# Words in flag codes that read better spelled out.
_FLAG_WORDS = {
    "step1": "Step 1", "step2": "Step 2 CK", "step2ck": "Step 2 CK", "step3": "Step 3",
    "usce": "US clinical experience", "img": "IMG", "imgs": "IMGs", "us": "US", "la": "LA",
    "j1": "J-1", "h1b": "H-1B", "yog": "years since graduation", "socal": "SoCal",
    "ecfmg": "ECFMG", "oet": "OET Medicine", "english": "English",
}


def flag_phrase(code: str, source: str = "") -> str:
    """A flag code as words: "la_below_screen" -> "LA below screen",
    "step2_215_230" -> "Step 2 CK 215-230"; a prefix naming the flag's own plugin is dropped."""
    text = code
    if source and text.startswith(source + "_"):
        text = text[len(source) + 1:]
    text = re.sub(r"(\d+)_(\d+)", r"\1-\2", text)
    words = [_FLAG_WORDS.get(word.lower(), word) for word in text.split("_") if word]
    phrase = " ".join(words)
    return phrase[:1].upper() + phrase[1:] if phrase else code


def ranked_reasons(reasons: list[Reason]) -> list[Reason]:
    """Counted reasons before the ones only "also noted"; among them tier caps first (they
    decide the tier whatever the score), then the largest changes."""
    return sorted(reasons, key=lambda r: (not r.counted, r.tier_cap is None, -abs(r.delta)))


@dataclass(slots=True)
class SourceView:
    """One plugin's view of the applicant."""

    source: str
    name: str
    tier: str | None
    summary: str
    flags: list[str]


@dataclass(slots=True)
class StrategyView:
    source: str
    name: str
    anchor: str
    summaries: list[str]
    sections: list[AdviceSection]


@dataclass(slots=True)
class CapView:
    """A strategy's regional limit (`max`) or focus (`min`), and what the list holds."""

    label: str
    max: int | None
    min: int
    used: int


class Requirement(NamedTuple):
    """A requirement a ruled-out program states and the student does not meet."""

    source: str
    text: str


@dataclass(slots=True)
class IneligibleView:
    entry: ScoredProgram
    why: list[Requirement]


@dataclass(slots=True)
class AdvicePage:
    student: Student
    assessment: Assessment
    names: dict[str, str]
    region_names: dict[str, str]
    tier_source: str | None
    applicant_views: list[SourceView]
    other_views: list[SourceView]
    strategies: list[StrategyView]
    groups: list[tuple[Tier, list[ScoredProgram]]]
    shares: list[tuple[Tier, float | None, float | None, int]]
    caps: list[CapView]
    ineligible: list[IneligibleView]
    ineligible_total: int
    ineligible_counts: list[tuple[str, int]]
    long_shots: int
    makeup: charts.Makeup
    makeup_svg: Markup
    step2: charts.Step2Position
    step2_svg: Markup
    # The programs to send ERAS signals to, and what the list costs in ERAS fees.
    signals: SignalPlan
    fees: FeeBreakdown
    signals_prefer_regions: bool
    # Set when the list is far from its interview goal and pays for long shots.
    long_shot_fees: LongShotCost | None = None
    notices: list[str] = field(default_factory=list)
    risk: Risk | None = None
    # What to do first when the list needs no remedy (with remedies, the first remedy).
    first_step: str | None = None
    # A share-link page: other students' outcomes are summarised, never counted or scored.
    shared: bool = False
    # The staff page's working list (filters, pins, exclusions, notes, statuses); None on a
    # share-link page, which shows the list as planned and nothing of the advisor's notes.
    worklist: WorklistView | None = None

    @property
    def plan(self) -> Any:
        return self.assessment.plan

    @property
    def warnings(self) -> list[PluginWarning]:
        return self.assessment.warnings

    def source_name(self, source: str) -> str:
        return self.names.get(source, source)

    @property
    def bands(self) -> list[tuple[Tier, str]]:
        return [(tier, band_text(tier)) for tier in (*LIST_TIERS, Tier.LONG_SHOT)]

    @staticmethod
    def band(tier: Tier) -> str:
        return band_text(tier)

    def reasons(self, entry: ScoredProgram) -> list[Reason]:
        reasons = ranked_reasons(entry.reasons)
        if not self.shared:
            return reasons
        return [r._replace(text=SHARED_EVIDENCE_TEXT[r.delta > 0]) if r.source == EVIDENCE_SOURCE
                else r for r in reasons]


def plugin_names() -> tuple[dict[str, str], dict[str, str]]:
    """(reason source -> display name, region slug -> region name) for the enabled plugins and
    the office's own evidence."""
    registry = get_registry()
    names: dict[str, str] = {EVIDENCE_SOURCE: EVIDENCE_NAME}
    for plugin, regions in registry.plugin_regions().items():
        if plugin == CORE_PLUGIN_NAME:
            names[plugin] = GENERAL_NAME
        elif regions:
            names[plugin] = " / ".join(r.name for r in regions)
        else:
            names[plugin] = flag_phrase(plugin)
    region_names = {slug: region.name for slug, (_, region) in registry.regions().items()}
    return names, region_names


def build_page(student: Student, shared: bool = False,
               options: ListOptions | None = None) -> AdvicePage:
    """The page for the staff (with the working list as `options` filter and sort it) or,
    `shared`, for the student's share link."""
    state = read_list(student)
    assessment, notices = assess_student(student, edits=state.edits)
    names, region_names = plugin_names()
    plugin_regions = get_registry().plugin_regions()
    active = set(assessment.strategies)
    applicant = assessment.applicant

    applicant_views: list[SourceView] = []
    other_views: list[SourceView] = []
    for view in applicant.by_source:
        source = view["source"]
        item = SourceView(source, names.get(source, source), view["tier"], view["summary"],
                          [flag_phrase(f, source) for f in view["flags"]])
        speaks = source in active or not plugin_regions.get(source)
        (applicant_views if speaks else other_views).append(item)
    applicant_views.sort(key=lambda v: (v.source == CORE_PLUGIN_NAME, v.name))

    strategies = _strategies(assessment, names, plugin_regions)
    entries = assessment.plan.entries
    worklist = None
    if not shared:
        options = options or ListOptions()
        worklist = worklist_view(student.id, state, options, entries,
                                 _names(assessment, state.entries), region_names)
        shown = options.query.ordered(entries, state)
    else:
        shown = list(entries)
    groups = [(tier, [e for e in shown if e.tier is tier]) for tier in LIST_TIERS]
    long_shots_listed = [e for e in entries if e.tier is Tier.LONG_SHOT]
    if long_shots_listed:
        groups.append((Tier.LONG_SHOT, [e for e in shown if e.tier is Tier.LONG_SHOT]))
    # Ruled-out programs are listed only when the advisor pinned them.
    pinned_out = [e for e in shown if e.tier is Tier.INELIGIBLE]
    if pinned_out:
        groups.append((Tier.INELIGIBLE, pinned_out))
    shares: list[tuple[Tier, float | None, float | None, int]] = [(tier, *assessment.plan.shares.get(tier.value, (0.0, 0.0)),
               sum(1 for e in entries if e.tier is tier)) for tier in LIST_TIERS]
    if long_shots_listed:
        shares.append((Tier.LONG_SHOT, None, None, len(long_shots_listed)))
    # A ruled-out program the advisor pinned is on the list too: counted, so the rows add up.
    pinned_out_listed = sum(1 for e in entries if e.tier is Tier.INELIGIBLE)
    if pinned_out_listed:
        shares.append((Tier.INELIGIBLE, None, None, pinned_out_listed))
    caps = [CapView(_cap_label(cap, region_names), cap.max, cap.min,
                    sum(1 for e in entries if _in_cap(e, cap)))
            for cap in assessment.plan.caps]

    ruled_out = assessment.programs.of_tier(Tier.INELIGIBLE)
    # One ledger holds every program's reasons (the positions are its own).
    capping = (ruled_out[0].ledger.capping_of([p.index for p in ruled_out], Tier.INELIGIBLE)
               if ruled_out else {})
    why = {i: [Requirement(*item) for item in items] for i, items in capping.items()}
    counts = Counter(r.text for reasons in why.values() for r in reasons)
    # The ones that would have scored best are the ones worth explaining one by one.
    ruled_out.sort(key=lambda p: (-p.score, p.program.acgme_id))
    ineligible = [IneligibleView(p, why[p.index]) for p in ruled_out[:INELIGIBLE_SHOWN]]
    long_shots = assessment.programs.tier_count(Tier.LONG_SHOT) - len(long_shots_listed)

    always = [s for s in student.target_regions or () if s in region_names]
    makeup = charts.list_makeup(entries, region_names, always)
    step2 = charts.step2_position(entries, student.step2ck_score)
    costs = season_costs()
    signals = choose_signals(assessment.plan, costs.allowances,
                             assessment.strategies if costs.prefer_regions else ())
    return AdvicePage(
        student=student, assessment=assessment, names=names, region_names=region_names,
        tier_source=applicant.tier_source, applicant_views=applicant_views, other_views=other_views,
        strategies=strategies, groups=groups, shares=shares, caps=caps,
        ineligible=ineligible, ineligible_total=len(ruled_out),
        ineligible_counts=counts.most_common(), long_shots=long_shots,
        makeup=makeup, makeup_svg=charts.makeup_svg(makeup),
        step2=step2, step2_svg=charts.step2_svg(step2), signals=signals,
        fees=list_fees((e.program.specialty for e in entries), costs.fees),
        long_shot_fees=long_shot_cost(assessment.plan, costs.fees),
        signals_prefer_regions=costs.prefer_regions, notices=notices, shared=shared,
        risk=biggest_risk(entries, _not_on_record(student)), worklist=worklist,
        first_step=None if assessment.plan.remedies else _first_step(
            signals.used, costs.eras_opening(season_of(student))),
    )


def _names(assessment: Assessment, entries: dict[str, Any]) -> dict[str, str]:
    """Program names for the list's entries: from the assessment, else the catalog."""
    known = {acgme_id: p.program.name
             for acgme_id, p in assessment.programs.by_id(entries).items()}
    missing = [a for a in entries if a not in known]
    if missing:
        known.update(program_names(missing))
    return known


def _first_step(signals: int, eras_opens: date | None) -> str | None:
    """For a list that needs no remedy: send it complete on the first day, signals checked."""
    when = (f"on the day ERAS opens, {eras_opens.day} {eras_opens:%B %Y}" if eras_opens
            else "on the day ERAS opens")
    if signals:
        return (f"First step: check the {signals} programs marked for ERAS signals, then "
                f"submit the whole list {when}.")
    return f"First step: submit the whole list {when}."


def _not_on_record(student: Student) -> frozenset[Factor]:
    """The exam results the profile does not hold yet."""
    missing = set()
    if student.step2ck_score is None:
        missing.add(Factor.STEP2CK)
    if student.step3_score is None and student.step3_passed is None:
        missing.add(Factor.STEP3)
    return frozenset(missing)


def _strategies(assessment: Assessment, names: dict[str, str],
                plugin_regions: dict[str, list[Any]]) -> list[StrategyView]:
    """One view per active strategy (with or without advice), then any office-wide advice."""
    by_source: dict[str, list[AdviceSection]] = {}
    for source, section in assessment.advice:
        by_source.setdefault(source, []).append(section)
    order = list(dict.fromkeys([s for s, _ in assessment.advice] + assessment.strategies))
    views = []
    for source in order:
        views.append(StrategyView(
            source=source, name=names.get(source, source),
            anchor="strategy-" + re.sub(r"[^a-z0-9_-]", "-", source.lower()),
            summaries=[r.summary for r in plugin_regions.get(source, ()) if r.summary],
            sections=by_source.get(source, []),
        ))
    return views


def _cap_label(cap: RegionCap, region_names: dict[str, str]) -> str:
    if cap.label:
        return cap.label
    if cap.region:
        return region_names.get(cap.region, cap.region)
    return ", ".join(sorted(cap.states))


def _in_cap(entry: ScoredProgram, cap: RegionCap) -> bool:
    return (cap.region is not None and cap.region in entry.program.regions) \
        or entry.program.state in cap.states


def money(amount: Any) -> str:
    """A fee as people read it: "$1,210" or "$10.50"."""
    whole = amount == int(amount)
    return f"${amount:,.0f}" if whole else f"${amount:,.2f}"
