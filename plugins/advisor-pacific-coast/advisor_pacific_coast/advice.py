"""Advice sections for a student following the Pacific Coast strategy, chosen from the profile.

The guide behind this strategy speaks to non-US-citizen IMGs; where a student needs no visa,
the sections say what changes for them.
"""

from __future__ import annotations

from advisor.enums import SpecialtyClass, VisaNeed
from advisor.hooks import helpers
from advisor.hooks.types import AdviceSection, Applicant, PlanSummary

from advisor_pacific_coast import tiers
from advisor_pacific_coast.planning import TOTAL, west_coast_cap
from advisor_pacific_coast.region import REGION
from advisor_pacific_coast.scoring import (
    LESS_LOW,
    MODERATE_BORDER,
    US_MD_AVERAGE,
    WestCoastAnchors,
)

LOCAL_ISSUES = ("migrant and farmworker health in California's Central Valley, and addiction and "
                "mental health care in Oregon and Washington")


def sections(applicant: Applicant, plan: PlanSummary) -> list[AdviceSection]:
    judgement = tiers.judge(applicant)
    local = WestCoastAnchors.of(applicant)
    return [
        _tier(applicant, judgement),
        _exams(applicant),
        _statement(applicant, local),
        _letters(applicant, local),
        _experience(applicant, local),
        _commitment(applicant, local),
        _list(applicant, plan, judgement.tier),
        _timing(applicant),
        _interviews(applicant, local),
        _after_interviews(),
        _backups(applicant, judgement.tier),
    ]


# ---------------------------------------------------------------- small facts about the profile

def _low_for_specialty(a: Applicant) -> bool:
    s = a.step2ck_score
    if s is None:
        return True
    bar = {SpecialtyClass.LESS_COMPETITIVE: LESS_LOW,
           SpecialtyClass.MODERATE: MODERATE_BORDER,
           SpecialtyClass.HIGHLY_COMPETITIVE: US_MD_AVERAGE}[a.specialty.specialty_class]
    return s < bar


def _setback(a: Applicant) -> str | None:
    failures = tiers.exam_failures(a)
    if failures > 1:
        return f"{failures} failed exam attempts"
    if a.step1_failures:
        return "the failed Step 1"
    if a.step2ck_attempts > 1:
        return "the repeated Step 2 CK"
    if a.step3_passed is False:
        return "the failed Step 3"
    if a.step2ck_score is not None and _low_for_specialty(a):
        return f"your Step 2 CK of {a.step2ck_score}"
    return None


def _proof(a: Applicant) -> str:
    if a.step3_passed:
        return "a Step 3 pass"
    if a.step2ck_score is not None and not _low_for_specialty(a):
        return f"a Step 2 CK of {a.step2ck_score}"
    return "consistently strong evaluations on your US rotations"


# ------------------------------------------------------------------------------------ sections

def _tier(a: Applicant, j: tiers.TierJudgement) -> AdviceSection:
    lines = [j.summary]
    if j.tier == "A":
        lines.append("Community hospitals and smaller cities are where your west-coast chances are "
                     "best; the big academic centres in Los Angeles, San Diego, the Bay Area, "
                     "Seattle and Portland stay reaches.")
    elif j.tier == "B":
        lines.append("That bridge year can be a research post at a US institution, structured "
                     "observerships, or a preliminary year in another region; size the list at "
                     "the top of the range and spread it across several regions.")
    else:
        lines.append("Direct entry to a west-coast program is uncommon with this profile. Match "
                     "where your file is strongest now and treat California, Oregon or "
                     "Washington as the goal for fellowship or your first job.")
    gaps = []
    if "minimal_usce" in j.flags or "limited_usce_or_letters" in j.flags:
        gaps.append("three or more months of hands-on US experience with three strong letters")
    if "no_research" in j.flags:
        gaps.append("a research post or a first publication")
    if gaps:
        lead = "Still worth adding" if j.tier == "A" else "What would move you up a tier"
        lines.append(f"{lead}: " + "; ".join(gaps) + ".")
    if j.tier == "A":
        lines.append("Tier A is not a promise: the west coast stays a minority of your list, with "
                     "most applications going to IMG-friendly programs elsewhere.")
    return AdviceSection(f"Your Pacific Coast tier: {j.tier}", " ".join(lines),
                         theme="self_assessment", order=10)


def _exams(a: Applicant) -> AdviceSection:
    kind = a.specialty.specialty_class
    name = a.specialty.label.lower()
    if kind is SpecialtyClass.HIGHLY_COMPETITIVE:
        band = (f"In {name}, west-coast programs read anything below the US MD average as low, "
                "and for an IMG who needs a visa even an average score is a barrier without "
                "exceptional research or connections.")
    elif kind is SpecialtyClass.MODERATE:
        band = (f"In {name}, a Step 2 CK under 220-225 reads as low on the west coast, and "
                "emergency medicine, anesthesiology and radiology are hardest of all in "
                "California's most popular cities.")
    else:
        band = (f"In {name}, west-coast programs read a Step 2 CK under 215-220 as low, though "
                "205-210 can still work at IMG-friendly community programs when the rest of the "
                "file is strong.")
    s = a.step2ck_score
    where = ("Your Step 2 CK is not on file yet: sit it once your practice scores sit steadily "
             "above that line, since it is the number west-coast programs read first."
             if s is None else
             f"Yours is {s}, {'below' if _low_for_specialty(a) else 'at or above'} that line. A "
             "passed Step 2 CK cannot be retaken, so any further exam evidence must come from "
             "Step 3.")
    lines = [band, where]
    if a.needs_visa:
        if a.visa_needed in (VisaNeed.H1B, VisaNeed.J1_OR_H1B) and _low_for_specialty(a) \
                and not a.step3_passed:
            lines.append("Since you are counting on an H-1B and your Step 2 CK is low, pass Step 3 "
                         "before you apply: many H-1B sponsors require it, and a clear pass shows "
                         "the exam improvement programs want to see.")
        else:
            lines.append("Check every program's J-1 and H-1B policy; one that sponsors neither "
                         "visa you can use is not an option, and the H-1B list is always the "
                         "shorter one.")
    else:
        lines.append("The strategy is written for non-US citizens, but you need no visa: every "
                     "program's sponsorship filter is behind you, and programs often prefer an "
                     "IMG without visa needs over a visa-dependent one with higher scores. The "
                     "score lines above still apply.")
    return AdviceSection("Step 2 CK, Step 3 and your visa", " ".join(lines),
                         theme="self_assessment", order=15)


def _statement(a: Applicant, local: WestCoastAnchors) -> AdviceSection:
    regional = (f"Add a short west-coast paragraph for California, Oregon and Washington programs: "
                f"why you mean to stay, and an issue you care about, such as {LOCAL_ISSUES}.")
    setback = _setback(a)
    if setback:
        body = (f"Do not build the statement around {setback}, but do not hide it either. Own it "
                "in one or two sentences, then spend the paragraph on what you changed: a fixed "
                "study schedule, an accountability partner, regular question practice, asking "
                f"for help early. Finish with the outcome, {_proof(a)}, so the reader concludes "
                f"you adapted and will not repeat it in residency. {regional}")
        title = "Addressing your exam history"
    else:
        body = ("There is no exam setback to explain, so use the space to show fit. Describe "
                "patients you have cared for across languages and cultures, and what you learned "
                f"about low health literacy or limited resources. {regional} Name a specific "
                "community or clinic where you can, rather than praising the region in general.")
        title = "A statement that shows west-coast fit"
    return AdviceSection(title, body, theme="personal_statement", order=20)


def _letters(a: Applicant, local: WestCoastAnchors) -> AdviceSection:
    total = len(a.us_letters)
    have = (f"You have {total}, {local.letters} from California, Oregon or Washington." if total
            else "You have none yet.")
    lines = ["The target is at least three US letters, one of them from a physician on the west "
             f"coast. {have}"]
    if total < 3:
        lines.append(f"Earn {3 - total} more through hands-on rotations in "
                     f"{a.specialty.label.lower()} or another core field.")
    if local.letters == 0:
        lines.append("Make the next one west-coast: a physician at a California, Oregon or "
                     "Washington hospital, or one with links to programs there.")
    lines.append("Writers should know you well enough to describe your clinical judgement, "
                 "teamwork and reliability with examples. When the score is modest, the most "
                 "useful lines say you already worked like an intern and that they would want "
                 "you as a resident. Ask near the end of a rotation that went well, and ask "
                 "whether they can write a strong letter, not just a letter.")
    return AdviceSection("Letters that outweigh a score", " ".join(lines),
                         theme="letters", order=30)


def _experience(a: Applicant, local: WestCoastAnchors) -> AdviceSection:
    months = a.usce_months
    if months == 0:
        start = ("You have no US clinical experience yet, and for a low score it is the strongest "
                 "counterweight. Start with one hands-on externship or sub-internship of 4-8 "
                 "weeks, on the west coast if a site will take you, and build to about three "
                 "months in your specialty.")
    elif local.usce == 0:
        start = (f"Your {months:g} months of US experience help everywhere; none is on the west "
                 "coast yet. Add one 4-8-week rotation at a hospital tied to a California, Oregon "
                 "or Washington program, or to a large system with several sites there.")
    else:
        start = (f"You have about {local.usce:g} weighted months on the west coast. Name those "
                 "sites in every west-coast application and tell the teams you would like to "
                 "train there.")
    body = (f"{start} Hands-on work beats observing, and one long placement at one site beats "
            "several one- or two-week visits. On every rotation, act as if it were an interview: "
            "arrive early, offer to present, ask for feedback halfway through and use it, and "
            "ask for the letter while the impression is fresh.")
    return AdviceSection("US clinical experience", body, theme="clinical_experience", order=40)


def _commitment(a: Applicant, local: WestCoastAnchors) -> AdviceSection:
    lines = []
    if local.ties:
        kinds = sorted({t.kind.label.lower() for t in a.ties
                        if helpers.place_in_region(t.place, REGION)})
        lines.append(f"Your west-coast ties ({', '.join(kinds)}) are the best proof that you "
                     "intend to stay; say so plainly in your statement and interviews.")
    else:
        lines.append("West-coast programs favour applicants who plan to build a life there, and "
                     "you have no recorded ties yet, so the proof has to come from what you do.")
    if local.languages:
        lines.append(f"Your {', '.join(local.languages)} matters to the region's large "
                     "immigrant communities: give an example of using it with patients.")
    lines.append("Join your specialty's California, Oregon or Washington chapter, go to its "
                 "meetings, and try to present a poster there; that puts you in front of the "
                 "people who run local programs. Volunteer with migrant, refugee or rural "
                 f"communities, and follow issues such as {LOCAL_ISSUES}.")
    return AdviceSection("Showing you mean to stay on the west coast", " ".join(lines),
                         theme="networking", order=50)


def _list(a: Applicant, plan: PlanSummary, tier: str) -> AdviceSection:
    cap = west_coast_cap(a)
    by_tier = plan.by_tier
    west = plan.by_region.get(REGION.slug, 0)
    lines = [f"Your list has {plan.total} programs ({by_tier.get('safety', 0)} safeties, "
             f"{by_tier.get('target', 0)} targets, {by_tier.get('reach', 0)} reaches), {west} "
             f"of them in California, Oregon or Washington. For a tier {tier} profile the west "
             f"coast should hold no more than {cap}."]
    if plan.total < TOTAL[0]:
        lines.append(f"Grow the list toward {TOTAL[0]}-{TOTAL[1]}: add community programs in the "
                     "Midwest, the South and the East Coast that sponsor visas and take IMGs.")
    lines.append("Within the west-coast share, favour programs with current IMG residents, clear "
                 "visa sponsorship and locations away from the big cities: the Central Valley, "
                 "the Inland Empire and smaller coastal towns. Oregon and Washington have few "
                 "programs and most are university-based, but some community family medicine, "
                 "internal medicine and pediatrics programs are open to IMGs. Filter FREIDA by "
                 "state and visa, and skip programs whose stated minimum is far above your score.")
    if plan.shortfalls:
        lines.append("Still missing: " + "; ".join(plan.shortfalls) + ".")
    return AdviceSection("Building a national list with a west-coast share", " ".join(lines),
                         theme="list_building", order=60)


def _timing(a: Applicant) -> AdviceSection:
    years = a.years_since_graduation
    if a.step2ck_score is None:
        lines = ["If Step 2 CK is still ahead, it is worth a short delay to sit it well prepared: "
                 "it is the one number every west-coast program looks at."]
    else:
        lines = ["With Step 2 CK done, submit on the first day programs can read applications."]
    if _low_for_specialty(a) and not a.step3_passed:
        lines.append("Passing Step 3 before you submit is often a better move than holding back "
                     "a whole cycle: it shows improvement without ageing your application.")
    if years >= tiers.OLD_YEARS:
        lines.append(f"At {years} years since graduation, each extra year counts against you, so "
                     "weigh any delay carefully.")
    lines.append("Work backwards from the submission date: ask letter writers at least two "
                 "months ahead, finish the statement and its west-coast paragraph a few weeks "
                 "before, and have ECFMG certification on track and any visa paperwork started. "
                 "A late or incomplete file loses its place in the queue, and west-coast "
                 "programs fill their interview days early.")
    return AdviceSection("Timing your application", " ".join(lines),
                         theme="applying_early", order=70)


def _interviews(a: Applicant, local: WestCoastAnchors) -> AdviceSection:
    setback = _setback(a)
    if setback:
        first = (f"Prepare a 20-40-second answer about {setback}: name it, give the context in "
                 f"one line, describe how you changed your approach, and point to {_proof(a)}. "
                 "Practise it until it sounds matter-of-fact.")
    else:
        first = ("Scores are unlikely to dominate; spend your preparation on communication and "
                 "on the program's patients.")
    why = (" to your ties there," if local.ties else "") + \
          (f" to your {', '.join(local.languages)}," if local.languages else "")
    body = (f"{first} Programs here choose people who work well with diverse teams and patients "
            "over higher scorers who do not, so let your interpersonal skills show. When asked "
            f"why the west coast, point{why} to the patients you want to serve, and to a "
            "long-term plan to stay.")
    return AdviceSection("Interviews", body, theme="interviews", order=80)


def _after_interviews() -> AdviceSection:
    body = ("Thank each program briefly within a couple of days, mentioning a conversation you "
            "had. Save further contact for real news, such as a Step 3 pass, a new letter or a "
            "publication, and send it in one short update. If a west-coast program is your clear "
            "first choice, you may tell that one program, once and truthfully. Programs may not "
            "ask for your ranking plans and you need not share them; build your rank list on "
            "where you want to train, not on anyone's hints.")
    return AdviceSection("After interviews", body, theme="post_interview", order=90)


def _backups(a: Applicant, tier: str) -> AdviceSection:
    lines = []
    if tier == "C":
        lines.append("For a tier C profile the staged path is the main plan, not the backup: "
                     "match in an IMG-friendly region, train well, then apply for fellowship or "
                     "jobs in California, Oregon or Washington.")
    else:
        lines.append("If the west coast does not come through, the staged path still gets you "
                     "there: match where your file is strongest, then move west for fellowship "
                     "or a hospitalist or clinic job.")
    lines.append("A research year at a west-coast academic centre, even unpaid, can yield "
                 "posters, papers and local letter writers; a preliminary or transitional year "
                 "keeps you in US clinical work. Transfers between residencies happen but are "
                 "rare, so do not count on one.")
    if a.needs_visa:
        lines.append("Confirm that any bridge position comes with a visa you can use.")
    return AdviceSection("Backup plans and the staged path west", " ".join(lines),
                         theme="backup_plans", order=100)
