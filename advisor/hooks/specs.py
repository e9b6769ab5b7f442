"""Hook specifications: everything a region plugin can implement.

Every hook is optional. Each is called once per request (or once per app, for regions and
guides) with whole batches, never once per program. Arguments are frozen dataclasses from
`advisor.hooks.types`; return values must be those types too. A hook that raises, or returns
something of the wrong shape, is logged, reported in the assessment's `warnings` and skipped;
the rest of the assessment goes on without it.

Hooks must not block, reach the network, touch the database or keep state between calls:
they get everything they need as arguments.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.hooks import hookspec
from advisor.hooks.types import (
    AdviceSection,
    Applicant,
    ApplicantAssessment,
    GuidePage,
    PlanContribution,
    PlanSummary,
    ProgramInfo,
    Region,
    ScoreAdjustment,
)


@hookspec
def advisor_regions() -> Sequence[Region]:
    """Declare the regions this plugin speaks for.

    Called: once when the app's plugins load (and again if plugins change), not per request.

    Returns: a sequence of `Region`. Each program whose state, county (and, optionally, IMG
    share) match a region gets that region's slug in `ProgramInfo.regions`. A plugin that
    declares no region is "office-wide": it is shown every program and speaks for every
    student. A student's `target_regions` names region slugs (the office's default strategies
    stand in when none is named); the plugins owning those regions are the student's active
    strategies, and a region plugin's other hooks are called only for its own students.

    Example::

        @hookimpl
        def advisor_regions():
            return [Region(slug="texas", name="Texas", summary="IMG-friendly programs in Texas",
                           states=frozenset({"TX"}))]
    """


@hookspec
def advisor_assess_applicant(applicant: Applicant) -> ApplicantAssessment | None:
    """Judge the applicant as a whole, before any program is scored.

    Called: once per assessment, for the student's active strategies and office-wide plugins.

    Parameters: `applicant`, the student's profile.

    Returns: an `ApplicantAssessment` (an optional tier such as "A", "B" or "C" with its
    `tier_scale` and `tier_meaning`, short flags such as "step1_fail", and a one-paragraph
    summary), or None to say nothing. The tier shown for the student comes from the first
    strategy in the student's target order that gives one; the others are shown beside it.

    Example::

        @hookimpl
        def advisor_assess_applicant(applicant):
            if applicant.step2ck_score is None:
                return ApplicantAssessment(flags=("no_step2ck",), summary="Step 2 CK pending.")
            return None
    """


@hookspec
def advisor_adjust_scores(
    applicant: Applicant, programs: Sequence[ProgramInfo]
) -> Sequence[ScoreAdjustment]:
    """Adjust the scores of the programs in this plugin's regions.

    Called: once per assessment, only when this plugin is one of the student's active
    strategies (or office-wide), with every program of the student's specialty (and backup
    specialty) that lies in one of this plugin's regions; an office-wide plugin (no regions)
    gets them all. Each program's `regions` lists all the region slugs it belongs to. The
    sequence is a batch kept with the catalog (`advisor.hooks.adjustments.adjustments_by_key`
    groups it once per catalog).

    Returns: a sequence of `ScoreAdjustment(acgme_id, delta, reason, tier_cap=None,
    factor=Factor.OTHER)`. Positive `delta` makes a program more realistic for this
    applicant; the `reason` is shown to the advisor beside it, with this plugin's name as its
    source. `tier_cap` limits the best tier (Tier.REACH: "at best a reach"; Tier.INELIGIBLE:
    ruled out, say which requirement in the reason); of clashing caps the strictest wins.
    `factor` names what the adjustment judges: within this plugin the adjustments of one
    factor add up, but across plugins (and the core) only the strongest positive and the
    strongest negative per program and factor count, so name the factor honestly and do not
    repeat what the core already judges. `acgme_id=ALL_PROGRAMS` ("*") applies one adjustment
    to every program in the batch; `ProgramsAdjustment(acgme_ids, delta, reason, ...)` says one
    adjustment of many programs at once, as one ScoreAdjustment per program would (cheaper
    when thousands of programs share a reason). Adjustments for programs not in the batch are
    malformed.

    Example::

        @hookimpl
        def advisor_adjust_scores(applicant, programs):
            if not applicant.speaks("spanish"):
                return []
            return [ScoreAdjustment(p.acgme_id, 3.0, "Spanish is used by many patients here",
                                    factor=Factor.LANGUAGE)
                    for p in programs if p.program_type is ProgramType.COUNTY]
    """


@hookspec
def advisor_plan_list(applicant: Applicant) -> PlanContribution | None:
    """Say how the application list should be shaped.

    Called: once per assessment, only for the student's active strategies (and office-wide
    plugins).

    Returns: a `PlanContribution` with any of: `total` (min, max) number of programs; `shares`
    {"reach": (lo, hi), "target": (lo, hi), "safety": (lo, hi)} (tiers are bands of the
    interview chance, so shares mean what a guide means by them); `caps`, a tuple of
    `RegionCap(max, region=slug or states=...)`; `notes` for the advisor; and `remedies`,
    `Remedy(kind, text)` items saying what else would help when the list's expected
    interviews fall short of the goal, in this strategy's own terms (one per `RemedyKind` is
    shown: the first strategy's in the student's target order, the core's last); and
    `priority_groups`, an ordered tuple of `PriorityGroup(label, area=None,
    min_non_us_img_share=None)` naming the programs this strategy wants first (a program
    belongs to the first group whose area holds it and whose non-US IMG share it meets; a
    group with neither criterion holds the rest). Totals combine by taking the largest min
    and max; of several share sets the one asking for the most safeties wins; every cap
    applies; the priority groups of the first strategy in the student's target order that
    gives any are used. The planner fills each tier from its best candidates (among them,
    earlier priority groups first; groups never lift a program into a better tier or past a
    cap), grows the list toward the upper bound while the expected interviews miss the goal,
    and counts the listed programs of each priority group in the plan's notes. Priority
    groups are not tiers: a tier is a band of the interview chance.

    Example::

        @hookimpl
        def advisor_plan_list(applicant):
            return PlanContribution(total=(90, 130), caps=(RegionCap(20, region="texas"),))
    """


@hookspec
def advisor_advice(applicant: Applicant, plan: PlanSummary) -> Sequence[AdviceSection]:
    """Write advice sections for this student, in Markdown.

    Called: once per assessment, only for the student's active strategies (and office-wide
    plugins), after the list is planned, so advice can refer to it.

    Parameters: `applicant`; `plan`, the finished list's size, counts by tier, region and
    specialty, shortfalls, expected interviews and the interview goal.

    Returns: a sequence of `AdviceSection(title, body, order=100)`. Choose and fill sections
    from the profile: say nothing about a Step 1 failure to a student who has none.

    Example::

        @hookimpl
        def advisor_advice(applicant, plan):
            return [AdviceSection("Your list", f"You have {plan.by_tier.get('safety', 0)} safeties.")]
    """


@hookspec
def advisor_guide() -> GuidePage | Sequence[GuidePage] | None:
    """Contribute a general strategy guide for this plugin's region, not tied to any student.

    Called: when the guide pages are listed or shown.

    Returns: a `GuidePage(slug, title, summary, body)` (Markdown body), a sequence of them, or
    None.

    Example::

        @hookimpl
        def advisor_guide():
            return GuidePage("texas", "Applying in Texas", "Where IMGs match in Texas", "...")
    """
