"""Advice sections for a student following the Bay Area strategy, chosen from the profile.

Each function below writes one theme. The guide behind this strategy speaks to any IMG, so
visa and citizenship are handled here for both kinds of applicant.
"""

from __future__ import annotations

from advisor.enums import SpecialtyClass, VisaNeed
from advisor.hooks.types import AdviceSection, Applicant, PlanSummary

from advisor_bay_area.planning import TOTAL, california_cap
from advisor_bay_area.region import NEARBY_OPENINGS
from advisor_bay_area.scoring import ACADEMIC_BAR, CLEARLY_LOW, TREND_POINTS, LocalAnchors

MISSION = "homelessness, substance use, HIV and hepatitis care, and safety-net medicine"


def sections(applicant: Applicant, plan: PlanSummary) -> list[AdviceSection]:
    local = LocalAnchors.of(applicant)
    return [
        _standing(applicant),
        _visa(applicant),
        _statement(applicant, local),
        _letters(applicant, local),
        _experience(applicant, local),
        _networking(applicant, local),
        _list(applicant, plan),
        _timing(applicant),
        _interviews(applicant, local),
        _after_interviews(),
        _backups(applicant),
    ]


# ---------------------------------------------------------------- small facts about the profile

def _join(items: list[str] | tuple[str, ...]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _has_score_issue(a: Applicant) -> bool:
    return (a.step1_failures > 0 or a.step2ck_attempts > 1
            or a.step2ck_score is None or a.step2ck_score < CLEARLY_LOW)


def _trend(a: Applicant) -> int | None:
    if a.step1_score is None or a.step2ck_score is None:
        return None
    return a.step2ck_score - a.step1_score


def _setback(a: Applicant) -> str:
    """The exam history a reader will ask about, in a few words."""
    if a.step1_failures > 1:
        return f"{a.step1_failures} failed Step 1 attempts"
    if a.step1_failures == 1:
        return "the Step 1 failure"
    if a.step2ck_attempts > 1:
        return "the repeated Step 2 CK"
    return "the Step 2 CK score"


def _evidence(a: Applicant) -> str:
    trend = _trend(a)
    if trend is not None and trend >= TREND_POINTS:
        return f"a Step 2 CK {trend} points higher than Step 1"
    if a.step2ck_score is not None and a.step2ck_score >= 230:
        return f"a Step 2 CK of {a.step2ck_score}"
    if a.step3_passed:
        return "a Step 3 pass"
    return "strong evaluations from your US rotations"


# ------------------------------------------------------------------------------------ sections

def _standing(a: Applicant) -> AdviceSection:
    s = a.step2ck_score
    if s is None:
        lines = ["Your Step 2 CK is not on file yet, and Bay Area programs sort applicants by it "
                 "before anything else. Sit the exam only once your NBME practice forms land "
                 "where you want to score: it decides how many local interviews you can expect."]
    elif s < CLEARLY_LOW:
        lines = [f"A Step 2 CK of {s} sits under the 215-220 band where Bay Area interview offers "
                 "become rare. Treat every program in the nine counties as a reach and put your "
                 "effort into county hospitals and community programs whose mission you share."]
    elif s < ACADEMIC_BAR:
        lines = [f"A Step 2 CK of {s} clears the 215-220 floor but sits at or below the 225-230 "
                 "that academic programs and competitive specialties here tend to ask for. "
                 "Community and safety-net programs are where your Bay Area chances lie."]
    else:
        lines = [f"A Step 2 CK of {s} is within range for many Bay Area community programs. "
                 "Academic centres still weigh the whole file, so local experience and letters "
                 "decide how far up you can reach."]
    if a.step1_failures > 1:
        lines.append("Several failed Step 1 attempts count for more than one low score: leave the "
                     "academic flagships aside and build your case on clinical excellence and "
                     "long commitment to underserved patients.")
    elif a.step1_failures == 1 and s is not None and s >= 230:
        lines.append(f"The Step 1 failure will be read first, but a Step 2 CK of {s} does much to "
                     "offset it, even at some Bay Area community programs.")
    elif a.step1_failures == 1:
        lines.append("The Step 1 failure will be read first. A Step 2 CK of 230-240 or more is "
                     "what offsets it here; short of that, lean on Step 3, strong US evaluations "
                     "and letters.")
    trend = _trend(a)
    if trend is not None and trend >= TREND_POINTS:
        lines.append(f"Your Step 2 CK is {trend} points above Step 1: an upward trend of 15-25 "
                     "points is a strong signal, so make it easy to see.")
    years = a.years_since_graduation
    if years >= 5:
        lines.append(f"Being {years} years from graduation is a liability; recent hands-on US work "
                     "is the best proof that your skills are current.")
    elif years <= 3:
        lines.append("Graduating within the last three years works in your favour.")
    lines.append("Programs here are score-conscious but also mission-driven: local experience, "
                 "letters, languages and a record of serving vulnerable patients can carry a file "
                 "further than the number alone suggests.")
    return AdviceSection("Where you stand for the Bay Area", " ".join(lines),
                         theme="self_assessment", order=10)


def _visa(a: Applicant) -> AdviceSection:
    if not a.needs_visa:
        who = "a US citizen" if a.is_us_citizen else "someone who needs no visa"
        body = (f"As {who} you skip the question that removes many programs from a non-US IMG's "
                "list. That is a real advantage: programs often choose an IMG who needs no visa "
                "over a visa-dependent applicant with higher scores. Say plainly in ERAS that no "
                "sponsorship is needed, and apply to Bay Area programs that would be closed to a "
                "visa holder, since some here sponsor neither J-1 nor H-1B.")
        return AdviceSection("No visa needed: use it", body, theme="self_assessment", order=15)
    kind = {VisaNeed.J1: "a J-1", VisaNeed.H1B: "an H-1B",
            VisaNeed.J1_OR_H1B: "a J-1 or an H-1B"}[a.visa_needed]
    body = (f"You will need {kind}. Several Bay Area programs are strict about sponsorship and "
            "some sponsor neither visa, so check each program's current policy before you pay for "
            "the application and drop those that cannot take you. Applicants who need no visa "
            "compete with an edge here, which is one more reason to keep most of your list in "
            "IMG-friendly programs that sponsor visas routinely.")
    low = a.step2ck_score is None or a.step2ck_score < ACADEMIC_BAR
    if a.visa_needed is VisaNeed.H1B and low and not a.step3_passed:
        body += (" Because you need an H-1B and your Step 2 CK is below the local bar, pass Step 3 "
                 "before you apply: many H-1B sponsors require it, and a solid result shows the "
                 "improvement the Step 2 CK alone does not.")
    return AdviceSection("Visa sponsorship", body, theme="self_assessment", order=15)


def _statement(a: Applicant, local: LocalAnchors) -> AdviceSection:
    assets = f"your {_join(local.languages)}, " if local.languages else ""
    if _has_score_issue(a):
        body = (f"Give {_setback(a)} two sentences at most: what happened, stated plainly and "
                "without blaming anyone. Use the rest of that paragraph for what you changed, "
                "such as timed question blocks, spaced repetition, regular self-assessment or a "
                f"mentor, and close on the proof: {_evidence(a)}. Then move on. The body of the "
                f"statement should show why you belong in the Bay Area: {assets}the patients you "
                f"have cared for, and an interest in {MISSION}. A reader should finish it "
                "remembering your commitment, not your score.")
        return AdviceSection("Addressing your score in the statement", body,
                             theme="personal_statement", order=20)
    body = ("Nothing in your exam record needs explaining, so spend every paragraph on fit. Bay "
            "Area programs want residents who will serve the patients they already have: write "
            f"about {assets}your work with immigrant, uninsured or unhoused patients, and a "
            f"concrete interest in {MISSION}. Keep lifestyle reasons out; the region's appeal "
            "is obvious to every reader. Write a California version that names a specific clinic, "
            "population or project, and a general version for the rest of your list.")
    return AdviceSection("Making the Bay Area case in your statement", body,
                         theme="personal_statement", order=20)


def _letters(a: Applicant, local: LocalAnchors) -> AdviceSection:
    total = len(a.us_letters)
    lines = [f"You have {total} US letter{'s' if total != 1 else ''}, {local.letters} from Bay "
             "Area faculty."]
    if local.letters == 0:
        lines.append("Your priority is one letter from a California or Bay Area physician who has "
                     "watched you work; a month-long local rotation is the usual way to earn it.")
    if total < 3:
        lines.append(f"Bring the total to at least three strong US letters in "
                     f"{a.specialty.label.lower()}.")
    lines.append("When scores are modest, letters carry more weight than usual, so a writer "
                 "who knows you well beats a famous name. Ask each one directly whether they "
                 "can write a strong letter for California programs; if they hesitate, ask someone else. "
                 "Good letters give examples of clinical reasoning, reliability, how you take "
                 "feedback, and how you communicate with patients from many backgrounds.")
    return AdviceSection("Letters: one from California or the Bay Area", " ".join(lines),
                         theme="letters", order=30)


def _experience(a: Applicant, local: LocalAnchors) -> AdviceSection:
    specialty = a.specialty.label.lower()
    if a.usce_months == 0:
        body = ("You have no US clinical experience yet, and that gap matters more than the score. "
                f"A concrete plan: first, one hands-on {specialty} rotation of 4-8 weeks at a Bay "
                "Area teaching hospital, or at any US teaching hospital if none will host you; "
                f"second, a further month in {specialty} so you reach 3-4 months in total; third, "
                "a letter request at the end of each. If you have graduated, a structured "
                "observership with continuity is the fallback. Check any paid externship "
                "carefully before you pay for it.")
    elif local.usce == 0:
        body = (f"Your {a.usce_months:g} months of US experience count everywhere, but none of it "
                "is in the Bay Area. Add one 4-8-week rotation or structured observership in San "
                "Francisco, Oakland or San Jose: one long placement at one site beats several "
                "short ones and is what produces a local letter. If nothing local opens up, "
                "describe your existing work in safety-net terms: diverse, underserved patients "
                "and team-based care.")
    else:
        body = (f"You already have Bay Area experience (about {local.usce:g} weighted months). "
                "Make it count: ask the attending who saw most of your work for a letter, name the "
                "site and what you did there in every California application, and keep in touch "
                "with the team. If your local time was a string of short observerships, a single "
                "4-8-week placement at one site would add more than another short stint.")
    return AdviceSection("US clinical experience", body, theme="clinical_experience", order=40)


def _networking(a: Applicant, local: LocalAnchors) -> AdviceSection:
    lines = []
    if local.languages:
        lines.append(f"You speak {_join(local.languages)}, used every day by Bay Area patients. "
                     "Name it early in your application with a concrete clinical example; "
                     "safety-net hospitals in Oakland, San Francisco and Santa Clara County weigh "
                     "it more than a few points of score.")
    if local.ties:
        lines.append("Your ties to the Bay Area already answer the 'why here?' question; state "
                     "them in a line, not a paragraph.")
    else:
        lines.append("You have no recorded ties to the Bay Area, so build some.")
    lines.append("Follow the grand rounds and webinars that Bay Area institutions stream, join the "
                 "Northern California chapter of your specialty society, and contact faculty from "
                 "your school or country and IMGs now training here. Request a 15-20-minute "
                 "conversation, never a letter at first, show you know their program, and send "
                 "a short update every couple of months. Local volunteering in free clinics or outreach "
                 f"work on {MISSION} ties you to the region in a way programs can verify.")
    return AdviceSection("Connections and regional commitment", " ".join(lines),
                         theme="networking", order=50)


def _list(a: Applicant, plan: PlanSummary) -> AdviceSection:
    cap = california_cap(a)
    tiers = plan.by_tier
    bay = plan.by_region.get("bay_area", 0)
    lines = [f"Your list holds {plan.total} programs: {tiers.get('safety', 0)} safeties, "
             f"{tiers.get('target', 0)} targets and {tiers.get('reach', 0)} reaches, with {bay} "
             "in the Bay Area."]
    if plan.total < TOTAL[0]:
        lines.append(f"That is short of the {TOTAL[0]}-{TOTAL[1]} this strategy needs; add "
                     "IMG-friendly programs elsewhere in the country.")
    lines.append(f"Count Bay Area programs as reaches and keep California to {cap} or fewer. "
                 f"Spend part of that share on {NEARBY_OPENINGS}, which are more open to IMGs and "
                 "close enough to move to the Bay Area later. Drop any program whose typical "
                 "scores sit far above yours; the fee buys more elsewhere.")
    if tiers.get("safety", 0) < 0.2 * max(plan.total, 1):
        lines.append("Too few true safeties is the commonest way a list fails: add programs where "
                     "your profile sits well inside their usual range.")
    if a.specialty.specialty_class is not SpecialtyClass.LESS_COMPETITIVE:
        lines.append(f"In {a.specialty.label.lower()} the Bay Area odds are very low without major "
                     "research or connections; many IMGs enter a less competitive specialty first.")
    if plan.shortfalls:
        lines.append("The catalog could not fill the plan: " + "; ".join(plan.shortfalls) + ".")
    return AdviceSection("Building your list", " ".join(lines), theme="list_building", order=60)


def _timing(a: Applicant) -> AdviceSection:
    if a.step2ck_score is None:
        opening = ("Book Step 2 CK early enough that the score is released before programs start "
                   "reviewing, but sit it only when your practice forms are consistently at your "
                   "goal: a rushed low score hurts more than a short delay.")
    else:
        opening = "Your Step 2 CK is in hand, so nothing needs to hold your application back."
    body = (f"{opening} Submit on the first day programs can see applications, with every letter "
            "uploaded: Bay Area programs receive far more applications than they can read and "
            "fill most interview slots from the first batch. Have your ECFMG paperwork and, if "
            "you need one, your visa documents ready so nothing stalls a file that is otherwise "
            "complete. Prepare your California statement and program-specific lines over the "
            "summer, not in the week before submission.")
    return AdviceSection("Applying early", body, theme="applying_early", order=70)


def _interviews(a: Applicant, local: LocalAnchors) -> AdviceSection:
    if _has_score_issue(a):
        score = (f"Expect a question about {_setback(a)}. Answer in 20-40 seconds: acknowledge it "
                 "without defensiveness, give one honest cause, say what you changed, and end on "
                 f"{_evidence(a)}. Rehearse it aloud until it sounds calm, then stop talking.")
    else:
        score = ("Your scores are unlikely to come up; if they do, answer in a sentence and move "
                 "to what you have done since.")
    points = []
    if local.languages:
        points.append(f"how your {_join(local.languages)} would help its patients")
    if local.ties:
        points.append("your ties to the area")
    points.append(f"what you have done in {MISSION}")
    why = (f"For 'Why the Bay Area?' and 'Why us?', point to {_join(points)}. Read up on the "
           "program's clinics and the populations it serves beforehand, and name one.")
    return AdviceSection("Interviews", f"{score} {why}", theme="interviews", order=80)


def _after_interviews() -> AdviceSection:
    body = ("Send a short, specific thank-you within two days, naming something you discussed. "
            "Later in the season, one update to programs you care about is worth sending when you "
            "have real news: a new letter, a publication, a finished rotation. If one Bay Area "
            "program is truly your first choice, tell that program once and tell no other program "
            "the same. Do not ask how you will be ranked, and do not read friendly replies as "
            "promises; the match rules forbid programs from asking you to commit, and your rank "
            "list should follow your own preferences.")
    return AdviceSection("After the interviews", body, theme="post_interview", order=90)


def _backups(a: Applicant) -> AdviceSection:
    lines = ["Plan the fallback before you submit. A preliminary internal medicine or "
             "transitional year keeps you in US clinical work while you reapply. A research year "
             "or MPH at a Bay Area institution builds local letters and networks, but it costs "
             "time and money and guarantees nothing unless you produce work. The steadiest path "
             "is often staged: match in Northern California or an IMG-friendly region, then "
             "return to the Bay Area for fellowship or a job."]
    if a.needs_visa:
        lines.append("Check that any bridge year or research post comes with a visa you can hold.")
    lines.append("If you go unmatched, ask interviewing programs for feedback, add US experience "
                 "or local community work, and reapply with visible progress rather than the same "
                 "file.")
    return AdviceSection("Backup plans", " ".join(lines), theme="backup_plans", order=100)
